"""List filters shared by the registry views."""

from bson import ObjectId
from bson.errors import InvalidId
from flask_admin.contrib.mongoengine.filters import BaseMongoEngineFilter, IntGreaterFilter, IntSmallerFilter
from flask_admin.model.filters import BaseBooleanFilter

from admin import scope
from documents.constants import HAMLET_LEVEL, UNIT_LEVELS


def _area_choices():
    """Units that have something under them (all but hamlets), for the 'under unit' filter."""
    from documents.unit import Unit

    kinds = [kind for kind, level in UNIT_LEVELS.items() if level < HAMLET_LEVEL]
    rows = scope.visible(Unit.objects(kind__in=kinds)).only("id", "kind", "name").order_by("sort_name")
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
