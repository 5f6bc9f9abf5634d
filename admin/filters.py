"""List filters shared by the registry views."""

from bson import ObjectId
from bson.errors import InvalidId
from flask_admin.contrib.mongoengine.filters import (
    BaseMongoEngineFilter,
    IntEqualFilter,
    IntGreaterFilter,
    IntSmallerFilter,
)
from flask_admin.model.filters import BaseBooleanFilter

from admin import scope


class RecordIdFilter(BaseMongoEngineFilter):
    """A filter whose value is one record's id ("là" that record); anything else is ignored."""

    def validate(self, value):
        try:
            ObjectId(value)
        except (InvalidId, TypeError):
            return False
        return True

    def operation(self):
        return "là"


class PickedFilter(RecordIdFilter):
    """A filter on one record picked in a search box, not from options (the page would carry
    thousands). admin/static/picked_filter.js turns its value box into a search box that asks the
    view's picker `picker` (one of its `form_ajax_refs`) as the user types, and shows the chosen
    record as `chosen_label(value)` names it: None for a record the account may not see."""

    picker = None
    placeholder = "Gõ để tìm (không cần dấu)"

    def chosen_label(self, value):
        raise NotImplementedError


class UnderUnitFilter(PickedFilter):
    """Records anywhere under one unit, through the indexed `ancestors` field. Every unit the
    account sees may be picked (a province holds thousands of hamlets)."""

    picker = "under_unit"
    placeholder = "Gõ tên đơn vị (không cần dấu)"

    def __init__(self, name="Thuộc đơn vị"):
        super().__init__(column=None, name=name)

    def apply(self, query, value):
        return query.filter(ancestors=ObjectId(value))

    @staticmethod
    def chosen_label(value):
        """How the picker names the chosen unit ("Thôn Đoàn Kết (Xã Nam Quan)"), read with the
        unit above it in one command; None for a unit the account may not see."""
        from documents.unit import Unit

        raw = scope.visible_filter(Unit)
        match = {"$and": [{"_id": ObjectId(value)}, raw]} if raw else {"_id": ObjectId(value)}
        names = {"kind": 1, "name": 1}
        above = {"from": "units", "localField": "parent", "foreignField": "_id", "as": "above"}
        pipeline = [
            {"$match": match},
            {"$lookup": {**above, "pipeline": [{"$project": names}]}},
            {"$project": {**names, "above": 1}},
        ]
        for row in Unit._get_collection().aggregate(pipeline):
            named = [str(Unit(kind=unit["kind"], name=unit["name"])) for unit in [row, *row["above"]]]
            return f"{named[0]} ({named[1]})" if len(named) > 1 else named[0]
        return None


# MongoDB stores whole numbers in 64 bits; a larger filter value would make the driver fail.
LARGEST = 2**63 - 1


class BoundedGreater(IntGreaterFilter):
    def validate(self, value):
        return super().validate(value) and abs(int(value)) <= LARGEST


class BoundedSmaller(IntSmallerFilter):
    def validate(self, value):
        return super().validate(value) and abs(int(value)) <= LARGEST


class BoundedEqual(IntEqualFilter):
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
