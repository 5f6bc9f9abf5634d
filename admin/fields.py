"""Custom WTForms fields of the console, and the converter that puts them in every registry form."""

from flask_admin.contrib.mongoengine.form import CustomModelConverter
from flask_admin.model.fields import AjaxSelectMultipleField
from markupsafe import Markup, escape
from mongoengine import ReferenceField
from wtforms import Field
from wtforms.utils import unset_value
from wtforms.validators import ValidationError
from wtforms.widgets import TextInput

from documents.constants import ATTENDANCE_STATES
from documents.form_definition import read_day

DAY_PLACEHOLDER = "dd/mm/yyyy"


class DayField(Field):
    """A date typed and shown as dd/mm/yyyy whatever the browser's language (<input type=date> is not)."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        render_kw = {
            "placeholder": DAY_PLACEHOLDER,
            "autocomplete": "off",
            "maxlength": 10,
            **(kwargs.pop("render_kw", None) or {}),
        }
        super().__init__(label, validators, render_kw=render_kw, **kwargs)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime("%d/%m/%Y") if self.data else ""

    def process_formdata(self, valuelist):
        typed = valuelist[0].strip() if valuelist else ""
        self.data = None
        if typed:
            try:
                self.data = read_day(typed).date()
            except ValueError as exc:
                raise ValueError(str(exc)) from None


def attendance_table(field, **kwargs):
    """The roll call as a table: one row per member, the state picked, the reason typed."""
    if not field.rows:
        return Markup(
            '<p class="text-muted">Chọn chi bộ rồi bấm Lưu: danh sách đảng viên hiện ra để điểm danh.</p>'
        )
    rows = []
    for person, state, reason in field.rows:
        key = f"{field.name}-{person.pk}"
        options = "".join(
            f'<option value="{value}"{" selected" if value == state else ""}>{escape(name)}</option>'
            for value, name in (("", "Chưa điểm danh"), *ATTENDANCE_STATES)
        )
        rows.append(
            f'<tr><td><label for="{key}-state">{escape(person.full_name)}</label></td>'
            f'<td><select class="form-control form-control-sm" id="{key}-state" name="{key}-state">'
            f"{options}</select></td>"
            f'<td><input class="form-control form-control-sm" name="{key}-reason" value="{escape(reason)}" '
            f'maxlength="300" aria-label="Lý do vắng của {escape(person.full_name)}"></td></tr>'
        )
    present = sum(1 for _, state, _ in field.rows if state == "co_mat")
    # Marked as Flask-Admin marks an input with an error, so that its message below shows.
    invalid = " is-invalid" if "is-invalid" in kwargs.get("class", "").split() else ""
    return Markup(
        f'<input type="hidden" name="{field.name}-loaded" value="1">'
        f'<table class="table table-sm attendance{invalid}" id="{field.id}">'
        "<thead><tr><th>Đảng viên</th><th>Điểm danh</th>"
        f"<th>Lý do vắng</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f'<p class="small text-muted">Có mặt {present}/{len(field.rows)} đảng viên (tính khi lưu).</p>'
    )


class AttendanceField(Field):
    """A cell's roll call on one form: each member present, absent with a reason or without one."""

    widget = staticmethod(attendance_table)

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.pop("default", None)
        super().__init__(label, validators, **kwargs)
        self.rows = []  # [person, state, reason], once `set_members` knows the cell

    def process(self, formdata, data=unset_value, extra_filters=None):
        self.process_errors = []
        self.formdata = formdata
        self.data = list(data) if data not in (unset_value, None) else []
        self.object_data = self.data
        self.raw_data = None
        self.loaded = False

    def set_members(self, members, new=False):
        """A row for each of `members` and for anyone the meeting already lists: as submitted, else
        as stored, else present on a new meeting and not yet called on an old one."""
        stored = {row.person.pk: row for row in self.data if getattr(row, "person", None)}
        people = list(members)
        people += [row.person for pk, row in stored.items() if pk not in {p.pk for p in people}]
        self.submitted = bool(self.formdata) and f"{self.name}-loaded" in self.formdata
        self.rows = []
        for person in people:
            key = f"{self.name}-{person.pk}"
            if self.submitted:
                state = self.formdata.get(f"{key}-state", "")
                reason = " ".join(self.formdata.get(f"{key}-reason", "").split())
            elif person.pk in stored:
                row = stored[person.pk]
                state = "co_mat" if row.present else "vang_co_ly_do" if row.reason else "vang"
                reason = row.reason or ""
            else:
                state, reason = ("co_mat" if new else ""), ""
            self.rows.append([person, state, reason])
        self.loaded = True

    def pre_validate(self, form):
        if self.loaded and self.formdata and not self.submitted and self.rows:
            raise ValidationError("Đã hiện danh sách đảng viên của chi bộ: hãy điểm danh rồi bấm Lưu.")
        for person, state, reason in self.rows:
            if state not in ("", *(value for value, _ in ATTENDANCE_STATES)):
                raise ValidationError("Tình trạng điểm danh không hợp lệ.")
            if state == "vang_co_ly_do" and not reason:
                raise ValidationError(f"Hãy ghi lý do vắng của {person.full_name}.")
            if len(reason) > 300:
                raise ValidationError(f"Lý do vắng của {person.full_name} dài quá 300 ký tự.")

    def populate_obj(self, obj, name):
        if not self.loaded:
            return  # the cell is not known yet: what is stored stays
        from documents.cell_meeting import Attendance

        rows = [
            Attendance(
                person=person, present=state == "co_mat", reason=reason if state == "vang_co_ly_do" else None
            )
            for person, state, reason in self.rows
            if state
        ]
        setattr(obj, name, rows)


class PeoplePicker(AjaxSelectMultipleField):
    """A search box picking several records, where nothing picked is no error (Flask-Admin's reads
    the empty input as one unknown pick)."""

    def process_formdata(self, valuelist):
        super().process_formdata([value for value in valuelist if value])
        self._formdata.discard("")
        if not self._formdata:
            self._data = []  # nothing picked: the stored picks are taken off, not kept


class ConsoleModelConverter(CustomModelConverter):
    """Flask-Admin's MongoEngine form converter, with every date field a `DayField` and every
    searched list of references a `PeoplePicker`."""

    def conv_List(self, model, field, kwargs):  # noqa: N802 - Flask-Admin's name
        loader = getattr(self.view, "_form_ajax_refs", {}).get(field.name)
        if isinstance(field.field, ReferenceField) and loader:
            return PeoplePicker(loader, **kwargs)
        return super().conv_List(model, field, kwargs)

    def conv_Date(self, model, field, kwargs):  # noqa: N802 - Flask-Admin's name
        return DayField(**kwargs)
