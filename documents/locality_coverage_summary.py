"""The households figure of locality coverage kept on write (issue 12, item 2): per hamlet, how
many households it holds now and how many of them a running household assignment lists, as a step
function of the day, and per household the days nobody lists it (its holes), for the gap lists.

A cache, not a registry record (as `NumberSequence`): no history, no scope of its own, no
ancestors (units may move; readers know the hamlets under a unit from the tree). A household is
covered on a day when ANY running household assignment lists it, wherever that assignment is: a
household moved to another hamlet counts once, where it is now (`Household.hamlet`).

Invalidation, right with any number of processes: every transaction that writes a household or a
household assignment in a way that may change a hamlet's summary bumps that hamlet's
`generation` (`household_written`, `assignment_written`, called by the documents' `after_write`,
`documents/base.py`). A reader (`summaries`) recomputes each summary missing or stale
(`computed` != `generation`) from the sources, read AFTER the generation, and stores it only while
the generation is still the one it read (`store`): a write committed meanwhile has bumped it, so a
recompute racing a write is never stored as fresh. Loaders that insert in bulk, past the saves,
call `rebuild` (or leave the hamlets without a summary, which is recomputed on read).
"""

import bisect
import datetime
from dataclasses import dataclass, field

from mongoengine import (
    DateTimeField,
    Document,
    EmbeddedDocument,
    EmbeddedDocumentField,
    IntField,
    ListField,
    ObjectIdField,
    StringField,
)
from pymongo import UpdateOne
from pymongo.errors import BulkWriteError

from documents.base import in_transaction
from documents.household import Household
from documents.locality import LocalityAssignment

# The bounds of a hole that has no first or no last day.
ALWAYS = datetime.datetime(1, 1, 1)
NEVER = datetime.datetime(9999, 12, 31)
ONE_DAY = datetime.timedelta(days=1)
# Hamlets stored per transaction.
BATCH = 50
WITH_HOUSEHOLDS = {"households.0": {"$exists": True}}
DUPLICATE_KEY = 11000
# What of a stored household or assignment the summaries read.
HOUSEHOLD_FIELDS = ("hamlet", "code")
ASSIGNMENT_FIELDS = ("households", "start", "end")


class HouseholdCoverage(Document):
    """One hamlet's summary, `_id` the hamlet's id."""

    id = ObjectIdField(primary_key=True)
    generation = IntField(default=0)  # bumped by every write that may change it
    computed = IntField()  # the generation it was computed at
    households = IntField(default=0)
    steps = ListField(ListField())  # [[day, households covered from that day on]], by day

    meta = {"collection": "household_coverage"}


class Hole(EmbeddedDocument):
    s = DateTimeField()  # the first day nobody lists the household
    e = DateTimeField()  # the last one (`NEVER`: still)


class HouseholdHoles(Document):
    """The days nobody lists one household of a hamlet's summary; written with the summary."""

    hamlet = ObjectIdField(required=True)
    household = ObjectIdField(required=True)
    code = StringField()
    holes = ListField(EmbeddedDocumentField(Hole))

    meta = {"collection": "household_coverage_holes", "indexes": [("hamlet", "holes.e")]}


@dataclass
class Summary:
    """A hamlet's households and covered counts; `rows` (household id, code, holes) only when
    computed in this process."""

    households: int = 0
    steps: list = field(default_factory=list)
    rows: list | None = None

    def covered(self, day):
        """How many of its households are covered on `day`."""
        moment = datetime.datetime.combine(day, datetime.time())
        at = bisect.bisect_right([step[0] for step in self.steps], moment) - 1
        return self.steps[at][1] if at >= 0 else 0


