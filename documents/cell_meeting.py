"""Party-cell meetings (sinh hoạt chi bộ) under Directive 50-CT/TW and Guidance 42-HD/BTCTW: the
cell, the day and the hours, the kind (regular, thematic, or both combined), the one focus issue,
the committee's preparation and the notice, attendance member by member, the guests from above,
the chair's conclusions, the resolution and the tasks given; and the rule they are checked by
(`CellMeetingRule`, data with the 2025 rule as default).

What a cell missed in a year (a month without a regular meeting, a quarter without a thematic
one) is `CellMeetingQuerySet.calendar`, one query for every cell asked about."""

import datetime
import re

from mongoengine import (
    DENY,
    BooleanField,
    DateField,
    EmbeddedDocument,
    EmbeddedDocumentField,
    IntField,
    ListField,
    ObjectIdField,
    QuerySet,
    ReferenceField,
    StringField,
)

from documents import text
from documents.base import RegistryDocument, field_error, unit_path, vietnam_today
from documents.constants import CELL_KINDS, CELL_MEETING_KINDS, label

TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
REGULAR = ("thuong_ky", "ket_hop")  # kinds that count as the month's regular meeting
THEMATIC = ("chuyen_de", "ket_hop")  # kinds that count as the quarter's thematic meeting


def minutes_of(clock):
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


class CellMeetingRule(RegistryDocument):
    """The rule meetings are checked by, in force from a day (admins set it): Guidance 42's,
    unsaved, until one is stored."""

    label = "Quy định sinh hoạt chi bộ"
    name = StringField(
        required=True,
        max_length=200,
        default="Chỉ thị số 50-CT/TW ngày 23/7/2025, Hướng dẫn số 42-HD/BTCTW ngày 28/10/2025",
        verbose_name="Tên quy định",
    )
    from_day = DateField(required=True, default=datetime.date(2025, 10, 28), verbose_name="Áp dụng từ ngày")
    regular_per_month = IntField(
        required=True,
        default=1,
        min_value=1,
        max_value=10,
        verbose_name="Số buổi thường kỳ ít nhất mỗi tháng",
    )
    thematic_per_quarter = IntField(
        required=True, default=1, min_value=0, max_value=10, verbose_name="Số buổi chuyên đề ít nhất mỗi quý"
    )
    minutes_regular = IntField(
        required=True, default=90, min_value=1, max_value=600, verbose_name="Thời lượng ít nhất (phút)"
    )
    minutes_combined = IntField(
        required=True,
        default=120,
        min_value=1,
        max_value=600,
        verbose_name="Thời lượng ít nhất khi kết hợp thường kỳ và chuyên đề (phút)",
    )
    notice_days = IntField(
        required=True,
        default=1,
        min_value=0,
        max_value=30,
        verbose_name="Thông báo, gửi tài liệu trước ít nhất (ngày)",
    )
    absences_removed = IntField(
        required=True,
        default=3,
        min_value=1,
        max_value=12,
        verbose_name="Số tháng vắng không lý do trong năm thì xóa tên",
    )

    meta = {
        "collection": "cell_meeting_rules",
        "ordering": ["-from_day"],
        "indexes": [{"fields": ["from_day"], "unique": True}, ("sort_name", "_id"), "search_terms"],
    }

    def __str__(self):
        return f"{self.name} (từ {self.from_day:%d/%m/%Y})" if self.from_day else self.name or ""

    def name_key(self):
        return text.sort_key(self.name or "")

    def search_texts(self):
        return [self.name]

    def clean(self):
        if self.minutes_combined is not None and self.minutes_regular is not None:
            if self.minutes_combined < self.minutes_regular:
                raise field_error(
                    "minutes_combined", "Buổi kết hợp không thể ngắn hơn buổi thường kỳ."
                )  # fmt: skip
        super().clean()

    @classmethod
    def in_force(cls, day):
        """The stored rule in force on `day`, else Guidance 42's (unsaved)."""
        moment = datetime.datetime.combine(day, datetime.time())
        return cls.objects(from_day__lte=moment).order_by("-from_day").first() or cls()

    def least_minutes(self, kind):
        return self.minutes_combined if kind == "ket_hop" else self.minutes_regular


