"""Cell meetings: what a meeting records and refuses, the rule it is checked by (a setting, with
Guidance 42's as default), and the months and quarters a cell held nothing in, across the
boundaries of month, quarter and year."""

import datetime

import pytest
from mongoengine import ValidationError

from documents import CellMeeting, CellMeetingRule, PartyOrganization, Person
from documents.cell_meeting import Attendance, MemberTask
from tests.test_local_work import errors

DAY = datetime.date


@pytest.fixture
def cell(district):
    commune = PartyOrganization(
        kind="dang_bo_co_so", name="Đảng bộ xã Nam Quan", unit=district["nam_quan"]
    ).save()
    cell = PartyOrganization(
        kind="chi_bo", name="Chi bộ thôn Đoàn Kết", unit=district["doan_ket"], parent=commune, meeting_day=4
    ).save()
    other = PartyOrganization(
        kind="chi_bo", name="Chi bộ thôn Nà Pái", unit=district["na_pai"], parent=commune
    ).save()

    def member(name, organization=cell):
        return Person(
            full_name=name,
            gender="nam",
            birth_year=1970,
            category="dang_vien",
            unit=organization.unit,
            party_organization=organization,
            admitted_on=DAY(2000, 5, 19),
        ).save()

    members = [member(name) for name in ("Hoàng Văn Sáu", "Lộc Văn Bảy", "Vi Thị Tám", "Nông Văn Chín")]
    return dict(
        district,
        commune=commune,
        cell=cell,
        other=other,
        members=members,
        stranger=member("Lý Văn Mười", other),
    )


def meeting(cell, **fields):
    values = dict(
        organization=cell["cell"],
        day=DAY(2026, 1, 4),
        start="19:30",
        end="21:00",
        kind="thuong_ky",
        focus="Chuyển đổi cây trồng trên đất dốc",
        committee_met_on=DAY(2025, 12, 30),
        notified_on=DAY(2026, 1, 1),
        attendance=[Attendance(person=p) for p in cell["members"]],
    )
    return CellMeeting(**{**values, **fields}).save()


def test_a_meeting_counts_its_minutes_and_its_members(cell):
    absent = [
        Attendance(person=cell["members"][0], present=False, reason="Ốm"),
        Attendance(person=cell["members"][1], present=False),
    ]
    held = meeting(
        cell,
        attendance=[*absent, *(Attendance(person=p) for p in cell["members"][2:])],
        tasks=[MemberTask(assignee="Vi Thị Tám", task="Vận động 5 hộ trồng keo", due=DAY(2026, 3, 31))],
    )
    assert (held.minutes, held.present, held.members) == (90, 2, 4)
    assert held.ancestors[-1] == cell["doan_ket"].pk and held.unit == cell["doan_ket"].pk
    assert held.absent_without_reason() == [cell["members"][1]]
    assert str(held.attendance[0]) == "Hoàng Văn Sáu (vắng: Ốm)"
    assert held.shortfalls() == ["Chỉ 2/4 đảng viên có mặt."]


def test_ninety_minutes_and_a_hundred_and_twenty_when_combined(cell):
    assert meeting(cell).shortfalls() == []
    short = meeting(cell, end="20:45")
    assert short.shortfalls() == ["Thời lượng 75 phút, dưới 90 phút theo quy định."]
    combined = meeting(cell, kind="ket_hop", end="21:15")
    assert combined.shortfalls() == ["Thời lượng 105 phút, dưới 120 phút theo quy định."]
    unprepared = meeting(cell, committee_met_on=None, notified_on=DAY(2026, 1, 4))
    assert unprepared.shortfalls() == [
        "Chưa ghi ngày chi ủy họp chuẩn bị nội dung.",
        "Thông báo chưa trước ít nhất 1 ngày.",
    ]


