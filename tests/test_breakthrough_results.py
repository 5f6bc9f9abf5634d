"""Báo cáo kết quả thực hiện việc đột phá, đổi mới (kind `ket_qua_dot_pha`): its figures are the
summary page's, its chart the page's, and its annex lists every cadre's tasks with target, actual,
percent and state; the PDF text is read back."""

import datetime
import io
import re
import subprocess
from pathlib import Path

import pytest
from bson import ObjectId
from pypdf import PdfReader

from documents import BreakthroughTask
from documents import breakthrough_summary as summaries
from documents.breakthrough import CheckIn, Reading, Target
from exports import breakthrough_results
from exports import official_document as printing
from tests.layout import lines_of, overflowing_cells
from tests.test_breakthrough_summary import DAY, SENTENCE, build_nhan_ly, commune_committee, person

PRINTED = datetime.date(2023, 3, 10)
OUT = Path(__file__).parent.parent / "var" / "test-output"


@pytest.fixture
def nhan_ly(district):
    return build_nhan_ly(district)


def pdf_text(data):
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    return " ".join(" ".join(pages).split())


def draft(place, year=2022):
    parameters = {"year": year}
    return printing.new_draft(
        "ket_qua_dot_pha",
        place["bodies"]["ĐU"],
        place["nhan_ly"],
        parameters=parameters,
        summary=breakthrough_results.summary(place["nhan_ly"], "BC", parameters),
    )


def test_gathered_figures_are_the_summary_pages(nhan_ly):
    document = draft(nhan_ly)
    data = breakthrough_results.gather(document, PRINTED)
    found = summaries.summary(nhan_ly["nhan_ly"], 2022, day=DAY)
    assert data["sentence"] == SENTENCE == found.sentence
    assert (data["persons"], data["tasks"], data["overdue"], data["at_risk"]) == (52, 65, 1, 3)
    assert data["day"] == "31/12/2022"
    assert data["chart"] == str(breakthrough_results.state_chart(found))
    rows = data["table"]["rows"]
    assert len(rows) == 52 + 65 == breakthrough_results.rows(document)
    cadre = next(r for r in rows if r.get("cadre", "").startswith("Cán Bộ A"))
    assert cadre["tasks"] == 4
    term = next(r for r in rows if r.get("content") == "Huyện giao giai đoạn 0-0")
    assert (term["targets"], term["actuals"], term["percents"]) == (["100%"], ["30%"], ["30%"])
    assert term["state"] == "Đang thực hiện" and term["period"] == "2021–2025"


def test_a_past_years_report_prints_the_actuals_of_its_year(nhan_ly):
    """A check-in after the year's end does not change the year's report: each actual is the last
    one reported by 31/12, the task's achievement the one it had then (the summary's)."""
    task = BreakthroughTask.objects.get(content="Huyện giao giai đoạn 0-0")
    task.add_check_in(datetime.date(2024, 6, 28), {task.targets[0].key: 80}, "Năm 2024", "xa")
    task.save()

    def row_of(data):
        return next(r for r in data["table"]["rows"] if r.get("content") == "Huyện giao giai đoạn 0-0")

    of_2022 = row_of(breakthrough_results.gather(draft(nhan_ly), datetime.date(2025, 1, 5)))
    assert (of_2022["actuals"], of_2022["percents"], of_2022["achieved"]) == (["30%"], ["30%"], "30%")
    assert task.achievement_on(datetime.date(2022, 12, 31)) == 30
    of_2024 = row_of(breakthrough_results.gather(draft(nhan_ly, 2024), datetime.date(2025, 1, 5)))
    assert (of_2024["actuals"], of_2024["percents"], of_2024["achieved"]) == (["80%"], ["80%"], "80%")