class Attendance(EmbeddedDocument):
    """A member at one meeting: present, or absent with the reason given (none: without reason)."""

    person = ReferenceField("Person", required=True, verbose_name="Đảng viên")
    present = BooleanField(default=True, verbose_name="Có mặt")
    reason = StringField(max_length=300, verbose_name="Lý do vắng")

    def clean(self):
        self.reason = " ".join((self.reason or "").split()) or None
        if self.present and self.reason:
            raise field_error("reason", "Đảng viên có mặt thì không ghi lý do vắng.")

    def __str__(self):
        name = getattr(self.person, "full_name", "")
        if self.present:
            return name
        return f"{name} (vắng: {self.reason})" if self.reason else f"{name} (vắng không lý do)"


class MemberTask(EmbeddedDocument):
    """A task the meeting gave: to whom, what, by when."""

    assignee = StringField(max_length=200, verbose_name="Người thực hiện")
    task = StringField(required=True, max_length=1000, verbose_name="Nhiệm vụ")
    due = DateField(verbose_name="Thời hạn")

    def __str__(self):
        who = f"{self.assignee}: " if self.assignee else ""
        due = f" (hạn {self.due:%d/%m/%Y})" if self.due else ""
        return f"{who}{self.task}{due}"


class CellMeetingQuerySet(QuerySet):
    def under(self, unit):
        return self.filter(ancestors=unit.pk)

    def between(self, first, last):
        return self.filter(day__gte=first, day__lte=last)

    def calendar(self, organizations, year):
        """{cell id: {"months": {1..12: regular meetings}, "quarters": {1..4: thematic ones}}} of
        `year` for the cells `organizations` (ids), counted in one aggregation; every month and
        quarter is there, at 0 when nothing was held."""
        ids = list(organizations)
        found = {pk: {"months": dict.fromkeys(range(1, 13), 0), "quarters": dict.fromkeys(range(1, 5), 0)}
                 for pk in ids}  # fmt: skip
        first, last = datetime.datetime(year, 1, 1), datetime.datetime(year, 12, 31)
        pipeline = [
            {"$match": {"organization": {"$in": ids}, "day": {"$gte": first, "$lte": last}}},
            {
                "$group": {
                    "_id": {"cell": "$organization", "month": {"$month": "$day"}},
                    "regular": {"$sum": {"$cond": [{"$in": ["$kind", list(REGULAR)]}, 1, 0]}},
                    "thematic": {"$sum": {"$cond": [{"$in": ["$kind", list(THEMATIC)]}, 1, 0]}},
                }
            },
        ]
        for row in self._collection.aggregate(pipeline):
            cell, month = row["_id"]["cell"], row["_id"]["month"]
            found[cell]["months"][month] += row["regular"]
            found[cell]["quarters"][(month - 1) // 3 + 1] += row["thematic"]
        return found


class CellMeeting(RegistryDocument):
    label = "Buổi sinh hoạt chi bộ"
    extended_as = "cell_meeting"
    organization = ReferenceField(
        "PartyOrganization", required=True, reverse_delete_rule=DENY, verbose_name="Chi bộ"
    )
    day = DateField(required=True, verbose_name="Ngày sinh hoạt")
    start = StringField(required=True, max_length=5, verbose_name="Bắt đầu (giờ:phút)")
    end = StringField(required=True, max_length=5, verbose_name="Kết thúc (giờ:phút)")
    kind = StringField(
        required=True, choices=CELL_MEETING_KINDS, default="thuong_ky", verbose_name="Hình thức"
    )
    focus = StringField(required=True, max_length=500, verbose_name="Vấn đề trọng tâm")
    committee_met_on = DateField(verbose_name="Chi ủy họp chuẩn bị nội dung ngày")
    notified_on = DateField(verbose_name="Thông báo đảng viên và cấp ủy cấp trên ngày")
    chair = ReferenceField("Person", reverse_delete_rule=DENY, verbose_name="Chủ trì")
    secretary = ReferenceField("Person", reverse_delete_rule=DENY, verbose_name="Thư ký")
    attendance = ListField(EmbeddedDocumentField(Attendance), verbose_name="Điểm danh")
    guests = ListField(
        ReferenceField("Person", reverse_delete_rule=DENY), verbose_name="Đại biểu cấp trên dự"
    )
    conclusions = StringField(max_length=10000, verbose_name="Kết luận của chủ trì")
    resolution = StringField(max_length=10000, verbose_name="Nghị quyết")
    tasks = ListField(EmbeddedDocumentField(MemberTask), verbose_name="Phân công nhiệm vụ")
    # Set on every save, for the counts: the minutes it lasted, members present and listed.
    minutes = IntField(verbose_name="Thời lượng (phút)")
    present = IntField(default=0, verbose_name="Có mặt")
    members = IntField(default=0, verbose_name="Tổng số đảng viên")
    unit = ObjectIdField()

    multiline_fields = ("conclusions", "resolution")

    meta = {
        "collection": "cell_meetings",
        "queryset_class": CellMeetingQuerySet,
        "ordering": ["-day"],
        "indexes": [
            ("sort_name", "_id"),
            ("day", "_id"),
            ("ancestors", "day", "_id"),
            ("organization", "day"),
            "attendance.person",
            "guests",
            "search_terms",
            "search_exact",
        ],
    }

    def __str__(self):
        day = f"{self.day:%d/%m/%Y}" if self.day else ""
        cell = getattr(self.organization, "name", "")
        return f"{cell} – {label(CELL_MEETING_KINDS, self.kind).lower()} {day}".strip(" –")

    def name_key(self):
        return self.day.isoformat() if self.day else ""

    def search_texts(self):
        return [getattr(self.organization, "name", ""), self.focus, self.conclusions, self.resolution]

    def place_ancestors(self):
        return unit_path(self.organization.unit) if self.organization else []

    @classmethod
    def after_write(cls, session, before, after):
        """The visits the meeting counts for its guests follow it (`documents.cell_meeting_visit`)."""
        from documents.cell_meeting_visit import write_visits  # it imports this module's neighbours

        write_visits(session, (after or before)["_id"], cls._from_son(after) if after is not None else None)

    def clean(self):
        self.tidy_text()
        organization = self.organization
        if self.day is not None and self.day > vietnam_today():
            raise field_error("day", "Ngày sinh hoạt không được sau hôm nay: biên bản ghi buổi đã họp.")
        if organization is not None and organization.kind not in CELL_KINDS:
            raise field_error("organization", f"{organization.name} không phải là chi bộ.")
        for name in ("start", "end"):
            value = getattr(self, name)
            if value and not TIME.match(value):
                raise field_error(name, "Hãy ghi giờ theo dạng giờ:phút, ví dụ 19:30.")
        if self.start and self.end:
            if minutes_of(self.end) <= minutes_of(self.start):
                raise field_error("end", "Giờ kết thúc phải sau giờ bắt đầu.")
            self.minutes = minutes_of(self.end) - minutes_of(self.start)
        for name, what in (("committee_met_on", "Chi ủy họp chuẩn bị"), ("notified_on", "Ngày thông báo")):
            before = getattr(self, name)
            if before and self.day and before > self.day:
                raise field_error(name, f"{what} phải trước hoặc trong ngày sinh hoạt.")
        # Someone the stored meeting lists stays on it when they have left the cell since.
        listed = set()
        if self.pk is not None:
            stored = CellMeeting.objects(pk=self.pk).only("attendance").as_pymongo().first() or {}
            listed = {row.get("person") for row in stored.get("attendance", [])}
        seen = set()
        for row in self.attendance:
            pk = getattr(row.person, "pk", None)
            if pk in seen:
                raise field_error("attendance", f"{row.person.full_name} được điểm danh hai lần.")
            seen.add(pk)
            member = getattr(row.person, "party_organization", None) == organization
            if organization is not None and not member and pk not in listed:
                raise field_error(
                    "attendance", f"{row.person.full_name} không sinh hoạt ở {organization.name}."
                )
        self.members = len(self.attendance)
        self.present = sum(1 for row in self.attendance if row.present)
        self.unit = organization.unit.pk if organization is not None else None
        super().clean()

    def shortfalls(self, rule=None):
        """What this meeting falls short of under the rule in force on its day, as sentences."""
        rule = rule or CellMeetingRule.in_force(self.day)
        found = []
        least = rule.least_minutes(self.kind)
        if self.minutes is not None and self.minutes < least:
            found.append(f"Thời lượng {self.minutes} phút, dưới {least} phút theo quy định.")
        if not self.committee_met_on:
            found.append("Chưa ghi ngày chi ủy họp chuẩn bị nội dung.")
        if not self.notified_on:
            found.append("Chưa ghi ngày thông báo đảng viên và cấp ủy cấp trên.")
        elif (self.day - self.notified_on).days < rule.notice_days:
            found.append(f"Thông báo chưa trước ít nhất {rule.notice_days} ngày.")
        if self.members and self.present * 2 <= self.members:
            found.append(f"Chỉ {self.present}/{self.members} đảng viên có mặt.")
        return found

    def absent_without_reason(self):
        return [row.person for row in self.attendance if not row.present and not row.reason]
