"""The decision assigning breakthrough tasks (giao_viec_dot_pha): the tasks the issuing body gives
for the unit and the year, counted by hand, printed as a QUYẾT ĐỊNH with its annex and read back."""

import datetime
import io
import re

from mongoengine.connection import get_db
from pypdf import PdfReader

from documents import Person, Position, RatingRule, text
from documents.breakthrough import Target
from exports import breakthrough_assignment
from exports import official_document as printing
from tests.conftest import commune_peoples_committee
from tests.test_breakthrough_tasks import new_task

DAY = datetime.date(2026, 3, 5)


def pdf_text(data):
    """The PDF's text on one line."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def cadre(place, name, unit, post):
    return Person(
        full_name=name,
        gender="nu",
        birth_year=1980,
        category="can_bo",
        unit=place[unit],
        positions=[Position(title=post, start=datetime.date(2020, 1, 1))],
    ).save()


def tasks(place):
    """Tasks of the district committee and of others, in and out of Nam Quan and of 2026."""
    hamlet = cadre(place, "Âu Thị Bình", "doan_ket", "Trưởng thôn Đoàn Kết")
    elsewhere = cadre(place, "Lý Văn Cường", "nhan_ly", "Chủ tịch UBND xã Nhân Lý")
    commune = commune_peoples_committee(place["nam_quan"])
    given = [
        new_task(place, content="Tuyển quân đạt chỉ tiêu", start_year=2026),
        new_task(
            place,
            content="Trồng rừng 630 ha",
            period_kind="nhiem_ky",
            start_year=2025,
            end_year=2027,
            origin="giao_them",
            targets=[Target(indicator="Rừng trồng mới", measure="ha", baseline=0, target=630)],
        ),  # fmt: skip
        new_task(
            place,
            content="Nâng cao chất lượng sinh hoạt chi bộ",
            person=hamlet,
            unit=place["doan_ket"],
            start_year=2026,
            origin="tu_dang_ky",
            state="approved",
        ),  # fmt: skip
    ]
    new_task(place, content="Việc năm trước", start_year=2025)
    new_task(place, content="Việc của UBND xã", body=commune, start_year=2026)
    new_task(place, content="Việc ở Nhân Lý", person=elsewhere, unit=place["nhan_ly"], start_year=2026)
    new_task(
        place, content="Mới đăng ký, chưa duyệt", start_year=2026, state="registered", origin="tu_dang_ky"
    )
    return given


def test_the_decision_lists_the_tasks_its_body_gives_for_the_unit_and_year(task_place):
    given = tasks(task_place)
    body, unit = task_place["body"], task_place["nam_quan"]
    found = breakthrough_assignment.tasks_assigned(body, unit, 2026)
    assert sorted(t.content for t in found) == sorted(t.content for t in given)
    # The same count by hand, with raw pymongo.
    raw = get_db().breakthrough_tasks.count_documents(
        {
            "body": body.pk,
            "ancestors": unit.pk,
            "start_year": {"$lte": 2026},
            "end_year": {"$gte": 2026},
            "state": {"$ne": "registered"},
        }
    )
    assert found.count() == raw == 3

    document = printing.new_draft("giao_viec_dot_pha", body, unit, parameters={"year": 2026})
    assert document.document_type == "QĐ"
    assert document.summary == "về việc giao việc đột phá, đổi mới năm 2026 cho cán bộ xã Nam Quan"
    data = printing.snapshot(document, DAY)["data"]
    assert (data["cadres"], data["tasks"]) == (2, 3)
    rows = data["table"]["rows"]
    # By cadre (Âu Thị Bình before Hoàng Văn Tâm), then by task; one row each.
    assert [(r[0], r[1], r[3]) for r in rows] == [
        (1, "Âu Thị Bình", "Nâng cao chất lượng sinh hoạt chi bộ"),
        (2, "Hoàng Văn Tâm", "Trồng rừng 630 ha"),
        (3, "Hoàng Văn Tâm", "Tuyển quân đạt chỉ tiêu"),
    ]
    assert rows[0][2] == "Trưởng thôn Đoàn Kết" and rows[0][6] == "Cán bộ tự đăng ký"
    assert rows[1][4] == "Rừng trồng mới: 0 ha → 630 ha" and rows[1][5] == "Giai đoạn 2025–2027"
    assert rows[1][6] == "Giao thêm từ việc tồn đọng của đơn vị"
    assert rows[2][4] == "Tỷ lệ tuyển quân: 50 % → 100 %; Môi trường: Đạt" and rows[2][5] == "Năm 2026"
    assert breakthrough_assignment.rows(document) == 3


def test_the_decision_prints_its_grounds_articles_and_annex(task_place):
    tasks(task_place)
    body, unit = task_place["body"], task_place["nam_quan"]
    document = printing.new_draft("giao_viec_dot_pha", body, unit, parameters={"year": 2026}).save()
    text = pdf_text(printing.preview(document, DAY))
    for said in (
        "QUYẾT ĐỊNH về việc giao việc đột phá, đổi mới năm 2026 cho cán bộ xã Nam Quan",
        "Số -QĐ/HU",
        "- Căn cứ Điều lệ Đảng Cộng sản Việt Nam,",
        "- Căn cứ Quy chế làm việc của Huyện ủy Lộc Bình,",
        "BAN THƯỜNG VỤ HUYỆN ỦY LỘC BÌNH QUYẾT ĐỊNH:",
        "Điều 1. Giao việc đột phá, đổi mới năm 2026 cho 2 đồng chí cán bộ xã Nam Quan, gồm 3 việc",
        "Điều 2.",
        "Điều 3.",
        "T/M BAN THƯỜNG VỤ",
        "PHỤ LỤC Danh sách cán bộ được giao việc đột phá, đổi mới năm 2026",
        "(Kèm theo Quyết định số -QĐ/HU của Huyện ủy Lộc Bình)",
        "Nâng cao chất lượng sinh hoạt chi bộ",
        "Rừng trồng mới: 0 ha → 630 ha",
    ):
        assert said in text, said
    assert "Việc năm trước" not in text and "Việc ở Nhân Lý" not in text and "chưa duyệt" not in text
    assert "- Căn cứ Quy định số 366-QĐ/TW ngày 30/8/2025 của Bộ Chính trị" in text


def test_the_decision_cites_the_rating_rule_in_force_on_its_day(task_place):
    tasks(task_place)
    RatingRule(name="Quy định mới", citation="Quy định số 999-QĐ/TW ngày 01/01/2026 của Bộ Chính trị",
               from_year=2026).save()  # fmt: skip
    body, unit = task_place["body"], task_place["nam_quan"]
    document = printing.new_draft("giao_viec_dot_pha", body, unit, parameters={"year": 2026}).save()
    assert "Căn cứ Quy định số 999-QĐ/TW ngày 01/01/2026 của Bộ Chính trị" in pdf_text(
        printing.preview(document, DAY)
    )
    earlier = printing.new_draft("giao_viec_dot_pha", body, unit, parameters={"year": 2025}).save()
    assert "366-QĐ/TW" in pdf_text(printing.preview(earlier, datetime.date(2025, 11, 5)))

    printing.issue(document, DAY)
    issued = pdf_text(document.pdf())
    assert "Số 01-QĐ/HU" in issued
    assert "(Kèm theo Quyết định số 01-QĐ/HU ngày 05 tháng 3 năm 2026 của Huyện ủy Lộc Bình)" in issued


def test_a_state_decision_names_its_body_first_and_says_quyet_dinh(task_place):
    commune = commune_peoples_committee(task_place["nam_quan"])
    new_task(task_place, body=commune, content="Việc của UBND xã", start_year=2026)
    document = printing.new_draft(
        "giao_viec_dot_pha", commune, task_place["nam_quan"], parameters={"year": 2026}
    )
    text = pdf_text(printing.preview(document, DAY))
    assert re.search(
        r"ỦY BAN NHÂN DÂN XÃ NAM QUAN Căn cứ Luật Tổ chức chính quyền địa phương; .*QUYẾT ĐỊNH: Điều 1", text
    )
    assert "Số: /QĐ-" in text and "Việc của UBND xã" in text


def test_a_long_annex_of_400_tasks_prints_every_row_once(task_place, monkeypatch):
    """Printed in parts (the parts machinery reads `data["table"]`), every task once, in order."""
    collection = get_db().breakthrough_tasks
    template = new_task(task_place, content="Việc số 000", start_year=2026)
    stored = collection.find_one({"_id": template.pk})
    copies = []
    for n in range(1, 400):
        copy = {k: v for k, v in stored.items() if k != "_id"}
        copy["content"] = f"Việc số {n:03d}"
        copy["sort_name"] = text.sort_key(copy["content"])
        copies.append(copy)
    collection.insert_many(copies)
    monkeypatch.setattr(printing, "PART_ROWS", 150)
    document = printing.new_draft(
        "giao_viec_dot_pha", task_place["body"], task_place["nam_quan"], parameters={"year": 2026}
    )
    printed = pdf_text(printing.preview(document, DAY))
    numbers = [int(n) for n in re.findall(r"Việc số (\d{3})", printed)]
    assert numbers == list(range(400))
    assert "gồm 400 việc" in printed
