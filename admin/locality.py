"""Localities in the console: who is in charge of which commune, hamlet and households, their
visits, and the rule they are measured by (admins).

Who may do what: the staff whose scope covers the locality record assignments and visits; an
assignment made by a body (its decision) is changed or ended only by that body's staff. An
assignment is ended (its last day), never deleted."""

from bson import ObjectId
from flask import flash, redirect, request
from flask_admin import expose
from flask_admin.contrib.mongoengine.filters import FilterEqual
from flask_admin.helpers import is_form_submitted
from markupsafe import Markup, escape
from wtforms import TextAreaField

from admin import locality_households, scope
from admin.base import AdminOnly, RegistryView, SearchLoader
from admin.breakthrough_filters import DayFilter
from admin.filters import UnderUnitFilter
from admin.formatters import reference_link
from admin.forms import NumberField, SubForm
from admin.locality_visits import RunningFirstLoader
from documents import text
from documents.base import field_error
from documents.constants import (
    COMMUNE_LEVEL,
    FOLLOW_UP_STATES,
    LOCALITY_ROLES,
    PROPOSAL_LEVELS,
    UNIT_LEVELS,
    VISIT_PURPOSES,
    label,
)
from documents.issuing_body import IssuingBody
from documents.locality import LocalityAssignment, LocalityRule, running
from documents.locality_visit import LocalityVisit
from documents.official_document import OfficialDocument, vietnam_today
from documents.person import Person
from documents.unit import Unit

NOT_BODY_STAFF = (
    "Phân công theo quyết định của cấp trên: chỉ cán bộ của cấp phân công được sửa hoặc kết thúc."
)
NEVER_DELETED = "Phân công không xóa: hãy ghi «Đến ngày» để kết thúc phân công (lịch sử phụ trách được giữ)."
FROM_MEETING = "Lần về địa bàn này là buổi sinh hoạt chi bộ cán bộ đến dự: sửa hoặc xóa ở buổi sinh hoạt đó."
LOCALITIES = "Phụ trách địa bàn"
NOT_PROPOSED = "Không kiến nghị"
# The units a person may be put in charge of: communes and hamlets.
LOCALITY_KINDS = [kind for kind, level in UNIT_LEVELS.items() if level >= COMMUNE_LEVEL]


def _role(view, context, model, name):
    return model.role_text


def _period(view, context, model, name):
    return model.period_text


def _households(view, context, model, name):
    return text.figure(len(model.households)) if model.households else ""


def _choice(choices):
    def format_choice(view, context, model, name):
        return label(choices, getattr(model, name)) if getattr(model, name) else ""

    return format_choice


def _support(view, context, model, name):
    return "; ".join(str(item) for item in model.support)


def _money(view, context, model, name):
    value = getattr(model, name)
    return f"{text.figure(value)} đồng" if value else ""


class ActiveOnFilter(DayFilter):
    """Assignments running on a day (typed dd/mm/yyyy)."""

    condition = staticmethod(running)

    def __init__(self):
        super().__init__("Đang phụ trách vào ngày")

    def operation(self):
        return "là"


