"""The append-only history of every change to a registry record: who, when, which fields.

Entries are written in the same transaction as the change itself (`RegistryDocument.save`),
so a change without its entry, or an entry without its change, cannot happen.
"""

from contextvars import ContextVar

from mongoengine import DateTimeField, DictField, Document, IntField, ListField, ObjectIdField, StringField

from documents.base import now
from documents.constants import HISTORY_ACTIONS

# Who is acting: the web layer sets the signed-in account for each request, commands name themselves.
actor = ContextVar("actor", default="hệ thống")


class HistoryEntry(Document):
    kind = StringField(required=True)
    record_id = ObjectIdField(required=True)
    version = IntField(required=True)
    action = StringField(required=True, choices=HISTORY_ACTIONS, verbose_name="Thao tác")
    actor = StringField(verbose_name="Người thực hiện")
    at = DateTimeField(default=now, verbose_name="Lúc")
    changed = ListField(StringField(), verbose_name="Trường thay đổi")
    before = DictField()
    after = DictField()

    meta = {
        "collection": "history",
        "ordering": ["-version"],
        "indexes": [
            {"fields": ["kind", "record_id", "version"], "unique": True},
            ("actor", "-at"),
            "-at",
        ],
    }

    def __str__(self):
        return f"{self.kind} {self.record_id} v{self.version}"

    @classmethod
    def of(cls, record):
        """Entries of one record, newest first."""
        return cls.objects(kind=record._get_collection_name(), record_id=record.pk)

    @classmethod
    def original_state(cls, record):
        """The recorded fields a record had before its first entry, when that entry is an edit of
        data loaded without history (demo, imports); None when history starts with the record."""
        first = cls.of(record).order_by("version").first()
        if first is None or first.action != "edit" or first.version != 1:
            return None
        return {**{k: v for k, v in first.after.items() if k not in first.changed}, **first.before}

    @classmethod
    def entry(cls, record, action, before, after):
        """A new entry (unsaved) for `record` going from state `before` to state `after`."""
        changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
        return cls(
            kind=record._get_collection_name(),
            record_id=record.pk,
            version=record.version,
            action=action,
            actor=actor.get(),
            changed=changed,
            before={k: before[k] for k in changed if k in before},
            after=after,
        )
