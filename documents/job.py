"""Background jobs on MongoDB: long work (a long PDF, a big export) done by workers, never in a
request.

A job is one document in `jobs`: its kind, parameters, who asked, its state, progress, result and
error, its attempts and its lease. A worker claims the oldest job it can run with one atomic
update (a queued job, or a running one whose lease has lapsed because its worker died), renews
the lease while it works, and writes the outcome only while the job is still its own. Any number
of workers on any number of machines share the collection; nothing is kept in a process.

Why not a library: no well-kept queue runs on MongoDB alone and survives a killed worker (Celery
dropped its MongoDB broker after 3.1; huey-mongodb deletes a task as it is taken; dramatiq-mongodb
is a beta), and a second server (Redis) is a cost every board would pay.

A kind's handler is registered with `@handler("kind")`; it receives the claimed `Job` and reports
with `job.progress(...)`, which also stops it (`Cancelled`, `LeaseLost`) when the job was
cancelled or taken over. A handler's steps must be idempotent: a job may run again from the
start after its worker was killed. `JobError` ends a job at once with its Vietnamese message;
any other exception is retried up to `max_attempts`, then ends it failed.
"""

import datetime

import gridfs
from bson import ObjectId
from mongoengine import (
    BooleanField,
    DateTimeField,
    DictField,
    Document,
    IntField,
    ListField,
    ObjectIdField,
    StringField,
)
from mongoengine.connection import get_db
from mongoengine.errors import NotUniqueError

from documents import text
from documents.base import now

STATES = (
    ("queued", "Đang chờ"),
    ("running", "Đang chạy"),
    ("done", "Đã xong"),
    ("failed", "Bị lỗi"),
    ("cancelled", "Đã hủy"),
)
ACTIVE = ("queued", "running")
FINISHED = ("done", "failed", "cancelled")
FILES = "job_files"

# Settings, read from the app's config by the worker (`settings`); these are the defaults.
DEFAULTS = {
    # A worker renews its lease every third of this; a job whose lease lapses is taken over.
    "JOB_LEASE_SECONDS": 30,
    # Attempts before a job ends failed (a killed worker's attempt counts).
    "JOB_MAX_ATTEMPTS": 3,
    # How long a finished job and its file are kept.
    "JOB_KEEP_HOURS": 72,
    # How often an idle worker looks for work.
    "JOB_POLL_SECONDS": 0.5,
    # Jobs one account may have waiting or running at once.
    "JOB_ACTIVE_PER_USER": 5,
    # How much lower than the web tier workers run (`nice`, 0 for the same): on a machine that
    # also serves pages, a print takes the CPU the pages leave.
    "JOB_NICE": 10,
}

HANDLERS = {}
# Functions any worker runs now and then (`housekeeping`): each is idempotent.
HOUSEKEEPING = []


def handler(kind):
    """Register the function that does jobs of `kind`."""

    def register(function):
        HANDLERS[kind] = function
        return function

    return register


def housekeeping_task(function):
    HOUSEKEEPING.append(function)
    return function


class JobError(Exception):
    """A job that cannot succeed however often it is tried: its message (Vietnamese) is shown."""


class Cancelled(Exception):
    """Someone cancelled the job while it ran."""


class LeaseLost(Exception):
    """The job is no longer this worker's (its lease lapsed and another worker took it)."""


class TooManyJobs(Exception):
    """The account already has as many jobs waiting as it may."""


