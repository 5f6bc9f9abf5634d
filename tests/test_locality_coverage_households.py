"""The households figure counted by hamlet, as sets (`documents.locality_coverage_households`),
against a hand count: a household listed by two running assignments, one moved to a hamlet of
its commune (listed there and still by its old hamlet), one moved to another commune and listed
only by its old hamlet's assignment, one whose only assignment ended; the hamlets' summaries
recomputed by each path, the `$in` through the index and the read of every household assignment,
at thresholds small enough to take it."""

import datetime

import pytest

from documents import Household, PartyOrganization
from documents import locality_coverage as coverage
from documents.locality_coverage import Figure, within
from documents.locality_coverage_summary import ALWAYS, NEVER, compute
from tests.test_locality_assignments import assign, person, place  # noqa: F401
from tests.test_locality_coverage import by_hand

DAY = datetime.date
MID_JUNE = DAY(2024, 6, 15)
END_OF_JUNE = DAY(2024, 6, 30)
# Past every list of ids here (the `$in` paths); 1 and 0 take the others for two ids or more, or one.
THRESHOLDS = [coverage.HOUSEHOLD_IDS, 1, 0]


@pytest.fixture
def homes(place):  # noqa: F811
    """Lộc Bình's households where they are on 15/6/2024, then on 30/6/2024:

    - Đoàn Kết: DK-1, listed by Mr. Lương (until 20/6) and by Ms. Vân: covered both days;
    - Nà Pái: NP-1 (Ms. Lan), NP-2 (only Mr. Lương's second assignment, ended 10/6: a gap), DK-2,
      moved in from Đoàn Kết, listed by Ms. Lan and still by Mr. Lương: 2/3 both days;
    - Bản Chành (Nhân Lý): BC-1 listed by nobody, BC-2 (Mr. Bình), DK-3 moved in from Đoàn Kết,
      listed only by Mr. Lương's Đoàn Kết assignment: 2/3, then 1/3.

    The district: 5/7, gaps BC-1, NP-2; then 4/7, gaps BC-1, DK-3, NP-2.
    """
    p = place
    cells = {
        name: PartyOrganization(kind="chi_bo", name=f"Chi bộ thôn {name}", unit=p[name]).save()
        for name in ("doan_ket", "na_pai", "ban_chanh")
    }
    people = dict(
        van=person("Hà Thị Vân", p["doan_ket"], member_of=cells["doan_ket"]),
        lan=person("Chu Thị Lan", p["na_pai"], member_of=cells["na_pai"]),
        binh=person("Hoàng Văn Bình", p["ban_chanh"], member_of=cells["ban_chanh"]),
    )
    p = {**p, **people}
    dk_1, dk_2 = p["homes"]
    dk_3 = Household(code="DK-3", head_name="Hộ 3", hamlet=p["doan_ket"]).save()
    np_1, np_2 = (
        Household(code=f"NP-{n}", head_name=f"Hộ Nà Pái {n}", hamlet=p["na_pai"]).save() for n in (1, 2)
    )
    bc_1, bc_2 = (
        Household(code=f"BC-{n}", head_name=f"Hộ Bản Chành {n}", hamlet=p["ban_chanh"]).save() for n in (1, 2)
    )
    assign(p, "member", "doan_ket", role="phu_trach", households=[dk_1, dk_2, dk_3], end=DAY(2024, 6, 20))
    assign(p, "van", "doan_ket", role="phu_trach", households=[dk_1])
    assign(p, "member", "na_pai", role="phu_trach", households=[np_1, np_2], end=DAY(2024, 6, 10))
    assign(p, "binh", "ban_chanh", role="phu_trach", households=[bc_2])
    dk_2.hamlet = p["na_pai"]
    dk_2.save()
    dk_3.hamlet = p["ban_chanh"]
    dk_3.save()
    assign(p, "lan", "na_pai", role="phu_trach", households=[np_1, dk_2])
    return {**p, **dict(dk_1=dk_1, dk_2=dk_2, dk_3=dk_3, np_1=np_1, np_2=np_2, bc_1=bc_1, bc_2=bc_2)}


HAND_COUNTED = {
    MID_JUNE: {
        "district": (Figure(5, 7), ["BC-1", "NP-2"]),
        "nam_quan": (Figure(3, 4), ["NP-2"]),
        "doan_ket": (Figure(1, 1), []),
        "na_pai": (Figure(2, 3), ["NP-2"]),
        "nhan_ly": (Figure(2, 3), ["BC-1"]),
        "ban_chanh": (Figure(2, 3), ["BC-1"]),
    },
    END_OF_JUNE: {
        "district": (Figure(4, 7), ["BC-1", "DK-3", "NP-2"]),
        "nam_quan": (Figure(3, 4), ["NP-2"]),
        "doan_ket": (Figure(1, 1), []),
        "na_pai": (Figure(2, 3), ["NP-2"]),
        "nhan_ly": (Figure(1, 3), ["BC-1", "DK-3"]),
        "ban_chanh": (Figure(1, 3), ["BC-1", "DK-3"]),
    },
}
CASES = [(day, unit) for day, units in HAND_COUNTED.items() for unit in units]


