"""The households figure kept on write (`documents.locality_coverage_summary`): it agrees with a
raw count on many days at every level, follows every write that changes it (an assignment created,
edited, ended, trashed and restored; a household created, moved, trashed and restored; the bulk
spread), is recomputed when stale or missing (records inserted past the saves), and a recompute
racing a write is never stored as fresh."""

import datetime

import pytest
from mongoengine.connection import get_db

from documents import Household, LocalityAssignment
from documents import locality_coverage as coverage
from documents import locality_coverage_summary as summary
from documents.locality_coverage import Figure
from documents.locality_households import apply
from documents.trash import TrashedRecord
from tests.test_locality_assignments import assign, person, place  # noqa: F401
from tests.test_locality_coverage import END_OF_JUNE, MID_JUNE, by_hand, covered  # noqa: F401

DAY = datetime.date
DAYS = [
    DAY(2022, 5, 31),
    DAY(2022, 6, 1),
    DAY(2023, 12, 31),
    DAY(2024, 1, 1),
    MID_JUNE,
    DAY(2024, 6, 20),
    DAY(2024, 6, 21),
    END_OF_JUNE,
]


def stored(hamlet):
    return get_db().household_coverage.find_one({"_id": hamlet.pk}) or {}


def is_fresh(hamlet):
    row = stored(hamlet)
    return bool(row) and row.get("computed") == row.get("generation")


def households_of(unit, day):
    return coverage.households(unit, day)[0]


def gap_codes(unit, day):
    return [gap.name.split(" – ")[0] for gap in coverage.households(unit, day)[1]]


def agrees(places, day, *names):
    """The households figure of each unit named agrees with the raw count, on `day`."""
    for name in names or ("province", "district", "nam_quan", "nhan_ly", "doan_ket", "na_pai", "ban_chanh"):
        assert households_of(places[name], day) == by_hand(places[name].pk, day)[3], (name, day)


def raw_per_hamlet(day):
    """{hamlet id: (covered, households)} counted from the raw collections."""
    db = get_db()
    moment = datetime.datetime.combine(day, datetime.time())
    listed = {
        pk
        for a in db.locality_assignments.find()
        if a["start"] <= moment and (a.get("end") is None or a["end"] >= moment)
        for pk in a.get("households", [])
    }
    counts = {}
    for home in db.households.find():
        covered_, total = counts.get(home["hamlet"], (0, 0))
        counts[home["hamlet"]] = (covered_ + (home["_id"] in listed), total + 1)
    return counts


@pytest.mark.parametrize("day", DAYS)
def test_the_summaries_agree_with_a_raw_count_at_every_level(covered, day):  # noqa: F811
    agrees(covered, day)
    expected = raw_per_hamlet(day)
    for name in ("doan_ket", "na_pai", "ban_chanh"):
        hamlet = covered[name]
        assert is_fresh(hamlet)
        row = stored(hamlet)
        kept = summary.Summary(row["households"], row["steps"])
        assert (kept.covered(day), kept.households) == expected[hamlet.pk]


def test_the_hand_counted_hamlets_and_their_steps(covered):  # noqa: F811
    """Đoàn Kết DK-1, DK-3 (Mr. Lương, from 1/6/2022); Nà Pái NP-1 (Ms. Lan until 20/6/2024, Mr.
    Tú from 1/1/2024), NP-2 (Ms. Lan), DK-2 moved in (Mr. Lương still, Mr. Tú): 3 from 1/6/2022,
    2 from 21/6/2024; Bản Chành nobody."""
    households_of(covered["district"], MID_JUNE)
    moment = lambda day: datetime.datetime.combine(day, datetime.time())  # noqa: E731
    assert [
        (stored(covered[n])["households"], stored(covered[n])["steps"]) for n in ("doan_ket", "na_pai")
    ] == [
        (2, [[moment(DAY(2022, 6, 1)), 2]]),
        (3, [[moment(DAY(2022, 6, 1)), 3], [moment(DAY(2024, 6, 21)), 2]]),
    ]
    assert (stored(covered["ban_chanh"])["households"], stored(covered["ban_chanh"])["steps"]) == (2, [])


