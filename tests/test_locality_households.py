"""Households given to a hamlet's party members in bulk: the spread, the save (ended never deleted,
one transaction, the household list agreeing), coverage on a day, and the console page."""

import datetime

import pytest
from mongoengine.connection import get_db
from mongoengine.errors import NotUniqueError, ValidationError

from documents import HistoryEntry, Household, LocalityAssignment, PartyOrganization
from documents import locality_households as bulk
from documents.base import StaleRecord, save_together, vietnam_today
from documents.locality import running
from tests.test_locality_assignments import person

DAY = datetime.date


class Home:
    """A household as the spread sees it: a code and an id."""

    def __init__(self, code):
        self.code, self.pk = code, code


def blocks(plan):
    """The spread as [(member, [codes])], in code order."""
    found = []
    for code, member in plan.items():
        if found and found[-1][0] == member:
            found[-1][1].append(code)
        else:
            found.append((member, [code]))
    return found


def test_spread_is_even_in_contiguous_blocks_of_code_order():
    homes = [Home(f"DK-{n}") for n in (7, 1, 3, 2, 6, 5, 4)]
    assert blocks(bulk.spread(["a", "b", "c"], homes)) == [
        ("a", ["DK-1", "DK-2", "DK-3"]),
        ("b", ["DK-4", "DK-5"]),
        ("c", ["DK-6", "DK-7"]),
    ]
    assert bulk.spread([], homes[:2]) == {"DK-7": None, "DK-1": None}
    assert bulk.spread(["a"], []) == {}


def test_spread_keeps_what_is_held_and_moves_only_what_must():
    homes = [Home(f"DK-{n}") for n in range(1, 8)]
    first = bulk.spread(["a", "b", "c"], homes)
    assert bulk.spread(["a", "b", "c"], homes, first) == first
    # One household more: only it is placed, with a member who had one less.
    more = bulk.spread(["a", "b", "c"], [*homes, Home("DK-8")], first)
    assert {k: v for k, v in more.items() if first.get(k) != v} == {"DK-8": "b"}
    # A member leaves: only their households move, to the others (the first of them gets the extra one).
    fewer = bulk.spread(["a", "c"], homes, first)
    assert {k: v for k, v in fewer.items() if first[k] != v} == {"DK-4": "a", "DK-5": "c"}
    assert sorted(fewer.values()).count("a") == 4
    # A member joins: each gives up the last of their block, the newcomer takes them.
    joined = bulk.spread(["a", "b", "c", "d"], homes, first)
    assert [len([v for v in joined.values() if v == m]) for m in "abcd"] == [2, 2, 2, 1]
    assert {k: v for k, v in joined.items() if first[k] != v} == {"DK-3": "d"}
    # Held by more than their share: the extra ones go to whoever has room, in code order.
    lopsided = bulk.spread(["a", "b"], homes[:4], {h.pk: "a" for h in homes[:4]})
    assert lopsided == {"DK-1": "a", "DK-2": "a", "DK-3": "b", "DK-4": "b"}


@pytest.fixture
def hamlet(district):
    """Đoàn Kết's cell with three members (one living in Nà Pái), a member of Đoàn Kết who attends
    the commune's agency cell, a non-member, seven households, and Nà Pái's cell and household."""
    cell = PartyOrganization(kind="chi_bo", name="Chi bộ thôn Đoàn Kết", unit=district["doan_ket"]).save()
    agency = PartyOrganization(kind="chi_bo", name="Chi bộ cơ quan xã", unit=district["nam_quan"]).save()
    na_pai_cell = PartyOrganization(kind="chi_bo", name="Chi bộ thôn Nà Pái", unit=district["na_pai"]).save()
    people = dict(
        an=person("Hoàng Văn An", district["doan_ket"], member_of=cell),
        binh=person("Lý Văn Bình", district["doan_ket"], member_of=cell),
        cuc=person("Triệu Thị Cúc", district["na_pai"], member_of=cell),
        agency_member=person("Vi Văn Dũng", district["doan_ket"], member_of=agency),
        plain=person("Nông Văn Em", district["doan_ket"]),
        na_pai_member=person("Hà Văn Giang", district["na_pai"], member_of=na_pai_cell),
    )
    homes = [
        Household(code=f"DK-{n}", head_name=f"Hộ {n}", hamlet=district["doan_ket"]).save()
        for n in range(1, 8)
    ]
    other = Household(code="NP-1", head_name="Hộ Nà Pái", hamlet=district["na_pai"]).save()
    return dict(district, **people, cell=cell, homes=homes, other=other)


