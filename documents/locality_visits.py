"""The monthly rule measured as a reporting rate (issue 12, item 4): for a month and a unit, the
visits expected of the cadres in charge of its localities, the visits made, the rate, who has not
visited where and for how long.

What is counted: the assignments to a commune or a hamlet running on some day of the month, under
the unit and in the account's scope. Household assignments (`of_households`: party members in
charge of some households) are not locality visits and are left out, with their visits.

The rate (tỷ lệ về địa bàn), under the rule in force on the month's last day (`LocalityRule`):

- expected of an assignment = `visits_per_month` × days it runs in the month / days in the month
  (one ended on the 15th of a 31-day month owes 15/31 of a visit);
- made = its visits dated in the month (every one is shown);
- counted = made, but at most what is expected of that assignment: two visits to one hamlet do not
  make up for none to another, so the rate is at most 100 %;
- rate = Σ counted / Σ expected, in percent (None when nothing is expected).

The figures are kept exact in "visit-days" (visits × days in the month), whole numbers MongoDB adds
up; `VisitRate` divides. How long without a visit counts whole months: from the month after the
person's last visit to that locality on or before the month's end (whichever assignment it was
made under), through the month; never visited, from the assignment's first month. A month not yet
over (today's) is not counted as one without a visit: the count goes through the month before, so
on 5 December a cadre last there in October has gone one month (November) without. It is flagged
at `months_flagged` months in a row.

Every figure comes from one aggregation over the assignments with the month's visits grouped by
assignment unioned in (`$unionWith`), read through the indexes on (ancestors, level, start),
(ancestors, day) and (person, day).
"""

import calendar
import datetime
from dataclasses import dataclass, field
from fractions import Fraction
from typing import NamedTuple

from documents.base import vietnam_today
from documents.constants import LOCALITY_ROLES, label
from documents.locality import FIRST_DAY, LocalityAssignment, LocalityRule, overlapping
from documents.locality_visit import LocalityVisit
from documents.person import Person
from documents.unit import Unit, in_sentence

# Not-visited assignments a page lists by name (the count says how many there are in all).
LISTED = 200
NOT_A_MONTH = "Hãy chọn tháng theo dạng năm-tháng, ví dụ 2024-03."


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @property
    def first(self):
        return datetime.date(self.year, self.month, 1)

    @property
    def last(self):
        return datetime.date(self.year, self.month, self.days)

    @property
    def days(self):
        return calendar.monthrange(self.year, self.month)[1]

    @property
    def index(self):
        """Months since year 0: consecutive months differ by one."""
        return self.year * 12 + self.month - 1

    @property
    def value(self):
        """As an `<input type=month>` writes it: "2024-03"."""
        return f"{self.year:04d}-{self.month:02d}"

    def __str__(self):
        return f"tháng {self.month}/{self.year}"

    def ongoing(self, today=None):
        """Whether the month is not over yet (today is in it, or it is to come)."""
        return self.last >= (today or vietnam_today())


def month_of(value):
    """The `Month` of a date (any day of it), a (year, month) pair or a `Month`."""
    if isinstance(value, Month):
        return value
    if isinstance(value, datetime.date):
        return Month(value.year, value.month)
    year, month = value
    return Month(int(year), int(month))


def parse_month(typed, today):
    """The `Month` typed as "2024-03" (an `<input type=month>`) or "03/2024", from the first month
    assignments are kept to `today`'s; ValueError with the message for the field otherwise."""
    typed = (typed or "").strip()
    try:
        if "/" in typed:
            month, year = typed.split("/")
        else:
            year, month = typed.split("-")
        if not (year.isdigit() and month.isdigit() and len(year) == 4 and 1 <= int(month) <= 12):
            raise ValueError
        found = Month(int(year), int(month))
    except ValueError:
        raise ValueError(NOT_A_MONTH) from None
    if found.index > month_of(today).index:
        raise ValueError(f"Tháng không được sau tháng này ({today.month:02d}/{today.year}).")
    if found.first < FIRST_DAY.replace(day=1):
        raise ValueError(f"Tháng phải từ {FIRST_DAY:%m/%Y} trở đi.")
    return found


def rule_for(month):
    """The rule a month is measured by: the one in force on its last day."""
    return LocalityRule.in_force(month_of(month).last)


def _moment(day):
    return datetime.datetime.combine(day, datetime.time())


def _all_of(*parts):
    parts = [part for part in parts if part]
    return {"$and": parts} if parts else {}


def assignments_filter(unit, month, scope=None):
    """Raw filter of the assignments a month counts: to a commune or hamlet, not households,
    running on some day of the month, under `unit` (None: everywhere), within `scope`."""
    month = month_of(month)
    return _all_of(
        {"ancestors": unit.pk} if unit is not None else None,
        overlapping(month.first, month.last),
        {"households.0": {"$exists": False}},
        scope,
    )


