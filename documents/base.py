"""Shared behaviour of registry documents: place in the unit tree, search terms, versioned saves."""

import datetime

from bson import ObjectId
from mongoengine import (
    DateTimeField,
    DictField,
    Document,
    EmbeddedDocumentField,
    IntField,
    ListField,
    ObjectIdField,
    ReferenceField,
    StringField,
)
from mongoengine.connection import get_connection
from mongoengine.errors import NotUniqueError, OperationError, ValidationError
from pymongo.errors import DuplicateKeyError

from documents import text
from documents.constants import VIETNAM_TIME

# Fields computed from the others on every save: history does not keep them.
DERIVED_FIELDS = frozenset(
    {
        "_id",
        "ancestors",
        "parents",
        "search_terms",
        "search_exact",
        "sort_name",
        "created_at",
        "updated_at",
        "version",
        "definition_version",
        "definition_versions",
    }
)


# Stored paths in the unit tree and the party-organization tree.
PATH_FIELDS = ("ancestors", "parents")


class StaleRecord(Exception):
    """The record was changed or deleted by someone else since it was read."""


class ReferencedRecord(OperationError):
    """The record cannot go: other records still refer to it (`referrers` says which)."""

    def __init__(self, referrers):
        self.referrers = referrers
        names = ", ".join(f"{count} {label}" for label, count in referrers)
        super().__init__(f"Không xóa được: còn {names} đang tham chiếu tới bản ghi này.")


def now():
    """The time in UTC to the millisecond, as MongoDB keeps it: a record saved again unchanged
    right after it was created holds what is stored."""
    moment = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def vietnam_today():
    """Today in Vietnam (UTC+7), whatever the server's clock zone: the day staff work on."""
    return datetime.datetime.now(VIETNAM_TIME).date()


def field_error(field, message):
    """A ValidationError that names the form field it belongs to."""
    return ValidationError(message, errors={field: ValidationError(message, field_name=field)})


