"""The board's figures of cell meetings for a unit and a year against hand-counted data: months
and quarters missed (only those over by the day), the attendance rate, and the members absent
without a reason in three months of the year."""

import datetime

from documents import CellMeetingRule
from documents.cell_meeting import Attendance
from documents.cell_meeting_summary import judged_on, summary
from tests.test_cell_meeting import cell, meeting  # noqa: F401  (fixture, helper)

DAY = datetime.date


def held(cell, day, kind="thuong_ky", absent=(), excused=()):  # noqa: F811
    """A meeting of Đoàn Kết's cell on `day`, the members of index `absent` away without a reason."""
    rows = [
        Attendance(
            person=p, present=n not in absent and n not in excused, reason="Ốm" if n in excused else None
        )
        for n, p in enumerate(cell["members"])
    ]
    end = "21:30" if kind == "ket_hop" else "21:00"
    before = day - datetime.timedelta(days=2)
    return meeting(
        cell, day=day, kind=kind, end=end, attendance=rows, committee_met_on=before, notified_on=before
    )


def test_missed_months_and_quarters_up_to_the_day(cell):  # noqa: F811
    held(cell, DAY(2026, 1, 4), absent=[0])
    held(cell, DAY(2026, 2, 4), absent=[0], excused=[1])
    held(cell, DAY(2026, 3, 31), kind="ket_hop")  # March's regular and Q1's thematic
    held(cell, DAY(2026, 5, 4), absent=[0])  # April missed
    held(cell, DAY(2026, 6, 4), kind="chuyen_de")  # June's only meeting is thematic: June missed
    found = summary(cell["district"], 2026, day=DAY(2026, 6, 29))  # June not over yet
    assert (found.months, found.quarters) == ([1, 2, 3, 4, 5], [1])
    assert [(c.name, m) for c, m in found.missed_regular] == [
        ("Chi bộ thôn Đoàn Kết", [4]),
        ("Chi bộ thôn Nà Pái", [1, 2, 3, 4, 5]),
    ]
    assert [(c.name, q) for c, q in found.missed_thematic] == [("Chi bộ thôn Nà Pái", [1])]
    on_july = summary(cell["district"], 2026, day=DAY(2026, 7, 1))
    assert [(c.name, m) for c, m in on_july.missed_regular][0] == ("Chi bộ thôn Đoàn Kết", [4, 6])
    assert on_july.quarters == [1, 2]  # June's thematic meeting holds Q2 for Đoàn Kết
    assert [(c.name, q) for c, q in on_july.missed_thematic] == [("Chi bộ thôn Nà Pái", [1, 2])]
    # Five meetings of four members: 4 absences, so 16 of 20 present.
    assert (found.meetings, found.present, found.called, found.rate) == (5, 16, 20, 80)
    # Hoàng Văn Sáu away without a reason in January, February and May: three months.
    assert [(p.full_name, months) for p, months in found.absentees] == [("Hoàng Văn Sáu", [1, 2, 5])]


def test_two_absences_are_not_three_and_the_rule_is_data(cell):  # noqa: F811
    held(cell, DAY(2026, 1, 4), absent=[0])
    held(cell, DAY(2026, 1, 20), absent=[0])  # twice in one month: one month
    held(cell, DAY(2026, 3, 4), absent=[0])
    assert summary(cell["district"], 2026, day=DAY(2026, 12, 31)).absentees == []
    CellMeetingRule(from_day=DAY(2026, 1, 1), absences_removed=2).save()
    found = summary(cell["district"], 2026, day=DAY(2026, 12, 31))
    assert [(p.full_name, months) for p, months in found.absentees] == [("Hoàng Văn Sáu", [1, 3])]


def test_a_commune_sees_its_own_cells_and_a_year_over_is_judged_on_its_last_day(cell):  # noqa: F811
    held(cell, DAY(2025, 12, 31), kind="ket_hop")
    assert judged_on(2025, DAY(2026, 3, 1)) == DAY(2025, 12, 31)
    found = summary(cell["nhan_ly"], 2025, day=judged_on(2025, DAY(2026, 3, 1)))
    assert (found.cells, found.meetings) == ([], 0)
    at_nam_quan = summary(cell["nam_quan"], 2025, day=DAY(2025, 12, 31))
    assert dict((c.name, m) for c, m in at_nam_quan.missed_regular)["Chi bộ thôn Đoàn Kết"] == list(
        range(1, 12)
    )


def test_the_page_links_each_figure_to_the_meetings_it_counts(client, cell):  # noqa: F811
    import re

    from tests.conftest import login, make_user

    held(cell, DAY(2026, 1, 4), absent=[0])
    held(cell, DAY(2026, 2, 4), absent=[0])
    held(cell, DAY(2026, 3, 4), absent=[0], kind="ket_hop")
    held(cell, DAY(2026, 4, 4))
    held(cell, DAY(2025, 4, 4), absent=[0])  # another year
    make_user("xa", role="editor", unit=cell["nam_quan"])
    login(client, "xa")
    page = client.get(f"/admin/cell_meeting_summary/?unit={cell['nam_quan'].pk}&year=2026&day=30/04/2026")
    page = page.get_data(as_text=True)
    assert "2 chi bộ;" in page and "tỷ lệ đảng viên dự:" in page
    assert "Chi bộ thôn Nà Pái</a>: tháng 1, 2, 3" in page and "Chi bộ thôn Đoàn Kết</a>: tháng" not in page
    absentees = page[page.index('data-summary="absentees"') :]
    link = re.search(r'<a href="([^"]+)">Hoàng Văn Sáu</a>: tháng 1, 2, 3', absentees).group(1)
    listed = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert "3 buổi sinh hoạt" in listed
    everything = re.search(r'<a href="([^"]+)">4 buổi sinh hoạt</a>', page).group(1)
    assert "4 buổi sinh hoạt" in client.get(everything.replace("&amp;", "&")).get_data(as_text=True)
    # 4 meetings of 4 members, 3 absences: 13/16.
    assert "81,3%</a> (13/16 lượt)" in page