def visits_filter(unit, month, scope=None):
    """Raw filter of the visits dated in the month under `unit` (None: everywhere), within `scope`."""
    month = month_of(month)
    return _all_of(
        {"ancestors": unit.pk} if unit is not None else None,
        {"day": {"$gte": _moment(month.first), "$lte": _moment(month.last)}},
        scope,
    )


def per_assignment(unit, month, scope=None, rule=None):
    """Stages giving one row per counted assignment: {_id, person, unit, commune, role, start, end,
    sort_name, expected: visit-days owed, made: visits in the month}."""
    month = month_of(month)
    rule = rule or rule_for(month)
    first, last = _moment(month.first), _moment(month.last)
    runs = {
        "$add": [
            {
                "$dateDiff": {
                    "startDate": {"$max": ["$start", first]},
                    "endDate": {"$min": [{"$ifNull": ["$end", last]}, last]},
                    "unit": "day",
                }
            },
            1,
        ]
    }
    kept = ("person", "unit", "commune", "role", "start", "end", "sort_name")
    return [
        {"$match": assignments_filter(unit, month, scope)},
        {"$project": {**dict.fromkeys(kept, 1), "expected": {"$multiply": [runs, rule.visits_per_month]}}},
        {
            "$unionWith": {
                "coll": LocalityVisit._get_collection_name(),
                "pipeline": [
                    {"$match": visits_filter(unit, month, scope)},
                    {"$group": {"_id": "$assignment", "made": {"$sum": 1}}},
                ],
            }
        },
        {
            "$group": {
                "_id": "$_id",
                **{name: {"$max": f"${name}"} for name in (*kept, "expected")},
                "made": {"$sum": "$made"},
            }
        },
        # Visits of assignments not counted (households', out of scope) have nothing expected.
        {"$match": {"expected": {"$ne": None}}},
    ]


def _totals(days):
    return {
        "$group": {
            "_id": None,
            "assignments": {"$sum": 1},
            "expected": {"$sum": "$expected"},
            "made": {"$sum": "$made"},
            "counted": {"$sum": {"$min": [{"$multiply": ["$made", days]}, "$expected"]}},
        }
    }


def _gaps(month, rule):
    """Stages keeping the assignments without a visit in the month, with the person's last visit
    to the locality on or before its end (`last_visit`) and the months in a row without (`months`)."""
    month = month_of(month)
    last_visit = {
        "$lookup": {
            "from": LocalityVisit._get_collection_name(),
            "let": {"person": "$person", "unit": "$unit"},
            "pipeline": [
                {"$match": {"$expr": {"$eq": ["$person", "$$person"]}, "day": {"$lte": _moment(month.last)}}},
                {"$match": {"$expr": {"$eq": ["$unit", "$$unit"]}}},
                {"$sort": {"day": -1}},
                {"$limit": 1},
                {"$project": {"_id": 0, "day": 1}},
            ],
            "as": "last_visit",
        }
    }

    def index(day):
        return {"$add": [{"$multiply": [{"$year": day}, 12]}, {"$month": day}, -1]}

    # A visit under an earlier assignment still counts as the last one, but never further back
    # than the month before this assignment started.
    since = {"$max": [{"$ifNull": [index("$last_visit"), -1]}, {"$subtract": [index("$start"), 1]}]}
    through = month.index - 1 if month.ongoing() else month.index  # a month counts once it is over
    return [
        {"$match": {"made": 0}},
        last_visit,
        {"$set": {"last_visit": {"$first": "$last_visit.day"}}},
        {"$set": {"months": {"$max": [{"$subtract": [through, since]}, 0]}}},
        {"$set": {"flagged": {"$gte": ["$months", rule.months_flagged]}}},
    ]


@dataclass
class VisitRate:
    """A month's reporting rate for a unit; `expected` and `counted` in visits (fractions)."""

    unit: object
    month: Month
    rule: LocalityRule
    assignments: int = 0
    expected_days: int = 0
    made: int = 0
    counted_days: int = 0

    @property
    def expected(self):
        return Fraction(self.expected_days, self.month.days)

    @property
    def counted(self):
        return Fraction(self.counted_days, self.month.days)

    @property
    def rate(self):
        """Percent of the expected visits made (at most 100), None when none is expected."""
        return 100 * Fraction(self.counted_days, self.expected_days) if self.expected_days else None


def _rate(unit, month, rule, row):
    found = VisitRate(unit=unit, month=month, rule=rule)
    if row:
        found.assignments, found.made = row["assignments"], row["made"]
        found.expected_days, found.counted_days = row["expected"], row["counted"]
    return found


