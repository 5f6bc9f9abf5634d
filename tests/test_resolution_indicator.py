"""Resolution indicators: percent achieved under the target rules of breakthrough tasks (plan as
a share, a lower-is-better poverty rate), met or missed, the year and term a resolution covers,
the summary against a count made straight from the stored records, and the console's pages."""

import datetime

import pytest
from mongoengine import ValidationError
from mongoengine.connection import get_db

from documents import PartyOrganization, ResolutionIndicators
from documents.breakthrough_target import Target
from documents.resolution_indicator_summary import summary
from tests.conftest import csrf_token, login, make_user
from tests.test_local_work import errors

DAY = datetime.date


def indicator(name, plan, measure="", **fields):
    return Target(indicator=name, measure=measure, target=plan, **fields)


def report(record, day, **actuals):
    """Record a report of actuals by indicator name."""
    keys = {t.indicator: t.key for t in record.targets}
    record.add_check_in(day, {keys[name]: value for name, value in actuals.items()}, "", "test")
    return record.save(action="check_in")


@pytest.fixture
def binh_phu(district):
    committee = PartyOrganization(
        kind="dang_bo_co_so", name="Đảng bộ xã Nam Quan", unit=district["nam_quan"]
    ).save()
    cell = PartyOrganization(
        kind="chi_bo", name="Chi bộ thôn Đoàn Kết", unit=district["doan_ket"], parent=committee
    ).save()
    elsewhere = PartyOrganization(
        kind="dang_bo_co_so", name="Đảng bộ xã Nhân Lý", unit=district["nhan_ly"]
    ).save()
    year = ResolutionIndicators(
        organization=committee,
        resolution="Nghị quyết năm 2022",
        first_year=2022,
        targets=[
            indicator("Thu nhập bình quân đầu người", 31.34, "triệu đồng"),
            indicator("Tỷ lệ hộ nghèo", 11.61, "%", direction="lower", baseline=20.5),
            indicator("Tạo việc làm mới", 350, "lao động"),
            indicator("Kết nạp đảng viên", 5, "đảng viên"),
            indicator("Diện tích gieo trồng", 2013.5, "ha"),
            indicator("Thôn đạt danh hiệu văn hóa", 7, "thôn"),
        ],
    ).save()
    report(
        year,
        DAY(2022, 12, 20),
        **{
            "Thu nhập bình quân đầu người": 32,
            "Tỷ lệ hộ nghèo": 10.99,
            "Tạo việc làm mới": 400,
            "Kết nạp đảng viên": 6,
            "Diện tích gieo trồng": 2000,
        },
    )
    term = ResolutionIndicators(
        organization=cell,
        resolution="Nghị quyết Đại hội Chi bộ nhiệm kỳ 2020 - 2025",
        period="nhiem_ky",
        first_year=2020,
        last_year=2025,
        targets=[indicator("Hộ khá, giàu", 30, "hộ")],
    ).save()
    report(term, DAY(2022, 12, 28), **{"Hộ khá, giàu": 31})
    other = ResolutionIndicators(
        organization=elsewhere,
        resolution="Nghị quyết năm 2022",
        first_year=2022,
        targets=[indicator("Kết nạp đảng viên", 4)],
    ).save()
    later = ResolutionIndicators(
        organization=committee,
        resolution="Nghị quyết năm 2023",
        first_year=2023,
        targets=[indicator("Kết nạp", 5)],
    ).save()
    return dict(district, committee=committee, cell=cell, year=year, term=term, other=other, later=later)


def test_percent_achieved_under_the_target_rules(binh_phu):
    percents = {t.indicator: t.percent_text for t in binh_phu["year"].targets}
    assert percents == {
        "Thu nhập bình quân đầu người": "102,1%",  # 32 of 31,34 planned, from 0
        "Tỷ lệ hộ nghèo": "107%",  # down 9,51 of the 8,89 points planned
        "Tạo việc làm mới": "114,3%",
        "Kết nạp đảng viên": "120%",  # 6 admitted against 5
        "Diện tích gieo trồng": "99,3%",
        "Thôn đạt danh hiệu văn hóa": "chưa có",
    }
    year = binh_phu["year"]
    assert (year.met, year.missed) == (4, 1) and year.met_text == "4/6 chỉ tiêu đạt và vượt"
    assert [t.indicator for t in year.missed_targets()] == ["Diện tích gieo trồng"]
    assert [t.indicator for t in year.unreported_targets()] == ["Thôn đạt danh hiệu văn hóa"]
    assert year.targets[0].baseline == 0 and year.last_year == 2022


def test_a_lower_is_better_indicator_that_rose_is_not_met(binh_phu):
    year = report(binh_phu["year"], DAY(2023, 1, 10), **{"Tỷ lệ hộ nghèo": 21})
    poverty = next(t for t in year.targets if t.indicator == "Tỷ lệ hộ nghèo")
    assert poverty.percent_text == "0%" and year.missed == 2


def counted_by_hand(unit_id, year):
    """(met, missed, unreported) straight from the stored records: percent from the raw numbers."""
    totals = [0, 0, 0]
    for row in get_db().resolution_indicators.find({"ancestors": unit_id}):
        if not row["first_year"] <= year <= row["last_year"]:
            continue
        for target in row["targets"]:
            actual = target.get("actual")
            if actual is None:
                totals[2] += 1
            elif (actual - target["baseline"]) / (target["target"] - target["baseline"]) >= 1:
                totals[0] += 1
            else:
                totals[1] += 1
    return tuple(totals)


