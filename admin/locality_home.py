"""The home page's panel of localities (`admin.base.home_panels`): the account's unit (every unit
for an admin, the first top unit) today: the coverage figures and their chart (the report's,
`exports.locality_report.coverage_chart`), this month's visit rate under the monthly rule, how
many have gone the rule's months without a visit and who has gone longest, and the worst gaps,
each linked to its page."""

from flask import url_for

from admin import scope
from documents.locality import LocalityAssignment, LocalityRule
from documents.locality_coverage import figure_name, gap_title, report
from documents.locality_visits import month_glance
from documents.official_document import vietnam_today
from documents.text import figure
from documents.unit import in_sentence
from exports.locality_report import coverage_chart

# The gaps the panel names under each figure (the coverage page lists more).
NAMED_GAPS = 3


def home_panel(user):
    from admin.base import Panel

    unit = scope.home_unit(user, only=("kind", "name", "ancestors"))
    if unit is None or LocalityAssignment.objects(ancestors=unit.pk).only("id").first() is None:
        return None  # nothing recorded yet: no panel of zeros
    today = vietnam_today()
    found = report(unit, today, scope.visible_filter, limit=NAMED_GAPS)
    expected, made, rate, flagged, longest = month_glance(
        unit, (today.year, today.month), scope.visible_filter(LocalityAssignment), longest=NAMED_GAPS
    )

    def coverage_page(name=None):  # every bar leads to the page of all four
        return url_for("locality_coverage.index", unit=str(unit.pk), day=today.strftime("%d/%m/%Y"))

    gaps = [
        (gap_title(name, found.staff_needed), shown.gaps, found.gaps.get(name, []))
        for name, shown in found.figures()
        if shown.gaps
    ]
    context = {
        "place": in_sentence(unit),
        "today": today,
        "figures": [(figure_name(name, found.staff_needed), shown) for name, shown in found.figures()],
        "chart": coverage_chart(found, link=coverage_page),
        "gaps": gaps,
        "expected": figure(round(float(expected), 1)),
        "made": made,
        "rate": None if rate is None else figure(round(float(rate), 1)),
        "flagged": flagged,
        "longest": [
            (gap, url_for("locality_assignment.details_view", id=str(gap.assignment))) for gap in longest
        ],
        "months_flagged": LocalityRule.in_force(today).months_flagged,
        "coverage_url": coverage_page(),
        "visits_url": url_for("locality_visits.index", unit=str(unit.pk), month=f"{today:%Y-%m}"),
        "figure": figure,
    }
    return Panel("admin/locality/_home_panel.html", context)
