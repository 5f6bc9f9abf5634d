"""Official documents printed in the background (`documents.job`): a long draft's preview, and the
second half of an issue (the PDF printed from the frozen snapshot and stored), for documents with
more rows than a request prints in a couple of seconds (`in_background`).

Issuing stays in two steps, as in the request: the number is taken in the request (one
transaction, `take_number`), and the job only finishes an entry left `issuing`. Its steps are
idempotent: a job run again after its worker was killed prints again from the same snapshot, and
an entry found issued already is left as it is. No entry stays `issuing` for good: every worker
gives such an entry a job when none is at it (`finish_stuck`)."""

import contextlib
import datetime
import logging
import re
import textwrap

from bson import ObjectId

from documents import text
from documents.base import StaleRecord, now
from documents.history import actor
from documents.job import Job, JobError, TooManyJobs, handler, housekeeping_task
from documents.official_document import NotDraft, OfficialDocument, vietnam_today
from exports import official_document as printing

logger = logging.getLogger(__name__)

PREVIEW = "document_preview"
ISSUE = "document_issue"

# Settings, read from the app's config (`setting`), from the environment by app.py; the defaults.
DEFAULTS = {
    # Rows above which a document is printed by a job, not in the request: WeasyPrint takes 7 to 8
    # ms a row, so about 2 seconds.
    "DOCUMENT_INLINE_ROWS": 250,
    # Rows a list's «In văn bản» takes at most (`admin.printed_list`); a worker prints them.
    "PRINT_MAX_ROWS": 5_000,
}
# An entry numbered this long ago that no job is finishing is given one (`finish_stuck`): longer
# than a small document takes to print in the request that numbered it.
STUCK_AFTER = datetime.timedelta(minutes=1)
# An issue job that failed is tried again after this long, not every minute.
RETRY_FAILED_AFTER = datetime.timedelta(minutes=15)
GONE = "Văn bản này không còn trong sổ (dự thảo đã bị xóa): không có gì để in."


def setting(name):
    """A printing setting from the app's config when there is an app, else its default."""
    try:
        from flask import current_app

        return current_app.config.get(name, DEFAULTS[name])
    except RuntimeError:
        return DEFAULTS[name]


def rows(document):
    """About how many rows `document` prints, read cheaply: from its frozen data once it has a
    number, else by its kind (`rows` of the kind's module: a count, never the data itself)."""
    if document.status != "draft" and document.snapshot:
        return printed_rows(document.snapshot.get("data", {}))
    module = printing.KINDS.get(document.kind)
    return module.rows(document) if module is not None else 0


def printed_rows(data):
    """The rows of every table in a snapshot's data: the main table, the tables of each commune..."""
    if isinstance(data, dict):
        own = len(data["rows"]) if isinstance(data.get("rows"), list) else 0
        return own + sum(printed_rows(value) for key, value in data.items() if key != "rows")
    if isinstance(data, list):
        return sum(printed_rows(value) for value in data if isinstance(value, (dict, list)))
    return 0


def in_background(document):
    """Whether `document` is too long to print in a request (`DOCUMENT_INLINE_ROWS`)."""
    return rows(document) > setting("DOCUMENT_INLINE_ROWS")


def issue_key(document):
    return f"issue:{document.pk}"


def issue_job(document):
    """The job finishing `document` now (queued or running), or None."""
    return Job.objects(key=issue_key(document)).first()


def take_number(document, day=None):
    """The first half of `printing.issue`: the draft numbered and its data frozen, one transaction."""
    day = day or vietnam_today()
    printing.check_type(document)
    document.take_number(day, printing.issued_snapshot(document, day))
    cancel_previews(document)


def enqueue_issue(document, user=None):
    """The job that finishes the numbered `document`: a new one, or the one already at it (key
    `issue:<id>`). Never refused for the account's limit of jobs: the number is taken already."""
    fields = dict(
        kind=ISSUE,
        title=f"Ban hành {document.type_name.lower()} số {document.number_text}",
        parameters={"document": str(document.pk)},
        ancestors=document.scope_path(),
        key=issue_key(document),
        cancellable=False,
        priority=1,
    )
    try:
        return Job.enqueue(user=user, **fields)
    except TooManyJobs:
        job = Job.enqueue(requested_by=user.username, **fields)
        if job.user is None:  # still the account's own job, on its Công việc page
            Job.objects(pk=job.pk, user=None).update_one(set__user=user.pk)
            job.reload()
        return job


