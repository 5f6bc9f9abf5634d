"""The trash: deleted records, restored by those who may change them, purged by admins only."""

import datetime

from bson import ObjectId
from flask import abort, flash, request
from flask_admin.actions import action
from flask_admin.contrib.mongoengine import ModelView
from flask_admin.contrib.mongoengine.filters import FilterEqual
from flask_admin.model.template import TemplateLinkRowAction
from mongoengine.errors import NotUniqueError, ValidationError

from admin import formatters, scope
from admin.auth import current_user
from admin.base import BoundedPages, SecureMixin
from admin.forms import ConsoleForm
from documents.base import RegistryDocument, StaleRecord
from documents.trash import MissingReference, TrashedRecord


def _kinds():
    return [(k._get_collection_name(), k.label) for k in RegistryDocument.registry_kinds()]


class TrashView(SecureMixin, BoundedPages, ModelView):
    can_create = False
    can_edit = False
    can_delete = False
    page_size = 50
    can_set_page_size = False
    list_template = "admin/trash/list.html"
    form_base_class = ConsoleForm

    column_list = ["kind_label", "title", "deleted_by", "deleted_at"]
    column_labels = {
        "kind_label": "Loại hồ sơ",
        "title": "Hồ sơ",
        "deleted_by": "Người xóa",
        "deleted_at": "Lúc xóa",
    }
    column_sortable_list = ["deleted_at"]
    column_default_sort = ("deleted_at", True)
    column_searchable_list = ["title"]
    column_type_formatters = {datetime.datetime: formatters.datetime_value}
    column_extra_row_actions = [
        TemplateLinkRowAction("trash_actions.restore", "Khôi phục"),
        TemplateLinkRowAction("trash_actions.purge", "Xóa hẳn"),
    ]

    def __init__(self, *args, **kwargs):
        self.column_filters = [FilterEqual("kind", "Loại hồ sơ", options=_kinds)]
        super().__init__(TrashedRecord, *args, **kwargs)

    def search_placeholder(self):
        return "Tìm theo tên hồ sơ"

    def get_query(self):
        return scope.visible(TrashedRecord.objects)

    def is_action_allowed(self, name):
        user = current_user()
        if user is None:
            return False
        return user.is_admin if name == "purge" else user.can_write

    def _handle_view(self, name, **kwargs):
        wanted = request.form.get("action") if request.method == "POST" and name == "action_view" else None
        if wanted and not self.is_action_allowed(wanted):
            flash(
                "Chỉ quản trị viên được xóa hẳn hồ sơ."
                if wanted == "purge"
                else "Tài khoản chỉ xem: không được khôi phục hồ sơ.",
                "error",
            )
        return super()._handle_view(name, **kwargs)

    def _rows(self, ids):
        return self.get_query().filter(pk__in=[pk for pk in ids if ObjectId.is_valid(pk)])

    @action("restore", "Khôi phục", "Khôi phục các hồ sơ đã chọn?")
    def action_restore(self, ids):
        restored = []
        for row in self._rows(ids):
            try:
                record = row.revived()
                record.clean()
                if not scope.may_keep(record):
                    raise MissingReference(
                        "Chưa khôi phục được: hồ sơ nay thuộc đơn vị ngoài phạm vi bạn phụ trách."
                    )
                row.restore(record)
            except MissingReference as exc:
                flash(f"«{row.title}»: {exc}", "error")
            except NotUniqueError:
                flash(
                    f"«{row.title}»: chưa khôi phục được vì mã của nó đã được dùng cho một hồ sơ khác. "
                    "Hãy đổi mã hồ sơ kia trước.",
                    "error",
                )
            except (ValidationError, StaleRecord) as exc:
                flash(f"«{row.title}»: chưa khôi phục được: {getattr(exc, 'message', '') or exc}", "error")
            else:
                restored.append(row.title)
        if restored:
            flash(f"Đã khôi phục {len(restored)} hồ sơ: {', '.join(restored)}.", "success")

    @action("purge", "Xóa hẳn", "Xóa hẳn các hồ sơ đã chọn? Không thể khôi phục lại.")
    def action_purge(self, ids):
        if not self.is_action_allowed("purge"):
            abort(403)
        purged = []
        for row in self._rows(ids):
            try:
                row.purge()
            except MissingReference as exc:
                flash(f"«{row.title}»: {exc}", "error")
            else:
                purged.append(row.title)
        if purged:
            flash(f"Đã xóa hẳn {len(purged)} hồ sơ: {', '.join(purged)}.", "success")
