"""The worker: claims jobs (`documents.job`) with one atomic update, runs them while renewing the
lease, and `flask --app app jobs work [--concurrency N]` to run one.

A worker holds nothing another worker needs: a job whose worker is killed keeps its lease until
the lease lapses, and then the next worker to look takes it over and runs it again from the start
(`Job.partial_files` says what the interrupted attempt had half-written). Stopped by Ctrl-C or
SIGTERM, a worker hands its running job back to the queue at once.
"""

import datetime
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid

import click
from flask import current_app
from flask.cli import with_appcontext
from pymongo import ReturnDocument
from pymongo.errors import PyMongoError

from documents import history, text
from documents.base import now
from documents.cli import ConsoleGroup
from documents.job import (
    HANDLERS,
    HOUSEKEEPING,
    STATES,
    Cancelled,
    Job,
    JobError,
    LeaseLost,
    delete_file,
    expiry,
    files,
    settings,
)

logger = logging.getLogger(__name__)


def claim(worker, kinds=None, among=None, sort=None):
    """Take the next job for `worker` with one atomic update: the most urgent queued job that is
    due, else a running one whose lease lapsed. Returns the claimed `Job` or None. `among` (ids)
    keeps to those jobs, in `sort` order (a document's parent taking its own parts)."""
    moment = now()
    scope = (
        {"_id": {"$in": list(among)}} if among is not None else {"kind": {"$in": sorted(kinds or HANDLERS)}}
    )
    lease = datetime.timedelta(seconds=settings("JOB_LEASE_SECONDS"))
    for condition in (
        {"state": "queued", "not_before": {"$lte": moment}},
        {"state": "running", "lease_until": {"$lt": moment}},
    ):
        found = Job._get_collection().find_one_and_update(
            {**condition, **scope},
            {
                "$set": {
                    "state": "running",
                    "worker": worker,
                    "lease_until": moment + lease,
                    "started_at": moment,
                },
                "$inc": {"attempts": 1},
            },
            sort=sort or [("priority", -1), ("created_at", 1)],
            return_document=ReturnDocument.AFTER,
        )
        if found is not None:
            return Job._from_son(found)
    return None


def run(job):
    """Run the claimed `job` to its end: done, queued again for a later try, failed or cancelled."""
    lease = _Lease(job, current_app._get_current_object())
    lease.start()
    named = None
    try:
        _clear_partial(job)
        if job.attempts > job.max_attempts:
            raise JobError(
                f"Công việc bị gián đoạn {text.figure(job.attempts - 1)} lần (máy chạy bị tắt hoặc mất "
                "kết nối): đã thôi thử lại. Hãy làm lại từ đầu."
            )
        job.check()
        named = history.actor.set(job.requested_by or "hệ thống")  # what the job changes is the requester's
        HANDLERS[job.kind](job)
        if job.state == "running":  # the handler left no result: the job is done all the same
            job.finish()
    except Cancelled:
        _end(job, "cancelled")
    except LeaseLost:
        logger.warning("job %s: lease lost, left to the worker that took it", job.pk)
    except JobError as exc:
        _end(job, "failed", str(exc))
    except Exception as exc:  # anything unforeseen: tried again, then failed saying what it was
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _retry_or_fail(job, exc)
    finally:
        lease.stop()
        if named is not None:
            history.actor.reset(named)  # the next job (or what follows) is not this requester's


def release(job):
    """Hand a running job back to the queue (its worker is stopping): the attempt is not counted."""
    Job._get_collection().update_one(
        job._mine(),
        {
            "$set": {"state": "queued", "not_before": now(), "line": "Đang chờ chạy lại"},
            "$unset": {"worker": "", "lease_until": ""},
            "$inc": {"attempts": -1},
        },
    )


def _clear_partial(job):
    if not job.partial_files:
        return
    for file_id in job.partial_files:
        delete_file(file_id)
    Job._get_collection().update_one(job._mine(), {"$pull": {"partial_files": {"$in": job.partial_files}}})
    job.partial_files = []


def _end(job, state, error=None):
    changes = {"state": state, "finished_at": now(), "expires_at": expiry(), "line": dict(STATES)[state]}
    if error:
        changes["error"] = error
    Job._get_collection().update_one(job._mine(), {"$set": changes, "$unset": {"key": "", "lease_until": ""}})
    for file_id in job.partial_files:
        delete_file(file_id)


def _retry_or_fail(job, exc):
    if job.attempts >= job.max_attempts:
        message = (
            f"Lỗi không lường trước ({type(exc).__name__}) sau {text.figure(job.attempts)} lần thử: "
            "hãy báo quản trị viên."
        )
        _end(job, "failed", message)
        return
    wait = datetime.timedelta(seconds=min(60, 2**job.attempts))
    Job._get_collection().update_one(
        job._mine(),
        {
            "$set": {
                "state": "queued",
                "not_before": now() + wait,
                "error": f"Lần thử {text.figure(job.attempts)} bị lỗi ({type(exc).__name__}); sẽ thử lại.",
                "line": "Đang chờ chạy lại",
            },
            "$unset": {"worker": "", "lease_until": ""},
        },
    )
    for file_id in job.partial_files:
        delete_file(file_id)


