"""Coverage of localities on a day, against hand-counted data and a raw pymongo count: a household
moved between hamlets, assignments ending or starting mid-month, a cadre in charge of two hamlets,
a hamlet with one commune staff, a commune editor's scope."""

import datetime
from decimal import Decimal

import pytest
from mongoengine.connection import get_db

from documents import Household, LocalityRule, PartyOrganization
from documents import locality_coverage as coverage
from documents.locality_coverage import Figure, within
from tests.test_locality_assignments import assign, person, place  # noqa: F401

DAY = datetime.date
MID_JUNE = DAY(2024, 6, 15)
END_OF_JUNE = DAY(2024, 6, 30)
ENDED = DAY(2024, 6, 20)


@pytest.fixture
def covered(place):  # noqa: F811
    """Lộc Bình's two communes and three hamlets, with (on 15/6/2024, then on 30/6/2024):

    - communes: Nam Quan with Mr. Phong in charge; Nhân Lý with a district leader until 20/6 and a
      commune officer (not from above): 2/2, then 1/2;
    - hamlets with a leader from above: Mr. Phong in Đoàn Kết and Nà Pái, none in Bản Chành (a
      district leader starts there on 1/7): 2/3 both days;
    - hamlets with 2 commune staff: Đoàn Kết (Ms. Hoa twice, Mr. Sơn), Nà Pái only Ms. Hoa (Mr.
      Sơn ended 31/5; Mr. Tú holds households there, which does not count), Bản Chành two Nhân Lý
      officers, one until 20/6: 2/3, then 1/3;
    - households: Đoàn Kết's DK-1, DK-3; DK-2 moved to Nà Pái, listed by Đoàn Kết's member and by
      Mr. Tú; Nà Pái's NP-1 (Mr. Tú and Nà Pái's member), NP-2 (Nà Pái's member until 20/6);
      Bản Chành's BC-1, BC-2 listed by nobody: 5/7, then 4/7.
    """
    p = place
    nam_quan_cell = PartyOrganization(
        kind="dang_bo_co_so", name="Đảng bộ xã Nam Quan", unit=p["nam_quan"]
    ).save()
    na_pai_cell = PartyOrganization(kind="chi_bo", name="Chi bộ thôn Nà Pái", unit=p["na_pai"]).save()
    people = dict(
        nam=person("Hoàng Văn Nam", p["district"], title="Phó Bí thư Huyện ủy"),
        son=person("Lộc Văn Sơn", p["nam_quan"], title="Phó Chủ tịch UBND xã"),
        tu=person("Nông Văn Tú", p["nam_quan"], member_of=nam_quan_cell),
        nhan_ly_1=person("Hoàng Thị Mai", p["nhan_ly"]),
        nhan_ly_2=person("Lăng Văn Hải", p["nhan_ly"]),
        na_pai_member=person("Chu Thị Lan", p["na_pai"], member_of=na_pai_cell),
    )
    p = {**p, **people}
    dk_1, dk_2 = p["homes"]
    dk_3 = Household(code="DK-3", head_name="Hộ 3", hamlet=p["doan_ket"]).save()
    np_1 = Household(code="NP-1", head_name="Hộ Nà Pái 1", hamlet=p["na_pai"]).save()
    np_2 = Household(code="NP-2", head_name="Hộ Nà Pái 2", hamlet=p["na_pai"]).save()
    for n in (1, 2):
        Household(code=f"BC-{n}", head_name=f"Hộ Bản Chành {n}", hamlet=p["ban_chanh"]).save()

    assign(p, "phong", "nam_quan", role="phu_trach")
    assign(p, "nam", "nhan_ly", role="phu_trach", end=ENDED)
    assign(p, "nhan_ly_1", "nhan_ly", role="theo_doi")
    assign(p, "phong", "doan_ket", role="ho_tro")
    assign(p, "phong", "na_pai", role="theo_doi")
    assign(p, "nam", "ban_chanh", role="phu_trach", start=DAY(2024, 7, 1))
    assign(p, "officer", "doan_ket", role="phu_trach")
    assign(p, "officer", "doan_ket", role="theo_doi", start=DAY(2023, 1, 1))
    assign(p, "son", "doan_ket", role="phu_trach")
    assign(p, "officer", "na_pai", role="phu_trach")
    assign(p, "son", "na_pai", role="phu_trach", end=DAY(2024, 5, 31))
    assign(p, "nhan_ly_1", "ban_chanh", role="phu_trach")
    assign(p, "nhan_ly_2", "ban_chanh", role="phu_trach", end=ENDED)
    assign(p, "member", "doan_ket", role="phu_trach", households=[dk_1, dk_2, dk_3])
    dk_2.hamlet = p["na_pai"]
    dk_2.save()
    assign(p, "na_pai_member", "na_pai", role="phu_trach", households=[np_1, np_2], end=ENDED)
    assign(p, "tu", "na_pai", role="phu_trach", households=[np_1, dk_2], start=DAY(2024, 1, 1))
    return p


