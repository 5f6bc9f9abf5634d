"""The conditions the breakthrough summaries count with, as raw filters on the tasks' stored
fields; the console's task list filters by the same ones (admin/breakthrough_filters.py), so the
list a figure links to holds exactly the tasks it counts.

Overdue and at risk are as of a day (`as_of`: today, or 31/12 of a past year), by the rules of
`documents.breakthrough.standing`: a task not yet evaluated after the last day of its period is
overdue; an open term task is at risk when its achievement on the day (the last entry of its
stored `progress` up to the day) is below the share of the term gone by then (`share_gone`).
"""

import datetime

from documents.base import vietnam_today
from documents.breakthrough import FINAL_STATES, MAX_TERM_YEARS, share_gone
from documents.constants import UNIT_LEVELS


def as_of(year, today=None):
    """The day a year's summary is taken on: today for this year (and later ones), 31/12 before."""
    today = today or vietnam_today()
    return min(today, datetime.date(year, 12, 31))


# Conditions, as raw filters on the tasks' stored fields.


def under_filter(unit):
    """Tasks concerning `unit` or a unit below it; every task when `unit` is None (an admin's tree)."""
    return {} if unit is None else {"ancestors": unit.pk}


def year_filter(year):
    """Tasks whose period includes `year`: the year's own tasks and the terms running through it."""
    return {"start_year": {"$lte": year}, "end_year": {"$gte": year}}


def period_filter(start_year, end_year=None):
    """The tasks of one period: the year `start_year` alone, or the term start_year–end_year."""
    if end_year is None or end_year == start_year:
        return {"period_kind": "nam", "start_year": start_year}
    return {"period_kind": "nhiem_ky", "start_year": start_year, "end_year": end_year}


def parse_period(value):
    """(start, end) from "2022" or "2021-2025" (an en dash too); None for anything else."""
    parts = str(value or "").replace("–", "-").split("-")
    if not 1 <= len(parts) <= 2 or not all(p.strip().isdigit() and len(p.strip()) == 4 for p in parts):
        return None
    start, end = int(parts[0]), int(parts[-1])
    return (start, end) if start <= end else None


def period_value(start_year, end_year):
    return str(start_year) if end_year in (None, start_year) else f"{start_year}-{end_year}"


def period_phrase(start_year, end_year):
    """ "năm 2022", "giai đoạn 2021–2025": a period inside a sentence."""
    return f"năm {start_year}" if end_year in (None, start_year) else f"giai đoạn {start_year}–{end_year}"


def overdue_filter(day):
    """Tasks not yet evaluated after the last day of their period (`standing`: behind)."""
    return {"state": {"$nin": list(FINAL_STATES)}, "end_year": {"$lt": day.year}}


def achievement_on(day):
    """An aggregation expression: a task's achievement after the check-ins up to `day` (the last
    entry of its stored `progress` dated on or before it), 0 before any."""
    on = datetime.datetime(day.year, day.month, day.day)
    reported = {"$filter": {"input": {"$ifNull": ["$progress", []]}, "cond": {"$lte": ["$$this.day", on]}}}
    return {"$let": {"vars": {"last": {"$last": reported}}, "in": {"$ifNull": ["$$last.percent", 0]}}}


def at_risk_filter(day):
    """Term tasks approved, open on `day` and running then whose achievement is below the share of
    the term gone (`documents.breakthrough.at_risk`). The share depends only on the term's years: it is worked
    out here, exactly as `share_gone` does, for every term a task may have that runs through the
    day's year (a table indexed by first year and length), and MongoDB compares each task with its
    term's share."""
    year = day.year
    first = year - MAX_TERM_YEARS + 1
    shares = [
        float(share_gone(start, start + length, day)) if length and start + length >= year else -1.0
        for start in range(first, year + 1)
        for length in range(MAX_TERM_YEARS)
    ]
    length = {"$subtract": ["$end_year", "$start_year"]}
    place = {"$add": [{"$multiply": [{"$subtract": ["$start_year", first]}, MAX_TERM_YEARS]}, length]}
    on = datetime.datetime(day.year, day.month, day.day)
    return {
        "period_kind": "nhiem_ky",
        # Open on the day: not evaluated yet, or evaluated after it (`standing` judges it by its
        # progress then); one loaded without `evaluated_on` counts as evaluated on every day.
        "$or": [{"state": {"$nin": list(FINAL_STATES)}}, {"evaluated_on": {"$gt": on}}],
        # One still awaiting approval is open, not at risk (`standing`).
        "state": {"$ne": "registered"},
        "start_year": {"$gte": first, "$lte": year},
        "end_year": {"$gte": year},
        "$expr": {
            "$and": [
                {"$lt": [length, MAX_TERM_YEARS]},
                {"$lt": [achievement_on(day), {"$arrayElemAt": [shares, place]}]},
            ]
        },
    }


