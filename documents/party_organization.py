"""Party organizations: provincial and district committees, grassroots committees, cells."""

from mongoengine import DENY, IntField, ListField, ObjectIdField, QuerySet, ReferenceField, StringField

from documents import text
from documents.base import RegistryDocument, field_error, rewrite_paths, unit_path
from documents.constants import CELL_KINDS, PARTY_ORGANIZATION_KINDS


class PartyOrganizationQuerySet(QuerySet):
    def under(self, unit):
        """Party organizations placed at `unit` or at a unit below it."""
        return self.filter(ancestors=unit.pk)

    def with_members(self):
        """These organizations as plain rows (id, kind, name, unit, ancestors) in name order, each
        with `members`: the party members who attend it, not those of the organizations below it.
        The organization report counts members by these rows, where their organization is placed."""
        from documents.person import Person

        rows = list(self.only("kind", "name", "unit", "ancestors").order_by("sort_name").as_pymongo())
        members = Person.objects.members_per_organization(row["_id"] for row in rows)
        for row in rows:
            row["members"] = members.get(row["_id"], 0)
        return rows

    def member_counts(self, organizations):
        """Party members of each organization and the organizations below it, in two queries."""
        from documents.person import Person

        ids = [o.pk for o in organizations]
        belongs_to = {pk: {pk} for pk in ids}
        for row in self.filter(parents__in=ids).only("id", "parents").as_pymongo():
            for parent in row["parents"]:
                if parent in belongs_to:
                    belongs_to[parent].add(row["_id"])
        every = set().union(*belongs_to.values()) if belongs_to else set()
        per_org = Person.objects.members_per_organization(every)
        return {pk: sum(per_org.get(o, 0) for o in orgs) for pk, orgs in belongs_to.items()}


class PartyOrganization(RegistryDocument):
    label = "Tổ chức đảng"
    extended_as = "party_organization"
    kind = StringField(required=True, choices=PARTY_ORGANIZATION_KINDS, verbose_name="Loại")
    name = StringField(required=True, max_length=200, verbose_name="Tên")
    unit = ReferenceField("Unit", required=True, reverse_delete_rule=DENY, verbose_name="Địa bàn")
    parent = ReferenceField(
        "PartyOrganization", reverse_delete_rule=DENY, verbose_name="Tổ chức đảng cấp trên"
    )
    parents = ListField(ObjectIdField())
    # A cell's regular day each month (Bản Man: the 4th); none for committees.
    meeting_day = IntField(min_value=1, max_value=31, verbose_name="Ngày sinh hoạt thường kỳ hằng tháng")

    meta = {
        "collection": "party_organizations",
        "queryset_class": PartyOrganizationQuerySet,
        "ordering": ["sort_name"],
        "indexes": [
            ("sort_name", "_id"),
            ("kind", "sort_name", "_id"),
            "unit",
            "parent",
            "parents",
            ("ancestors", "sort_name", "_id"),
            "search_terms",
            "search_exact",
        ],
    }

    @property
    def embedded_referrers(self):
        from documents.person import Person

        return [(Person, "positions__organization", "người có chức vụ trong tổ chức này")]

    def __str__(self):
        return self.name

    def name_key(self):
        return text.sort_key(self.name)

    def search_texts(self):
        return [self.name]

    def place_ancestors(self):
        return unit_path(self.unit)

    def clean(self):
        if self.meeting_day is not None and self.kind not in CELL_KINDS:
            raise field_error("meeting_day", "Chỉ chi bộ mới có ngày sinh hoạt thường kỳ.")
        parent = self.parent
        if parent is not None:
            if self.pk is not None and (parent.pk == self.pk or self.pk in parent.parents):
                raise field_error(
                    "parent", "Không thể chọn tổ chức này hoặc một tổ chức trực thuộc nó làm cấp trên."
                )
            self.parents = [*parent.parents, parent.pk]
        else:
            self.parents = []
        super().clean()

    def after_move(self, session):
        """Rewrite the paths of the organizations below this one."""
        rewrite_paths(PartyOrganization, "parents", self.pk, [*self.parents, self.pk], session)
