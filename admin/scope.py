"""What the signed-in account may see and change: all for an admin, its unit's subtree otherwise.

Every list, count, search, picker, filter option and export asks here, so the rule lives once.
"""

from admin.auth import current_user

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


def may_keep(model):
    """Whether the account may save `model` where its form has put it."""
    user = current_user()
    if user is None or not user.can_write:
        return False
    if user.is_admin:
        return True
    unit_id = scope_unit_id(user)
    return bool(unit_id) and model.stays_under(unit_id)
