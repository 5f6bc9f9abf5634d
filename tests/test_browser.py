"""The console in a real browser: Debian's headless Chromium driven by Playwright."""

import shutil
import threading
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from documents import Person
from tests.conftest import PASSWORD, make_user

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def browser_page():
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is not installed: `make test` installs it"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="vi-VN")
        yield page
        browser.close()


def test_browser_signs_in_searches_without_diacritics_and_edits(live_server, browser_page, district):
    make_user()
    Person(
        full_name="Đặng Văn Nhân", gender="nam", birth_year=1972, category="can_bo", unit=district["nam_quan"]
    ).save()
    Person(
        full_name="Dương Thị Lan",
        gender="nu",
        birth_year=1985,
        category="quan_chung",
        unit=district["doan_ket"],
    ).save()
    page = browser_page

    page.goto(f"{live_server}/admin/person/")
    assert "/login" in page.url
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/person/")

    page.fill("input[name=search]", "dang van")
    page.press("input[name=search]", "Enter")
    page.wait_for_url("**search=dang+van**")
    rows = page.locator("td.col-full_name")
    assert rows.all_inner_texts() == ["Đặng Văn Nhân"]

    page.locator("a[href*='/admin/person/edit/']").first.click()
    page.wait_for_url("**/admin/person/edit/**")
    page.fill("input[name=birth_year]", "1973")
    page.fill("input[name=ethnicity]", "Nùng")
    page.locator("input[type=submit]").first.click()
    page.wait_for_url("**/admin/person/**")
    assert "/edit/" not in page.url
    page.screenshot(path=str(screenshot_path("person-list-after-edit.png")), full_page=True)

    saved = Person.objects.get(full_name="Đặng Văn Nhân")
    assert (saved.birth_year, saved.ethnicity) == (1973, "Nùng")


def screenshot_path(name):
    """Where the test leaves its screenshot, for people to look at (var/ is not tracked)."""
    folder = Path(__file__).resolve().parent.parent / "var" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name