def test_the_summary_follows_an_assignment_created_edited_ended_trashed_and_restored(covered):  # noqa: F811
    p = covered
    ban_chanh = p["ban_chanh"]
    bc_1, bc_2 = Household.objects(code__in=["BC-1", "BC-2"]).order_by("code")
    assert households_of(ban_chanh, MID_JUNE) == Figure(0, 2) and is_fresh(ban_chanh)

    done = assign(p, "tu", "ban_chanh", role="phu_trach", households=[bc_1], start=DAY(2024, 6, 1))
    assert not is_fresh(ban_chanh)
    assert (households_of(ban_chanh, MID_JUNE), gap_codes(ban_chanh, MID_JUNE)) == (Figure(1, 2), ["BC-2"])
    assert households_of(ban_chanh, DAY(2024, 5, 31)) == Figure(0, 2)
    agrees(p, MID_JUNE)

    done.households = [bc_2]
    done.save()
    assert not is_fresh(ban_chanh)
    assert (households_of(ban_chanh, MID_JUNE), gap_codes(ban_chanh, MID_JUNE)) == (Figure(1, 2), ["BC-1"])
    done.households = [bc_1, bc_2]
    done.save()
    assert households_of(ban_chanh, MID_JUNE) == Figure(2, 2)

    done.end = DAY(2024, 6, 20)
    done.save()
    assert [households_of(ban_chanh, day) for day in (MID_JUNE, DAY(2024, 6, 20), DAY(2024, 6, 21))] == [
        Figure(2, 2),
        Figure(2, 2),
        Figure(0, 2),
    ]
    agrees(p, MID_JUNE)
    agrees(p, END_OF_JUNE)

    done.note = "Ghi chú"  # changes no household's coverage: the summary stays fresh
    done.save()
    assert is_fresh(ban_chanh)

    LocalityAssignment.objects.get(pk=done.pk).delete()
    assert not is_fresh(ban_chanh)
    assert households_of(ban_chanh, MID_JUNE) == Figure(0, 2)
    TrashedRecord.objects.get(record_id=done.pk).restore()
    assert not is_fresh(ban_chanh)
    assert households_of(ban_chanh, MID_JUNE) == Figure(2, 2)
    agrees(p, MID_JUNE)


def test_the_summary_follows_a_household_created_moved_trashed_and_restored(covered):  # noqa: F811
    p = covered
    doan_ket, ban_chanh = p["doan_ket"], p["ban_chanh"]
    agrees(p, END_OF_JUNE)
    added = Household(code="BC-3", head_name="Hộ Bản Chành 3", hamlet=ban_chanh).save()
    assert not is_fresh(ban_chanh) and is_fresh(doan_ket)
    assert households_of(ban_chanh, END_OF_JUNE) == Figure(0, 3)

    dk_1 = Household.objects.get(code="DK-1")
    dk_1.hamlet = ban_chanh
    dk_1.save()  # still listed by Đoàn Kết's member: covered, once, in Bản Chành
    assert not is_fresh(ban_chanh) and not is_fresh(doan_ket)
    assert households_of(doan_ket, END_OF_JUNE) == Figure(1, 1)
    assert households_of(ban_chanh, END_OF_JUNE) == Figure(1, 4)
    assert households_of(p["district"], END_OF_JUNE) == Figure(4, 8)
    agrees(p, END_OF_JUNE)

    dk_1.head_name = "Hộ 1 (đổi tên)"  # the name is read with the gaps, not kept: still fresh
    dk_1.save()
    assert is_fresh(ban_chanh)

    Household.objects.get(pk=added.pk).delete()
    assert households_of(ban_chanh, END_OF_JUNE) == Figure(1, 3)
    TrashedRecord.objects.get(record_id=added.pk).restore()
    assert (households_of(ban_chanh, END_OF_JUNE), gap_codes(ban_chanh, END_OF_JUNE)) == (
        Figure(1, 4),
        ["BC-1", "BC-2", "BC-3"],
    )
    # An earlier version restored from its history (admin/history.py: a save) moves it back.
    earlier = Household._from_son(
        {**Household.objects.get(pk=dk_1.pk).to_mongo(), "hamlet": doan_ket.pk}, created=False
    )
    earlier.save(action="restore")
    assert households_of(doan_ket, END_OF_JUNE) == Figure(2, 2)
    assert households_of(ban_chanh, END_OF_JUNE) == Figure(0, 3)
    agrees(p, END_OF_JUNE)


def test_the_bulk_spread_marks_its_hamlet_and_is_counted(covered):  # noqa: F811
    """NP-2 has nobody after Ms. Lan's assignment ended on 20/6: given back to her from 25/6."""
    na_pai = covered["na_pai"]
    assert households_of(na_pai, END_OF_JUNE) == Figure(2, 3)
    np_2 = Household.objects.get(code="NP-2")
    apply(na_pai, DAY(2024, 6, 25), {np_2.pk: covered["na_pai_member"].pk})
    assert not is_fresh(na_pai)
    assert [households_of(na_pai, day) for day in (DAY(2024, 6, 24), DAY(2024, 6, 25), END_OF_JUNE)] == [
        Figure(2, 3),
        Figure(3, 3),
        Figure(3, 3),
    ]
    agrees(covered, END_OF_JUNE)


def test_a_stale_summary_is_recomputed_and_a_fresh_one_trusted(covered):  # noqa: F811
    ban_chanh = covered["ban_chanh"]
    assert households_of(ban_chanh, MID_JUNE) == Figure(0, 2)
    db = get_db()
    db.household_coverage.update_one({"_id": ban_chanh.pk}, {"$set": {"households": 9}})
    assert households_of(ban_chanh, MID_JUNE) == Figure(0, 9)  # a cache: fresh is trusted
    db.household_coverage.update_one({"_id": ban_chanh.pk}, {"$inc": {"generation": 1}})
    assert households_of(ban_chanh, MID_JUNE) == Figure(0, 2)
    assert is_fresh(ban_chanh) and stored(ban_chanh)["households"] == 2


