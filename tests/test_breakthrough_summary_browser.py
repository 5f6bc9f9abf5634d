"""The summary page and the home page's panel in a real browser, wide and at 390 px: nothing runs
off the side, the chart is drawn, and its bars link to the task list."""

from pathlib import Path

import pytest

from tests.conftest import PASSWORD, make_user
from tests.test_breakthrough_summary import SENTENCE, build_nhan_ly
from tests.test_browser import browser_page, live_server  # noqa: F401  (fixtures)
from tests.test_home_panels import places

pytestmark = [
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]
OUT = Path(__file__).parent.parent / "var" / "test-output"


def sign_in(page, server, username):
    page.goto(f"{server}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


@pytest.mark.parametrize("width", [1280, 390])
def test_summary_and_home_in_a_browser(live_server, browser_page, district, width):  # noqa: F811
    build_nhan_ly(district)
    places(district)
    make_user("xakhac", role="editor", unit=district["nhan_ly"])
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, "xakhac")
    OUT.mkdir(parents=True, exist_ok=True)
    page.goto(f"{live_server}/admin/breakthrough_summary/?year=2022")
    assert page.locator(".summary-sentence").inner_text() == SENTENCE + "."
    assert page.locator("figure.task-chart svg").count() == 1
    page.screenshot(path=OUT / f"summary-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    with page.expect_navigation():
        page.locator("figure.task-chart svg a").first.click()
    assert "/admin/breakthrough_task/" in page.url and "20 việc" in page.content()
    # The overdue figure and a cadre of its list lead to lists whose filters read as staff type
    # them: the day as dd/mm/yyyy, the cadre by name (never the ids in the address).
    page.goto(f"{live_server}/admin/breakthrough_summary/?year=2022")
    with page.expect_navigation():
        page.locator("h3", has_text="Quá hạn").locator("a").click()
    assert page.locator("#filter_form input.filter-val").last.input_value() == "31/12/2022"
    page.goto(f"{live_server}/admin/breakthrough_summary/?year=2022")
    with page.expect_navigation():
        page.locator("td", has_text="Cán Bộ A").first.locator("a").click()
    page.wait_for_selector("#filter_form .select2-chosen")
    assert page.locator("#filter_form .select2-chosen").last.inner_text() == "Cán Bộ A (Xã Nhân Lý)"
    assert "Năm trước còn dở" in page.content()
    page.goto(f"{live_server}/admin/")
    assert page.locator(".home-panel svg").count() == 1
    page.screenshot(path=OUT / f"home-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