class LocalityAssignmentView(RegistryView):
    count_noun = "phân công"
    # Kept on save from the person and the locality, for the counts: not what staff changed.
    history_hidden = ("kind", "assignee_level", "assignee_unit", "commune", "level")
    column_list = ["person", "role", "unit", "period", "households", "body"]
    column_labels = {"period": "Thời gian", "households": "Số hộ"}
    column_sortable_list = [("person", "sort_name"), "start"]
    column_filters = [
        UnderUnitFilter(),
        FilterEqual("role", "Nhiệm vụ", options=LOCALITY_ROLES),
        ActiveOnFilter(),
    ]
    column_formatters = {
        "person": reference_link("person"),
        "unit": reference_link("unit"),
        "body": reference_link("issuing_body"),
        "role": _role,
        "period": _period,
        "households": _households,
    }
    column_formatters_detail = {
        **column_formatters,
        "decision": reference_link("official_document"),
    }
    column_details_list = [
        *("person", "post", "role", "unit", "period", "households", "body", "decision", "note"),
        *("created_at", "updated_at"),
    ]
    column_formatters_export = {"role": _role, "period": _period, "households": _households}

    place_field = "unit"
    form_columns = ["person", "post", "role", "unit", "start", "end", "body", "decision", "note"]
    form_overrides = {"note": TextAreaField}
    form_args = {
        "post": {"description": "Để trống để lấy chức vụ hiện nay của người được phân công."},
        "end": {"description": "Ghi khi kết thúc phân công; để trống nếu còn phụ trách."},
        "unit": {"description": "Một xã, phường, thị trấn hoặc một thôn, tổ dân phố."},
    }
    form_ajax_refs = {
        "person": SearchLoader("person", Person),
        "unit": SearchLoader("unit", Unit, query={"kind": {"$in": LOCALITY_KINDS}}),
        "body": SearchLoader("body", IssuingBody),
        "decision": SearchLoader("decision", OfficialDocument),
    }
    details_template = "admin/locality/assignment_details.html"  # its "Ghi lần về địa bàn" link
    list_template = "admin/locality/assignment_list.html"  # «Sửa» only where `may_change`

    @property
    def can_delete(self):
        return False

    def may_change(self, model):
        """Whether the account may change or end `model`: its locality in scope and, when a body
        made it, that body's unit too."""
        return (
            bool(self.can_edit)
            and scope.sees_loaded(model)
            and (model.body is None or scope.sees_loaded(model.body))
        )

    @expose("/edit/", methods=("GET", "POST"))
    def edit_view(self):
        """An assignment the account may not change (made by a body above it) says so on its page,
        rather than opening a form whose save would be refused."""
        model = self.get_one(request.args.get("id"))
        if request.method == "GET" and not self.may_change(model):
            flash(NOT_BODY_STAFF, "error")
            return redirect(self.get_url(".details_view", id=model.pk))
        return super().edit_view()

    def on_model_change(self, form, model, is_created):
        super().on_model_change(form, model, is_created)
        if is_created:
            return
        stored = self.model.objects(pk=model.pk).first()
        if stored is not None and not self.may_change(stored):
            raise field_error("end", NOT_BODY_STAFF)

    def delete_model(self, model):
        flash(NEVER_DELETED, "error")
        return False


def _meeting(view, context, model, name):
    """The cell meeting a visit is (a link when the account sees it), or nothing."""
    from documents.cell_meeting import CellMeeting  # cell meetings import the visits

    if model.meeting is None:
        return ""
    found = scope.visible(CellMeeting.objects(pk=model.meeting)).first()
    if found is None:
        return "Buổi sinh hoạt chi bộ"
    url = view.get_url("cell_meeting.details_view", id=found.pk)
    return Markup('<a href="{}">{}</a>').format(url, escape(str(found)))