def by_hand(unit_id, day, scope_id=None):
    """The four figures counted from the raw collections, record by record."""
    db = get_db()
    moment = datetime.datetime.combine(day, datetime.time())
    units = {row["_id"]: row for row in db.units.find()}

    def under(pk, top):
        return pk == top or top in units[pk].get("ancestors", [])

    def seen(pk):
        return under(pk, unit_id) and (scope_id is None or under(pk, scope_id))

    runs = [
        a
        for a in db.locality_assignments.find()
        if a["start"] <= moment and (a.get("end") is None or a["end"] >= moment)
    ]
    people = {row["_id"]: units[row["unit"]]["kind"] for row in db.people.find()}
    communes = [pk for pk, row in units.items() if row["kind"] == "xa" and seen(pk)]
    hamlets = [pk for pk, row in units.items() if row["kind"] == "thon" and seen(pk)]
    above = {a["unit"] for a in runs if people[a["person"]] in ("tinh", "huyen") and not a.get("households")}
    by_staff = [a for a in runs if people[a["person"]] == "xa" and not a.get("households")]
    staff = {h: {a["person"] for a in by_staff if a["unit"] == h} for h in hamlets}
    homes = [h["_id"] for h in db.households.find() if seen(h["hamlet"])]
    listed = {h for a in runs for h in a.get("households", [])}
    return (
        Figure(sum(c in above for c in communes), len(communes)),
        Figure(sum(h in above for h in hamlets), len(hamlets)),
        Figure(sum(len(staff[h]) >= 2 for h in hamlets), len(hamlets)),
        Figure(sum(h in listed for h in homes), len(homes)),
    )


def figures(found):
    return (found.communes, found.hamlets, found.hamlet_staff, found.households)


def test_the_districts_coverage_on_a_day_counts_what_runs_that_day(covered):
    district = covered["district"]
    mid = coverage.coverage(district, MID_JUNE)
    assert figures(mid) == (Figure(2, 2), Figure(2, 3), Figure(2, 3), Figure(5, 7))
    end = coverage.coverage(district, END_OF_JUNE)
    assert figures(end) == (Figure(1, 2), Figure(2, 3), Figure(1, 3), Figure(4, 7))
    assert mid.staff_needed == 2 and mid.day == MID_JUNE
    assert [str(f) for f in figures(end)] == ["1/2 (50%)", "2/3 (66,6%)", "1/3 (33,3%)", "4/7 (57,1%)"]
    # Before anyone started, nothing is covered; the totals stay.
    before = coverage.coverage(district, DAY(2022, 5, 31))
    assert figures(before) == (Figure(0, 2), Figure(0, 3), Figure(0, 3), Figure(0, 7))
    for day in (MID_JUNE, END_OF_JUNE, DAY(2022, 5, 31), DAY(2024, 7, 1)):
        assert figures(coverage.coverage(district, day)) == by_hand(district.pk, day)


@pytest.mark.parametrize("unit", ["province", "district", "nam_quan", "nhan_ly", "doan_ket", "na_pai"])
@pytest.mark.parametrize("day", [MID_JUNE, END_OF_JUNE])
def test_every_units_coverage_agrees_with_a_count_by_hand(covered, unit, day):
    assert figures(coverage.coverage(covered[unit], day)) == by_hand(covered[unit].pk, day)


def test_a_commune_is_its_own_commune_and_a_moved_household_counts_where_it_is(covered):
    nam_quan = coverage.coverage(covered["nam_quan"], END_OF_JUNE)
    assert figures(nam_quan) == (Figure(1, 1), Figure(2, 2), Figure(1, 2), Figure(4, 5))
    # DK-2 counts once, in Nà Pái, though Đoàn Kết's member still lists it.
    assert coverage.households(covered["doan_ket"], MID_JUNE)[0] == Figure(2, 2)
    assert coverage.households(covered["na_pai"], MID_JUNE)[0] == Figure(3, 3)
    assert coverage.households(covered["na_pai"], END_OF_JUNE)[0] == Figure(2, 3)


def test_many_households_are_counted_the_same_from_every_running_assignment(covered, monkeypatch):
    """Past `HOUSEHOLD_IDS` households, the listing side reads every running assignment."""
    expected = {
        day: coverage.coverage(covered["district"], day).households for day in (MID_JUNE, END_OF_JUNE)
    }
    monkeypatch.setattr(coverage, "HOUSEHOLD_IDS", 0)
    for day, figure in expected.items():
        assert coverage.coverage(covered["district"], day).households == figure
        assert coverage.coverage(covered["na_pai"], day).households == by_hand(covered["na_pai"].pk, day)[3]