def held_on(hamlet, day):
    """{code: member name} of Đoàn Kết's households held on `day`, read raw."""
    names = {p.pk: p.full_name for p in (hamlet[k] for k in ("an", "binh", "cuc", "na_pai_member"))}
    codes = {h.pk: h.code for h in hamlet["homes"]}
    query = {**running(day), "unit": hamlet["doan_ket"].pk, "households.0": {"$exists": True}}
    found = {}
    for row in get_db().locality_assignments.find(query):
        for pk in row["households"]:
            found[codes.get(pk, pk)] = names[row["person"]]
    return dict(sorted(found.items()))


def raw_covered(hamlet, day):
    ids = [h["_id"] for h in get_db().households.find({"hamlet": hamlet["doan_ket"].pk})]
    listed = set(get_db().locality_assignments.distinct("households", running(day)))
    return len([pk for pk in ids if pk in listed]), len(ids)


def test_the_members_are_the_hamlet_cells_and_those_still_holding(hamlet):
    names = [p.full_name for p in bulk.members(hamlet["doan_ket"], DAY(2024, 3, 1))]
    assert names == ["Hoàng Văn An", "Lý Văn Bình", "Triệu Thị Cúc"]
    LocalityAssignment(
        person=hamlet["na_pai_member"],
        unit=hamlet["doan_ket"],
        households=[hamlet["homes"][0]],
        start=DAY(2024, 1, 1),
    ).save()
    names = [p.full_name for p in bulk.members(hamlet["doan_ket"], DAY(2024, 3, 1))]
    assert names == ["Hoàng Văn An", "Lý Văn Bình", "Triệu Thị Cúc", "Hà Văn Giang"]
    assert len(bulk.members(hamlet["doan_ket"], DAY(2023, 12, 31))) == 3
    assert [h.code for h in bulk.households(hamlet["doan_ket"])] == [f"DK-{n}" for n in range(1, 8)]


def plan_of(hamlet, **codes):
    """A plan from member keys to lists of household numbers: an=[1, 2]."""
    homes = {int(h.code[3:]): h.pk for h in hamlet["homes"]}
    return {homes[n]: hamlet[key].pk if key != "none" else None for key, ns in codes.items() for n in ns}


def test_apply_ends_and_starts_assignments_and_sets_the_member_in_charge(hamlet):
    doan_ket = hamlet["doan_ket"]
    members = bulk.members(doan_ket, DAY(2024, 3, 1))
    first = bulk.spread(members, bulk.households(doan_ket))
    made = bulk.apply(doan_ket, DAY(2024, 3, 1), first, by="xa")
    assert len(made) == 3 and LocalityAssignment.objects.count() == 3
    an, binh, cuc = "Hoàng Văn An", "Lý Văn Bình", "Triệu Thị Cúc"
    march = {"DK-1": an, "DK-2": an, "DK-3": an, "DK-4": binh, "DK-5": binh, "DK-6": cuc, "DK-7": cuc}
    assert held_on(hamlet, DAY(2024, 3, 1)) == march and held_on(hamlet, DAY(2024, 2, 29)) == {}
    assert bulk.current_plan(doan_ket, DAY(2024, 3, 1)) == first
    cuc_assignment = LocalityAssignment.objects.get(person=hamlet["cuc"])
    # DK-3 goes from An to Bình on 1 April: An's and Bình's assignments end on 31 March and new ones
    # begin; Cúc's stays as it was (same record, same version, still running).
    bulk.apply(doan_ket, DAY(2024, 4, 1), plan_of(hamlet, binh=[3]), by="xa")
    assert LocalityAssignment.objects.count() == 5
    assert held_on(hamlet, DAY(2024, 3, 31)) == march
    assert held_on(hamlet, DAY(2024, 4, 1)) == {**march, "DK-3": binh}
    ended = {(a.person.full_name, a.start, a.end) for a in LocalityAssignment.objects(end__ne=None)}
    assert ended == {(an, DAY(2024, 3, 1), DAY(2024, 3, 31)), (binh, DAY(2024, 3, 1), DAY(2024, 3, 31))}
    kept = LocalityAssignment.objects.get(pk=cuc_assignment.pk)
    assert (kept.version, kept.end, kept.start) == (cuc_assignment.version, None, DAY(2024, 3, 1))
    in_charge = {h.code: h.member_in_charge.full_name for h in Household.objects(hamlet=doan_ket)}
    assert in_charge == {**march, "DK-3": binh}
    assert Household.objects.get(code="NP-1").member_in_charge is None
    # The history holds every write, named by who made it: 3 created in March; in April 2 ended,
    # 2 created; households: 7 set in March, 1 changed in April.
    entries = HistoryEntry.objects(kind="locality_assignments")
    assert sorted(e.action for e in entries) == ["create"] * 5 + ["edit"] * 2
    assert {e.actor for e in entries} == {"xa"}
    assert HistoryEntry.objects(kind="households", action="edit").count() == 8
    change = (
        HistoryEntry.objects(kind="households", record_id=hamlet["homes"][2].pk).order_by("-version").first()
    )
    assert change.changed == ["member_in_charge"] and change.before["member_in_charge"] == hamlet["an"].pk


