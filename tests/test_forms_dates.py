"""Dates are shown and typed as dd/mm/yyyy whatever the browser's language; a viewer is told why a
create page is refused."""

import datetime
import re
import shutil

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.datastructures import MultiDict

from documents import CustomRecord, FieldDefinition, FormDefinition, PartyOrganization, Person, Position
from tests.conftest import PASSWORD, csrf_token, login, make_user
from tests.html_forms import form_fields, input_value
from tests.test_browser import CHROMIUM_ARGS, live_server  # noqa: F401 - a fixture


@pytest.fixture
def member(district):
    cell = PartyOrganization(kind="chi_bo", name="Chi bộ thôn Đoàn Kết", unit=district["doan_ket"]).save()
    return Person(
        full_name="Lương Văn Dũng",
        gender="nam",
        birth_year=1968,
        category="dang_vien",
        unit=district["doan_ket"],
        party_organization=cell,
        admitted_on=datetime.date(1996, 1, 18),
        positions=[Position(title="Bí thư Chi bộ", organization=cell, start=datetime.date(2020, 8, 1))],
    ).save()


def date_inputs(page):
    return re.findall(r"<input[^>]*placeholder=\"dd/mm/yyyy\"[^>]*>", page)


def test_no_form_uses_the_browsers_date_input(admin_client, district):
    FormDefinition(
        code="ngay", name="Ngày", fields=[FieldDefinition(key="ngay", label="Ngày", type="date")]
    ).save()
    for url in ("/admin/person/new/", "/admin/record/new/?kind=ngay", "/admin/issuing_body/new/"):
        page = admin_client.get(url).get_data(as_text=True)
        assert 'type="date"' not in page and 'data-role="datepicker"' not in page, url
        assert date_inputs(page), url


def test_a_persons_dates_are_shown_as_day_month_year(admin_client, member):
    page = admin_client.get(f"/admin/person/edit/?id={member.pk}").get_data(as_text=True)
    assert input_value(page, "admitted_on") == "18/01/1996"
    assert input_value(page, "positions-0-start") == "01/08/2020"
    assert 'type="text"' in date_inputs(page)[0]


def test_saving_a_person_untouched_keeps_the_dates(admin_client, member):
    url = f"/admin/person/edit/?id={member.pk}"
    page = admin_client.get(url).get_data(as_text=True)
    assert admin_client.post(url, data=MultiDict(form_fields(page))).status_code == 302
    stored = Person.objects.get(pk=member.pk)
    assert stored.admitted_on == datetime.date(1996, 1, 18)
    assert stored.positions[0].start == datetime.date(2020, 8, 1)
    assert stored.version == member.version  # the form gave back what was stored: nothing to write


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("19/05/1995", datetime.date(1995, 5, 19)),
        ("1/6/2004", datetime.date(2004, 6, 1)),
        ("02-09-2004", datetime.date(2004, 9, 2)),
        ("2004-09-02", datetime.date(2004, 9, 2)),
    ],
)
def test_a_date_is_typed_as_day_month_year(admin_client, member, typed, day):
    url = f"/admin/person/edit/?id={member.pk}"
    form = MultiDict(form_fields(admin_client.get(url).get_data(as_text=True)))
    form["admitted_on"] = typed
    assert admin_client.post(url, data=form).status_code == 302
    assert Person.objects.get(pk=member.pk).admitted_on == day


@pytest.mark.parametrize("typed", ["31/02/1996", "18/13/1996", "ngày 18", "01/18/1996x", "1996"])
def test_a_wrong_date_is_refused_at_its_field_in_vietnamese(admin_client, member, typed):
    url = f"/admin/person/edit/?id={member.pk}"
    form = MultiDict(form_fields(admin_client.get(url).get_data(as_text=True)))
    form["admitted_on"] = typed
    page = admin_client.post(url, data=form).get_data(as_text=True)
    assert "Ngày không hợp lệ: hãy gõ ngày/tháng/năm, ví dụ 25/05/2024." in page
    assert input_value(page, "admitted_on") == typed  # the input is kept to correct
    assert Person.objects.get(pk=member.pk).version == member.version


def test_a_defined_date_is_typed_and_shown_as_day_month_year(admin_client, district):
    FormDefinition(
        code="hop", name="Buổi họp", fields=[FieldDefinition(key="ngay", label="Ngày họp", type="date")]
    ).save()
    url = "/admin/record/new/?kind=hop"
    form = {
        "csrf_token": csrf_token(admin_client, url),
        "name": "Họp chi bộ",
        "unit": str(district["doan_ket"].pk),
        "v_ngay": "25/05/2024",
    }
    assert admin_client.post(url, data=form).status_code == 302
    record = CustomRecord.objects.get(kind="hop")
    assert record.values["ngay"] == datetime.datetime(2024, 5, 25)
    page = admin_client.get(f"/admin/record/edit/?id={record.pk}&kind=hop").get_data(as_text=True)
    assert input_value(page, "v_ngay") == "25/05/2024"
    form["v_ngay"] = "25/25/2024"
    page = admin_client.post(url, data=form).get_data(as_text=True)
    assert "Ngày không hợp lệ: hãy gõ ngày/tháng/năm" in page and CustomRecord.objects.count() == 1


def test_a_defined_dates_default_is_typed_as_day_month_year(app):
    field = FieldDefinition(key="ngay", label="Ngày", type="date", default="02/09/2024")
    assert field.check(["ngay"]) == []
    assert field.clean_value(field.default) == datetime.datetime(2024, 9, 2)


def test_a_viewer_opening_a_create_page_is_told_why_it_is_refused(client, district):
    make_user("xem", role="viewer", unit=district["nam_quan"])
    login(client, "xem")
    for url in ("/admin/household/new/", "/admin/person/new/"):
        response = client.get(url, follow_redirects=True)
        page = response.get_data(as_text=True)
        assert "Tài khoản chỉ xem: không được thêm " in page, url
        assert 'class="admin-form"' not in page


@pytest.fixture
def english_browser(live_server):  # noqa: F811 - the imported fixture
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is not installed: `make test` installs it"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="en-US", viewport={"width": 390, "height": 844})
        yield live_server, page
        browser.close()


@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")
def test_an_english_browser_shows_and_takes_day_month_year(english_browser, member):
    """Chromium in English showed 01/18/1996 for an <input type=date>; no script re-localizes ours."""
    server, page = english_browser
    make_user()
    page.goto(f"{server}/login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/**")
    page.goto(f"{server}/admin/person/edit/?id={member.pk}")
    assert page.input_value("#admitted_on") == "18/01/1996"
    page.click("#admitted_on")
    assert not page.locator(".daterangepicker").is_visible()
    page.fill("#admitted_on", "19/05/1996")
    page.locator("input[type=submit]").first.click()
    page.wait_for_url("**/admin/person/**")
    assert Person.objects.get(pk=member.pk).admitted_on == datetime.date(1996, 5, 19)
