"""The job runner on MongoDB: claim, lease, retry, cancel, failure, files, and the Công việc page."""

import datetime
import threading
import time

import pytest
from mongoengine.connection import get_db

from documents import job as jobs
from documents import job_worker
from documents.base import now
from documents.job import Job, JobError
from tests.conftest import login, make_user


@pytest.fixture
def kinds(app, monkeypatch):
    """Handlers of test kinds, and a short lease."""
    app.config.update(JOB_LEASE_SECONDS=1, JOB_POLL_SECONDS=0.05)
    ran = []

    def count(job):
        ran.append(job.pk)
        for n in range(1, 4):
            job.progress(n, 3, f"Đã làm {n}/3 bước")
        job.finish(job.store_file(b"a;b\n1;2\n", "Danh sách hộ.csv", "text/csv"))

    def broken(job):
        ran.append(job.pk)
        raise RuntimeError("boom")

    def refused(job):
        raise JobError("Đơn vị này không còn: không in được.")

    def slow(job):
        ran.append(job.pk)
        for n in range(200):
            job.progress(n, 200, "Đang làm")
            time.sleep(0.02)
        job.finish()

    for name, function in (("count", count), ("broken", broken), ("refused", refused), ("slow", slow)):
        monkeypatch.setitem(jobs.HANDLERS, name, function)
    yield ran


@pytest.fixture
def ctx(app, kinds):
    """The test kinds, in an app context (the worker's settings come from the app's config)."""
    with app.app_context():
        yield kinds


def run_all(name="worker-a"):
    job_worker.work(threading.Event(), name=name, once=True)


def in_thread(app):
    """A worker in another thread (its own app context), running until the queue is empty."""

    def target():
        with app.app_context():
            run_all()

    thread = threading.Thread(target=target)
    thread.start()
    return thread


def test_a_job_is_claimed_once_run_and_its_file_kept(ctx, district):
    job = Job.enqueue("count", "Xuất hộ gia đình", ancestors=[district["province"].pk])
    assert job.state == "queued"
    first = job_worker.claim("worker-a")
    assert first.pk == job.pk and first.state == "running" and first.attempts == 1
    assert job_worker.claim("worker-b") is None  # one atomic update: nobody else gets it
    job_worker.run(first)
    job.reload()
    assert (job.state, job.done, job.total, job.percent) == ("done", 3, 3, 100)
    assert job.result_name == "Danh sách hộ.csv" and job.result_size == 8
    assert job.file().read() == b"a;b\n1;2\n"
    assert job.key is None and job.partial_files == [] and job.expires_at > now()
    assert ctx == [job.pk]


def test_a_lapsed_lease_is_taken_over_by_another_worker(ctx):
    job = Job.enqueue("count", "Xuất")
    taken = job_worker.claim("killed-worker")  # claimed, then its worker dies: no renewal
    assert taken.worker == "killed-worker"
    assert job_worker.claim("worker-b") is None
    time.sleep(1.1)
    again = job_worker.claim("worker-b")
    assert again.pk == job.pk and again.worker == "worker-b" and again.attempts == 2
    job_worker.run(again)
    assert Job.objects.get(pk=job.pk).state == "done"


def test_a_running_job_keeps_its_lease_while_it_works(ctx, app):
    job = Job.enqueue("slow", "Chậm")
    thread = in_thread(app)
    time.sleep(2.5)  # longer than the lease: renewed meanwhile
    assert job_worker.claim("worker-b") is None
    thread.join()
    assert Job.objects.get(pk=job.pk).state == "done" and ctx == [job.pk]


def test_an_unforeseen_error_is_retried_then_fails_with_a_vietnamese_message(ctx, app):
    app.config["JOB_MAX_ATTEMPTS"] = 2
    job = Job.enqueue("broken", "Hỏng")
    job_worker.run(job_worker.claim("w"))
    job.reload()
    assert job.state == "queued" and "Lần thử 1 bị lỗi (RuntimeError); sẽ thử lại." == job.error
    assert job_worker.claim("w") is None  # not before its wait
    Job.objects(pk=job.pk).update(set__not_before=now())
    job_worker.run(job_worker.claim("w"))
    job.reload()
    assert job.state == "failed" and job.attempts == 2
    assert job.error == "Lỗi không lường trước (RuntimeError) sau 2 lần thử: hãy báo quản trị viên."


def test_a_job_error_fails_at_once_with_its_message(ctx):
    job = Job.enqueue("refused", "Không in được")
    job_worker.run(job_worker.claim("w"))
    job.reload()
    assert (job.state, job.attempts, job.error) == ("failed", 1, "Đơn vị này không còn: không in được.")


def test_a_job_killed_too_often_ends_failed(ctx, app):
    app.config["JOB_MAX_ATTEMPTS"] = 1
    job = Job.enqueue("count", "Xuất")
    job_worker.claim("killed")
    Job.objects(pk=job.pk).update(set__lease_until=now() - datetime.timedelta(seconds=1))
    job_worker.run(job_worker.claim("w"))
    job.reload()
    assert job.state == "failed" and job.error.startswith("Công việc bị gián đoạn 1 lần")
    assert ctx == []


def test_cancel_a_queued_job_and_a_running_one(ctx, app):
    queued = Job.enqueue("count", "Xuất")
    assert queued.cancel() and queued.state == "cancelled"
    assert job_worker.claim("w") is None
    running = Job.enqueue("slow", "Chậm")
    thread = in_thread(app)
    time.sleep(0.3)
    assert running.cancel() and running.reload().cancel_requested
    thread.join(timeout=10)
    running.reload()
    assert running.state == "cancelled" and running.done < 200
    assert not running.cancel()  # finished: nothing left to cancel