def enqueue_preview(document, user):
    """The job printing the draft's preview for `user`; a second click joins it while it runs.
    Raises `TooManyJobs` when the account has enough waiting."""
    return Job.enqueue(
        PREVIEW,
        f"In thử dự thảo {document.type_name.lower()} {document.summary}",
        {"document": str(document.pk), "version": document.version},
        user=user,
        ancestors=document.scope_path(),
        key=f"preview:{document.pk}:{document.version}:{user.pk}",
    )


def preview_name(document):
    """ "Dự thảo danh sách cán bộ, đảng viên xã Nam Quan.pdf": the summary with its Vietnamese
    letters, without the characters a file name may not hold."""
    summary = re.sub(r"[\\/]", "-", text.without_controls(document.summary or ""))  # 30-06-2024
    summary = re.sub(r'[:*?"<>|]', " ", summary)
    return f"Dự thảo {textwrap.shorten(summary, 100, placeholder='…')}.pdf"  # cut between words


def preview_job(document, user):
    """The latest preview job of the draft as it is now (its version) for `user`, while queued,
    running or done with its file kept; None otherwise."""
    return (
        Job.objects(
            kind=PREVIEW,
            user=user.pk,
            parameters__document=str(document.pk),
            parameters__version=document.version,
            state__in=("queued", "running", "done"),
        )
        .order_by("-created_at")
        .first()
    )


def cancel_previews(document):
    """Previews of a draft just numbered are of no use any more: cancelled, so its issue job
    does not wait behind them."""
    for job in Job.objects(
        kind=PREVIEW, parameters__document=str(document.pk), state__in=("queued", "running")
    ):
        job.cancel()


def record(document):
    return {"view": "official_document", "id": str(document.pk)}


@contextlib.contextmanager
def acting_for(job):
    """History records the account that asked for the job as the one who did it."""
    token = actor.set(job.requested_by or "hệ thống")
    try:
        yield
    finally:
        actor.reset(token)


def _document(job):
    raw = job.parameters.get("document", "")
    document = OfficialDocument.objects(pk=ObjectId(raw)).first() if ObjectId.is_valid(raw) else None
    if document is None:
        raise JobError(GONE)
    return document


@handler(PREVIEW)
def print_preview(job):
    """A draft printed from the data as it is now (no number, marked DỰ THẢO), kept as the job's file."""
    document = _document(job)
    if document.status != "draft":
        job.finish(record=record(document), line=f"Văn bản đã vào sổ ({document.symbol}): mở văn bản để tải")
        return
    job.progress(0, 1, "Đang lập dữ liệu")
    day = vietnam_today()
    with acting_for(job):
        data = printing.print_pdf(document, printing.snapshot(document, day), day, draft=True, job=job)
    job.finish(job.store_file(data, preview_name(document), "application/pdf"), line="Đã in xong bản thử")


@handler(ISSUE)
def finish_issue(job):
    """An entry numbered but not stored (`issuing`) printed from its frozen snapshot and stored;
    an entry issued meanwhile (by another job or by "In lại") is left as it is."""
    document = _document(job)
    if document.status == "draft":
        raise JobError("Văn bản này còn là dự thảo, chưa lấy số: hãy bấm «Ban hành» trên trang văn bản.")
    if document.status == "issuing":
        job.progress(0, 1, f"Đang in {document.symbol}")
        issued = document.issued_on
        day = issued.date() if isinstance(issued, datetime.datetime) else issued
        data = printing.print_pdf(document, document.snapshot, day, number=document.number, job=job)
        job.check()  # taken over or cancelled while printing: the other attempt stores it
        with acting_for(job):
            try:
                document.store_pdf(data)
            except (NotDraft, StaleRecord):  # finished meanwhile: its PDF is the one kept
                document.reload()
    job.finish(record=record(document), line=f"Đã ban hành và vào sổ: {document.symbol}")


@housekeeping_task
def finish_stuck():
    """Give a job to every entry left `issuing` (its request or worker was interrupted before the
    PDF was stored) that no job is finishing; one that failed lately waits a while."""
    moment = now()
    for document in OfficialDocument.objects(status="issuing", updated_at__lt=moment - STUCK_AFTER):
        if issue_job(document) is not None:
            continue
        failed = Job.objects(
            kind=ISSUE,
            parameters__document=str(document.pk),
            state="failed",
            finished_at__gt=moment - RETRY_FAILED_AFTER,
        )
        if failed.count(with_limit_and_skip=True):
            continue
        job = enqueue_issue(document)
        logger.info("entry %s (%s) left issuing: job %s finishes it", document.pk, document.symbol, job.pk)
