"""The decision assigning cadres to localities (quyet_dinh_phan_cong): the assignments its body
makes in the unit that run on the day, counted by hand, printed as a QUYẾT ĐỊNH with its annex and
read back."""

import datetime
import io

import pytest
from mongoengine.connection import get_db
from mongoengine.errors import ValidationError
from pypdf import PdfReader

from exports import locality_decision
from exports import official_document as printing
from tests.conftest import commune_peoples_committee
from tests.test_locality_assignments import assign, place  # noqa: F401  (fixture)

DAY = datetime.date(2026, 3, 5)


def pdf_text(data):
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def made(place):  # noqa: F811
    """Assignments of the district committee running on DAY, and others that must not print."""
    body = place["body"]
    given = [
        assign(place, body=body, role="ho_tro", start=datetime.date(2022, 6, 1)),
        assign(
            place, who="phong", unit="na_pai", body=body, role="phu_trach", start=datetime.date(2022, 6, 1)
        ),
        assign(
            place, who="officer", unit="nam_quan", body=body, role="theo_doi", start=datetime.date(2025, 1, 1)
        ),
        assign(place, who="member", body=body, households=place["homes"], start=datetime.date(2024, 1, 1)),
    ]
    assign(place, who="officer", body=body, start=datetime.date(2022, 6, 1), end=datetime.date(2025, 12, 31))
    assign(place, who="officer", unit="na_pai", body=commune_peoples_committee(place["nam_quan"]))
    assign(place, unit="ban_chanh", body=body)
    assign(place, who="officer", unit="doan_ket", body=body, start=datetime.date(2026, 4, 1))
    return given


def test_the_decision_lists_the_assignments_its_body_makes_in_the_unit(place):  # noqa: F811
    given = made(place)
    body, unit = place["body"], place["nam_quan"]
    found = locality_decision.assignments_made(body, unit, DAY)
    assert sorted(a.pk for a in found) == sorted(a.pk for a in given)
    moment = datetime.datetime(2026, 3, 5)
    raw = get_db().locality_assignments.count_documents(
        {
            "body": body.pk,
            "ancestors": unit.pk,
            "start": {"$lte": moment},
            "$or": [{"end": None}, {"end": {"$gte": moment}}],
        }
    )
    assert found.count() == raw == 4

    document = printing.new_draft("quyet_dinh_phan_cong", body, unit)
    assert document.document_type == "QĐ"
    assert document.summary == (
        "về việc phân công cán bộ, đảng viên phụ trách, theo dõi, hỗ trợ địa bàn xã Nam Quan"
    )
    data = printing.snapshot(document, DAY)["data"]
    assert (data["people"], data["assignments"], data["localities"], data["households"]) == (3, 4, 3, 2)
    assert [r[1:] for r in data["table"]["rows"]] == [
        ["Lý Thị Hoa", "Công chức Văn phòng - Thống kê", "Theo dõi", "Xã Nam Quan", "", "01/01/2025"],
        ["Triệu Tiến Lương", "", "Hỗ trợ", "Thôn Đoàn Kết, xã Nam Quan", 2, "01/01/2024"],
        [
            "Vi Văn Phong",
            "Phó Trưởng Phòng Nội vụ huyện",
            "Phụ trách",
            "Thôn Nà Pái, xã Nam Quan",
            "",
            "01/06/2022",
        ],
        [
            "Vi Văn Phong",
            "Phó Trưởng Phòng Nội vụ huyện",
            "Hỗ trợ",
            "Thôn Đoàn Kết, xã Nam Quan",
            "",
            "01/06/2022",
        ],
    ]
    # Counted for today, as a draft prints: the assignment from 01/04/2026 runs too.
    assert locality_decision.rows(document) == 5
    earlier = printing.new_draft("quyet_dinh_phan_cong", body, unit, parameters={"date": "2025-06-30"})
    assert printing.snapshot(earlier, DAY)["data"]["assignments"] == 5  # with the one ended since


def test_the_decision_prints_its_grounds_articles_and_annex(place):  # noqa: F811
    made(place)
    document = printing.new_draft("quyet_dinh_phan_cong", place["body"], place["nam_quan"]).save()
    text = pdf_text(printing.preview(document, DAY))
    for said in (
        "QUYẾT ĐỊNH về việc phân công cán bộ, đảng viên phụ trách, theo dõi, hỗ trợ địa bàn xã Nam Quan",
        "- Căn cứ Điều lệ Đảng Cộng sản Việt Nam,",
        "- Căn cứ Nghị quyết số 77 ngày 25/5/2022 của Ban Thường vụ Tỉnh ủy Lạng Sơn,",
        "- Xét đề nghị của Ban Tổ chức Huyện ủy Lộc Bình,",
        "BAN THƯỜNG VỤ HUYỆN ỦY LỘC BÌNH QUYẾT ĐỊNH:",
        "Điều 1. Phân công 3 đồng chí cán bộ, đảng viên phụ trách, theo dõi, hỗ trợ 3 địa bàn xã Nam Quan, "
        "trong đó có 2 hộ gia đình (có danh sách kèm theo).",
        "mỗi tháng về địa bàn ít nhất 1 lần",
        "PHỤ LỤC Danh sách cán bộ, đảng viên được phân công phụ trách, theo dõi, hỗ trợ địa bàn",
        "Thôn Nà Pái, xã Nam Quan",
    ):
        assert said in text, said
    assert "Bản Chành" not in text
    printing.issue(document, DAY)
    assert "Số 01-QĐ/HU" in pdf_text(document.pdf())


def test_the_issued_decision_is_recorded_on_the_assignments_it_lists(place):  # noqa: F811
    given = made(place)
    earlier = printing.new_draft("quyet_dinh_phan_cong", place["body"], place["nam_quan"]).save()
    printing.issue(earlier, DAY)
    kept = given[0]
    kept.reload()
    assert kept.decision.pk == earlier.pk
    # A later decision of the same unit names itself only on the assignments without one; an
    # assignment it does not list (another body's, ended, not started) names no decision.
    new = assign(place, who="phong", unit="doan_ket", body=place["body"], start=datetime.date(2026, 1, 1))
    later = printing.new_draft("quyet_dinh_phan_cong", place["body"], place["nam_quan"]).save()
    printing.issue(later, DAY)
    decided = {
        row["_id"]: row.get("decision")
        for row in get_db().locality_assignments.find({}, projection={"decision": 1})
    }
    assert decided[new.pk] == later.pk
    assert [decided[a.pk] for a in given] == [earlier.pk] * len(given)
    assert sum(value is None for value in decided.values()) == 4
    entries = get_db().history.find({"record_id": new.pk, "action": "decision"})
    assert [entry["changed"] for entry in entries] == [["decision"]]


def test_a_decision_listing_nothing_is_not_issued(place):  # noqa: F811
    """Issuing it would take a number of the register for nothing: refused, the draft kept."""
    document = printing.new_draft("quyet_dinh_phan_cong", place["body"], place["nam_quan"]).save()
    with pytest.raises(ValidationError) as refused:
        printing.issue(document, DAY)
    assert "chưa có phân công nào của cơ quan này ở xã Nam Quan" in str(refused.value)
    document.reload()
    assert document.status == "draft" and document.number is None
