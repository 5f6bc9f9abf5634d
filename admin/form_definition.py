"""Form definitions, edited by admins: stand-alone record kinds and extra fields of a family."""

from flask import abort, url_for
from flask_admin.contrib.mongoengine.filters import FilterEqual
from markupsafe import Markup

from admin.auth import current_user
from admin.base import RegistryView
from admin.forms import SubForm
from documents.form_definition import FAMILIES

FIELD_COLUMNS = [
    *("key", "label", "type", "required", "min_value", "max_value", "measure", "default", "help_text"),
    *("choices", "in_list", "filterable", "searchable", "show_if", "show_if_value", "retired"),
]


def _fields(view, context, model, name):
    shown = [f"{f.label} ({f.type_label}){' – đã bỏ' if f.retired else ''}" for f in model.fields]
    return "; ".join(shown)


def _records_link(view, context, model, name):
    if model.family != "standalone":
        return ""
    return Markup('<a href="{}">Mở danh sách</a>').format(url_for("record.index_view", kind=model.code))


class FormDefinitionView(RegistryView):
    column_list = ["name", "code", "family", "menu_group", "fields", "records"]
    column_labels = {"records": "Hồ sơ"}
    column_sortable_list = [("name", "sort_name"), "code"]
    column_filters = [FilterEqual("family", "Áp dụng cho", options=FAMILIES)]
    column_formatters = {"fields": _fields, "records": _records_link}
    column_formatters_detail = {"fields": _fields}
    unique_field = "code"

    form_columns = ["name", "code", "family", "menu_group", "description", "fields"]
    form_args = {
        "code": {
            "description": "Chữ thường không dấu, số và gạch dưới, ví dụ mo_hinh_de. Không đổi sau khi lưu."
        },
        "menu_group": {"description": "Tên nhóm trên thanh menu cho loại hồ sơ riêng."},
    }
    form_subdocuments = {
        "fields": {
            "form_subdocuments": {
                None: {
                    "form_base_class": SubForm,
                    "form_columns": [*FIELD_COLUMNS, "sub_fields"],
                    "form_args": {
                        "key": {"description": "Chữ thường không dấu, ví dụ so_de. Không đổi sau khi lưu."},
                        "choices": {"description": "Mỗi ô một lựa chọn (cho kiểu Chọn một / Chọn nhiều)."},
                    },
                    "form_subdocuments": {
                        "sub_fields": {
                            "form_subdocuments": {
                                None: {"form_base_class": SubForm, "form_columns": FIELD_COLUMNS}
                            }
                        }
                    },
                }
            }
        }
    }

    def is_accessible(self):
        user = current_user()
        return user is not None and user.is_admin

    def inaccessible_callback(self, name, **kwargs):
        if current_user() is not None:
            abort(403)
        return super().inaccessible_callback(name, **kwargs)
