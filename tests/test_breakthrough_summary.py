"""The summaries of breakthrough tasks against a hand-built Nhân Lý: 5 cadres given 18 tasks by the
district's bodies (7 for 2022, 11 for 2021–2025) and 47 people given 47 tasks by the commune's
Party committee, with tasks of other years and of another commune that must not count; the
article's sentence; overdue and at risk; scope; and every figure's link landing on its tasks."""

import datetime
import html
import json
import re
from collections import Counter

import pytest

from documents import BreakthroughTask, IssuingBody, Person
from documents import breakthrough_conditions as conditions
from documents import breakthrough_summary as summaries
from documents.breakthrough import CheckIn, Reading, Target
from tests.conftest import district_committee, login, make_user

DAY = datetime.date(2022, 12, 31)
SENTENCE = (
    "5 cán bộ được giao 18 việc: 7 việc năm 2022, 11 việc giai đoạn 2021–2025; "
    "47 đồng chí được Đảng ủy giao 47 việc"
)


def person(name, unit):
    return Person(full_name=name, gender="nam", birth_year=1980, category="can_bo", unit=unit).save()


def state_body(name, abbreviation, unit, place):
    return IssuingBody(
        name=name,
        parent_name=f"Ủy ban nhân dân tỉnh {place}",
        abbreviation=abbreviation,
        unit=unit,
        rule_book="nha_nuoc_30",
        place_name=place,
        authority="TM. Ủy ban nhân dân",
        signer_post="Chủ tịch",
        signer_name="Nông Văn Bình",
        numbering="chung_nam",
    ).save()


def commune_committee(name, unit):
    return district_committee(unit, name=name, parent_name="Đảng bộ huyện Lộc Bình", abbreviation="ĐU")


def task(made, content, who, body, unit, start, end=None, state="in_progress", origin="duoc_giao", done=()):
    """A task, remembered in `made` with what the hand counts need; `done`: [(day, percent)]."""
    saved = BreakthroughTask(
        content=content,
        person=who,
        body=body,
        origin=origin,
        state=state,
        period_kind="nam" if end is None else "nhiem_ky",
        start_year=start,
        end_year=end,
        unit=unit,
        targets=[Target(key="c1", indicator="Tỷ lệ hoàn thành", measure="%", baseline=0, target=100)],
        check_ins=[CheckIn(day=d, readings=[Reading(key="c1", value=v)], by="xa") for d, v in done],
    ).save()
    made.append(saved)
    return saved


@pytest.fixture
def nhan_ly(district):
    return build_nhan_ly(district)


