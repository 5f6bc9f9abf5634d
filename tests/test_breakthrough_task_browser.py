"""A task's page in a real browser, wide and at 390 px (a commune's staff check in from a phone):
its targets and check-ins stack rather than run off the side."""

import datetime
from pathlib import Path

import pytest

from tests.test_breakthrough_summary_browser import sign_in
from tests.test_breakthrough_tasks import new_task
from tests.test_browser import browser_page, live_server  # noqa: F401  (fixtures)

pytestmark = [
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]
OUT = Path(__file__).parent.parent / "var" / "test-output"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_task_page_fits_a_phone(live_server, browser_page, task_place, width):  # noqa: F811
    task = new_task(task_place, content="Tuyển quân đạt chỉ tiêu giao, không để xảy ra đào ngũ")
    task.add_check_in(datetime.date(2022, 6, 1), {"c1": 75.5, "c2": 2}, "Đã giao quân đợt một", "xa")
    task.add_check_in(datetime.date(2022, 9, 1), {"c1": 90}, "", "xa")
    task.save()
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, "xa")
    page.goto(f"{live_server}/admin/breakthrough_task/details/?id={task.pk}")
    assert page.locator(".target-percent").first.inner_text() == "80%"
    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=OUT / f"task-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # At 390 px each row is a card whose cells are led by their column's name.
    label = page.locator(".task-check-ins td").first.evaluate(
        "cell => getComputedStyle(cell, '::before').content"
    )
    assert label == ('"Ngày"' if width == 390 else "none")
    # Refused, the form comes back with the message at the field and what was typed.
    page.fill("#check-in-day", "01/10/2022")
    page.fill("#actual-c1", "1e400")
    page.fill("#check-in-comment", "Đợt hai")
    page.click("form.check-in button[type=submit]")
    page.wait_for_selector("#actual-c1.is-invalid")
    assert "Số vượt giới hạn" in page.locator("#actual-c1 + .invalid-feedback").inner_text()
    assert page.input_value("#check-in-comment") == "Đợt hai"
    page.locator("form.check-in").screenshot(path=OUT / f"task-check-in-refused-{width}.png")
    page.fill("#actual-c1", "95")
    with page.expect_navigation():
        page.click("form.check-in button[type=submit]")
    assert "Đã ghi tiến độ ngày 01/10/2022" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
