"""The Công việc page in a real browser: the bar moves while a worker runs, then the file is offered."""

import threading
import time

import pytest

from documents import job as jobs
from documents import job_worker
from documents.job import Job
from tests.conftest import PASSWORD, make_user
from tests.test_browser import browser_page, live_server, screenshot_path  # noqa: F401 (fixtures)

pytestmark = [
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

STEPS = 20


def bar_value(page, at_least, seconds=15):
    """The bar's value once it reaches `at_least` (read from the page: the policy forbids eval)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = int(float(page.locator(".job-bar").get_attribute("value") or 0))
        if value >= at_least:
            return value
        page.wait_for_timeout(100)
    raise AssertionError(f"the bar stayed below {at_least}%")


@pytest.fixture
def slow_kind(app, monkeypatch):
    """A kind that takes about four seconds in twenty steps, then keeps a CSV."""
    app.config.update(JOB_LEASE_SECONDS=2, JOB_POLL_SECONDS=0.05)

    def slow(job):
        for n in range(STEPS):
            job.progress(n, STEPS, f"Đã ghi {n}/{STEPS} phần")
            time.sleep(0.2)
        job.finish(
            job.store_file("\ufeffHọ và tên\nNông Văn Quần\n".encode(), "Nhân sự Nam Quan.csv", "text/csv")
        )

    monkeypatch.setitem(jobs.HANDLERS, "slow_export", slow)


def test_the_progress_bar_moves_and_the_file_is_offered(app, live_server, browser_page, slow_kind, district):  # noqa: F811
    user = make_user("bien", role="editor", unit=district["nam_quan"])
    with app.app_context():
        job = Job.enqueue(
            "slow_export",
            "Xuất danh sách nhân sự xã Nam Quan",
            user=user,
            ancestors=district["nam_quan"].scope_path(),
        )
    page = browser_page
    page.goto(f"{live_server}/admin/job/details/?id={job.pk}")
    page.fill("input[name=username]", "bien")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/job/details/**")
    assert page.locator(".job-line").inner_text() == "Đang chờ đến lượt"

    stop = threading.Event()

    def worker():
        with app.app_context():
            job_worker.work(stop, name="browser-worker", once=True)

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        moving = bar_value(page, at_least=25)
        assert 25 <= moving < 100 and "phần" in page.locator(".job-line").inner_text()
        page.set_viewport_size({"width": 390, "height": 800})
        page.screenshot(path=str(screenshot_path("job-running-390.png")), full_page=True)
        page.wait_for_selector("a.job-result", timeout=20_000)  # the page reloaded when it ended
    finally:
        thread.join(timeout=30)
        stop.set()
    assert "Đã xong" in page.content()
    link = page.locator("a.job-result")
    assert link.inner_text().startswith("Tải Nhân sự Nam Quan.csv")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.screenshot(path=str(screenshot_path("job-done.png")), full_page=True)
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "Nhân sự Nam Quan.csv"
    assert open(download.value.path(), encoding="utf-8-sig").read() == "Họ và tên\nNông Văn Quần\n"
    page.goto(f"{live_server}/admin/job/")
    assert page.locator("table.job-list td a").first.inner_text() == "Xuất danh sách nhân sự xã Nam Quan"
    page.screenshot(path=str(screenshot_path("job-list.png")), full_page=True)
