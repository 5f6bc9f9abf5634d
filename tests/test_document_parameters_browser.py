"""The register's draft form in a real browser: the inputs of the period follow the kind picked."""

import pytest

from documents import OfficialDocument
from tests.conftest import PASSWORD
from tests.test_breakthrough_tasks import new_task
from tests.test_browser import browser_page, live_server, screenshot_path  # noqa: F401 (fixtures)

pytestmark = [
    pytest.mark.filterwarnings("ignore::ResourceWarning"),  # as in tests/test_browser.py
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


def test_the_year_input_shows_for_the_decision_and_the_draft_keeps_it(
    live_server,  # noqa: F811
    browser_page,  # noqa: F811
    task_place,
):
    new_task(task_place, content="Tuyển quân đạt chỉ tiêu", start_year=2026)
    page = browser_page
    page.goto(f"{live_server}/admin/official_document/new/")
    page.fill("input[name=username]", "huyen")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/official_document/new/")

    page.select_option("select[name=kind]", "danh_sach_can_bo")
    for name in ("year", "quarter", "month", "date"):
        assert not page.locator(f"#{name}").is_visible()
    page.select_option("select[name=kind]", "giao_viec_dot_pha")
    assert page.locator("#year").is_visible() and not page.locator("#quarter").is_visible()
    assert page.locator("#document_type").input_value() == "QĐ"
    page.screenshot(path=str(screenshot_path("document-parameters-form.png")), full_page=True)

    # The body and unit pickers are Select2 boxes: set their values as a pick would.
    for name, record in (("body", task_place["body"]), ("unit", task_place["nam_quan"])):
        page.evaluate(
            "([name, value]) => { document.getElementById(name).value = value; }", [name, str(record.pk)]
        )
    page.locator("input[type=submit]").first.click()
    page.wait_for_load_state()
    assert "Hãy nhập năm." in page.content() and page.locator("#year").is_visible()
    page.screenshot(path=str(screenshot_path("document-parameters-missing-year.png")), full_page=True)

    page.fill("#year", "2026")
    for name, record in (("body", task_place["body"]), ("unit", task_place["nam_quan"])):
        page.evaluate(
            "([name, value]) => { document.getElementById(name).value = value; }", [name, str(record.pk)]
        )
    page.locator("input[type=submit]").first.click()
    page.wait_for_url("**/admin/official_document/details/**")
    assert "Năm: 2026" in page.content()
    page.screenshot(path=str(screenshot_path("document-parameters-details.png")), full_page=True)
    assert OfficialDocument.objects.get().parameters == {"year": 2026}
