"""Cell meetings in the console (menu «Sinh hoạt chi bộ»): the meetings of the cells an account
sees, each with its roll call (`admin.fields.AttendanceField`: the cell's members, one row each),
and what it falls short of under the rule in force; the rule itself (admins).

Who may do what: the staff whose scope covers the cell record its meetings; guests from above
may be anyone of the cell's unit or the units above it."""

import calendar
import datetime
import re

from bson import ObjectId
from flask import request
from flask_admin.contrib.mongoengine.filters import BaseMongoEngineFilter, FilterEqual
from flask_admin.helpers import is_form_submitted
from markupsafe import Markup, escape
from wtforms import TextAreaField

from admin import scope
from admin.base import AdminOnly, RegistryView, SearchLoader
from admin.fields import AttendanceField
from admin.filters import RecordIdFilter, UnderUnitFilter
from admin.formatters import reference_link
from admin.forms import SubForm
from documents.base import vietnam_today
from documents.cell_meeting import CellMeeting, CellMeetingRule
from documents.constants import CELL_KINDS, CELL_MEETING_KINDS, label
from documents.locality_visit import LocalityVisit
from documents.party_organization import PartyOrganization
from documents.person import Person

CATEGORY = "Sinh hoạt chi bộ"
CELLS = {"kind": {"$in": list(CELL_KINDS)}}
# Hours typed as 19:30 whatever the browser's language (<input type=time> shows 07:30 PM in some).
TIME_INPUT = {"placeholder": "hh:mm", "maxlength": 5, "inputmode": "numeric", "autocomplete": "off"}


class YearFilter(BaseMongoEngineFilter):
    """Meetings held in one year."""

    def __init__(self):
        super().__init__(column=None, name="Năm")

    def validate(self, value):
        return str(value).isdigit() and 1945 <= int(value) <= 9999

    def apply(self, query, value):
        year = int(value)
        return query.filter(day__gte=datetime.date(year, 1, 1), day__lte=datetime.date(year, 12, 31))

    def operation(self):
        return "là"


class MonthFilter(BaseMongoEngineFilter):
    """Meetings of one month, "2026-03" (the panel's bars of months link here)."""

    def __init__(self):
        super().__init__(column=None, name="Tháng (năm-tháng)")

    def validate(self, value):
        found = re.fullmatch(r"(\d{4})-(\d{2})", str(value))
        return bool(found) and 1945 <= int(found.group(1)) <= 9999 and 1 <= int(found.group(2)) <= 12

    def apply(self, query, value):
        year, month = map(int, value.split("-"))
        last = calendar.monthrange(year, month)[1]
        return query.filter(day__gte=datetime.date(year, month, 1), day__lte=datetime.date(year, month, last))

    def operation(self):
        return "là"


class AbsentFilter(RecordIdFilter):
    """Meetings one member missed without a reason (the summary's absentees link here)."""

    def __init__(self):
        super().__init__(column=None, name="Đảng viên vắng không lý do")

    def apply(self, query, value):
        absent = {"person": ObjectId(value), "present": False, "reason": None}
        return query.filter(__raw__={"attendance": {"$elemMatch": absent}})


# The list's filters by the criteria names of the summary (their index is in the list's
# addresses: keep new ones at the end).
FILTERS = {
    "unit": UnderUnitFilter(),
    "kind": FilterEqual("kind", "Hình thức", options=CELL_MEETING_KINDS),
    "year": YearFilter(),
    "absent": AbsentFilter(),
    "month": MonthFilter(),
}
INDEX = {name: index for index, name in enumerate(FILTERS)}


def list_args(criteria):
    """The list's address arguments for `criteria` ({"unit": id, "year": 2026, "absent": id})."""
    return {f"flt{n}_{INDEX[name]}": str(value) for n, (name, value) in enumerate(criteria.items())}


def _kind(view, context, model, name):
    return label(CELL_MEETING_KINDS, model.kind) if model.kind else ""


def _present(view, context, model, name):
    return f"{model.present}/{model.members}" if model.members else ""


def _hours(view, context, model, name):
    minutes = f" ({model.minutes} phút)" if model.minutes else ""
    return f"{model.start or ''}–{model.end or ''}{minutes}"


def _attendance(view, context, model, name):
    return Markup("<br>").join(escape(str(row)) for row in model.attendance)


def _guests(view, context, model, name):
    return "; ".join(getattr(person, "full_name", "") for person in model.guests)


def _visits(view, context, model, name):
    """The guests' visits the meeting counts (`documents.cell_meeting_visit`), linked."""
    visits = LocalityVisit.objects(meeting=model.pk).order_by("sort_name")
    if context is None:
        return "; ".join(str(visit.assignment) for visit in visits)
    links = [
        Markup('<a href="{}">{}</a>').format(
            view.get_url("locality_visit.details_view", id=visit.pk), str(visit.assignment)
        )
        for visit in visits
    ]
    return Markup("<br>").join(links) if links else "Không có (khách mời không phụ trách thôn, xã này)."


def _tasks(view, context, model, name):
    return Markup("<br>").join(escape(str(task)) for task in model.tasks)


def _checks(view, context, model, name):
    """What the meeting falls short of, and the cell's count of the month and the quarter."""
    found = model.shortfalls()
    cell = model.organization
    if cell is not None and model.day:
        counted = CellMeeting.objects.calendar([cell.pk], model.day.year)[cell.pk]
        quarter = (model.day.month - 1) // 3 + 1
        found.append(
            f"Tháng {model.day.month}/{model.day.year}: {counted['months'][model.day.month]} buổi thường kỳ; "
            f"quý {quarter}: {counted['quarters'][quarter]} buổi chuyên đề."
        )
    items = Markup("").join(Markup("<li>{}</li>").format(line) for line in found)
    return Markup("<ul class='mb-0'>{}</ul>").format(items) if found else "Đạt các yêu cầu."


