"""People: cadres, civil servants, part-time officials, party members and non-members."""

import datetime

from mongoengine import (
    DENY,
    DateField,
    EmbeddedDocument,
    EmbeddedDocumentField,
    IntField,
    ListField,
    Q,
    QuerySet,
    ReferenceField,
    StringField,
)
from mongoengine.errors import ValidationError

from documents import text
from documents.base import RegistryDocument, field_error, unit_path, vietnam_today
from documents.constants import GENDERS, PERSON_CATEGORIES, label

FIRST_BIRTH_YEAR = 1900
# The Party admits people from 18 years of age (Điều lệ Đảng, Điều 1); cadres, civil servants and
# part-time officials are adults too.
ADMISSION_AGE = 18
ADULT_CATEGORIES = ("can_bo", "cong_chuc", "khong_chuyen_trach", "dang_vien")
# Posts are dated from the founding of the state, and at most a few years ahead (decisions taking
# effect later).
FIRST_POST_DAY = datetime.date(1945, 9, 2)
POST_YEARS_AHEAD = 5


class Position(EmbeddedDocument):
    """A post held from `start` until `end` (open while still held)."""

    title = StringField(required=True, max_length=200, verbose_name="Chức vụ")
    # MongoEngine keeps no delete rules for embedded documents: `embedded_referrers` of
    # Unit and PartyOrganization refuse their delete while a post names them.
    organization = ReferenceField("PartyOrganization", verbose_name="Tổ chức đảng")
    unit = ReferenceField("Unit", verbose_name="Đơn vị")
    start = DateField(verbose_name="Từ ngày")
    end = DateField(verbose_name="Đến ngày")

    def __str__(self):
        return self.title

    @property
    def is_current(self):
        return self.end is None or self.end >= vietnam_today()

    def validate(self, clean=True):
        super().validate(clean)
        latest = vietnam_today().replace(year=vietnam_today().year + POST_YEARS_AHEAD)
        for name in ("start", "end"):
            day = getattr(self, name)
            if day and not FIRST_POST_DAY <= day <= latest:
                message = f"Ngày phải từ {FIRST_POST_DAY:%d/%m/%Y} đến {latest:%d/%m/%Y}."
                raise ValidationError(message, errors={name: ValidationError(message)})
        if self.start and self.end and self.end < self.start:
            raise ValidationError(
                "Ngày kết thúc phải sau ngày bắt đầu.",
                errors={"end": ValidationError("Ngày kết thúc phải sau ngày bắt đầu.")},
            )


class PersonQuerySet(QuerySet):
    def party_members(self):
        return self.filter(party_organization__ne=None)

    def under(self, unit):
        """People whose place (Nơi ở / công tác) is `unit` or a unit below it."""
        return self.filter(ancestors=unit.pk)

    def party_members_under(self, unit):
        """Party members whose place is `unit` or below it, wherever their organization is: the
        members the cadre list counts."""
        return self.under(unit).party_members()

    def cadres_and_members_under(self, unit):
        """People of `unit` and below who hold a post or are party members: the cadre list."""
        return self.under(unit).filter(Q(category__ne="quan_chung") | Q(party_organization__ne=None))

    def members_per_organization(self, organization_ids):
        """{organization id: its party members}: those who attend it, not those of the organizations
        below it; organizations without members are left out."""
        return {
            row["_id"]: row["n"]
            for row in self.filter(party_organization__in=list(organization_ids)).aggregate(
                [{"$group": {"_id": "$party_organization", "n": {"$sum": 1}}}]
            )
        }


class Person(RegistryDocument):
    label = "Nhân sự"
    extended_as = "person"
    full_name = StringField(required=True, max_length=120, verbose_name="Họ và tên")
    gender = StringField(required=True, choices=GENDERS, verbose_name="Giới tính")
    birth_year = IntField(required=True, min_value=FIRST_BIRTH_YEAR, verbose_name="Năm sinh")
    ethnicity = StringField(max_length=50, default="Kinh", verbose_name="Dân tộc")
    category = StringField(required=True, choices=PERSON_CATEGORIES, verbose_name="Đối tượng")
    unit = ReferenceField("Unit", required=True, reverse_delete_rule=DENY, verbose_name="Nơi ở / công tác")
    party_organization = ReferenceField(
        "PartyOrganization", reverse_delete_rule=DENY, verbose_name="Sinh hoạt tại tổ chức đảng"
    )
    admitted_on = DateField(verbose_name="Ngày vào Đảng")
    official_on = DateField(verbose_name="Ngày chính thức")
    positions = ListField(EmbeddedDocumentField(Position), verbose_name="Chức vụ")

    meta = {
        "collection": "people",
        "queryset_class": PersonQuerySet,
        "ordering": ["sort_name"],
        "indexes": [
            ("sort_name", "_id"),
            ("birth_year", "_id"),
            ("category", "sort_name", "_id"),
            "unit",
            "party_organization",
            ("ancestors", "sort_name", "_id"),
            "search_terms",
            "search_exact",
        ],
    }

    def __str__(self):
        return self.full_name

    @property
    def current_positions(self):
        return [p for p in self.positions if p.is_current]

    def name_key(self):
        return text.person_sort_key(self.full_name)

    def search_texts(self):
        return [self.full_name]

    def place_ancestors(self):
        return unit_path(self.unit)

    def clean(self):
        # Dates may arrive as ISO text (imports, tests); compare them as dates.
        for name in ("admitted_on", "official_on"):
            value = getattr(self, name)
            if isinstance(value, str):
                try:
                    setattr(self, name, datetime.date.fromisoformat(value))
                except ValueError:
                    raise field_error(name, "Ngày không hợp lệ (định dạng năm-tháng-ngày).") from None
        this_year = vietnam_today().year
        if self.birth_year is not None and self.birth_year > this_year:
            raise field_error("birth_year", f"Năm sinh không được sau năm {this_year}.")
        adult = self.category in ADULT_CATEGORIES
        if self.birth_year and adult and this_year - self.birth_year < ADMISSION_AGE:
            who = label(PERSON_CATEGORIES, self.category)
            raise field_error("birth_year", f"{who} phải đủ {ADMISSION_AGE} tuổi.")
        today = vietnam_today()
        for name, what in (("admitted_on", "Ngày vào Đảng"), ("official_on", "Ngày chính thức")):
            if getattr(self, name) and getattr(self, name) > today:
                raise field_error(name, f"{what} không được sau hôm nay.")
        if self.party_organization is not None and self.admitted_on is None:
            raise field_error("admitted_on", "Đảng viên cần có ngày vào Đảng.")
        if self.party_organization is None and (self.admitted_on or self.official_on):
            raise field_error("party_organization", "Hãy chọn tổ chức đảng nơi đảng viên sinh hoạt.")
        if self.admitted_on and self.birth_year and self.admitted_on.year - self.birth_year < ADMISSION_AGE:
            raise field_error("admitted_on", f"Người vào Đảng phải đủ {ADMISSION_AGE} tuổi.")
        if self.admitted_on and self.official_on and self.official_on < self.admitted_on:
            raise field_error("official_on", "Ngày chính thức phải sau ngày vào Đảng.")
        super().clean()
