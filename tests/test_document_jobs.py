"""Long official documents printed by workers: the preview of a long draft and the PDF of a long
issue are jobs; short ones still print in the request; a killed worker's issue is finished by
another under the same number; no entry stays "Đang phát hành" for good."""

import datetime
import hashlib
import io
import signal
import threading

import pytest
from pypdf import PdfReader

from app import create_app
from documents import HistoryEntry, OfficialDocument, Person, job_worker
from documents.base import now
from documents.job import Job
from documents.official_document import NumberSequence, pdfs
from exports import document_job
from exports import official_document as printing
from tests.conftest import TEST_DB, commune_peoples_committee, csrf_token, login, make_user
from tests.workers import start_worker, stop, wait_for

REGISTER = "/admin/official_document/"
INLINE_ROWS = 40


@pytest.fixture
def long_after(app):
    """A document of more than INLINE_ROWS rows is printed by a job."""
    app.config["DOCUMENT_INLINE_ROWS"] = INLINE_ROWS
    return INLINE_ROWS


@pytest.fixture
def body(district):
    return commune_peoples_committee(district["nam_quan"])


def list_draft(body, rows):
    """A draft of a printed list holding `rows` rows, as «In văn bản» makes one."""
    table = {
        "columns": ["STT", "Họ và tên chủ hộ", "Thôn"],
        "rows": [[n, f"Chủ hộ số {n}", "Đoàn Kết"] for n in range(1, rows + 1)],
        "numeric": [],
        "widths": [10, 60, 30],
    }
    parameters = {
        "layout": "danh_sach",
        "title": "Danh sách hộ nghèo",
        "list_name": "Hộ",
        "filters": "",
        "table": table,
    }
    return printing.new_draft(
        "bang_danh_sach",
        body,
        body.unit,
        summary="Danh sách hộ nghèo",
        document_type="DS",
        parameters=parameters,
    ).save()


def text_of(data):
    assert data.startswith(b"%PDF-")
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def run_jobs(app):
    """Every queued job run by a worker in this process (its own app context, then closed)."""
    with app.app_context():
        job_worker.work(threading.Event(), name="test-worker", once=True)


def job_id(response):
    location = response.headers["Location"]
    assert "/admin/job/details/?id=" in location, location
    return location.rsplit("=", 1)[1]


def test_a_long_draft_is_previewed_by_a_job_whose_pdf_holds_its_rows(app, admin_client, body, long_after):
    draft = list_draft(body, INLINE_ROWS + 20)
    details = admin_client.get(f"{REGISTER}details/?id={draft.pk}").get_data(as_text=True)
    assert f'method="post" action="{REGISTER}preview/?id={draft.pk}"' in details
    # A plain GET makes no job and prints nothing: it says where the button is.
    response = admin_client.get(f"{REGISTER}preview/?id={draft.pk}")
    assert response.status_code == 302 and Job.objects.count() == 0
    assert "được in thử trong nền" in admin_client.get(response.headers["Location"]).get_data(as_text=True)

    token = csrf_token(admin_client, f"{REGISTER}details/?id={draft.pk}")
    first = admin_client.post(f"{REGISTER}preview/?id={draft.pk}", data={"csrf_token": token})
    again = admin_client.post(f"{REGISTER}preview/?id={draft.pk}", data={"csrf_token": token})
    assert job_id(first) == job_id(again) and Job.objects.count() == 1  # the second click joins it
    assert admin_client.post(f"{REGISTER}preview/?id={draft.pk}").status_code == 302  # no token: no job
    assert Job.objects.count() == 1

    run_jobs(app)
    job = Job.objects.get()
    assert (job.kind, job.state, job.result_type) == ("document_preview", "done", "application/pdf")
    assert job.result_name == "Dự thảo Danh sách hộ nghèo.pdf"
    assert job.ancestors == draft.scope_path()
    data = admin_client.get(f"/admin/job/file/?id={job.pk}").data
    text = text_of(data)
    for part in ("DỰ THẢO", "DANH SÁCH", "Chủ hộ số 1 ", f"Chủ hộ số {INLINE_ROWS + 20}"):
        assert part in text, part
    draft.reload()
    assert draft.status == "draft" and draft.number is None


def test_a_short_draft_is_still_previewed_in_the_request(admin_client, body, long_after):
    draft = list_draft(body, INLINE_ROWS)
    details = admin_client.get(f"{REGISTER}details/?id={draft.pk}").get_data(as_text=True)
    assert f'href="{REGISTER}preview/?id={draft.pk}"' in details
    response = admin_client.get(f"{REGISTER}preview/?id={draft.pk}")
    assert response.mimetype == "application/pdf" and f"Chủ hộ số {INLINE_ROWS}" in text_of(response.data)
    assert Job.objects.count() == 0