def test_a_member_left_with_nothing_is_ended_and_coverage_follows_the_day(hamlet):
    doan_ket = hamlet["doan_ket"]
    assert bulk.covered(doan_ket, DAY(2024, 3, 1)) == raw_covered(hamlet, DAY(2024, 3, 1)) == (0, 7)
    bulk.apply(doan_ket, DAY(2024, 3, 1), plan_of(hamlet, an=[1, 2, 3, 4], binh=[5, 6, 7]))
    bulk.apply(doan_ket, DAY(2024, 5, 1), plan_of(hamlet, an=[5, 6], none=[7]))
    assert held_on(hamlet, DAY(2024, 5, 1)) == {f"DK-{n}": "Hoàng Văn An" for n in range(1, 7)}
    binh = LocalityAssignment.objects.get(person=hamlet["binh"])
    assert binh.end == DAY(2024, 4, 30) and len(binh.households) == 3
    for day, expected in ((DAY(2024, 2, 29), (0, 7)), (DAY(2024, 4, 30), (7, 7)), (DAY(2024, 5, 1), (6, 7))):
        assert bulk.covered(doan_ket, day) == raw_covered(hamlet, day) == expected
    assert Household.objects.get(code="DK-7").member_in_charge is None
    # A household moved to Nà Pái counts there, still listed by Đoàn Kết's assignment.
    moved = Household.objects.get(code="DK-1")
    moved.hamlet = hamlet["na_pai"]
    moved.save()
    assert bulk.covered(doan_ket, DAY(2024, 5, 1)) == (5, 6)
    assert bulk.covered(hamlet["na_pai"], DAY(2024, 5, 1)) == (1, 2)


def test_a_second_save_the_same_day_corrects_in_place(hamlet):
    doan_ket = hamlet["doan_ket"]
    bulk.apply(doan_ket, DAY(2024, 3, 1), plan_of(hamlet, an=[1, 2, 3, 4], binh=[5, 6, 7]))
    bulk.apply(doan_ket, DAY(2024, 3, 1), plan_of(hamlet, an=[1, 2, 3, 4, 5, 6, 7]))
    assert LocalityAssignment.objects.count() == 2
    an = LocalityAssignment.objects.get(person=hamlet["an"])
    assert (len(an.households), an.end, an.version) == (7, None, 2)
    binh = LocalityAssignment.objects.get(person=hamlet["binh"])
    assert (binh.households, binh.start, binh.end) == ([], DAY(2024, 3, 1), DAY(2024, 3, 1))
    assert held_on(hamlet, DAY(2024, 3, 1)) == {f"DK-{n}": "Hoàng Văn An" for n in range(1, 8)}


def test_apply_is_one_transaction(hamlet):
    """A write that fails late (a history entry that cannot be inserted) leaves nothing written."""
    doan_ket = hamlet["doan_ket"]
    bulk.apply(doan_ket, DAY(2024, 3, 1), plan_of(hamlet, an=[1, 2, 3, 4], binh=[5, 6, 7]))
    before = {
        "assignments": list(get_db().locality_assignments.find()),
        "households": list(get_db().households.find()),
        "history": get_db().history.count_documents({}),
    }
    last = hamlet["homes"][6]
    stored = get_db().households.find_one({"_id": last.pk})
    HistoryEntry(kind="households", record_id=last.pk, version=stored["version"] + 1, action="edit").save()
    with pytest.raises(NotUniqueError, match="duplicate key"):
        bulk.apply(doan_ket, DAY(2024, 4, 1), plan_of(hamlet, an=[7]))
    assert list(get_db().locality_assignments.find()) == before["assignments"]
    assert list(get_db().households.find()) == before["households"]
    assert get_db().history.count_documents({}) == before["history"] + 1


