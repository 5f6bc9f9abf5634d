"""Every page sends a Content-Security-Policy that refuses inline script, and no page needs one."""

import io
import re
import shutil
from html.parser import HTMLParser

import pytest
from playwright.sync_api import sync_playwright

from documents import FieldDefinition, FormDefinition, Household, PartyOrganization, Person
from exports import official_document as printing
from tests.conftest import PASSWORD, csrf_token, district_committee, make_user
from tests.test_browser import CHROMIUM_ARGS, live_server  # noqa: F401 (a fixture)


@pytest.fixture
def records(district):
    """One record of each fixed kind, a person edited once (history with a restore button), one
    trashed household, a definition extending households with a filterable field, a draft."""
    FormDefinition(
        code="ho_them",
        name="Thông tin thêm của hộ",
        family="household",
        fields=[FieldDefinition(key="nguon_nuoc", label="Nguồn nước", type="text", filterable=True)],
    ).save()
    cell = PartyOrganization(kind="chi_bo", name="Chi bộ thôn Đoàn Kết", unit=district["doan_ket"]).save()
    person = Person(
        full_name="Hoàng Văn Tâm",
        gender="nam",
        birth_year=1970,
        category="dang_vien",
        unit=district["doan_ket"],
        party_organization=cell,
        admitted_on="1995-05-19",
    ).save()
    person.birth_year = 1971
    person.save()
    household = Household(code="NQ-1", head_name="Hà Thị Mai", hamlet=district["doan_ket"], size=3).save()
    Household(code="NQ-2", head_name="Lý Văn Bình", hamlet=district["na_pai"], size=2).save().delete()
    body = district_committee(district["district"])
    document = printing.new_draft("danh_sach_can_bo", body, district["nam_quan"]).save()
    return dict(person=person, household=household, cell=cell, body=body, document=document, **district)


def console_pages(records):
    """The page kinds the console renders: lists (plain, searched, filtered), forms, details."""
    person, household, unit = records["person"], records["household"], records["doan_ket"]
    pages = [
        "/admin/",
        "/admin/trash/",
        "/admin/user/",
        "/admin/user/new/",
        "/admin/form_definition/",
        "/admin/form_definition/new/",
        "/admin/official_document/",
        "/admin/official_document/new/",
        "/admin/issuing_body/",
        f"/admin/issuing_body/edit/?id={records['body'].pk}",
        f"/admin/person/?search=tam&flt0_0={unit.pk}",
        "/admin/person/print/",
        f"/admin/household/?flt0_0={unit.pk}",
    ]
    for view, record in (
        ("person", person),
        ("household", household),
        ("unit", unit),
        ("party_organization", records["cell"]),
    ):
        pages += [
            f"/admin/{view}/",
            f"/admin/{view}/new/",
            f"/admin/{view}/edit/?id={record.pk}",
            f"/admin/{view}/details/?id={record.pk}",
        ]
    draft = records["document"].pk
    pages += [f"/admin/official_document/details/?id={draft}", f"/admin/official_document/edit/?id={draft}"]
    return pages