def summaries(hamlets, few):
    """{hamlet id: Summary} of `hamlets`: the stored ones still fresh, the others recomputed (and
    stored, unless a write bumped them meanwhile). `few`: up to this many households to recompute,
    the assignments listing them are found through the index on `households`."""
    collection = HouseholdCoverage._get_collection()
    stored = {row["_id"]: row for row in collection.find({"_id": {"$in": hamlets}})}
    missing = [pk for pk in hamlets if pk not in stored]
    if missing:
        _create(collection, missing)
        stored.update({row["_id"]: row for row in collection.find({"_id": {"$in": missing}})})
    found = {
        pk: Summary(row.get("households", 0), row.get("steps", []))
        for pk, row in stored.items()
        if row.get("computed") == row.get("generation", 0)
    }
    stale = {pk: stored[pk].get("generation", 0) for pk in hamlets if pk not in found}
    if stale:
        computed = compute(list(stale), few)
        store(computed, stale)
        found.update(computed)
    return found


def _create(collection, hamlets):
    """Summaries at generation 0, never computed, for `hamlets` (a writer may create one meanwhile)."""
    try:
        collection.bulk_write(
            [UpdateOne({"_id": pk}, {"$setOnInsert": {"generation": 0}}, upsert=True) for pk in hamlets],
            ordered=False,
        )
    except BulkWriteError as exc:
        if any(error["code"] != DUPLICATE_KEY for error in exc.details["writeErrors"]):
            raise


def compute(hamlets, few):
    """{hamlet id: Summary with rows} of `hamlets` from the households and every household
    assignment listing one of them (any hamlet's, any day's)."""
    homes = list(
        Household._get_collection().find(
            {"hamlet": {"$in": hamlets}}, projection=dict.fromkeys(HOUSEHOLD_FIELDS, 1)
        )
    )
    spans = {home["_id"]: [] for home in homes}
    if spans:
        ids = list(spans)
        by_index = len(ids) <= few
        options = {"hint": [("households", 1)]} if by_index else {}
        listing = LocalityAssignment._get_collection().find(
            {"households": {"$in": ids}} if by_index else WITH_HOUSEHOLDS,
            projection={"_id": 0, **dict.fromkeys(ASSIGNMENT_FIELDS, 1)},
            **options,
        )
        for assignment in listing:
            span = (assignment["start"], assignment.get("end") or NEVER)
            for pk in assignment["households"]:
                if pk in spans:
                    spans[pk].append(span)
    found = {pk: Summary(rows=[]) for pk in hamlets}
    changes = {pk: {} for pk in hamlets}
    for home in sorted(homes, key=lambda home: home.get("code") or ""):
        summary, merged = found[home["hamlet"]], merge(spans[home["_id"]])
        summary.households += 1
        summary.rows.append((home["_id"], home.get("code"), holes(merged)))
        for start, end in merged:
            change = changes[home["hamlet"]]
            change[start] = change.get(start, 0) + 1
            if end != NEVER:
                change[end + ONE_DAY] = change.get(end + ONE_DAY, 0) - 1
    for pk, summary in found.items():
        covered = 0
        for day, delta in sorted(changes[pk].items()):
            if delta:
                covered += delta
                summary.steps.append([day, covered])
    return found


def merge(spans):
    """The days of `spans` ([(first, last)]) as the fewest spans: those overlapping or touching joined."""
    merged = []
    for start, end in sorted(spans):
        if merged and (merged[-1][1] == NEVER or start <= merged[-1][1] + ONE_DAY):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def holes(merged):
    """The days outside the `merged` spans, as [{"s": first, "e": last}], from `ALWAYS` to `NEVER`."""
    found, since = [], ALWAYS
    for start, end in merged:
        if start > since:
            found.append({"s": since, "e": start - ONE_DAY})
        if end == NEVER:
            return found
        since = end + ONE_DAY
    found.append({"s": since, "e": NEVER})
    return found


