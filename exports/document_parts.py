"""The parts of a long document printed by any job workers at once, then handed back in order.

The job printing the document (the parent) stores each part's finished HTML once, in the job
files bucket, and queues one `document_part` job per part, more urgent than new work, so that an
idle worker takes one at once. The parent then prints its own document's parts too, one at a
time, until none is left to take (so a single worker never waits for itself), and waits for
those other workers took. A part job only prints the HTML it is given: it gathers no data, and
printing it twice gives the same pages. A part whose worker is killed is taken over when its
lease lapses (by the parent or by any worker); a parent cancelled, failed or run again cancels
the parts of its attempt; the HTML and the parts' PDFs are deleted once the parent is done
with them.
"""

import gc
import time

import gridfs

from documents import job_worker
from documents.job import ACTIVE, Cancelled, Job, JobError, delete_file, files, handler, settings
from exports.pdf import render_pdf

KIND = "document_part"
# How often the parent looks whether the parts other workers took are done (at most).
WAIT_SECONDS = 0.2


def print_parts(job, finished, count):
    """The PDFs of the `count` parts whose finished HTML `finished` yields in order, printed as
    jobs under `job` (running). Raises `Cancelled` or `LeaseLost` from `job`, and `JobError`
    when a part could not be printed."""
    _cancel_parts(Job.objects(parent=job.pk, kind=KIND).scalar("pk"))  # a former attempt's
    sources, parts = [], []
    try:
        for n, part_html in enumerate(finished):
            sources.append(job.store_file(part_html.encode(), f"phần {n + 1}.html", "text/html"))
            parts.append(
                Job.enqueue(
                    KIND,
                    f"{job.title}: phần {n + 1}/{count}",
                    {"source": sources[-1], "index": n, "count": count},
                    ancestors=job.ancestors,
                    parent=job.pk,
                    priority=1,
                    requested_by=job.requested_by,
                    cancellable=False,  # cancelled with the document, not alone
                ).pk
            )
        _wait(job, parts)
        found = {part.pk: part.result_file for part in Job.objects(pk__in=parts).only("result_file")}
        return [files().open_download_stream(found[pk]).read() for pk in parts]
    finally:
        _cancel_parts(parts)
        for file_id in sources:
            delete_file(file_id)
        Job._get_collection().update_one({"_id": job.pk}, {"$pull": {"partial_files": {"$in": sources}}})
        job.partial_files = [file_id for file_id in job.partial_files if file_id not in sources]


def _wait(job, parts):
    """Print the parts nobody took yet, then wait for the others, reporting the parts done."""
    count, reported = len(parts), None
    while True:
        part = _claim(job, parts)
        if part is not None:
            job_worker.run(part)
        states = {
            found["_id"]: found
            for found in Job._get_collection().find(
                {"_id": {"$in": parts}}, projection={"state": 1, "error": 1, "parameters.index": 1}
            )
        }
        done = sum(found["state"] == "done" for found in states.values())
        if done != reported:  # first: a part cancelled with the document is no failure of its own
            job.progress(done, count, f"Đã in {done}/{count} phần")
            reported = done
        else:
            job.check()
        for found in states.values():
            if found["state"] in ("failed", "cancelled"):
                reason = found.get("error") or "phần này đã bị hủy"
                raise JobError(
                    f"Không in được phần {found['parameters']['index'] + 1}/{count} của văn bản: {reason}"
                )
        if done == count:
            return
        if part is None:
            time.sleep(min(WAIT_SECONDS, settings("JOB_POLL_SECONDS")))


def _claim(job, parts):
    """Claim one of `parts` for the parent's worker, the first in order: queued and due, or
    running with a lapsed lease."""
    return job_worker.claim(job.worker, among=parts, sort=[("parameters.index", 1)])


def _cancel_parts(parts):
    """Cancel the parts not done (a running one stops at its next report, and its PDF is then
    not kept) and delete the PDFs of those done."""
    for part in Job.objects(pk__in=list(parts)):
        if part.state in ACTIVE:
            part.cancel()
        if part.result_file is not None:
            delete_file(part.result_file)
            Job.objects(pk=part.pk).update(unset__result_file=True)


@handler(KIND)
def print_part(job):
    """Print one part's HTML and keep the PDF as the part job's file."""
    parent = Job._get_collection().find_one(
        {"_id": job.parent}, projection={"state": 1, "cancel_requested": 1}
    )
    if parent is None or parent["state"] != "running" or parent.get("cancel_requested"):
        raise Cancelled(job.pk)  # the document is no longer being printed
    number, count = job.parameters["index"] + 1, job.parameters["count"]
    job.progress(0, 1, f"Đang in phần {number}/{count}")
    try:
        finished = files().open_download_stream(job.parameters["source"]).read().decode()
    except gridfs.NoFile:
        raise Cancelled(job.pk) from None  # the attempt of the parent that stored it is over
    data = render_pdf(finished)
    del finished
    gc.collect()  # the print's layout is cyclic: freed now, not at a later pass
    job.finish(
        job.store_file(data, f"phần {number}.pdf", "application/pdf"), line=f"Đã in phần {number}/{count}"
    )
