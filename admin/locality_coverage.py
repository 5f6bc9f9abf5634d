"""The coverage of localities (Độ bao phủ) for a unit and a day, within the account's scope: the
four figures of `documents.locality_coverage`, each with the first communes, hamlets or households
behind its shortfall."""

from bson import ObjectId
from flask import abort, request, url_for
from flask_admin import BaseView, expose

from admin import scope
from admin.auth import current_user
from admin.base import SecureMixin
from admin.breakthrough_summary import BreakthroughSummaryView
from documents import locality_coverage
from documents.form_definition import read_day
from documents.locality import FIRST_DAY, LocalityRule
from documents.locality_coverage import FIGURES, GAP_WORDS, figure_name, gap_title
from documents.official_document import vietnam_today
from documents.text import figure
from documents.unit import Unit, in_sentence

# Gaps listed by name under each figure.
LISTED = 20
LAST_YEAR = 2100
# Of a day typed badly, what the box shows again.
TYPED = 40


def labels(staff_needed):
    """{figure: (what it counts, the heading of its gaps, the word counting the rest)}: the names
    of `documents.locality_coverage`, the same in the report and on the home panel."""
    return {
        name: (figure_name(name, staff_needed), gap_title(name, staff_needed), GAP_WORDS[name])
        for name in FIGURES
    }


def gap_page(which, gap):
    """The record page of a gap (its unit's or its household's)."""
    if which == "households":
        return url_for("household.details_view", id=str(gap.id))
    return url_for("unit.details_view", id=str(gap.id))


class LocalityCoverageView(SecureMixin, BaseView):
    @expose("/")
    def index(self):
        unit = self.chosen_unit(request.args.get("unit"))
        day, typed, day_error = self.chosen_day(request.args.get("day"))
        context = dict(
            unit=unit,
            units=BreakthroughSummaryView.units(unit),
            day=day,
            typed=typed,
            day_error=day_error,
            found=None,
        )
        if unit is not None and day is not None:
            found = locality_coverage.report(unit, day, scope.visible_filter, limit=LISTED)
            context.update(
                found=found,
                labels=labels(found.staff_needed),
                rule=LocalityRule.in_force(day),
                place=in_sentence(unit),
                gap_page=gap_page,
                figure=figure,
            )
        return self.render("admin/locality/coverage.html", **context)

    @staticmethod
    def chosen_unit(value):
        """The unit asked for, if the account sees it (else 404, naming nothing); by default the
        account's own, or an admin's first top unit."""
        user = current_user()
        if value:
            if not ObjectId.is_valid(value):
                abort(404)
            found = scope.visible(Unit.objects(pk=ObjectId(value))).first()
            if found is None:
                abort(404)
            return found
        unit_id = scope.scope_unit_id(user)
        if unit_id:
            return Unit.objects(pk=unit_id).first()
        return Unit.objects(parent=None).order_by("sort_name").first() if user.is_admin else None

    @staticmethod
    def chosen_day(value):
        """(day, text in the box, message): today by default; a day not read, or out of the years
        assignments are kept for, gives no day and the message shown at the field."""
        typed = (value or "").strip()
        if not typed:
            today = vietnam_today()
            return today, today.strftime("%d/%m/%Y"), None
        try:
            day = read_day(typed).date()
        except ValueError as exc:
            return None, typed[:TYPED], str(exc)
        if day < FIRST_DAY or day.year > LAST_YEAR:
            return None, typed[:TYPED], f"Ngày phải từ {FIRST_DAY:%d/%m/%Y} đến 31/12/{LAST_YEAR}."
        return day, day.strftime("%d/%m/%Y"), None
