"""Administrative units: province, district, commune/ward/town, hamlet/block, as one tree."""

import re

from mongoengine import (
    DENY,
    BooleanField,
    IntField,
    QuerySet,
    ReferenceField,
    StringField,
)

from documents import text
from documents.base import RegistryDocument, field_error, rewrite_paths, unit_path
from documents.constants import HAMLET_LEVEL, UNIT_KIND_CHOICES, UNIT_LEVELS, label


class UnitQuerySet(QuerySet):
    def under(self, unit):
        """Every unit below `unit`, at any depth."""
        return self.filter(ancestors=unit.pk)

    def hamlets(self):
        return self.filter(kind__in=[k for k, lvl in UNIT_LEVELS.items() if lvl == HAMLET_LEVEL])


class Unit(RegistryDocument):
    label = "Đơn vị hành chính"
    extended_as = "unit"
    kind = StringField(required=True, choices=UNIT_KIND_CHOICES, verbose_name="Loại")
    code = StringField(required=True, max_length=20, verbose_name="Mã")
    name = StringField(required=True, max_length=200, verbose_name="Tên")
    parent = ReferenceField("Unit", reverse_delete_rule=DENY, verbose_name="Trực thuộc")
    households = IntField(min_value=0, max_value=10_000_000, default=0, verbose_name="Số hộ")
    population = IntField(min_value=0, max_value=100_000_000, default=0, verbose_name="Số dân")
    disadvantaged = BooleanField(default=False, verbose_name="Đặc biệt khó khăn")

    # As a kind is said before a name: "Thành phố" for both kinds of city.
    kind_words = {value: re.split(r" (?:trực )?thuộc ", name)[0] for value, name in UNIT_KIND_CHOICES}

    meta = {
        "collection": "units",
        "queryset_class": UnitQuerySet,
        "ordering": ["sort_name"],
        "indexes": [
            {"fields": ["code"], "unique": True},
            ("code", "_id"),
            ("sort_name", "_id"),
            ("kind", "sort_name", "_id"),
            ("households", "_id"),
            ("population", "_id"),
            ("parent", "sort_name"),
            ("ancestors", "sort_name", "_id"),
            "search_terms",
            "search_exact",
        ],
    }

    @property
    def embedded_referrers(self):
        from documents.person import Person

        return [(Person, "positions__unit", "người có chức vụ tại đơn vị này")]

    def __str__(self):
        return f"{label(UNIT_KIND_CHOICES, self.kind)} {self.name}"

    @property
    def level(self):
        return UNIT_LEVELS.get(self.kind)

    @property
    def is_hamlet(self):
        return self.level == HAMLET_LEVEL

    def name_key(self):
        return text.sort_key(self.name)

    def search_texts(self):
        return [self.name, self.code]

    def place_ancestors(self):
        return unit_path(self.parent)

    @classmethod
    def under_filter(cls, unit_id):
        """A unit is in its own scope: an editor of a commune sees the commune itself too."""
        return {"$or": [{"_id": unit_id}, {"ancestors": unit_id}]}

    def scope_path(self):
        return [*(self.ancestors or []), self.pk]

    def stays_under(self, unit_id):
        """The scope's own unit may be edited but not moved (its stored path is the old one)."""
        path = self.place_ancestors()
        return unit_id in path or (self.pk == unit_id and path == list(self.ancestors))

    def clean(self):
        self.code = self.code.strip().upper() if self.code else self.code
        parent = self.parent
        if parent is not None:
            if self.pk is not None and (parent.pk == self.pk or self.pk in parent.ancestors):
                raise field_error(
                    "parent", "Không thể chọn đơn vị này hoặc một đơn vị cấp dưới của nó làm cấp trên."
                )
            if self.level is not None and parent.level is not None and parent.level >= self.level:
                raise field_error(
                    "parent",
                    f"{label(UNIT_KIND_CHOICES, parent.kind)} không thể là cấp trên của "
                    f"{label(UNIT_KIND_CHOICES, self.kind).lower()}.",
                )
        if self.pk is not None and self.level is not None:
            below = {UNIT_LEVELS.get(kind) for kind in Unit.objects(parent=self.pk).distinct("kind")}
            if any(level is not None and level <= self.level for level in below):
                raise field_error(
                    "kind",
                    f"Không thể đổi thành {label(UNIT_KIND_CHOICES, self.kind).lower()}: "
                    "đơn vị này còn đơn vị trực thuộc cùng cấp hoặc cao hơn.",
                )
        super().clean()

    def after_move(self, session):
        """Rewrite the ancestors of every record under this unit."""
        for kind in RegistryDocument.registry_kinds():
            rewrite_paths(kind, "ancestors", self.pk, [*self.ancestors, self.pk], session)


def in_sentence(unit):
    """A unit's name as written inside a sentence: "xã Nam Quan", "huyện Lộc Bình"."""
    kind = label(UNIT_KIND_CHOICES, unit.kind)
    return f"{kind[:1].lower()}{kind[1:]} {unit.name}"
