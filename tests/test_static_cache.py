"""Static files are kept by browsers for a year under URLs that change when the files change."""

import hashlib
import re
import shutil
from importlib.metadata import version
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import request, url_for
from playwright.sync_api import sync_playwright

from tests.conftest import PASSWORD, make_user
from tests.test_browser import CHROMIUM_ARGS, live_server  # noqa: F401 (a fixture)

STATIC = Path(__file__).resolve().parent.parent / "admin" / "static"
LONG = {"public", "max-age=31536000", "immutable"}


def static_urls(html):
    return [
        url.replace("&amp;", "&") for url in re.findall(r'(?:href|src)="(/(?:admin/)?static/[^"]+)"', html)
    ]


def cache_control(response):
    return {part.strip() for part in response.headers.get("Cache-Control", "").split(",") if part.strip()}


def test_a_pages_static_urls_carry_their_version_and_are_cached_for_a_year(admin_client, district):
    """The console's files by a hash of their bytes, Flask-Admin's by its version in the path
    (so the images and fonts its style sheets name by relative address carry it too)."""
    html = admin_client.get("/admin/person/").get_data(as_text=True)
    urls = static_urls(html) + static_urls(admin_client.get("/login").get_data(as_text=True))
    assert any(url.startswith("/static/console.js?v=") for url in urls)
    flask_admin = f"/admin/static/{version('flask-admin')}/"
    assert sum(url.startswith(flask_admin) for url in urls) > 10
    urls.append(flask_admin + "vendor/select2/select2.png")  # named by select2.css
    for url in urls:
        parts = urlsplit(url)
        if not parts.path.startswith(flask_admin):
            contents = (STATIC / parts.path.removeprefix("/static/")).read_bytes()
            assert parse_qs(parts.query)["v"] == [hashlib.sha256(contents).hexdigest()[:12]], url
        with admin_client.get(url) as response:  # closes the file it streams
            assert response.status_code == 200, url
            assert LONG <= cache_control(response), url
            assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_and_unversioned_static_urls_are_not_kept(admin_client, district):
    for url in ("/admin/person/", "/login", "/admin/"):
        response = admin_client.get(url)
        assert not {"immutable", "max-age=31536000"} & cache_control(response), url
    with admin_client.get("/static/console.js") as response:
        assert cache_control(response) == {"no-cache"}


def test_a_changed_file_gets_a_new_url(app, tmp_path):
    app.static_folder = str(tmp_path)
    script = tmp_path / "page.js"
    script.write_text("var a = 1;")
    with app.test_request_context():
        first = url_for("static", filename="page.js")
        assert url_for("static", filename="page.js") == first
        script.write_text("var a = 2;")
        second = url_for("static", filename="page.js")
        missing = url_for("static", filename="not-there.js")
    assert first != second and first.startswith("/static/page.js?v=")
    assert missing == "/static/not-there.js"


@pytest.fixture
def browser_page():
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is not installed: `make test` installs it"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser.new_page(locale="vi-VN")
        browser.close()


# A page left mid-load leaves Werkzeug's test server a static file it closes late: not the app's.
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_second_page_load_asks_the_server_only_for_the_page(app, live_server, browser_page, district):  # noqa: F811
    """Before, each page revalidated its 22 static files (22 answers "304 Not Modified")."""
    served = []

    @app.after_request
    def count(response):
        served.append(request.full_path.rstrip("?"))
        return response

    make_user()
    page = browser_page
    page.goto(f"{live_server}/login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    page.goto(f"{live_server}/admin/person/")
    page.wait_for_load_state("networkidle")
    assert len(served) > 20  # the first visit fetched the files

    served.clear()
    page.goto(f"{live_server}/admin/household/")
    page.wait_for_load_state("networkidle")
    assert served == ["/admin/household/"]