# The index a unit's tasks are read through, (ancestors, end_year, start_year) of the tasks' meta,
# by the name MongoDB gives it (`aggregate` takes no key list). Left to choose, MongoDB's planner
# sometimes reads the overdue and at-risk conditions through (start_year, _id) or (state,
# sort_name, _id) and examines the whole province's tasks, not the unit's (on the benchmark's
# province: 60,000 tasks in 150-200 ms instead of a district's 3,000 in 10).
UNIT_INDEX = "ancestors_1_end_year_1_start_year_1"


def read_under(unit):
    """Options that read the tasks under `unit` through `UNIT_INDEX` (none for every unit)."""
    return {} if unit is None else {"hint": UNIT_INDEX}


def bodies_filter(ids):
    return {"body": {"$in": list(ids)}}


def all_of(*filters):
    """One raw filter requiring every non-empty one of `filters`."""
    kept = [f for f in filters if f]
    return kept[0] if len(kept) == 1 else ({"$and": kept} if kept else {})


def tasks_filter(unit, year, scope=None):
    """The tasks a summary counts: under `unit`, of `year`, within the account's `scope` (a raw
    filter, None for all)."""
    return all_of(under_filter(unit), year_filter(year), scope)


def given_from_above(unit_id):
    """Tasks given by a body placed at a unit above `unit_id` (the district's bodies for a commune)."""
    from documents.issuing_body import IssuingBody
    from documents.unit import Unit

    found = Unit._get_collection().find_one({"_id": unit_id}, projection={"ancestors": 1}) or {}
    ids = IssuingBody._get_collection().distinct("_id", {"unit": {"$in": found.get("ancestors", [])}})
    return bodies_filter(ids)


def given_from_below(unit_id):
    """Tasks given by a body placed at a unit below `unit_id` (a commune's bodies for a district)."""
    from documents.issuing_body import IssuingBody

    ids = IssuingBody._get_collection().distinct("_id", {"ancestors": unit_id, "unit": {"$ne": unit_id}})
    return bodies_filter(ids)


LEVEL_NAMES = {1: "cấp tỉnh", 2: "cấp huyện", 3: "cấp xã", 4: "cấp thôn"}


# Assigning bodies, as seen from a unit.


def bodies_around(unit):
    """{body id: {"name", "short", "level", "unit"}} of the bodies placed above `unit` ("above"),
    at it ("own") or below it ("below", with `level_name`, e.g. "cấp xã"), in one query (and one for
    the kinds of the units below)."""
    from documents.issuing_body import IssuingBody
    from documents.unit import Unit

    if unit is None:
        return {}
    raw = {"$or": [{"unit": {"$in": list(unit.ancestors)}}, {"ancestors": unit.pk}]}
    rows = list(IssuingBody._get_collection().find(raw, projection={"name": 1, "unit": 1}))
    below = {row["unit"] for row in rows if row["unit"] != unit.pk and row["unit"] not in unit.ancestors}
    kinds = {
        u["_id"]: u["kind"] for u in Unit._get_collection().find({"_id": {"$in": list(below)}}, {"kind": 1})
    }
    found = {}
    for row in rows:
        if row["unit"] in unit.ancestors:
            level, level_name = "above", None
        elif row["unit"] == unit.pk:
            level, level_name = "own", None
        else:
            level, level_name = "below", LEVEL_NAMES.get(UNIT_LEVELS.get(kinds.get(row["unit"])), "cấp dưới")
        found[row["_id"]] = {
            "name": row["name"],
            "short": short_name(row["name"], unit) if level == "own" else row["name"],
            "level": level,
            "level_name": level_name,
        }
    return found


def short_name(body_name, unit):
    """A body of `unit` named as people say it there: "Đảng ủy" for "Đảng ủy xã Nhân Lý", "Ủy ban
    nhân dân" for "Ủy ban nhân dân xã Nam Quan", "Ban Thường vụ Huyện ủy" for "Ban Thường vụ Huyện
    ủy Chiêm Hóa": the name without the unit's name (with its kind, "xã Nhân Lý", when it is there)."""
    from documents.unit import in_sentence

    name = " ".join((body_name or "").split())
    for tail in (in_sentence(unit), unit.name):
        tail = " ".join(tail.split())
        if name.casefold().endswith(" " + tail.casefold()) and len(name) > len(tail) + 1:
            return name[: -len(tail) - 1].rstrip(" ,-")
    return name


# The summary.
