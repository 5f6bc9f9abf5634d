"""Coverage of localities on a day (issue 12, item 2): "tỉnh nắm tới xã, huyện nắm tới ấp, xã nắm
tới hộ gia đình", counted for a unit (province, district or commune) on a day.

Four figures, each (covered, total, percent), and the gaps behind each:

- communes under the unit with a leader from above in charge: a running assignment of the commune
  itself (any role: in charge of, following or supporting) held by a province or district person
  (`assignee_level` above `COMMUNE_LEVEL`);
- hamlets with a leader from above, the same on the hamlet;
- hamlets with at least `LocalityRule.in_force(day).commune_staff_per_hamlet` distinct commune
  staff (`assignee_level == COMMUNE_LEVEL`) in charge of the hamlet;
- households with a party member in charge: a running household assignment lists it. A household
  counts where it is now (`Household.ancestors`), once, whichever hamlet's assignment lists it (one
  that moved away may still be listed by its old hamlet's assignment).

Household assignments put a member in charge of households, not of the hamlet: they count only
for the last figure. "Running" is `documents.locality.running(day)`: an assignment that starts or
ends within a month counts on the days it runs.

Every figure is counted by MongoDB, never by loading records. The commune and hamlet figures are
each one aggregation over the units of the unit, with the running assignments joined by
`$unionWith` and grouped by locality (both hamlet figures come from one). The households figure
is read from per-hamlet summaries kept on write (`documents.locality_coverage_households`,
`documents.locality_coverage_summary`): each hamlet's households and how many are covered on any
day, recomputed on read when a write marked them stale. `report` gives the figures with their
first gaps, as the page shows them; `figure_gaps` one figure with a page of its gaps. `scope` is a function
giving, for a document class, the raw filter of the records the account may see (None: all),
`admin.scope.visible_filter` in the console, `within(unit_id)` elsewhere.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from documents.constants import COMMUNE_LEVEL, HAMLET_LEVEL, UNIT_LEVELS
from documents.household import Household
from documents.locality import LocalityAssignment, LocalityRule, running
from documents.locality_coverage_households import household_figure
from documents.text import figure
from documents.unit import Unit

# Gaps the page lists by name under each figure (the rest are counted).
LISTED = 20
# Up to this many households of stale hamlets, their summaries are recomputed from the assignments
# listing them found through the index on `households`, with the ids in an `$in` (under 1 MB);
# above it, from every household assignment.
HOUSEHOLD_IDS = 50_000
FIGURES = ("communes", "hamlets", "hamlet_staff", "households")
# What each figure counts, as the page, the home panel and the report name it (the hamlet staff
# figure says the number the rule asks for), shorter on a chart's bars; the heading of its gaps;
# the word counting the gaps not listed.
FIGURE_NAMES = {
    "communes": "Xã, phường, thị trấn có lãnh đạo cấp trên phụ trách",
    "hamlets": "Thôn, tổ dân phố có lãnh đạo cấp trên phụ trách",
    "hamlet_staff": "Thôn, tổ dân phố có từ {needed} cán bộ, công chức xã phụ trách",
    "households": "Hộ gia đình có đảng viên phụ trách",
}
SHORT_NAMES = {
    "communes": "Xã có lãnh đạo cấp trên phụ trách",
    "hamlets": "Thôn có lãnh đạo cấp trên phụ trách",
    "hamlet_staff": "Thôn có từ {needed} cán bộ xã phụ trách",
    "households": "Hộ có đảng viên phụ trách",
}
GAP_TITLES = {
    "communes": "Xã chưa có lãnh đạo cấp trên phụ trách",
    "hamlets": "Thôn chưa có lãnh đạo cấp trên phụ trách",
    "hamlet_staff": "Thôn chưa đủ {needed} cán bộ, công chức xã phụ trách",
    "households": "Hộ chưa có đảng viên phụ trách",
}
GAP_WORDS = {"communes": "xã", "hamlets": "thôn", "hamlet_staff": "thôn", "households": "hộ"}


def figure_name(name, needed, names=FIGURE_NAMES):
    """What the figure `name` counts, with the number of commune staff the rule asks for."""
    return names[name].format(needed=figure(needed))


def gap_title(name, needed):
    return figure_name(name, needed, GAP_TITLES)


COMMUNE_KINDS = [kind for kind, level in UNIT_LEVELS.items() if level == COMMUNE_LEVEL]
HAMLET_KINDS = [kind for kind, level in UNIT_LEVELS.items() if level == HAMLET_LEVEL]
PLACE_KINDS = [kind for kind, level in UNIT_LEVELS.items() if level < HAMLET_LEVEL]
NO_HOUSEHOLDS = {"households.0": {"$exists": False}}
PERCENT_PLACES = Decimal("0.1")


def within(unit_id):
    """A `scope` for the records an account of the unit `unit_id` sees (None: everything)."""
    if unit_id is None:
        return None
    return lambda document: document.under_filter(unit_id)


@dataclass(frozen=True)
class Figure:
    covered: int
    total: int

    @property
    def percent(self):
        """Covered in percent of the total, one decimal, rounded down (99.99 is not 100); None
        when there is nothing to cover."""
        if not self.total:
            return None
        exact = Decimal(self.covered * 100) / Decimal(self.total)
        shown = exact.quantize(PERCENT_PLACES, rounding=ROUND_DOWN)
        return shown if shown != shown.to_integral_value() else shown.quantize(Decimal(1))

    @property
    def gaps(self):
        return self.total - self.covered

    def __str__(self):
        """ "21.320/21.320 (100%)", "0/0"."""
        counts = f"{figure(self.covered)}/{figure(self.total)}"
        return f"{counts} ({figure(self.percent)}%)" if self.total else counts


@dataclass(frozen=True)
class Gap:
    """A commune, hamlet or household behind a shortfall: its name, where it lies (the district
    of a commune, the commune of a hamlet, the hamlet and commune of a household) and, for a
    hamlet, how many commune staff are in charge of it."""

    id: object
    name: str
    place: str
    staff: int | None = None


@dataclass
class Coverage:
    day: datetime.date
    staff_needed: int
    communes: Figure
    hamlets: Figure
    hamlet_staff: Figure
    households: Figure
    # {figure name: [Gap]}, the first ones of each (`report`); empty from `coverage`.
    gaps: dict = field(default_factory=dict)

    def figures(self):
        return [(name, getattr(self, name)) for name in FIGURES]


def all_of(*filters):
    """One raw filter requiring every non-empty one of `filters`."""
    kept = [f for f in filters if f]
    return kept[0] if len(kept) == 1 else ({"$and": kept} if kept else {})


def _scoped(scope, document):
    return scope(document) if scope else None


def staff_needed(day):
    return LocalityRule.in_force(day).commune_staff_per_hamlet


def coverage(unit, day, scope=None):
    """The four figures of `unit` on `day` within `scope`, without gaps."""
    return report(unit, day, scope, limit=0)


def gaps(unit, day, which, scope=None, limit=LISTED):
    """The first `limit` gaps behind the figure `which` (one of `FIGURES`), in tree order
    (households by code), as [Gap]; the figure's `gaps` says how many there are in all."""
    return figure_gaps(unit, day, which, scope, limit)[1]