def test_issuing_a_long_draft_takes_one_number_and_its_job_stores_the_pdf(
    app, admin_client, body, long_after
):
    draft = list_draft(body, INLINE_ROWS + 5)
    token = csrf_token(admin_client, f"{REGISTER}details/?id={draft.pk}")
    response = admin_client.post(f"{REGISTER}issue/?id={draft.pk}", data={"csrf_token": token})
    job = Job.objects.get(pk=job_id(response))
    draft.reload()
    assert (draft.status, draft.number, draft.pdf_file) == ("issuing", 1, None)
    assert (job.kind, job.key, job.cancellable) == ("document_issue", f"issue:{draft.pk}", False)
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã lấy số 01/DS-UBND; bản PDF đang được in trong nền" in page
    assert "Hủy công việc" not in page  # a numbered entry's job is not cancelled

    # The entry's page shows the job's progress; "In lại" joins the same job.
    details = admin_client.get(f"{REGISTER}details/?id={draft.pk}").get_data(as_text=True)
    assert f'data-job-status="/admin/job/status/?id={job.pk}"' in details and "Xem công việc" in details
    assert "In lại từ dữ liệu đã chốt" not in details
    again = admin_client.post(f"{REGISTER}issue/?id={draft.pk}", data={"csrf_token": token})
    assert job_id(again) == str(job.pk) and Job.objects.count() == 1

    run_jobs(app)
    job.reload()
    draft.reload()
    assert job.state == "done" and job.result_record == {"view": "official_document", "id": str(draft.pk)}
    assert (draft.status, draft.number, NumberSequence.objects.get().last) == ("issued", 1, 1)
    data = admin_client.get(f"{REGISTER}pdf/?id={draft.pk}").data
    assert hashlib.sha256(data).hexdigest() == draft.sha256
    text = text_of(data)
    assert "Số: 01/DS-UBND" in text and f"Chủ hộ số {INLINE_ROWS + 5}" in text and "DỰ THẢO" not in text
    assert f'href="/admin/official_document/details/?id={draft.pk}"' in admin_client.get(
        f"/admin/job/details/?id={job.pk}"
    ).get_data(as_text=True)
    # The entry's history names who asked, for the number and for the PDF the worker stored.
    assert [e.actor for e in HistoryEntry.of(draft).filter(action="issue")] == ["admin", "admin"]


def test_a_short_draft_is_still_issued_in_the_request(admin_client, body, long_after):
    draft = list_draft(body, 3)
    token = csrf_token(admin_client, f"{REGISTER}details/?id={draft.pk}")
    response = admin_client.post(f"{REGISTER}issue/?id={draft.pk}", data={"csrf_token": token})
    assert response.headers["Location"].endswith(f"details/?id={draft.pk}")
    draft.reload()
    assert draft.status == "issued" and Job.objects.count() == 0


def test_the_issue_job_changes_nothing_on_an_entry_issued_already(app, body, long_after):
    draft = list_draft(body, 5)
    document_job.take_number(draft)
    with app.app_context():
        job = document_job.enqueue_issue(draft)
    run_jobs(app)
    draft.reload()
    before = (draft.version, draft.pdf_file, draft.sha256)
    assert draft.status == "issued" and Job.objects.get(pk=job.pk).state == "done"
    with app.app_context():
        second = document_job.enqueue_issue(draft)  # a late duplicate (the first job's key is gone)
    assert second.pk != job.pk
    run_jobs(app)
    draft.reload()
    assert (draft.version, draft.pdf_file, draft.sha256) == before
    assert (
        Job.objects.get(pk=second.pk).state == "done"
        and len(list(pdfs().find({"metadata.document": draft.pk}))) == 1
    )


