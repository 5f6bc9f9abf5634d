"""The trash: deleted registry records, kept whole until an admin purges them.

Deleting moves the stored record here in the transaction that writes its history entry
(`RegistryDocument.delete`). Restoring puts it back under the same id, so its history and
references stay as they were; purging removes it for good and is itself recorded.
"""

from mongoengine import (
    DateTimeField,
    DictField,
    Document,
    IntField,
    ListField,
    ObjectIdField,
    StringField,
)

from documents import attachment
from documents.base import RegistryDocument, StaleRecord, in_transaction, now, record_exists, references_of
from documents.history import HistoryEntry, actor


class MissingReference(Exception):
    """A record cannot come back: a record it refers to is gone (in the trash or purged)."""


class TrashedRecord(Document):
    kind = StringField(required=True)  # the record's collection
    record_id = ObjectIdField(required=True)
    kind_label = StringField(verbose_name="Loại hồ sơ")
    title = StringField(verbose_name="Hồ sơ")
    # The units under which the record was visible: scoping of the trash follows it.
    scope = ListField(ObjectIdField())
    # The version its delete entry took in the history.
    version = IntField(required=True)
    record = DictField()
    deleted_by = StringField(verbose_name="Người xóa")
    deleted_at = DateTimeField(default=now, verbose_name="Lúc xóa")

    meta = {
        "collection": "trash",
        "ordering": ["-deleted_at"],
        "indexes": [
            {"fields": ["kind", "record_id"], "unique": True},
            ("scope", "-deleted_at"),
            ("kind", "-deleted_at"),
            "-deleted_at",
        ],
    }

    def __str__(self):
        return f"{self.kind_label}: {self.title}"

    @classmethod
    def under_filter(cls, unit_id):
        return {"scope": unit_id}

    @classmethod
    def entry(cls, record, son, version):
        """The trash row (unsaved) for `record`, stored as `son`, deleted as history version `version`."""
        return cls(
            kind=record._get_collection_name(),
            record_id=record.pk,
            kind_label=getattr(record, "kind_name", record.label),
            title=str(record),
            scope=record.scope_path(),
            version=version,
            record=son,
            deleted_by=actor.get(),
        )

    def document_class(self):
        return next(k for k in RegistryDocument.registry_kinds() if k._get_collection_name() == self.kind)

    def revived(self):
        """The record as it will be stored again, its tree place recomputed (its parent may have moved).

        Raises MissingReference when something it refers to is no longer there.
        """
        record = self.document_class()._from_son(self.record, created=True)
        missing = [
            (label, pk) for _, label, document, pk in references_of(record) if not record_exists(document, pk)
        ]
        if missing:
            raise MissingReference(self._missing_message(missing))
        record.version = self.version
        return record

    def restore(self, record=None):
        """Put the record back (as a new version in its history) and empty its trash row."""
        record = record or self.revived()
        collection = self._get_collection()

        def take_out(session):
            if collection.delete_one({"_id": self.pk}, session=session).deleted_count != 1:
                raise StaleRecord(self.record_id)  # restored or purged meanwhile

        record.save(action="restore", also=take_out)
        return record

    def purge(self):
        """Remove the record and its files for good; the purge is an entry in its history."""
        history = HistoryEntry._get_collection()
        entry = HistoryEntry(
            kind=self.kind,
            record_id=self.record_id,
            version=self.version + 1,
            action="purge",
            actor=actor.get(),
            changed=[],
            before={},
            after={},
        )

        def write(session):
            if self._get_collection().delete_one({"_id": self.pk}, session=session).deleted_count != 1:
                raise MissingReference("Hồ sơ này không còn trong thùng rác.")
            history.insert_one(entry.to_mongo(), session=session)
            attachment.delete_files(self.kind, self.record_id, session)

        in_transaction(write)

    def _missing_message(self, missing):
        rows = TrashedRecord.objects(record_id__in=[pk for _, pk in missing])
        trashed = {row.record_id: row for row in rows}
        parts = []
        for name, pk in missing:
            row = trashed.get(pk)
            where = f"«{row.title}» đang ở thùng rác" if row else "hồ sơ đó đã bị xóa hẳn"
            parts.append(f"{name}: {where}")
        return "Chưa khôi phục được vì " + "; ".join(parts) + ". Hãy khôi phục hồ sơ được tham chiếu trước."