class _Lease(threading.Thread):
    """Renews the job's lease every third of its length while the job runs."""

    def __init__(self, job, app):
        super().__init__(daemon=True, name=f"lease-{job.pk}")
        self.job, self.stopped = job, threading.Event()
        self.seconds = app.config.get("JOB_LEASE_SECONDS", settings("JOB_LEASE_SECONDS"))

    def run(self):
        while not self.stopped.wait(self.seconds / 3):
            try:
                Job._get_collection().update_one(
                    self.job._mine(),
                    {"$set": {"lease_until": now() + datetime.timedelta(seconds=self.seconds)}},
                )
            except PyMongoError:  # the next renewal tries again; the lease outlasts two misses
                logger.warning("job %s: lease not renewed", self.job.pk, exc_info=True)

    def stop(self):
        self.stopped.set()


def worker_name():
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def remove_expired_files():
    """Delete the result files of finished jobs whose time is up (the TTL index removes the jobs)."""
    for stored in files()._files.find({"metadata.expires_at": {"$lt": now()}}, projection={"_id": 1}):
        delete_file(stored["_id"])


HOUSEKEEPING.append(remove_expired_files)


def housekeeping():
    for task in HOUSEKEEPING:
        try:
            task()
        except Exception:  # one task's failure never stops the worker
            logger.exception("housekeeping %s failed", task.__name__)


def work(stop, name=None, once=False, current=None):
    """Claim and run jobs until `stop` (a threading.Event) is set, or, with `once`, until none is
    left; `current` (a dict) holds the job being run, for `serve` to hand back on a signal."""
    name = name or worker_name()
    poll = settings("JOB_POLL_SECONDS")
    last_housekeeping = None
    while not stop.is_set():
        if last_housekeeping is None or time.monotonic() - last_housekeeping > 60:
            housekeeping()
            last_housekeeping = time.monotonic()
        try:
            job = claim(name)
        except PyMongoError:
            logger.warning("could not reach MongoDB to claim a job", exc_info=True)
            stop.wait(5)
            continue
        if job is None:
            if once:
                return
            stop.wait(poll)
            continue
        logger.info("job %s (%s) claimed by %s: %s", job.pk, job.kind, name, job.title)
        if current is not None:
            current["job"] = job
        try:
            run(job)
        except PyMongoError:
            logger.error("job %s: MongoDB unreachable; its lease will lapse", job.pk, exc_info=True)
        finally:
            if current is not None:
                current.pop("job", None)


def serve(app, stop=None):
    """One worker in this process until Ctrl-C or SIGTERM, when its running job goes back to the queue."""
    stop = stop or threading.Event()
    current = {}

    def target():
        with app.app_context():
            work(stop, current=current)

    thread = threading.Thread(target=target, name="jobs", daemon=True)
    thread.start()
    while thread.is_alive() and not stop.wait(0.5):
        pass
    job = current.get("job")
    if job is not None:
        with app.app_context():
            release(job)
        logger.info("job %s handed back to the queue", job.pk)


def supervise(concurrency, stop):
    """`concurrency` worker processes (each `jobs work --concurrency 1`), restarted if one dies,
    stopped together. WeasyPrint holds the interpreter while it prints: processes, not threads."""
    command = [sys.executable, "-m", "flask", "--app", "app", "jobs", "work", "--concurrency", "1"]
    env = {
        **os.environ,
        "MONGODB_URI": current_app.config["MONGODB_URI"],
        "MONGODB_DB": current_app.config["MONGODB_DB"],
    }
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    children = [subprocess.Popen(command, env=env, cwd=root) for _ in range(concurrency)]
    while not stop.wait(1):
        for n, child in enumerate(children):
            if child.poll() is not None:
                logger.warning("worker process %s ended (%s): started again", child.pid, child.returncode)
                children[n] = subprocess.Popen(command, env=env, cwd=root)
    for child in children:
        child.terminate()
    for child in children:
        child.wait()


@click.group("jobs", cls=ConsoleGroup, help="Background jobs.")
def jobs_command():
    pass


@jobs_command.command("work")
@click.option(
    "--concurrency", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes."
)
@with_appcontext
def work_command(concurrency):
    """Run jobs until Ctrl-C. Any number of workers, on any machine, may share one MONGODB_URI."""
    stop = threading.Event()

    def stopping(signum, frame):
        stop.set()

    signal.signal(signal.SIGINT, stopping)
    signal.signal(signal.SIGTERM, stopping)
    # Below the web tier's priority: on a machine that also serves pages, a print takes the CPU
    # the pages leave (docs/PERFORMANCE.md, "Pages while documents print").
    wanted = int(settings("JOB_NICE"))
    os.setpriority(os.PRIO_PROCESS, 0, max(os.getpriority(os.PRIO_PROCESS, 0), wanted))
    kinds = ", ".join(sorted(HANDLERS))
    click.echo(f"Đang nhận công việc ({text.figure(concurrency)} tiến trình; loại: {kinds}). Ctrl-C để dừng.")
    if concurrency > 1:
        supervise(concurrency, stop)
    else:
        serve(current_app._get_current_object(), stop)