class Job(Document):
    kind = StringField(required=True)
    title = StringField(required=True)
    parameters = DictField()
    requested_by = StringField()
    user = ObjectIdField()
    # Scope: the unit path of what the job concerns (`scope_path` of the record or list), so it is
    # seen only by those who see that.
    ancestors = ListField(ObjectIdField())
    state = StringField(required=True, choices=STATES, default="queued")
    done = IntField(default=0)
    total = IntField(default=0)
    line = StringField(default="Đang chờ đến lượt")
    result_file = ObjectIdField()
    result_name = StringField()
    result_type = StringField()
    result_size = IntField()
    # A record the job made or finished, as {"view": endpoint, "id": "..."}.
    result_record = DictField()
    error = StringField()
    attempts = IntField(default=0)
    max_attempts = IntField(default=DEFAULTS["JOB_MAX_ATTEMPTS"])
    cancellable = BooleanField(default=True)
    cancel_requested = BooleanField(default=False)
    worker = StringField()
    lease_until = DateTimeField()
    not_before = DateTimeField()
    created_at = DateTimeField(default=now)
    started_at = DateTimeField()
    finished_at = DateTimeField()
    # Removed by MongoDB (TTL index) once passed; its file by `remove_expired_files`.
    expires_at = DateTimeField()
    # Set while the job is queued or running: at most one active job per key.
    key = StringField()
    # The job this one is a part of, and files an interrupted attempt left half-written.
    parent = ObjectIdField()
    priority = IntField(default=0)
    partial_files = ListField(ObjectIdField())

    meta = {
        "collection": "jobs",
        "ordering": ["-created_at"],
        "indexes": [
            ("state", "-priority", "created_at"),
            ("state", "lease_until"),
            ("user", "-created_at"),
            ("ancestors", "-created_at"),
            "-created_at",
            "parent",
            {"fields": ["key"], "unique": True, "partialFilterExpression": {"key": {"$type": "string"}}},
            {"fields": ["expires_at"], "expireAfterSeconds": 0},
        ],
    }

    def __str__(self):
        return self.title

    @property
    def state_name(self):
        return dict(STATES).get(self.state, self.state)

    @property
    def active(self):
        return self.state in ACTIVE

    @property
    def percent(self):
        """Done, in percent: 0 while waiting (a retry starts again from nothing)."""
        if self.state == "done":
            return 100
        if self.state == "queued" or not self.total:
            return 0
        return min(100, int(100 * self.done / self.total))

    def progress_line(self):
        """ "Đã in 3/8 phần" as the handler said it, or the state in words."""
        if self.state == "running" and self.cancel_requested:
            return "Đang dừng theo yêu cầu hủy..."
        if self.state == "running":
            return self.line or "Đang chạy"
        if self.state == "queued":
            return "Đang chờ đến lượt" if not self.attempts else "Đang chờ chạy lại"
        return self.state_name

    # Made by a request.

    @classmethod
    def enqueue(cls, kind, title, parameters=None, user=None, ancestors=(), key=None, **fields):
        """A new queued job, or the active one with the same `key` (a second click on the same
        button joins the job the first one started)."""
        if user is not None and not fields.get("parent"):
            waiting = cls.objects(user=user.pk, state__in=ACTIVE, parent=None).count()
            if waiting >= settings("JOB_ACTIVE_PER_USER"):
                raise TooManyJobs(
                    f"Bạn đang có {text.figure(waiting)} công việc đang chờ hoặc đang chạy: hãy đợi "
                    "chúng xong (trang Công việc) rồi làm tiếp."
                )
        job = cls(
            kind=kind,
            title=title,
            parameters=parameters or {},
            requested_by=user.username if user is not None else fields.pop("requested_by", "hệ thống"),
            user=user.pk if user is not None else None,
            ancestors=list(ancestors),
            key=key,
            not_before=now(),
            max_attempts=settings("JOB_MAX_ATTEMPTS"),
            **fields,
        )
        try:
            return job.save(force_insert=True)
        except NotUniqueError:
            found = cls.objects(key=key).first() if key is not None else None
            if found is None:  # the other job ended meanwhile: this one may go in
                if key is None:
                    raise
                return job.save(force_insert=True)
            return found

    def cancel(self):
        """Cancel the job: a queued one at once, a running one at its worker's next report.
        Returns False when it had finished already."""
        collection = self._get_collection()
        ended = {"state": "cancelled", "finished_at": now(), "expires_at": expiry(), "line": "Đã hủy"}
        stopped = collection.update_one(
            {"_id": self.pk, "state": "queued"}, {"$set": ended, "$unset": {"key": ""}}
        )
        if not stopped.modified_count:
            stopped = collection.update_one(
                {"_id": self.pk, "state": "running"}, {"$set": {"cancel_requested": True}}
            )
        self.reload()
        return bool(stopped.modified_count)

    # Done by a worker.

    def progress(self, done, total=None, line=None):
        """Report progress; raises `Cancelled` or `LeaseLost` when the job should stop."""
        changes = {"done": int(done)}
        if total is not None:
            changes["total"] = int(total)
        if line is not None:
            changes["line"] = line
        found = self._get_collection().find_one_and_update(
            self._mine(), {"$set": changes}, projection={"cancel_requested": 1}
        )
        if found is None:
            raise LeaseLost(self.pk)
        if found.get("cancel_requested"):
            raise Cancelled(self.pk)
        for name, value in changes.items():
            setattr(self, name, value)

    def check(self):
        """Raise `Cancelled` or `LeaseLost` when the job should stop (no write)."""
        found = self._get_collection().find_one(self._mine(), projection={"cancel_requested": 1})
        if found is None:
            raise LeaseLost(self.pk)
        if found.get("cancel_requested"):
            raise Cancelled(self.pk)

    def open_file(self, filename, content_type):
        """A GridFS upload stream for the job's result; the file is the job's once it succeeds
        (`finish`), and deleted if this attempt is interrupted or fails."""
        file_id = ObjectId()
        self._get_collection().update_one({"_id": self.pk}, {"$push": {"partial_files": file_id}})
        self.partial_files.append(file_id)
        metadata = {"job": self.pk, "content_type": content_type}
        return files().open_upload_stream_with_id(file_id, filename, metadata=metadata)

    def store_file(self, data, filename, content_type):
        """Store `data` (bytes) as the job's result file; returns its id."""
        with self.open_file(filename, content_type) as stream:
            stream.write(data)
        return stream._id

    def finish(self, file_id=None, record=None, line="Đã xong"):
        """End the job done, with its file (from `open_file`) or record. Raises `Cancelled` or
        `LeaseLost` when it was cancelled or taken over meanwhile; its file is then removed."""
        changes = {"state": "done", "finished_at": now(), "expires_at": expiry(), "line": line}
        if self.total:
            changes["done"] = self.total
        if file_id is not None:
            stored = files()._files.find_one(
                {"_id": file_id}, projection={"filename": 1, "length": 1, "metadata": 1}
            )
            changes.update(
                result_file=file_id,
                result_name=stored["filename"],
                result_size=stored["length"],
                result_type=stored["metadata"]["content_type"],
            )
            files()._files.update_one(
                {"_id": file_id}, {"$set": {"metadata.expires_at": changes["expires_at"]}}
            )
        if record is not None:
            changes["result_record"] = record
        done = self._get_collection().update_one(
            {**self._mine(), "cancel_requested": {"$ne": True}},
            {"$set": changes, "$unset": {"key": "", "lease_until": ""}, "$pull": {"partial_files": file_id}},
        )
        if not done.modified_count:
            if file_id is not None:
                delete_file(file_id)
            self.check()  # cancelled, or taken over: said by the exception
        self.reload()

    def _mine(self):
        return {"_id": self.pk, "state": "running", "worker": self.worker}

    def file(self):
        """The result file, open for reading, or None when it is gone (expired)."""
        if self.result_file is None or (self.expires_at and self.expires_at < now()):
            return None
        try:
            return files().open_download_stream(self.result_file)
        except gridfs.NoFile:
            return None


def settings(name):
    """A job setting from the app's config when there is an app, else its default."""
    try:
        from flask import current_app

        return current_app.config.get(name, DEFAULTS[name])
    except RuntimeError:
        return DEFAULTS[name]


def files():
    return gridfs.GridFSBucket(get_db(), bucket_name=FILES)


def expiry():
    return now() + datetime.timedelta(hours=settings("JOB_KEEP_HOURS"))


def delete_file(file_id):
    try:
        files().delete(file_id)
    except gridfs.NoFile:
        files()._chunks.delete_many({"files_id": file_id})  # a stream never closed leaves chunks only
