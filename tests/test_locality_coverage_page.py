"""The coverage page (Độ bao phủ) for each kind of account: the units offered, the figures and their
gaps within the account's scope, a unit outside it answered as unknown, a bad day told at the field;
then in a real browser, wide and at 390 px."""

import html
import re
from pathlib import Path

import pytest

from documents import Household
from documents import locality_coverage as coverage
from documents.official_document import vietnam_today
from tests.conftest import make_user
from tests.test_breakthrough_summary_browser import sign_in
from tests.test_breakthrough_tasks import signed_in
from tests.test_browser import browser_page, live_server  # noqa: F401  (fixtures)
from tests.test_locality_assignments import place  # noqa: F401  (fixture)
from tests.test_locality_coverage import END_OF_JUNE, covered  # noqa: F401  (fixture)

URL = "/admin/locality_coverage/"
OUT = Path(__file__).parent.parent / "var" / "test-output"


def page_of(client, **args):
    response = client.get(URL, query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def shown_figures(page):
    """{figure name: "covered/total (percent)"} as the page's rows show them."""
    rows = re.findall(
        r'<tr data-figure="(\w+)">.*?<td class="text-right text-nowrap">([^<]*)</td>', page, re.S
    )
    return dict(rows)


def offered(page):
    select = re.search(r'<select[^>]*id="coverage-unit".*?</select>', page, re.S).group(0)
    return [html.unescape(name) for name in re.findall(r"<option[^>]*>([^<]*)</option>", select)]


def gap_rows(page, name):
    section = re.search(rf'<section[^>]*data-gaps="{name}">.*?</section>', page, re.S)
    if section is None:
        return []
    return [
        html.unescape(text) for text in re.findall(r'<td><a href="[^"]*">([^<]*)</a></td>', section.group(0))
    ]


def test_an_admin_sees_every_unit_in_tree_order_and_the_districts_figures(app, covered):  # noqa: F811
    make_user()
    admin = signed_in(app, "admin")
    first = page_of(admin)
    assert offered(first) == ["Tỉnh Lạng Sơn", "— Huyện Lộc Bình", "— — Xã Nam Quan", "— — Xã Nhân Lý"]
    assert f'value="{vietnam_today():%d/%m/%Y}"' in first  # the day defaults to today
    page = page_of(admin, unit=str(covered["district"].pk), day="30/06/2024")
    assert shown_figures(page) == {
        "communes": "1/2 (50%)",
        "hamlets": "2/3 (66,6%)",
        "hamlet_staff": "1/3 (33,3%)",
        "households": "4/7 (57,1%)",
    }
    assert "Xã, phường, thị trấn có lãnh đạo cấp trên phụ trách" in page
    assert "Thôn, tổ dân phố có từ 2 cán bộ, công chức xã phụ trách" in page
    assert gap_rows(page, "communes") == ["Xã Nhân Lý"]
    assert gap_rows(page, "hamlets") == ["Thôn Bản Chành"]
    assert gap_rows(page, "hamlet_staff") == ["Thôn Nà Pái", "Thôn Bản Chành"]
    assert gap_rows(page, "households") == [
        "BC-1 – Hộ Bản Chành 1",
        "BC-2 – Hộ Bản Chành 2",
        "NP-2 – Hộ Nà Pái 2",
    ]
    assert "Thôn chưa đủ 2 cán bộ, công chức xã phụ trách: 2 thôn" in page
    assert f'href="/admin/household/details/?id={covered["homes"][0].pk}"' not in page  # DK-1 is covered


def test_a_long_gap_list_shows_its_first_rows_and_counts_the_rest(app, covered, monkeypatch):  # noqa: F811
    monkeypatch.setattr("admin.locality_coverage.LISTED", 1)
    make_user()
    page = page_of(signed_in(app, "admin"), unit=str(covered["district"].pk), day="30/06/2024")
    assert gap_rows(page, "households") == ["BC-1 – Hộ Bản Chành 1"]
    assert re.search(
        r'data-rest="2"><a href="/admin/locality_coverage/gaps\?[^"]*" data-all-gaps="households">Và 2 hộ',
        page,
    )
    assert "Và 2 hộ khác: xem tất cả" in page


def test_a_district_editor_sees_the_district_and_its_communes(app, covered):  # noqa: F811
    huyen = signed_in(app, "huyen")
    page = page_of(huyen, day="2024-06-30")
    assert offered(page) == ["Huyện Lộc Bình", "— Xã Nam Quan", "— Xã Nhân Lý"]
    assert shown_figures(page)["households"] == "4/7 (57,1%)"
    assert huyen.get(URL, query_string={"unit": str(covered["province"].pk)}).status_code == 404


@pytest.mark.parametrize("username", ["xa", "xem"])
def test_commune_staff_see_only_their_commune(app, covered, username):  # noqa: F811
    client = signed_in(app, username)
    page = page_of(client, day="30/06/2024")
    assert offered(page) == ["Xã Nam Quan"]
    assert shown_figures(page) == {
        "communes": "1/1 (100%)",
        "hamlets": "2/2 (100%)",
        "hamlet_staff": "1/2 (50%)",
        "households": "4/5 (80%)",
    }
    expected = coverage.coverage(covered["nam_quan"], END_OF_JUNE, coverage.within(covered["nam_quan"].pk))
    assert shown_figures(page) == {name: str(figure) for name, figure in expected.figures()}
    assert "Nhân Lý" not in page and "Bản Chành" not in page
    for outside in ("district", "nhan_ly", "ban_chanh"):
        refused = client.get(URL, query_string={"unit": str(covered[outside].pk), "day": "30/06/2024"})
        text = refused.get_data(as_text=True)
        assert refused.status_code == 404
        assert "Lộc Bình" not in text and "Nhân Lý" not in text and "Bản Chành" not in text
    assert client.get(URL, query_string={"unit": "khong-phai-ma"}).status_code == 404


GAPS = "/admin/locality_coverage/gaps"


def gaps_page(client, status=200, **args):
    response = client.get(GAPS, query_string=args)
    assert response.status_code == status, args
    return response.get_data(as_text=True)


def listed(page):
    """(number, name) of each row of a gaps page."""
    rows = re.findall(r'<td class="text-right">([^<]*)</td>\s*<td><a href="[^"]*">([^<]*)</a></td>', page)
    return [(number, html.unescape(name)) for number, name in rows]


@pytest.fixture
def many(covered):  # noqa: F811
    """120 more households in Bản Chành, listed by nobody: on 30/6/2024 the district's gaps are
    BC-1, BC-2, BX-001 to BX-120 and NP-2 by code, 123 on 3 pages of 50."""
    for n in range(1, 121):
        Household(code=f"BX-{n:03d}", head_name=f"Hộ Bản Chành {n}", hamlet=covered["ban_chanh"]).save()
    return covered


def test_every_gap_of_a_figure_on_pages_of_fifty_in_code_order(app, many):
    admin = signed_in(app, "huyen")
    district = str(many["district"].pk)
    args = dict(unit=district, day="30/06/2024", figure="households")
    codes = ["BC-1", "BC-2", *(f"BX-{n:03d}" for n in range(1, 121)), "NP-2"]
    numbered = [(str(n), code) for n, code in enumerate(codes, 1)]
    for number, first, last in ((1, 0, 50), (2, 50, 100), (3, 100, 123)):
        page = gaps_page(admin, **args, page=number)
        assert [(n, name.split(" – ")[0]) for n, name in listed(page)] == numbered[first:last]
        assert f"Trang {number}/3." in page
        assert "Hộ chưa có đảng viên phụ trách: 123 hộ" in page
    assert listed(gaps_page(admin, **args, page=3))[-1] == ("123", "NP-2 – Hộ Nà Pái 2")
    for bad in ("abc", "0", "-2", ""):
        assert listed(gaps_page(admin, **args, page=bad)) == listed(gaps_page(admin, **args))
    for past in ("4", "99999999999999999999999"):
        gaps_page(admin, 404, **args, page=past)
    coverage_page = page_of(admin, unit=district, day="30/06/2024")
    link = re.search(r'<a href="([^"]*)" data-all-gaps="households">Và 103 hộ khác', coverage_page).group(1)
    followed = admin.get(html.unescape(link))
    assert followed.status_code == 200
    assert listed(followed.get_data(as_text=True))[:3] == [
        ("1", "BC-1 – Hộ Bản Chành 1"),
        ("2", "BC-2 – Hộ Bản Chành 2"),
        ("3", "BX-001 – Hộ Bản Chành 1"),
    ]


def test_the_gaps_of_the_other_figures_and_a_communes_own_row(app, covered):  # noqa: F811
    admin = signed_in(app, "huyen")
    page = gaps_page(admin, unit=str(covered["district"].pk), day="30/06/2024", figure="hamlet_staff")
    assert [name for _, name in listed(page)] == ["Thôn Nà Pái", "Thôn Bản Chành"]
    assert "Trang 1/1." in page and 'rel="next"' not in page
    # On a commune's own page, its row says the district it lies in.
    assert [(g.name, g.place) for g in coverage.gaps(covered["nhan_ly"], END_OF_JUNE, "communes")] == [
        ("Xã Nhân Lý", "Huyện Lộc Bình")
    ]
    own = page_of(admin, unit=str(covered["nhan_ly"].pk), day="30/06/2024")
    section = re.search(r'<section[^>]*data-gaps="communes">.*?</section>', own, re.S).group(0)
    assert re.search(r"Xã Nhân Lý</a></td>\s*<td>Huyện Lộc Bình</td>", section)


def test_the_gaps_pages_check_scope_figure_and_day(app, covered):  # noqa: F811
    xa = signed_in(app, "xa")
    own = gaps_page(xa, unit=str(covered["nam_quan"].pk), day="30/06/2024", figure="households")
    assert listed(own) == [("1", "NP-2 – Hộ Nà Pái 2")]
    for outside in ("district", "nhan_ly", "ban_chanh"):
        text = gaps_page(xa, 404, unit=str(covered[outside].pk), day="30/06/2024", figure="households")
        assert "Lộc Bình" not in text and "Nhân Lý" not in text and "Bản Chành" not in text
    unit = str(covered["nam_quan"].pk)
    gaps_page(xa, 404, unit="khong-phai-ma", day="30/06/2024", figure="households")
    gaps_page(xa, 404, unit=unit, day="30/06/2024", figure="people")
    gaps_page(xa, 404, unit=unit, day="30/06/2024")
    gaps_page(xa, 404, unit=unit, day="31/02/2024", figure="households")
    # Nothing short: one page saying so.
    assert "Không còn xã nào thiếu." in gaps_page(xa, unit=unit, day="30/06/2024", figure="communes")


@pytest.mark.parametrize(
    "typed, message",
    [
        ("31/02/2024", "Ngày không hợp lệ: hãy gõ ngày/tháng/năm"),
        ("hôm qua", "Ngày không hợp lệ: hãy gõ ngày/tháng/năm"),
        ("01/01/1999", "Ngày phải từ 01/01/2000 đến 31/12/2100."),
        ("01/01/9999", "Ngày phải từ 01/01/2000 đến 31/12/2100."),
    ],
)
def test_a_bad_day_is_told_at_the_field(app, covered, typed, message):  # noqa: F811
    page = page_of(signed_in(app, "xa"), day=typed)
    field = re.search(
        r'<input class="form-control is-invalid" id="coverage-day"[^>]*>\s*<div[^>]*>([^<]*)</div>', page
    )
    assert field and message in html.unescape(field.group(1))
    assert f'value="{html.escape(typed)}"' in page
    assert shown_figures(page) == {}


def test_typed_markup_stays_text(app, covered):  # noqa: F811
    page = page_of(signed_in(app, "xa"), day='"><script>x</script>')
    assert "<script>x</script>" not in page and "&lt;script&gt;" in page


def test_the_menu_offers_the_page(app, covered):  # noqa: F811
    page = signed_in(app, "xem").get("/admin/").get_data(as_text=True)
    assert f'href="{URL}"' in page and "Độ bao phủ" in page


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_the_page_in_a_browser(live_server, browser_page, covered, width):  # noqa: F811
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, "huyen")
    OUT.mkdir(parents=True, exist_ok=True)
    page.goto(f"{live_server}{URL}")
    page.fill("#coverage-day", "30/06/2024")
    with page.expect_navigation():
        page.click("form[data-coverage=picker] button")
    assert page.locator("tr[data-figure=households] td").last.inner_text() == "4/7 (57,1%)"
    page.screenshot(path=OUT / f"locality-coverage-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.select_option("#coverage-unit", label="— Xã Nam Quan")
    with page.expect_navigation():
        page.click("form[data-coverage=picker] button")
    assert page.locator("tr[data-figure=households] td").last.inner_text() == "4/5 (80%)"
    page.fill("#coverage-day", "31/02/2024")
    with page.expect_navigation():
        page.click("form[data-coverage=picker] button")
    assert "Ngày không hợp lệ" in page.locator("#coverage-day-error").inner_text()
    page.screenshot(path=OUT / f"locality-coverage-bad-day-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_the_gaps_pages_in_a_browser(live_server, browser_page, many, width):  # noqa: F811
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, "huyen")
    OUT.mkdir(parents=True, exist_ok=True)
    page.goto(f"{live_server}{URL}?unit={many['district'].pk}&day=30/06/2024")
    with page.expect_navigation():
        page.click("a[data-all-gaps=households]")
    assert page.locator("table[data-gaps=households] tbody tr").count() == 50
    with page.expect_navigation():
        page.click("a[rel=next]")
    assert "Trang 2/3." in page.content()
    page.screenshot(path=OUT / f"locality-coverage-gaps-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
