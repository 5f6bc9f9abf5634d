"""The minutes of one cell meeting (bien_ban_sinh_hoat): the month's regular meeting of a hamlet's
cell found from `--unit HAMLET --month YYYY-MM`, every part BRIEF.md lists printed from the stored
meeting, a hamlet without a cell or a month without a meeting refused at the month, and the PDF
read back."""

import datetime

import pytest

from documents import Person, Unit
from documents.cell_meeting import Attendance, MemberTask
from documents.person import Position
from exports import cell_meeting_minutes as minutes
from exports import official_document as printing
from exports import parameters
from tests.conftest import district_committee
from tests.test_cell_meeting import cell, meeting  # noqa: F401  (fixture, helper)
from tests.test_locality_decision import pdf_text

DAY = datetime.date
PRINTED = DAY(2026, 3, 10)


@pytest.fixture
def held(cell):  # noqa: F811
    guest = Person(
        full_name="Nông Thị Hoa",
        gender="nu",
        birth_year=1980,
        category="can_bo",
        unit=cell["nam_quan"],
        positions=[Position(title="Phó Bí thư Đảng ủy xã", start=DAY(2025, 7, 1))],
    ).save()
    sau, bay, tam, chin = cell["members"]
    meeting(cell, day=DAY(2026, 3, 2), kind="chuyen_de")  # thematic: not the month's regular one
    regular = meeting(
        cell,
        day=DAY(2026, 3, 4),
        start="19:30",
        end="21:15",
        focus="Chuyển đổi cây trồng trên đất dốc.",
        committee_met_on=DAY(2026, 2, 28),
        notified_on=DAY(2026, 3, 1),
        chair=tam,
        secretary=chin,
        guests=[guest],
        attendance=[
            Attendance(person=sau, present=False),
            Attendance(person=bay, present=False, reason="Ốm"),
            Attendance(person=tam),
            Attendance(person=chin),
        ],
        conclusions="Chi bộ thống nhất chuyển 5 ha ngô sang trồng hồi.\nGiao chi ủy theo dõi.",
        resolution="Năm 2026 chuyển đổi 5 ha.",
        tasks=[MemberTask(assignee="Vi Thị Tám", task="Vận động 5 hộ trồng hồi", due=DAY(2026, 6, 30))],
    )
    return dict(cell, guest=guest, regular=regular)


def draft(unit, month="2026-03"):
    body = district_committee(Unit.objects(kind="huyen").first())
    return printing.new_draft("bien_ban_sinh_hoat", body, unit, parameters={"month": month})


def test_the_minutes_of_the_month_by_hand(held):
    document = draft(held["doan_ket"])
    assert (document.document_type, document.type_name) == ("BB", "Biên bản")
    assert document.summary == "sinh hoạt chi bộ thường kỳ tháng 3/2026 của Chi bộ thôn Đoàn Kết"
    data = printing.snapshot(document, PRINTED)["data"]
    assert data["meeting"] == str(held["regular"].pk)  # the regular one, not the thematic of the 2nd
    assert (data["day"], data["start"], data["end"], data["minutes"]) == (
        "ngày 04 tháng 03 năm 2026",
        "19 giờ 30",
        "21 giờ 15",
        105,
    )
    assert data["place"] == "thôn Đoàn Kết, xã Nam Quan"
    assert data["guests"] == ["Nông Thị Hoa, Phó Bí thư Đảng ủy xã"]
    assert (data["chair"], data["secretary"]) == ("Vi Thị Tám", "Nông Văn Chín")
    assert (data["members"], data["present"]) == (4, 2)
    assert data["absent"] == ["Hoàng Văn Sáu (không có lý do)", "Lộc Văn Bảy (lý do: Ốm)"]
    assert data["focus"] == "Chuyển đổi cây trồng trên đất dốc"
    assert (data["committee_met_on"], data["notified_on"]) == ("28/02/2026", "01/03/2026")
    assert data["conclusions"] == [
        "Chi bộ thống nhất chuyển 5 ha ngô sang trồng hồi.",
        "Giao chi ủy theo dõi.",
    ]
    assert data["tasks"] == ["Vi Thị Tám: Vận động 5 hộ trồng hồi (hạn 30/06/2026)"]


def test_a_month_without_a_meeting_or_a_hamlet_without_a_cell_is_refused_at_the_month(held):
    with pytest.raises(parameters.ParameterError) as excinfo:
        parameters.read(minutes, {"month": "2026-02"}, held["doan_ket"])
    assert excinfo.value.errors == {
        "month": "Chi bộ thôn Đoàn Kết chưa ghi buổi sinh hoạt thường kỳ nào trong tháng 2/2026."
    }
    with pytest.raises(parameters.ParameterError) as excinfo:
        parameters.read(minutes, {"month": "2026-03"}, held["ban_chanh"])
    assert excinfo.value.errors == {"month": "Thôn Bản Chành chưa có chi bộ trong danh mục."}


def test_the_pdf_reads_back(held):
    text = pdf_text(printing.preview(draft(held["doan_ket"]).save(), PRINTED))
    assert text.startswith("ĐẢNG BỘ XÃ NAM QUAN CHI BỘ THÔN ĐOÀN KẾT *")  # the cell's own heading
    assert "BIÊN BẢN sinh hoạt chi bộ thường kỳ tháng 3/2026 của Chi bộ thôn Đoàn Kết" in text
    assert "Hôm nay, vào lúc 19 giờ 30, ngày 04 tháng 03 năm 2026, tại thôn Đoàn Kết, xã Nam Quan" in text
    assert "Đại biểu cấp ủy cấp trên dự: Nông Thị Hoa, Phó Bí thư Đảng ủy xã." in text
    assert "vắng mặt: 2 (Hoàng Văn Sáu (không có lý do); Lộc Văn Bảy (lý do: Ốm))." in text
    assert "Buổi sinh hoạt kết thúc vào lúc 21 giờ 15 cùng ngày (105 phút)." in text
    assert "THƯ KÝ" in text and "CHỦ TRÌ" in text


def test_the_command_prints_the_hamlet_and_month(app, held, tmp_path):
    district_committee(Unit.objects(kind="huyen").first())
    out = tmp_path / "bien-ban.pdf"
    runner = app.test_cli_runner()
    args = ["documents", "render", "bien_ban_sinh_hoat", "--unit", held["doan_ket"].code, "--out", str(out)]
    result = runner.invoke(args=[*args, "--month", "2026-03"])
    assert result.exit_code == 0, result.output
    assert "Chi bộ thôn Đoàn Kết" in pdf_text(out.read_bytes())
    refused = runner.invoke(args=[*args, "--month", "2026-02"])
    assert refused.exit_code != 0
    said = "--month: Chi bộ thôn Đoàn Kết chưa ghi buổi sinh hoạt thường kỳ nào trong tháng 2/2026."
    assert said in refused.output
