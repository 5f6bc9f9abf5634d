"""Account management, for admins only: create accounts, set passwords, change roles, disable."""

from flask import abort
from flask_admin.contrib.mongoengine import ModelView
from flask_admin.contrib.mongoengine.filters import BooleanEqualFilter, FilterEqual
from wtforms import PasswordField
from wtforms.validators import Length, Optional

from admin.auth import current_user
from admin.base import SearchLoader, SecureMixin
from admin.forms import ConsoleForm
from documents.constants import ROLES
from documents.unit import Unit
from documents.user import MIN_PASSWORD_LENGTH


class UserView(SecureMixin, ModelView):
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

    def is_accessible(self):
        user = current_user()
        return user is not None and user.is_admin

    def inaccessible_callback(self, name, **kwargs):
        if current_user() is not None:
            abort(403)
        return super().inaccessible_callback(name, **kwargs)

    def validate_form(self, form):
        valid = super().validate_form(form)
        creating = getattr(form, "_obj", None) is None
        if not hasattr(form, "new_password"):
            return valid  # the delete and action forms
        if creating and not form.new_password.data:
            form.new_password.errors = [*form.new_password.errors, "Tài khoản mới cần mật khẩu."]
            valid = False
        if form.role.data != "admin" and not form.unit.data:
            form.unit.errors = [*form.unit.errors, "Tài khoản biên tập hoặc chỉ xem cần có đơn vị làm việc."]
            valid = False
        return valid

    def on_model_change(self, form, model, is_created):
        if form.new_password.data:
            model.set_password(form.new_password.data)

    def after_model_change(self, form, model, is_created):
        if not is_created and (form.new_password.data or not model.active):
            model.end_sessions()
