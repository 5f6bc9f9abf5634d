"""Account management, for admins only: create accounts, set passwords, change roles, disable."""

import datetime

from flask import flash
from flask_admin.contrib.mongoengine import ModelView
from flask_admin.contrib.mongoengine.filters import BooleanEqualFilter, FilterEqual
from flask_admin.contrib.mongoengine.typefmt import DEFAULT_FORMATTERS
from flask_admin.helpers import is_form_submitted
from mongoengine.errors import NotUniqueError, ValidationError
from wtforms import PasswordField
from wtforms.validators import Length, Optional

from admin import formatters
from admin.base import AdminOnly, BoundedPages, SearchLoader, SecureMixin
from admin.forms import ConsoleForm, vietnamese
from documents.constants import ROLES
from documents.unit import Unit
from documents.user import MIN_PASSWORD_LENGTH


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
    }
    column_choices = {"role": ROLES}
    column_sortable_list = ["username", "role", "created_at"]
    column_searchable_list = ["username"]
    column_filters = [
        FilterEqual("role", "Vai trò", options=ROLES),
        BooleanEqualFilter("active", "Đang hoạt động"),
    ]

    form_base_class = ConsoleForm
    form_columns = ["username", "role", "unit", "active", "new_password"]
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

    def search_placeholder(self):
        return "Tìm theo tên đăng nhập"

    def validate_form(self, form):
        valid = super().validate_form(form)
        creating = getattr(form, "_obj", None) is None
        if not hasattr(form, "new_password") or not is_form_submitted():
            return valid  # the delete and action forms; a form just opened
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
        try:
            form.populate_obj(model)
            self.on_model_change(form, model, is_created)
            model.save()
        except NotUniqueError:
            form.username.errors = [*form.username.errors, "Tên đăng nhập này đã có người dùng."]
            return False
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
