"""Form definitions, edited by admins: stand-alone record kinds and extra fields of a family."""

import json

from flask import flash, g, url_for
from flask_admin.contrib.mongoengine.filters import FilterEqual
from markupsafe import Markup
from mongoengine import ValidationError
from wtforms import BooleanField
from wtforms.validators import Optional, StopValidation

from admin.base import AdminOnly, RegistryView
from admin.defined_fields import shown_plain
from admin.forms import NumberField, SubForm
from documents.constants import label
from documents.form_definition import (
    DEFAULT_MENU_GROUP,
    FAMILIES,
    KINDED_FAMILIES,
    OPTION_TYPES,
    FormDefinition,
    pattern_problem,
)

FIELD_COLUMNS = [
    *("key", "label", "type", "required", "min_value", "max_value", "measure", "default", "help_text"),
    *("min_length", "max_length", "pattern", "rule_message"),
    *("choices", "in_list", "filterable", "searchable", "show_if", "show_if_value", "retired"),
]

NUMBER_OPTIONS = {"min_value": NumberField, "max_value": NumberField}


def _usable_pattern(form, field):
    """A text rule's pattern is refused at its input when it is not one the server can check safely."""
    problem = pattern_problem(field.data) if field.data else None
    if problem:
        raise StopValidation(f"Mẫu {problem}.")


FIELD_ARGS = {
    "pattern": {
        "validators": [Optional(), _usable_pattern],
        "description": "Ví dụ \\d{12}: đúng 12 chữ số. Cả giá trị phải khớp mẫu.",
    },
    "rule_message": {"description": "Ví dụ: Số CCCD gồm đúng 12 chữ số."},
    # The editor's script shows a field's options for the types that use them only.
    "type": {"render_kw": {"data-option-types": json.dumps(OPTION_TYPES)}},
    "key": {"render_kw": {"data-key-from": "label"}},
}


def _fields(view, context, model, name):
    shown = [f"{f.label} ({f.type_label}){' – đã bỏ' if f.retired else ''}" for f in model.fields]
    return "; ".join(shown)


def kind_endpoint(family):
    """The view listing the records of a kinded family's kinds (`KINDED_FAMILIES`)."""
    return "record" if family == "standalone" else family


def _records_link(view, context, model, name):
    if model.family not in KINDED_FAMILIES:
        return ""
    address = url_for(f"{kind_endpoint(model.family)}.index_view", kind=model.code)
    return Markup('<a href="{}">Mở danh sách</a>').format(address)


def _only_meaningful_boxes(form, model):
    """The confirmation box goes only with a dry run to confirm; a field's key is marked saved
    (`data-saved`), so the editor's script offers "Đã bỏ" only for fields that hold data."""
    if not g.get("dry_run") and "confirm_change" in form:
        del form["confirm_change"]
    stored = FormDefinition.objects(pk=model.pk).only("fields").first() if model and model.pk else None
    saved = {f.key: f for f in stored.fields} if stored else {}
    for entry in form.fields.entries if "fields" in form else []:
        field = saved.get(entry.form.key.data)
        if field is None:
            continue
        _mark_saved(entry.form.key)
        columns = {sub.key for sub in field.sub_fields}
        for sub in entry.form.sub_fields.entries if "sub_fields" in entry.form else []:
            if sub.form.key.data in columns:
                _mark_saved(sub.form.key)


def _mark_saved(key_input):
    key_input.render_kw = {**(key_input.render_kw or {}), "data-saved": "1"}


def _menu_group(view, context, model, name):
    """Where the kind's records are in the menu: a stand-alone kind's own group; a fixed family's
    kinds under their family's menu (models and work items); nothing for a family's extension."""
    if model.family == "standalone":
        return model.menu_group or DEFAULT_MENU_GROUP
    if model.family in KINDED_FAMILIES:
        return f"Theo nhóm hồ sơ ({label(FAMILIES, model.family)})"
    return ""