def store(found, read):
    """Store each summary of `found` (computed from sources read after generation `read[hamlet]`)
    only while its hamlet is still at that generation, with its households' holes; a few hamlets a
    transaction. Returns the hamlets stored."""
    summaries_, rows = HouseholdCoverage._get_collection(), HouseholdHoles._get_collection()
    kept = []
    hamlets = list(found)
    for first in range(0, len(hamlets), BATCH):
        batch, done = hamlets[first : first + BATCH], []

        def write(session, batch=batch, done=done):
            done.clear()  # the driver may run this again
            for pk in batch:
                summary = found[pk]
                match = {"_id": pk, "generation": read[pk]}
                state = {"computed": read[pk], "households": summary.households, "steps": summary.steps}
                if not summaries_.update_one(match, {"$set": state}, session=session).matched_count:
                    continue  # written meanwhile: left stale
                rows.delete_many({"hamlet": pk}, session=session)
                if summary.rows:
                    rows.insert_many(
                        [
                            {"hamlet": pk, "household": home, "code": code, "holes": gaps}
                            for home, code, gaps in summary.rows
                        ],
                        session=session,
                    )
                done.append(pk)

        in_transaction(write)
        kept.extend(done)
    return kept


def gap_rows(hamlets, day, skip, limit):
    """[(code, household id)] of the households of `hamlets` (stored fresh) nobody lists on `day`,
    by code, from the `skip`-th, at most `limit`."""
    if not hamlets or not limit:
        return []
    moment = datetime.datetime.combine(day, datetime.time())
    found = HouseholdHoles._get_collection().find(
        {"hamlet": {"$in": hamlets}, "holes": {"$elemMatch": {"s": {"$lte": moment}, "e": {"$gte": moment}}}},
        projection={"_id": 0, "household": 1, "code": 1},
        sort=[("code", 1), ("household", 1)],
        limit=skip + limit,
        hint=[("hamlet", 1), ("holes.e", 1)],
    )
    return [(row.get("code") or "", row["household"]) for row in found]


def uncovered(summary, day):
    """[(code, household id)] of the households of `summary` (with rows) nobody lists on `day`."""
    moment = datetime.datetime.combine(day, datetime.time())
    return [
        (code or "", home)
        for home, code, gaps in summary.rows
        if any(hole["s"] <= moment <= hole["e"] for hole in gaps)
    ]


def bump(session, hamlets):
    """Mark the summaries of `hamlets` stale, inside the writing transaction `session`."""
    hamlets = sorted(pk for pk in set(hamlets) if pk is not None)
    if hamlets:
        HouseholdCoverage._get_collection().bulk_write(
            [UpdateOne({"_id": pk}, {"$inc": {"generation": 1}}, upsert=True) for pk in hamlets],
            session=session,
        )


def household_written(session, before, after):
    """A household created, edited, moved, trashed or restored: its old and new hamlets."""
    if before is not None and after is not None and _same(before, after, HOUSEHOLD_FIELDS):
        return
    bump(session, [row.get("hamlet") for row in (before, after) if row is not None])


def assignment_written(session, before, after):
    """An assignment written: the hamlets where the households it listed or lists are now."""
    if before is not None and after is not None and _same(before, after, ASSIGNMENT_FIELDS):
        return
    listed = {pk for row in (before, after) if row is not None for pk in row.get("households") or []}
    if listed:
        hamlets = Household._get_collection().distinct(
            "hamlet", {"_id": {"$in": list(listed)}}, session=session
        )
        bump(session, hamlets)


def _same(before, after, fields):
    return all(before.get(name) == after.get(name) for name in fields)


def rebuild(hamlets=None, few=50_000, chunk=200):
    """Recompute and store the summaries of `hamlets` (every hamlet with a household or a summary,
    by default), fresh or not, `chunk` hamlets at a time; returns how many were stored."""
    collection = HouseholdCoverage._get_collection()
    if hamlets is None:
        hamlets = sorted({*Household._get_collection().distinct("hamlet"), *collection.distinct("_id")})
    kept = 0
    for first in range(0, len(hamlets), chunk):
        some = hamlets[first : first + chunk]
        _create(collection, some)
        read = {row["_id"]: row.get("generation", 0) for row in collection.find({"_id": {"$in": some}})}
        kept += len(store(compute(some, few), read))
    return kept


def mark_all_stale():
    """Every stored summary stale: for loaders that wrote past the saves."""
    HouseholdCoverage._get_collection().update_many({}, {"$inc": {"generation": 1}})
