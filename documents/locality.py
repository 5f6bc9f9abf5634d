"""Cadres in charge of localities (phân công phụ trách, theo dõi, hỗ trợ địa bàn): "tỉnh nắm tới
xã; huyện nắm tới ấp, khu phố; xã nắm tới hộ gia đình" (Nghị quyết 77 of Lạng Sơn, article 04).

An assignment puts one person in charge of (or following, or supporting) a commune or a hamlet,
or a party member in charge of some households of a hamlet, from a day to an optional last day,
under a decision of the register. It is ended, never deleted: who was in charge of what on any day
is the assignments running that day (`active_on`). The rule of the monthly visit and the coverage
thresholds are data (`LocalityRule`). Visits are `documents.locality_visit`.
"""

import datetime

from mongoengine import (
    DENY,
    DateField,
    IntField,
    ListField,
    ObjectIdField,
    QuerySet,
    ReferenceField,
    StringField,
)

from documents import text
from documents.base import RegistryDocument, field_error, unit_path, vietnam_today
from documents.constants import COMMUNE_LEVEL, LOCALITY_ROLES, UNIT_LEVELS, label

# The first day an assignment may start (the earliest decisions the boards still hold).
FIRST_DAY = datetime.date(2000, 1, 1)
YEARS_AHEAD = 5


def running(day):
    """The raw condition of the assignments running on `day` (both ends included)."""
    moment = datetime.datetime.combine(day, datetime.time())
    return {"start": {"$lte": moment}, "$or": [{"end": None}, {"end": {"$gte": moment}}]}


def overlapping(first, last):
    """The raw condition of the assignments running on some day from `first` to `last`."""
    start = datetime.datetime.combine(first, datetime.time())
    end = datetime.datetime.combine(last, datetime.time())
    return {"start": {"$lte": end}, "$or": [{"end": None}, {"end": {"$gte": start}}]}


class LocalityAssignmentQuerySet(QuerySet):
    def under(self, unit):
        return self.filter(ancestors=unit.pk)

    def active_on(self, day):
        return self.filter(__raw__=running(day))

    def during(self, first, last):
        return self.filter(__raw__=overlapping(first, last))

    def of_households(self):
        return self.filter(households__0__exists=True)