def build_nhan_ly(district):
    d = district
    bodies = {
        "HU": district_committee(d["district"]),
        "HĐND": state_body("Hội đồng nhân dân huyện Lộc Bình", "HĐND", d["district"], "Lộc Bình"),
        "UBND": state_body("Ủy ban nhân dân huyện Lộc Bình", "UBND", d["district"], "Lộc Bình"),
        "ĐU": commune_committee("Đảng ủy xã Nhân Lý", d["nhan_ly"]),
        "ĐU Nam Quan": commune_committee("Đảng ủy xã Nam Quan", d["nam_quan"]),
    }
    cadres = [person(f"Cán Bộ {letter}", d["nhan_ly"]) for letter in "ABCDE"]
    made = []
    # The district's 18 tasks: (cadre, body, year tasks, term tasks).
    plan = [(0, "HU", 2, 2), (1, "HĐND", 1, 3), (2, "UBND", 2, 2), (3, "UBND", 1, 2), (4, "HU", 1, 2)]
    term_progress = [
        [(datetime.date(2022, 6, 30), 30)],  # at risk: 30% of a term 40% gone
        [(datetime.date(2022, 6, 30), 40)],  # on schedule, just
        [],  # nothing reported: at risk
        [(datetime.date(2022, 6, 1), 20), (datetime.date(2023, 3, 1), 90)],  # 20% on 31/12/2022: at risk
    ]
    n = 0
    for who, body, years, terms in plan:
        for k in range(years):
            state = ("finished", "exceeded", "in_progress")[k % 3]
            task(
                made, f"Huyện giao năm {who}-{k}", cadres[who], bodies[body], d["nhan_ly"], 2022, state=state
            )
        for k in range(terms):
            done = term_progress[n % 4] if n < 4 else [(datetime.date(2022, 9, 1), 75)]
            origin = "giao_them" if n == 5 else "duoc_giao"
            task(made, f"Huyện giao giai đoạn {who}-{k}", cadres[who], bodies[body], d["nhan_ly"], 2021, 2025,
                 origin=origin, done=done)  # fmt: skip
            n += 1
    # The commune committee's 47 tasks to 47 people, some in its hamlet.
    for k in range(47):
        who = person(f"Đồng Chí {k:02d}", d["nhan_ly"])
        place = d["ban_chanh"] if k % 3 == 0 else d["nhan_ly"]
        origin, state = ("tu_dang_ky", "approved") if k < 20 else ("duoc_giao", "assigned")
        task(made, f"Xã giao {k:02d}", who, bodies["ĐU"], place, 2022, origin=origin, state=state)
    counted = list(made)
    # Noise: other years, and the other commune.
    task(made, "Năm trước còn dở", cadres[0], bodies["HU"], d["nhan_ly"], 2021)  # overdue on 31/12/2022
    task(made, "Năm trước đã xong", cadres[0], bodies["HU"], d["nhan_ly"], 2021, state="finished")
    task(made, "Giai đoạn sau", cadres[1], bodies["HU"], d["nhan_ly"], 2023, 2027, state="assigned")
    task(made, "Xã giao năm sau", cadres[2], bodies["ĐU"], d["nhan_ly"], 2023, state="assigned")
    other = person("Người Nam Quan", d["nam_quan"])
    task(made, "Nam Quan huyện giao", other, bodies["HU"], d["nam_quan"], 2022)
    task(made, "Nam Quan xã giao", other, bodies["ĐU Nam Quan"], d["nam_quan"], 2022, state="assigned")
    task(made, "Nam Quan quá hạn", other, bodies["HU"], d["nam_quan"], 2020)
    return dict(d, bodies=bodies, cadres=cadres, counted=counted, made=made)


def test_summary_figures_and_the_articles_sentence(nhan_ly):
    found = summaries.summary(nhan_ly["nhan_ly"], 2022, day=DAY)
    assert found.sentence == SENTENCE
    assert (found.persons, found.tasks) == (52, 65)
    assert summaries.totals(nhan_ly["nhan_ly"], 2022) == {"persons": 52, "tasks": 65}
    by_body = {row["name"]: (row["persons"], row["tasks"]) for row in found.bodies}
    assert by_body == {
        "Đảng ủy xã Nhân Lý": (47, 47),
        "Huyện ủy Lộc Bình": (2, 7),
        "Ủy ban nhân dân huyện Lộc Bình": (2, 7),
        "Hội đồng nhân dân huyện Lộc Bình": (1, 4),
    }
    assert [(r["name"], r["persons"], r["tasks"]) for r in found.periods] == [
        ("Năm 2022", 52, 54),
        ("Giai đoạn 2021–2025", 5, 11),
    ]
    counted = nhan_ly["counted"]
    states = Counter(t.state for t in counted)
    assert {r["code"]: r["tasks"] for r in found.states} == dict(states)
    assert summaries.by_state(nhan_ly["nhan_ly"], 2022) == dict(states)
    origins = Counter(t.origin for t in counted)
    assert {r["criteria"]["origin"]: r["tasks"] for r in found.origins} == dict(origins)
    assert found.at_risk == 3 and found.overdue == 1
    assert [t["content"] for t in summaries.overdue_tasks(nhan_ly["nhan_ly"], DAY)] == ["Năm trước còn dở"]
    at_risk = summaries.at_risk_tasks(nhan_ly["nhan_ly"], 2022, DAY)
    assert sorted(t["content"] for t in at_risk) == ["Huyện giao giai đoạn 0-0", "Huyện giao giai đoạn 1-0",
                                                    "Huyện giao giai đoạn 1-1"]  # fmt: skip
    # The same as each task says where it stands on that day.
    risky = [t for t in counted if t.period_kind == "nhiem_ky" and t.standing_on(DAY) == "behind"]
    assert len(risky) == found.at_risk
    assert [t["achieved"] for t in at_risk] == [None, 20.0, 30.0] and at_risk[0]["share_gone"] == 40.0