def test_the_rule_is_data_in_force_from_its_day(cell):
    assert CellMeetingRule.in_force(DAY(2026, 1, 4)).minutes_regular == 90  # the default, unsaved
    CellMeetingRule(
        name="Quy định của Tỉnh ủy", from_day=DAY(2026, 3, 1), minutes_regular=100, minutes_combined=150
    ).save()
    assert meeting(cell).shortfalls() == []  # on 4/1, before the province's rule
    later = meeting(cell, day=DAY(2026, 3, 4), committee_met_on=DAY(2026, 3, 1), notified_on=DAY(2026, 3, 2))
    assert later.shortfalls() == ["Thời lượng 90 phút, dưới 100 phút theo quy định."]
    with pytest.raises(ValidationError) as refused:
        CellMeetingRule(from_day=DAY(2026, 6, 1), minutes_regular=120, minutes_combined=90).save()
    assert "minutes_combined" in errors(refused)


def test_bad_meetings_are_refused_at_their_field(cell):
    cases = [
        (dict(organization=cell["commune"]), "organization", "Đảng bộ xã Nam Quan không phải là chi bộ."),
        (dict(start="7h30"), "start", "Hãy ghi giờ theo dạng giờ:phút, ví dụ 19:30."),
        (dict(end="19:00"), "end", "Giờ kết thúc phải sau giờ bắt đầu."),
        (
            dict(notified_on=DAY(2026, 1, 5)),
            "notified_on",
            "Ngày thông báo phải trước hoặc trong ngày sinh hoạt.",
        ),
        (dict(focus="   "), "focus", "Trường này là bắt buộc."),
        (
            dict(attendance=[Attendance(person=cell["stranger"])]),
            "attendance",
            "Lý Văn Mười không sinh hoạt ở Chi bộ thôn Đoàn Kết.",
        ),
        (
            dict(attendance=[Attendance(person=cell["members"][0])] * 2),
            "attendance",
            "Hoàng Văn Sáu được điểm danh hai lần.",
        ),
    ]
    for fields, field, message in cases:
        with pytest.raises(ValidationError) as refused:
            meeting(cell, **fields)
        assert errors(refused)[field].message == message, fields
    with pytest.raises(ValidationError) as refused:
        meeting(cell, attendance=[Attendance(person=cell["members"][0], present=True, reason="Ốm")])
    assert "Đảng viên có mặt thì không ghi lý do vắng." in str(refused.value)
    assert CellMeeting.objects.count() == 0


def test_only_a_cell_has_a_regular_day(cell):
    cell["commune"].meeting_day = 4
    with pytest.raises(ValidationError) as refused:
        cell["commune"].save()
    assert errors(refused)["meeting_day"].message == "Chỉ chi bộ mới có ngày sinh hoạt thường kỳ."


def test_the_calendar_across_month_quarter_and_year(cell):
    held = [
        (DAY(2024, 12, 31), "chuyen_de"),  # last year: not counted
        (DAY(2025, 1, 4), "thuong_ky"),
        (DAY(2025, 1, 20), "thuong_ky"),  # two in January
        (DAY(2025, 3, 31), "ket_hop"),  # March's regular and Q1's thematic at once
        (DAY(2025, 4, 1), "chuyen_de"),  # Q2's thematic, not April's regular
        (DAY(2025, 12, 31), "thuong_ky"),
        (DAY(2026, 1, 1), "ket_hop"),  # next year
    ]
    for day, kind in held:
        end = "21:30" if kind == "ket_hop" else "21:00"
        meeting(
            cell,
            day=day,
            kind=kind,
            end=end,
            committee_met_on=day,
            notified_on=day - datetime.timedelta(days=1),
        )
    meeting(
        cell,
        organization=cell["other"],
        attendance=[],
        day=DAY(2025, 2, 4),
        committee_met_on=None,
        notified_on=None,
    )
    found = CellMeeting.objects.calendar([cell["cell"].pk, cell["other"].pk], 2025)
    months = found[cell["cell"].pk]["months"]
    assert months == {1: 2, 2: 0, 3: 1, 4: 0, 5: 0, 6: 0, 7: 0, 8: 0, 9: 0, 10: 0, 11: 0, 12: 1}
    assert found[cell["cell"].pk]["quarters"] == {1: 1, 2: 1, 3: 0, 4: 0}
    assert (
        found[cell["other"].pk]["months"][2] == 1 and sum(found[cell["other"].pk]["quarters"].values()) == 0
    )
    by_hand = {
        m: sum(1 for d, k in held if d.year == 2025 and d.month == m and k != "chuyen_de") for m in months
    }
    assert months == by_hand
