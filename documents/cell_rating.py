"""Ratings of party cells and their members for a year (issue 14; BRIEF.md section 4), the
second half of `documents.cell_review`:

- `CellRating`: a cell's rating for a year, one per cell and year; its changes are the record's
  history. A cell rated excellent is refused, at the level, when its members' ratings of the
  year fail the rule (`members_check`, under `CellReviewRule`).
- `MemberRating`: a party member's rating for a year, which that check reads where it exists.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from mongoengine import DENY, DateField, IntField, QuerySet, ReferenceField, StringField

from documents import text
from documents.base import RegistryDocument, field_error, unit_path, vietnam_today
from documents.cell_review import (
    EXCELLENT,
    CellReviewRule,
    at_least,
    check_cell,
    check_committee,
    check_year,
    share_text,
)
from documents.constants import RATING_LEVELS, label


@dataclass
class MembersCheck:
    """A cell's members and their ratings of a year against the excellent rule."""

    cell: object
    year: int
    rule: CellReviewRule
    members: list = field(default_factory=list)  # Person, admitted by the year's end
    levels: dict = field(default_factory=dict)  # person id -> level, for those rated

    @property
    def unrated(self):
        return [p for p in self.members if p.pk not in self.levels]

    @property
    def rated(self):
        return len(self.members) - len(self.unrated)

    @property
    def below(self):
        """The members rated under the level every member needs."""
        least = self.rule.members_least
        return [p for p in self.members if p.pk in self.levels and not at_least(self.levels[p.pk], least)]

    @property
    def good(self):
        return sum(1 for level in self.levels.values() if at_least(level, self.rule.good_level))

    @property
    def base(self):
        """What the share is counted on: the members rated, or every member (a setting)."""
        return self.rated if self.rule.share_of_rated else len(self.members)

    @property
    def share_short(self):
        base = self.base
        return bool(base) and Decimal(self.good) * 100 < Decimal(str(self.rule.good_share)) * base

    @property
    def passes(self):
        return not self.below and not self.share_short

    def failures(self):
        """What fails, as sentences: "1/12 đảng viên xếp loại dưới mức «Hoàn thành nhiệm vụ»: …";
        "9/12 = 75% hoàn thành tốt nhiệm vụ trở lên, dưới 80%"."""
        found = []
        total = len(self.members)
        if self.below:
            least = label(RATING_LEVELS, self.rule.members_least)
            names = ", ".join(p.full_name for p in self.below)
            found.append(f"{len(self.below)}/{total} đảng viên xếp loại dưới mức «{least}»: {names}")
        if self.share_short:
            found.append(f"{self._share()}, dưới {text.figure(self.rule.good_share)}%")
        return found

    def sentences(self):
        """Every line of the check, those that pass and the members not rated included."""
        total = len(self.members)
        year = self.year
        if not total:
            return [f"Chi bộ không có đảng viên vào Đảng đến hết năm {year}."]
        found = []
        if self.unrated:
            found.append(f"{len(self.unrated)}/{total} đảng viên chưa được xếp loại năm {year} (không tính)")
        if not self.rated:
            found.append("chưa có đảng viên nào được xếp loại: chưa đối chiếu được điều kiện")
            return found
        if self.below:
            found.extend(self.failures()[:1])
        else:
            least = label(RATING_LEVELS, self.rule.members_least).lower()
            found.append(f"{self.rated}/{self.rated} đảng viên đã xếp loại đạt từ mức {least} trở lên")
        if self.base:
            gap = "dưới" if self.share_short else "đạt từ"
            found.append(f"{self._share()}, {gap} {text.figure(self.rule.good_share)}%")
        return found

    def _share(self):
        good = label(RATING_LEVELS, self.rule.good_level).lower()
        of = " đảng viên đã xếp loại" if self.rule.share_of_rated else ""
        return f"{share_text(self.good, self.base)}{of} {good} trở lên"


def members_check(cell, year, rule=None):
    """The check of `cell`'s members (party members attending it, admitted by the end of `year`)
    and their ratings of `year`, in two queries."""
    from documents.person import Person

    members = list(
        Person.objects(party_organization=cell.pk, admitted_on__lte=datetime.date(year, 12, 31))
        .only("full_name", "sort_name")
        .order_by("sort_name")
    )
    levels = MemberRating.objects.levels_of([p.pk for p in members], year)
    return MembersCheck(cell, year, rule or CellReviewRule.in_force(year), members, levels)


class CellRatingQuerySet(QuerySet):
    def under(self, unit):
        return self.filter(ancestors=unit.pk)


