"""Quality reviews and ratings of party cells (issue 14; article 05, BRIEF.md section 4): every
6 and 12 months the commune committee reviews the quality of each cell's meetings and work;
cells and their members are rated once a year in the four levels.

- `CellReview`: the committee's review of a cell at 6 months (sơ kết) or 12 months (tổng kết) of
  a year, on a checklist. The checklist is a kind of the kinded family "cell_review" (a
  definition staff enter in Quản trị → Biểu mẫu), so each province's checklist is data. The
  kind's number fields whose «Đơn vị tính» is "điểm" are its scores: their sum is the review's
  total, the sum of their maxima the most it could be, and the total's share of that proposes a
  level under the rule.
- `CellRating` and `MemberRating` (`documents.cell_rating`): the yearly ratings of cells and of
  their members, the excellent rule checked on the latter.
- `CellReviewRule`: the thresholds of the proposed level and the excellent rule (every member
  rated at least «Hoàn thành», 80% at least «Hoàn thành tốt»), data in force from a year.
"""

from decimal import ROUND_DOWN, Decimal

from mongoengine import (
    DENY,
    BooleanField,
    DateField,
    DictField,
    FloatField,
    IntField,
    QuerySet,
    ReferenceField,
    StringField,
)

from documents import text
from documents.base import RegistryDocument, field_error, unit_path, vietnam_today
from documents.constants import CELL_KINDS, RATING_LEVELS, REVIEW_PERIODS, SCORE_MEASURE, label
from documents.custom_record import Kinded
from documents.form_definition import NUMBER_TYPES

FIRST_YEAR = 2000
LEVELS = [value for value, _ in RATING_LEVELS]  # best first
EXCELLENT = "xuat_sac"
PERIOD_ORDER = {"12_thang": 0, "6_thang": 1}  # the year's review before the half-year's


def rank(level):
    """0 for the best level, 3 for the lowest."""
    return LEVELS.index(level)


def at_least(level, least):
    return level in LEVELS and rank(level) <= rank(least)


def share_text(part, whole):
    """ "9/12 = 75%": the share cut, never rounded up, to a tenth."""
    percent = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_DOWN)
    return f"{text.figure(part)}/{text.figure(whole)} = {text.figure(percent.normalize())}%"


