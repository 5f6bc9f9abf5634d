"""Party members put in charge of a hamlet's households in bulk (giao đảng viên phụ trách hộ gia
đình): the hamlet's members and households, who holds which household on a day, an even spread,
and the plan saved in one transaction.

The members are those of the hamlet's cells (the party organizations placed at the hamlet): the
cell is who the hamlet's party work is given to. A member living in the hamlet who attends a cell
elsewhere (an agency's) is not offered; one who still holds households of the hamlet on the day
(moved to another cell since) is, so that their households can be given to others.

A household moved here from another hamlet keeps the member who held it there, through that
hamlet's assignment, until it is given to someone here: who holds a household on a day is read from
every running household assignment listing it, this hamlet's own first.

A plan is {household id: person id or None}. Saving it ends, the day before, each running
household assignment of a member whose households change, and starts a new one from the day with
the new list; members whose households stay the same are not touched. A household taken off
another hamlet's assignment leaves it the same way: that one ends the day before and a copy from
the day lists the rest. Nothing is deleted: who held what on any day is the assignments running
that day. `Household.member_in_charge` follows, so the household list agrees. Every record
written keeps its history entry, in the same transaction.
"""

import datetime
from collections import defaultdict

from bson import ObjectId

from documents.base import field_error, save_together
from documents.history import actor
from documents.household import Household
from documents.locality import FIRST_DAY, LocalityAssignment
from documents.official_document import vietnam_today
from documents.party_organization import PartyOrganization
from documents.person import Person

ROLE = "phu_trach"


def members(hamlet, day):
    """The party members households of `hamlet` may be given to on `day`, in name order: those of
    the hamlet's cells, and those still holding some of its households that day."""
    cells = PartyOrganization.objects(unit=hamlet.pk).distinct("id")
    holders = {row["person"] for row in running_assignments(hamlet, day).only("person").as_pymongo()}
    found = Person.objects(party_organization__in=cells) if cells else Person.objects.none()
    found = list(found.order_by("sort_name", "id"))
    known = {p.pk for p in found}
    others = [p for p in Person.objects(pk__in=list(holders - known)).order_by("sort_name", "id")]
    return found + [p for p in others if p.party_organization is not None]


def households(hamlet):
    """The households of `hamlet` (where they are now), in code order."""
    return list(Household.objects(hamlet=hamlet.pk).order_by("code", "id"))


def running_assignments(hamlet, day):
    """The household assignments on `hamlet` running on `day`, oldest start first."""
    return LocalityAssignment.objects(unit=hamlet.pk).of_households().active_on(day).order_by("start", "id")


def holding(hamlet, day, ids=None):
    """The running household assignments listing households of `hamlet` on `day` (`ids`, those
    of the hamlet now), whichever hamlet they were made for, as raw rows: those of other hamlets
    first, then the hamlet's own, each oldest start first, so that the last listing a household
    is who holds it."""
    ids = Household.objects(hamlet=hamlet.pk).distinct("id") if ids is None else list(ids)
    rows = LocalityAssignment.objects(households__in=ids).of_households().active_on(day)
    rows = rows.only("person", "unit", "households", "start").as_pymongo()
    return sorted(rows, key=lambda row: (row["unit"] == hamlet.pk, row["start"], row["_id"]))


def holders(hamlet, day):
    """{household id: (person id, id of the hamlet whose assignment lists it)} of the households
    of `hamlet` someone holds on `day` through a running household assignment."""
    ids = set(Household.objects(hamlet=hamlet.pk).distinct("id"))
    found = {}
    for row in holding(hamlet, day, ids):
        for household in row.get("households", []):
            if household in ids:
                found[household] = (row["person"], row["unit"])
    return found


def current_plan(hamlet, day):
    """{household id: person id} of the households of `hamlet` held on `day` (`holders`)."""
    return {household: person for household, (person, _) in holders(hamlet, day).items()}


def held(hamlet, day, holding_now=None):
    """{household id: person id} to spread from: `current_plan`, and for households no household
    assignment has ever listed, the member the household list names (data loaded without
    assignments); one an assignment has listed is held on a day only through the assignments
    running then (before the first of them, by nobody). `holding_now` is `holders`, if read."""
    listed = {
        h["_id"]: h.get("member_in_charge")
        for h in Household.objects(hamlet=hamlet.pk).only("member_in_charge").as_pymongo()
    }
    ever = set(
        LocalityAssignment._get_collection().distinct("households", {"households": {"$in": list(listed)}})
    )
    loaded = {k: v for k, v in listed.items() if v is not None and k not in ever}
    holding_now = holders(hamlet, day) if holding_now is None else holding_now
    return {**loaded, **{household: person for household, (person, _) in holding_now.items()}}