class CellRating(RegistryDocument):
    """A cell's rating for a year, decided by the committee above it."""

    label = "Xếp loại chi bộ"
    organization = ReferenceField(
        "PartyOrganization", required=True, reverse_delete_rule=DENY, verbose_name="Chi bộ"
    )
    year = IntField(required=True, verbose_name="Năm")
    level = StringField(required=True, choices=RATING_LEVELS, verbose_name="Mức xếp loại")
    committee = ReferenceField("PartyOrganization", reverse_delete_rule=DENY, verbose_name="Cấp ủy xếp loại")
    review = ReferenceField("CellReview", reverse_delete_rule=DENY, verbose_name="Theo bản đánh giá")
    decided_on = DateField(verbose_name="Ngày xếp loại")
    comment = StringField(max_length=5000, verbose_name="Nhận xét, lý do")

    multiline_fields = ("comment",)

    meta = {
        "collection": "cell_ratings",
        "queryset_class": CellRatingQuerySet,
        "ordering": ["sort_name"],
        "indexes": [
            {"fields": ["organization", "year"], "unique": True},
            ("sort_name", "_id"),
            ("ancestors", "sort_name", "_id"),
            ("ancestors", "year", "level"),
            "committee",
            "review",
            "search_terms",
            "search_exact",
        ],
    }

    def __str__(self):
        cell = getattr(self.organization, "name", "")
        return f"{cell} – năm {self.year}: {self.level_text}" if self.level else f"{cell} – năm {self.year}"

    def name_key(self):
        cell = getattr(self.organization, "name", "")
        return f"{9999 - (self.year or 0):04d} {text.sort_key(cell)}"

    def search_texts(self):
        return [getattr(self.organization, "name", ""), self.comment]

    def place_ancestors(self):
        return unit_path(self.organization.unit) if self.organization else []

    @property
    def level_text(self):
        return label(RATING_LEVELS, self.level)

    def members_check(self):
        return members_check(self.organization, self.year) if self.organization and self.year else None

    def clean(self):
        self.tidy_text()
        cell = check_cell(self)
        check_committee(self, "xếp loại")
        check_year(self)
        if self.decided_on is not None and self.decided_on > vietnam_today():
            raise field_error("decided_on", "Ngày xếp loại không được sau hôm nay.")
        review = self.review
        if review is not None and cell is not None:
            if review.organization.pk != cell.pk or review.year != self.year:
                raise field_error("review", f"Hãy chọn một bản đánh giá của {cell.name} năm {self.year}.")
            if self.level is None:
                self.level = review.proposed
        if cell is not None and self.year is not None:
            others = CellRating.objects(organization=cell.pk, year=self.year, pk__ne=self.pk)
            if others.first() is not None:
                message = f"{cell.name} đã được xếp loại năm {self.year}: hãy sửa bản xếp loại đó."
                raise field_error("year", message)
        if self.level == EXCELLENT and cell is not None and self.year is not None:
            failures = self.members_check().failures()
            if failures:
                raise field_error(
                    "level",
                    f"Chưa xếp loại «{self.level_text}» được: {'; '.join(failures)}.",
                )
        super().clean()


class MemberRatingQuerySet(QuerySet):
    def under(self, unit):
        return self.filter(ancestors=unit.pk)

    def levels_of(self, people, year):
        """{person id: level} of `people` (ids) rated in `year`."""
        rows = self.filter(person__in=list(people), year=year).only("person", "level").as_pymongo()
        return {row["person"]: row["level"] for row in rows}


class MemberRating(RegistryDocument):
    """A party member's rating for a year (đánh giá, xếp loại đảng viên), at the cell they attend."""

    label = "Xếp loại đảng viên"
    person = ReferenceField("Person", required=True, reverse_delete_rule=DENY, verbose_name="Đảng viên")
    year = IntField(required=True, verbose_name="Năm")
    level = StringField(required=True, choices=RATING_LEVELS, verbose_name="Mức xếp loại")
    # The cell the member attended when rated: the record's place, kept if the member moves.
    organization = ReferenceField("PartyOrganization", reverse_delete_rule=DENY, verbose_name="Chi bộ")
    comment = StringField(max_length=3000, verbose_name="Nhận xét")

    multiline_fields = ("comment",)

    meta = {
        "collection": "member_ratings",
        "queryset_class": MemberRatingQuerySet,
        "ordering": ["sort_name"],
        "indexes": [
            {"fields": ["person", "year"], "unique": True},
            ("sort_name", "_id"),
            ("ancestors", "sort_name", "_id"),
            ("year", "person"),
            "organization",
            "search_terms",
            "search_exact",
        ],
    }

    def __str__(self):
        name = getattr(self.person, "full_name", "")
        return f"{name} – năm {self.year}: {label(RATING_LEVELS, self.level)}"

    def name_key(self):
        return f"{9999 - (self.year or 0):04d} {text.person_sort_key(getattr(self.person, 'full_name', ''))}"

    def search_texts(self):
        return [getattr(self.person, "full_name", ""), self.comment]

    def place_ancestors(self):
        # A new rating's cell is the member's until `clean` sets it (the scope is checked before).
        organization = self.organization or getattr(self.person, "party_organization", None)
        return unit_path(organization.unit) if organization and organization.unit else []

    def clean(self):
        self.tidy_text()
        person = self.person
        check_year(self)
        if person is not None:
            if self.organization is None:
                self.organization = person.party_organization
            if self.organization is None:
                raise field_error("person", f"{person.full_name} không phải là đảng viên.")
            if self.year is not None and person.admitted_on and person.admitted_on.year > self.year:
                admitted = person.admitted_on.year
                message = f"{person.full_name} vào Đảng năm {admitted}: chưa xếp loại năm {self.year}."
                raise field_error("year", message)
            if self.year is not None:
                others = MemberRating.objects(person=person.pk, year=self.year, pk__ne=self.pk)
                if others.first() is not None:
                    raise field_error("year", f"{person.full_name} đã được xếp loại năm {self.year}.")
            if self.organization.unit is None:
                raise field_error("person", f"{self.organization.name} chưa gắn với đơn vị hành chính nào.")
        super().clean()
