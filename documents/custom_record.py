"""Records of kinds staff define: the `Kinded` part every kinded family's records share (a
stand-alone kind's, a model or work item's), and the records of the stand-alone kinds (models,
checklists...).

The fixed fields (kind, name, unit...) are real fields with their indexes; the kind's own fields
live in `values`, keyed by the stable field keys of its definition, and are checked against
that definition on every save. `definition_version` says which version last checked them.
"""

from mongoengine import DENY, DictField, IntField, ReferenceField, StringField

from documents import text
from documents.base import RegistryDocument, field_error, unit_path
from documents.form_definition import FormDefinition, ensure_extension_indexes, missing_references


class Kinded:
    """A record of a kinded family (`kinded_as`, one of `form_definition.KINDED_FAMILIES`): its
    document declares `kind` (the code of its definition), `values` and `definition_version`."""

    kinded_as = "standalone"

    def definition(self):
        if getattr(self, "_definition", None) is None or self._definition.code != self.kind:
            self._definition = FormDefinition.objects(code=self.kind, family=self.kinded_as).first()
        return self._definition

    @property
    def kind_name(self):
        """The kind's own name ("Mô hình nuôi dê"), for the trash and messages."""
        definition = self.definition()
        return definition.name if definition else self.label

    def kind_texts(self):
        """The kind's fields marked «Tìm được», as texts for search."""
        definition = self.definition()
        return definition.searchable_texts(self.values) if definition else []

    def check_kind_values(self):
        """Check `values` against the kind's definition, recording the version that checked them."""
        definition = self.definition()
        if definition is None:
            raise field_error("kind", "Loại hồ sơ này không còn được định nghĩa.")
        self.values = definition.clean_values(self.values)
        missing_references(definition, self.values)
        self.definition_version = definition.version


class CustomRecord(Kinded, RegistryDocument):
    label = "Hồ sơ theo biểu mẫu"
    kind = StringField(required=True, max_length=40, verbose_name="Loại")
    name = StringField(required=True, max_length=300, verbose_name="Tên")
    unit = ReferenceField("Unit", required=True, reverse_delete_rule=DENY, verbose_name="Đơn vị")
    values = DictField()
    definition_version = IntField(verbose_name="Kiểm theo phiên bản biểu mẫu")

    meta = {
        "collection": "records",
        "ordering": ["sort_name"],
        "indexes": [
            ("kind", "sort_name", "_id"),
            ("kind", "ancestors", "sort_name", "_id"),
            ("kind", "search_terms"),
            ("kind", "search_exact"),
            "unit",
        ],
    }

    def __str__(self):
        return self.name or ""

    def name_key(self):
        return text.sort_key(self.name)

    def search_texts(self):
        return [self.name, *self.kind_texts()]

    def place_ancestors(self):
        return unit_path(self.unit)

    def clean(self):
        self.check_kind_values()
        super().clean()


def ensure_field_indexes():
    """One index (kind, values.<key>, _id) per key filterable in some stand-alone kind, so filters
    and sorts on defined fields read an index; kinds sharing a key share its index."""
    ensure_extension_indexes("standalone")