@pytest.mark.parametrize(
    "day, plan, field, message",
    [
        (vietnam_today() + datetime.timedelta(days=2), {}, "day", "không được sau hôm nay"),
        (DAY(1999, 12, 31), {}, "day", "từ 01/01/2000"),
        (DAY(2024, 2, 1), {}, "day", "đã thay đổi từ ngày 01/03/2024"),
        (DAY(2024, 4, 1), {"other": "an"}, "household-", "không thuộc Thôn Đoàn Kết"),
        (DAY(2024, 4, 1), {1: "agency_member"}, "household-", "không phải đảng viên của Thôn Đoàn Kết"),
        (DAY(2024, 4, 1), {1: "plain"}, "household-", "không phải đảng viên"),
    ],
)
def test_what_apply_refuses(hamlet, day, plan, field, message):
    bulk.apply(hamlet["doan_ket"], DAY(2024, 3, 1), plan_of(hamlet, an=[1, 2, 3, 4], binh=[5, 6, 7]))
    homes = {n: h.pk for n, h in enumerate(hamlet["homes"], 1)} | {"other": hamlet["other"].pk}
    plan = {homes[k]: hamlet[v].pk for k, v in plan.items()}
    writes = get_db().history.count_documents({})
    with pytest.raises(ValidationError) as refused:
        bulk.apply(hamlet["doan_ket"], day, plan)
    assert f"{field}" in str(refused.value.to_dict()) and message in str(refused.value)
    assert get_db().history.count_documents({}) == writes


def test_the_first_save_of_demo_like_data_keeps_members_in_charge(hamlet):
    """Households given a member before any assignment (as loaded data are) keep them in the spread."""
    for home in hamlet["homes"]:
        home.member_in_charge = hamlet["cuc"] if home.code in ("DK-1", "DK-2") else None
        home.save()
    held = bulk.held(hamlet["doan_ket"], DAY(2024, 3, 1))
    plan = bulk.spread(
        bulk.members(hamlet["doan_ket"], DAY(2024, 3, 1)), bulk.households(hamlet["doan_ket"]), held
    )
    names = {h.pk: h.code for h in hamlet["homes"]}
    given = {names[k]: v for k, v in plan.items()}
    # Cúc keeps hers and, holding most, takes the extra one: the last, after An's and Bình's blocks.
    keys = {hamlet[k].pk: k for k in ("an", "binh", "cuc")}
    assert [keys[given[f"DK-{n}"]] for n in range(1, 8)] == ["cuc", "cuc", "an", "an", "binh", "binh", "cuc"]


def test_a_record_changed_meanwhile_stops_the_whole_save(hamlet):
    """One household edited by someone else since it was read: StaleRecord, nothing written, and
    every record read keeps the version it was read at."""
    doan_ket = hamlet["doan_ket"]
    bulk.apply(doan_ket, DAY(2024, 3, 1), plan_of(hamlet, an=[1, 2, 3, 4], binh=[5, 6, 7]))
    first, last = Household.objects.get(code="DK-1"), Household.objects.get(code="DK-7")
    get_db().households.update_one({"_id": last.pk}, {"$inc": {"version": 1}})
    before = list(get_db().households.find()), get_db().history.count_documents({})
    first.member_in_charge, last.member_in_charge = hamlet["binh"], hamlet["an"]
    versions = first.version, last.version
    with pytest.raises(StaleRecord):
        save_together([first, last])
    assert (list(get_db().households.find()), get_db().history.count_documents({})) == before
    assert (first.version, last.version) == versions


def test_before_the_first_save_a_household_saved_since_is_held_by_nobody(hamlet):
    """The household list names today's member; a day before the plan was first saved shows who
    held what then (nobody), not today's member; a household never listed keeps the loaded one."""
    doan_ket = hamlet["doan_ket"]
    bulk.apply(doan_ket, DAY(2024, 3, 1), plan_of(hamlet, an=[1, 2]))
    home = hamlet["homes"][6]
    home.member_in_charge = hamlet["cuc"]
    home.save()
    an, cuc = hamlet["an"].pk, hamlet["cuc"].pk
    first, second, last = (hamlet["homes"][n].pk for n in (0, 1, 6))
    assert bulk.held(doan_ket, DAY(2024, 3, 1)) == {first: an, second: an, last: cuc}
    assert bulk.held(doan_ket, DAY(2024, 2, 1)) == {last: cuc}


