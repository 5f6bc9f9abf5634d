"""What the cadres' visits to their localities came to over a period (the report on carrying out
the locality-support resolution, kind `phu_trach_dia_ban`): the visits made, by purpose; the
problems they raised, by the level proposed to and how far each is followed up; and the support
given, by kind and unit of measure, with its value in đồng.

Each is one aggregation of `LocalityVisit` over the visits of a unit (its `ancestors`, the
assignment's locality and the units above it) with a day in the period, and the account's scope
when one is given (a raw filter, `admin.scope.visible_filter`)."""

import datetime
from dataclasses import dataclass

from documents.constants import FOLLOW_UP_STATES, PROPOSAL_LEVELS, VISIT_PURPOSES, label
from documents.locality_visit import LocalityVisit

NOT_PROPOSED = "Chưa ghi cấp kiến nghị"


@dataclass(frozen=True)
class SupportRow:
    kind: str
    measure: str
    quantity: float
    value: int
    visits: int  # the visits that gave it


@dataclass(frozen=True)
class VisitsInPeriod:
    visits: int
    people: int  # distinct cadres who visited
    localities: int  # distinct communes and hamlets visited
    by_purpose: list  # [(label, visits)], in the order of VISIT_PURPOSES
    problems: int  # visits that raised a problem
    by_level: list  # [(level label, visits with a problem proposed to it)]
    by_follow_up: list  # [(state label, visits)] of the visits with a problem
    support: list  # [SupportRow], largest value first
    support_value: int  # đồng, all items


def visits_filter(unit, first, last, scope=None):
    """Raw filter: the visits of `unit` (None: everywhere) with a day from `first` to `last`."""
    moments = [datetime.datetime.combine(day, datetime.time()) for day in (first, last)]
    raw = {"day": {"$gte": moments[0], "$lte": moments[1]}}
    if unit is not None:
        raw["ancestors"] = unit.pk
    return {"$and": [raw, scope]} if scope else raw


def visits_in_period(unit, first, last, scope=None):
    """The visits of `unit` from `first` to `last` added up (`VisitsInPeriod`), in one aggregation."""
    facets = {
        "totals": [
            {
                "$group": {
                    "_id": None,
                    "visits": {"$sum": 1},
                    "people": {"$addToSet": "$person"},
                    "units": {"$addToSet": "$unit"},
                    "value": {"$sum": {"$ifNull": ["$support_value", 0]}},
                }
            },
            {
                "$project": {
                    "visits": 1,
                    "value": 1,
                    "people": {"$size": "$people"},
                    "units": {"$size": "$units"},
                }
            },
        ],
        "purposes": [{"$group": {"_id": "$purpose", "n": {"$sum": 1}}}],
        "problems": [
            {"$match": {"follow_up": {"$nin": [None, "khong_can"]}}},
            {"$group": {"_id": {"level": "$proposed_to", "state": "$follow_up"}, "n": {"$sum": 1}}},
        ],
        "support": [
            {"$unwind": "$support"},
            {
                "$group": {
                    "_id": {"kind": "$support.kind", "measure": {"$ifNull": ["$support.measure", ""]}},
                    "quantity": {"$sum": {"$ifNull": ["$support.quantity", 0]}},
                    "value": {"$sum": {"$ifNull": ["$support.value", 0]}},
                    "visits": {"$addToSet": "$_id"},
                }
            },
            {"$project": {"quantity": 1, "value": 1, "visits": {"$size": "$visits"}}},
        ],
    }
    pipeline = [{"$match": visits_filter(unit, first, last, scope)}, {"$facet": facets}]
    found = next(LocalityVisit._get_collection().aggregate(pipeline))
    totals = found["totals"][0] if found["totals"] else {"visits": 0, "people": 0, "units": 0, "value": 0}
    purposes = {row["_id"]: row["n"] for row in found["purposes"]}
    levels, states = {}, {}
    for row in found["problems"]:
        levels[row["_id"].get("level")] = levels.get(row["_id"].get("level"), 0) + row["n"]
        states[row["_id"]["state"]] = states.get(row["_id"]["state"], 0) + row["n"]
    support = [
        SupportRow(row["_id"]["kind"], row["_id"]["measure"], row["quantity"], row["value"], row["visits"])
        for row in found["support"]
    ]
    support.sort(key=lambda row: (-row.value, row.kind, row.measure))
    return VisitsInPeriod(
        visits=totals["visits"],
        people=totals["people"],
        localities=totals["units"],
        by_purpose=[(name, purposes[key]) for key, name in VISIT_PURPOSES if purposes.get(key)],
        problems=sum(states.values()),
        by_level=[
            *((name, levels[key]) for key, name in PROPOSAL_LEVELS if levels.get(key)),
            *([(NOT_PROPOSED, levels[None])] if levels.get(None) else []),
        ],
        by_follow_up=[
            (label(FOLLOW_UP_STATES, key), states[key]) for key, _ in FOLLOW_UP_STATES if states.get(key)
        ],
        support=support,
        support_value=totals["value"],
    )
