"""The half-year or year report on the quality of cell meetings of a grassroots committee (kind
`sinh_hoat_chi_bo`): the figures of the board's summary page (`documents.cell_meeting_summary`,
the same named query, and its `by_cell` rows), the rule they are judged by, each cell's meetings,
and what falls short: months without a regular meeting, quarters without a thematic one, meetings
shorter than the rule, members absent without a reason in as many months as the rule removes a
member for; then the committee's reviews of the period and the cells' ratings of the year
(`documents.cell_review_summary`). `--year`, and `--half 1` for the first six months (judged on
30/06, or today while they last); the whole year is judged on today, or on 31/12 once over."""

import datetime

from documents.text import figure
from documents.unit import in_sentence
from exports.parameters import HALVES

DOCUMENT_TYPE = "BC"
TEMPLATE = "documents/cell_meeting_report.html"
PARAMETERS = ("year",)
OPTIONAL_PARAMETERS = ("half",)
# The last column, each cell's review and rating, is named by the period (`_reviews`).
COLUMNS = ("STT", "Chi bộ", "Số buổi", "Buổi thường kỳ", "Buổi chuyên đề", "Tỷ lệ đảng viên dự",
           "Buổi chưa đủ thời lượng", "Tháng, quý chưa sinh hoạt theo quy định")  # fmt: skip
WIDTHS = (5, 19, 7, 10, 10, 9, 9, 18, 13)
# The levels as a narrow column writes them: the abbreviations the boards' tables use.
SHORT_LEVELS = {"xuat_sac": "HTXSNV", "tot": "HTTNV", "hoan_thanh": "HTNV", "khong_hoan_thanh": "KHTNV"}
LISTED = 50  # cells or members named in a sentence of shortcomings; the rest are counted


def period(values):
    """ "6 tháng đầu năm 2024" or "năm 2024"."""
    year = values.get("year")
    if not year:
        return ""
    return f"{HALVES[1]} {year}" if values.get("half") == 1 else f"năm {year}"


def summary(unit, document_type, parameters=None):
    words = period(parameters or {})
    return f"chất lượng sinh hoạt chi bộ {words} của {in_sentence(unit)}".replace("  ", " ")


def judged_day(values, today):
    """The day the period is judged on (the module's docstring)."""
    from documents.cell_meeting_summary import judged_on

    year = int(values.get("year") or today.year)
    day = judged_on(year, today)
    return min(day, datetime.date(year, 6, 30)) if values.get("half") == 1 else day


def rows(document):
    from documents import PartyOrganization
    from documents.constants import CELL_KINDS

    return PartyOrganization.objects(ancestors=document.unit.pk, kind__in=CELL_KINDS).count()


def _numbers(word, numbers):
    return f"{word} {', '.join(str(n) for n in numbers)}"


def _missed(row):
    parts = []
    if row.missed_months:
        parts.append(f"thường kỳ {_numbers('tháng', row.missed_months)}")
    if row.missed_quarters:
        parts.append(f"chuyên đề {_numbers('quý', row.missed_quarters)}")
    return "; ".join(parts) or "Đủ"


def _rate(rate):
    return "chưa điểm danh" if rate is None else f"{figure(rate)}%"


def _reviews(unit, year, half, cells):
    """Section IV: the committee's reviews of the period (6 or 12 months) with the levels their
    scores propose, and for the year the cells' ratings and the members' (a half-year report
    says nothing of the year's ratings, decided after it); and each cell's result for the last
    column of the table (the review's score, with its proposed level at six months, the year's
    rating for the year)."""
    from documents.cell_rating import CellRating, MemberRating
    from documents.cell_review import CellReview
    from documents.cell_review_summary import summary as review_summary
    from documents.constants import RATING_LEVELS, REVIEW_PERIODS, label

    found = review_summary(unit, year)
    period = "6_thang" if half == 1 else "12_thang"
    not_reviewed = found.not_reviewed[period]
    ids = [cell.pk for cell in cells]
    reviews = {}
    found_reviews = CellReview.objects(organization__in=ids, year=year, period=period).order_by("reviewed_on")
    for review in found_reviews.no_dereference():  # one query, whatever the number of cells
        cell = review.organization
        reviews[getattr(cell, "id", cell)] = review  # the latest, if a cell has two
    proposed = {level: sum(r.proposed == level for r in reviews.values()) for level, _ in RATING_LEVELS}
    data = {
        "review_period": label(REVIEW_PERIODS, period),
        "reviewed": len(found.cells) - len(not_reviewed),
        "not_reviewed": [cell.name for cell in not_reviewed[:LISTED]],
        "not_reviewed_count": len(not_reviewed),
        "proposed": [
            f"{proposed[level]} chi bộ {name.lower()}" for level, name in RATING_LEVELS if proposed[level]
        ],
        "year_report": half != 1,
    }
    if half == 1:
        return {**data, "results": {pk: _result(r, r.proposed) for pk, r in reviews.items()}}
    ratings = CellRating.objects(organization__in=ids, year=year).only("organization", "level").as_pymongo()
    levels = {row["organization"]: row["level"] for row in ratings}
    members = MemberRating.objects(ancestors=unit.pk, year=year).only("level").as_pymongo()
    member_levels = {level: 0 for level, _ in RATING_LEVELS}
    for row in members:
        member_levels[row["level"]] = member_levels.get(row["level"], 0) + 1
    results = {cell.pk: _result(reviews.get(cell.pk), levels.get(cell.pk)) for cell in cells}
    return {
        **data,
        "results": results,
        "rated": found.rated,
        "levels": [f"{found.levels[level]} chi bộ {name.lower()}" for level, name in RATING_LEVELS],
        "unrated": [cell.name for cell in found.unrated[:LISTED]],
        "unrated_count": len(found.unrated),
        "members_rated": sum(member_levels.values()),
        "member_levels": [f"{member_levels[level]} {name.lower()}" for level, name in RATING_LEVELS],
    }


