"""Account management, for admins only: create accounts, set passwords, change roles, disable."""

import datetime

from bson import ObjectId
from flask import flash, request
from flask_admin.contrib.mongoengine import ModelView
from flask_admin.contrib.mongoengine.filters import BooleanEqualFilter, FilterEqual
from flask_admin.contrib.mongoengine.typefmt import DEFAULT_FORMATTERS
from flask_admin.helpers import is_form_submitted
from mongoengine.errors import NotUniqueError, ValidationError
from wtforms import HiddenField, PasswordField
from wtforms.validators import Length, Optional

from admin import formatters
from admin.base import AdminOnly, BoundedPages, SearchLoader, SecureMixin, refuse_unversioned
from admin.forms import ConsoleForm, vietnamese
from admin.history import SHOWN_ENTRIES, HistoryRow, opened_version
from documents.base import StaleRecord
from documents.constants import ROLES, label
from documents.history import HistoryEntry
from documents.unit import Unit
from documents.user import MIN_PASSWORD_LENGTH, User

# Changes listed in the form's order.
_FIELD_ORDER = [*User.RECORDED, "password"]
STALE = (
    "Chưa lưu được: người khác đã sửa tài khoản này sau khi bạn mở trang{since}. Thông tin bạn nhập "
    "vẫn còn dưới đây: xem lại rồi bấm Lưu lần nữa để ghi đè."
)
NOT_DELETED = (
    "Tài khoản không xóa được vì lịch sử còn ghi tên tài khoản: hãy khóa tài khoản "
    "(bỏ chọn “Đang hoạt động” ở trang sửa)."
)


