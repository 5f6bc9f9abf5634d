"""The report on the quality of cell meetings (sinh_hoat_chi_bo) against hand-counted meetings:
the half-year judged on 30/06 and the year on its last day, each cell's row (`by_cell`, checked
against a count meeting by meeting), a combined meeting counted in both columns, one too short,
the months and quarters missed, the members absent for three months, and the PDF read back."""

import datetime

from documents import CellMeeting, CellRating, Unit
from documents.cell_meeting_summary import by_cell, summary
from exports import cell_meeting as report
from exports import official_document as printing
from tests.conftest import district_committee
from tests.test_cell_meeting import cell  # noqa: F401  (fixture)
from tests.test_cell_meeting_summary import held
from tests.test_cell_review import checklist, review
from tests.test_locality_decision import pdf_text

DAY = datetime.date
PRINTED = DAY(2026, 12, 1)


def draft(unit, **parameters):
    body = district_committee(Unit.objects(kind="huyen").first())
    return printing.new_draft("sinh_hoat_chi_bo", body, unit, parameters={"year": 2026, **parameters})


def meetings(cell):  # noqa: F811
    held(cell, DAY(2026, 1, 4), absent=[0])
    held(cell, DAY(2026, 2, 4), absent=[0], excused=[1])
    held(cell, DAY(2026, 3, 31), kind="ket_hop")  # March's regular and Q1's thematic
    held(cell, DAY(2026, 5, 4), absent=[0])  # April missed; Hoàng Văn Sáu's third month
    short = held(cell, DAY(2026, 6, 4), kind="chuyen_de")  # June: no regular meeting
    short.update(set__start="20:00", set__minutes=60)  # an hour: short of the 90 minutes
    held(cell, DAY(2026, 8, 4))  # after the half-year


def test_by_cell_counts_each_cell_meeting_by_meeting(cell):  # noqa: F811
    meetings(cell)
    found = summary(cell["nam_quan"], 2026, day=DAY(2026, 6, 30))
    rows = {row.cell.name: row for row in by_cell(found)}
    assert set(rows) == {"Chi bộ thôn Đoàn Kết", "Chi bộ thôn Nà Pái"}
    doan_ket = rows["Chi bộ thôn Đoàn Kết"]
    stored = list(CellMeeting.objects(organization=cell["cell"], day__lte=DAY(2026, 6, 30)))
    assert doan_ket.meetings == len(stored) == 5
    assert (doan_ket.regular, doan_ket.thematic, doan_ket.combined, doan_ket.short) == (4, 2, 1, 1)
    assert (
        (doan_ket.present, doan_ket.called)
        == (
            sum(m.present for m in stored),
            sum(m.members for m in stored),
        )
        == (16, 20)
    )
    assert (doan_ket.missed_months, doan_ket.missed_quarters) == ([4, 6], [])
    na_pai = rows["Chi bộ thôn Nà Pái"]
    assert (na_pai.meetings, na_pai.rate, na_pai.missed_months, na_pai.missed_quarters) == (
        0,
        None,
        [1, 2, 3, 4, 5, 6],
        [1, 2],
    )


def test_the_half_year_report_by_hand(cell):  # noqa: F811
    meetings(cell)
    document = draft(cell["nam_quan"], half=1)
    assert document.summary == "chất lượng sinh hoạt chi bộ 6 tháng đầu năm 2026 của xã Nam Quan"
    data = printing.snapshot(document, PRINTED)["data"]
    assert (data["day"], data["cells"], data["meetings"]) == ("30/06/2026", 2, 5)
    # The combined meeting is counted once here, in both columns of the table.
    assert (data["regular"], data["thematic"], data["combined"]) == (3, 1, 1)
    assert (data["rate"], data["present"], data["called"]) == ("80%", 16, 20)
    assert data["table"]["rows"] == [
        [1, "Chi bộ thôn Đoàn Kết", 5, 4, 2, "80%", 1, "thường kỳ tháng 4, 6", ""],
        [
            2,
            "Chi bộ thôn Nà Pái",
            0,
            0,
            0,
            "chưa điểm danh",
            0,
            "thường kỳ tháng 1, 2, 3, 4, 5, 6; chuyên đề quý 1, 2",
            "",
        ],
    ]
    assert data["missed_thematic"] == ["Chi bộ thôn Nà Pái: quý 1, 2"]
    assert data["short"] == ["Chi bộ thôn Đoàn Kết: 1 buổi"]
    assert data["absentees"] == ["Hoàng Văn Sáu (Chi bộ thôn Đoàn Kết): tháng 1, 2, 5"]
    assert "ít nhất 90 phút (120 phút khi thường kỳ kết hợp chuyên đề)" in data["rule"]
    assert report.rows(document) == 2
    assert (data["review_period"], data["reviewed"], data["not_reviewed"]) == (
        "Sơ kết 6 tháng",
        0,
        ["Chi bộ thôn Đoàn Kết", "Chi bộ thôn Nà Pái"],
    )
    assert "rated" not in data and data["table"]["columns"][-1] == "Đánh giá 6 tháng"