class LocalityAssignment(RegistryDocument):
    label = "Phân công phụ trách địa bàn"
    extended_as = "locality_assignment"
    person = ReferenceField(
        "Person", required=True, reverse_delete_rule=DENY, verbose_name="Người được phân công"
    )
    role = StringField(required=True, choices=LOCALITY_ROLES, default="phu_trach", verbose_name="Nhiệm vụ")
    unit = ReferenceField("Unit", required=True, reverse_delete_rule=DENY, verbose_name="Địa bàn")
    households = ListField(
        ReferenceField("Household", reverse_delete_rule=DENY), verbose_name="Hộ gia đình phụ trách"
    )
    start = DateField(required=True, verbose_name="Từ ngày")
    end = DateField(verbose_name="Đến ngày")
    decision = ReferenceField("OfficialDocument", verbose_name="Quyết định phân công")
    body = ReferenceField("IssuingBody", reverse_delete_rule=DENY, verbose_name="Cấp phân công")
    post = StringField(max_length=200, verbose_name="Chức vụ khi được phân công")
    note = StringField(max_length=2000, verbose_name="Ghi chú")
    # Kept on every save, for the coverage counts: where the person works and how high that is
    # (a district leader is level 2), the locality's level and the commune it lies in.
    assignee_unit = ObjectIdField()
    assignee_level = IntField()
    level = IntField()
    commune = ObjectIdField()

    meta = {
        "collection": "locality_assignments",
        "queryset_class": LocalityAssignmentQuerySet,
        "ordering": ["sort_name"],
        "indexes": [
            ("sort_name", "_id"),
            ("ancestors", "sort_name", "_id"),
            ("ancestors", "level", "start"),
            ("start", "_id"),
            "unit",
            "person",
            "households",
            "decision",
            "search_terms",
            "search_exact",
        ],
    }

    def __str__(self):
        person = getattr(self.person, "full_name", "") if self.person else ""
        unit = str(self.unit) if self.unit else ""
        return f"{person} – {self.role_text.lower()} {unit}".strip(" –")

    def name_key(self):
        return text.person_sort_key(getattr(self.person, "full_name", "") or "")

    def search_texts(self):
        person = getattr(self.person, "full_name", "") if self.person else ""
        return [person, self.post, str(self.unit) if self.unit else ""]

    def place_ancestors(self):
        return unit_path(self.unit)

    @property
    def role_text(self):
        return label(LOCALITY_ROLES, self.role)

    @property
    def period_text(self):
        if self.start is None:
            return ""
        return f"Từ {self.start:%d/%m/%Y}" + (f" đến {self.end:%d/%m/%Y}" if self.end else "")

    @property
    def for_households(self):
        return bool(self.households)

    def runs_on(self, day):
        return self.start is not None and self.start <= day and (self.end is None or self.end >= day)

    @classmethod
    def after_write(cls, session, before, after):
        """The coverage summaries of the hamlets where the households it listed or lists are now
        are stale (`documents.locality_coverage_summary`)."""
        from documents.locality_coverage_summary import assignment_written  # it imports this module

        assignment_written(session, before, after)

    def clean(self):
        unit, person = self.unit, self.person
        last = datetime.date(vietnam_today().year + YEARS_AHEAD, 12, 31)
        if self.start is not None and not FIRST_DAY <= self.start <= last:
            raise field_error("start", f"Ngày bắt đầu phải từ {FIRST_DAY:%d/%m/%Y} đến {last:%d/%m/%Y}.")
        if self.start is not None and self.end is not None and self.end < self.start:
            raise field_error("end", "Ngày kết thúc không được trước ngày bắt đầu.")
        if unit is not None:
            level = UNIT_LEVELS.get(unit.kind)
            if level is None or level < COMMUNE_LEVEL:
                raise field_error(
                    "unit", "Địa bàn phụ trách là một xã, phường, thị trấn hoặc một thôn, tổ dân phố."
                )
            self.level = level
            self.commune = unit.pk if level == COMMUNE_LEVEL else unit.parent.pk if unit.parent else None
        if self.households:
            self._check_households()
        if self.pk is not None:
            self._check_visits_kept()
        if person is not None:
            self.assignee_unit = person.unit.pk if person.unit else None
            self.assignee_level = UNIT_LEVELS.get(person.unit.kind) if person.unit else None
            if not self.post and getattr(person, "current_positions", None):
                self.post = person.current_positions[0].title
        super().clean()

    def _check_visits_kept(self):
        """A visit recorded under the assignment stays within its dates: an end (or a start) that
        would leave visits outside is refused, naming how many and the day they allow."""
        from documents.locality_visit import LocalityVisit

        visits = LocalityVisit.objects(assignment=self.pk)
        ends = (
            ("end", self.end, "day__gt", "-day", "sau", "cuối", "ngày kết thúc sớm nhất"),
            ("start", self.start, "day__lt", "day", "trước", "đầu", "ngày bắt đầu muộn nhất"),
        )
        for name, day, beyond, order, side, which, allowed in ends:
            outside = visits.filter(**{beyond: day}) if day is not None else None
            nearest = outside.order_by(order).only("day").first() if outside is not None else None
            if nearest is not None:
                raise field_error(
                    name,
                    f"Đã có {outside.count()} lượt về địa bàn ghi theo phân công này {side} ngày đó (lượt "
                    f"{which} {nearest.day:%d/%m/%Y}): {allowed} là {nearest.day:%d/%m/%Y}.",
                )

    def _check_households(self):
        unit, person = self.unit, self.person
        if unit is None or not unit.is_hamlet:
            raise field_error(
                "households", "Hộ gia đình được phân công theo thôn: hãy chọn địa bàn là một thôn."
            )
        if person is not None and person.party_organization is None:
            raise field_error("person", "Người phụ trách hộ gia đình phải là đảng viên.")
        ids = [getattr(h, "pk", h) for h in self.households]
        if len(set(ids)) != len(ids):
            raise field_error("households", "Một hộ được chọn hai lần.")
        from documents.household import Household

        # Households added must be of the hamlet; those kept may have moved away since (they count
        # where they are now, `documents.locality_coverage`).
        # A copy renewing running assignments from a day (`renews`, set by the bulk page) keeps theirs.
        before = ([self.pk] if self.pk else []) + list(getattr(self, "renews", []))
        stored = type(self).objects(pk__in=before).only("households").as_pymongo() if before else []
        kept = {pk for row in stored for pk in row.get("households", [])}
        added = [pk for pk in ids if pk not in kept]
        outside = Household.objects(pk__in=added, hamlet__ne=unit.pk).only("code").first()
        if outside is not None:
            raise field_error("households", f"Hộ {outside.code} không thuộc {unit}.")


class LocalityRule(RegistryDocument):
    """The rule the coverage and the visit rate are measured by, in force from a day (admins set
    it): Nghị quyết 77's, unsaved, until one is stored."""

    label = "Quy định phụ trách địa bàn"
    name = StringField(
        required=True,
        max_length=200,
        default="Nghị quyết số 77 ngày 25/5/2022 của Ban Thường vụ Tỉnh ủy Lạng Sơn",
        verbose_name="Tên quy định",
    )
    from_day = DateField(required=True, default=datetime.date(2022, 5, 25), verbose_name="Áp dụng từ ngày")
    visits_per_month = IntField(
        required=True,
        default=1,
        min_value=1,
        max_value=31,
        verbose_name="Số lần về địa bàn ít nhất mỗi tháng",
    )
    commune_staff_per_hamlet = IntField(
        required=True,
        default=2,
        min_value=1,
        max_value=50,
        verbose_name="Số cán bộ xã phụ trách ít nhất mỗi thôn",
    )
    months_flagged = IntField(
        required=True,
        default=2,
        min_value=1,
        max_value=24,
        verbose_name="Cảnh báo khi liên tiếp số tháng không về địa bàn",
    )

    meta = {
        "collection": "locality_rules",
        "ordering": ["-from_day"],
        "indexes": [{"fields": ["from_day"], "unique": True}, ("sort_name", "_id"), "search_terms"],
    }

    def __str__(self):
        return f"{self.name} (từ {self.from_day:%d/%m/%Y})" if self.from_day else self.name or ""

    def name_key(self):
        return text.sort_key(self.name or "")

    def search_texts(self):
        return [self.name]

    @classmethod
    def in_force(cls, day):
        """The stored rule in force on `day`, else Nghị quyết 77's (unsaved)."""
        moment = datetime.datetime.combine(day, datetime.time())
        return cls.objects(from_day__lte=moment).order_by("-from_day").first() or cls()
