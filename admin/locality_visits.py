"""Visits in the console beyond their register: the visit form's assignment picker (running
assignments first), and the page of the monthly rule measured as a rate (Tỷ lệ về địa bàn)."""

from fractions import Fraction

from flask import g, request
from flask_admin import BaseView, expose
from mongoengine.dereference import DeReference

from admin import scope
from admin.auth import current_user
from admin.base import PICKER_MAX_LIMIT, PICKER_MAX_OFFSET, PICKER_PAGE, SearchLoader, SecureMixin
from admin.breakthrough_summary import BreakthroughSummaryView
from documents import locality_visits as visits
from documents import text
from documents.constants import COMMUNE_LEVEL
from documents.locality import LocalityAssignment, running
from documents.official_document import vietnam_today
from documents.text import figure
from documents.unit import Unit, in_sentence


class RunningFirstLoader(SearchLoader):
    """The visit form's assignment picker: the assignments running today first (a visit is most
    often entered the day it is made), then those ended, each named with its commune and, once
    ended, its last day. Accounts are not linked to a person (documents/user.py), so "one's own
    assignments" is the account's scope; opening the box lists them without typing."""

    def __init__(self, name, model, **options):
        options.setdefault("minimum_input_length", 0)
        super().__init__(name, model, **options)

    def format(self, model):
        if model is None:
            return None
        places = g.get("picker_places") or {}
        commune = None
        if model.commune and model.level != COMMUNE_LEVEL:
            if model.commune not in places:  # one record shown on its form, not a page of choices
                unit = Unit.objects(pk=model.commune).only("kind", "name").first()
                places = {model.commune: in_sentence(unit) if unit else None}
            commune = places[model.commune]
        label = str(model) + (f", {commune}" if commune else "")
        if model.end is not None and model.end < vietnam_today():
            label += f" (đến {model.end:%d/%m/%Y})"
        return str(model.pk), label

    def get_list(self, term, offset=0, limit=PICKER_PAGE):
        offset = min(max(offset or 0, 0), PICKER_MAX_OFFSET)
        limit = min(limit, PICKER_MAX_LIMIT) if limit and limit > 0 else PICKER_PAGE
        visible = self.scope_filter(self.model)
        search = self.model.search_filter(text.clean_search(term) or "")
        conditions = [c for c in (self.base_query, visible, search) if c]
        now = running(vietnam_today())
        rows = []
        skip = offset
        for phase in (now, {"$nor": [now]}):
            query = self.model.objects(__raw__={"$and": [*conditions, phase]}).order_by("sort_name", "id")
            found = list(query.skip(skip).limit(limit - len(rows)))
            rows += found
            if len(rows) >= limit:
                break
            # What this phase held before the page, so that the next phase starts where it ended.
            held = skip + len(found) if found or not skip else query.count()
            skip = max(0, skip - held)
        rows = DeReference()(rows, max_depth=1) if rows else rows
        communes = {row.commune for row in rows if row.commune and row.level != COMMUNE_LEVEL}
        named = Unit.objects(pk__in=list(communes)).only("kind", "name")
        g.picker_places = {unit.pk: in_sentence(unit) for unit in named}
        return rows


class LocalityVisitRateView(SecureMixin, BaseView):
    """Tỷ lệ về địa bàn: for a unit the account sees and a month, the visits expected, made, the
    rate, and who has not visited where (`documents.locality_visits`)."""

    @expose("/")
    def index(self):
        unit = scope.asked_unit(request.args.get("unit"))
        today = vietnam_today()
        typed = request.args.get("month")
        month, month_error = visits.month_of(today), None
        if typed is not None:
            try:
                month = visits.parse_month(typed, today)
            except ValueError as refused:
                month_error = str(refused)
        context = dict(
            unit=unit,
            units=BreakthroughSummaryView.units(unit),
            month=month,
            typed=typed if month_error else month.value,
            month_error=month_error,
            this_month=visits.month_of(today),
            today=today,
            figure=figure,
            percent=percent,
            fraction=fraction,
        )
        if unit is not None and month_error is None:
            visible = scope.visible_filter(LocalityAssignment)
            context.update(
                place=in_sentence(unit),
                rate=visits.visit_rate(unit, month, scope=visible),
                gaps=visits.not_visited(unit, month, scope=visible),
                may_write=current_user().can_write,
            )
        return self.render("admin/locality/visits.html", **context)


def percent(value):
    """A rate written the Vietnamese way with at most one decimal: "38,3%"; a dash when there is none."""
    return "–" if value is None else f"{fraction(value)}%"


def fraction(value):
    """A number of visits, a fraction of one when prorated, with at most one decimal: "4,9"."""
    return figure(float(round(Fraction(value), 1)))