class CellMeetingView(RegistryView):
    count_noun = "buổi sinh hoạt"
    column_list = ["day", "organization", "kind", "focus", "present", "hours"]
    column_labels = {
        "present": "Có mặt",
        "hours": "Thời gian",
        "checks": "Đối chiếu quy định",
        "visits": "Tính là lần về địa bàn của",
    }
    column_sortable_list = ["day"]
    default_sort = "day"
    default_sort_desc = True
    column_filters = list(FILTERS.values())
    column_formatters = {
        "organization": reference_link("party_organization"),
        "kind": _kind,
        "present": _present,
        "hours": _hours,
    }
    column_formatters_detail = {
        **column_formatters,
        "attendance": _attendance,
        "guests": _guests,
        "visits": _visits,
        "chair": reference_link("person"),
        "secretary": reference_link("person"),
        "tasks": _tasks,
        "checks": _checks,
    }
    column_formatters_export = {"kind": _kind, "present": _present, "hours": _hours, "guests": _guests}
    column_details_list = [
        *("organization", "day", "hours", "kind", "focus", "committee_met_on", "notified_on"),
        *("chair", "secretary", "present", "attendance", "guests", "visits"),
        *("conclusions", "resolution", "tasks"),
        *("checks", "created_at", "updated_at"),
    ]

    place_field = "organization"
    history_hidden = ("minutes", "present", "members", "unit")  # counted on save
    form_columns = [
        *("organization", "day", "start", "end", "kind", "focus", "committee_met_on", "notified_on"),
        *("chair", "secretary", "attendance", "guests", "conclusions", "resolution", "tasks"),
    ]
    form_overrides = {
        "attendance": AttendanceField,
        "conclusions": TextAreaField,
        "resolution": TextAreaField,
    }
    form_args = {
        "start": {"render_kw": TIME_INPUT},
        "end": {"render_kw": TIME_INPUT},
        "focus": {"description": "Mỗi buổi chọn một vấn đề trọng tâm (Hướng dẫn 42-HD/BTCTW)."},
        "guests": {
            "description": "Cán bộ cấp trên dự: người được phân công phụ trách thôn, xã. Buổi sinh hoạt "
            "được tính là một lần về địa bàn của người được phân công."
        },
        "conclusions": {"render_kw": {"rows": 4}},
        "resolution": {"render_kw": {"rows": 4}},
    }
    # Guests come from above: any person of the cell's unit or of the units above it.
    reference_scopes = {"guests": scope.reachable_filter}
    form_ajax_refs = {
        "organization": SearchLoader("organization", PartyOrganization, query=CELLS),
        "chair": SearchLoader("chair", Person),
        "secretary": SearchLoader("secretary", Person),
        "guests": SearchLoader("guests", Person, scope_filter=scope.reachable_filter),
    }
    form_subdocuments = {
        "tasks": {
            "form_subdocuments": {
                None: {"form_base_class": SubForm, "form_columns": ["assignee", "task", "due"]}
            }
        }
    }

    def create_form(self, obj=None):
        form = super().create_form(obj)
        cell = form.organization.data or self.asked_cell()
        if cell is not None:
            form.organization.data = cell
            form.attendance.set_members(members_of(cell), new=True)
            if not is_form_submitted() and cell.meeting_day and form.day.data is None:
                form.day.data = regular_day(cell, vietnam_today())
        return form

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        if form.organization.data is not None:
            form.attendance.set_members(members_of(form.organization.data))
        return form

    def asked_cell(self):
        """The cell a «Ghi buổi sinh hoạt» link names (`?organization=<id>`), if the account sees it."""
        value = request.args.get("organization", "")
        if not ObjectId.is_valid(value):
            return None
        return scope.visible(
            PartyOrganization.objects(pk=ObjectId(value), **{"kind__in": CELL_KINDS})
        ).first()


def regular_day(cell, today):
    """The cell's regular day (Bản Man: the 4th) in the month of `today`, or the month's last day."""
    last = calendar.monthrange(today.year, today.month)[1]
    return today.replace(day=min(cell.meeting_day, last))


def members_of(cell):
    return list(
        Person.objects(party_organization=cell)
        .only("full_name", "sort_name", "party_organization")
        .order_by("sort_name")
    )


class CellMeetingRuleView(AdminOnly, RegistryView):
    """The rule meetings are checked by (admins)."""

    count_noun = "quy định"
    column_list = [
        "name",
        "from_day",
        "regular_per_month",
        "thematic_per_quarter",
        "minutes_regular",
        "minutes_combined",
    ]
    column_sortable_list = ["from_day"]
    default_sort = "from_day"
    default_sort_desc = True
    unique_field = "from_day"
    form_columns = [
        *(
            "name",
            "from_day",
            "regular_per_month",
            "thematic_per_quarter",
            "minutes_regular",
            "minutes_combined",
        ),
        *("notice_days", "absences_removed"),
    ]


def register(admin_site):
    from admin.cell_meeting_summary import CellMeetingSummaryView  # it links to this view's filters

    admin_site.add_view(
        CellMeetingView(CellMeeting, name="Buổi sinh hoạt chi bộ", category=CATEGORY, endpoint="cell_meeting")
    )
    admin_site.add_view(
        CellMeetingSummaryView(name="Tổng hợp sinh hoạt", category=CATEGORY, endpoint="cell_meeting_summary")
    )
    admin_site.add_view(
        CellMeetingRuleView(
            CellMeetingRule, name="Quy định sinh hoạt chi bộ", category=CATEGORY, endpoint="cell_meeting_rule"
        )
    )
