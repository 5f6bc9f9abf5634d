"""The named queries of models and work items for a unit and a year (issue 13, item 3): how many
of each group finished the year's plan, are on schedule, behind or not started, on the day the
year is judged (today, or its last day once over: `judged_on`), and the communes without a model
and the hamlets without a work item that year, in the account's scope.

Where one stands is `documents.local_work.state_on`, worked out here as one MongoDB expression
(`state_expression`) on the stored `progress` (the achievement after each check-in day), so the
summary's counts and the list a figure links to (`state_filter`, the list's filter) use the same
condition. The article's sentence: "8/22 mô hình hoàn thành kế hoạch năm, 14/22 đảm bảo tiến độ;
82/235 công trình, phần việc hoàn thành, 153/235 đảm bảo tiến độ".
"""

import datetime
from dataclasses import dataclass, field

from documents.base import vietnam_today
from documents.breakthrough import share_gone
from documents.constants import COMMUNE_LEVEL, HAMLET_LEVEL, LOCAL_WORK_STATES, UNIT_LEVELS
from documents.local_work import HAMLET_CATEGORIES, MODEL, LocalWork
from documents.text import figure
from documents.unit import Unit, in_sentence

GROUPS = (("models", "mô hình"), ("work_items", "công trình, phần việc"))
STATES = tuple(state for state, _ in LOCAL_WORK_STATES)
COMMUNE_KINDS = [kind for kind, level in UNIT_LEVELS.items() if level == COMMUNE_LEVEL]
HAMLET_KINDS = [kind for kind, level in UNIT_LEVELS.items() if level == HAMLET_LEVEL]


def judged_on(year, today=None):
    """The day a year's records are judged on: today for this year and later, 31/12 before."""
    today = today or vietnam_today()
    return min(today, datetime.date(year, 12, 31))


def state_expression(year, day):
    """An aggregation expression: where a record of `year` stands on `day` (`state_on`)."""
    on = datetime.datetime(day.year, day.month, day.day)
    reported = {"$filter": {"input": {"$ifNull": ["$progress", []]}, "cond": {"$lte": ["$$this.day", on]}}}
    achieved = {"$let": {"vars": {"last": {"$last": reported}}, "in": "$$last.percent"}}
    if day < datetime.date(year, 1, 1):
        return {"$literal": "not_started"}
    over = day > datetime.date(year, 12, 31)
    share = float(share_gone(year, year, day))
    return {
        "$let": {
            "vars": {"achieved": achieved},
            "in": {
                "$switch": {
                    "branches": [
                        {"case": {"$eq": [{"$ifNull": ["$$achieved", None]}, None]}, "then": "not_started"},
                        {"case": {"$gte": ["$$achieved", 100]}, "then": "finished"},
                        {"case": {"$literal": over}, "then": "behind"},
                        {"case": {"$lt": ["$$achieved", share]}, "then": "behind"},
                    ],
                    "default": "on_schedule",
                }
            },
        }
    }


def group_filter(group):
    """Models (of a commune) or work items and small projects (of a hamlet)."""
    return {"category": MODEL} if group == "models" else {"category": {"$in": list(HAMLET_CATEGORIES)}}


def state_filter(year, state, day=None):
    """The records of `year` standing at `state` on its judging day (or `day`)."""
    day = day or judged_on(year)
    return {"year": year, "$expr": {"$eq": [state_expression(year, day), state]}}


@dataclass
class Counts:
    total: int = 0
    states: dict = field(default_factory=lambda: dict.fromkeys(STATES, 0))


@dataclass
class Summary:
    unit: object
    year: int
    day: datetime.date
    groups: dict = field(default_factory=lambda: {name: Counts() for name, _ in GROUPS})
    communes_without: list = field(default_factory=list)
    commune_names: dict = field(default_factory=dict)  # {commune id: "xã Nam Quan"}
    hamlets_without: list = field(default_factory=list)
    communes: int = 0
    hamlets: int = 0

    def commune_of(self, hamlet):
        """ "xã Nam Quan" for a hamlet listed, to tell hamlets of the same name apart."""
        parent = hamlet._data.get("parent")
        return self.commune_names.get(getattr(parent, "id", getattr(parent, "pk", parent)))

    def sentence(self):
        """ "8/22 mô hình hoàn thành kế hoạch năm, 14/22 đảm bảo tiến độ; 82/235 công trình, phần
        việc hoàn thành, 153/235 đảm bảo tiến độ"."""
        models, items = self.groups["models"], self.groups["work_items"]

        def part(counts, noun, finished):
            total = figure(counts.total)
            done, on_time = figure(counts.states["finished"]), figure(counts.states["on_schedule"])
            return f"{done}/{total} {noun} {finished}, {on_time}/{total} đảm bảo tiến độ"

        return (
            f"{part(models, 'mô hình', 'hoàn thành kế hoạch năm')}; "
            f"{part(items, 'công trình, phần việc', 'hoàn thành')}"
        )