class LocalityVisitView(RegistryView):
    """Visits, entered on a phone in under a minute: the day defaults to today, the picker offers
    the running assignments first (a link from an assignment's page fills it), purpose and
    follow-up are one tap, support items are added with one tap and their total shows as it adds up
    (templates/admin/locality/visit_edit.html, admin/static/locality_visit.js)."""

    history_hidden = ("kind", "person", "unit")  # copied from the assignment on save
    count_noun = "lần về địa bàn"
    column_list = ["day", "assignment", "purpose", "follow_up", "support_value"]
    column_sortable_list = ["day"]
    default_sort = "day"
    default_sort_desc = True
    column_filters = [
        UnderUnitFilter(),
        FilterEqual("purpose", "Mục đích", options=VISIT_PURPOSES),
        FilterEqual("follow_up", "Xử lý kiến nghị", options=FOLLOW_UP_STATES),
    ]
    column_formatters = {
        "assignment": reference_link("locality_assignment"),
        "purpose": _choice(VISIT_PURPOSES),
        "follow_up": _choice(FOLLOW_UP_STATES),
        "support_value": _money,
    }
    column_formatters_detail = {
        **column_formatters,
        "proposed_to": _choice(PROPOSAL_LEVELS),
        "support": _support,
        "meeting": _meeting,
    }
    column_details_list = [
        *("day", "assignment", "purpose", "meeting", "learned", "problems", "proposed_to", "follow_up"),
        *("support", "support_value", "created_at", "updated_at"),
    ]
    column_labels = {"meeting": "Buổi sinh hoạt chi bộ đã dự"}
    column_formatters_export = {
        "purpose": _choice(VISIT_PURPOSES),
        "proposed_to": _choice(PROPOSAL_LEVELS),
        "follow_up": _choice(FOLLOW_UP_STATES),
        "support": _support,
    }

    place_field = "assignment"
    form_columns = [
        "assignment",
        "day",
        "purpose",
        "learned",
        "problems",
        "proposed_to",
        "follow_up",
        "support",
    ]
    form_overrides = {"learned": TextAreaField, "problems": TextAreaField}
    form_args = {
        "day": {"render_kw": {"data-visit-day": ""}},
        "learned": {"render_kw": {"rows": 3}},
        "problems": {"render_kw": {"rows": 2}},
    }
    form_ajax_refs = {"assignment": RunningFirstLoader("assignment", LocalityAssignment)}
    form_subdocuments = {
        "support": {
            "form_subdocuments": {
                None: {
                    "form_base_class": SubForm,
                    "form_columns": ["kind", "quantity", "measure", "value"],
                    "form_overrides": {"quantity": NumberField, "value": NumberField},
                    "form_args": {
                        "kind": {"render_kw": {"list": "support-kinds", "autocomplete": "off"}},
                        "quantity": {"render_kw": {"inputmode": "decimal"}},
                        "measure": {"render_kw": {"list": "support-measures", "autocomplete": "off"}},
                        "value": {"render_kw": {"inputmode": "numeric", "data-support-value": ""}},
                    },
                }
            }
        }
    }
    create_template = "admin/locality/visit_edit.html"
    edit_template = "admin/locality/visit_edit.html"

    def create_form(self, obj=None):
        form = self._blank_level(super().create_form(obj))
        if not is_form_submitted():
            form.day.data = vietnam_today()
            form.assignment.data = self.asked_assignment() or form.assignment.data
        return form

    def edit_form(self, obj=None):
        return self._blank_level(super().edit_form(obj))

    @staticmethod
    def _blank_level(form):
        """The level problems were proposed to may be none: a choice of its own, stored as nothing."""
        form.proposed_to.choices = [("", NOT_PROPOSED), *PROPOSAL_LEVELS]
        if form.proposed_to.data is None:
            form.proposed_to.data = ""
        return form

    @expose("/edit/", methods=("GET", "POST"))
    def edit_view(self):
        """A visit that is a cell meeting is changed through the meeting: its page says so."""
        model = self.get_one(request.args.get("id"))
        if model is not None and model.meeting is not None:
            flash(FROM_MEETING, "error")
            return redirect(self.get_url(".details_view", id=model.pk))
        return super().edit_view()

    def on_model_change(self, form, model, is_created):
        model.proposed_to = model.proposed_to or None
        super().on_model_change(form, model, is_created)
        if model.meeting is not None:
            raise field_error("day", FROM_MEETING)

    def delete_model(self, model):
        if model.meeting is not None:
            flash(FROM_MEETING, "error")
            return False
        return super().delete_model(model)

    def asked_assignment(self):
        """The assignment a "Ghi lần về địa bàn" link names (`?assignment=<id>`), if the account sees it."""
        value = request.args.get("assignment", "")
        if not ObjectId.is_valid(value):
            return None
        return scope.visible(LocalityAssignment.objects(pk=ObjectId(value))).first()


class LocalityRuleView(AdminOnly, RegistryView):
    """The rule coverage and visits are measured by (admins)."""

    count_noun = "quy định"
    column_list = ["name", "from_day", "visits_per_month", "commune_staff_per_hamlet", "months_flagged"]
    column_sortable_list = ["from_day"]
    default_sort = "from_day"
    default_sort_desc = True
    unique_field = "from_day"
    form_columns = ["name", "from_day", "visits_per_month", "commune_staff_per_hamlet", "months_flagged"]


def register(admin_site):
    """The localities' menu: assignments, visits, the rule."""
    admin_site.add_view(
        LocalityAssignmentView(
            LocalityAssignment,
            name="Phân công phụ trách",
            category=LOCALITIES,
            endpoint="locality_assignment",
        )
    )
    admin_site.add_view(
        LocalityVisitView(LocalityVisit, name="Về địa bàn", category=LOCALITIES, endpoint="locality_visit")
    )
    admin_site.add_view(
        LocalityRuleView(
            LocalityRule, name="Quy định phụ trách địa bàn", category=LOCALITIES, endpoint="locality_rule"
        )
    )
    locality_households.register(admin_site, LOCALITIES)
    from admin.locality_coverage import LocalityCoverageView

    admin_site.add_view(
        LocalityCoverageView(name="Độ bao phủ", category=LOCALITIES, endpoint="locality_coverage")
    )
    from admin.locality_visits import LocalityVisitRateView

    admin_site.add_view(
        LocalityVisitRateView(name="Tỷ lệ về địa bàn", category=LOCALITIES, endpoint="locality_visits")
    )
