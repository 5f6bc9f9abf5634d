"""Visits in the console beyond their register: the visit form's assignment picker (running
assignments first), and the page of the monthly rule measured as a rate (Tỷ lệ về địa bàn)."""

from flask import g
from mongoengine.dereference import DeReference

from admin.base import PICKER_MAX_LIMIT, PICKER_MAX_OFFSET, PICKER_PAGE, SearchLoader
from documents import text
from documents.constants import COMMUNE_LEVEL
from documents.locality import running
from documents.official_document import vietnam_today
from documents.unit import Unit, in_sentence


class RunningFirstLoader(SearchLoader):
    """The visit form's assignment picker: the assignments running today first (a visit is most
    often entered the day it is made), then those ended, each named with its commune and, once
    ended, its last day. Accounts are not linked to a person (documents/user.py), so "one's own
    assignments" is the account's scope; opening the box lists them without typing."""

    def __init__(self, name, model, **options):
        options.setdefault("minimum_input_length", 0)
        super().__init__(name, model, **options)

    def format(self, model):
        if model is None:
            return None
        places = g.get("picker_places") or {}
        commune = None
        if model.commune and model.level != COMMUNE_LEVEL:
            if model.commune not in places:  # one record shown on its form, not a page of choices
                unit = Unit.objects(pk=model.commune).only("kind", "name").first()
                places = {model.commune: in_sentence(unit) if unit else None}
            commune = places[model.commune]
        label = str(model) + (f", {commune}" if commune else "")
        if model.end is not None and model.end < vietnam_today():
            label += f" (đến {model.end:%d/%m/%Y})"
        return str(model.pk), label

    def get_list(self, term, offset=0, limit=PICKER_PAGE):
        offset = min(max(offset or 0, 0), PICKER_MAX_OFFSET)
        limit = min(limit, PICKER_MAX_LIMIT) if limit and limit > 0 else PICKER_PAGE
        visible = self.scope_filter(self.model)
        search = self.model.search_filter(text.clean_search(term) or "")
        conditions = [c for c in (self.base_query, visible, search) if c]
        now = running(vietnam_today())
        rows = []
        skip = offset
        for phase in (now, {"$nor": [now]}):
            query = self.model.objects(__raw__={"$and": [*conditions, phase]}).order_by("sort_name", "id")
            found = list(query.skip(skip).limit(limit - len(rows)))
            rows += found
            if len(rows) >= limit:
                break
            # What this phase held before the page, so that the next phase starts where it ended.
            held = skip + len(found) if found or not skip else query.count()
            skip = max(0, skip - held)
        rows = DeReference()(rows, max_depth=1) if rows else rows
        communes = {row.commune for row in rows if row.commune and row.level != COMMUNE_LEVEL}
        named = Unit.objects(pk__in=list(communes)).only("kind", "name")
        g.picker_places = {unit.pk: in_sentence(unit) for unit in named}
        return rows
