"""Records of the stand-alone kinds that staff define (models, work items, checklists...).

The fixed fields (kind, name, unit) are real fields with their indexes; the kind's own fields
live in `values`, keyed by the stable field keys of its definition, and are checked against
that definition on every save. `definition_version` says which version last checked them.
"""

from mongoengine import DENY, DictField, IntField, ReferenceField, StringField

from documents import text
from documents.base import RegistryDocument, field_error, unit_path
from documents.form_definition import FormDefinition, ensure_value_indexes, missing_references


class CustomRecord(RegistryDocument):
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

    def definition(self):
        if getattr(self, "_definition", None) is None or self._definition.code != self.kind:
            self._definition = FormDefinition.objects(code=self.kind, family="standalone").first()
        return self._definition

    @property
    def kind_name(self):
        """The kind's own name ("Mô hình nuôi dê"), for the trash and messages."""
        definition = self.definition()
        return definition.name if definition else self.label

    def name_key(self):
        return text.sort_key(self.name)

    def search_texts(self):
        definition = self.definition()
        return [self.name, *(definition.searchable_texts(self.values) if definition else [])]

    def place_ancestors(self):
        return unit_path(self.unit)

    def clean(self):
        definition = self.definition()
        if definition is None:
            raise field_error("kind", "Loại hồ sơ này không còn được định nghĩa.")
        self.values = definition.clean_values(self.values)
        missing_references(definition, self.values)
        self.definition_version = definition.version
        super().clean()


def ensure_field_indexes():
    """One index (kind, values.<key>, _id) per key filterable in some stand-alone kind, so filters
    and sorts on defined fields read an index; kinds sharing a key share its index."""
    ensure_value_indexes(
        CustomRecord._get_collection(), FormDefinition.objects(family="standalone"), ("kind",)
    )