class FormDefinitionView(AdminOnly, RegistryView):
    count_noun = "biểu mẫu"
    column_list = ["name", "code", "family", "menu_group", "fields", "records"]
    column_labels = {"records": "Hồ sơ"}
    column_sortable_list = [("name", "sort_name"), "code"]
    column_filters = [FilterEqual("family", "Áp dụng cho", options=FAMILIES)]
    column_formatters = {"fields": _fields, "records": _records_link, "menu_group": _menu_group}
    column_formatters_detail = {"fields": _fields, "menu_group": _menu_group}
    unique_field = "code"

    form_columns = ["name", "code", "family", "menu_group", "description", "fields", "confirm_change"]
    column_details_list = [*form_columns[:-1], "created_at", "updated_at"]
    form_args = {
        "code": {
            "description": "Chữ thường không dấu, số và gạch dưới, ví dụ mo_hinh_de. Không đổi sau khi lưu.",
            "render_kw": {"data-key-from": "name"},  # proposed from the name (form_definition.js)
        },
        "menu_group": {"description": "Tên nhóm trên thanh menu cho loại hồ sơ riêng."},
    }
    form_subdocuments = {
        "fields": {
            "form_subdocuments": {
                None: {
                    "form_base_class": SubForm,
                    "form_columns": [*FIELD_COLUMNS, "sub_fields"],
                    "form_overrides": NUMBER_OPTIONS,
                    "form_args": {
                        **FIELD_ARGS,
                        "key": {
                            **FIELD_ARGS["key"],
                            "description": "Chữ thường không dấu, ví dụ so_de. Không đổi sau khi lưu.",
                        },
                        "choices": {"description": "Mỗi ô một lựa chọn (cho kiểu Chọn một / Chọn nhiều)."},
                    },
                    "form_subdocuments": {
                        "sub_fields": {
                            "form_subdocuments": {
                                None: {
                                    "form_base_class": SubForm,
                                    "form_columns": FIELD_COLUMNS,
                                    "form_overrides": NUMBER_OPTIONS,
                                    "form_args": FIELD_ARGS,
                                }
                            }
                        }
                    },
                }
            }
        }
    }

    create_template = "admin/form_definition/create.html"
    edit_template = "admin/form_definition/edit.html"
    form_extra_fields = {
        "confirm_change": BooleanField(
            "Đã xem kết quả chạy thử: áp dụng thay đổi",
            description="Cần khi đổi kiểu, giới hạn, lựa chọn hoặc bắt buộc của trường đã có dữ liệu.",
        )
    }

    def render(self, template, **kwargs):
        form = kwargs.get("form")
        if template in (self.create_template, self.edit_template) and form is not None:
            _only_meaningful_boxes(form, kwargs.get("model"))
        return super().render(template, **kwargs)

    def on_model_change(self, form, model, is_created):
        """A change that touches values already entered is tried on them first (shown above the
        form); it applies only once confirmed, and never while a value cannot be converted."""
        super().on_model_change(form, model, is_created)
        if is_created:
            return
        trials = [t for t in model.dry_run(FormDefinition.objects(pk=model.pk).first()) if t.affects]
        g.dry_run = trials
        blocked = g.dry_run_blocked = sum(len(t.failing) for t in trials if t.converting)
        if blocked:
            message = (
                f"Chưa đổi được: {blocked} hồ sơ có giá trị không chuyển được sang kiểu mới. "
                "Hãy sửa các hồ sơ đó (danh sách ở trên) rồi lưu lại."
            )
            raise ValidationError(message, errors={"confirm_change": ValidationError(message)})
        if trials and not form.confirm_change.data:
            message = (
                "Thay đổi chạm tới dữ liệu đã nhập: xem kết quả chạy thử ở trên, đánh dấu ô này rồi lưu."
            )
            raise ValidationError(message, errors={"confirm_change": ValidationError(message)})
        model.confirmed = True

    def after_model_change(self, form, model, is_created):
        trials = g.get("dry_run") or []
        converted, skipped = model.convert(trials)
        if converted:
            flash(f"Đã chuyển {converted} giá trị sang kiểu mới; mỗi hồ sơ ghi một dòng lịch sử.", "success")
        if skipped:
            flash(
                f"{skipped} hồ sơ vừa được người khác sửa nên chưa chuyển giá trị: "
                "giá trị cũ vẫn giữ, hồ sơ sẽ được kiểm ở lần sửa tới.",
                "error",
            )

    def shown_value(self, field, value):
        return shown_plain(field, value)

    def record_url(self, definition, record):
        if definition.family in KINDED_FAMILIES:
            return url_for(
                f"{kind_endpoint(definition.family)}.details_view", id=record.pk, kind=definition.code
            )
        return url_for(f"{definition.family}.details_view", id=record.pk)
