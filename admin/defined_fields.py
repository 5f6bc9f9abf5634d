"""Fields staff define, in any registry view: form inputs, list columns, filters, sorting, export.

A view's `definition()` says which fields: the extension of its record family (the fields every
definition for that family adds, merged), or for stand-alone kinds the kind's own definition
(`admin.custom_record`). Flask-Admin reads columns, filters and forms from attributes it fills
at start-up; here they are properties that follow the request, so a definition saved in the
console shows at once in every worker process.
"""

import datetime
from collections import OrderedDict
from typing import NamedTuple

from flask import flash, g, has_request_context, request
from flask_admin.helpers import get_form_data
from flask_admin.model.base import FilterGroup
from flask_admin.model.fields import AjaxSelectField
from jinja2 import pass_context
from markupsafe import Markup, escape
from mongoengine import ValidationError as DocumentError
from wtforms import (
    Form,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields import FieldList, FileField, FormField
from wtforms.utils import unset_value
from wtforms.validators import InputRequired, Optional
from wtforms.widgets import CheckboxInput, MonthInput

from admin import scope
from admin.fields import DayField
from admin.filters import defined_field_filters
from admin.formatters import file_size
from documents import attachment, text
from documents.form_definition import REFERENCE_TYPES, FormDefinition, extension_for, reference_document

PREFIX = "v_"
YES_NO = [("", "—"), ("1", "Có"), ("0", "Không")]


def sortable(field):
    """Fields a list can be sorted by: filterable ones (they have an index) holding one plain value."""
    return field.filterable and field.type not in ("group", "file", "choices", "long_text", *REFERENCE_TYPES)


def request_definitions():
    """Every form definition, read once per request (the menu and the page both need them)."""
    if "form_definitions" not in g:
        g.form_definitions = list(FormDefinition.objects.order_by("sort_name"))
    return g.form_definitions


class DefinitionNotice(NamedTuple):
    """What a record's page says about its stored defined values."""

    checked: int | None  # the version that last checked them (None for several definitions)
    current: int | None  # the version now
    changes: list  # what changed in the definition(s) since they were checked
    failing: list  # stored values the definition now refuses, one line each


class DefinedFieldsMixin:
    def definition_notice(self, model):
        """What changed in the definitions extending the record's family since they checked its
        stored values, and which of them they now refuse; None when there is neither."""
        family = getattr(self.model, "extended_as", None)
        extension = self.definition()
        stored = self.stored_record(model) if family and extension is not None else None
        if stored is None:
            return None
        seen = stored.definition_versions or {}
        changes = []
        for definition in (d for d in request_definitions() if d.family == family):
            then = seen.get(definition.code)
            if then and then < (definition.version or 0):
                changes += definition.differences_since(then)
        failing = failing_values(extension, stored.values)
        return DefinitionNotice(None, None, changes, failing) if changes or failing else None

    def stored_record(self, model):
        """The record as stored, or None for a new one: a refused save leaves its input on `model`,
        and a page's notice is about what is stored, never about what was just typed."""
        if not model.pk:
            return None
        if request.method == "GET":
            return model
        return self.model.objects(pk=model.pk).first()

    def check_defined_values(self, form):
        """Put the definition's errors about the entered values at their inputs: a form refused
        for another field (a wrong date) then says them too, in one pass (`RegistryView.validate_form`).

        Files are left to the save, which knows whether the record already holds one.
        """
        definition = self.definition()
        fields = [f for f in (definition.active_fields if definition else []) if PREFIX + f.key in form]
        values = {f.key: self._entered(form[PREFIX + f.key], f, None) for f in fields if f.type != "file"}
        if not values:
            return
        try:
            definition.clean_values(values)
        except DocumentError as exc:
            for name, error in (exc.errors or {}).items():
                field = definition.field(name.removeprefix("values."))
                if field is None or field.key not in values:
                    continue
                entry = form[PREFIX + field.key]
                if field.type == "group":  # its table shows no errors: say it above the form
                    flash(f"{entry.label.text}: {error.message}", "error")
                elif not entry.errors:  # its own check (a date that is no date) comes first
                    entry.errors = [*entry.errors, error.message]

    def definition(self):
        """The definition whose fields this request's pages carry; None when there are none."""
        family = getattr(self.model, "extended_as", None)
        if not family or not has_request_context():
            return None
        key = f"extension:{family}"
        if key not in g:
            setattr(g, key, extension_for(family, request_definitions()))
        return g.get(key)

    @property
    def _list_columns(self):
        return [*self.__dict__.get("_fixed_list_columns", []), *self._custom_columns(lambda f: f.in_list)]

    @_list_columns.setter
    def _list_columns(self, value):
        self.__dict__["_fixed_list_columns"] = value

    @property
    def _details_columns(self):
        fixed = self.__dict__.get("_fixed_details_columns", [])  # ends with the created and updated times
        return [*fixed[:-2], *self._custom_columns(lambda f: True, retired=True), *fixed[-2:]]

    @_details_columns.setter
    def _details_columns(self, value):
        self.__dict__["_fixed_details_columns"] = value

    @property
    def _sortable_columns(self):
        definition = self.definition()
        custom = (
            {PREFIX + f.key: f"values.{f.key}" for f in definition.active_fields if sortable(f)}
            if definition
            else {}
        )
        return {**self.__dict__.get("_fixed_sortable_columns", {}), **custom}

    @_sortable_columns.setter
    def _sortable_columns(self, value):
        self.__dict__["_fixed_sortable_columns"] = value

    # Filters: the fixed ones, then those of the kind's filterable fields (Flask-Admin reads the
    # three attributes below; they follow the request's kind).

    @property
    def _filters(self):
        return self._filter_cache()[0]

    @_filters.setter
    def _filters(self, value):
        self.__dict__["_fixed_filters"] = value

    @property
    def _filter_groups(self):
        return self._filter_cache()[1]

    @_filter_groups.setter
    def _filter_groups(self, value):
        pass  # computed with the filters

    @property
    def _filter_args(self):
        return self._filter_cache()[2]

    @_filter_args.setter
    def _filter_args(self, value):
        pass  # computed with the filters

    def _filter_cache(self):
        key = f"filters:{self.endpoint}"
        if has_request_context() and key in g:
            return g.get(key)
        definition = self.definition()
        custom = (
            [flt for f in definition.active_fields if f.filterable for flt in defined_field_filters(f)]
            if definition
            else []
        )
        filters = [*(self.__dict__.get("_fixed_filters") or []), *custom]
        groups, args = OrderedDict(), {}
        for index, flt in enumerate(filters):
            arg = self.get_filter_arg(index, flt)
            group = groups.setdefault(str(flt.name), FilterGroup(flt.name))
            group.append(
                {
                    "index": index,
                    "arg": arg,
                    "operation": flt.operation(),
                    "options": flt.get_options(self) or None,
                    "type": flt.data_type,
                }
            )
            args[arg] = (index, flt)
        cache = (filters, groups or None, args or None)
        if has_request_context():
            setattr(g, key, cache)
        return cache

    # Export: every field, retired ones too, with its Vietnamese label.

    @property
    def _export_columns(self):
        return [
            *self.__dict__.get("_fixed_export_columns", []),
            *self._custom_columns(lambda f: True, retired=True),
        ]

    @_export_columns.setter
    def _export_columns(self, value):
        self.__dict__["_fixed_export_columns"] = value

    def get_export_value(self, model, name):
        """Numbers go out as numbers (the unit is in the column's title), so a sheet can add them up;
        days as days (a date cell)."""
        if name.startswith(PREFIX):
            key = name[len(PREFIX) :]
            field, value = self.definition().field(key), model.values.get(key)
            if field is None or value is None:
                return ""
            if field.type in ("integer", "decimal", "percent", "money", "year") and not isinstance(
                value, str
            ):
                return value
            if field.type == "date" and isinstance(value, datetime.date):
                return value.date() if isinstance(value, datetime.datetime) else value  # a date cell
            return (
                shown_plain(field, value)
                if field.type == "group"
                else str(self._custom_value(model, key, plain=True))
            )
        return super().get_export_value(model, name)

    def _custom_columns(self, wanted, retired=False):
        definition = self.definition()
        fields = (definition.fields if retired else definition.active_fields) if definition else []
        return [(PREFIX + f.key, _column_label(f)) for f in fields if wanted(f)]

    # Values in lists and on the record page

    @pass_context
    def get_list_value(self, context, model, name):
        if name.startswith(PREFIX):
            return self._custom_value(model, name[len(PREFIX) :])
        return super().get_list_value(context, model, name)

    @pass_context
    def get_detail_value(self, context, model, name):
        if name.startswith(PREFIX):
            return self._custom_value(model, name[len(PREFIX) :], detail=True)
        return super().get_detail_value(context, model, name)

    def _custom_value(self, model, key, detail=False, plain=False):
        field = self.definition().field(key)
        value = model.values.get(key)
        if field is None or value is None:
            return ""
        if field.type == "group":
            return _table(field, value, self._names(field.sub_fields, value))
        names = self._names([field], [model.values])
        return _shown(field, value, names, model, None if plain else self)

    def _names(self, fields, rows):
        """Names of the records the values refer to: one query per kind, cached for the page."""
        cache = g.setdefault("record_names", {})
        for field in fields:
            if field.type in REFERENCE_TYPES:
                ids = {row.get(field.key) for row in rows} - set(cache) - {None}
                if field is not None and ids:
                    document = reference_document(field.type)
                    cache.update({doc.pk: str(doc) for doc in document.objects(pk__in=list(ids))})
        return cache

    def remember_defined_names(self, rows):
        """Load, once per page, the names of the records the rows' defined fields refer to."""
        definition = self.definition()
        if definition:
            self._names([f for f in definition.active_fields if f.in_list], [r.values for r in rows])

    # Forms built from the definition

    def create_form(self, obj=None):
        if self.definition() is None:
            return super().create_form(obj)
        formdata = get_form_data()
        defaults = {} if formdata else _form_values(self.definition(), {}, defaults=True)
        return self._custom_form(self._create_form_class)(formdata, obj=obj, **defaults)

    def edit_form(self, obj=None):
        if self.definition() is None:
            return super().edit_form(obj)
        form_class = self._custom_form(self._edit_form_class)
        formdata = get_form_data()
        initial = {} if formdata else _form_values(self.definition(), obj.values if obj else {})
        return form_class(formdata, obj=obj, **initial)

    def _custom_form(self, base):
        definition = self.definition()
        attrs = {PREFIX + f.key: _form_field(f, self) for f in definition.active_fields}
        return type(f"{definition.code}_form", (base,), {**attrs, "populate_obj": _populate_fixed})

    def on_model_change(self, form, model, is_created):
        super().on_model_change(form, model, is_created)
        definition = self.definition()
        if definition is None:
            return
        before = dict(model.values or {})
        values = dict(before)
        for field in definition.active_fields:
            values[field.key] = self._entered(form[PREFIX + field.key], field, model)
        model.values = values
        refused = [f"values.{f.key}" for f in definition.active_fields if _picks_outside(f, values, before)]
        if refused:
            message = "Bạn chỉ được chọn hồ sơ thuộc đơn vị mình phụ trách."
            raise DocumentError(message, errors={k: DocumentError(message) for k in refused})

    def _entered(self, form_field, field, model):
        data = form_field.data
        if field.type in REFERENCE_TYPES:
            return getattr(data, "pk", None)
        if field.type == "file":
            upload = data if getattr(data, "filename", None) else None
            if upload is None:
                return model.values.get(field.key)
            entry = attachment.store(model, upload.read(), upload.filename)
            return entry.file_id
        if field.type == "group":
            return [dict(row) for row in data or []]
        return data


def _picks_outside(field, values, before):
    """Whether `field` now names a record the account may not see (one it named before may stay)."""
    if field.type == "group":
        rows = [row for row in values.get(field.key) or [] if isinstance(row, dict)]
        old_rows = [row for row in before.get(field.key) or [] if isinstance(row, dict)]
        for sub in field.sub_fields:
            named_before = {_pk(row.get(sub.key)) for row in old_rows}
            for row in rows:
                value = _pk(row.get(sub.key))
                if value not in named_before and _picks_outside(sub, {sub.key: value}, {}):
                    return True
        return False
    if field.type not in REFERENCE_TYPES:
        return False
    value = _pk(values.get(field.key))
    return value not in (None, _pk(before.get(field.key))) and not scope.sees(
        reference_document(field.type), value
    )


def _pk(value):
    return getattr(value, "pk", value)


def failing_values(definition, values):
    """One line per stored value the definition does not accept: «label»: why."""
    try:
        definition.clean_values(values)
    except DocumentError as exc:
        lines = []
        for name, error in (exc.errors or {}).items():
            field = definition.field(name.removeprefix("values."))
            lines.append(f"«{field.label if field else name}»: {error.message}")
        return lines
    return []


def form_field_name(name):
    """The form field a document error on `name` belongs at: `values.<key>` is the input of that key."""
    return PREFIX + name[len("values.") :] if name.startswith("values.") else name


def _populate_fixed(form, obj):
    """Fill the record's own fields; the defined ones go to `values` (`on_model_change`)."""
    for name, field in form._fields.items():
        if not name.startswith(PREFIX):
            field.populate_obj(obj, name)


class Mandatory(InputRequired):
    """Marks a field required in the page (the star, the browser's check); the document checks it."""

    def __call__(self, form, field):
        pass


class CheckboxList:
    """The boxes of a multiple choice, side by side."""

    def __call__(self, field, **kwargs):
        boxes = [
            Markup(
                '<div class="form-check form-check-inline">{} '
                '<label class="form-check-label" for="{}">{}</label></div>'
            ).format(option(class_="form-check-input"), option.id, option.label.text)
            for option in field
        ]
        return Markup('<div id="{}">{}</div>').format(field.id, Markup("").join(boxes))


class RowsTable:
    """A repeating group as a table: one column per sub-field, one line per row."""

    def __call__(self, field, **kwargs):
        first = field.entries[0].form if field.entries else []
        head = Markup("").join(Markup("<th>{}</th>").format(sub.label.text) for sub in first)
        rows = Markup("").join(
            Markup("<tr>{}</tr>").format(
                Markup("").join(
                    Markup("<td>{}</td>").format(sub(class_="form-control form-control-sm"))
                    for sub in entry.form
                )
            )
            for entry in field.entries
        )
        return Markup(
            '<table class="table table-sm table-bordered mb-0" id="{}"><thead><tr>{}</tr></thead>'
            "<tbody>{}</tbody></table>"
        ).format(field.id, head, rows)


class RowsField(FieldList):
    """Rows of a repeating group; an empty form gets a few blank lines to fill (blank lines are dropped)."""

    widget = RowsTable()
    blank_rows = 3

    def process(self, formdata, data=unset_value, extra_filters=None):
        super().process(formdata, data, extra_filters=extra_filters)
        if not formdata:
            for _ in range(self.blank_rows):
                self.append_entry()


def _column_label(field):
    label = field.label + (f" ({field.measure})" if field.measure else "")
    return label + (" [đã bỏ]" if field.retired else "")


def _form_values(definition, values, defaults=False):
    """Form data for stored values (dates back to dates, yes/no to the select's keys)."""
    initial = {}
    for field in definition.active_fields:
        value = values.get(field.key)
        if value is None and defaults and field.default:
            value = field.clean_value(field.default)
        initial[PREFIX + field.key] = _initial(field, value)
    return initial


def _initial(field, value):
    if value is None:
        return None
    if field.type == "yes_no":
        return "1" if value else "0"
    if field.type in REFERENCE_TYPES:
        return reference_document(field.type).objects(pk=value).first()
    if field.type in ("integer", "decimal", "percent", "money", "year"):
        return str(value) if field.type == "year" else text.figure(value)
    if field.type == "date":
        return value.date()
    if field.type == "group":
        return [{sub.key: _initial(sub, row.get(sub.key)) for sub in field.sub_fields} for row in value]
    return value


def _range_text(field):
    """ "Tối đa 20 điểm.", "Từ 1 đến 12.": the bounds of a number field, said before they are
    broken (a checklist's score shows its maximum)."""
    if field.type not in ("integer", "decimal", "percent", "money"):
        return ""
    low, high = field.min_value, field.max_value
    unit = f" {field.measure}" if field.measure else "%" if field.type == "percent" else ""
    if high is not None and low not in (None, 0):
        return f"Từ {text.figure(low)} đến {text.figure(high)}{unit}."
    if high is not None:
        return f"Tối đa {text.figure(high)}{unit}."
    return ""


def _form_field(field, view, in_row=False):
    """The WTForms field that enters one defined field; the document checks what is entered."""
    options = {
        "label": _column_label(field),
        # Flask-Admin prints a description as HTML: help text typed in the console is text.
        "description": escape(" ".join(filter(None, (field.help_text, _range_text(field))))),
        "validators": [Optional()],
        "render_kw": {"data-show-if": PREFIX + field.show_if, "data-show-value": field.show_if_value or ""}
        if field.show_if
        else {},
    }
    # Not in a table row: the blank lines of a table must stay blank.
    if field.required and not field.show_if and not in_row:
        options["validators"] = [Mandatory(), Optional()]
    kind = field.type
    if kind == "long_text":
        return TextAreaField(**options)
    if kind == "date":
        return DayField(**options)
    if kind == "month":
        return StringField(**options, widget=MonthInput())
    if kind == "choice":
        return SelectField(choices=[("", "—"), *[(c, c) for c in field.choices]], **options)
    if kind == "choices":
        return SelectMultipleField(
            choices=[(c, c) for c in field.choices],
            widget=CheckboxList(),
            option_widget=CheckboxInput(),
            **options,
        )
    if kind == "yes_no":
        return SelectField(choices=YES_NO, **options)
    if kind in REFERENCE_TYPES:
        return AjaxSelectField(view._form_ajax_refs[f"ref_{kind}"], allow_blank=True, **options)
    if kind == "file":
        return FileField(**options)
    if kind == "group":
        row = type(
            f"{field.key}_row",
            (Form,),
            {sub.key: _form_field(sub, view, in_row=True) for sub in field.sub_fields},
        )
        return RowsField(FormField(row), **{k: v for k, v in options.items() if k != "validators"})
    placeholder = {"integer": "số nguyên", "decimal": "số", "percent": "%", "money": "đồng", "year": "năm"}
    if kind in placeholder:
        options["render_kw"] = {
            **options["render_kw"],
            "inputmode": "decimal",
            "placeholder": placeholder[kind],
        }
    return StringField(**options)


def _shown(field, value, names, model=None, view=None):
    """How a stored value reads: Vietnamese dates and numbers, names for references, links for files."""
    kind = field.type
    if kind == "long_text" and view is not None:
        return Markup("<br>").join(str(value).splitlines())  # each line escaped, the breaks kept
    if kind in REFERENCE_TYPES:
        return names.get(value, "(không còn)")
    if kind == "yes_no":
        return "Có" if value else "Không"
    if kind == "date":
        return value.strftime("%d/%m/%Y")
    if kind == "month":
        year, month = value.split("-")
        return f"{month}/{year}"
    if kind == "choices":
        return ", ".join(value) if isinstance(value, list) else str(value)
    if kind in ("integer", "money", "year"):
        number = text.figure(value) if kind != "year" else str(value)
        return f"{number} {field.measure or ('đồng' if kind == 'money' else '')}".strip()
    if kind in ("decimal", "percent"):
        number = text.figure(float(value))
        return f"{number}{'%' if kind == 'percent' else ''} {field.measure or ''}".strip()
    if kind == "file" and model is not None:
        entry = next((a for a in model.attachments if a.file_id == value), None)
        if entry is None:
            return "(không còn)"
        if view is None:
            return entry.name
        url = view.get_url(".attachment_view", id=model.pk, file=entry.file_id)
        return Markup('<a href="{}">{}</a> ({})').format(url, entry.name, file_size(entry.size))
    return str(value)


def shown_plain(field, value):
    """A defined value as text, without links: for history lines."""
    if field.type == "group":
        rows = []
        for row in value:
            cells = [
                f"{sub.label}: {shown_plain(sub, row[sub.key])}" for sub in field.sub_fields if sub.key in row
            ]
            rows.append(", ".join(cells))
        return "; ".join(rows)
    if field.type in REFERENCE_TYPES:
        document = reference_document(field.type).objects(pk=value).first()
        return str(document) if document else "(không còn)"
    if field.type == "file":
        return "(tệp đính kèm)"
    return _shown(field, value, {})


def _table(field, rows, names):
    head = Markup("").join(Markup("<th>{}</th>").format(_column_label(s)) for s in field.sub_fields)
    body = Markup("").join(
        Markup("<tr>{}</tr>").format(
            Markup("").join(
                Markup("<td>{}</td>").format(
                    _shown(s, row.get(s.key), names) if row.get(s.key) is not None else ""
                )
                for s in field.sub_fields
            )
        )
        for row in rows
    )
    return Markup(
        '<table class="table table-sm table-bordered mb-0"><thead><tr>{}</tr></thead>'
        "<tbody>{}</tbody></table>"
    ).format(head, body)