def test_a_commune_editor_sees_only_their_communes_figures(covered):
    scope = within(covered["nam_quan"].pk)
    found = coverage.coverage(covered["district"], MID_JUNE, scope)
    assert figures(found) == (Figure(1, 1), Figure(2, 2), Figure(1, 2), Figure(5, 5))
    assert figures(found) == by_hand(covered["district"].pk, MID_JUNE, covered["nam_quan"].pk)
    assert coverage.gaps(covered["district"], END_OF_JUNE, "hamlet_staff", scope) == [
        coverage.Gap(id=covered["na_pai"].pk, name="Thôn Nà Pái", place="Xã Nam Quan", staff=1)
    ]
    other = within(covered["nhan_ly"].pk)
    assert figures(coverage.coverage(covered["nam_quan"], MID_JUNE, other)) == (
        Figure(0, 0),
        Figure(0, 0),
        Figure(0, 0),
        Figure(0, 0),
    )
    assert str(Figure(0, 0)) == "0/0" and Figure(0, 0).percent is None


def test_the_gaps_behind_each_figure(covered):
    district = covered["district"]
    communes = coverage.gaps(district, END_OF_JUNE, "communes")
    assert [(g.name, g.place) for g in communes] == [("Xã Nhân Lý", "Huyện Lộc Bình")]
    hamlets = coverage.gaps(district, END_OF_JUNE, "hamlets")
    assert [(g.name, g.place, g.staff) for g in hamlets] == [("Thôn Bản Chành", "Xã Nhân Lý", 1)]
    staff = coverage.gaps(district, END_OF_JUNE, "hamlet_staff")
    assert [(g.name, g.place, g.staff) for g in staff] == [
        ("Thôn Nà Pái", "Xã Nam Quan", 1),
        ("Thôn Bản Chành", "Xã Nhân Lý", 1),
    ]
    homes = coverage.gaps(district, END_OF_JUNE, "households")
    assert [(g.name, g.place) for g in homes] == [
        ("BC-1 – Hộ Bản Chành 1", "Thôn Bản Chành, Xã Nhân Lý"),
        ("BC-2 – Hộ Bản Chành 2", "Thôn Bản Chành, Xã Nhân Lý"),
        ("NP-2 – Hộ Nà Pái 2", "Thôn Nà Pái, Xã Nam Quan"),
    ]
    assert [g.name for g in coverage.gaps(district, END_OF_JUNE, "households", limit=2)] == [
        "BC-1 – Hộ Bản Chành 1",
        "BC-2 – Hộ Bản Chành 2",
    ]
    assert coverage.gaps(district, MID_JUNE, "communes") == []
    with pytest.raises(ValueError):
        coverage.gaps(district, MID_JUNE, "people")


def test_the_report_gives_the_figures_and_their_first_gaps(covered):
    found = coverage.report(covered["district"], END_OF_JUNE, limit=1)
    assert figures(found) == figures(coverage.coverage(covered["district"], END_OF_JUNE))
    assert {name: [g.name for g in rows] for name, rows in found.gaps.items()} == {
        "communes": ["Xã Nhân Lý"],
        "hamlets": ["Thôn Bản Chành"],
        "hamlet_staff": ["Thôn Nà Pái"],
        "households": ["BC-1 – Hộ Bản Chành 1"],
    }
    assert [f.gaps for _, f in found.figures()] == [1, 1, 2, 3]


def test_the_rule_in_force_says_how_many_commune_staff_a_hamlet_needs(covered):
    LocalityRule(from_day=DAY(2024, 6, 25), commune_staff_per_hamlet=1).save()
    assert coverage.coverage(covered["district"], MID_JUNE).hamlet_staff == Figure(2, 3)
    found = coverage.coverage(covered["district"], END_OF_JUNE)
    assert (found.staff_needed, found.hamlet_staff) == (1, Figure(3, 3))


@pytest.mark.parametrize(
    "covered_, total, percent, shown",
    [
        (21_320, 21_320, Decimal(100), "21.320/21.320 (100%)"),
        (21_319, 21_320, Decimal("99.9"), "21.319/21.320 (99,9%)"),
        (1, 8, Decimal("12.5"), "1/8 (12,5%)"),
        (0, 5, Decimal(0), "0/5 (0%)"),
    ],
)
def test_a_figure_reads_as_count_of_total_and_percent(covered_, total, percent, shown):
    figure = Figure(covered_, total)
    assert (figure.percent, str(figure)) == (percent, shown)