def test_sentence_for_other_shapes(nhan_ly):
    d = nhan_ly
    # Another commune: one task from the district for the year, one from its own committee.
    assert summaries.summary(d["nam_quan"], 2022).sentence == (
        "1 cán bộ được giao 1 việc năm 2022; 1 đồng chí được Đảng ủy giao 1 việc"
    )
    # Several terms, and no task of the year from the district.
    assert summaries.summary(d["nhan_ly"], 2023, day=datetime.date(2023, 12, 31)).sentence == (
        "5 cán bộ được giao 12 việc: 11 việc giai đoạn 2021–2025, 1 việc giai đoạn 2023–2027; "
        "1 đồng chí được Đảng ủy giao 1 việc"
    )
    # The district: a clause for each of its own bodies, then the communes' committees.
    assert summaries.summary(d["district"], 2022, day=DAY).sentence == (
        "3 đồng chí được Huyện ủy giao 8 việc; 2 đồng chí được Ủy ban nhân dân giao 7 việc; "
        "1 đồng chí được Hội đồng nhân dân giao 4 việc; 48 đồng chí được cấp xã giao 48 việc"
    )
    assert summaries.summary(d["nhan_ly"], 2019).sentence == "Chưa có việc đột phá, đổi mới nào được giao"
    assert conditions.short_name("Ban Thường vụ Huyện ủy Lộc Bình", d["district"]) == "Ban Thường vụ Huyện ủy"


def test_scope_of_the_summary_page(app, nhan_ly):
    make_user("xa", role="editor", unit=nhan_ly["nam_quan"])
    client = app.test_client()
    assert login(client, "xa").status_code == 302
    assert (
        client.get(f"/admin/breakthrough_summary/?unit={nhan_ly['nhan_ly'].pk}&year=2022").status_code == 404
    )
    assert client.get(f"/admin/breakthrough_summary/?unit={nhan_ly['district'].pk}").status_code == 404
    assert client.get("/admin/breakthrough_summary/?unit=nonsense").status_code == 404
    page = client.get("/admin/breakthrough_summary/?year=2022").get_data(as_text=True)
    assert "Nhân Lý" not in page and sentence(page) == (
        "1 cán bộ được giao 1 việc năm 2022; 1 đồng chí được Đảng ủy giao 1 việc."
    )


def sentence(page):
    found = re.search(r'<p class="lead summary-sentence">(.*?)</p>', page, re.S).group(1)
    return html.unescape(re.sub(r"<[^>]+>", "", found))


def listed(client, url):
    """[(content, person name)] of every row of the task list at `url`, page after page."""
    rows = []
    while url:
        page = client.get(url).get_data(as_text=True)
        contents = re.findall(r'<td class="col-content">\s*(.*?)\s*</td>', page, re.S)
        people = re.findall(r'<td class="col-person">\s*(?:<a[^>]*>)?(.*?)(?:</a>)?\s*</td>', page, re.S)
        rows.extend(zip((html.unescape(c) for c in contents), people, strict=True))
        following = re.search(r'rel="next" href="([^"#]+)"', page)
        url = html.unescape(following.group(1)) if following else None
    return rows


def test_every_figure_links_to_exactly_its_tasks(app, nhan_ly):
    """Each figure of the page (and each bar of its chart) is followed: the list holds as many
    tasks, or as many distinct cadres, as the figure says; some are checked task by task."""
    make_user("xakhac", role="editor", unit=nhan_ly["nhan_ly"])
    client = app.test_client()
    assert login(client, "xakhac").status_code == 302
    page = client.get("/admin/breakthrough_summary/?year=2022").get_data(as_text=True)
    assert sentence(page) == SENTENCE + "."
    links = re.findall(r'<a href="([^"]+)" data-figure="(\w+)">([\d.]+)', page)
    assert len(links) > 30
    seen = {}
    for url, what, number in links:
        url = html.unescape(url)
        rows = seen.setdefault(url, listed(client, url))
        counted = len(rows) if what == "tasks" else len({person for _, person in rows})
        assert counted == int(number.replace(".", "")), (url, what, number)
    by_text = {}
    for url, what, number in links:
        by_text.setdefault((what, number), html.unescape(url))
    year_tasks = {c for c, _ in seen[by_text[("tasks", "7")]]}
    assert year_tasks == {t.content for t in nhan_ly["counted"] if t.content.startswith("Huyện giao năm")}
    assert {c for c, _ in seen[by_text[("tasks", "47")]]} == {f"Xã giao {k:02d}" for k in range(47)}
    bars = re.findall(r'<a href="(/admin/breakthrough_task/[^"]+)">\s*<g>\s*<title>([^<]+): (\d+) việc', page)
    assert {name for _, name, _ in bars} == {"Đã duyệt", "Đã giao", "Đang thực hiện", "Hoàn thành",
                                             "Hoàn thành vượt chỉ tiêu"}  # fmt: skip
    for url, _name, number in bars:
        assert len(listed(client, html.unescape(url))) == int(number)
    # The overdue and at-risk lists name their tasks.
    assert "Năm trước còn dở" in page and "Huyện giao giai đoạn 1-1" in page