def visit_rate(unit, month, scope=None):
    """The named query of the month's rate for `unit` (None: everywhere) within `scope` (a raw
    filter of assignments, as `admin.scope.visible_filter` gives)."""
    month = month_of(month)
    rule = rule_for(month)
    pipeline = [*per_assignment(unit, month, scope, rule), _totals(month.days)]
    row = next(LocalityAssignment._get_collection().aggregate(pipeline), None)
    return _rate(unit, month, rule, row)


@dataclass
class Gap:
    """An assignment without a visit in the month, named for a list."""

    assignment: object
    person: str
    role: str
    locality: str
    commune: str | None
    start: datetime.date
    end: datetime.date | None
    last_visit: datetime.date | None
    months: int
    flagged: bool
    month: Month | None = None

    @property
    def gap_text(self):
        if self.last_visit is not None and self.month and self.last_visit >= self.month.first:
            # this month, under their other assignment
            return f"Đã về ngày {self.last_visit:%d/%m/%Y} theo phân công khác, chưa về theo phân công này"
        if self.last_visit is None:
            since = f"Chưa về lần nào từ khi phân công ({self.start:%d/%m/%Y})"
            return f"{since}, {self.months} tháng" if self.months else since
        if self.months == 0:  # the month not over yet, visited the month before
            return "Chưa về trong tháng này"
        return f"{self.months} tháng liền chưa về"


@dataclass
class NotVisited:
    month: Month
    rule: LocalityRule
    total: int = 0
    flagged: int = 0
    rows: list = field(default_factory=list)


# Longest without a visit first, then by person.
GAP_ORDER = {"months": -1, "sort_name": 1, "_id": 1}


def not_visited(unit, month, scope=None, limit=LISTED):
    """The named query of who has not visited where in the month: how many assignments, how many
    flagged, and the first `limit`, longest without a visit first, then by person."""
    month = month_of(month)
    rule = rule_for(month)
    pipeline = [
        *per_assignment(unit, month, scope, rule),
        *_gaps(month, rule),
        {
            "$facet": {
                "total": [{"$count": "n"}],
                "flagged": [{"$match": {"flagged": True}}, {"$count": "n"}],
                "rows": [{"$sort": GAP_ORDER}, {"$limit": limit}],
            }
        },
    ]
    found = next(LocalityAssignment._get_collection().aggregate(pipeline))
    return NotVisited(
        month=month,
        rule=rule,
        total=_count(found["total"]),
        flagged=_count(found["flagged"]),
        rows=_named(found["rows"], month),
    )


class Glance(NamedTuple):
    expected: Fraction
    made: int
    rate: Fraction | None
    flagged: int
    longest: list  # [Gap], as `not_visited` orders them


def month_glance(unit, month, scope=None, longest=0):
    """For the home panel, in one aggregation: the expected visits, visits made, rate, how many
    flagged, and the first `longest` of `not_visited`'s rows (those longest without a visit)."""
    month = month_of(month)
    rule = rule_for(month)
    gaps = {"_id": None, "n": {"$sum": {"$cond": ["$flagged", 1, 0]}}}
    if longest:
        gaps["rows"] = {"$topN": {"n": longest, "sortBy": GAP_ORDER, "output": "$$ROOT"}}
    pipeline = [
        *per_assignment(unit, month, scope, rule),
        {"$facet": {"totals": [_totals(month.days)], "gaps": [*_gaps(month, rule), {"$group": gaps}]}},
    ]
    found = next(LocalityAssignment._get_collection().aggregate(pipeline))
    rate = _rate(unit, month, rule, found["totals"][0] if found["totals"] else None)
    rows = found["gaps"][0].get("rows", []) if found["gaps"] else []
    return Glance(rate.expected, rate.made, rate.rate, _count(found["gaps"]), _named(rows, month))


def _count(rows):
    return rows[0]["n"] if rows else 0


def _named(rows, month=None):
    people = {
        p["_id"]: p.get("full_name", "")
        for p in Person.objects(pk__in=[row["person"] for row in rows]).only("full_name").as_pymongo()
    }
    ids = {row["unit"] for row in rows} | {row.get("commune") for row in rows}
    units = {u.pk: u for u in Unit.objects(pk__in=[pk for pk in ids if pk]).only("kind", "name")}
    return [
        Gap(
            assignment=row["_id"],
            person=people.get(row["person"], ""),
            role=label(LOCALITY_ROLES, row.get("role")),
            locality=str(units[row["unit"]]) if row["unit"] in units else "",
            commune=in_sentence(units[row["commune"]])
            if row.get("commune") not in (None, row["unit"]) and row["commune"] in units
            else None,
            start=row["start"].date(),
            end=row["end"].date() if row.get("end") else None,
            last_visit=row["last_visit"].date() if row.get("last_visit") else None,
            months=row["months"],
            flagged=row["flagged"],
            month=month,
        )
        for row in rows
    ]
