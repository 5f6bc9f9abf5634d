"""«Phân công hộ gia đình» in a real browser, wide and at 390 px: pick Đoàn Kết and a day, «Chia
đều», give one household to another member by hand (the counts follow at once), «Lưu»; the plan
is in the database, and nothing runs off the side of the page."""

import datetime
from pathlib import Path

import pytest
from mongoengine.connection import get_db

from tests.conftest import PASSWORD, make_user
from tests.test_browser import browser_page, live_server  # noqa: F401  (fixtures)
from tests.test_locality_households import hamlet  # noqa: F401  (fixture)

pytestmark = [
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]
OUT = Path(__file__).parent.parent / "var" / "test-output"


@pytest.mark.parametrize("width", [1280, 390])
def test_spread_adjust_and_save_in_a_browser(live_server, browser_page, hamlet, width):  # noqa: F811
    make_user("xa", role="editor", unit=hamlet["nam_quan"])
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server}/login")
    page.fill("input[name=username]", "xa")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    OUT.mkdir(parents=True, exist_ok=True)

    page.goto(f"{live_server}/admin/locality_households/")
    # Nam Quan is the editor's only commune: its hamlets are offered at once.
    page.select_option("#households-hamlet", label="Thôn Đoàn Kết")
    page.fill("#households-day", "01/03/2024")
    with page.expect_navigation():
        page.click("text=Xem")
    assert page.locator("[data-coverage]").inner_text().endswith("0/7 hộ có đảng viên phụ trách.")
    with page.expect_navigation():
        page.locator("button[value=spread]").first.click()
    assert "Đã chia đều 7 hộ cho 3 đảng viên" in page.locator(".households-notice").inner_text()
    counts = page.locator("[data-count-for]")
    assert counts.all_inner_texts() == ["3", "2", "2", "0"]
    last = page.locator("select[data-household]").last
    last.select_option(label="Hoàng Văn An")
    assert counts.all_inner_texts() == ["4", "2", "1", "0"]
    page.screenshot(path=OUT / f"locality-households-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    with page.expect_navigation():
        page.locator("button[value=save]").last.click()
    assert "Đã lưu phân công hộ gia đình" in page.content()
    assert page.locator("[data-coverage]").inner_text().endswith("7/7 hộ có đảng viên phụ trách.")
    page.screenshot(path=OUT / f"locality-households-saved-{width}.png", full_page=True)

    held = {
        row["person"]: len(row["households"])
        for row in get_db().locality_assignments.find({"start": datetime.datetime(2024, 3, 1), "end": None})
    }
    assert held == {hamlet["an"].pk: 4, hamlet["binh"].pk: 2, hamlet["cuc"].pk: 1}
    dk7 = get_db().households.find_one({"code": "DK-7"})
    assert dk7["member_in_charge"] == hamlet["an"].pk
