"""Every page names the console's icon, and /favicon.ico (asked for where no page names one) leads
to it: no page load ends in a 404 for it."""

import re
import shutil

import pytest
from playwright.sync_api import sync_playwright

from tests.conftest import PASSWORD, make_user
from tests.test_browser import CHROMIUM_ARGS, live_server  # noqa: F401 (a fixture)

ICON = re.compile(r'<link rel="icon" type="image/svg\+xml" href="(/static/favicon\.svg\?v=[0-9a-f]+)">')


def test_favicon_ico_leads_to_the_icon_every_page_names(client, admin_client, district):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    icon = response.headers["Location"]
    assert icon.startswith("/static/favicon.svg?v=")
    with client.get(icon) as svg:
        assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
        assert svg.get_data(as_text=True).startswith("<svg ")
    for who, url, status in (
        (client, "/login", 200),
        (admin_client, "/admin/", 200),
        (admin_client, "/admin/household/", 200),
        (admin_client, "/khong-co/", 404),
    ):
        page = who.get(url)
        assert page.status_code == status, url
        assert ICON.findall(page.get_data(as_text=True)) == [icon], url


# A page left mid-load leaves Werkzeug's test server a static file it closes late: not the app's.
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_in_a_browser_no_page_load_fails_for_an_icon(live_server, district):  # noqa: F811
    make_user()
    failed, icons = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        page = browser.new_page(locale="vi-VN")
        page.on("response", lambda r: r.status >= 400 and failed.append(r.url))
        # The browser's own request for an icon is no page response: it shows as a console error.
        page.on("console", lambda m: "Failed to load resource" in m.text and failed.append(m.text))
        page.on("requestfinished", lambda r: "favicon" in r.url and icons.append(r.url))
        page.goto(f"{live_server}/login")
        page.fill("input[name=username]", "admin")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/admin/")
        page.goto(f"{live_server}/admin/household/")
        page.wait_for_load_state("networkidle")
        browser.close()
    assert failed == []
    assert icons and all("/static/favicon.svg?v=" in url for url in icons)
