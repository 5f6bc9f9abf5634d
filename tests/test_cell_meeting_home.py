"""The home page's panels of party cells (admin/base.py: home_panels): the cell meetings of the
account's unit in the latest year with meetings, and its resolution indicators with the missed
ones named, each figure a link to the records it counts, nothing of another commune shown."""

import datetime
import html
import re

from tests.conftest import login, make_user
from tests.test_cell_meeting import cell  # noqa: F401  (fixture)
from tests.test_cell_meeting_summary import held
from tests.test_resolution_indicator import binh_phu  # noqa: F401  (fixture)

DAY = datetime.date


def panel(page, name):
    found = re.search(
        rf'<section class="card mb-3 home-panel" data-panel="{name}">(.*?)</section>', page, re.S
    )
    return found.group(1) if found else None


def words(shown):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", shown)).split())


def home(app, user):
    client = app.test_client()
    assert login(client, user).status_code == 302
    return client, client.get("/admin/").get_data(as_text=True)


def test_the_cell_meetings_panel_of_a_commune(app, cell):  # noqa: F811
    held(cell, DAY(2025, 1, 4), absent=[0])
    held(cell, DAY(2025, 2, 4), absent=[0])
    held(cell, DAY(2025, 3, 31), kind="ket_hop", absent=[0])
    make_user("xa", role="editor", unit=cell["nam_quan"])
    make_user("xa-khac", role="viewer", unit=cell["nhan_ly"])
    client, page = home(app, "xa")
    shown = panel(page, "cell-meetings")
    text = words(shown)
    # The latest year with meetings, judged on its last day: 2025 is over.
    assert "Sinh hoạt chi bộ năm 2025 của xã Nam Quan" in text
    assert "Tính đến ngày 31/12/2025: 2 chi bộ, 3 buổi sinh hoạt; tỷ lệ đảng viên dự: 75%." in text
    assert "Chi bộ có tháng không sinh hoạt thường kỳ: 2/2; có quý không sinh hoạt chuyên đề: 2/2" in text
    assert "đảng viên vắng không lý do từ 3 tháng: 1" in text
    meetings = re.search(r'<a href="([^"]+)" data-figure="meetings">', shown).group(1)
    listed = client.get(html.unescape(meetings)).get_data(as_text=True)
    assert listed.count('class="col-day"') == 3
    assert "<svg" in shown and "Tháng 12" in shown
    # Every figure links: the rate to the meetings, the cells and members to the summary's lists,
    # each month's bar to that month's meetings.
    links = {
        name: html.unescape(url)
        for url, name in re.findall(r'<a href="([^"]+)" data-figure="([a-z-]+)">', shown)
    }
    assert links["rate"] == links["meetings"]
    for name in ("missed-regular", "missed-thematic", "absentees"):
        url, anchor = links[name].split("#")
        assert anchor == name and f'id="{name}"' in client.get(url).get_data(as_text=True)
    march = next(html.unescape(u) for u in re.findall(r'<a href="([^"]+)"', shown) if "2025-03" in u)
    listed = client.get(march).get_data(as_text=True)
    assert listed.count('class="col-day"') == 1 and "31/03/2025" in listed
    _, elsewhere = home(app, "xa-khac")
    assert panel(elsewhere, "cell-meetings") is None  # Nhân Lý has no meeting: no panel of zeros
    # An admin's largest province has no meeting: the panel is of the province that has some.
    from documents import Unit

    Unit(code="LON", kind="tinh", name="Tỉnh Lớn", households=9_000_000).save()
    make_user("quantri", role="admin")
    _, page = home(app, "quantri")
    assert "Sinh hoạt chi bộ năm 2025 của tỉnh Lạng Sơn" in words(panel(page, "cell-meetings"))


def test_the_resolution_panel_names_the_missed(app, binh_phu):  # noqa: F811
    make_user("xa", role="viewer", unit=binh_phu["nam_quan"])
    client, page = home(app, "xa")
    shown = panel(page, "resolution-indicators")
    text = words(shown)
    assert "Chỉ tiêu nghị quyết năm 2025 của xã Nam Quan" in text  # the cell's term runs to 2025
    assert "1/1 chỉ tiêu đạt và vượt" in text
    binh_phu["later"].delete()
    binh_phu["term"].delete()
    _, page = home(app, "xa")
    shown = panel(page, "resolution-indicators")
    text = words(shown)
    assert "Chỉ tiêu nghị quyết năm 2022 của xã Nam Quan" in text
    assert "4/6 chỉ tiêu đạt và vượt; 1 chỉ tiêu không đạt; 1 chỉ tiêu chưa có kết quả." in text
    assert "Diện tích gieo trồng: 2.000 ha / 2.013,5 ha (99,3%), Đảng bộ xã Nam Quan" in text
    missed = re.search(
        r'<a href="([^"]+)" data-figure="missed">', panel(page, "resolution-indicators")
    ).group(1)
    listed = client.get(html.unescape(missed)).get_data(as_text=True)
    assert "Nghị quyết năm 2022" in listed and "Nhân Lý" not in listed
    unreported = re.search(r'<a href="([^"]+)" data-figure="unreported">', shown).group(1)
    assert unreported != missed
    listed = client.get(html.unescape(unreported)).get_data(as_text=True)
    assert "Nghị quyết năm 2022" in listed and "1 nghị quyết" in listed


def test_resolutions_with_an_indicator_not_reported(binh_phu):  # noqa: F811
    from admin.resolution_indicator import FILTERS
    from documents import ResolutionIndicators

    found = FILTERS["unreported"].apply(ResolutionIndicators.objects, "1")
    assert {r.pk for r in found} == {binh_phu[name].pk for name in ("year", "other", "later")}
