"""Views of kinded families: `KindedView`, the part every view of records of staff-defined kinds
shares (`?kind=<code>` picks the definition), and the one view of every stand-alone kind.

The kind's forms, columns and record page are built from its definition on each request, so a
kind saved in the console has its menu entry, list and forms at once, in every worker process.
"""

from bson import ObjectId
from flask import abort, g, has_request_context, request

from admin import scope
from admin.auth import current_user
from admin.base import RegistryView, SearchLoader
from admin.defined_fields import DefinitionNotice, failing_values, request_definitions
from admin.filters import UnderUnitFilter
from admin.formatters import reference_link
from documents.form_definition import DEFAULT_MENU_GROUP
from documents.unit import Unit


def record_menu():
    """(menu group, [(code, name)]) of the stand-alone kinds, for the menu of every page."""
    if current_user() is None:
        return []
    groups = {}
    kinds = [d for d in request_definitions() if d.family == "standalone"]
    for definition in sorted(kinds, key=lambda d: (d.menu_group or DEFAULT_MENU_GROUP, d.sort_name or "")):
        group = definition.menu_group or DEFAULT_MENU_GROUP
        groups.setdefault(group, []).append((definition.code, definition.name))
    return list(groups.items())


class KindedView:
    """A view of a kinded family's records (the model's `kinded_as`): the kind named by `?kind=`
    gives the page its defined fields, columns and filters, and every address of the view keeps
    it. With `kind_required` (stand-alone kinds, which have nothing but their kind) a page naming
    no kind is unknown; otherwise the list shows every kind with the family's fixed fields, and a
    record's pages read the kind from the record."""

    kind_required = True

    def kinds(self):
        """The definitions of the family, in name order."""
        return [d for d in request_definitions() if d.family == self.model.kinded_as]

    def definition(self):
        if not has_request_context():
            return None
        if "record_definition" not in g:
            code = request.args.get("kind", "")
            if not code and not self.kind_required:
                code = self._kind_of(request.args.get("id", ""))
            g.record_definition = next((d for d in self.kinds() if d.code == code), None)
        return g.record_definition

    def _kind_of(self, pk):
        if not ObjectId.is_valid(pk):
            return None
        # Only a record the account sees names its kind: any other id is answered as unknown.
        found = scope.visible(self.model.objects(pk=ObjectId(pk))).only("kind").as_pymongo().first()
        return found.get("kind") if found else None

    def _handle_view(self, name, **kwargs):
        response = super()._handle_view(name, **kwargs)
        if response is None and self.kind_required and self.definition() is None:
            abort(404)
        return response

    def get_url(self, endpoint, **kwargs):
        definition = self.definition()
        if definition and endpoint.startswith((".", f"{self.endpoint}.")):
            kwargs.setdefault("kind", definition.code)
        return super().get_url(endpoint, **kwargs)

    def get_query(self):
        definition = self.definition()
        if definition is None and not self.kind_required:
            return super().get_query()
        return super().get_query().filter(kind=definition.code if definition else None)

    def definition_notice(self, model):
        """For a record last checked under an older version of its kind: what changed since, and
        which of its stored values the current version does not accept."""
        definition = self.definition()
        stored = self.stored_record(model)
        checked = stored.definition_version if stored else None
        if definition is None or not checked or checked >= (definition.version or 0):
            return None
        changes = definition.differences_since(checked)
        failing = failing_values(definition, stored.values)
        return DefinitionNotice(checked, definition.version, changes, failing) if changes or failing else None

    def on_model_change(self, form, model, is_created):
        if is_created:
            model.kind = self.definition().code
        super().on_model_change(form, model, is_created)


class RecordView(KindedView, RegistryView):
    column_list = ["name", "unit"]
    column_sortable_list = [("name", "sort_name")]
    column_filters = [UnderUnitFilter()]
    column_formatters = {"unit": reference_link("unit")}
    column_formatters_detail = {"unit": reference_link("unit")}

    place_field = "unit"
    form_columns = ["name", "unit"]
    form_ajax_refs = {"unit": SearchLoader("unit", Unit)}

    def is_visible(self):
        return False  # each kind has its own menu entry (templates/admin/console_base.html)

    # Per-kind page parts: Flask-Admin reads these attributes; they follow the request's kind.

    @property
    def name(self):
        definition = self.definition()
        return definition.name if definition else self.__dict__.get("_name")

    @name.setter
    def name(self, value):
        self.__dict__["_name"] = value
