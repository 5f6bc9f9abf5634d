"""Keyset pagination: each page starts after the last row of the one before, never with a skip.

A list may be read in phases (search ranks exact-accent matches before the rest); a cursor
names its phase, the sort value and the id of the row it stands on.
"""

import base64
import binascii
import datetime
import json
from dataclasses import dataclass, field

from bson import json_util
from bson.errors import BSONError
from bson.objectid import ObjectId

# A cursor holds a phase, a sort value (a long name's sort key, escaped, is a few kilobytes at
# most) and an id; anything longer was not made here.
MAX_TOKEN = 8192


@dataclass
class Cursor:
    phase: int
    value: object
    pk: ObjectId

    def encode(self):
        raw = json_util.dumps([self.phase, self.value, self.pk]).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, token, phases):
        """The cursor in `token`, or None when it was tampered with or is stale.

        The token is read as plain JSON of the shape `encode` writes (a phase, a scalar or one
        Extended JSON `$oid`/`$date`, an `$oid`) before any Extended JSON is converted, so a
        deeply nested or out-of-range value is refused rather than raised.
        """
        if not token or len(token) > MAX_TOKEN:
            return None
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            parsed = json.loads(raw)
        except (ValueError, binascii.Error, RecursionError):
            return None
        if not (isinstance(parsed, list) and len(parsed) == 3):
            return None
        phase, value, pk = parsed
        if type(phase) is not int or not 0 <= phase < phases:
            return None
        pk = _object_id(pk)
        value = _sort_value(value)
        if pk is None or value is _INVALID:
            return None
        return cls(phase, value, pk)


_INVALID = object()


def _object_id(son):
    if isinstance(son, dict) and son.keys() == {"$oid"} and ObjectId.is_valid(son["$oid"]):
        return ObjectId(son["$oid"])
    return None


def _sort_value(son):
    """A sort value as `encode` wrote it, converted; _INVALID for any other shape or range."""
    if isinstance(son, str):
        # JSON may escape a lone surrogate ("\ud800"), which no UTF-8 string (nor BSON) holds.
        return son if _utf8(son) else _INVALID
    if son is None or isinstance(son, (bool, float)):
        return son
    if isinstance(son, int):
        return son if abs(son) < 2**63 else _INVALID
    if not isinstance(son, dict) or len(son) != 1:
        return _INVALID
    if "$oid" in son:
        return _object_id(son) or _INVALID
    when = son.get("$date")
    plain_date = isinstance(when, str) or (
        isinstance(when, dict) and when.keys() == {"$numberLong"} and isinstance(when["$numberLong"], str)
    )
    if not plain_date:
        return _INVALID
    try:
        value = json_util.loads(json.dumps(son))
    except (ValueError, OverflowError, BSONError):
        return _INVALID
    return value if isinstance(value, datetime.datetime) else _INVALID


def _utf8(value):
    try:
        value.encode()
    except UnicodeEncodeError:
        return False
    return True


@dataclass
class Page:
    rows: list
    has_next: bool
    has_prev: bool
    next_cursor: str | None = None
    prev_cursor: str | None = None
    phases: list = field(default_factory=list)


def beyond_cursor(db_field, cursor, ascending):
    """Raw filter for the rows that come after `cursor` in the scan direction.

    Written as one range on the sort field (the rows tied with the cursor's value and not past
    its id are excluded by `$nor`), so MongoDB reads the (field, _id) index from the cursor on.
    The same condition as an `$or` of two ranges makes it merge both and sort them in memory.
    """
    if db_field == "_id":
        return {"_id": {"$gt" if ascending else "$lt": cursor.pk}}
    from_value, not_past = ("$gte", "$lte") if ascending else ("$lte", "$gte")
    return {
        db_field: {from_value: cursor.value},
        "$nor": [{db_field: cursor.value, "_id": {not_past: cursor.pk}}],
    }


def fetch_page(query, sort_field, db_field, desc, size, phases=({},), after=None, before=None):
    """One page of `query` sorted by `sort_field` then id, read after or before a cursor."""
    forward = before is None
    cursor = after if forward else before
    ascending = (not desc) == forward
    sign = "" if ascending else "-"
    order = (f"{sign}{sort_field}", f"{sign}id") if db_field != "_id" else (f"{sign}id",)
    step = 1 if forward else -1
    phase = cursor.phase if cursor else 0
    found = []
    while 0 <= phase < len(phases) and len(found) <= size:
        conditions = [phases[phase]] if phases[phase] else []
        if cursor is not None and phase == cursor.phase:
            conditions.append(beyond_cursor(db_field, cursor, ascending))
        scoped = query.filter(__raw__={"$and": conditions}) if conditions else query
        for doc in scoped.order_by(*order).limit(size + 1 - len(found)):
            found.append((phase, doc))
        phase += step
    more = len(found) > size
    found = found[:size]
    if not forward:
        found.reverse()
    page = Page(
        rows=[doc for _, doc in found],
        has_next=more if forward else True,
        has_prev=(cursor is not None) if forward else more,
        phases=[p for p, _ in found],
    )
    if found:
        first, last = found[0], found[-1]
        page.prev_cursor = Cursor(first[0], _value(first[1], sort_field), first[1].pk).encode()
        page.next_cursor = Cursor(last[0], _value(last[1], sort_field), last[1].pk).encode()
    return page


def _value(doc, sort_field):
    if sort_field in ("id", "pk"):
        return doc.pk
    name, _, key = sort_field.partition(".")
    value = doc._data.get(name)
    value = (value or {}).get(key) if key else value
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        # A day (a document's issue date) is stored as midnight: the cursor holds that instant.
        return datetime.datetime.combine(value, datetime.time())
    return value
