"""Evaluation and rating of cadres on their breakthrough tasks (Quy định 366-QĐ/TW, Hướng dẫn
43-HD/BTCTW): the rating rule as data (`RatingRule`, editable by admins), and a cadre's evaluation
in one post for a year or a quarter (`CadreRating`): the tasks considered and where each stood,
the 70 points proposed from them, the 30 general points entered, the suggested level and the steps
(self-assessment, the board's proposal, the deciding body's level). The evaluation table of a unit
is `documents.breakthrough_rating_table`.
"""

import datetime
from decimal import ROUND_DOWN, Decimal

from mongoengine import (
    DENY,
    DateTimeField,
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
from documents.base import RegistryDocument, field_error, now, unit_path, vietnam_today
from documents.breakthrough import FIRST_TASK_YEAR, YEARS_AHEAD
from documents.constants import QUARTERS, RATING_LEVELS, RATING_STATES, RATING_STEPS, TASK_STANDINGS, label

# Where a task stands, as the rule counts it: each a share of a task done (`RatingRule.credit`).
COUNTED_STANDINGS = ("exceeded", "on_time", "behind", "not_done")
POINTS = Decimal("0.1")
# The state an evaluation is in once each step is taken, and the step that comes next in each state.
STATE_AFTER = {"self": "self_assessed", "proposal": "proposed", "decision": "decided"}
NEXT_STEP = {"draft": "self", "self_assessed": "proposal", "proposed": "decision"}
DIFFERENT_WITHOUT_REASON = "Mức xếp loại khác mức gợi ý «{}»: hãy ghi lý do."


def exact(value):
    return Decimal(str(value or 0))


class RatingRule(RegistryDocument):
    """How tasks become points and points a level, in force from a year (the board sets it).

    Task points = task part × (tasks done, weighted) / tasks counted, capped at the task part, cut
    (never rounded up) to 0.1 point. A task done on time counts 1; exceeded, 1 plus the bonus; behind
    schedule, the behind credit; not done, 0. Levels: the first whose points and conditions are met.

    Which tasks count on the period's day (`documents.breakthrough.standing`): evaluated ones as
    evaluated; running ones by their progress, as 366-QĐ/TW's conditions read ("100% nhiệm vụ
    đúng tiến độ", "không quá 20% chậm tiến độ"): on time while their achievement keeps up with
    the share of their period gone, else behind schedule (the behind credit), never "not done" before
    their period ends. So a quarter's evaluation of one-year tasks (Q1 to Q3) counts their progress
    instead of finding nothing due. Only tasks still awaiting approval, or whose period has not
    begun, are listed as not yet due and not counted."""

    label = "Quy định xếp loại"
    name = StringField(
        required=True, max_length=200, default="Quy định 366-QĐ/TW", verbose_name="Tên quy định"
    )
    from_year = IntField(required=True, default=2025, verbose_name="Áp dụng từ năm")
    # As a decision giving tasks cites it among its grounds (`exports.breakthrough_assignment`).
    citation = StringField(
        max_length=300,
        default="Quy định số 366-QĐ/TW ngày 30/8/2025 của Bộ Chính trị",
        verbose_name="Trích dẫn làm căn cứ",
    )
    task_points = FloatField(required=True, default=70, verbose_name="Điểm kết quả thực hiện nhiệm vụ")
    general_points = FloatField(required=True, default=30, verbose_name="Điểm tiêu chí chung")
    exceeded_bonus = FloatField(
        required=True, default=20, verbose_name="Việc vượt chỉ tiêu được cộng thêm (%)"
    )
    behind_credit = FloatField(required=True, default=50, verbose_name="Việc chậm tiến độ được tính (%)")
    excellent_min = FloatField(required=True, default=90, verbose_name="Xuất sắc: điểm từ")
    good_min = FloatField(required=True, default=70, verbose_name="Tốt: điểm từ")
    done_min = FloatField(required=True, default=50, verbose_name="Hoàn thành: điểm từ")
    excellent_exceeded = FloatField(
        required=True, default=30, verbose_name="Xuất sắc: việc vượt chỉ tiêu ít nhất (%)"
    )
    done_behind = FloatField(
        required=True, default=20, verbose_name="Hoàn thành: việc chậm tiến độ nhiều nhất (%)"
    )
    excellent_quota = FloatField(
        required=True, default=20, verbose_name="Tỷ lệ xuất sắc tối đa (% số xếp loại tốt trở lên)"
    )

    meta = {
        "collection": "rating_rules",
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
        """The stored rule in force in `year`, else the current rule (366-QĐ/TW, unsaved)."""
        return cls.objects(from_year__lte=year).order_by("-from_year").first() or cls()

    def credit(self, standing):
        return {
            "exceeded": 1 + exact(self.exceeded_bonus) / 100,
            "on_time": Decimal(1),
            "behind": exact(self.behind_credit) / 100,
        }.get(standing, Decimal(0))

    def task_points_for(self, counts):
        """The task points proposed for `counts` ({standing: tasks}); 0 when no task counts (none
        approved and begun): the task part has nothing yet to be proposed from."""
        due = sum(counts.get(s, 0) for s in COUNTED_STANDINGS)
        if not due:
            return Decimal(0)
        done = sum(self.credit(s) * counts.get(s, 0) for s in COUNTED_STANDINGS)
        points = min(exact(self.task_points), exact(self.task_points) * done / due)
        return points.quantize(POINTS, rounding=ROUND_DOWN)

    def suggest(self, total, counts):
        """The level (a RATING_LEVELS value) for `total` points and the tasks' `counts`."""
        total = exact(total)
        due = sum(counts.get(s, 0) for s in COUNTED_STANDINGS)
        exceeded, behind, not_done = (counts.get(s, 0) for s in ("exceeded", "behind", "not_done"))
        all_on_time = behind == 0 and not_done == 0
        if (
            total >= exact(self.excellent_min)
            and all_on_time
            and exceeded * 100 >= exact(self.excellent_exceeded) * due
        ):
            return "xuat_sac"
        if total >= exact(self.good_min) and all_on_time:
            return "tot"
        if total >= exact(self.done_min) and not_done == 0 and behind * 100 <= exact(self.done_behind) * due:
            return "hoan_thanh"
        return "khong_hoan_thanh"

    def clean(self):
        if (
            self.from_year is not None
            and not FIRST_TASK_YEAR <= self.from_year <= vietnam_today().year + YEARS_AHEAD
        ):
            raise field_error(
                "from_year", f"Năm phải từ {FIRST_TASK_YEAR} đến {vietnam_today().year + YEARS_AHEAD}."
            )
        for name in ("task_points", "general_points", "excellent_min", "good_min", "done_min"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= 100:
                raise field_error(name, "Điểm phải từ 0 đến 100.")
        for name in (
            "exceeded_bonus",
            "behind_credit",
            "excellent_exceeded",
            "done_behind",
            "excellent_quota",
        ):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= 100:
                raise field_error(name, "Tỷ lệ phải từ 0 đến 100%.")
        if exact(self.task_points) + exact(self.general_points) != 100:
            raise field_error("general_points", "Điểm nhiệm vụ và điểm tiêu chí chung cộng lại phải là 100.")
        if not exact(self.done_min) < exact(self.good_min) < exact(self.excellent_min):
            raise field_error("good_min", "Ngưỡng điểm phải tăng dần: Hoàn thành < Tốt < Xuất sắc.")
        super().clean()


class RatedTask(EmbeddedDocument):
    """A task the evaluation considered and where it stood on the evaluation's day."""

    task = ObjectIdField(required=True)
    content = StringField(max_length=2000, verbose_name="Việc")
    standing = StringField(choices=TASK_STANDINGS, verbose_name="Kết quả")
    achieved = FloatField(verbose_name="Mức đạt (%)")

    def __str__(self):
        return f"{self.content} — {label(TASK_STANDINGS, self.standing)}"


class RatingStep(EmbeddedDocument):
    """One step of the evaluation: its level, comment (the reason, for a decision), who and when."""

    step = StringField(required=True, choices=RATING_STEPS, verbose_name="Bước")
    level = StringField(required=True, choices=RATING_LEVELS, verbose_name="Mức xếp loại")
    general_points = FloatField(verbose_name="Điểm tiêu chí chung")
    comment = StringField(max_length=3000, verbose_name="Nhận xét, lý do")
    by = StringField(max_length=150, verbose_name="Người ghi")
    at = DateTimeField(verbose_name="Lúc")

    def __str__(self):
        return f"{label(RATING_STEPS, self.step)}: {label(RATING_LEVELS, self.level)}"


class CadreRatingQuerySet(QuerySet):
    def under(self, unit):
        return self.filter(ancestors=unit.pk)

    def of_period(self, year, quarter=None):
        return self.filter(year=year, quarter=quarter)


class CadreRating(RegistryDocument):
    """A cadre's evaluation in one post for a year (or a quarter of it)."""

    label = "Đánh giá, xếp loại"
    extended_as = "cadre_rating"
    person = ReferenceField("Person", required=True, reverse_delete_rule=DENY, verbose_name="Cán bộ")
    post = StringField(max_length=200, verbose_name="Chức vụ được đánh giá")
    unit = ReferenceField("Unit", reverse_delete_rule=DENY, verbose_name="Đơn vị")
    body = ReferenceField(
        "IssuingBody", required=True, reverse_delete_rule=DENY, verbose_name="Cấp quyết định xếp loại"
    )
    year = IntField(required=True, verbose_name="Năm")
    # 1 to 4, or None for the whole year (no `choices`: the form offers "Cả năm" beside the quarters).
    quarter = IntField(min_value=1, max_value=4, verbose_name="Quý")
    tasks = ListField(EmbeddedDocumentField(RatedTask), verbose_name="Việc được xem xét")
    exceeded = IntField(default=0, verbose_name="Vượt chỉ tiêu")
    on_time = IntField(default=0, verbose_name="Đúng tiến độ")
    behind = IntField(default=0, verbose_name="Chậm tiến độ")
    not_done = IntField(default=0, verbose_name="Không hoàn thành")
    open = IntField(default=0, verbose_name="Chưa đến hạn")
    task_points = FloatField(verbose_name="Điểm nhiệm vụ (đề xuất)")
    general_points = FloatField(verbose_name="Điểm tiêu chí chung")
    total = FloatField(verbose_name="Tổng điểm")
    suggested = StringField(choices=RATING_LEVELS, verbose_name="Mức gợi ý")
    steps = ListField(EmbeddedDocumentField(RatingStep), verbose_name="Các bước đánh giá")
    state = StringField(required=True, choices=RATING_STATES, default="draft", verbose_name="Trạng thái")
    level = StringField(choices=RATING_LEVELS, verbose_name="Mức xếp loại")

    meta = {
        "collection": "cadre_ratings",
        "queryset_class": CadreRatingQuerySet,
        "ordering": ["sort_name"],
        "indexes": [
            {"fields": ["person", "post", "year", "quarter"], "unique": True},
            ("sort_name", "_id"),
            ("ancestors", "sort_name", "_id"),
            ("ancestors", "year", "quarter"),
            ("state", "sort_name", "_id"),
            "body",
            "tasks.task",  # a task it considered is not deleted (`BreakthroughTask.embedded_referrers`)
            "search_terms",
            "search_exact",
        ],
    }

    def __str__(self):
        name = self.person.full_name if self.person else ""
        return f"{name}, {self.post or ''} — {self.period_text}"

    def name_key(self):
        return text.person_sort_key(self.person.full_name if self.person else "")

    def search_texts(self):
        return [self.person.full_name if self.person else None, self.post]

    def place_ancestors(self):
        """Where the cadre works: the evaluation's unit, the cadre's own until it is saved."""
        return unit_path(self.unit or (self.person.unit if self.person is not None else None))

    # The period

    @property
    def period_text(self):
        if self.quarter:
            return f"{label(QUARTERS, self.quarter)} năm {self.year}"
        return f"Năm {self.year}"

    def day(self, today=None):
        """The day tasks are counted at: the period's last day, or today if earlier."""
        return standing_day(self.year, self.quarter, today)

    @property
    def rule(self):
        return RatingRule.in_force(self.year)

    @property
    def counts(self):
        return {s: getattr(self, s) or 0 for s in (*COUNTED_STANDINGS, "open")}

    # Steps

    def next_step(self):
        return NEXT_STEP.get(self.state)

    def step(self, name):
        return next((s for s in self.steps if s.step == name), None)

    def take_step(self, step, level, comment, by, general_points=None):
        """Record the next step (saved by the caller). A decision on a level other than the
        suggested one needs its reason; the general points (self-assessment, proposal) are checked
        against the rule."""
        if step != self.next_step():
            expected = label(RATING_STEPS, self.next_step()) if self.next_step() else None
            message = (
                f"Bước tiếp theo là «{expected}»." if expected else "Đánh giá đã có quyết định xếp loại."
            )
            raise field_error("step", message)
        if level not in dict(RATING_LEVELS):
            raise field_error("level", "Hãy chọn mức xếp loại.")
        comment = (comment or "").strip() or None
        if step == "decision":
            if level != self.suggested and not comment:
                raise field_error(
                    "comment", DIFFERENT_WITHOUT_REASON.format(label(RATING_LEVELS, self.suggested))
                )
            general_points = self.general_points
        elif general_points is None:
            raise field_error("general_points", "Hãy nhập điểm tiêu chí chung.")
        self.check_general(general_points)
        self.steps.append(
            RatingStep(
                step=step, level=level, general_points=general_points, comment=comment, by=by, at=now()
            )
        )
        self.general_points = general_points
        self.settle()

    def check_general(self, points, field="general_points"):
        limit = self.rule.general_points
        if points is not None and not 0 <= points <= limit:
            raise field_error(field, f"Điểm tiêu chí chung từ 0 đến {text.figure(limit)}.")

    # Computed

    def refresh(self, today=None):
        """The tasks considered and their counts, the points and the suggested level, recomputed
        while no decision is taken (a decided rating keeps what it was decided on)."""
        from documents.breakthrough_rating_table import cadre_tasks

        rule = self.rule
        if self.state != "decided" and self.person is not None and self.year:
            rows = cadre_tasks(self.person.pk, self.post, self.year, self.day(today))
            self.tasks = [
                RatedTask(
                    task=r["_id"], content=r["content"], standing=r["standing"], achieved=r.get("achieved")
                )
                for r in rows
            ]
            for name in (*COUNTED_STANDINGS, "open"):
                setattr(self, name, sum(r["standing"] == name for r in rows))
            self.task_points = float(rule.task_points_for(self.counts))
        self.settle(rule)

    def settle(self, rule=None):
        """The total, the suggested level, the state and the level from the steps taken."""
        total = exact(self.task_points) + exact(self.general_points)
        self.total = float(total)
        self.suggested = (rule or self.rule).suggest(total, self.counts)
        self.state = STATE_AFTER[self.steps[-1].step] if self.steps else "draft"
        self.level = self.steps[-1].level if self.steps else None

    def clean(self):
        if self.person is not None:
            if not self.post:
                current = self.person.current_positions
                self.post = current[0].title if current else None
            if self.unit is None:
                self.unit = self.person.unit
        if not self.post:
            raise field_error("post", "Hãy ghi chức vụ được đánh giá (mỗi chức vụ đánh giá riêng).")
        this_year = vietnam_today().year
        if self.year is not None and not FIRST_TASK_YEAR <= self.year <= this_year:
            raise field_error("year", f"Năm đánh giá phải từ {FIRST_TASK_YEAR} đến {this_year}.")
        self.check_general(self.general_points)
        self.refresh()
        super().clean()


def standing_day(year, quarter=None, today=None):
    """The last day of the year (or quarter), or `today` if earlier."""
    today = today or vietnam_today()
    last = datetime.date(year, 12, 31) if not quarter else _quarter_end(year, quarter)
    return min(last, today)


def _quarter_end(year, quarter):
    month = quarter * 3
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)
