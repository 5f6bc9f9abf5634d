"""What the signed-in account may see and change: all for an admin, its unit's subtree otherwise.

Every list, count, search, picker, filter option and export asks here, so the rule lives once.
"""

from bson import ObjectId
from flask import abort

from admin.auth import current_user
from documents.base import references_of
from documents.unit import Unit

NOTHING = {"_id": None}


def scope_unit_id(user):
    """The id of the account's unit, without loading the unit."""
    value = user._data.get("unit")
    return getattr(value, "id", None) or getattr(value, "pk", None)


def visible_filter(document):
    """Raw filter for the records of `document` the account may see; None when it sees all."""
    user = current_user()
    if user is None:
        return NOTHING
    if user.is_admin:
        return None
    unit_id = scope_unit_id(user)
    return document.under_filter(unit_id) if unit_id else NOTHING


def visible(queryset):
    raw = visible_filter(queryset._document)
    return queryset.filter(__raw__=raw) if raw else queryset


def home_unit(user, only=()):
    """The unit a summary is about when none is asked for: the account's own, or an admin's largest
    top unit by households (the province the console serves, not a small tree beside it), the first
    by name among equals; None for an account of no unit. `only` names the fields to load."""
    unit_id = scope_unit_id(user)
    if unit_id:
        return Unit.objects(pk=unit_id).only(*only).first()
    if user.is_admin:
        return Unit.objects(parent=None).order_by("-households", "sort_name").only(*only).first()
    return None


def home_units(user, only=()):
    """`home_unit` first, then an admin's other top units by households: a home panel shows the one
    whose records are the latest (the demo's meetings are in a province beside the largest)."""
    unit_id = scope_unit_id(user)
    if unit_id:
        return list(Unit.objects(pk=unit_id).only(*only)[:1])
    if user.is_admin:
        return list(Unit.objects(parent=None).order_by("-households", "sort_name").only(*only))
    return []


def asked_unit(value):
    """The unit `value` (its id, from a page's address) names, if the account sees it, else a 404
    that names nothing; by default `home_unit`."""
    if not value:
        return home_unit(current_user())
    found = visible(Unit.objects(pk=ObjectId(value))).first() if ObjectId.is_valid(value) else None
    if found is None:
        abort(404)
    return found


def _unit_rule(rule, writing=False):
    """Apply `rule(unit id)` for an editor or viewer; True for an admin, False for no account."""
    user = current_user()
    if user is None or (writing and not user.can_write):
        return False
    if user.is_admin:
        return True
    unit_id = scope_unit_id(user)
    return bool(unit_id) and rule(unit_id)


def may_keep(model):
    """Whether the account may save `model` where its form has put it."""
    return _unit_rule(model.stays_under, writing=True)


def reference_ids(model):
    """{field name: ids of the records it refers to}, posts and other sub-records included."""
    found = {}
    for name, _, _, pk in references_of(model):
        found.setdefault(name, set()).add(pk)
    return found


def foreign_references(model, before, scopes=None):
    """Fields where the form now names a record the account may not see (ids it held before may
    stay); `scopes` gives some fields a rule of their own ({name: a filter like `reachable_filter`})."""
    user = current_user()
    if user is None or user.is_admin:
        return []
    scopes = scopes or {}
    wrong = []
    for name, _, document, pk in references_of(model):
        if name not in wrong and pk not in before.get(name, ()) and not sees(document, pk, scopes.get(name)):
            wrong.append(name)
    return wrong


def sees_loaded(record):
    """Whether the account may open `record`, already loaded (no query)."""
    return _unit_rule(lambda unit_id: unit_id in record.scope_path())


def sees(document, pk, rule=None):
    raw = (rule or visible_filter)(document)
    query = {"$and": [{"_id": pk}, raw]} if raw else {"_id": pk}
    return document.objects(__raw__=query).limit(1).count(with_limit_and_skip=True) > 0


def visible_jobs(queryset):
    """Background jobs the account may see: all for an admin; otherwise its own, and only while
    what they concern is within its scope (an account moved to another commune no longer fetches
    the old commune's exports)."""
    user = current_user()
    if user is None:
        return queryset.filter(__raw__=NOTHING)
    if user.is_admin:
        return queryset
    unit_id = scope_unit_id(user)
    return queryset.filter(user=user.pk, ancestors=unit_id) if unit_id else queryset.filter(__raw__=NOTHING)


def reachable_filter(document):
    """Raw filter for the records of `document` placed at the account's unit, under it, or at a
    unit above it: the bodies a commune's cadre may register a task with (the district committee
    assigns and approves, the commune's staff record its progress). None for an admin."""
    from documents.unit import Unit

    user = current_user()
    if user is None:
        return NOTHING
    if user.is_admin:
        return None
    unit_id = scope_unit_id(user)
    if not unit_id:
        return NOTHING
    unit = Unit._get_collection().find_one({"_id": unit_id}, projection={"ancestors": 1}) or {}
    return {"$or": [document.under_filter(unit_id), {"unit": {"$in": unit.get("ancestors", [])}}]}