def figure_gaps(unit, day, which, scope=None, limit=LISTED, skip=0):
    """(Figure, [Gap]): the figure `which` (one of `FIGURES`) of `unit` on `day` within `scope`,
    and its gaps from the `skip`-th, at most `limit`, in tree order (households by code)."""
    if which not in FIGURES:
        raise ValueError(f"no coverage figure {which!r}")
    places = tree(unit, scope)
    if which == "communes":
        return communes(unit, day, scope, limit, places, skip)
    if which == "households":
        return households(unit, day, scope, limit, places, skip)
    found = hamlets(unit, day, staff_needed(day), scope, limit, places, skip)
    return (found[0], found[2]) if which == "hamlets" else (found[1], found[3])


def report(unit, day, scope=None, limit=LISTED):
    """The four figures of `unit` on `day` within `scope`, with the first `limit` gaps of each."""
    needed = staff_needed(day)
    places = tree(unit, scope)
    commune_figure, commune_gaps = communes(unit, day, scope, limit, places)
    with_leader, with_staff, leader_gaps, staff_gaps = hamlets(unit, day, needed, scope, limit, places)
    household_figure, household_gaps = households(unit, day, scope, limit, places)
    return Coverage(
        day=day,
        staff_needed=needed,
        communes=commune_figure,
        hamlets=with_leader,
        hamlet_staff=with_staff,
        households=household_figure,
        gaps={
            "communes": commune_gaps,
            "hamlets": leader_gaps,
            "hamlet_staff": staff_gaps,
            "households": household_gaps,
        }
        if limit
        else {},
    )


