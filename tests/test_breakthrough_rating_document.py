"""Phiếu đánh giá, xếp loại cán bộ: a cadre's tasks with their targets as of the period's end, the
points and each step, one part per post, read back from the PDF."""

import datetime

import pytest
from mongoengine.errors import ValidationError

from documents import Position
from documents.breakthrough import Target
from exports import breakthrough_rating
from exports.official_document import new_draft, preview, snapshot
from tests.layout import lines_of, overflowing_cells
from tests.test_breakthrough_rating import YEAR, evaluation, finished
from tests.test_breakthrough_tasks import new_task
from tests.test_report_figures import pdf_text

PRINTED_ON = datetime.date(2023, 1, 10)


def sheet(place, **parameters):
    parameters = {"year": YEAR, "person": str(place["cadre"].pk), **parameters}
    summary = breakthrough_rating.summary(place["nam_quan"], "BC", parameters)
    return new_draft(
        "phieu_danh_gia", place["body"], place["nam_quan"], parameters=parameters, summary=summary
    )


def test_the_sheet_reads_the_tasks_targets_points_and_steps_of_each_post(task_place):
    cadre = task_place["cadre"]
    cadre.positions.append(Position(title="Phó Bí thư Đảng ủy xã", start=datetime.date(2021, 6, 1)))
    cadre.save()
    task = new_task(task_place, state="in_progress", content="Tuyển quân đạt chỉ tiêu giao")
    task.add_check_in(datetime.date(2022, 11, 30), {"c1": 90, "c2": 3}, "", "xa")  # 80% and 100%: 90%
    task.save()
    task.add_check_in(datetime.date(2023, 1, 5), {"c1": 100}, "", "xa")  # after the year: not printed
    task.move_to("finished")
    task.save()
    finished(
        task_place, post="Phó Bí thư Đảng ủy xã", state="not_finished", content="Xây dựng chi bộ vững mạnh"
    )
    rating = evaluation(task_place, post="Chủ tịch UBND xã")
    rating.take_step("self", "tot", "Hoàn thành các việc được giao", "xa", general_points=25)
    rating.take_step("proposal", "tot", "", "huyen", general_points=24)
    rating.take_step("decision", "xuat_sac", "Có thành tích đột xuất", "huyen")
    rating.save()
    document = sheet(task_place)
    data = snapshot(document, PRINTED_ON)["data"]
    first, second = data["posts"]
    assert (first["post"], second["post"]) == ("Chủ tịch UBND xã", "Phó Bí thư Đảng ủy xã")
    assert first["tasks"][0]["targets"] == [
        ["Tỷ lệ tuyển quân", "100 %", "90 %", "80%"],
        ["Môi trường", "Mức 3", "Mức 3: Đạt", "100%"],
    ]
    assert first["tasks"][0]["standing"] == "Đúng tiến độ"
    assert (first["task_points"], first["general_points"], first["total"]) == ("70", "24", "94")
    assert [s["level"] for s in first["steps"]] == [
        "Hoàn thành tốt nhiệm vụ",
        "Hoàn thành tốt nhiệm vụ",
        "Hoàn thành xuất sắc nhiệm vụ",
    ]
    assert second["counts"]["not_done"] == 1 and second["task_points"] == "0" and not second["rated"]
    printed = " ".join(pdf_text(preview(document, PRINTED_ON)).split())
    for line in (
        "Họ và tên: Hoàng Văn Tâm",
        "CHỨC VỤ: CHỦ TỊCH UBND XÃ",
        "CHỨC VỤ: PHÓ BÍ THƯ ĐẢNG ỦY XÃ",
        "Tuyển quân đạt chỉ tiêu giao",
        "Tỷ lệ tuyển quân",
        "Tổng số 1 việc: hoàn thành vượt chỉ tiêu 0, đúng tiến độ 1",
        "tổng: 94 điểm",
        "Có thành tích đột xuất",
        "Xây dựng chi bộ vững mạnh",
        "không hoàn thành 1",
    ):
        assert line in printed, line
    assert "DỰ THẢO" in printed


def test_the_sheet_needs_a_cadre_and_a_year(task_place):
    with pytest.raises(ValidationError) as refused:
        snapshot(sheet(task_place, person="nope"), PRINTED_ON)
    assert "không có cán bộ" in str(refused.value).lower()
    with pytest.raises(ValidationError) as refused:
        snapshot(sheet(task_place, year=None), PRINTED_ON)
    assert "Hãy nhập năm" in str(refused.value)


def test_the_summary_names_the_cadre_and_period(task_place):
    summary = breakthrough_rating.summary(
        task_place["nam_quan"], "BC", {"year": 2022, "quarter": 2, "person": str(task_place["cadre"].pk)}
    )
    assert summary == (
        "kết quả thực hiện việc đột phá, đổi mới và đánh giá, xếp loại quý II năm 2022 "
        "của đồng chí Hoàng Văn Tâm"
    )


def test_a_tasks_second_target_prints_in_its_own_columns(task_place):
    """Under the task's cells that span its targets, the second target's row starts with its
    indicator: that cell wraps in its column, as the first target's does, and its figures stay
    on its line (the demo printed "Bò sinh sản gia đình duy trì" over «Mục tiêu 2 con»)."""
    targets = [
        Target(
            key="c1",
            indicator="Tổng đàn trâu, bò của thôn",
            measure="con",
            baseline=180,
            target=200,
            actual=203,
        ),
        Target(
            key="c2", indicator="Bò sinh sản gia đình duy trì", measure="con", baseline=0, target=2, actual=2
        ),
    ]
    finished(task_place, state="exceeded", targets=targets, content="Lãnh đạo đạt chỉ tiêu tổng đàn trâu, bò")
    document = sheet(task_place)
    assert overflowing_cells(document, PRINTED_ON) == []
    first, second = (
        lines_of(document, PRINTED_ON, "Tổng đàn", "203 con"),
        lines_of(document, PRINTED_ON, "Bò sinh", "2 con"),
    )
    assert first[0] == first[1] and second[0] == second[1] and second[0] > first[0]