class CellReviewRule(RegistryDocument):
    """How a review's score proposes a level, and what a cell rated excellent needs of its members,
    in force from a year (admins set it); the defaults, unsaved, until one is stored."""

    label = "Quy định xếp loại chi bộ"
    name = StringField(
        required=True,
        max_length=200,
        default="Quy định 366-QĐ/TW ngày 30/8/2025 (đánh giá, xếp loại tổ chức đảng)",
        verbose_name="Tên quy định",
    )
    from_year = IntField(required=True, default=2025, verbose_name="Áp dụng từ năm")
    excellent_min = FloatField(
        required=True, default=90, verbose_name="Đề xuất «Hoàn thành xuất sắc»: điểm từ (% điểm tối đa)"
    )
    good_min = FloatField(
        required=True, default=70, verbose_name="Đề xuất «Hoàn thành tốt»: điểm từ (% điểm tối đa)"
    )
    done_min = FloatField(
        required=True, default=50, verbose_name="Đề xuất «Hoàn thành»: điểm từ (% điểm tối đa)"
    )
    members_least = StringField(
        required=True,
        choices=RATING_LEVELS,
        default="hoan_thanh",
        verbose_name="Chi bộ xuất sắc: mọi đảng viên được xếp loại từ mức",
    )
    good_level = StringField(
        required=True,
        choices=RATING_LEVELS,
        default="tot",
        verbose_name="Chi bộ xuất sắc: tính tỷ lệ đảng viên từ mức",
    )
    good_share = FloatField(
        required=True, default=80, verbose_name="Chi bộ xuất sắc: tỷ lệ đảng viên từ mức đó ít nhất (%)"
    )
    share_of_rated = BooleanField(
        default=True,
        verbose_name="Tỷ lệ tính trên số đảng viên đã được xếp loại (bỏ chọn: trên tổng số đảng viên)",
    )

    meta = {
        "collection": "cell_review_rules",
        "ordering": ["-from_year"],
        "indexes": [{"fields": ["from_year"], "unique": True}, ("sort_name", "_id"), "search_terms"],
    }

    def __str__(self):
        return f"{self.name} (từ năm {self.from_year})" if self.from_year else self.name or ""

    def name_key(self):
        return text.sort_key(self.name or "")

    def search_texts(self):
        return [self.name]

    @classmethod
    def in_force(cls, year):
        """The stored rule in force in `year`, else the defaults (unsaved)."""
        return cls.objects(from_year__lte=year).order_by("-from_year").first() or cls()

    def propose(self, total, most):
        """The level (a RATING_LEVELS value) a score of `total` out of `most` proposes; None
        without a score or a maximum to read it against."""
        if total is None or not most:
            return None
        share = Decimal(str(total)) * 100 / Decimal(str(most))
        thresholds = (("xuat_sac", self.excellent_min), ("tot", self.good_min), ("hoan_thanh", self.done_min))
        for level, least in thresholds:
            if share >= Decimal(str(least)):
                return level
        return "khong_hoan_thanh"

    def clean(self):
        if self.from_year is not None and not FIRST_YEAR <= self.from_year <= vietnam_today().year + 5:
            raise field_error("from_year", f"Năm phải từ {FIRST_YEAR} đến {vietnam_today().year + 5}.")
        for name in ("excellent_min", "good_min", "done_min", "good_share"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= 100:
                raise field_error(name, "Tỷ lệ phải từ 0 đến 100%.")
        if None not in (self.done_min, self.good_min, self.excellent_min):
            if not self.done_min < self.good_min < self.excellent_min:
                raise field_error("good_min", "Ngưỡng điểm phải tăng dần: Hoàn thành < Tốt < Xuất sắc.")
        super().clean()


def check_cell(document, name="organization"):
    cell = getattr(document, name)
    if cell is not None and cell.kind not in CELL_KINDS:
        raise field_error(name, f"{cell.name} không phải là chi bộ.")
    if cell is not None and cell.unit is None:
        raise field_error(name, f"{cell.name} chưa gắn với đơn vị hành chính nào.")
    return cell


def check_year(document):
    this_year = vietnam_today().year
    if document.year is not None and not FIRST_YEAR <= document.year <= this_year:
        raise field_error("year", f"Năm phải từ {FIRST_YEAR} đến {this_year}.")


def check_committee(document, what):
    """The committee is one above the cell (its own by default)."""
    cell = document.organization
    if cell is None:
        return
    if document.committee is None:
        document.committee = cell.parent
    if document.committee is None:
        raise field_error("committee", f"Hãy chọn cấp ủy {what} ({cell.name} chưa có tổ chức đảng cấp trên).")
    committee = document.committee
    if committee.pk not in cell.parents:
        raise field_error("committee", f"{committee.name} không phải cấp ủy cấp trên của {cell.name}.")


class CellReviewQuerySet(QuerySet):
    def under(self, unit):
        return self.filter(ancestors=unit.pk)

    def of_period(self, year, period=None):
        found = self.filter(year=year)
        return found.filter(period=period) if period else found


class CellReview(Kinded, RegistryDocument):
    label = "Đánh giá chất lượng chi bộ"
    kinded_as = "cell_review"
    kind = StringField(required=True, max_length=40, verbose_name="Phiếu đánh giá")
    organization = ReferenceField(
        "PartyOrganization", required=True, reverse_delete_rule=DENY, verbose_name="Chi bộ"
    )
    committee = ReferenceField("PartyOrganization", reverse_delete_rule=DENY, verbose_name="Cấp ủy đánh giá")
    year = IntField(required=True, verbose_name="Năm")
    period = StringField(
        required=True, choices=REVIEW_PERIODS, default="12_thang", verbose_name="Kỳ đánh giá"
    )
    reviewed_on = DateField(verbose_name="Ngày đánh giá")
    title = StringField(max_length=300, verbose_name="Tiêu đề")
    comment = StringField(max_length=10000, verbose_name="Nhận xét của cấp ủy")
    values = DictField()
    definition_version = IntField(verbose_name="Kiểm theo phiên bản biểu mẫu")
    # Computed on every save from the kind's score fields and the rule.
    total = FloatField(verbose_name="Tổng điểm")
    most = FloatField(verbose_name="Điểm tối đa")
    proposed = StringField(choices=RATING_LEVELS, verbose_name="Mức đề xuất theo điểm")

    multiline_fields = ("comment",)

    meta = {
        "collection": "cell_reviews",
        "queryset_class": CellReviewQuerySet,
        "ordering": ["sort_name"],
        "indexes": [
            ("sort_name", "_id"),
            ("ancestors", "sort_name", "_id"),
            ("kind", "sort_name", "_id"),
            ("kind", "ancestors", "sort_name", "_id"),
            ("ancestors", "year", "period"),
            ("organization", "year", "period"),
            "committee",
            "search_terms",
            "search_exact",
        ],
    }

    def __str__(self):
        if self.title:
            return self.title
        cell = getattr(self.organization, "name", "")
        return f"{cell} – {self.period_text}".strip(" –")

    def name_key(self):
        # The latest year first, its 12-month review before its 6-month one, then cells by name.
        cell = getattr(self.organization, "name", "")
        return f"{9999 - (self.year or 0):04d} {PERIOD_ORDER.get(self.period, 2)} {text.sort_key(cell)}"

    def search_texts(self):
        return [getattr(self.organization, "name", ""), self.title, self.comment, *self.kind_texts()]

    def place_ancestors(self):
        return unit_path(self.organization.unit) if self.organization else []

    @property
    def period_text(self):
        return f"{label(REVIEW_PERIODS, self.period)} năm {self.year}" if self.year else ""

    @property
    def proposed_text(self):
        return label(RATING_LEVELS, self.proposed) if self.proposed else "Chưa đề xuất được"

    @property
    def score_text(self):
        """ "86/100 điểm", "86 điểm" (no maximum), or "" without scores."""
        if self.total is None:
            return ""
        most = f"/{text.figure(self.most)}" if self.most else ""
        return f"{text.figure(self.total)}{most} điểm"

    def score_fields(self, definition=None):
        """The kind's number fields scored in points (their «Đơn vị tính» is "điểm")."""
        definition = definition or self.definition()
        if definition is None:
            return []
        numbers = [f for f in definition.active_fields if f.type in NUMBER_TYPES and f.type != "year"]
        return [f for f in numbers if (f.measure or "").strip().lower() == SCORE_MEASURE]

    def score(self):
        """(total, most) of the kind's score fields: the values' sum, None without any score
        field; the sum of their maxima, None unless each has one."""
        fields = self.score_fields()
        if not fields:
            return None, None
        given = [Decimal(str(self.values[f.key])) for f in fields if self.values.get(f.key) is not None]
        total = float(sum(given)) if given else None
        maxima = [f.max_value for f in fields]
        most = float(sum(Decimal(str(m)) for m in maxima)) if None not in maxima else None
        return total, most

    def clean(self):
        self.tidy_text()
        check_cell(self)
        check_committee(self, "đánh giá")
        check_year(self)
        day = self.reviewed_on
        if day is not None:
            if day > vietnam_today():
                raise field_error("reviewed_on", "Ngày đánh giá không được sau hôm nay.")
            if self.year is not None and day.year not in (self.year, self.year + 1):
                raise field_error(
                    "reviewed_on", f"Ngày đánh giá phải trong năm {self.year} hoặc đầu năm {self.year + 1}."
                )
        self.check_kind_values()
        self.total, self.most = self.score()
        rule = CellReviewRule.in_force(self.year or vietnam_today().year)
        self.proposed = rule.propose(self.total, self.most)
        super().clean()