def tree(unit, scope=None):
    """{unit id: (rank in tree order, name)} of the units above hamlets at or under `unit` within
    `scope`: what gaps are ordered by and say they lie in."""
    raw = all_of(Unit.under_filter(unit.pk), {"kind": {"$in": PLACE_KINDS}}, _scoped(scope, Unit))
    rows = list(
        Unit._get_collection().find(
            raw, projection={"kind": 1, "name": 1, "parent": 1}, sort=[("sort_name", 1), ("_id", 1)]
        )
    )
    ids = {row["_id"] for row in rows}
    below = {}
    for row in rows:
        below.setdefault(row.get("parent") if row.get("parent") in ids else None, []).append(row)
    ordered = {}

    def walk(parent):
        for row in below.get(parent, []):
            ordered[row["_id"]] = (len(ordered), str(Unit(kind=row["kind"], name=row["name"])))
            walk(row["_id"])

    walk(None)
    return ordered


def _localities(unit, day, level, scope, facets):
    """One aggregation over the communes or hamlets (`level`) at or under `unit` within `scope`,
    each with `above` (1 if a province or district person is in charge of it on `day`) and `staff`
    (how many distinct commune staff are), then `facets` ({name: stages}) over them."""
    kinds = COMMUNE_KINDS if level == COMMUNE_LEVEL else HAMLET_KINDS
    assignments = [
        {
            "$match": all_of(
                {"ancestors": unit.pk, "level": level, "assignee_level": {"$lte": COMMUNE_LEVEL}},
                running(day),
                NO_HOUSEHOLDS,
                _scoped(scope, LocalityAssignment),
            )
        },
        {
            "$project": {
                "_id": "$unit",
                "above": {"$cond": [{"$lt": ["$assignee_level", COMMUNE_LEVEL]}, 1, 0]},
                "staff": {"$cond": [{"$eq": ["$assignee_level", COMMUNE_LEVEL]}, "$person", "$$REMOVE"]},
            }
        },
    ]
    pipeline = [
        {"$match": all_of(Unit.under_filter(unit.pk), {"kind": {"$in": kinds}}, _scoped(scope, Unit))},
        {"$project": {"here": {"$literal": 1}, "kind": 1, "name": 1, "parent": 1, "sort_name": 1}},
        {"$unionWith": {"coll": LocalityAssignment._get_collection_name(), "pipeline": assignments}},
        {
            "$group": {
                "_id": "$_id",
                "here": {"$max": "$here"},
                "kind": {"$max": "$kind"},
                "name": {"$max": "$name"},
                "parent": {"$max": "$parent"},
                "sort_name": {"$max": "$sort_name"},
                "above": {"$max": "$above"},
                "staff": {"$addToSet": "$staff"},
            }
        },
        {"$match": {"here": 1}},
        {"$set": {"above": {"$ifNull": ["$above", 0]}, "staff": {"$size": "$staff"}}},
        {"$facet": facets},
    ]
    return next(Unit._get_collection().aggregate(pipeline))


def _first(condition, limit, places, skip=0):
    """The facet stages of the localities meeting `condition` in tree order, from the `skip`-th,
    at most `limit`."""
    order = list(places)
    return [
        {"$match": condition},
        {"$set": {"rank": {"$indexOfArray": [order, "$parent"]}}},
        {"$sort": {"rank": 1, "sort_name": 1, "_id": 1}},
        *([{"$skip": skip}] if skip else []),
        {"$limit": limit},
    ]


def _gaps(rows, places):
    """[Gap] of the locality `rows`; a locality whose parent lies above the unit (a commune on its
    own page) names it too."""
    above = {row.get("parent") for row in rows} - set(places) - {None}
    names = (
        {
            row["_id"]: (None, str(Unit(kind=row["kind"], name=row["name"])))
            for row in Unit._get_collection().find(
                {"_id": {"$in": list(above)}}, projection={"kind": 1, "name": 1}
            )
        }
        if above
        else {}
    )
    names.update(places)
    return [
        Gap(
            id=row["_id"],
            name=str(Unit(kind=row["kind"], name=row["name"])),
            place=names.get(row.get("parent"), (None, ""))[1],
            staff=row.get("staff"),
        )
        for row in rows
    ]