def test_report_pdf_reads_back(nhan_ly):
    document = draft(nhan_ly)
    assert document.summary == "kết quả thực hiện việc đột phá, đổi mới năm 2022 của xã Nhân Lý"
    pdf = printing.preview(document, PRINTED)
    text = pdf_text(pdf)
    assert "BÁO CÁO kết quả thực hiện việc đột phá, đổi mới năm 2022 của xã Nhân Lý" in text
    assert f"Năm 2022, xã Nhân Lý có {SENTENCE}." in text
    assert "Tổng số 52 cán bộ được giao 65 việc" in text
    assert "1 việc đã hết thời hạn mà chưa được đánh giá; 3 việc giai đoạn có nguy cơ chậm tiến độ" in text
    assert "Việc theo trạng thái, năm 2022" in text and "Đảng ủy xã Nhân Lý 47 47" in text
    assert "Huyện giao giai đoạn 0-0" in text and "Đồng Chí 46" in text and "Xã giao 46" in text
    assert "Năm trước còn dở" not in text and "Nam Quan" not in text
    assert re.search(r"Cán Bộ A.*?: 4 việc", text)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "ket_qua_dot_pha.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "60", OUT / "ket_qua_dot_pha.pdf", OUT / "ket_qua_dot_pha"],
                   check=True)  # fmt: skip


def test_report_of_a_year_without_tasks(nhan_ly):
    text = pdf_text(printing.preview(draft(nhan_ly, 2019), PRINTED))
    assert "Năm 2019, xã Nhân Lý chưa có việc đột phá, đổi mới nào được giao." in text
    assert "PHỤ LỤC" not in text


def test_long_report_prints_its_table_in_parts(nhan_ly):
    """More rows than a part holds (`PART_ROWS`): later parts print the annex table alone, on the
    same landscape pages, its header repeated; every task is printed."""
    collection = BreakthroughTask._get_collection()
    model = collection.find_one({"content": "Xã giao 00"})
    extra = printing.PART_ROWS + 20
    collection.insert_many(
        [
            {**model, "_id": ObjectId(), "content": f"Việc thêm {n:04d}", "sort_name": f"viec them {n:04d}"}
            for n in range(extra)
        ]  # fmt: skip
    )
    text = pdf_text(printing.preview(draft(nhan_ly), PRINTED))
    assert all(f"Việc thêm {n:04d}" in text for n in range(extra))
    assert f"Tổng số 52 cán bộ được giao {65 + extra} việc" in text


def test_annex_cells_keep_their_text_inside_their_column(district):
    """The demo's rows that printed over their neighbours: a qualitative actual's long level text,
    money with its measure ("20 triệu đồng" beside "16,8 triệu đồng"), and a task of two targets
    whose first indicator runs to two lines: every cell's text stays in its column, and each
    target's figures stay on the target's line."""
    body = commune_committee("Đảng ủy xã Nhân Lý", district["nhan_ly"])
    cadre = person("Phạm Văn Chiến", district["nhan_ly"])
    level = "Sinh hoạt đúng kỳ, nội dung đề ra hằng tháng, có chuyên đề mỗi quý"
    targets = [
        Target(key="c1", indicator="Quỹ nhân đạo vận động được", measure="triệu đồng", baseline=0, target=20),
        Target(
            key="c2",
            indicator="Chất lượng sinh hoạt chi bộ",
            direction="qualitative",
            level_1="Không đều",
            level_2="Đều nhưng nội dung nghèo",
            level_3=level,
        ),
    ]
    BreakthroughTask(
        content="Vận động quỹ nhân đạo giúp hộ khó khăn, nâng cao chất lượng sinh hoạt chi bộ",
        person=cadre, body=body, origin="duoc_giao", state="finished", period_kind="nam", start_year=2022,
        unit=district["nhan_ly"], targets=targets,
        check_ins=[CheckIn(day=datetime.date(2022, 12, 1), readings=[Reading(key="c1", value=16.8),
                   Reading(key="c2", value=3)], by="xa")],
    ).save()  # fmt: skip
    document = draft({"bodies": {"ĐU": body}, "nhan_ly": district["nhan_ly"]})
    assert overflowing_cells(document, PRINTED) == []
    money = lines_of(document, PRINTED, "Quỹ nhân đạo", "16,8")
    quality = lines_of(document, PRINTED, "Chất", "Mức 3:")
    assert money[0] == money[1] and quality[0] == quality[1] and quality[0] > money[0]
    text = pdf_text(printing.preview(document, PRINTED))
    assert (
        "20 triệu đồng" in text and "16,8 triệu đồng" in text and "hằng tháng, có chuyên đề mỗi quý" in text
    )
