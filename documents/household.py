"""Households (hộ gia đình) of a hamlet, each with the party member in charge of it."""

from mongoengine import DENY, NULLIFY, IntField, QuerySet, ReferenceField, StringField

from documents import text
from documents.base import RegistryDocument, field_error, unit_path
from documents.constants import POVERTY_STATUSES


class HouseholdQuerySet(QuerySet):
    def under(self, unit):
        """Households of `unit` or of a unit below it: the records the household list shows."""
        return self.filter(ancestors=unit.pk)

    def per_hamlet(self):
        """{hamlet id: {"households": its records, "population": their Số nhân khẩu added up}}, in
        one aggregation: the registry's figures, which the organization report prints (a unit's own
        "Số hộ" and "Số dân" are the figures it declared, named beside them when they differ)."""
        return {
            row.pop("_id"): row
            for row in self.aggregate(
                [{"$group": {"_id": "$hamlet", "households": {"$sum": 1}, "population": {"$sum": "$size"}}}]
            )
        }

    def without_member_in_charge(self):
        return self.filter(member_in_charge=None)


class Household(RegistryDocument):
    label = "Hộ gia đình"
    extended_as = "household"
    code = StringField(required=True, max_length=30, verbose_name="Mã hộ")
    head_name = StringField(required=True, max_length=120, verbose_name="Chủ hộ")
    hamlet = ReferenceField("Unit", required=True, reverse_delete_rule=DENY, verbose_name="Thôn, tổ dân phố")
    size = IntField(required=True, min_value=1, max_value=100, default=1, verbose_name="Số nhân khẩu")
    poverty = StringField(required=True, choices=POVERTY_STATUSES, default="khong", verbose_name="Hộ nghèo")
    member_in_charge = ReferenceField(
        "Person", reverse_delete_rule=NULLIFY, verbose_name="Đảng viên phụ trách"
    )

    meta = {
        "collection": "households",
        "queryset_class": HouseholdQuerySet,
        "ordering": ["code"],
        "indexes": [
            {"fields": ["code"], "unique": True},
            ("code", "_id"),
            ("sort_name", "_id"),
            ("size", "_id"),
            ("poverty", "code", "_id"),
            "hamlet",
            "member_in_charge",
            ("ancestors", "code", "_id"),
            # The households figure of locality coverage reads a unit's households by hamlet
            # from this index alone (`documents.locality_coverage_households.at_home`).
            ("ancestors", "hamlet", "_id"),
            "search_terms",
            "search_exact",
        ],
    }

    def __str__(self):
        return f"{self.code} – {self.head_name}"

    def name_key(self):
        return text.person_sort_key(self.head_name)

    def search_texts(self):
        return [self.head_name, self.code]

    def place_ancestors(self):
        return unit_path(self.hamlet)

    @classmethod
    def after_write(cls, session, before, after):
        """Its old and new hamlets' coverage summaries are stale (`documents.locality_coverage_summary`)."""
        from documents.locality_coverage_summary import household_written  # it imports this module

        household_written(session, before, after)

    def clean(self):
        self.code = self.code.strip().upper() if self.code else self.code
        if self.hamlet is not None and not self.hamlet.is_hamlet:
            raise field_error("hamlet", "Hộ gia đình phải thuộc một thôn, bản, ấp hoặc tổ dân phố.")
        member = self.member_in_charge
        if member is not None and member.party_organization is None:
            raise field_error("member_in_charge", "Người phụ trách hộ phải là đảng viên.")
        super().clean()