def _under(unit, scope):
    found = {"ancestors": unit.pk}
    return {"$and": [found, scope]} if scope else found


def summary(unit, year, scope=None, day=None):
    """The named query of a unit's models and work items in `year`, within `scope` (a raw filter
    of records, as `admin.scope.visible_filter` gives): one aggregation for the counts, one read
    each for the communes and hamlets having some, and the units below `unit` lacking them."""
    day = day or judged_on(year)
    found = Summary(unit=unit, year=year, day=day)
    group = {"$cond": [{"$eq": ["$category", MODEL]}, "models", "work_items"]}
    pipeline = [
        {"$match": {**_under(unit, scope), "year": year}},
        {"$group": {"_id": {"group": group, "state": state_expression(year, day)}, "n": {"$sum": 1}}},
    ]
    for row in LocalWork._get_collection().aggregate(pipeline):
        counts = found.groups[row["_id"]["group"]]
        counts.states[row["_id"]["state"]] += row["n"]
        counts.total += row["n"]
    collection = LocalWork._get_collection()
    with_model = set(collection.distinct("commune", {**_under(unit, scope), "year": year, "category": MODEL}))
    with_item = set(
        collection.distinct("hamlet", {**_under(unit, scope), "year": year, **group_filter("work_items")})
    )
    units = Unit.objects(__raw__={"$or": [{"_id": unit.pk}, {"ancestors": unit.pk}]})
    units = units.only("kind", "name", "parent", "sort_name").order_by("sort_name", "id")
    communes = list(units.filter(kind__in=COMMUNE_KINDS))
    hamlets = list(units.filter(kind__in=HAMLET_KINDS))
    found.communes, found.hamlets = len(communes), len(hamlets)
    found.commune_names = {u.pk: in_sentence(u) for u in communes}
    found.communes_without = [u for u in communes if u.pk not in with_model]
    found.hamlets_without = [u for u in hamlets if u.pk not in with_item]
    return found


@dataclass
class PlaceRow:
    place: object  # a Unit, or None for a commune's models run in no hamlet of their own
    groups: dict = field(default_factory=lambda: {name: Counts() for name, _ in GROUPS})


def by_place(unit, year, scope=None, day=None):
    """The named query of the same counts place by place: by commune under a unit above the
    communes, by hamlet under a commune (a commune's models run in no hamlet, and records of a
    place no longer in the tree, share a last row with the place None, so the rows add up to the
    summary). Every place below `unit` at that level is listed, those with nothing too, by name."""
    day = day or judged_on(year)
    by_hamlet = unit.level >= COMMUNE_LEVEL
    key = "$hamlet" if by_hamlet else "$commune"
    group = {"$cond": [{"$eq": ["$category", MODEL]}, "models", "work_items"]}
    pipeline = [
        {"$match": {**_under(unit, scope), "year": year}},
        {
            "$group": {
                "_id": {"place": key, "group": group, "state": state_expression(year, day)},
                "n": {"$sum": 1},
            }
        },
    ]
    counted = {}
    for row in LocalWork._get_collection().aggregate(pipeline):
        counts = counted.setdefault(row["_id"].get("place"), PlaceRow(place=None)).groups[row["_id"]["group"]]
        counts.states[row["_id"]["state"]] += row["n"]
        counts.total += row["n"]
    places = Unit.objects(__raw__={"$or": [{"ancestors": unit.pk}, {"_id": unit.pk}]})  # a hamlet: itself
    places = places.filter(kind__in=HAMLET_KINDS if by_hamlet else COMMUNE_KINDS)
    found = []
    for place in places.only("kind", "name", "parent", "sort_name").order_by("sort_name", "id"):
        row = counted.pop(place.pk, PlaceRow(place=None))
        row.place = place
        found.append(row)
    if counted:  # models run in no hamlet, and any record whose place has since left the tree
        rest = PlaceRow(place=None)
        for row in counted.values():
            for name, counts in row.groups.items():
                rest.groups[name].total += counts.total
                for state, n in counts.states.items():
                    rest.groups[name].states[state] += n
        found.append(rest)
    return found