class UserView(AdminOnly, SecureMixin, BoundedPages, ModelView):
    can_delete = False  # accounts are disabled, never deleted: history names them
    page_size = 50

    column_list = ["username", "role", "unit", "active", "created_at"]
    column_labels = {
        "username": "Tên đăng nhập",
        "role": "Vai trò",
        "unit": "Đơn vị",
        "active": "Đang hoạt động",
        "created_at": "Tạo lúc",
        "new_password": "Mật khẩu mới",
        "password": "Mật khẩu",
    }
    column_choices = {"role": ROLES}
    column_sortable_list = ["username", "role", "created_at"]
    column_searchable_list = ["username"]
    column_filters = [
        FilterEqual("role", "Vai trò", options=ROLES),
        BooleanEqualFilter("active", "Đang hoạt động"),
    ]

    form_base_class = ConsoleForm
    # The version the form was opened at travels with it, so a save over a newer one is caught.
    form_columns = ["username", "role", "unit", "active", "new_password", "version"]
    form_overrides = {"version": HiddenField}
    form_extra_fields = {
        "new_password": PasswordField(
            "Mật khẩu mới",
            validators=[Optional(), Length(min=MIN_PASSWORD_LENGTH, max=200)],
            description="Để trống khi không đổi. Đổi mật khẩu hoặc khóa tài khoản sẽ đăng xuất tài khoản đó.",
        )
    }
    form_ajax_refs = {"unit": SearchLoader("unit", Unit)}
    form_args = {
        "username": {
            "filters": [lambda value: value.strip().lower() if value else value],
            "description": "Chữ thường không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới.",
        },
        "unit": {
            "description": "Bắt buộc với tài khoản biên tập và chỉ xem: họ chỉ thấy hồ sơ thuộc đơn vị này."
        },
    }

    column_type_formatters = {**DEFAULT_FORMATTERS, datetime.datetime: formatters.datetime_value}

    edit_template = "admin/user/edit.html"

    def search_placeholder(self):
        return "Tìm theo tên đăng nhập"

    def _run_view(self, fn, *args, **kwargs):
        # Flask-Admin refuses a delete without a word (`can_delete`): say what to do instead.
        deleting = fn.__name__ == "delete_view" or (
            fn.__name__ == "action_view" and request.form.get("action") == "delete"
        )
        if deleting:
            flash(NOT_DELETED, "error")
        return super()._run_view(fn, *args, **kwargs)

    def validate_form(self, form):
        valid = super().validate_form(form)
        creating = getattr(form, "_obj", None) is None
        if not hasattr(form, "new_password") or not is_form_submitted():
            return valid  # the delete and action forms; a form just opened
        # Flask-Admin's create and edit pages show no error for the hidden CSRF field: say it here.
        csrf_errors = getattr(getattr(form, "csrf_token", None), "errors", None)
        if csrf_errors:
            flash(" ".join(csrf_errors), "error")
        if creating and not form.new_password.data:
            form.new_password.errors = [*form.new_password.errors, "Tài khoản mới cần mật khẩu."]
            valid = False
        if form.role.data != "admin" and not form.unit.data:
            form.unit.errors = [*form.unit.errors, "Tài khoản biên tập hoặc chỉ xem cần có đơn vị làm việc."]
            valid = False
        return valid

    def create_model(self, form):
        model = self.model()
        return model if self._save(form, model, True) else False

    def update_model(self, form, model):
        return self._save(form, model, False)

    def _save(self, form, model, is_created):
        if not is_created:
            opened_at = opened_version(form)
            if opened_at is None:
                return refuse_unversioned(form, model)
            if opened_at != (model.version or 0):
                return self._refuse_stale(form, model, opened_at)
        stored_version = model.version
        try:
            form.populate_obj(model)
            model.version = stored_version
            self.on_model_change(form, model, is_created)
            model.save()
        except ValueError as exc:  # the password (`User.set_password`)
            form.new_password.errors = [*form.new_password.errors, str(exc)]
            return False
        except NotUniqueError:
            form.username.errors = [*form.username.errors, "Tên đăng nhập này đã có người dùng."]
            return False
        except StaleRecord:
            return self._refuse_stale(form, model, stored_version)
        except ValidationError as exc:
            for name, error in (exc.errors or {}).items():
                if name in form:
                    form[name].errors = [*form[name].errors, vietnamese(getattr(error, "message", error))]
            flash("Chưa lưu được: hãy sửa các ô có thông báo lỗi.", "error")
            return False
        self.after_model_change(form, model, is_created)
        return True

    def on_model_change(self, form, model, is_created):
        if form.new_password.data:
            model.set_password(form.new_password.data)

    def after_model_change(self, form, model, is_created):
        if not is_created and (form.new_password.data or not model.active):
            model.end_sessions()

    def _refuse_stale(self, form, model, opened_at):
        """Say who changed the account since the form was opened; the user's input stays."""
        current = User.objects(pk=model.pk).only("version").first()
        entries = [row for row in self.history_rows(model) if row.version > opened_at]
        lines = [
            f"{row.actor} lúc {formatters.local_time(row.at)} sửa "
            + (", ".join(f"{name} thành {after}" for name, _, after in row.changes) or "không trường nào")
            for row in reversed(entries)
        ]
        form.version.data = current.version if current else model.version
        flash(STALE.format(since=f" — {'; '.join(lines)}" if lines else ""), "error")
        return False

    def history_rows(self, model):
        """The account's history, newest first, as the edit page shows it."""
        entries = list(HistoryEntry.of(model).limit(SHOWN_ENTRIES))
        ids = {s.get("unit") for e in entries for s in (e.before, e.after)} - {None}
        units = {u.pk: str(u) for u in Unit.objects(pk__in=list(ids)).only("kind", "name")}
        rows = []
        for entry in entries:
            # A field missing before an edit was empty (a unit first given); a creation and a new
            # password have no "before" to show.
            changes = [
                (
                    self.column_labels.get(name, name),
                    None
                    if entry.action == "create" or name == "password"
                    else self._shown(name, entry.before.get(name), units),
                    self._shown(name, entry.after.get(name), units),
                )
                for name in sorted(entry.changed, key=_FIELD_ORDER.index)
            ]
            rows.append(HistoryRow(entry, changes, restorable=False))
        return rows

    @staticmethod
    def _shown(name, value, units):
        if value is None or value == "":
            return "(trống)"
        if isinstance(value, ObjectId):
            return units.get(value, "(đã xóa)")
        if name == "role":
            return label(ROLES, value)
        if isinstance(value, bool):
            return "Có" if value else "Không"
        return str(value)
