"""Moving a stand-alone kind and its records into the models and work items family (issue 13):
the demo's model kinds were defined before the family existed, as kinds of their own.

`adopt(code, category, year_field=None, year=None, retire=())` turns the definition into a kind of the
family ("local_work") and each of its records into a `LocalWork` under the same id: its name and
every value kept as stored, its unit read as the hamlet it is run in (and that hamlet's commune)
or as its commune, its year read from the kind's field `year_field` (that field is then retired:
the record's own year holds it) or given. The kind's fields named in `retire` (its own state,
cadre in charge or targets, which the family now holds itself) are retired too: their values stay
on the records, shown as of a retired field, and no longer asked for. Each record keeps its
history and files (their entries move with it) and gains one entry saying it moved; the
definition too. Everything of one kind moves in one transaction, so a failure leaves the kind as
it was, and a kind moved already moves nothing: the command can be run twice.

`move_kind` is that move for any kinded family: the cell checklist kind moves into the quality
reviews the same way (`documents.cell_review_adopt`).
"""

from mongoengine.connection import get_db

from documents.attachment import BUCKET
from documents.base import in_transaction, now
from documents.constants import HAMLET_LEVEL, UNIT_LEVELS
from documents.custom_record import CustomRecord
from documents.form_definition import FormDefinition, ensure_extension_indexes
from documents.history import HistoryEntry, actor
from documents.local_work import LocalWork
from documents.unit import Unit

ACTION = "adopt"


class NotAdopted(Exception):
    """Why a kind cannot move, in Vietnamese (the command prints it)."""


def adopt(code, category, year_field=None, year=None, retire=()):
    """Move the stand-alone kind `code` and its records into the family; return how many records
    moved (0 when it was moved before). Raises NotAdopted, naming the record, when one of them
    would not be a valid model or work item."""
    definition = FormDefinition.objects(code=code).first()
    if year_field and definition is not None and definition.family == "standalone":
        if definition.field(year_field) is None:
            raise NotAdopted(f"«{definition.name}» không có trường mã «{year_field}».")

    def build(record):
        unit = record.unit
        at_hamlet = UNIT_LEVELS.get(unit.kind) == HAMLET_LEVEL
        return LocalWork(
            category=category,
            name=record.name,
            year=int(record.values.get(year_field)) if year_field and record.values.get(year_field) else year,
            hamlet=unit if at_hamlet else None,
            commune=Unit.objects(pk=unit.parent.pk).first() if at_hamlet and unit.parent else unit,
        )

    return move_kind(code, LocalWork, build, retire=[key for key in (year_field, *retire) if key])


def move_kind(code, document, build, retire=(), action=ACTION):
    """Move the stand-alone kind `code` and its records into the kinded family of `document` (a
    `Kinded` registry document): `build(record)` gives each record's new document with the
    family's own fields read from it; its id, kind, values, files, creation time and next version
    are the record's. The kind's fields `retire` are retired. Return how many records moved (0
    when the kind is in the family already); raise NotAdopted, naming the record, when one would
    not be valid. One transaction for the whole kind; the history entries say `action`."""
    family = document.kinded_as
    definition = FormDefinition.objects(code=code).first()
    if definition is None:
        raise NotAdopted(f"Không có loại hồ sơ mã «{code}».")
    if definition.family == family:
        return 0
    if definition.family != "standalone":
        raise NotAdopted(f"«{definition.name}» bổ sung trường cho một nhóm hồ sơ, không phải một loại riêng.")
    unknown = [key for key in retire if definition.field(key) is None]
    if unknown:
        raise NotAdopted(f"«{definition.name}» không có trường mã «{unknown[0]}».")
    adopted = _adopted_definition(definition, family, retire)
    moved = [(record, _moved(record, build(record), adopted)) for record in CustomRecord.objects(kind=code)]

    def write(session):
        _replace(definition, adopted, session, action)
        for before, after in moved:
            _move_record(before, after, session, action)

    in_transaction(write)
    ensure_extension_indexes("standalone")
    ensure_extension_indexes(family)
    return len(moved)


def _adopted_definition(definition, family, retired):
    adopted = FormDefinition._from_son(definition.to_mongo())
    adopted.family, adopted.menu_group = family, None
    for key in retired:
        adopted.field(key).retired = True
        adopted.field(key).required = False
    adopted.version = (definition.version or 0) + 1
    adopted.validate()
    return adopted


def _moved(record, after, definition):
    """`after`, the document `record` becomes, with what every moved record keeps, validated."""
    after.pk, after.kind, after.values = record.pk, record.kind, dict(record.values)
    after.attachments, after.created_at = list(record.attachments), record.created_at
    after.version = (record.version or 0) + 1
    after._definition = definition
    try:
        after.validate()
    except Exception as exc:  # a ValidationError: say which record, and why
        raise NotAdopted(f"Hồ sơ «{record.name}» chưa chuyển được: {exc}") from None
    return after


def _replace(definition, adopted, session, action):
    collection = FormDefinition._get_collection()
    son = adopted.to_mongo()
    son["updated_at"] = now()
    collection.replace_one({"_id": definition.pk, "version": definition.version}, son, session=session)
    entry = HistoryEntry.entry(
        adopted, action, definition.recorded_state(definition.to_mongo()), adopted.recorded_state(son)
    )
    HistoryEntry._get_collection().insert_one(entry.to_mongo(), session=session)


def files():
    """The stored files' descriptions: each names the record it belongs to by collection and id."""
    return get_db()[f"{BUCKET}.files"]


def _move_record(before, after, session, action):
    son = after.to_mongo()
    son["updated_at"] = now()
    after._get_collection().insert_one(son, session=session)
    CustomRecord._get_collection().delete_one({"_id": before.pk}, session=session)
    old, new = CustomRecord._get_collection_name(), after._get_collection_name()
    for collection, kind in ((HistoryEntry._get_collection(), "kind"), (files(), "metadata.kind")):
        found = {kind: old, ("metadata.record_id" if kind != "kind" else "record_id"): before.pk}
        collection.update_many(found, {"$set": {kind: new}}, session=session)
    entry = HistoryEntry.entry(
        after, action, before.recorded_state(before.to_mongo()), after.recorded_state(son)
    )
    entry.actor = actor.get()
    HistoryEntry._get_collection().insert_one(entry.to_mongo(), session=session)
