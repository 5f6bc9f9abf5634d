"""The summary of models and work items for a unit and a year against hand-counted data, each
state also counted by `LocalWork.state_on` record by record, and the lists its figures link to."""

import datetime
from collections import Counter

import pytest

from documents import LocalWork
from documents.local_work_summary import STATES, group_filter, state_filter, summary
from tests.test_local_work import kinds, model  # noqa: F401  (fixture, helper)

DAY = datetime.date
JUNE = DAY(2024, 6, 30)  # 182 of 366 days gone: 49,7% of the year


def checked(work, *readings):
    for day, value in readings:  # a reading of None: a comment only
        work.add_check_in(day, {"c1": value}, "" if value is not None else "Mới họp triển khai", "xa")
    return work.save()


@pytest.fixture
def year(district, kinds):  # noqa: F811
    found = dict(
        finished=checked(model(district, name="A"), (DAY(2024, 3, 1), 50), (DAY(2024, 6, 1), 100)),
        on_time=checked(model(district, name="B", hamlet=None), (DAY(2024, 5, 1), 60)),
        behind=checked(
            model(district, name="C", commune=district["nhan_ly"], hamlet=district["ban_chanh"]),
            (DAY(2024, 6, 30), 40),
        ),
        not_started=model(district, name="D"),
        comment_only=checked(model(district, name="E"), (DAY(2024, 2, 1), None)),
        road=checked(
            model(
                district,
                kind="duong_thon",
                category="cong_trinh",
                name="Đường",
                commune=None,
                values={"chieu_dai": 300},
            ),
            (DAY(2024, 3, 1), 50),
            (DAY(2024, 7, 10), 100),  # after the day: not yet counted on it
        ),
        last_year=model(district, name="F", year=2023),
    )
    return found


def by_hand(unit, year, day):
    """{(group, state): n} worked out record by record."""
    return Counter(
        ("models" if work.category == "mo_hinh" else "work_items", work.state_on(day))
        for work in LocalWork.objects(ancestors=unit.pk, year=year)
    )


def test_the_summary_of_a_district_by_hand(district, year):
    found = summary(district["district"], 2024, day=JUNE)
    models, items = found.groups["models"], found.groups["work_items"]
    assert (models.total, models.states) == (
        5,
        {"finished": 1, "on_schedule": 1, "behind": 1, "not_started": 2},
    )
    assert (items.total, items.states["on_schedule"]) == (1, 1)
    counted = Counter({(g, s): n for g, c in found.groups.items() for s, n in c.states.items() if n})
    assert counted == by_hand(district["district"], 2024, JUNE)
    assert found.sentence() == (
        "1/5 mô hình hoàn thành kế hoạch năm, 1/5 đảm bảo tiến độ; "
        "0/1 công trình, phần việc hoàn thành, 1/1 đảm bảo tiến độ"
    )
    assert (found.communes, found.hamlets) == (2, 3)
    assert found.communes_without == []
    assert [u.name for u in found.hamlets_without] == ["Bản Chành", "Nà Pái"]
    assert [found.commune_of(u) for u in found.hamlets_without] == ["xã Nhân Lý", "xã Nam Quan"]


def test_the_year_over_leaves_no_one_on_schedule(district, year):
    found = summary(district["district"], 2024)  # judged on 31/12/2024
    assert found.day == DAY(2024, 12, 31)
    assert found.groups["models"].states == {"finished": 1, "on_schedule": 0, "behind": 2, "not_started": 2}
    assert found.groups["work_items"].states["finished"] == 1
    assert summary(district["district"], 2023).groups["models"].states["not_started"] == 1


def test_a_commune_and_the_scope(district, year):
    found = summary(district["nam_quan"], 2024, day=JUNE)
    assert found.groups["models"].total == 4 and found.communes_without == []
    assert [u.name for u in found.hamlets_without] == ["Nà Pái"]
    scoped = summary(district["district"], 2024, scope={"ancestors": district["nhan_ly"].pk}, day=JUNE)
    assert scoped.groups["models"].states["behind"] == 1 and scoped.groups["models"].total == 1
    empty = summary(district["nhan_ly"], 2025, day=DAY(2025, 6, 30))
    assert [u.name for u in empty.communes_without] == ["Nhân Lý"]