def test_the_half_year_says_its_reviews_and_nothing_of_the_years_ratings(cell):  # noqa: F811
    """Printed after the year's ratings were decided, the half-year report still tells only what
    the six months had: their reviews, with the level each score proposes."""
    checklist()
    review(cell, year=2026, period="6_thang", values={"noi_dung": 27, "to_chuc": 36, "ket_qua": 28})
    review(cell, year=2026, period="12_thang", values={"noi_dung": 20, "to_chuc": 30, "ket_qua": 19})
    CellRating(organization=cell["cell"], year=2026, level="hoan_thanh", decided_on=DAY(2026, 12, 1)).save()
    document = draft(cell["nam_quan"], half=1).save()
    data = printing.snapshot(document, PRINTED)["data"]
    assert data["table"]["rows"][0][8] == "91/100 HTXSNV" and data["table"]["rows"][1][8] == ""
    assert data["proposed"] == ["1 chi bộ hoàn thành xuất sắc nhiệm vụ"] and not data["year_report"]
    text = pdf_text(printing.preview(document, PRINTED))
    assert "Theo điểm chấm: 1 chi bộ hoàn thành xuất sắc nhiệm vụ" in text
    assert "Xếp loại chất lượng năm" not in text and "91/100 HTXSNV" in text
    document.parameters = {"year": 2026}
    year = printing.snapshot(document, PRINTED)["data"]
    assert year["table"]["rows"][0][8] == "69/100 HTNV"
    assert year["table"]["columns"][-1] == "Điểm, xếp loại năm"
    assert year["proposed"] == ["1 chi bộ hoàn thành nhiệm vụ"]


def test_the_year_counts_what_came_after_june(cell):  # noqa: F811
    meetings(cell)
    document = draft(cell["nam_quan"])
    assert document.summary == "chất lượng sinh hoạt chi bộ năm 2026 của xã Nam Quan"
    data = printing.snapshot(document, PRINTED)["data"]
    assert (data["day"], data["meetings"]) == ("01/12/2026", 6)  # the year not over: today
    assert data["table"]["rows"][0][7] == "thường kỳ tháng 4, 6, 7, 9, 10, 11; chuyên đề quý 3"
    CellRating(organization=cell["cell"], year=2026, level="tot", decided_on=DAY(2026, 12, 1)).save()
    over = printing.snapshot(document, DAY(2027, 1, 5))["data"]
    assert over["table"]["rows"][0][8] == "HTTNV" and over["table"]["rows"][1][8] == ""
    assert over["review_period"] == "Tổng kết năm (12 tháng)"
    assert over["levels"][1] == "1 chi bộ hoàn thành tốt nhiệm vụ"
    assert (over["rated"], over["unrated"]) == (1, ["Chi bộ thôn Nà Pái"])
    assert over["day"] == "31/12/2026"
    assert over["table"]["rows"][0][7].startswith("thường kỳ tháng 4, 6, 7, 9, 10, 11, 12")


def test_a_wrong_half_is_refused_at_its_input(cell):  # noqa: F811
    import pytest

    from exports import parameters

    with pytest.raises(parameters.ParameterError) as excinfo:
        parameters.read(report, {"year": "2026", "half": "3"}, cell["nam_quan"])
    assert excinfo.value.errors == {"half": "Kỳ báo cáo là 1 (6 tháng đầu năm) hoặc 2 (cả năm)."}


def test_the_register_form_offers_the_half_as_a_choice(client, cell):  # noqa: F811
    """«Kỳ báo cáo» is a list (whole year, the first half), and an edit form shows the draft's."""
    from admin.official_document_parameters import fill
    from tests.conftest import login, make_user

    make_user()
    login(client)
    page = client.get("/admin/official_document/new/").get_data(as_text=True)
    select = page[page.index('<select class="form-control" id="half"') :]
    select = select[: select.index("</select>")]
    assert select.endswith(
        '<option selected value="">Cả năm</option><option value="1">6 tháng đầu năm (đến 30/6)</option>'
    )
    for half, shown in ((1, "1"), (2, "")):  # a draft stored with half 2 (the command line's) shows "Cả năm"
        form = {name: type("Input", (), {"data": None})() for name in ("year", "half")}
        fill(form, type("Draft", (), {"parameters": {"year": 2026, "half": half}})())
        assert (form["year"].data, form["half"].data) == ("2026", shown)


def test_the_pdf_reads_back(cell):  # noqa: F811
    meetings(cell)
    text = pdf_text(printing.preview(draft(cell["nam_quan"], half=1).save(), PRINTED))
    assert "BÁO CÁO chất lượng sinh hoạt chi bộ 6 tháng đầu năm 2026 của xã Nam Quan" in text
    assert "Xã Nam Quan có 2 chi bộ trực thuộc. 6 tháng đầu năm 2026, tính đến ngày 30/06/2026" in text
    assert "tỷ lệ đảng viên dự sinh hoạt: 80% (16/20 lượt)" in text
    assert "- Chi bộ có quý không sinh hoạt chuyên đề: 1 (Chi bộ thôn Nà Pái: quý 1, 2)." in text
    assert "Hoàng Văn Sáu (Chi bộ thôn Đoàn Kết): tháng 1, 2, 5" in text
    assert "IV. ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG CHI BỘ" in text
    assert "- Sơ kết 6 tháng: cấp ủy đã đánh giá chất lượng 0/2 chi bộ; chưa đánh giá: 2" in text
