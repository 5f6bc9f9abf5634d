"""The coverage of localities (Độ bao phủ) for a unit and a day, within the account's scope: the
four figures of `documents.locality_coverage`, each with the first communes, hamlets or households
behind its shortfall, and every one of them on pages of their own (`gaps`)."""

import math

from flask import abort, request, url_for
from flask_admin import BaseView, expose

from admin import scope
from admin.base import SecureMixin
from admin.breakthrough_summary import BreakthroughSummaryView
from documents import locality_coverage
from documents.form_definition import read_day
from documents.locality import FIRST_DAY, LocalityRule
from documents.locality_coverage import FIGURES, GAP_WORDS, figure_name, gap_title
from documents.official_document import vietnam_today
from documents.text import figure
from documents.unit import in_sentence

# Gaps listed by name under each figure; on each page of a figure's gaps.
LISTED = 20
PAGE = 50
# Past this page nothing is looked for (a page number typed by hand).
LAST_PAGE = 1_000_000
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
        unit = scope.asked_unit(request.args.get("unit"))
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
                all_gaps=lambda name: url_for(".gaps", unit=str(unit.pk), day=f"{day:%d/%m/%Y}", figure=name),
            )
        return self.render("admin/locality/coverage.html", **context)

    @expose("/gaps")
    def gaps(self):
        """Every gap behind one figure of a unit on a day, `PAGE` a page, in the page's order
        (households by code). A unit the account does not see, a bad day or figure, or a page past
        the last answers 404; a page number that is not one reads as the first."""
        unit = scope.asked_unit(request.args.get("unit"))
        day = self.chosen_day(request.args.get("day"))[0]
        which = request.args.get("figure")
        page = request.args.get("page", default=1, type=int)
        page = page if page is not None and page >= 1 else 1
        if unit is None or day is None or which not in FIGURES or page > LAST_PAGE:
            abort(404)
        counted, rows = locality_coverage.figure_gaps(
            unit, day, which, scope.visible_filter, limit=PAGE, skip=(page - 1) * PAGE
        )
        pages = max(1, math.ceil(counted.gaps / PAGE))
        if page > pages:
            abort(404)

        def at(number):
            return url_for(".gaps", unit=str(unit.pk), day=f"{day:%d/%m/%Y}", figure=which, page=number)

        staff = LocalityRule.in_force(day).commune_staff_per_hamlet
        return self.render(
            "admin/locality/coverage_gaps.html",
            unit=unit,
            day=day,
            name=which,
            names=labels(staff)[which],
            counted=counted,
            rows=rows,
            first=(page - 1) * PAGE,
            page=page,
            pages=pages,
            at=at,
            back=url_for(".index", unit=str(unit.pk), day=f"{day:%d/%m/%Y}"),
            place=in_sentence(unit),
            gap_page=gap_page,
            figure=figure,
        )

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
