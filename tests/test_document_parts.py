"""A long document printed by job workers in parts: any worker takes a part, the parent joins them
with the page numbers running on; a killed worker's part is redone, a cancelled document cancels
its parts, and nothing is left in the files bucket."""

import datetime
import io
import subprocess
import threading

import pytest
from mongoengine.connection import get_db
from pypdf import PdfReader

from documents import OfficialDocument, Person, job_worker
from documents import job as jobs
from documents.job import Job, files
from exports import document_parts
from exports import official_document as printing
from tests.test_official_documents import DAY, bodies, draft, pages, people, top_margin_text  # noqa: F401
from tests.workers import start_worker, stop

NAMES = [f"Nông Thị Hường {n:03d}" for n in range(150)]
PRINT = "in_thu"  # the test's own kind of job that prints a document


def print_document(job):
    document = OfficialDocument.objects.get(pk=job.parameters["document"])
    data = printing.print_pdf(document, printing.snapshot(document, DAY), DAY, draft=True, job=job)
    job.finish(job.store_file(data, "văn bản.pdf", "application/pdf"))


@pytest.fixture
def long_list(app, district, bodies, people, monkeypatch):  # noqa: F811
    """A draft cadre list of 152 rows, printed in parts of at most 30 rows (6 parts of 25 or 26),
    and the test's print job; in an app context, with a short lease."""
    app.config.update(JOB_LEASE_SECONDS=1, JOB_POLL_SECONDS=0.05)
    monkeypatch.setattr(printing, "PART_ROWS", 30)
    monkeypatch.setitem(jobs.HANDLERS, PRINT, print_document)
    for name in NAMES:
        Person(
            full_name=name,
            gender="nu",
            birth_year=1980,
            category="dang_vien",
            unit=district["doan_ket"],
            party_organization=people["cell"],
            admitted_on=datetime.date(2010, 1, 1),
        ).save()
    with app.app_context():
        yield draft("danh_sach_can_bo", bodies["party"], district["nam_quan"])


def printed(document, worker="worker-a"):
    """Print `document` through a job run by an in-process worker; the job and its PDF."""
    job = Job.enqueue(PRINT, "In danh sách", {"document": document.pk}, ancestors=[document.unit.pk])
    job_worker.work(threading.Event(), name=worker, once=True)
    job.reload()
    assert job.state == "done", job.error
    return job, job.file().read()


def parts_of(job):
    return list(Job.objects(parent=job.pk, kind=document_parts.KIND).order_by("parameters.index"))


def check_pages(data, parts):
    """Every row once and in order, the header row on every annex page, the page numbers running
    from 2 (the first page has none); at most one page more per part than a single print."""
    numbers = top_margin_text(data)
    assert numbers == ["", *(str(n) for n in range(2, len(numbers) + 1))]
    annex = " ".join(" ".join(pages(data)[1:]).split())
    assert all(annex.count(name) == 1 for name in NAMES)
    places = [annex.index(name) for name in NAMES]
    assert places == sorted(places)
    assert annex.count("Nơi sinh hoạt") == len(numbers) - 1
    return len(numbers)


def number_places(data):
    """Where each page prints its number: {number: (x, y) of its text, in points}."""
    places = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        height = float(page.mediabox.height)

        def visit(text, cm, tm, font, size, height=height):
            x, y = tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if text.strip() and y > height - 20 / 25.4 * 72:
                places[text.strip()] = (round(x, 1), round(y, 1))

        page.extract_text(visitor_text=visit)
    return places


def check_cleared(*printed_jobs):
    """Only the documents' own PDFs are left in the files bucket: no part's HTML or PDF."""
    assert {f._id for f in files().find()} == {job.result_file for job in printed_jobs}
    assert all(job.partial_files == [] for job in printed_jobs)


def test_one_worker_prints_every_part_of_a_long_document_and_joins_them(long_list):
    job, data = printed(long_list)
    parts = parts_of(job)
    assert [(p.parameters["index"], p.state, p.worker, p.priority) for p in parts] == [
        (n, "done", "worker-a", 1) for n in range(6)
    ]
    assert all(p.ancestors == job.ancestors and p.title.startswith("In danh sách: phần ") for p in parts)
    assert (job.done, job.total) == (6, 6)
    count = check_pages(data, parts)
    single = printing.preview(long_list, DAY)  # printed one part after the other
    assert len(pages(single)) <= count <= len(pages(single)) + len(parts) - 1  # only part-filled pages added
    # The numbers stamped on the later parts' pages are printed where a single print puts them.
    stamped, printed_alone = number_places(data), number_places(single)
    assert len(stamped) == count - 1 and all(stamped[n] == place for n, place in printed_alone.items())
    check_cleared(job)


def test_two_workers_share_the_parts_of_one_document_and_print_the_same_pages(long_list, mongod):
    alone, expected = printed(long_list)
    other = start_worker(mongod, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        assert "Đang nhận công việc" in other.stdout.readline().decode()  # it knows document_part only
        job, data = printed(long_list)
    finally:
        stop(other)
        other.stdout.close()
    workers = {p.worker for p in parts_of(job)}
    assert len(workers) == 2 and "worker-a" in workers and all(p.state == "done" for p in parts_of(job))
    assert pages(data) == pages(expected)  # whoever printed which part, the same pages
    check_pages(data, parts_of(job))
    check_cleared(alone, job)


def test_a_part_whose_worker_was_killed_is_printed_again_by_another(long_list, monkeypatch):
    claim, killed = document_parts._claim, []

    def killed_first(job, parts):
        if not killed:  # another worker takes the first part, then dies: its lease lapses
            killed.append(job_worker.claim("killed-worker", kinds=[document_parts.KIND]))
        return claim(job, parts)

    monkeypatch.setattr(document_parts, "_claim", killed_first)
    job, data = printed(long_list)
    again = Job.objects.get(pk=killed[0].pk)
    assert (again.state, again.worker, again.attempts) == ("done", "worker-a", 2)
    check_pages(data, parts_of(job))
    check_cleared(job)


def test_a_cancelled_document_cancels_its_parts_and_leaves_no_file(long_list, monkeypatch):
    claim, calls = document_parts._claim, []

    def cancelling(job, parts):
        calls.append(job.pk)
        if len(calls) == 3:  # two parts printed, then someone cancels the document
            Job.objects.get(pk=job.pk).cancel()
        return claim(job, parts)

    monkeypatch.setattr(document_parts, "_claim", cancelling)
    job = Job.enqueue(PRINT, "In danh sách", {"document": long_list.pk})
    job_worker.work(threading.Event(), name="worker-a", once=True)
    job.reload()
    assert job.state == "cancelled"
    states = [p.state for p in parts_of(job)]
    assert states[:2] == ["done", "done"] and set(states[2:]) == {"cancelled"}
    assert list(files().find()) == [] and get_db()["job_files.chunks"].count_documents({}) == 0