def test_a_household_moved_in_is_held_from_its_old_hamlet_until_given_here(hamlet):
    """DK-1, held by An under Đoàn Kết's assignment, moves to Nà Pái: Nà Pái's plan and count show
    An holding it there (one query for both); given to Giang of Nà Pái on 1 May, An's assignment
    ends on 30 April and a copy from 1 May lists the rest; no household loses its member."""
    doan_ket, na_pai = hamlet["doan_ket"], hamlet["na_pai"]
    bulk.apply(doan_ket, DAY(2024, 3, 1), plan_of(hamlet, an=[1, 2, 3], binh=[4, 5, 6, 7]))
    moved = Household.objects.get(code="DK-1")
    moved.hamlet = na_pai
    moved.save()
    an, giang = hamlet["an"].pk, hamlet["na_pai_member"].pk
    assert bulk.holders(na_pai, DAY(2024, 4, 1)) == {moved.pk: (an, doan_ket.pk)}
    assert bulk.current_plan(na_pai, DAY(2024, 4, 1)) == bulk.held(na_pai, DAY(2024, 4, 1)) == {moved.pk: an}
    assert bulk.covered(na_pai, DAY(2024, 4, 1)) == (1, 2)
    # Kept with An while Nà Pái's other household is given to Giang: An's assignment is not touched.
    bulk.apply(na_pai, DAY(2024, 4, 1), {moved.pk: an, hamlet["other"].pk: giang})
    assert LocalityAssignment.objects(person=an).count() == 1
    bulk.apply(na_pai, DAY(2024, 5, 1), {moved.pk: giang})
    ans = {
        (a.start, a.end, tuple(sorted(h.code for h in a.households)))
        for a in LocalityAssignment.objects(person=an)
    }
    assert ans == {
        (DAY(2024, 3, 1), DAY(2024, 4, 30), ("DK-1", "DK-2", "DK-3")),
        (DAY(2024, 5, 1), None, ("DK-2", "DK-3")),
    }
    copy = LocalityAssignment.objects.get(person=an, start=DAY(2024, 5, 1))
    assert ref_ids(copy, "unit", "body") == (doan_ket.pk, None)
    assert bulk.holders(na_pai, DAY(2024, 5, 1)) == {
        moved.pk: (giang, na_pai.pk),
        hamlet["other"].pk: (giang, na_pai.pk),
    }
    assert bulk.covered(na_pai, DAY(2024, 5, 1)) == (2, 2) and bulk.covered(doan_ket, DAY(2024, 5, 1)) == (
        6,
        6,
    )
    assert bulk.covered(na_pai, DAY(2024, 4, 30)) == (2, 2)
    assert Household.objects.get(code="DK-1").member_in_charge.pk == giang
    # Taken off again by nobody: Giang's assignment lists only NP-1 from 1 June, DK-1 is held by nobody.
    bulk.apply(na_pai, DAY(2024, 6, 1), {moved.pk: None})
    assert bulk.holders(na_pai, DAY(2024, 6, 1)) == {hamlet["other"].pk: (giang, na_pai.pk)}


def test_a_household_moved_away_stays_held_when_its_old_hamlet_changes_its_members(hamlet):
    """An holds DK-1 (moved to Nà Pái since) and DK-2: Đoàn Kết gives DK-2 to Bình; An's renewed
    assignment still lists DK-1, which stays covered in Nà Pái."""
    doan_ket, na_pai = hamlet["doan_ket"], hamlet["na_pai"]
    bulk.apply(doan_ket, DAY(2024, 3, 1), plan_of(hamlet, an=[1, 2], binh=[3, 4, 5, 6, 7]))
    moved = Household.objects.get(code="DK-1")
    moved.hamlet = na_pai
    moved.save()
    bulk.apply(doan_ket, DAY(2024, 4, 1), plan_of(hamlet, binh=[2]))
    assert bulk.holders(na_pai, DAY(2024, 4, 1)) == {moved.pk: (hamlet["an"].pk, doan_ket.pk)}
    assert bulk.covered(doan_ket, DAY(2024, 4, 1)) == (6, 6)


def ref_ids(document, *names):
    return tuple(bulk.ref_id(document, name) for name in names)