class RegistryDocument(Document):
    """A record that belongs somewhere in the unit tree.

    `ancestors` holds the ids of every unit above the record (root first, the record's own
    unit last), so "everything under this commune" is one lookup on its index.
    `search_terms` holds the folded words that search matches, `search_exact` the same
    words with their diacritics, to rank exact-accent matches first. `sort_name` orders the
    record's name as a Vietnamese dictionary does (`text.sort_key`).
    """

    ancestors = ListField(ObjectIdField(), verbose_name="Thuộc đơn vị")
    search_terms = ListField(StringField())
    search_exact = ListField(StringField())
    sort_name = StringField()
    version = IntField(default=0)
    # Values of the fields staff added to this family (`documents.form_definition`), by field key.
    values = DictField(verbose_name="Trường bổ sung")
    # The version of each definition extending this family that last checked `values`, by code.
    definition_versions = DictField()
    # Files attached to the record (`documents.attachment`); changed only through attach/detach.
    attachments = ListField(EmbeddedDocumentField("Attachment"), verbose_name="Tệp đính kèm")
    created_at = DateTimeField(default=now, verbose_name="Tạo lúc")
    updated_at = DateTimeField(default=now, verbose_name="Sửa lúc")

    meta = {"abstract": True}

    def tidy_text(self):
        """Trim every text field; a required one left blank is refused, not stored as spaces."""
        for name, field in self._fields.items():
            value = getattr(self, name)
            if isinstance(field, StringField) and isinstance(value, str):
                value = " ".join(value.split()) if name not in self.multiline_fields else value.strip()
                setattr(self, name, value or None)
                if field.required and not value:
                    raise field_error(name, "Trường này là bắt buộc.")

    # Text fields whose line breaks are kept (the others are folded to single spaces).
    multiline_fields = ()

    def search_texts(self):
        """The texts that search should find this record by."""
        raise NotImplementedError

    def name_key(self):
        """The value lists sort this record's name by."""
        raise NotImplementedError

    def place_ancestors(self):
        """Ids of the units above this record, root first; overridden by each kind."""
        return []

    @classmethod
    def under_filter(cls, unit_id):
        """Raw filter for the records of this kind that belong under the unit `unit_id`."""
        return {"ancestors": unit_id}

    def stays_under(self, unit_id):
        """Whether this record, as it would be saved now, still belongs under `unit_id`."""
        return unit_id in self.place_ancestors()

    # The record family that form definitions may extend ("person", "household"...), if any.
    extended_as = None

    def check_extension(self):
        """Check `values` against the family's extension; return its searchable texts."""
        from documents.form_definition import extension_for, missing_references

        extension = extension_for(self.extended_as) if self.extended_as else None
        if extension is None:
            return []
        self.values = extension.clean_values(self.values)
        missing_references(extension, self.values)
        self.definition_versions = extension.versions
        return extension.searchable_texts(self.values)

    # The words that name each kind of this record, by stored kind ("xa": "Xã"): a search may
    # start with them ("xã nam quan") though they are not among the stored search terms.
    kind_words = {}

    @classmethod
    def search_filter(cls, term, accents=False):
        """Raw filter for what a search box holds: every word starts a word of the record
        (`accents`: with its diacritics), or the leading words name the record's kind and the
        others start its words. Read from the kind, so stored records need no new terms."""
        match = text.exact_filter if accents else text.search_filter
        plain = match(term)
        kinds, rest = text.leading_kind(term, cls.kind_words, accents)
        if not kinds:
            return plain
        of_kind = {"kind": {"$in": kinds}}
        return {"$or": [plain, {"$and": [of_kind, match(rest)]} if text.tokens(rest) else of_kind]}

    def search_words(self):
        """The words search finds this record by, as stored: (folded, with their diacritics)."""
        from documents.form_definition import extension_for

        extension = extension_for(self.extended_as) if self.extended_as else None
        texts = [
            t
            for t in [*self.search_texts(), *(extension.searchable_texts(self.values) if extension else [])]
            if t
        ]
        return text.search_terms(*texts), text.exact_terms(*texts)

    def clean(self):
        self.ancestors = self.place_ancestors()
        self.tidy_text()
        texts = [t for t in [*self.search_texts(), *self.check_extension()] if t]
        self.search_terms = text.search_terms(*texts)
        self.search_exact = text.exact_terms(*texts)
        self.sort_name = self.name_key()
        self.updated_at = now()

    # The Vietnamese name of the kind, for messages.
    label = "bản ghi"

    def recorded_state(self, son=None):
        """The fields history keeps: what people entered, not what is derived from it."""
        son = self.to_mongo().to_dict() if son is None else son
        return {k: v for k, v in son.items() if k not in DERIVED_FIELDS}

    def save(self, action=None, also=None, **kwargs):
        """Validate, then write the record and its history entry in one transaction.

        `also(session)`, when given, writes more in the same transaction.

        An existing record is written only while it is still at the version it was read at,
        and one deleted meanwhile is never re-created: both raise StaleRecord. An edit that
        changes no stored field writes nothing: no version, no history entry.
        """

        kept = write_versioned(
            self, action, then=_taking_along(self, also), may_skip=action is None and also is None
        )
        _saved(self, kept)
        return self

    def write_in(self, session, action=None):
        """Validate, then write the record and its history entry inside the caller's transaction
        `session`, as `save` would (a record another one keeps in step with itself); an edit that
        changes nothing writes nothing."""
        prepared = VersionedWrite(self, action, then=_taking_along(self), may_skip=action is None)
        try:
            prepared.write(session)
        except Exception:
            prepared.restore()
            raise
        if prepared.unchanged is not None:
            prepared.restore()
        _saved(self, prepared.unchanged)
        return self

    # (document, query keyword, label) of references MongoEngine's delete rules cannot see
    # (those inside embedded documents, such as a person's posts).
    embedded_referrers = ()

    def referrers(self):
        """(label, count) of the records that refer to this one."""
        found = []
        rules = self._meta.get("delete_rules") or {}
        rules = [(document, field, document.label) for (document, field) in rules]
        for document, field, label in [*rules, *self.embedded_referrers]:
            count = document.objects(**{field: self.pk}).count()
            if count:
                found.append((label, count))
        return found

    def delete(self, **kwargs):
        """Move the record to the trash and write its history entry, unless something still refers to it."""
        from documents.history import HistoryEntry
        from documents.trash import TrashedRecord

        referrers = self.referrers()
        if referrers:
            raise ReferencedRecord(referrers)
        collection = self._get_collection()
        version = (self.version or 0) + 1

        def write(session):
            before = collection.find_one_and_delete(_at_version(self.pk, self.version or 0), session=session)
            if before is None:
                raise StaleRecord(self.pk)
            entry = HistoryEntry.entry(self, "delete", self.recorded_state(before), {})
            entry.version = version
            HistoryEntry._get_collection().insert_one(entry.to_mongo(), session=session)
            trashed = TrashedRecord.entry(self, before, version)
            TrashedRecord._get_collection().insert_one(trashed.to_mongo(), session=session)
            type(self).after_write(session, before, None)

        in_transaction(write)

    def write_values(self, values):
        """Set defined values by key (a definition's change of type converting them), as one edit in
        the record's history, in one transaction; refused like any save if the record changed meanwhile."""
        from documents.history import HistoryEntry

        collection = self._get_collection()
        read_version = self.version or 0

        def write(session):
            before = collection.find_one({"_id": self.pk}, session=session)
            stored = collection.find_one_and_update(
                _at_version(self.pk, read_version),
                {"$set": {**{f"values.{k}": v for k, v in values.items()}, "version": read_version + 1}},
                session=session,
                return_document=True,
            )
            if stored is None:
                raise StaleRecord(self.pk)
            self.version = read_version + 1
            entry = HistoryEntry.entry(self, "edit", self.recorded_state(before), self.recorded_state(stored))
            HistoryEntry._get_collection().insert_one(entry.to_mongo(), session=session)
            type(self).after_write(session, before, stored)

        in_transaction(write)

    @property
    def place_id(self):
        """The id of the unit the record sits in (a unit's parent), or None."""
        place = self.ancestors[-1] if self.ancestors else None
        return place if place != self.pk else None

    def picker_label(self, places=None):
        """How a search box offers the record: its name, then the unit it sits in (names repeat
        from one commune to the next: two "Thôn Khuổi Luông", two "Dương Văn Bình").
        `places` maps unit ids to their names when a page of choices loaded them at once."""
        from documents.unit import Unit

        place = self.place_id
        if places is None or place not in places:
            unit = Unit.objects(pk=place).only("kind", "name").first() if place else None
            places = {place: str(unit) if unit else None}
        return f"{self} ({places[place]})" if places[place] else str(self)

    def scope_path(self):
        """Ids of the units whose editors and viewers may see this record."""
        return list(self.ancestors or [])

    def after_move(self, session):
        """Called in the saving transaction when a record changed parent: trees fix their paths."""

    @classmethod
    def after_write(cls, session, before, after):
        """Called inside every transaction that writes a record of this kind (a save, a restore, a
        delete to the trash, a change of defined values) with its stored form `before` and `after`
        (None for one created or deleted): state derived from the records and kept elsewhere is
        marked stale here, in the same transaction."""

    @classmethod
    def registry_kinds(cls):
        """Every concrete registry document class."""
        kinds = []
        for sub in cls.__subclasses__():
            if not sub._meta.get("abstract"):
                kinds.append(sub)
            kinds.extend(sub.registry_kinds())
        return kinds