def test_the_summary_of_a_unit_and_a_year(binh_phu):
    found = summary(binh_phu["district"], 2022)
    # Nam Quan's year (4 met, 1 missed, 1 unreported), its cell's term (1 met), Nhân Lý's (1 unreported).
    assert (found.met, found.missed, found.unreported, found.total) == (5, 1, 2, 8)
    assert (5, 1, 2) == counted_by_hand(binh_phu["district"].pk, 2022)
    # The communes' own before the cell's, by organization's name: Nam Quan, Nhân Lý.
    assert [row.record for row in found.resolutions] == [binh_phu[k] for k in ("year", "other", "term")]
    commune = summary(binh_phu["nam_quan"], 2022)
    assert (commune.met, commune.total) == (5, 7) == (counted_by_hand(binh_phu["nam_quan"].pk, 2022)[0], 7)
    assert [t.indicator for row in commune.resolutions for t in row.missed] == ["Diện tích gieo trồng"]
    assert [row.record for row in summary(binh_phu["nam_quan"], 2024).resolutions] == [binh_phu["term"]]
    assert summary(binh_phu["nam_quan"], 2026).resolutions == []


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"period": "nhiem_ky"}, "last_year", "cần năm kết thúc"),
        ({"period": "nhiem_ky", "last_year": 2019}, "last_year", "phải sau năm bắt đầu"),
        ({"first_year": 1999}, "first_year", "Năm phải từ 2000"),
    ],
)
def test_what_a_resolution_refuses(binh_phu, fields, field, message):
    values = {"organization": binh_phu["committee"], "resolution": "Nghị quyết", "first_year": 2020, **fields}
    with pytest.raises(ValidationError) as refused:
        ResolutionIndicators(**values).save()
    assert message in str(errors(refused)[field])


def test_a_lower_is_better_indicator_needs_its_baseline(binh_phu):
    record = ResolutionIndicators(
        organization=binh_phu["committee"],
        resolution="Nghị quyết năm 2024",
        first_year=2024,
        targets=[indicator("Tỷ lệ hộ nghèo", 5, "%", direction="lower")],
    )
    with pytest.raises(ValidationError) as refused:
        record.save()
    assert "mức khởi điểm" in str(refused.value)


def test_the_pages_scoped(client, binh_phu):
    make_user("xa", role="editor", unit=binh_phu["nam_quan"])
    login(client, "xa")
    page = client.get(f"/admin/resolution_summary/?unit={binh_phu['nam_quan'].pk}&year=2022")
    html = page.get_data(as_text=True)
    assert "5/7 chỉ tiêu nghị quyết đạt và vượt" in html and "1 chỉ tiêu không đạt" in html
    assert "Diện tích gieo trồng: 2.000 ha / 2.013,5 ha (99,3%)" in html
    listed = client.get(
        f"/admin/resolution_indicators/?flt0_0={binh_phu['nam_quan'].pk}&flt1_1=2022&flt2_2=1"
    )
    assert "Nghị quyết năm 2022" in listed.get_data(as_text=True) and "nhiệm kỳ" not in listed.get_data(
        as_text=True
    )
    details = client.get(f"/admin/resolution_indicators/details/?id={binh_phu['year'].pk}").get_data(
        as_text=True
    )
    assert "4/6 chỉ tiêu đạt và vượt" in details and "không đạt: Diện tích gieo trồng (99,3%)" in details
    assert client.get(f"/admin/resolution_indicators/details/?id={binh_phu['other'].pk}").status_code == 404
    assert (
        client.get(f"/admin/resolution_summary/?unit={binh_phu['nhan_ly'].pk}&year=2022").status_code == 404
    )
    url = "/admin/resolution_indicators/new/"
    data = {
        "csrf_token": csrf_token(client, url),
        "organization": str(binh_phu["committee"].pk),
        "resolution": "Nghị quyết năm 2025",
        "period": "nam",
        "first_year": "2025",
        "targets-0-indicator": "Kết nạp đảng viên",
        "targets-0-measure": "đảng viên",
        "targets-0-direction": "higher",
        "targets-0-target": "5",
        "targets-0-weight": "1",
    }
    assert client.post(url, data=data).status_code == 302
    saved = ResolutionIndicators.objects(first_year=2025).get()
    assert saved.targets[0].baseline == 0 and saved.targets[0].key == "c1"
    data["organization"] = str(binh_phu["other"].organization.pk)
    page = client.post(url, data=data).get_data(as_text=True)
    assert "Nhân Lý" not in page and ResolutionIndicators.objects(first_year=2025).count() == 1


def test_a_blank_baseline_is_no_error_beside_another_one(binh_phu):
    record = ResolutionIndicators(
        organization=binh_phu["committee"],
        resolution="Nghị quyết",
        first_year=1800,
        targets=[indicator("Kết nạp đảng viên", 5)],
    )
    with pytest.raises(ValidationError) as refused:
        record.save()
    assert list(errors(refused)) == ["first_year"]