def test_admin_picks_any_unit_and_year(admin_client, nhan_ly):
    page = admin_client.get(f"/admin/breakthrough_summary/?unit={nhan_ly['nhan_ly'].pk}&year=2022")
    assert sentence(page.get_data(as_text=True)) == SENTENCE + "."
    default = admin_client.get("/admin/breakthrough_summary/").get_data(as_text=True)
    assert "Tỉnh Lạng Sơn" in default and "— — Xã Nhân Lý" in default
    odd = admin_client.get(f"/admin/breakthrough_summary/?unit={nhan_ly['nhan_ly'].pk}&year=abc")
    assert odd.status_code == 200


@pytest.mark.parametrize(
    "junk",
    ["flt0_4=abc", "flt0_5=2025-2021", "flt0_5=20x2", "flt0_7=31/02/2022", "flt0_8=hôm nay", "flt0_6=1",
     "flt0_9=nonsense", "flt0_10=" + "f" * 24],
)  # fmt: skip
def test_junk_filter_values_are_dropped_or_match_nothing(admin_client, nhan_ly, junk):
    response = admin_client.get(f"/admin/breakthrough_task/?{junk}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    total = re.search(r'<p class="list-total[^>]*>([^<]*)</p>', page).group(1)
    assert total == ("0 việc" if junk.startswith("flt0_10") else "72 việc"), junk  # a bad value is ignored


def test_list_filters_by_day_read_typed_dates(admin_client, nhan_ly):
    """The overdue and at-risk filters take the day as staff type it, too."""
    typed = listed(
        admin_client, "/admin/breakthrough_task/?flt0_8=31/12/2022&flt1_0=" + str(nhan_ly["nhan_ly"].pk)
    )
    assert sorted(c for c, _ in typed) == ["Huyện giao giai đoạn 0-0", "Huyện giao giai đoạn 1-0",
                                           "Huyện giao giai đoạn 1-1"]  # fmt: skip
    overdue = listed(admin_client, "/admin/breakthrough_task/?flt0_7=2022-12-31")
    assert sorted(c for c, _ in overdue) == ["Nam Quan quá hạn", "Năm trước còn dở"]


def test_the_cadre_filter_names_the_cadre_only_in_scope(app, nhan_ly):
    """The cadre filter's box names the chosen cadre (`PickedFilter`); a cadre outside the
    account's scope is named nowhere and lists nothing."""
    cadre = Person.objects(full_name="Cán Bộ A").get()
    url = f"/admin/breakthrough_task/?flt0_6={cadre.pk}"
    make_user("xakhac", role="editor", unit=nhan_ly["nhan_ly"])
    make_user("xa", role="editor", unit=nhan_ly["nam_quan"])
    chosen = {}
    for username in ("xakhac", "xa"):
        client = app.test_client()
        assert login(client, username).status_code == 302
        page = client.get(url).get_data(as_text=True)
        found = re.search(r"<div id=\"picked-filter-data\"[^>]*data-chosen='([^']*)'", page)
        chosen[username] = (
            json.loads(html.unescape(found.group(1))),
            "Cán Bộ A" in page,
            len(listed(client, url)),
        )
    given = BreakthroughTask.objects(person=cadre).count()  # every year's
    assert given > 1 and chosen["xakhac"] == ({str(cadre.pk): "Cán Bộ A (Xã Nhân Lý)"}, True, given)
    assert chosen["xa"] == ({}, False, 0)
