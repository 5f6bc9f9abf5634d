"""The form definition editor: Vietnamese wording, a key proposed from a new field's label, and
only the options a field's type uses."""

import json
import re
import shutil

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.datastructures import MultiDict

from documents import CustomRecord, FieldDefinition, FormDefinition
from documents.form_definition import FIELD_TYPES, OPTION_TYPES
from tests.conftest import PASSWORD, make_user
from tests.html_forms import form_fields
from tests.test_browser import CHROMIUM_ARGS, live_server  # noqa: F401 - a fixture

pytestmark = [  # as in test_browser.py: Werkzeug's test server closes a static file late
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


@pytest.fixture
def herds(app):
    fields = [
        FieldDefinition(key="so_de", label="Số dê", type="integer"),
        FieldDefinition(key="loai", label="Loại", type="choice", choices=["Dê cỏ", "Dê Bách Thảo"]),
    ]
    return FormDefinition(code="dan_de", name="Đàn dê", fields=fields).save()


@pytest.mark.parametrize("url", ["/admin/form_definition/new/", "edit"])
def test_the_editor_reads_proper_vietnamese(admin_client, herds, url):
    url = f"/admin/form_definition/edit/?id={herds.pk}" if url == "edit" else url
    page = admin_client.get(url).get_data(as_text=True)
    for wrong in ("Mới Các", "Thêm Các", "Các trường #", "Các lựa chọn #"):
        assert wrong not in page
    assert "Thêm trường" in page and "Thêm lựa chọn" in page and "Thêm cột của nhóm" in page
    assert "Trường mới" in page  # the template of a new row (escaped in the page)


def test_the_editor_says_which_options_each_type_uses(admin_client, herds):
    page = admin_client.get(f"/admin/form_definition/edit/?id={herds.pk}").get_data(as_text=True)
    selects = re.findall(r'<select[^>]*data-option-types="([^"]+)"[^>]*id="fields-\d+-type"', page)
    assert len(selects) == 2
    sent = json.loads(selects[0].replace("&#34;", '"').replace("&quot;", '"'))
    assert sent == {option: list(types) for option, types in OPTION_TYPES.items()}
    known = {t for t, _ in FIELD_TYPES}
    assert all(set(types) <= known for types in sent.values())
    assert re.search(r'<input[^>]*data-key-from="label"[^>]*id="fields-0-key"', page)
    assert "form_definition.js" in page


def test_the_dry_run_button_needs_no_inline_script(admin_client, district, herds):
    CustomRecord(kind="dan_de", name="Đàn", unit=district["doan_ket"], values={"so_de": 130}).save()
    url = f"/admin/form_definition/edit/?id={herds.pk}"

    form = MultiDict(form_fields(admin_client.get(url).get_data(as_text=True)))
    form["fields-0-max_value"] = "100"
    page = admin_client.post(url, data=form).get_data(as_text=True)
    dry_run = page[page.index('id="dry-run"') : page.index('class="admin-form"')]
    assert 'id="apply-change"' in dry_run and "<script>" not in dry_run


@pytest.fixture
def editor(live_server, herds):  # noqa: F811 - the imported fixture
    make_user()
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is not installed: `make test` installs it"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="vi-VN", viewport={"width": 1280, "height": 900})
        page.goto(f"{live_server}/login")
        page.fill("input[name=username]", "admin")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/admin/**")
        page.goto(f"{live_server}/admin/form_definition/edit/?id={herds.pk}")
        yield page
        browser.close()


def test_a_new_fields_key_is_proposed_from_its_label_until_typed(editor):
    page = editor
    page.click("#fields-button")
    page.fill("#fields-2-label", "Số hộ thoát nghèo Đợt 1")
    assert page.input_value("#fields-2-key") == "so_ho_thoat_ngheo_dot_1"
    page.fill("#fields-2-key", "ho_thoat_ngheo")
    page.fill("#fields-2-label", "Số hộ thoát nghèo")
    assert page.input_value("#fields-2-key") == "ho_thoat_ngheo"  # typed by hand: kept


def test_a_saved_fields_key_never_changes(editor):
    page = editor
    page.fill("#fields-0-label", "Tổng đàn dê")
    assert page.input_value("#fields-0-key") == "so_de"


def test_a_field_shows_only_the_options_of_its_type(editor):
    page = editor
    assert page.is_visible("#fields-0-min_value") and not page.is_visible("#fields-0-pattern")
    assert not page.is_visible("#fields-0-choices") and page.is_visible("#fields-1-choices")
    page.select_option("#fields-0-type", "text")
    assert page.is_visible("#fields-0-pattern") and not page.is_visible("#fields-0-min_value")
    page.click("#fields-button")
    page.select_option("#fields-2-type", "group")
    new_row = page.locator("#fields-2")
    assert new_row.locator("#sub_fields-button").is_visible() and not page.is_visible("#fields-2-default")
    assert not new_row.locator("#choices-button").is_visible()
    page.select_option("#fields-2-type", "choices")
    assert new_row.locator("#choices-button").is_visible() and not page.is_visible("#fields-2-measure")
    page.screenshot(path="/tmp/definition-editor.png", full_page=True)