@pytest.mark.parametrize("few", THRESHOLDS)
@pytest.mark.parametrize("day, unit", CASES)
def test_households_counted_by_hamlet_agree_with_the_hand_count(homes, monkeypatch, few, day, unit):
    monkeypatch.setattr(coverage, "HOUSEHOLD_IDS", few)
    figure, gaps = coverage.households(homes[unit], day)
    assert (figure, [gap.name.split(" – ")[0] for gap in gaps]) == HAND_COUNTED[day][unit]
    assert figure == by_hand(homes[unit].pk, day)[3]


@pytest.mark.parametrize("few", THRESHOLDS)
def test_the_first_gaps_by_code_and_where_they_are(homes, monkeypatch, few):
    monkeypatch.setattr(coverage, "HOUSEHOLD_IDS", few)
    district = homes["district"]
    gaps = coverage.gaps(district, END_OF_JUNE, "households")
    assert [(g.name, g.place) for g in gaps] == [
        ("BC-1 – Hộ Bản Chành 1", "Thôn Bản Chành, Xã Nhân Lý"),
        ("DK-3 – Hộ 3", "Thôn Bản Chành, Xã Nhân Lý"),
        ("NP-2 – Hộ Nà Pái 2", "Thôn Nà Pái, Xã Nam Quan"),
    ]
    assert [g.id for g in coverage.gaps(district, END_OF_JUNE, "households", limit=2)] == [
        homes["bc_1"].pk,
        homes["dk_3"].pk,
    ]
    found = coverage.report(district, END_OF_JUNE, limit=1)
    assert (found.households, [g.name for g in found.gaps["households"]]) == (
        Figure(4, 7),
        ["BC-1 – Hộ Bản Chành 1"],
    )


@pytest.mark.parametrize("few", THRESHOLDS)
def test_a_commune_editor_counts_only_the_households_of_the_commune(homes, monkeypatch, few):
    monkeypatch.setattr(coverage, "HOUSEHOLD_IDS", few)
    found = coverage.households(homes["district"], MID_JUNE, within(homes["nam_quan"].pk))
    assert (found[0], [g.name for g in found[1]]) == (Figure(3, 4), ["NP-2 – Hộ Nà Pái 2"])
    assert found[0] == by_hand(homes["district"].pk, MID_JUNE, homes["nam_quan"].pk)[3]
    assert coverage.households(homes["nam_quan"], MID_JUNE, within(homes["nhan_ly"].pk)) == (Figure(0, 0), [])


def moment(day):
    return datetime.datetime.combine(day, datetime.time())


@pytest.mark.parametrize("few", [10, 1, 0])
def test_each_hamlets_summary_counts_its_households_where_they_are_now(homes, few):
    """Đoàn Kết keeps DK-1 only (two assignments: covered from 1/6/2022 on); Nà Pái's NP-2 goes
    on 11/6/2024 and DK-2 counts there; Bản Chành's DK-3, listed by Đoàn Kết until 20/6, goes on
    21/6, BC-1 was never listed."""
    found = compute([homes[h].pk for h in ("doan_ket", "na_pai", "ban_chanh")], few)
    start = moment(DAY(2022, 6, 1))
    names = ("doan_ket", "na_pai", "ban_chanh")
    steps = {name: (found[homes[name].pk].households, found[homes[name].pk].steps) for name in names}
    assert steps == {
        "doan_ket": (1, [[start, 1]]),
        "na_pai": (3, [[start, 3], [moment(DAY(2024, 6, 11)), 2]]),
        "ban_chanh": (3, [[start, 2], [moment(DAY(2024, 6, 21)), 1]]),
    }
    holes = {code: gaps for summary in found.values() for _, code, gaps in summary.rows}
    before = {"s": ALWAYS, "e": moment(DAY(2022, 5, 31))}
    assert holes == {
        "DK-1": [before],
        "NP-1": [before],
        "NP-2": [before, {"s": moment(DAY(2024, 6, 11)), "e": NEVER}],
        "DK-2": [before],
        "BC-1": [{"s": ALWAYS, "e": NEVER}],
        "BC-2": [before],
        "DK-3": [before, {"s": moment(DAY(2024, 6, 21)), "e": NEVER}],
    }
    na_pai = found[homes["na_pai"].pk]
    assert [
        na_pai.covered(day) for day in (DAY(2022, 5, 31), DAY(2022, 6, 1), DAY(2024, 6, 10), DAY(2024, 6, 11))
    ] == [
        0,
        3,
        3,
        2,
    ]
