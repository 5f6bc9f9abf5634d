"""The locality documents on the official engine: the report on carrying out the assignments
(phu_trach_dia_ban, --date or --year) and the monthly list of overdue visits (cham_tham, --month),
from hand-counted data, their figures in the frozen data and their PDFs read back."""

import datetime

import pytest

from documents import LocalityVisit
from documents.locality_visit import SupportItem
from exports import locality_report, parameters
from exports import official_document as printing
from exports.parameters import ParameterError
from tests.test_locality_assignments import assign, place  # noqa: F401  (fixture, helper)
from tests.test_locality_decision import pdf_text

DAY = datetime.date


@pytest.fixture
def season(place):  # noqa: F811
    """Nam Quan from January to April 2024 (2024 is a leap year: February has 29 days).

    - Phong supports Đoàn Kết (a leader from above on the hamlet) and is in charge of the commune;
    - the commune officer is in charge of Đoàn Kết from 1 February (one commune staff of two);
    - the cell's member holds Đoàn Kết's two households; Nà Pái has nobody.
    Visits: Phong at Đoàn Kết on 5 January, February and March (March with support), at the
    commune on 10 January only; the officer at Đoàn Kết on 3 March, raising a problem."""
    hamlet = assign(place, start=DAY(2022, 6, 1))
    commune = assign(place, unit="nam_quan", role="phu_trach", start=DAY(2022, 6, 1))
    officer = assign(place, who="officer", role="phu_trach", start=DAY(2024, 2, 1))
    assign(place, who="member", role="phu_trach", households=place["homes"], start=DAY(2024, 1, 1))
    for month in (1, 2):
        LocalityVisit(assignment=hamlet, day=DAY(2024, month, 5)).save()
    support = [
        SupportItem(kind="Loa đài", quantity=2, measure="chiếc", value=6_000_000),
        SupportItem(kind="Cờ Tổ quốc", quantity=40, measure="lá", value=2_000_000),
    ]
    LocalityVisit(assignment=hamlet, day=DAY(2024, 3, 5), purpose="ho_tro", support=support).save()
    LocalityVisit(assignment=commune, day=DAY(2024, 1, 10)).save()
    LocalityVisit(
        assignment=officer, day=DAY(2024, 3, 3), problems="Đường vào thôn xuống cấp.", proposed_to="xa"
    ).save()
    return place


def test_the_report_counts_coverage_visits_support_and_gaps(season):
    body, unit = season["body"], season["nam_quan"]
    document = printing.new_draft("phu_trach_dia_ban", body, unit, parameters={"date": "2024-04-30"})
    assert document.document_type == "BC"
    assert document.summary == (
        "kết quả thực hiện phân công cán bộ, đảng viên phụ trách địa bàn đến ngày 30/04/2024 của xã Nam Quan"
    )
    data = printing.snapshot(document, DAY(2026, 3, 5))["data"]
    assert (data["first"], data["last"]) == ("01/01/2024", "30/04/2024")
    assert [row[1:] for row in data["coverage"]] == [
        ["1", "1", "100%"],  # the commune, Phong
        ["1", "2", "50%"],  # Đoàn Kết, not Nà Pái
        ["0", "2", "0%"],  # Đoàn Kết has one commune staff of two
        ["2", "2", "100%"],
    ]
    # Jan: 2 due, 2 made; Feb and Mar: 3 due (the officer from 1 February), 1 then 2; Apr: none.
    assert data["monthly"] == [
        ["01/2024", "2", "2", "2", "100%"],
        ["02/2024", "3", "3", "1", "33,3%"],
        ["03/2024", "3", "3", "2", "66,7%"],
        ["04/2024", "3", "3", "0", "0%"],
    ]
    assert (data["visits"], data["people"], data["localities"]) == (5, 2, 2)
    assert data["by_purpose"] == [["Dự sinh hoạt chi bộ", 4], ["Hỗ trợ cơ sở", 1]]
    assert (data["problems"], data["by_level"]) == (1, [["Đảng ủy, UBND xã", 1]])
    assert data["support"] == [
        ["Loa đài", "chiếc", "2", "6.000.000"],
        ["Cờ Tổ quốc", "lá", "40", "2.000.000"],
    ]
    assert data["support_value"] == "8.000.000"
    assert [(gap["count"], len(gap["listed"])) for gap in data["gaps"]] == [(1, 1), (2, 2)]
    # April: nobody visited; Phong's commune not since January (three months: flagged).
    missing = data["not_visited"]
    assert (missing["month"], missing["total"], missing["flagged"]) == ("04/2024", 3, 1)
    assert missing["table"]["rows"][0][1:3] == ["Vi Văn Phong", "Xã Nam Quan"]

    text = pdf_text(printing.preview(document.save(), DAY(2026, 3, 5)))
    for said in (
        "BÁO CÁO kết quả thực hiện phân công cán bộ, đảng viên phụ trách địa bàn đến ngày 30/04/2024 "
        "của xã Nam Quan",
        "Hộ gia đình có đảng viên phụ trách 2 2 100%",
        "2 đồng chí được phân công đã về 2 địa bàn 5 lượt, trong đó: dự sinh hoạt chi bộ 4 lượt; "
        "hỗ trợ cơ sở 1 lượt.",
        "02/2024 3 3 1 33,3%",
        "tổng giá trị 8.000.000 đồng",
        "Loa đài chiếc 2 6.000.000",
        "Thôn chưa có lãnh đạo cấp trên phụ trách: 1 (Thôn Nà Pái (xã Nam Quan)).",
        "Thôn chưa đủ 2 cán bộ, công chức xã phụ trách: 2 (Thôn Đoàn Kết (xã Nam Quan): 1 cán bộ xã;",
        "Trong tháng 04/2024 còn 3 trường hợp chưa về địa bàn, trong đó 1 trường hợp từ 2 tháng liền",
        "Danh sách cán bộ chưa về địa bàn trong tháng 04/2024",
    ):
        assert said in text, said