def communes(unit, day, scope=None, limit=LISTED, places=None, skip=0):
    """(Figure, [Gap]): communes at or under `unit` within `scope` with a leader from above in
    charge on `day`, and those without one from the `skip`-th, at most `limit`."""
    places = tree(unit, scope) if places is None else places
    facets = {"totals": [{"$group": {"_id": None, "total": {"$sum": 1}, "above": {"$sum": "$above"}}}]}
    if limit:
        facets["gaps"] = _first({"above": 0}, limit, places, skip)
    found = _localities(unit, day, COMMUNE_LEVEL, scope, facets)
    totals = found["totals"][0] if found["totals"] else {"total": 0, "above": 0}
    rows = _gaps([{**row, "staff": None} for row in found.get("gaps", [])], places)
    return Figure(totals["above"], totals["total"]), rows


def hamlets(unit, day, needed, scope=None, limit=LISTED, places=None, skip=0):
    """(hamlets with a leader from above, hamlets with at least `needed` commune staff, the gaps
    of each from the `skip`-th, at most `limit`): the hamlets at or under `unit` within `scope` on
    `day`."""
    places = tree(unit, scope) if places is None else places
    staffed = {"$cond": [{"$gte": ["$staff", needed]}, 1, 0]}
    facets = {
        "totals": [
            {
                "$group": {
                    "_id": None,
                    "total": {"$sum": 1},
                    "above": {"$sum": "$above"},
                    "staffed": {"$sum": staffed},
                }
            }
        ]
    }
    if limit:
        facets["above_gaps"] = _first({"above": 0}, limit, places, skip)
        facets["staff_gaps"] = _first({"staff": {"$lt": needed}}, limit, places, skip)
    found = _localities(unit, day, HAMLET_LEVEL, scope, facets)
    totals = found["totals"][0] if found["totals"] else {"total": 0, "above": 0, "staffed": 0}
    return (
        Figure(totals["above"], totals["total"]),
        Figure(totals["staffed"], totals["total"]),
        _gaps(found.get("above_gaps", []), places),
        _gaps(found.get("staff_gaps", []), places),
    )


def households(unit, day, scope=None, limit=LISTED, places=None, skip=0):
    """(Figure, [Gap]): households at or under `unit` within `scope` (where they are now) that a
    running household assignment lists on `day`, and those no assignment lists, by code, from the
    `skip`-th, at most `limit`: from the summaries of the unit's hamlets (`household_figure`)."""
    places = tree(unit, scope) if places is None else places
    hamlet_filter = all_of(Unit.under_filter(unit.pk), {"kind": {"$in": HAMLET_KINDS}}, _scoped(scope, Unit))
    covered, total, first = household_figure(hamlet_filter, day, skip, limit, HOUSEHOLD_IDS)
    return Figure(covered, total), _household_gaps(first, scope, places)


def _household_gaps(ids, scope, places):
    """[Gap] of the households `ids`, in order: code and head, hamlet and commune."""
    if not ids:
        return []
    found = {
        row["_id"]: row
        for row in Household._get_collection().find(
            {"_id": {"$in": ids}}, projection={"code": 1, "head_name": 1, "hamlet": 1}
        )
    }
    hamlet_ids = {row.get("hamlet") for row in found.values()}
    names = {
        row["_id"]: (str(Unit(kind=row["kind"], name=row["name"])), row.get("parent"))
        for row in Unit._get_collection().find(
            {"_id": {"$in": list(hamlet_ids)}}, projection={"kind": 1, "name": 1, "parent": 1}
        )
    }
    places = places or {}
    gaps = []
    for pk in ids:
        row = found[pk]
        hamlet, parent = names.get(row.get("hamlet"), ("", None))
        commune = places.get(parent, (None, ""))[1]
        where = ", ".join(part for part in (hamlet, commune) if part)
        gaps.append(Gap(id=pk, name=f"{row['code']} – {row['head_name']}", place=where))
    return gaps
