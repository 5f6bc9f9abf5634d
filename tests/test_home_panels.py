"""The home page: the account's unit at a glance, through its panels (admin/base.py: home_panels);
the first is this year's breakthrough tasks by state, at risk and overdue, with a chart."""

import html
import re

from mongoengine.context_managers import query_counter

from documents import IssuingBody
from documents.base import vietnam_today
from tests.conftest import login, make_user
from tests.test_breakthrough_summary import commune_committee, district_committee, listed, person, task

THIS_YEAR = vietnam_today().year


def places(district):
    """Tasks of this year and the last in both communes (the bodies made if not there yet)."""
    d = district
    huyen = IssuingBody.objects(name="Huyện ủy Lộc Bình").first() or district_committee(d["district"])
    made = []
    for unit, name in ((d["nam_quan"], "Nam Quan"), (d["nhan_ly"], "Nhân Lý")):
        committee = IssuingBody.objects(name=f"Đảng ủy xã {name}").first()
        committee = committee or commune_committee(f"Đảng ủy xã {name}", unit)
        who = person(f"Cán Bộ {name}", unit)
        task(made, f"{name} đang làm", who, committee, unit, THIS_YEAR)
        task(made, f"{name} đã xong", who, committee, unit, THIS_YEAR, state="finished")
        task(made, f"{name} giai đoạn chưa báo cáo", who, huyen, unit, THIS_YEAR - 1, THIS_YEAR + 3)
        task(made, f"{name} năm trước còn dở", who, huyen, unit, THIS_YEAR - 1)
    return made


def panel(page):
    return re.search(r'<section class="card mb-3 home-panel">(.*?)</section>', page, re.S).group(1)


def test_home_panel_of_a_commune_editor(app, district):
    places(district)
    make_user("xa", role="editor", unit=district["nam_quan"])
    client = app.test_client()
    assert login(client, "xa").status_code == 302
    page = client.get("/admin/").get_data(as_text=True)
    shown = panel(page)
    assert f"Việc đột phá, đổi mới năm {THIS_YEAR} của xã Nam Quan" in shown
    assert "Nhân Lý" not in page
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", shown)).split())
    assert "3 việc: 2 đang thực hiện, 1 hoàn thành." in text  # this year's: the term runs through it
    assert "Nam Quan giai đoạn chưa báo cáo" in shown and "Nam Quan năm trước còn dở" in shown
    for url, number in re.findall(r'<a href="([^"]+)" data-figure="tasks">([\d.]+)', shown):
        assert len(listed(client, html.unescape(url))) == int(number)
    assert "<svg" in shown and 'href="/admin/breakthrough_task/?' in shown


def test_home_panel_of_an_admin_sees_the_whole_tree_in_few_queries(admin_client, district):
    places(district)
    admin_client.get("/admin/")  # warm: the session, the menu
    with query_counter() as queries:
        page = admin_client.get("/admin/").get_data(as_text=True)
    shown = panel(page)
    assert f"Việc đột phá, đổi mới năm {THIS_YEAR}</h3>" in shown
    assert "Nam Quan năm trước còn dở" in shown and "Nhân Lý năm trước còn dở" in shown
    totals = re.search(r'<a href="([^"]+)" data-figure="tasks">(\d+) việc</a>', shown)
    assert totals.group(2) == "6"
    assert len(listed(admin_client, html.unescape(totals.group(1)))) == 6
    assert queries < 25, queries


def test_home_page_without_tasks_still_shows_its_panel(admin_client, district):
    page = admin_client.get("/admin/").get_data(as_text=True)
    assert "Chưa có số liệu" in panel(page)
