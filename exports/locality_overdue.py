"""Danh sách cán bộ chưa về địa bàn trong tháng (kind `cham_tham`): for a unit and a month
(`--month YYYY-MM`), the month's visits against the monthly rule (`visit_rate`), then everyone in
charge of, following or supporting a commune or hamlet of the unit who has not visited it that
month, longest without a visit first, those without a visit for `months_flagged` months in a row
marked (`not_visited`, every one of them: the list is what the board sends out to be followed up).
"""

from documents.text import figure
from documents.unit import in_sentence
from exports.parameters import period_words

DOCUMENT_TYPE = "DS"
DOCUMENT_TYPES = ("DS", "TB")
TEMPLATE = "documents/locality_overdue.html"
PARAMETERS = ("month",)
COLUMNS = ("STT", "Họ và tên", "Nhiệm vụ", "Địa bàn", "Lần về gần nhất", "Thời gian chưa về")
WIDTHS = (6, 19, 10, 26, 15, 24)
# Enough for any unit's month: a province has some tens of thousands of assignments.
EVERY_ONE = 1_000_000


def summary(unit, document_type, parameters=None):
    return f"cán bộ chưa về địa bàn {period_words(parameters)} của {in_sentence(unit)}"


def rows(document):
    """The rows the list prints, counted by the same query (its total, no row read)."""
    from documents.locality_visits import not_visited

    return not_visited(document.unit, _month(document), limit=1).total


def _month(document):
    year, month = document.parameters["month"].split("-")
    return int(year), int(month)


def gather(document, day):
    from documents.locality_visits import not_visited, visit_rate

    unit, month = document.unit, _month(document)
    rate = visit_rate(unit, month)
    missing = not_visited(unit, month, limit=EVERY_ONE)
    table = [
        [
            number,
            gap.person,
            gap.role,
            f"{gap.locality}, {gap.commune}" if gap.commune else gap.locality,
            f"{gap.last_visit:%d/%m/%Y}" if gap.last_visit else "Chưa về lần nào",
            gap.gap_text + (" (*)" if gap.flagged else ""),
        ]
        for number, gap in enumerate(missing.rows, 1)
    ]
    return {
        "unit": in_sentence(unit),
        "month": f"{month[1]:02d}/{month[0]}",
        "visits_per_month": rate.rule.visits_per_month,
        "months_flagged": missing.rule.months_flagged,
        "assignments": rate.assignments,
        "expected": figure(round(float(rate.expected), 1)),
        "made": rate.made,
        "counted": figure(round(float(rate.counted), 1)),
        "rate": "—" if rate.rate is None else f"{figure(round(float(rate.rate), 1))}%",
        "total": missing.total,
        "flagged": missing.flagged,
        "table": {
            "columns": list(COLUMNS),
            "rows": table,
            "widths": list(WIDTHS),
            "numeric": [],
            "centered": [4],
        },
    }