def test_housekeeping_gives_a_stuck_issuing_entry_one_job(app, body):
    stuck, fresh = list_draft(body, 5), list_draft(body, 5)
    for document in (stuck, fresh):
        document_job.take_number(document)  # numbered; its printing interrupted
    OfficialDocument._get_collection().update_one(
        {"_id": stuck.pk}, {"$set": {"updated_at": now() - datetime.timedelta(minutes=2)}}
    )
    assert document_job.finish_stuck in job_worker.HOUSEKEEPING
    with app.app_context():
        document_job.finish_stuck()
        document_job.finish_stuck()  # every worker runs it: never a second job
    job = Job.objects.get()  # none for the entry numbered a moment ago: its request may be printing it
    assert (job.key, job.parameters, job.requested_by) == (
        f"issue:{stuck.pk}",
        {"document": str(stuck.pk)},
        "hệ thống",
    )
    run_jobs(app)
    stuck.reload()
    assert stuck.status == "issued" and stuck.number == 1 and stuck.pdf() is not None
    assert hashlib.sha256(stuck.pdf()).hexdigest() == stuck.sha256


def test_another_communes_viewer_cannot_open_the_job(app, client, district, body, long_after):
    draft = list_draft(body, INLINE_ROWS + 1)
    make_user("xem", role="viewer", unit=district["nam_quan"])
    make_user("khac", role="viewer", unit=district["nhan_ly"])
    login(client, "xem")
    token = csrf_token(client, f"{REGISTER}details/?id={draft.pk}")
    job = job_id(client.post(f"{REGISTER}preview/?id={draft.pk}", data={"csrf_token": token}))
    assert client.get(f"/admin/job/details/?id={job}").status_code == 200
    run_jobs(app)
    assert client.get(f"/admin/job/file/?id={job}").data.startswith(b"%PDF-")
    client.get("/logout")
    login(client, "khac")
    for url in (
        f"/admin/job/details/?id={job}",
        f"/admin/job/status/?id={job}",
        f"/admin/job/file/?id={job}",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(f"{REGISTER}details/?id={draft.pk}").status_code == 404
    assert client.post(f"{REGISTER}preview/?id={draft.pk}", data={"csrf_token": token}).status_code == 404


def test_rows_are_counted_per_kind_without_gathering(district, body, long_after):
    for n in range(3):
        Person(
            full_name=f"Cán bộ {n}",
            gender="nam",
            birth_year=1980,
            category="can_bo",
            unit=district["doan_ket"],
        ).save()
    Person(
        full_name="Quần chúng",
        gender="nam",
        birth_year=1980,
        category="quan_chung",
        unit=district["doan_ket"],
    ).save()
    assert document_job.rows(printing.new_draft("danh_sach_can_bo", body, district["nam_quan"])) == 3
    report = printing.new_draft("bao_cao_to_chuc", body, district["district"])
    assert document_job.rows(report) == 5  # two communes, three hamlets
    assert document_job.rows(list_draft(body, 7)) == 7


def test_the_print_limit_is_a_setting_and_the_message_says_it(app, admin_client, district, body):
    app.config["PRINT_MAX_ROWS"] = 2
    listing = "/admin/unit/print/"
    assert "In tối đa 2 dòng" in admin_client.get(listing).get_data(as_text=True)
    form = {
        "csrf_token": csrf_token(admin_client, listing),
        "summary": "Danh sách đơn vị",
        "body": str(body.pk),
        "layout": "danh_sach",
        "column": "name",
    }
    page = admin_client.post(listing, data=form).get_data(as_text=True)
    assert "Danh sách có hơn 2 dòng, quá nhiều để in" in page and OfficialDocument.objects.count() == 0
    app.config["PRINT_MAX_ROWS"] = document_job.DEFAULTS["PRINT_MAX_ROWS"]
    assert document_job.DEFAULTS["PRINT_MAX_ROWS"] >= 5_000
    assert admin_client.post(listing, data=form).status_code == 302


def test_the_settings_are_read_from_the_environment(mongod, monkeypatch):
    monkeypatch.setenv("DOCUMENT_INLINE_ROWS", "12")
    monkeypatch.setenv("PRINT_MAX_ROWS", "6000")
    app = create_app({"TESTING": True, "MONGODB_URI": mongod.uri, "MONGODB_DB": TEST_DB, "SECRET_KEY": "x"})
    assert (app.config["DOCUMENT_INLINE_ROWS"], app.config["PRINT_MAX_ROWS"]) == (12, 6000)


# A real worker, killed while it prints.


def test_a_worker_killed_while_printing_an_issue_is_relieved_and_the_number_kept(
    app, admin_client, mongod, body, long_after, tmp_path
):
    draft = list_draft(body, 2_000)  # printed in more than one part: seconds of work to interrupt
    token = csrf_token(admin_client, f"{REGISTER}details/?id={draft.pk}")
    job = Job.objects.get(
        pk=job_id(admin_client.post(f"{REGISTER}issue/?id={draft.pk}", data={"csrf_token": token}))
    )
    log = (tmp_path / "workers.log").open("wb")
    first = start_worker(mongod, log, DOCUMENT_INLINE_ROWS=INLINE_ROWS)
    second = None
    try:
        running = wait_for(
            lambda: (j := Job.objects(pk=job.pk).first()).state == "running" and j.total > 1 and j,
            120,
            "the first worker to report its parts",
        )
        assert running.attempts == 1
        stop(first, signal.SIGKILL)
        draft.reload()
        assert draft.status == "issuing"  # killed while printing: nothing stored yet
        second = start_worker(mongod, log, DOCUMENT_INLINE_ROWS=INLINE_ROWS)
        done = wait_for(
            lambda: (j := Job.objects(pk=job.pk).first()).state in ("done", "failed") and j, 180, "the job"
        )
        assert done.state == "done" and done.attempts == 2, (done.state, done.error)
    finally:
        for worker in (first, second):
            if worker is not None:
                stop(worker)
        log.close()
    draft.reload()
    assert (draft.status, draft.number, draft.symbol) == ("issued", 1, "Số: 01/DS-UBND")
    assert NumberSequence.objects.get().last == 1  # one number taken, never a second
    assert OfficialDocument.objects(number__ne=None).count() == 1
    stored = pdfs().get(draft.pdf_file).read()
    downloaded = admin_client.get(f"{REGISTER}pdf/?id={draft.pk}").data
    assert hashlib.sha256(stored).hexdigest() == draft.sha256 == hashlib.sha256(downloaded).hexdigest()
    assert "Chủ hộ số 2000" in text_of(downloaded)


def test_another_accounts_issue_job_is_shown_on_the_entry_and_joined(app, client, district, body, long_after):
    """An entry the housekeeping gave a job (no account's): an editor sees where it stands, and
    "In lại" joins that job instead of printing a second time."""
    entry = list_draft(body, INLINE_ROWS + 1)
    document_job.take_number(entry)
    with app.app_context():
        job = document_job.enqueue_issue(entry)
    make_user("sua", role="editor", unit=district["nam_quan"])
    login(client, "sua")
    details = client.get(f"{REGISTER}details/?id={entry.pk}").get_data(as_text=True)
    assert "bản PDF đang được in và lưu trong nền" in details and "công việc của hệ thống" in details
    assert "data-job-status" not in details and "In lại từ dữ liệu đã chốt" not in details
    token = csrf_token(client, f"{REGISTER}details/?id={entry.pk}")
    response = client.post(f"{REGISTER}issue/?id={entry.pk}", data={"csrf_token": token})
    assert response.headers["Location"].endswith(f"details/?id={entry.pk}")  # not a page it may open
    assert [j.pk for j in Job.objects] == [job.pk]
    run_jobs(app)
    entry.reload()
    assert entry.status == "issued" and NumberSequence.objects.get().last == 1


def test_the_draft_page_offers_the_preview_printed_and_issuing_cancels_a_waiting_one(
    app, admin_client, body, long_after
):
    draft = list_draft(body, INLINE_ROWS + 20)
    token = csrf_token(admin_client, f"{REGISTER}details/?id={draft.pk}")
    admin_client.post(f"{REGISTER}preview/?id={draft.pk}", data={"csrf_token": token})
    details = admin_client.get(f"{REGISTER}details/?id={draft.pk}").get_data(as_text=True)
    assert 'class="job-progress" data-job-status=' in details  # printing: its bar on the draft's page
    run_jobs(app)
    job = Job.objects.get()
    details = admin_client.get(f"{REGISTER}details/?id={draft.pk}").get_data(as_text=True)
    assert "Xem bản in thử đã in" in details and f"/admin/job/file/?id={job.pk}&amp;inline=1" in details
    assert "In thử lại (PDF, in trong nền)" in details
    inline = admin_client.get(f"/admin/job/file/?id={job.pk}&inline=1")
    assert inline.headers["Content-Disposition"].startswith("inline;") and inline.data.startswith(b"%PDF")

    waiting = admin_client.post(f"{REGISTER}preview/?id={draft.pk}", data={"csrf_token": token})
    assert job_id(waiting) != str(job.pk)  # done before: this click prints the draft anew
    admin_client.post(f"{REGISTER}issue/?id={draft.pk}", data={"csrf_token": token})
    assert Job.objects.get(pk=job_id(waiting)).state == "cancelled"  # the issue need not wait for it
    assert Job.objects.get(kind="document_issue").state == "queued"