class InlineCode(HTMLParser):
    """Collects inline scripts, on* handler attributes, style attributes and <style> elements."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script" and not names.get("src"):
            self.found.append(f"<script> without src at line {self.getpos()[0]}")
        if tag == "style":
            self.found.append(f"<style> at line {self.getpos()[0]}")
        for name in names:
            if name.startswith("on") or name == "style":
                self.found.append(f"{tag} {name}= at line {self.getpos()[0]}")


def inline_code(html):
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def policy(response):
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request.path}"
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_strict(directives):
    assert directives["script-src"] == ["'self'"] and directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"] and directives["base-uri"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'self'"] and directives["form-action"] == ["'self'"]
    # Nothing from another site, in any directive.
    allowed = {"'self'", "'none'", "data:", "'unsafe-inline'"}
    assert {source for sources in directives.values() for source in sources} <= allowed
    assert "'unsafe-inline'" not in directives["script-src"] + directives["default-src"]


def test_every_console_page_sends_the_policy_and_holds_no_inline_code(admin_client, records):
    for url in console_pages(records):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert response.mimetype == "text/html", url
        assert_strict(policy(response))
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert inline_code(response.get_data(as_text=True)) == [], url


def test_sign_in_and_error_pages_send_the_policy_and_hold_no_inline_code(client, admin_client, records):
    admin_client.get("/logout")
    for url, status in (("/login", 200), ("/khong-co-trang-nay", 404), ("/admin/person/details/?id=x", 404)):
        response = admin_client.get(url)
        assert response.status_code == status, url
        assert_strict(policy(response))
        assert inline_code(response.get_data(as_text=True)) == [], url


def test_a_pdf_preview_opens_in_the_browser_with_its_own_headers(admin_client, records):
    """A PDF is no page: the page policy is not put on it, so the browser's viewer opens it."""
    response = admin_client.get(f"/admin/official_document/preview/?id={records['document'].pk}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("inline")
    assert "Content-Security-Policy" not in response.headers
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_view_that_sets_its_own_policy_keeps_it(admin_client, records):
    """Attachments are served sandboxed; the page policy does not replace theirs."""
    household = records["household"]
    details = f"/admin/household/details/?id={household.pk}"
    upload = admin_client.post(
        f"/admin/household/attachment/upload/?id={household.pk}",
        data={
            "csrf_token": csrf_token(admin_client, details),
            "file": (io.BytesIO(b"<script>alert(1)</script>"), "trang.html"),
        },
    )
    assert upload.status_code == 302
    link = re.search(
        r'href="(/admin/household/attachment/\?[^"]+)"', admin_client.get(details).get_data(as_text=True)
    )
    response = admin_client.get(link.group(1).replace("&amp;", "&"))
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"


# A page left mid-load leaves Werkzeug's test server a static file it closes late: not the app's.
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_the_browser_reports_no_policy_violation_on_lists_forms_and_details(live_server, records):  # noqa: F811
    """Headless Chromium: list, filters added by Flask-Admin's script, pickers, sub-record rows,
    the batch action and delete confirmations, edit and details pages run with no refusal."""
    make_user()
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is not installed: `make test` installs it"
    household = records["household"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="vi-VN")
        violations, dialogs = [], []
        page.add_init_script(
            "document.addEventListener('securitypolicyviolation', e => "
            "console.error('violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
        )
        page.on(
            "console",
            lambda m: (
                ("Content Security Policy" in m.text or "violation:" in m.text)
                and violations.append(f"{page.url}: {m.text}")
            ),
        )
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

        page.goto(f"{live_server}/login")
        page.fill("input[name=username]", "admin")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/admin/")

        page.goto(f"{live_server}/admin/household/")
        for name in ("Thuộc đơn vị", "Nguồn nước"):
            page.locator("a.dropdown-toggle", has_text="Thêm bộ lọc").click()
            page.locator(".field-filters a.filter", has_text=name).click()
        assert page.locator("table.filters tr").count() == 2
        page.locator("a.nav-link.active", has_text="Danh sách").click()
        page.locator("input.action-checkbox").first.check()
        page.locator("[data-model-action]").first.locator("xpath=../preceding-sibling::a").click()
        page.locator("[data-model-action]").first.click()
        page.locator("form.icon button[data-confirm]").first.click()
        assert len(dialogs) == 2 and "/admin/household/" in page.url  # both asked, both dismissed
        assert Household.objects.count() == 1

        page.goto(f"{live_server}/admin/household/edit/?id={household.pk}")
        page.locator(".select2-container").first.click()
        page.keyboard.type("na")
        page.locator(".select2-results li", has_text="Nà Pái").wait_for()
        page.keyboard.press("Escape")

        page.goto(f"{live_server}/admin/person/new/")
        before = page.locator(".inline-field").count()
        page.locator("a[data-inline-add]").first.click()
        assert page.locator(".inline-field").count() == before + 1

        page.goto(f"{live_server}/admin/person/details/?id={records['person'].pk}")
        page.locator("button[data-confirm]", has_text="Khôi phục").first.click()
        assert len(dialogs) == 3 and "/details/" in page.url
        page.goto(f"{live_server}/admin/trash/")
        page.wait_for_load_state("networkidle")

        # The draft's PDF opens in the browser's own viewer (a download would raise here).
        preview = page.goto(f"{live_server}/admin/official_document/preview/?id={records['document'].pk}")
        assert preview.status == 200 and preview.headers["content-type"] == "application/pdf"
        assert page.url.endswith(f"/preview/?id={records['document'].pk}")
        browser.close()
    assert violations == []
