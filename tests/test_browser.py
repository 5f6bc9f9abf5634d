"""The console in a real browser: Debian's headless Chromium driven by Playwright."""

import shutil
import threading
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from documents import Person
from tests.conftest import PASSWORD, make_user

# A page left mid-load leaves Werkzeug's test server a static file it closes late: not the app's.
pytestmark = [
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

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


def test_browser_defines_a_kind_renames_and_retires_a_field(live_server, browser_page, district):
    """Issue 4 end to end: a new kind with three fields, a record, a rename and a retirement."""
    from documents import CustomRecord, FormDefinition

    make_user()
    page = browser_page
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{live_server}/login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")

    page.goto(f"{live_server}/admin/form_definition/new/")
    page.fill("input[name=name]", "Mô hình nuôi ong")
    page.fill("input[name=code]", "mo_hinh_ong")
    fields = [
        ("so_dan", "Số đàn ong", "integer"),
        ("san_luong", "Sản lượng mật", "decimal"),
        ("ghi_chu", "Ghi chú", "text"),
    ]
    for n, (key, label, kind) in enumerate(fields):
        page.click("#fields-button")
        page.fill(f"input[name='fields-{n}-key']", key)
        page.fill(f"input[name='fields-{n}-label']", label)
        page.select_option(f"select[name='fields-{n}-type']", kind)
        page.check(f"input[name='fields-{n}-in_list']")
    page.fill("input[name='fields-1-measure']", "lít")
    page.locator("input[type=submit]").first.click()
    page.wait_for_url("**/admin/form_definition/**")
    definition = FormDefinition.objects.get(code="mo_hinh_ong")
    assert [f.key for f in definition.fields] == ["so_dan", "san_luong", "ghi_chu"]

    page.goto(f"{live_server}/admin/")
    page.click("text=Hồ sơ khác")  # the menu group of a stand-alone kind by default
    page.click("text=Mô hình nuôi ong")
    page.wait_for_url("**kind=mo_hinh_ong**")
    page.click("text=Tạo")
    page.fill("input[name=name]", "Nuôi ong thôn Đoàn Kết")
    page.click("#s2id_unit a")
    page.keyboard.type("doan ket")
    page.locator(".select2-result-label", has_text="Thôn Đoàn Kết").click()
    page.fill("input[name=v_so_dan]", "45")
    page.fill("input[name=v_san_luong]", "120,5")
    page.fill("input[name=v_ghi_chu]", "Ong nội")
    page.locator("input[type=submit]").first.click()
    page.wait_for_url("**/admin/record/?**")
    assert page.locator("td", has_text="45").count() >= 1
    record = CustomRecord.objects.get(kind="mo_hinh_ong")
    assert record.values == {"so_dan": 45, "san_luong": 120.5, "ghi_chu": "Ong nội"}

    page.goto(f"{live_server}/admin/form_definition/edit/?id={definition.pk}")
    page.fill("input[name='fields-0-label']", "Số đàn ong mật")
    page.check("input[name='fields-1-retired']")
    page.locator("input[type=submit]").first.click()
    page.wait_for_url("**/admin/form_definition/**")

    page.goto(f"{live_server}/admin/record/details/?id={record.pk}&kind=mo_hinh_ong")
    text = page.inner_text("body")
    assert "Số đàn ong mật" in text and "45" in text
    assert "Sản lượng mật (lít) [đã bỏ]" in text and "120,5 lít" in text
    page.screenshot(path=str(screenshot_path("defined-kind-record.png")), full_page=True)
    page.goto(f"{live_server}/admin/record/new/?kind=mo_hinh_ong")
    assert page.locator("input[name=v_san_luong]").count() == 0

    export = page.request.get(f"{live_server}/admin/record/export/csv/?kind=mo_hinh_ong").text()
    header = export.lstrip("\ufeff").splitlines()[0]
    assert "Số đàn ong mật" in header and "Sản lượng mật (lít) [đã bỏ]" in header
    assert "Nuôi ong thôn Đoàn Kết" in export and ",120.5," in export
    assert CustomRecord.objects.get(pk=record.pk).values["san_luong"] == 120.5