def _result(review, level):
    """ "92/100 HTXSNV": a review's score and a level, as the table's last column writes them."""
    score = review.score_text.removesuffix(" điểm") if review else ""
    return " ".join(filter(None, (score, SHORT_LEVELS.get(level))))


def gather(document, day):
    from documents.cell_meeting_summary import by_cell
    from documents.cell_meeting_summary import summary as summarize

    unit = document.unit
    values = document.parameters or {}
    year = int(values.get("year") or day.year)
    on = judged_day(values, day)
    found = summarize(unit, year, day=on)
    cells = by_cell(found)
    rule = found.rule
    reviews = _reviews(unit, year, values.get("half"), found.cells)
    short = [row for row in cells if row.short]
    absentees = [
        f"{person.full_name} ({getattr(person.party_organization, 'name', 'đã chuyển sinh hoạt')}): "
        f"{_numbers('tháng', months)}"
        for person, months in found.absentees
    ]
    return {
        "unit": in_sentence(unit),
        "period": period({**values, "year": year}),
        "day": on.strftime("%d/%m/%Y"),
        "cells": len(found.cells),
        "meetings": found.meetings,
        "regular": sum(row.regular - row.combined for row in cells),
        "thematic": sum(row.thematic - row.combined for row in cells),
        "combined": sum(row.combined for row in cells),
        "rate": _rate(found.rate),
        "present": found.present,
        "called": found.called,
        "months": len(found.months),
        "quarters": len(found.quarters),
        "rule": (
            f"{rule.name}: mỗi tháng ít nhất {rule.regular_per_month} buổi sinh hoạt thường kỳ, mỗi quý "
            f"ít nhất {rule.thematic_per_quarter} buổi sinh hoạt chuyên đề; mỗi buổi ít nhất "
            f"{rule.minutes_regular} phút ({rule.minutes_combined} phút khi thường kỳ kết hợp chuyên đề)"
        ),
        "absences_removed": rule.absences_removed,
        "missed_regular": [
            f"{cell.name}: {_numbers('tháng', months)}" for cell, months in found.missed_regular[:LISTED]
        ],
        "missed_regular_count": len(found.missed_regular),
        "missed_thematic": [
            f"{cell.name}: {_numbers('quý', quarters)}" for cell, quarters in found.missed_thematic[:LISTED]
        ],
        "missed_thematic_count": len(found.missed_thematic),
        "short": [f"{row.cell.name}: {row.short} buổi" for row in short[:LISTED]],
        "short_count": sum(row.short for row in short),
        "absentees": absentees[:LISTED],
        "absentees_count": len(absentees),
        **reviews,
        "table": {
            "columns": [*COLUMNS, "Điểm, xếp loại năm" if reviews["year_report"] else "Đánh giá 6 tháng"],
            "rows": [
                [
                    n,
                    row.cell.name,
                    row.meetings,
                    row.regular,
                    row.thematic,
                    _rate(row.rate),
                    row.short,
                    _missed(row) if found.months else "Chưa hết tháng nào",
                    reviews["results"].get(row.cell.pk, ""),
                ]
                for n, row in enumerate(cells, 1)
            ],
            "widths": list(WIDTHS),
            "numeric": [2, 3, 4, 6],
            "centered": [5, 8],
        },
    }
