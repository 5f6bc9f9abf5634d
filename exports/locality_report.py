"""Báo cáo kết quả thực hiện phân công cán bộ, đảng viên phụ trách địa bàn (kind
`phu_trach_dia_ban`): for a unit and a period, the coverage on the period's last day (the four
figures of the coverage page and its chart, `documents.locality_coverage.report`), the visits of
each month measured against the monthly rule (`documents.locality_visits.visit_rate`), what the
visits came to (problems raised, support given: `documents.locality_support.visits_in_period`),
and the gaps: localities without the cadres the rule asks for, and who has not visited where in
the period's last month (`documents.locality_visits.not_visited`).

The period is a year (`--year`: 1 January to 31 December, or to the printing day in the current
year) or runs from 1 January to a day (`--date`); without either, this year to the printing day.
"""

import datetime

from documents import LocalityVisit
from documents.locality_coverage import FIGURES, LISTED, SHORT_NAMES, figure_name, gap_title
from documents.text import figure
from documents.unit import in_sentence
from exports import chart

DOCUMENT_TYPE = "BC"
TEMPLATE = "documents/locality_report.html"
PARAMETERS = ()
OPTIONAL_PARAMETERS = ("year", "date")
NOT_VISITED_LISTED = 50
NOT_VISITED_COLUMNS = ("STT", "Họ và tên", "Địa bàn", "Thời gian chưa về")


def summary(unit, document_type, parameters=None):
    values = parameters or {}
    if values.get("date"):
        when = f" đến ngày {datetime.date.fromisoformat(values['date']):%d/%m/%Y}"
    elif values.get("year"):
        when = f" năm {values['year']}"
    else:
        when = ""
    return f"kết quả thực hiện phân công cán bộ, đảng viên phụ trách địa bàn{when} của {in_sentence(unit)}"


def period(document, today):
    """(first day, last day) the report covers (see the module's docstring)."""
    values = document.parameters or {}
    if values.get("date"):
        last = datetime.date.fromisoformat(values["date"])
        return datetime.date(last.year, 1, 1), last
    year = int(values.get("year") or today.year)
    return datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), max(today, datetime.date(year, 1, 1)))


def months(first, last):
    """The (year, month) of each month from `first` to `last`."""
    found, (year, month) = [], (first.year, first.month)
    while (year, month) <= (last.year, last.month):
        found.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def rows(document):
    """The rows the report prints, about: a month each, the support kinds, the gaps listed."""
    from documents.official_document import vietnam_today

    first, last = period(document, vietnam_today())
    moments = [datetime.datetime.combine(day, datetime.time()) for day in (first, last)]
    raw = {"ancestors": document.unit.pk, "day": {"$gte": moments[0], "$lte": moments[1]}}
    kinds = len(LocalityVisit._get_collection().distinct("support.kind", raw))
    return len(months(first, last)) + kinds + LISTED * len(FIGURES) + NOT_VISITED_LISTED


def coverage_chart(found, link=None):
    """The coverage figures as bars of per cent covered (`exports.chart`), the same on the home
    panel (each bar linked to the coverage page by `link(figure name)`) and in the report."""
    bars = [
        (
            figure_name(name, found.staff_needed, SHORT_NAMES),
            float(shown.percent or 0),
            *((link(name),) if link else ()),
        )
        for name, shown in found.figures()
        if shown.total
    ]
    return chart.bars(bars, title=f"Độ bao phủ ngày {found.day:%d/%m/%Y}", unit="%")


def _percent(value):
    return "—" if value is None else f"{figure(round(float(value), 1))}%"


def gather(document, day):
    from documents.locality_coverage import report
    from documents.locality_support import visits_in_period
    from documents.locality_visits import not_visited, visit_rate

    unit = document.unit
    first, last = period(document, day)
    found = report(unit, last)
    monthly = []
    for year, month in months(first, last):
        rate = visit_rate(unit, (year, month))
        monthly.append(
            [
                f"{month:02d}/{year}",
                figure(rate.assignments),
                _shown(rate.expected),
                figure(rate.made),
                _percent(rate.rate),
            ]  # fmt: skip
        )
    visits = visits_in_period(unit, first, last)
    missing = not_visited(unit, months(first, last)[-1], limit=NOT_VISITED_LISTED)
    coverage = [
        [
            figure_name(name, found.staff_needed),
            figure(shown.covered),
            figure(shown.total),
            _percent(shown.percent),
        ]
        for name, shown in found.figures()
    ]
    gaps = [
        {
            "title": gap_title(name, found.staff_needed),
            "count": shown.gaps,
            "listed": [_gap_text(gap, name == "hamlet_staff") for gap in found.gaps.get(name, [])],
        }
        for name, shown in found.figures()
        if shown.gaps
    ]
    return {
        "unit": in_sentence(unit),
        "first": first.strftime("%d/%m/%Y"),
        "last": last.strftime("%d/%m/%Y"),
        "coverage": coverage,
        "chart": str(coverage_chart(found)),
        "monthly": monthly,
        "visits": visits.visits,
        "people": visits.people,
        "localities": visits.localities,
        "by_purpose": [[name, n] for name, n in visits.by_purpose],
        "problems": visits.problems,
        "by_level": [[name, n] for name, n in visits.by_level],
        "by_follow_up": [[name, n] for name, n in visits.by_follow_up],
        "support": [
            [row.kind, row.measure, figure(row.quantity) if row.quantity else "", figure(row.value)]
            for row in visits.support
        ],
        "support_value": figure(visits.support_value),
        "gaps": gaps,
        "not_visited": {
            "month": f"{missing.month.month:02d}/{missing.month.year}",
            "total": missing.total,
            "flagged": missing.flagged,
            "months_flagged": missing.rule.months_flagged,
            "table": {
                "columns": list(NOT_VISITED_COLUMNS),
                "rows": [[n, g.person, g.locality, g.gap_text] for n, g in enumerate(missing.rows, 1)],
                "widths": [8, 27, 35, 30],
                "numeric": [],
                "centered": [],
            },
        },
    }


def _shown(fraction):
    """A count of visits that may be a fraction (prorated): 12, 11,5."""
    return figure(round(float(fraction), 1))


def _gap_text(gap, with_staff):
    # "Thôn Đoàn Kết (xã Nam Quan)": the places inside the sentence, their kinds in lower case.
    place = ", ".join(part[:1].lower() + part[1:] for part in gap.place.split(", ")) if gap.place else ""
    where = f" ({place})" if place else ""
    staff = f": {figure(gap.staff)} cán bộ xã" if with_staff and gap.staff is not None else ""
    return f"{gap.name}{where}{staff}"
