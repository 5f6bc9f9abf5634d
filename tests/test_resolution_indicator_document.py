"""The report on resolution indicators (chi_tieu_nghi_quyet) against the stored records: its
totals (the summary's named query, checked against a count made from the raw records), each
resolution's table, the missed indicator named, and the PDF read back."""

import datetime

from documents import Unit
from exports import official_document as printing
from exports import resolution_indicator
from tests.conftest import district_committee
from tests.test_locality_decision import pdf_text
from tests.test_resolution_indicator import binh_phu, counted_by_hand  # noqa: F401  (fixture)

PRINTED = datetime.date(2023, 1, 20)


def draft(unit, year=2022):
    body = district_committee(Unit.objects(kind="huyen").first())
    return printing.new_draft("chi_tieu_nghi_quyet", body, unit, parameters={"year": year})


def test_the_report_of_a_commune_by_hand(binh_phu):  # noqa: F811
    unit = binh_phu["nam_quan"]
    document = draft(unit)
    assert document.summary == "kết quả thực hiện các chỉ tiêu nghị quyết năm 2022 của xã Nam Quan"
    data = printing.snapshot(document, PRINTED)["data"]
    met, missed, unreported = counted_by_hand(unit.pk, 2022)
    assert (data["total"], met, missed, unreported) == (7, 5, 1, 1)
    assert data["sentence"] == "5/7 chỉ tiêu đạt và vượt; 1 chỉ tiêu không đạt; 1 chỉ tiêu chưa có kết quả"
    # The committee's resolution before its cell's term one.
    assert [(r["organization"], r["period"], r["sentence"]) for r in data["resolutions"]] == [
        ("Đảng bộ xã Nam Quan", "năm 2022", "4/6 chỉ tiêu đạt và vượt"),
        ("Chi bộ thôn Đoàn Kết", "nhiệm kỳ 2020 - 2025", "1/1 chỉ tiêu đạt và vượt"),
    ]
    rows = data["resolutions"][0]["table"]["rows"]
    income = [1, "Thu nhập bình quân đầu người", "31,34 triệu đồng", "32 triệu đồng", "102,1%", "Đạt và vượt"]
    assert rows[0] == income
    assert rows[1] == [
        2,
        "Tỷ lệ hộ nghèo (càng thấp càng tốt)",
        "11,61 % (từ 20,5 %)",
        "10,99 %",
        "107%",
        "Đạt và vượt",
    ]
    assert rows[4][4:] == ["99,3%", "Không đạt"]
    assert rows[5][3:] == ["chưa có", "", "Chưa có kết quả"]
    assert data["missed"] == [
        "Diện tích gieo trồng: thực hiện 2.000 ha, kế hoạch 2.013,5 ha, đạt 99,3% (Đảng bộ xã Nam Quan)"
    ]
    assert data["unreported"] == ["Thôn đạt danh hiệu văn hóa (Đảng bộ xã Nam Quan)"]
    assert resolution_indicator.rows(document) == 7


def test_a_year_with_nothing_says_so(binh_phu):  # noqa: F811
    data = printing.snapshot(draft(binh_phu["nam_quan"], year=2019), PRINTED)["data"]
    assert (data["total"], data["resolutions"], data["missed"]) == (0, [], [])


def test_the_pdf_reads_back(binh_phu):  # noqa: F811
    text = pdf_text(printing.preview(draft(binh_phu["nam_quan"]).save(), PRINTED))
    assert "BÁO CÁO kết quả thực hiện các chỉ tiêu nghị quyết năm 2022 của xã Nam Quan" in text
    assert "đề ra 7 chỉ tiêu: 5/7 chỉ tiêu đạt và vượt; 1 chỉ tiêu không đạt" in text
    assert "1. Nghị quyết năm 2022 (Đảng bộ xã Nam Quan, năm 2022): 4/6 chỉ tiêu đạt và vượt." in text
    assert "III. CHỈ TIÊU CHƯA ĐẠT" in text
    assert "- Diện tích gieo trồng: thực hiện 2.000 ha, kế hoạch 2.013,5 ha, đạt 99,3%" in text