def covered(hamlet, day):
    """(households of `hamlet` with a party member in charge on `day`, households of `hamlet`): a
    household counts where it is now, whichever hamlet's assignment lists it (`holders`)."""
    return len(holders(hamlet, day)), Household.objects(hamlet=hamlet.pk).count()


def spread(members, households, held=None):
    """{household id: person id}: `households` spread evenly over `members` (in their order).

    Each member gets the same number, give or take one; the extra ones go first to those who hold
    more already, then in order. What a member already holds (`held`, {household id: person id})
    is kept up to their share; the rest goes out in code order, in contiguous blocks, member by
    member. Spreading a spread changes nothing; one household more, or one member fewer, moves
    only what must move. Without members, nobody holds anything.
    """
    ordered = sorted(households, key=lambda h: (h.code, str(h.pk)))
    people = [getattr(m, "pk", m) for m in members]
    if not people:
        return {h.pk: None for h in ordered}
    held = held or {}
    mine = defaultdict(list)
    for household in ordered:
        if held.get(household.pk) in people:
            mine[held[household.pk]].append(household.pk)
    share, extra = divmod(len(ordered), len(people))
    ranked = sorted(range(len(people)), key=lambda i: -len(mine[people[i]]))
    shares = {people[i]: share + (rank < extra) for rank, i in enumerate(ranked)}
    plan = {}
    for person in people:
        for household in mine[person][: shares[person]]:
            plan[household] = person
    free = iter([h.pk for h in ordered if h.pk not in plan])
    for person in people:
        for _ in range(shares[person] - min(len(mine[person]), shares[person])):
            plan[next(free)] = person
    return {h.pk: plan[h.pk] for h in ordered}


def check_day(hamlet, day):
    """Refuse (at field `day`) a day the plan may not start on: after today, before the first day
    assignments are kept from, or before the hamlet's latest change (history stays in order)."""
    today = vietnam_today()
    if day > today:
        raise field_error("day", f"Ngày phân công không được sau hôm nay ({today:%d/%m/%Y}).")
    if day < FIRST_DAY:
        raise field_error("day", f"Ngày phân công phải từ {FIRST_DAY:%d/%m/%Y} trở đi.")
    latest = (
        LocalityAssignment.objects(unit=hamlet.pk).of_households().order_by("-start").only("start").first()
    )
    if latest is not None and latest.start > day:
        raise field_error(
            "day",
            f"Phân công hộ của {hamlet} đã thay đổi từ ngày {latest.start:%d/%m/%Y}: "
            "hãy chọn từ ngày đó trở đi.",
        )


def changes(hamlet, day, plan):
    """{person id: (households held on `day`, households the plan gives)} of the members whose
    households of the hamlet change, as sets of ids; households of other hamlets are left out."""
    ids = {h.pk for h in Household.objects(hamlet=hamlet.pk).only("id")}
    now = {h: p for h, p in current_plan(hamlet, day).items() if h in ids}
    after = {**now, **{h: p for h, p in plan.items() if h in ids}}
    before_of, after_of = defaultdict(set), defaultdict(set)
    for household, person in now.items():
        before_of[person].add(household)
    for household, person in after.items():
        if person is not None:
            after_of[person].add(household)
    return {
        person: (before_of[person], after_of[person])
        for person in set(before_of) | set(after_of)
        if before_of[person] != after_of[person]
    }


