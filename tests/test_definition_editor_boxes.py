"""The definition editor offers only what means something: a code proposed from the name, "Đã bỏ"
for saved fields, the confirmation box beside a dry run, a field's condition on one row."""

import re
import shutil

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.datastructures import MultiDict

from documents import CustomRecord, FieldDefinition, FormDefinition
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
        FieldDefinition(
            key="chi_tieu",
            label="Chỉ tiêu",
            type="group",
            sub_fields=[FieldDefinition(key="chi_so", label="Chỉ số", type="text")],
        ),
    ]
    return FormDefinition(code="dan_de", name="Đàn dê", fields=fields).save()


def saved_keys(page):
    return re.findall(r'<input[^>]*data-saved="1"[^>]*id="([^"]+)"', page)


def test_a_new_definition_has_no_confirmation_box_and_proposes_its_code(admin_client):
    page = admin_client.get("/admin/form_definition/new/").get_data(as_text=True)
    assert 'name="confirm_change"' not in page
    assert re.search(r'<input[^>]*data-key-from="name"[^>]*id="code"', page)
    assert saved_keys(page) == []


def test_only_saved_fields_are_marked_saved(admin_client, herds):
    url = f"/admin/form_definition/edit/?id={herds.pk}"
    page = admin_client.get(url).get_data(as_text=True)
    assert saved_keys(page) == ["fields-0-key", "fields-1-key", "fields-1-sub_fields-0-key"]
    assert 'name="confirm_change"' not in page  # no dry run to confirm

    form = MultiDict(form_fields(page))
    form.update({"fields-2-key": "moi", "fields-2-label": "Mới", "fields-2-type": "text"})
    form["fields-2-pattern"] = "("  # refused at its input: the page comes back with the new row
    page = admin_client.post(url, data=form).get_data(as_text=True)
    assert 'name="fields-2-key"' in page and "Mẫu " in page
    assert saved_keys(page) == ["fields-0-key", "fields-1-key", "fields-1-sub_fields-0-key"]


def test_the_confirmation_box_comes_with_the_dry_run(admin_client, district, herds):
    CustomRecord(kind="dan_de", name="Đàn", unit=district["doan_ket"], values={"so_de": 130}).save()
    url = f"/admin/form_definition/edit/?id={herds.pk}"
    form = MultiDict(form_fields(admin_client.get(url).get_data(as_text=True)))
    form["fields-0-max_value"] = "100"
    page = admin_client.post(url, data=form).get_data(as_text=True)
    assert 'id="dry-run"' in page and 'name="confirm_change"' in page
    form["confirm_change"] = "y"
    assert admin_client.post(url, data=form).status_code == 302
    assert FormDefinition.objects.get(pk=herds.pk).field("so_de").max_value == 100


@pytest.fixture
def browser(live_server, herds):  # noqa: F811 - the imported fixture
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
        yield page, live_server
        browser.close()


def test_a_new_definitions_code_follows_its_name_until_typed(browser):
    page, server = browser
    page.goto(f"{server}/admin/form_definition/new/")
    page.fill("#name", "Mô hình trồng quế Đợt 2")
    assert page.input_value("#code") == "mo_hinh_trong_que_dot_2"
    page.fill("#code", "que")
    page.fill("#name", "Mô hình trồng quế")
    assert page.input_value("#code") == "que"


def test_a_saved_definitions_code_stays(browser, herds):
    page, server = browser
    page.goto(f"{server}/admin/form_definition/edit/?id={herds.pk}")
    page.fill("#name", "Đàn dê Bách Thảo")
    assert page.input_value("#code") == "dan_de"


@pytest.mark.parametrize("kind", ["text", "integer", "choice", "date", "yes_no"])
def test_a_new_field_offers_no_retire_box_and_keeps_its_condition_on_one_row(browser, kind):
    page, server = browser
    page.goto(f"{server}/admin/form_definition/new/")
    page.click("#fields-button")
    page.select_option("#fields-0-type", kind)
    assert page.locator("#fields-0-retired").count() == 1 and not page.is_visible("#fields-0-retired")
    condition = page.locator("#fields-0-show_if").bounding_box()
    value = page.locator("#fields-0-show_if_value").bounding_box()
    assert condition["y"] == value["y"] and condition["x"] < value["x"]


def test_only_a_saved_field_offers_the_retire_box(browser, herds):
    page, server = browser
    page.goto(f"{server}/admin/form_definition/edit/?id={herds.pk}")
    assert page.is_visible("#fields-0-retired") and page.is_visible("#fields-1-sub_fields-0-retired")
    page.click("#fields-button")
    page.fill("#fields-2-label", "Ghi chú")
    assert page.input_value("#fields-2-key") == "ghi_chu"
    assert not page.is_visible("#fields-2-retired")
    for kind in ("integer", "text"):
        page.select_option("#fields-0-type", kind)
        condition = page.locator("#fields-0-show_if").bounding_box()
        assert condition["y"] == page.locator("#fields-0-show_if_value").bounding_box()["y"]