# Fields every save sets anew, whether or not anything else changed.
SAVE_STAMPS = frozenset({"updated_at", "version"})


def same_stored(stored, son):
    """Whether the document `son` would store what `stored` holds, save stamps aside."""
    return _same(
        {k: v for k, v in stored.items() if k not in SAVE_STAMPS},
        {k: v for k, v in son.items() if k not in SAVE_STAMPS},
    )


def _same(a, b):
    """Equal as BSON: of the same types (True is not 1), mappings in any key order, lists in order."""
    if isinstance(a, dict) and isinstance(b, dict):
        return set(a) == set(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def record_exists(document, pk):
    return document.objects(pk=pk).limit(1).count(with_limit_and_skip=True) > 0


def references_of(record):
    """(field name, field label, document class, id) for every record `record` refers to; a
    reference inside a list or an embedded document (a post) is named by its top field."""
    for name, field in record._fields.items():
        for label, document, pk in _field_references(field, record._data.get(name)):
            yield name, label, document, pk


def _field_references(field, value, label=None):
    if value is None:
        return
    label = getattr(field, "verbose_name", None) or label or field.name
    if isinstance(field, ReferenceField):
        pk = value if isinstance(value, ObjectId) else getattr(value, "id", None) or value.pk
        if pk is not None:
            yield label, field.document_type, pk
    elif isinstance(field, ListField):
        for item in value:  # a list of references (a hamlet's households) reads under the list's name
            yield from _field_references(field.field, item, label)
    elif isinstance(field, EmbeddedDocumentField):
        for name, sub in value._fields.items():
            yield from _field_references(sub, value._data.get(name))


def unit_path(unit):
    """The ancestors of a record placed in `unit`: the unit's ancestors and the unit."""
    if unit is None:
        return []
    return [*unit.ancestors, unit.pk]


def write_versioned(document, action=None, then=None, amend=None, may_skip=True):
    """Validate `document`, then write it and its history entry in one transaction.

    A new document is inserted; an existing one replaces the stored one only while that is still
    at the version it was read at, and one deleted meanwhile is never re-created: both raise
    StaleRecord. `amend(entry)` may add to the history entry before it is written, and
    `then(session, stored, son)` writes more in the same transaction (`stored` is None for a new
    document). With `may_skip`, an edit that changes no stored field writes nothing and keeps its
    version: the stored document is returned then, None otherwise. A duplicate key raises
    NotUniqueError.
    """
    prepared = VersionedWrite(document, action, then=then, amend=amend, may_skip=may_skip)
    _write_prepared([prepared])
    return prepared.unchanged


def save_together(documents, action=None):
    """Validate every one of `documents` (registry records), then write each with its history
    entry in ONE transaction, as `RegistryDocument.save` writes one: an existing one only while
    still at the version it was read at (StaleRecord otherwise), an edit that changes nothing
    skipped, a record whose tree path changed taking what is below it along. If any write fails,
    nothing is written and every document keeps the version it was read at; a duplicate key
    raises NotUniqueError."""
    from documents.form_definition import remembering_extensions  # it imports this module

    with remembering_extensions():  # the family's extension is read once, not once per record
        prepared = [
            VersionedWrite(d, action, then=_taking_along(d), may_skip=action is None) for d in documents
        ]
    _write_prepared(prepared)
    for write in prepared:
        _saved(write.document, write.unchanged)
    return documents


class VersionedWrite:
    """One document's write, prepared: validated, its version stepped, its stored form built; its
    `write(session)` replaces (or inserts) it and adds its history entry inside a transaction."""

    def __init__(self, document, action=None, then=None, amend=None, may_skip=True):
        document.validate()
        self.document, self.action, self.then, self.amend, self.may_skip = (
            document,
            action,
            then,
            amend,
            may_skip,
        )
        self.creating = document._created or document.pk is None
        self.read_version = document.version or 0
        if document.pk is None:
            document.pk = ObjectId()
        document.version = self.read_version + 1
        self.son = document.to_mongo()
        # The stored document, when the edit changed nothing and was skipped.
        self.unchanged = None

    def write(self, session):
        from documents.history import HistoryEntry  # history imports this module

        document, son = self.document, self.son
        collection = document._get_collection()
        self.unchanged = None  # the driver may run this again
        stored = None
        if self.creating:
            collection.insert_one(son, session=session)
            before = {}
        else:
            at_version = _at_version(document.pk, self.read_version)
            stored = collection.find_one(at_version, session=session)
            if stored is None:
                raise StaleRecord(document.pk)
            if self.may_skip and same_stored(stored, son):
                self.unchanged = stored
                return
            collection.replace_one(at_version, son, session=session)
            before = document.recorded_state(stored)
        name = self.action or ("create" if self.creating else "edit")
        entry = HistoryEntry.entry(document, name, before, document.recorded_state(son))
        if self.amend is not None:
            self.amend(entry)
        HistoryEntry._get_collection().insert_one(entry.to_mongo(), session=session)
        if self.then is not None:
            self.then(session, stored, son)

    def restore(self):
        """Give the document back the version it was read at (its write failed or was skipped)."""
        self.document.version = self.read_version


def _write_prepared(prepared):
    """Run the `VersionedWrite`s in one transaction; on failure every document keeps its read version."""

    def write(session):
        for one in prepared:
            one.write(session)

    try:
        in_transaction(write)
    except DuplicateKeyError as exc:
        for one in prepared:
            one.restore()
        raise NotUniqueError(str(exc)) from exc
    except StaleRecord:
        for one in prepared:
            one.restore()
        raise
    for one in prepared:
        if one.unchanged is not None:
            one.restore()


def _taking_along(document, also=None):
    """The `then` of a registry record's write: a record whose tree path changed takes what is
    below it along (an edit or a restore), its kind's `after_write` runs; `also(session)` writes more."""

    def then(session, stored, son):
        if stored is not None and any(stored.get(f) != son.get(f) for f in PATH_FIELDS):
            document.after_move(session)
        type(document).after_write(session, stored, son)
        if also is not None:
            also(session)

    return then


def _saved(document, kept):
    """Mark a registry record written (`kept`: the stored document when the edit was skipped)."""
    if kept is not None:
        document.updated_at = kept.get("updated_at", document.updated_at)
    document._clear_changed_fields()
    document._created = False


def _at_version(pk, version):
    """Filter for the record while still at `version`; records stored before versions existed count as 0."""
    return {"_id": pk, "version": {"$in": [0, None]} if version == 0 else version}


def in_transaction(write):
    """Run `write(session)` in a transaction, retried by the driver on transient errors."""
    with get_connection().start_session() as session:
        session.with_transaction(write)


def rewrite_paths(document, field, pk, prefix, session=None):
    """In every `document` whose path `field` holds `pk`, replace what stands before `pk`.

    Used when a node of a tree moves: `prefix` is the node's new path, itself included.
    """
    position = {"$add": [{"$indexOfArray": [f"${field}", pk]}, 1]}
    tail = {"$slice": [f"${field}", position, {"$size": f"${field}"}]}
    document._get_collection().update_many(
        {field: pk}, [{"$set": {field: {"$concatArrays": [prefix, tail]}}}], session=session
    )