def apply(hamlet, day, plan, by=None):
    """Save `plan` ({household id: person id or None}) for `hamlet` from `day`, in one transaction;
    households it does not name keep their member. Returns the assignments written.

    `by` (an account or a name) is who the history names; by default whoever is acting. A bad
    day, a household of another hamlet or someone not among `members` is refused as a
    ValidationError at its field (`day`, `household-<id>`); a record changed meanwhile raises
    StaleRecord and nothing is written.
    """
    check_day(hamlet, day)
    stock = {h.pk: h for h in households(hamlet)}
    people = {p.pk: p for p in members(hamlet, day)}
    now = current_plan(hamlet, day)
    for household, person in plan.items():
        if household not in stock:
            raise field_error(f"household-{household}", f"Hộ này không thuộc {hamlet}.")
        if person is not None and person not in people and person != now.get(household):
            raise field_error(f"household-{household}", f"Người này không phải đảng viên của {hamlet}.")
    changed = changes(hamlet, day, plan)
    held = defaultdict(list)
    for row in holding(hamlet, day, stock):
        if row["person"] in changed:
            held[row["person"]].append(row["_id"])
    loaded = {a.pk: a for a in LocalityAssignment.objects(pk__in=[pk for ids in held.values() for pk in ids])}
    writes = []
    for person, (before, after) in sorted(changed.items(), key=lambda item: str(item[0])):
        mine = [loaded[pk] for pk in held[person]]
        own = [a for a in mine if ref_id(a, "unit") == hamlet.pk]
        elsewhere = [a for a in mine if ref_id(a, "unit") != hamlet.pk]
        for assignment in elsewhere:
            writes += _given_up(day, assignment, before - after)
        kept = {pk for a in elsewhere for pk in listed(a)} & after
        if own or after - kept:
            # One no longer a member keeps their households until given away; their assignment names them.
            who = people.get(person) or (own or elsewhere)[0].person
            writes += _renewed(hamlet, day, who, own, after - kept, stock)
    new_member = {**current_plan(hamlet, day), **plan}
    for pk, household in stock.items():
        member = new_member.get(pk)
        if member != ref_id(household, "member_in_charge"):
            household.hamlet = hamlet
            household.member_in_charge = people.get(member)
            writes.append(household)
    name = getattr(by, "username", by)
    token = actor.set(name) if name else None
    try:
        save_together(writes)
    finally:
        if token is not None:
            actor.reset(token)
    return [w for w in writes if isinstance(w, LocalityAssignment)]


def _renewed(hamlet, day, person, running_ones, after, stock):
    """The assignments to write for one member: each running one ended the day before (or, begun
    on `day` itself, corrected in place), and one from `day` with `after` unless that is empty.
    Households they list that have moved to other hamlets since stay listed (they are still held
    there, until given to someone of that hamlet)."""
    order = sorted(after, key=lambda pk: (stock[pk].code, str(pk)))
    wanted = [stock[pk] for pk in order]
    wanted += [pk for assignment in running_ones for pk in listed(assignment) if pk not in stock]
    writes = []
    for assignment in running_ones:
        if assignment.start < day:
            assignment.end = day - datetime.timedelta(days=1)
        elif wanted:
            assignment.households, wanted = wanted, []
        else:
            # Begun today and now holding nothing: it lists no household from today on.
            assignment.households, assignment.end = [], day
        writes.append(assignment)
    if wanted:
        renewed = LocalityAssignment(person=person, role=ROLE, unit=hamlet, households=wanted, start=day)
        renewed.renews = [assignment.pk for assignment in running_ones]
        writes.append(renewed)
    return writes


def _given_up(day, assignment, lost):
    """The writes taking households `lost` off `assignment`, made for another hamlet (households
    moved here since): it ends the day before and a copy from `day` lists the rest, or, begun on
    `day` itself, it is corrected in place. Nothing when it lists none of them."""
    rest = [pk for pk in listed(assignment) if pk not in lost]
    if len(rest) == len(listed(assignment)):
        return []
    if assignment.start >= day:
        assignment.households = rest
        if not rest:
            assignment.end = day
        return [assignment]
    copy = None
    if rest:
        fields = ("person", "role", "unit", "decision", "body", "post", "note", "end")
        copy = LocalityAssignment(
            **{name: getattr(assignment, name) for name in fields}, households=rest, start=day
        )
        copy.renews = [assignment.pk]  # so its households moved away since may stay on the copy
    assignment.end = day - datetime.timedelta(days=1)
    return [assignment] + ([copy] if copy else [])


def listed(assignment):
    """The household ids `assignment` lists, without loading the households."""
    return [
        getattr(value, "pk", None) or getattr(value, "id", value)
        for value in assignment._data.get("households") or []
    ]


def ref_id(document, name):
    """The id a reference field of `document` holds, without loading the record it names."""
    value = document._data.get(name)
    if value is None or isinstance(value, ObjectId):
        return value
    return getattr(value, "pk", None) or getattr(value, "id", None)
