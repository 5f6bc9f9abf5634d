"""List filters shared by the registry views."""

from bson import ObjectId
from bson.errors import InvalidId
from flask_admin.contrib.mongoengine.filters import BaseMongoEngineFilter, IntGreaterFilter, IntSmallerFilter
from flask_admin.model.filters import BaseBooleanFilter

from admin import scope
from documents.constants import HAMLET_LEVEL, UNIT_LEVELS


def _area_choices():
    """Units to narrow a list to, for the 'under unit' filter: for an admin those with units below
    them (a province holds thousands of hamlets); for a commune's staff their hamlets too."""
    from documents.unit import Unit

    units = Unit.objects
    if scope.visible_filter(Unit) is None:
        units = units(kind__in=[kind for kind, level in UNIT_LEVELS.items() if level < HAMLET_LEVEL])
    rows = scope.visible(units).only("id", "kind", "name").order_by("sort_name")
    return [(str(unit.pk), str(unit)) for unit in rows]


class AreaChoices:
    """Filter options read afresh on every page: Flask-Admin would otherwise keep its start-up list."""

    def __bool__(self):
        return True

    def __iter__(self):
        return iter(_area_choices())


class UnderUnitFilter(BaseMongoEngineFilter):
    """Records anywhere under one unit, through the indexed `ancestors` field."""

    def __init__(self, name="Thuộc đơn vị"):
        super().__init__(column=None, name=name, options=AreaChoices())

    def validate(self, value):
        try:
            ObjectId(value)
        except (InvalidId, TypeError):
            return False
        return True

    def apply(self, query, value):
        return query.filter(ancestors=ObjectId(value))

    def operation(self):
        return "là"


# MongoDB stores whole numbers in 64 bits; a larger filter value would make the driver fail.
LARGEST = 2**63 - 1


class BoundedGreater(IntGreaterFilter):
    def validate(self, value):
        return super().validate(value) and abs(int(value)) <= LARGEST


class BoundedSmaller(IntSmallerFilter):
    def validate(self, value):
        return super().validate(value) and abs(int(value)) <= LARGEST


def number_range(field, label):
    """'Greater than' and 'smaller than' filters for a whole-number column."""
    return [BoundedGreater(field, label), BoundedSmaller(field, label)]


class PartyMemberFilter(BaseMongoEngineFilter, BaseBooleanFilter):
    """People who are (or are not) party members: those placed in a party organization."""

    def __init__(self, name="Đảng viên"):
        super().__init__(column=None, name=name)

    def apply(self, query, value):
        return (
            query.filter(party_organization__ne=None)
            if value == "1"
            else query.filter(party_organization=None)
        )

    def operation(self):
        return "là"


class DefinedFieldFilter(BaseMongoEngineFilter):
    """A filter on a field staff defined, read through its index (kind, values.<key>, _id)."""

    OPERATIONS = {"gte": ("từ", "$gte"), "lte": ("đến", "$lte"), "eq": ("là", "$eq"), "has": ("có", "$eq")}
    DATA_TYPES = {"date": "datepicker"}

    def __init__(self, field, op):
        from documents.form_definition import FieldDefinition

        options = None
        if field.type in ("choice", "choices"):
            options = [(c, c) for c in field.choices]
        elif field.type == "yes_no":
            options = [("1", "Có"), ("0", "Không")]
        super().__init__(
            column=None, name=field.label, options=options, data_type=self.DATA_TYPES.get(field.type)
        )
        # Bounds are the form's business: a filter may ask for anything of the field's type.
        self.field = FieldDefinition(key=field.key, label=field.label, type=field.type, choices=field.choices)
        self.op = op

    def clean(self, value):
        value = self.field.clean_value(value)
        return value[0] if isinstance(value, list) else value

    def validate(self, value):
        try:
            return self.clean(value) is not None
        except ValueError:
            return False

    def apply(self, query, value):
        return query.filter(__raw__={f"values.{self.field.key}": {self.OPERATIONS[self.op][1]: value}})

    def operation(self):
        return self.OPERATIONS[self.op][0]


def defined_field_filters(field):
    """The filters a filterable defined field offers: a range for numbers and dates, a value otherwise."""
    if field.type in ("integer", "decimal", "percent", "money", "year", "date", "month"):
        return [DefinedFieldFilter(field, "gte"), DefinedFieldFilter(field, "lte")]
    if field.type == "choices":
        return [DefinedFieldFilter(field, "has")]
    if field.type in ("choice", "yes_no", "text"):
        return [DefinedFieldFilter(field, "eq")]
    return []
