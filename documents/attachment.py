"""Files attached to a registry record: the bytes in GridFS, the list on the record.

Attaching or removing a file is an edit of the record (a new version in its history). A removed
file stays in GridFS, so restoring an earlier version brings it back; only purging the record
deletes its files.
"""

import hashlib
from pathlib import PurePath

import gridfs
from bson import ObjectId
from mongoengine import DateTimeField, EmbeddedDocument, IntField, ObjectIdField, StringField
from mongoengine.connection import get_db

from documents.base import field_error, now
from documents.history import actor

BUCKET = "attachments"
MAX_NAME_LENGTH = 200

# The types a file is served with, by extension; anything else is served as bytes to save.
# Never text/html or image/svg+xml: the console's origin must not render uploaded markup.
SAFE_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".txt": "text/plain",
    ".csv": "text/csv",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".zip": "application/zip",
}
BYTES = "application/octet-stream"


class Attachment(EmbeddedDocument):
    file_id = ObjectIdField(required=True)
    name = StringField(required=True, max_length=MAX_NAME_LENGTH, verbose_name="Tên tệp")
    content_type = StringField(default=BYTES)
    size = IntField(min_value=0, verbose_name="Dung lượng")
    sha256 = StringField()
    uploaded_by = StringField(verbose_name="Người tải lên")
    uploaded_at = DateTimeField(default=now, verbose_name="Lúc tải lên")

    def __str__(self):
        return self.name


def served_type(name):
    return SAFE_TYPES.get(PurePath(name).suffix.lower(), BYTES)


def bucket():
    return gridfs.GridFS(get_db(), collection=BUCKET)


def store(record, data, name):
    """Keep the file `data` named `name` for `record` and list it there; the caller saves the record.

    GridFS cannot write inside a transaction, so the bytes go first: a record that then fails to
    save leaves unreferenced bytes behind, never a listed file without its bytes.
    """
    name = " ".join(PurePath(name.replace("\\", "/")).name.split())[-MAX_NAME_LENGTH:]
    if not name:
        raise field_error("file", "Hãy chọn một tệp.")
    if not data:
        raise field_error("file", "Tệp rỗng: không có gì để lưu.")
    if record.pk is None:
        record.pk = ObjectId()
        record._created = True  # MongoEngine takes a record given an id for a stored one: it is not, yet
    entry = Attachment(
        file_id=ObjectId(),
        name=name,
        content_type=served_type(name),
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actor.get(),
    )
    bucket().put(
        data,
        _id=entry.file_id,
        filename=name,
        metadata={"kind": record._get_collection_name(), "record_id": record.pk},
    )
    record.attachments.append(entry)
    return entry


def attach(record, data, name):
    """Add the file `data` named `name` to `record` and save the record (a new version)."""
    entry = store(record, data, name)
    try:
        record.save()
    except Exception:
        record.attachments.remove(entry)
        bucket().delete(entry.file_id)
        raise
    return entry


def detach(record, entry):
    """Take `entry` off the record (a new version); its bytes stay for the record's history."""
    record.attachments.remove(entry)
    try:
        record.save()
    except Exception:
        record.attachments.append(entry)
        raise


def open_file(entry):
    """The stored bytes of `entry` as a file object, or None when they are gone."""
    try:
        return bucket().get(entry.file_id)
    except gridfs.NoFile:
        return None


def delete_files(kind, record_id, session):
    """Delete every file ever attached to one record (when it is purged)."""
    db = get_db()
    ids = db[f"{BUCKET}.files"].distinct(
        "_id", {"metadata.kind": kind, "metadata.record_id": record_id}, session=session
    )
    if ids:
        db[f"{BUCKET}.chunks"].delete_many({"files_id": {"$in": ids}}, session=session)
        db[f"{BUCKET}.files"].delete_many({"_id": {"$in": ids}}, session=session)
