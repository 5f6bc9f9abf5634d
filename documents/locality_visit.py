"""A visit of an assigned cadre to their locality (về địa bàn): the day, what for (often the
hamlet cell's monthly meeting), what was learned, the problems raised and the level they were
proposed to, how they are followed up, and the support given as items that add up (Mr. Vi Văn
Phong's loudspeakers, money for the culture-house gate, national flags, sand and gravel).

A visit belongs to one assignment; its person and locality are copied from it on save, so the
visit rate (`documents.locality_visits`) counts without joining."""

from mongoengine import (
    DENY,
    DateField,
    EmbeddedDocument,
    EmbeddedDocumentField,
    FloatField,
    IntField,
    ListField,
    ObjectIdField,
    QuerySet,
    ReferenceField,
    StringField,
)

from documents import text
from documents.base import RegistryDocument, field_error, unit_path
from documents.constants import FOLLOW_UP_STATES, PROPOSAL_LEVELS, VISIT_PURPOSES, label
from documents.official_document import vietnam_today

# Đồng, the largest value of one support item (a thousand billion).
LARGEST_VALUE = 10**12
LARGEST_QUANTITY = 10**6


class SupportItem(EmbeddedDocument):
    """One thing given: its kind ("Cờ Tổ quốc"), how many in what unit, and its value in đồng."""

    kind = StringField(required=True, max_length=200, verbose_name="Nội dung hỗ trợ")
    quantity = FloatField(min_value=0, verbose_name="Số lượng")
    measure = StringField(max_length=30, verbose_name="Đơn vị tính")
    value = IntField(min_value=0, max_value=LARGEST_VALUE, verbose_name="Giá trị (đồng)")

    def clean(self):
        # The form reads numbers as decimals: an amount in đồng with a fraction is refused, never cut.
        if self.value is not None and self.value != int(self.value):
            raise field_error("value", "Giá trị tính bằng đồng, không có phần lẻ.")
        if self.value is not None and self.value > LARGEST_VALUE:
            raise field_error("value", f"Giá trị tối đa {text.figure(LARGEST_VALUE)} đồng.")
        if self.quantity is not None and not 0 <= self.quantity <= LARGEST_QUANTITY:
            raise field_error("quantity", f"Số lượng từ 0 đến {text.figure(LARGEST_QUANTITY)}.")

    def __str__(self):
        amount = f" {text.figure(self.quantity)} {self.measure or ''}".rstrip() if self.quantity else ""
        worth = f" ({text.figure(self.value)} đồng)" if self.value else ""
        return f"{self.kind}{amount}{worth}"


class LocalityVisitQuerySet(QuerySet):
    def under(self, unit):
        return self.filter(ancestors=unit.pk)

    def between(self, first, last):
        return self.filter(day__gte=first, day__lte=last)


class LocalityVisit(RegistryDocument):
    label = "Lần về địa bàn"
    extended_as = "locality_visit"
    assignment = ReferenceField(
        "LocalityAssignment", required=True, reverse_delete_rule=DENY, verbose_name="Phân công"
    )
    day = DateField(required=True, verbose_name="Ngày")
    purpose = StringField(
        required=True, choices=VISIT_PURPOSES, default="sinh_hoat_chi_bo", verbose_name="Mục đích"
    )
    learned = StringField(max_length=5000, verbose_name="Tình hình nắm được")
    problems = StringField(max_length=5000, verbose_name="Khó khăn, kiến nghị")
    proposed_to = StringField(choices=PROPOSAL_LEVELS, verbose_name="Kiến nghị đến cấp")
    follow_up = StringField(
        required=True, choices=FOLLOW_UP_STATES, default="khong_can", verbose_name="Xử lý kiến nghị"
    )
    support = ListField(EmbeddedDocumentField(SupportItem), verbose_name="Hỗ trợ")
    # The cell meeting this visit is (`documents.cell_meeting_visit`): set by the meeting only.
    meeting = ObjectIdField()
    # Copied on every save, for the counts: the assignment's person and locality, the support's sum.
    person = ObjectIdField()
    unit = ObjectIdField()
    support_value = IntField(default=0, verbose_name="Tổng giá trị hỗ trợ (đồng)")

    multiline_fields = ("learned", "problems")

    meta = {
        "collection": "locality_visits",
        "queryset_class": LocalityVisitQuerySet,
        "ordering": ["-day"],
        "indexes": [
            ("sort_name", "_id"),
            ("day", "_id"),
            ("ancestors", "day", "_id"),
            ("assignment", "day"),
            ("person", "day"),
            {"fields": ["meeting"], "sparse": True},
            "search_terms",
            "search_exact",
        ],
    }

    def __str__(self):
        day = f"{self.day:%d/%m/%Y}" if self.day else ""
        return f"{day} – {self.assignment}" if self.assignment else day

    def name_key(self):
        return self.day.isoformat() if self.day else ""

    def search_texts(self):
        """Found by the assignment's cadre and place (as the list's «Phân công» reads), what was
        learned and raised, and the support given."""
        assignment = self.assignment
        person = getattr(getattr(assignment, "person", None), "full_name", "") if assignment else ""
        place = str(assignment.unit) if assignment and getattr(assignment, "unit", None) else ""
        return [person, place, self.learned, self.problems, *(item.kind for item in self.support)]

    def place_ancestors(self):
        return unit_path(self.assignment.unit) if self.assignment else []

    @property
    def purpose_text(self):
        return label(VISIT_PURPOSES, self.purpose)

    def clean(self):
        assignment = self.assignment
        if self.day is not None:
            if self.day > vietnam_today():  # the board's today, as the form's default
                raise field_error("day", "Ngày về địa bàn không được sau hôm nay.")
            if assignment is not None and not assignment.runs_on(self.day):
                period = assignment.period_text.lower()
                raise field_error(
                    "day", f"Ngày {self.day:%d/%m/%Y} nằm ngoài thời gian phân công ({period})."
                )
        if self.problems and self.problems.strip() and self.follow_up == "khong_can":
            self.follow_up = "cho_xu_ly"
        if self.follow_up not in (None, "khong_can") and not (self.problems or "").strip():
            raise field_error("problems", "Hãy ghi khó khăn, kiến nghị cần xử lý.")
        if self.proposed_to and not (self.problems or "").strip():
            raise field_error("proposed_to", "Chỉ chọn cấp kiến nghị khi có ghi khó khăn, kiến nghị.")
        if assignment is not None:
            self.person = assignment.person.pk if assignment.person else None
            self.unit = assignment.unit.pk if assignment.unit else None
        self.support_value = sum(item.value or 0 for item in self.support)
        super().clean()