def test_the_report_of_a_year_runs_to_its_end_or_to_today(season):
    body, unit = season["body"], season["nam_quan"]
    year = printing.new_draft("phu_trach_dia_ban", body, unit, parameters={"year": 2024})
    assert locality_report.period(year, DAY(2026, 3, 5)) == (DAY(2024, 1, 1), DAY(2024, 12, 31))
    assert locality_report.period(year, DAY(2024, 4, 30)) == (DAY(2024, 1, 1), DAY(2024, 4, 30))
    data = printing.snapshot(year, DAY(2026, 3, 5))["data"]
    assert len(data["monthly"]) == 12 and data["visits"] == 5
    assert year.summary.endswith("phụ trách địa bàn năm 2024 của xã Nam Quan")


def test_the_monthly_list_names_who_has_not_visited(season):
    body, unit = season["body"], season["nam_quan"]
    with pytest.raises(ParameterError) as refused:
        parameters.read(printing.KINDS["cham_tham"], {"month": ""}, unit)
    assert refused.value.errors == {"month": "Hãy nhập tháng."}
    document = printing.new_draft("cham_tham", body, unit, parameters={"month": "2024-04"})
    assert document.document_type == "DS"
    assert document.summary == "cán bộ chưa về địa bàn tháng 4 năm 2024 của xã Nam Quan"
    data = printing.snapshot(document, DAY(2026, 3, 5))["data"]
    assert (data["assignments"], data["expected"], data["made"], data["rate"]) == (3, "3", 0, "0%")
    assert (data["total"], data["flagged"]) == (3, 1)
    rows = data["table"]["rows"]
    # Longest without a visit first, then by name.
    assert [row[1] for row in rows] == ["Vi Văn Phong", "Lý Thị Hoa", "Vi Văn Phong"]
    assert rows[0][3] == "Xã Nam Quan" and rows[0][4] == "10/01/2024" and rows[0][5].endswith("(*)")
    assert printing.KINDS["cham_tham"].rows(document) == 3

    march = printing.new_draft("cham_tham", body, unit, parameters={"month": "2024-03"})
    assert printing.snapshot(march, DAY(2026, 3, 5))["data"]["total"] == 1  # only the commune

    text = pdf_text(printing.preview(document.save(), DAY(2026, 3, 5)))
    for said in (
        "DANH SÁCH cán bộ chưa về địa bàn tháng 4 năm 2024 của xã Nam Quan",
        "Tháng 04/2024, xã Nam Quan có 3 phân công phụ trách, theo dõi, hỗ trợ địa bàn, phải về 3 lượt",
        "đã về 0 lượt, tính vào tỷ lệ 0 lượt (mỗi phân công tính không quá số lượt phải về của nó), tỷ lệ 0%",
        "Có 3 trường hợp chưa về địa bàn trong tháng, trong đó 1 trường hợp",
        "Lý Thị Hoa",
        "10/01/2024",
    ):
        assert said in text, said
