"""Records of the stand-alone kinds that staff define (models, work items, checklists...).

The fixed fields (kind, name, unit) are real fields with their indexes; the kind's own fields
live in `values`, keyed by the stable field keys of its definition, and are checked against
that definition on every save. `definition_version` says which version last checked them.
"""

from mongoengine import DENY, DictField, IntField, ReferenceField, StringField
from mongoengine.errors import ValidationError

from documents import text
from documents.base import RegistryDocument, field_error, unit_path
from documents.form_definition import REFERENCE_TYPES, FormDefinition


def reference_document(field_type):
    from documents import Household, PartyOrganization, Person, Unit

    return {"person": Person, "unit": Unit, "household": Household,
            "party_organization": PartyOrganization}[field_type]  # fmt: skip


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

    def name_key(self):
        return text.sort_key(self.name)

    def search_texts(self):
        definition = self.definition()
        extra = [
            str(self.values.get(f.key) or "")
            for f in (definition.active_fields if definition else [])
            if f.searchable and f.type in ("text", "long_text", "choice")
        ]
        return [self.name, *extra]

    def place_ancestors(self):
        return unit_path(self.unit)

    def clean(self):
        definition = self.definition()
        if definition is None:
            raise field_error("kind", "Loại hồ sơ này không còn được định nghĩa.")
        self.values = definition.clean_values(self.values)
        missing = {}
        for field in definition.active_fields:
            value = self.values.get(field.key)
            if field.type in REFERENCE_TYPES and value is not None:
                if (
                    not reference_document(field.type)
                    .objects(pk=value)
                    .limit(1)
                    .count(with_limit_and_skip=True)
                ):
                    missing[f"values.{field.key}"] = ValidationError("Hồ sơ được chọn không còn.")
        if missing:
            raise ValidationError("Giá trị không hợp lệ.", errors=missing)
        self.definition_version = definition.version
        super().clean()


# MongoDB keeps at most 64 indexes on a collection; the fixed ones and these stay well under it.
MAX_FILTERABLE_FIELDS = 48
INDEX_PREFIX = "defined:"


def indexed_keys(definitions):
    """Keys of the filterable fields of `definitions`: kinds sharing a key share its index."""
    return {
        f.key
        for definition in definitions
        for f in definition.active_fields
        if f.filterable and f.type not in ("group", "file")
    }


def ensure_field_indexes():
    """One index (kind, values.<key>, _id) per key filterable in some kind, so filters and sorts on
    defined fields read an index; indexes no kind needs any more are dropped."""
    collection = CustomRecord._get_collection()
    wanted = {INDEX_PREFIX + key: key for key in indexed_keys(FormDefinition.objects(family="standalone"))}
    existing = collection.index_information()
    for name in existing:
        if name.startswith(INDEX_PREFIX) and name not in wanted:
            collection.drop_index(name)
    for name, key in wanted.items():
        if name not in existing:
            collection.create_index([("kind", 1), (f"values.{key}", 1), ("_id", 1)], name=name)
