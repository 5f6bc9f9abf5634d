"""The queries behind the households figure of `documents.locality_coverage` (issue 12, item 2):
which households of a unit a running household assignment lists on a day, counted by set, not by
household.

A household counts where it is now, once, whichever assignment lists it. Nearly always the one
listing it is an assignment of its own hamlet, so the count goes by hamlet: one aggregation sets
each hamlet's households beside the households its own running assignments list (`at_home`).
Only the households left over (moved in from another hamlet, or listed by nobody) are looked up
among every running household assignment (`listed_elsewhere`), and the first of those listed by
nobody are read in code order (`first_by_code`). Up to `few` ids (the caller's threshold) go to
MongoDB in one `$in` through an index; past it, every running household assignment is read, and
the households are walked in code order, so that no query carries an unbounded list.
"""

from documents.constants import HAMLET_LEVEL
from documents.household import Household
from documents.locality import LocalityAssignment, running

# The index the households are walked in code order by (`Household.meta`).
HOUSEHOLD_ORDER = {"ancestors": 1, "code": 1, "_id": 1}
WITH_HOUSEHOLDS = {"households.0": {"$exists": True}}


def at_home(unit, day, raw):
    """(households, listed at home, the others' ids) of the households matching `raw` (the unit's,
    within scope), in one aggregation: each hamlet's households (`Household.hamlet`) as a set,
    beside the union of the households the running household assignments of that hamlet (at or
    under `unit`) list on `day`. Listed at home: in both; the others: the hamlet's households no
    assignment of the hamlet lists."""
    listing = [
        {"$match": {"ancestors": unit.pk, "level": HAMLET_LEVEL, **running(day), **WITH_HOUSEHOLDS}},
        {"$project": {"_id": "$unit", "listed": "$households"}},
    ]
    listed = {"$reduce": {"input": "$listed", "initialValue": [], "in": {"$setUnion": ["$$value", "$$this"]}}}
    pipeline = [
        {"$match": raw},
        {"$group": {"_id": "$hamlet", "here": {"$push": "$_id"}}},
        {"$unionWith": {"coll": LocalityAssignment._get_collection_name(), "pipeline": listing}},
        {"$group": {"_id": "$_id", "here": {"$max": "$here"}, "listed": {"$push": "$listed"}}},
        {"$match": {"here": {"$ne": None}}},
        {"$set": {"listed": listed}},
        {
            "$project": {
                "_id": 0,
                "total": {"$size": "$here"},
                "home": {"$size": {"$setIntersection": ["$here", "$listed"]}},
                "others": {"$setDifference": ["$here", "$listed"]},
            }
        },
    ]
    total = home = 0
    others = []
    for row in Household._get_collection().aggregate(pipeline):
        total, home = total + row["total"], home + row["home"]
        others.extend(row["others"])
    return total, home, others


def listed_elsewhere(day, ids, few):
    """The set of the households `ids` that some running household assignment lists on `day`:
    the assignments listing them are found through the index on `households` when there are at
    most `few` ids, else every running household assignment is read."""
    if not ids:
        return set()
    few_ids = len(ids) <= few
    listing = {"households": {"$in": ids}} if few_ids else WITH_HOUSEHOLDS
    pipeline = [
        {"$match": {**running(day), **listing}},
        {"$project": {"_id": 0, "households": 1}},
        {"$unwind": "$households"},
        {"$group": {"_id": "$households"}},
    ]
    # The index on `households`, always: a plan cached for many ids (reading every assignment from
    # `start`) would be kept for a few.
    options = {"hint": {"households": 1}} if few_ids else {}
    listed = {row["_id"] for row in LocalityAssignment._get_collection().aggregate(pipeline, **options)}
    return listed.intersection(ids)


def first_by_code(unit, ids, limit, few):
    """The first `limit` of the households `ids` (all at or under `unit`) by code, then id: a walk
    of the unit's households in code order that stops at the last one needed, done by MongoDB
    with the ids in an `$in` when there are at most `few`, else read here."""
    if not ids or not limit:
        return []
    collection = Household._get_collection()
    if len(ids) <= few:
        pipeline = [
            {"$match": {"ancestors": unit.pk, "_id": {"$in": ids}}},
            {"$sort": {"code": 1, "_id": 1}},
            {"$limit": limit},
            {"$project": {"_id": 1}},
        ]
        return [row["_id"] for row in collection.aggregate(pipeline, hint=HOUSEHOLD_ORDER)]
    wanted, first = set(ids), []
    walk = collection.find({"ancestors": unit.pk}, projection={"_id": 1}, sort=[("code", 1), ("_id", 1)])
    for row in walk.hint(list(HOUSEHOLD_ORDER.items())):
        if row["_id"] in wanted:
            first.append(row["_id"])
            if len(first) == limit:
                break
    return first