@pytest.mark.parametrize("state", STATES)
def test_each_figure_lists_exactly_the_records_it_counts(district, year, state):
    for group in ("models", "work_items"):
        listed = {
            w.name
            for w in LocalWork.objects(
                __raw__={"$and": [state_filter(2024, state, JUNE), group_filter(group)]}
            )
        }
        counted = {
            w.name
            for w in LocalWork.objects(year=2024)
            if w.state_on(JUNE) == state and (w.category == "mo_hinh") == (group == "models")
        }
        assert listed == counted


def test_the_summary_page_links_each_figure_to_its_records(admin_client, district, year):
    import re

    page = admin_client.get(f"/admin/local_work_summary/?unit={district['district'].pk}&year=2024")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "1/5 mô hình hoàn thành kế hoạch năm, 0/5 đảm bảo tiến độ" in html  # judged on 31/12/2024
    assert "Thôn chưa có công trình, phần việc năm 2024: 2/3" in html
    row = html.split('data-group="models"')[1].split("</tr>")[0]
    link = re.search(r'data-state="behind"><a href="([^"]+)">2</a>', row).group(1).replace("&amp;", "&")
    listed = admin_client.get(link).get_data(as_text=True)
    assert re.findall(r'<td class="col-name">\s*([^<]*?)\s*</td>', listed) == ["B", "C"]  # behind on 31/12


def test_a_commune_editor_sees_their_commune_only(client, district, year):
    from tests.conftest import login, make_user

    make_user("xa", role="editor", unit=district["nam_quan"])
    login(client, "xa")
    html = client.get("/admin/local_work_summary/?year=2024").get_data(as_text=True)
    assert "xã Nam Quan" in html and "1/4 mô hình hoàn thành kế hoạch năm" in html
    assert client.get(f"/admin/local_work_summary/?unit={district['nhan_ly'].pk}").status_code == 404


def test_a_day_asked_is_kept_in_the_links_and_a_bad_one_told_at_the_field(admin_client, district, year):
    import re

    url = f"/admin/local_work_summary/?unit={district['district'].pk}&year=2024"
    html = admin_client.get(f"{url}&day=30/06/2024").get_data(as_text=True)
    assert "1/5 mô hình hoàn thành kế hoạch năm, 1/5 đảm bảo tiến độ" in html
    row = html.split('data-group="models"')[1].split("</tr>")[0]
    link = re.search(r'data-state="on_schedule"><a href="([^"]+)">1</a>', row).group(1).replace("&amp;", "&")
    assert "2024-on_schedule%402024-06-30" in link or "2024-on_schedule@2024-06-30" in link
    listed = admin_client.get(link).get_data(as_text=True)
    assert re.findall(r'<td class="col-name">\s*([^<]*?)\s*</td>', listed) == ["B"]
    bad = admin_client.get(f"{url}&day=31/02/2024")
    html = bad.get_data(as_text=True)
    assert bad.status_code == 200 and 'id="summary-day-error"' in html and "Ngày không hợp lệ" in html
    assert "tính đến ngày 31/12/2024" in html  # the year's own day meanwhile
    later = admin_client.get(f"{url}&day=01/01/2023").get_data(as_text=True)
    assert "Hãy chọn một ngày từ 01/01/2024 đến hôm nay." in later


def test_the_home_panel_shows_the_latest_year_with_its_chart(client, district, year):
    from tests.conftest import login, make_user

    make_user("xa", role="editor", unit=district["nam_quan"])
    make_user("xakhac", role="editor", unit=district["nhan_ly"])
    login(client, "xa")
    html = client.get("/admin/").get_data(as_text=True)
    panel = html.split('data-panel="local-works"')[1].split("</section>")[0]
    assert "Mô hình, công trình, phần việc năm 2024 của xã Nam Quan" in panel
    assert "1/4 mô hình hoàn thành kế hoạch năm, 0/4 đảm bảo tiến độ" in panel  # judged on 31/12/2024
    assert "<svg" in panel and "/admin/local_work/?" in panel
    assert "thôn chưa có công trình, phần việc: <b>1/2</b>" in panel
    client.post("/logout", data={})
    LocalWork.objects(ancestors=district["nhan_ly"].pk).delete()
    other = client.application.test_client()
    login(other, "xakhac")
    assert 'data-panel="local-works"' not in other.get("/admin/").get_data(as_text=True)