def test_an_interrupted_attempt_leaves_no_half_written_file(ctx):
    Job.enqueue("count", "Xuất")
    taken = job_worker.claim("killed")
    stream = taken.open_file("x.csv", "text/csv")
    stream.write(b"x" * 300_000)  # chunks written, never closed: the worker died here
    time.sleep(1.1)
    job_worker.run(job_worker.claim("w"))
    db = get_db()
    assert db["job_files.chunks"].count_documents({"files_id": stream._id}) == 0
    assert db["job_files.files"].count_documents({}) == 1


def test_one_active_job_per_key(ctx):
    first = Job.enqueue("count", "Xuất", key="export:1")
    assert Job.enqueue("count", "Xuất lại", key="export:1").pk == first.pk
    job_worker.run(job_worker.claim("w"))
    assert Job.enqueue("count", "Xuất lần hai", key="export:1").pk != first.pk


def test_the_ttl_index_and_expired_files(ctx):
    indexes = Job._get_collection().index_information()
    assert any(i.get("expireAfterSeconds") == 0 and i["key"] == [("expires_at", 1)] for i in indexes.values())
    job = Job.enqueue("count", "Xuất")
    job_worker.run(job_worker.claim("w"))
    job.reload()
    get_db()["job_files.files"].update_one(
        {"_id": job.result_file}, {"$set": {"metadata.expires_at": now() - datetime.timedelta(seconds=1)}}
    )
    job_worker.remove_expired_files()
    assert get_db()["job_files.files"].count_documents({}) == 0
    assert get_db()["job_files.chunks"].count_documents({}) == 0


def test_an_account_may_have_only_so_many_jobs_waiting(ctx, app, district):
    app.config["JOB_ACTIVE_PER_USER"] = 2
    user = make_user("bien", role="editor", unit=district["nam_quan"])
    for _ in range(2):
        Job.enqueue("count", "Xuất", user=user, ancestors=district["nam_quan"].scope_path())
    with pytest.raises(jobs.TooManyJobs, match="đang có 2 công việc"):
        Job.enqueue("count", "Xuất", user=user, ancestors=district["nam_quan"].scope_path())


# The Công việc page.


def test_the_jobs_page_shows_ones_own_jobs_in_scope_and_serves_the_file(app, client, kinds, district):
    editor = make_user("bien", role="editor", unit=district["nam_quan"])
    other = make_user("lan", role="viewer", unit=district["nam_quan"])
    mine = Job.enqueue("count", "Xuất hộ Nam Quan", user=editor, ancestors=district["nam_quan"].scope_path())
    theirs = Job.enqueue("count", "Xuất của Lan", user=other, ancestors=district["nam_quan"].scope_path())
    with app.app_context():
        run_all()
    login(client, "bien")
    page = client.get("/admin/job/").get_data(as_text=True)
    assert "Xuất hộ Nam Quan" in page and "Xuất của Lan" not in page
    details = client.get(f"/admin/job/details/?id={mine.pk}").get_data(as_text=True)
    assert "Đã xong" in details and "Tải Danh sách hộ.csv" in details
    response = client.get(f"/admin/job/file/?id={mine.pk}")
    assert response.status_code == 200 and response.data == b"a;b\n1;2\n"
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "filename*=UTF-8''Danh%20s%C3%A1ch%20h%E1%BB%99.csv" in response.headers["Content-Disposition"]
    assert response.headers["Content-Disposition"].startswith("attachment")
    for url in ("details", "status", "file"):
        assert client.get(f"/admin/job/{url}/?id={theirs.pk}").status_code == 404
    assert client.get("/admin/job/status/?id=nothing").status_code == 404


def test_a_job_outside_the_accounts_scope_is_unknown_even_if_its_own(app, client, kinds, district):
    editor = make_user("bien", role="editor", unit=district["nam_quan"])
    job = Job.enqueue("count", "Xuất Nhân Lý", user=editor, ancestors=district["nhan_ly"].scope_path())
    login(client, "bien")
    assert client.get(f"/admin/job/details/?id={job.pk}").status_code == 404


def test_the_status_and_cancel_from_the_page(app, client, kinds, district):
    make_user()
    login(client)
    job = Job.enqueue("count", "Xuất", user=None, ancestors=[])
    status = client.get(f"/admin/job/status/?id={job.pk}").get_json()
    assert status == {
        "state": "queued",
        "state_name": "Đang chờ",
        "active": True,
        "percent": 0,
        "done": 0,
        "total": 0,
        "line": "Đang chờ đến lượt",
        "error": None,
    }
    page = client.get(f"/admin/job/details/?id={job.pk}").get_data(as_text=True)
    assert "Hủy công việc" in page and 'data-job-status="/admin/job/status/?id=' in page
    import re

    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(f"/admin/job/cancel/?id={job.pk}", data={"csrf_token": token})
    assert response.status_code == 302
    assert Job.objects.get(pk=job.pk).state == "cancelled"
    assert client.post(f"/admin/job/cancel/?id={job.pk}", data={}).status_code == 302
    assert Job.objects.get(pk=job.pk).state == "cancelled"


def test_what_the_bar_says_while_waiting_again_or_stopping():
    assert Job(state="queued", attempts=1, done=4, total=10).percent == 0  # a retry starts anew
    assert Job(state="queued", attempts=1).progress_line() == "Đang chờ chạy lại"
    stopping = Job(state="running", cancel_requested=True, line="Đã in 2/5 phần", done=2, total=5)
    assert (stopping.progress_line(), stopping.percent) == ("Đang dừng theo yêu cầu hủy...", 40)