def test_a_recompute_racing_a_write_is_not_stored_as_fresh(covered, monkeypatch):  # noqa: F811
    """A household is added after the sources were read and before the store: the store finds the
    generation bumped and keeps the summary stale; the next read counts the household."""
    ban_chanh = covered["ban_chanh"]
    assert households_of(ban_chanh, MID_JUNE) == Figure(0, 2) and is_fresh(ban_chanh)
    get_db().household_coverage.update_one({"_id": ban_chanh.pk}, {"$inc": {"generation": 1}})
    original = summary.compute

    def racing(hamlets, few):
        found = original(hamlets, few)
        Household(code="BC-9", head_name="Hộ mới", hamlet=ban_chanh).save()
        return found

    monkeypatch.setattr(summary, "compute", racing)
    assert households_of(ban_chanh, MID_JUNE) == Figure(0, 2)  # as the sources were read
    row = stored(ban_chanh)
    assert row["computed"] != row["generation"]
    monkeypatch.setattr(summary, "compute", original)
    assert households_of(ban_chanh, MID_JUNE) == Figure(0, 3)
    assert is_fresh(ban_chanh)
    # A store at a generation no longer there writes nothing.
    assert summary.store(summary.compute([ban_chanh.pk], 10), {ban_chanh.pk: row["generation"] - 1}) == []


def test_records_inserted_past_the_saves_are_counted_on_read_and_by_a_rebuild(covered):  # noqa: F811
    db = get_db()
    db.household_coverage.delete_many({})
    db.household_coverage_holes.delete_many({})
    rows = []
    for n in (4, 5):
        home = Household(code=f"BC-{n}", head_name=f"Hộ {n}", hamlet=covered["ban_chanh"])
        home.validate()
        rows.append(home.to_mongo())
    db.households.insert_many(rows)
    assert households_of(covered["ban_chanh"], MID_JUNE) == Figure(0, 4)
    agrees(covered, MID_JUNE)

    summary.mark_all_stale()
    assert not is_fresh(covered["ban_chanh"])
    db.household_coverage.update_one({"_id": covered["na_pai"].pk}, {"$set": {"households": 0, "steps": []}})
    assert summary.rebuild() == 3
    assert all(is_fresh(covered[name]) for name in ("doan_ket", "na_pai", "ban_chanh"))
    for day in DAYS:
        agrees(covered, day, "district", "nam_quan", "na_pai")


@pytest.mark.parametrize("few", [10, 0])
def test_the_first_gaps_come_from_stored_holes_and_fresh_ones_alike(covered, few):  # noqa: F811
    """Gaps read from the stored holes, from a recompute in memory, or both, in code order."""
    district = covered["district"]
    assert gap_codes(district, END_OF_JUNE) == ["BC-1", "BC-2", "NP-2"]  # recomputed here
    assert gap_codes(district, END_OF_JUNE) == ["BC-1", "BC-2", "NP-2"]  # from the stored holes
    get_db().household_coverage.update_one({"_id": covered["na_pai"].pk}, {"$inc": {"generation": 1}})
    assert gap_codes(district, END_OF_JUNE) == ["BC-1", "BC-2", "NP-2"]  # both
    found = coverage.households(district, END_OF_JUNE, limit=2, skip=1)
    assert [gap.name.split(" – ")[0] for gap in found[1]] == ["BC-2", "NP-2"]
    assert summary.rebuild(few=few) == 3 and gap_codes(district, DAY(2022, 5, 31))[:3] == [
        "BC-1",
        "BC-2",
        "DK-1",
    ]


def test_spans_are_merged_and_their_holes_bounded():
    d = lambda n: datetime.datetime(2024, 1, n)  # noqa: E731
    merged = summary.merge([(d(1), d(5)), (d(12), summary.NEVER), (d(6), d(9)), (d(3), d(4)), (d(20), d(22))])
    assert merged == [[d(1), d(9)], [d(12), summary.NEVER]]
    assert summary.holes(merged) == [
        {"s": summary.ALWAYS, "e": datetime.datetime(2023, 12, 31)},
        {"s": d(10), "e": d(11)},
    ]
    assert summary.holes([]) == [{"s": summary.ALWAYS, "e": summary.NEVER}]
    assert summary.holes([[d(1), d(2)]])[-1] == {"s": d(3), "e": summary.NEVER}


def test_the_rebuild_command_recomputes_every_hamlet(app, covered):  # noqa: F811
    get_db().household_coverage.update_many({}, {"$set": {"households": 0, "steps": []}})
    result = app.test_cli_runner().invoke(args=["locality", "coverage-rebuild"])
    assert result.exit_code == 0 and "Đã tính lại độ bao phủ hộ gia đình của 3 thôn trong" in result.output
    agrees(covered, END_OF_JUNE)
