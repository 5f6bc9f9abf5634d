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
    if definition is None:
        raise NotAdopted(f"Không có loại hồ sơ mã «{code}».")
    if definition.family == LocalWork.kinded_as:
        return 0
    if definition.family != "standalone":
        raise NotAdopted(f"«{definition.name}» bổ sung trường cho một nhóm hồ sơ, không phải một loại riêng.")
    if year_field and definition.field(year_field) is None:
        raise NotAdopted(f"«{definition.name}» không có trường mã «{year_field}».")
    unknown = [key for key in retire if definition.field(key) is None]
    if unknown:
        raise NotAdopted(f"«{definition.name}» không có trường mã «{unknown[0]}».")
    adopted = _adopted_definition(definition, [key for key in (year_field, *retire) if key])
    records = CustomRecord.objects(kind=code)
    moved = [_moved(record, adopted, category, year_field, year) for record in records]

    def write(session):
        _replace(definition, adopted, session)
        for before, after in moved:
            _move_record(before, after, session)

    in_transaction(write)
    ensure_extension_indexes("standalone")
    ensure_extension_indexes(LocalWork.kinded_as)
    return len(moved)


def _adopted_definition(definition, retired):
    adopted = FormDefinition._from_son(definition.to_mongo())
    adopted.family, adopted.menu_group = LocalWork.kinded_as, None
    for key in retired:
        adopted.field(key).retired = True
        adopted.field(key).required = False
    adopted.version = (definition.version or 0) + 1
    adopted.validate()
    return adopted


def _moved(record, definition, category, year_field, year):
    """(the stored record, the model or work item it becomes, validated)."""
    unit = record.unit
    at_hamlet = UNIT_LEVELS.get(unit.kind) == HAMLET_LEVEL
    work = LocalWork(
        pk=record.pk,
        kind=record.kind,
        category=category,
        name=record.name,
        year=int(record.values.get(year_field)) if year_field and record.values.get(year_field) else year,
        hamlet=unit if at_hamlet else None,
        commune=Unit.objects(pk=unit.parent.pk).first() if at_hamlet and unit.parent else unit,
        values=dict(record.values),
        attachments=list(record.attachments),
        created_at=record.created_at,
        version=(record.version or 0) + 1,
    )
    work._definition = definition
    try:
        work.validate()
    except Exception as exc:  # a ValidationError: say which record, and why
        raise NotAdopted(f"Hồ sơ «{record.name}» chưa chuyển được: {exc}") from None
    return record, work


def _replace(definition, adopted, session):
    collection = FormDefinition._get_collection()
    son = adopted.to_mongo()
    son["updated_at"] = now()
    collection.replace_one({"_id": definition.pk, "version": definition.version}, son, session=session)
    entry = HistoryEntry.entry(
        adopted, ACTION, definition.recorded_state(definition.to_mongo()), adopted.recorded_state(son)
    )
    HistoryEntry._get_collection().insert_one(entry.to_mongo(), session=session)


def files():
    """The stored files' descriptions: each names the record it belongs to by collection and id."""
    return get_db()[f"{BUCKET}.files"]


def _move_record(before, after, session):
    son = after.to_mongo()
    son["updated_at"] = now()
    LocalWork._get_collection().insert_one(son, session=session)
    CustomRecord._get_collection().delete_one({"_id": before.pk}, session=session)
    old, new = CustomRecord._get_collection_name(), LocalWork._get_collection_name()
    for collection, kind in ((HistoryEntry._get_collection(), "kind"), (files(), "metadata.kind")):
        found = {kind: old, ("metadata.record_id" if kind != "kind" else "record_id"): before.pk}
        collection.update_many(found, {"$set": {kind: new}}, session=session)
    entry = HistoryEntry.entry(
        after, ACTION, before.recorded_state(before.to_mongo()), after.recorded_state(son)
    )
    entry.actor = actor.get()
    HistoryEntry._get_collection().insert_one(entry.to_mongo(), session=session)
