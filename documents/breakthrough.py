"""Breakthrough tasks (việc đột phá, đổi mới): a cadre's task with measurable targets, dated
check-ins and the states an assigning body moves it through (issue 11; Quy định 366-QĐ/TW).
Targets, check-ins and percent achieved: `documents.breakthrough_target`.
"""

import datetime
from decimal import Decimal

from mongoengine import (
    DENY,
    DateField,
    EmbeddedDocument,
    EmbeddedDocumentField,
    FloatField,
    IntField,
    ListField,
    QuerySet,
    ReferenceField,
    StringField,
)

from documents import text
from documents.base import RegistryDocument, field_error, unit_path, vietnam_today
from documents.breakthrough_target import (  # noqa: F401  (the names the task's users import from here)
    NO_PERCENT,
    QUALITATIVE_LEVELS,
    QUALITATIVE_PERCENT,
    CheckIn,
    Measured,
    Progress,
    Reading,
    Target,
    exact,
    percent_text,
    rounded,
)
from documents.constants import TASK_ORIGINS, TASK_PERIOD_KINDS, TASK_STANDINGS, TASK_STATES, label

FIRST_TASK_YEAR = 2000
YEARS_AHEAD = 10
MAX_TERM_YEARS = 10

# Moves between states: (from, to) → the Vietnamese name of the move. Who may make them is the
# view's business (the assigning body's staff); check-ins are taken while the task is open.
TRANSITIONS = {
    ("registered", "approved"): "Duyệt đăng ký",
    ("approved", "in_progress"): "Bắt đầu thực hiện",
    ("assigned", "in_progress"): "Bắt đầu thực hiện",
    ("in_progress", "finished"): "Đánh giá: hoàn thành",
    ("in_progress", "exceeded"): "Đánh giá: hoàn thành vượt chỉ tiêu",
    ("in_progress", "not_finished"): "Đánh giá: không hoàn thành",
    ("in_progress", "carried_over"): "Chuyển sang kỳ sau",
}
OPEN_STATES = ("approved", "assigned", "in_progress")
FINAL_STATES = ("finished", "exceeded", "not_finished", "carried_over")


class Milestone(EmbeddedDocument):
    """What a term task should have reached by a given year."""

    year = IntField(required=True, verbose_name="Năm")
    text = StringField(required=True, max_length=1000, verbose_name="Mốc cần đạt")

    def __str__(self):
        return f"{self.year}: {self.text}"


# Where a task stands on a day (`standing`), as an evaluation counts it (Quy định 366-QĐ/TW: tasks
# done on time, exceeded, behind schedule, not done):
# - evaluated by then (`evaluated_on` on or before the day), or the day is its period's last or
#   later (a period is judged after it ends: its evaluation, made in January, is the verdict on the
#   year): exceeded, finished, not_finished as evaluated; carried into the next period: behind.
# - before that it stood where its progress put it, whatever it ended as:
#   - registered and not yet approved, or its period not yet begun: open (not counted);
#   - still running after the last day of its period: behind (overdue);
#   - running within its period (a one-year task in a quarter, a term task in a year): behind when
#     its achievement on the day is below the share of the period gone by then, else on time.
DONE_STANDINGS = ("exceeded", "on_time")
EVALUATED_STANDINGS = {
    "exceeded": "exceeded",
    "finished": "on_time",
    "not_finished": "not_done",
    "carried_over": "behind",
}


def period_end(end_year):
    return datetime.date(end_year, 12, 31)


def share_gone(start_year, end_year, day):
    """The percent of the period start_year–end_year gone by the end of `day` (0 to 100)."""
    first, last = datetime.date(start_year, 1, 1), period_end(end_year)
    if day < first:
        return Decimal(0)
    if day >= last:
        return Decimal(100)
    return rounded(Decimal((day - first).days + 1) / Decimal((last - first).days + 1) * 100)


def standing(state, period_kind, start_year, end_year, achieved, day, evaluated_on=None):
    """Where a task stands on `day` (a TASK_STANDINGS value), from its stored values, its
    achievement on that day (`achieved`, a number or None) and the day it was evaluated
    (`evaluated_on`, None when not known: its final state then counts on every day): the rules
    above. `period_kind` is kept for the callers: both kinds follow the same rules."""
    if state in EVALUATED_STANDINGS and (
        evaluated_on is None or evaluated_on <= day or day >= period_end(end_year)
    ):
        return EVALUATED_STANDINGS[state]
    if state == "registered" or day < datetime.date(start_year, 1, 1):
        return "open"
    if day > period_end(end_year):
        return "behind"
    return "behind" if at_risk(start_year, end_year, achieved, day) else "on_time"


def at_risk(start_year, end_year, achieved, day):
    """Whether a running task has achieved less than the share of its period gone by `day`."""
    if day < datetime.date(start_year, 1, 1) or day > period_end(end_year):
        return False
    return exact(achieved or 0) < share_gone(start_year, end_year, day)


class BreakthroughTaskQuerySet(QuerySet):
    def under(self, unit):
        return self.filter(ancestors=unit.pk)

    def in_year(self, year):
        """Tasks whose period includes `year`: a year's own tasks and the terms running through it."""
        return self.filter(start_year__lte=year, end_year__gte=year)


class BreakthroughTask(Measured, RegistryDocument):
    label = "Việc đột phá"
    extended_as = "breakthrough_task"
    content = StringField(required=True, max_length=2000, verbose_name="Nội dung việc")
    person = ReferenceField(
        "Person", required=True, reverse_delete_rule=DENY, verbose_name="Cán bộ được giao"
    )
    post = StringField(max_length=200, verbose_name="Chức vụ khi được giao")
    body = ReferenceField(
        "IssuingBody", required=True, reverse_delete_rule=DENY, verbose_name="Cấp giao việc"
    )
    origin = StringField(required=True, choices=TASK_ORIGINS, default="duoc_giao", verbose_name="Nguồn gốc")
    period_kind = StringField(
        required=True, choices=TASK_PERIOD_KINDS, default="nam", verbose_name="Thời hạn"
    )
    start_year = IntField(required=True, verbose_name="Từ năm")
    end_year = IntField(verbose_name="Đến năm")
    milestones = ListField(EmbeddedDocumentField(Milestone), verbose_name="Mốc từng năm")
    unit = ReferenceField("Unit", required=True, reverse_delete_rule=DENY, verbose_name="Đơn vị liên quan")
    plan = StringField(max_length=5000, verbose_name="Kế hoạch thực hiện")
    solutions = ListField(StringField(max_length=1000), verbose_name="Giải pháp")
    targets = ListField(EmbeddedDocumentField(Target), verbose_name="Chỉ tiêu")
    check_ins = ListField(EmbeddedDocumentField(CheckIn), verbose_name="Tiến độ đã báo cáo")
    state = StringField(required=True, choices=TASK_STATES, default="registered", verbose_name="Trạng thái")
    # The day of the move to its final state (`move_to`); tasks loaded without one (demo, imports)
    # are taken as evaluated on their last check-in day (`evaluation_day`).
    evaluated_on = DateField(verbose_name="Ngày đánh giá")
    # Computed on every save, for the summaries: the achievement now, and after each check-in day.
    achieved = FloatField(verbose_name="Mức đạt (%)")
    progress = ListField(EmbeddedDocumentField(Progress), verbose_name="Mức đạt theo thời gian")

    multiline_fields = ("content", "plan")

    meta = {
        "collection": "breakthrough_tasks",
        "queryset_class": BreakthroughTaskQuerySet,
        "ordering": ["sort_name"],
        "indexes": [
            ("sort_name", "_id"),
            ("ancestors", "sort_name", "_id"),
            ("state", "sort_name", "_id"),
            ("start_year", "_id"),
            ("ancestors", "end_year", "start_year"),
            "person",
            "body",
            "search_terms",
            "search_exact",
        ],
    }

    def __str__(self):
        return (self.content or "").splitlines()[0][:120] if self.content else ""

    def name_key(self):
        return text.sort_key(self.content or "")

    def search_texts(self):
        return [self.content, self.post]

    def place_ancestors(self):
        return unit_path(self.unit)

    @property
    def embedded_referrers(self):
        from documents.breakthrough_rating import CadreRating

        return [(CadreRating, "tasks__task", "phiếu đánh giá cán bộ đã xem xét việc này")]

    # Achievement: `Measured`

    @property
    def evaluation_day(self):
        """The day the task was evaluated: its `evaluated_on`, else (loaded without one) its last
        check-in day, since check-ins are taken only while it is open; None while it is open or
        when neither is known."""
        if self.state not in FINAL_STATES:
            return None
        return self.evaluated_on or max((c.day for c in self.check_ins), default=None)

    def standing_on(self, day):
        """Where the task stands on `day` (module rules; `TASK_STANDINGS`)."""
        return standing(
            self.state,
            self.period_kind,
            self.start_year,
            self.end_year,
            self.achievement_on(day),
            day,
            self.evaluation_day,
        )

    @property
    def standing_text(self):
        return label(TASK_STANDINGS, self.standing_on(vietnam_today()))

    @property
    def period_text(self):
        if self.start_year is None:
            return ""
        if self.period_kind == "nam" or self.end_year in (None, self.start_year):
            return f"Năm {self.start_year}"
        return f"Giai đoạn {self.start_year}–{self.end_year}"

    @property
    def state_text(self):
        return label(TASK_STATES, self.state)

    # Changes

    def add_check_in(self, day, values, comment, by):
        """Append a check-in (`values`: {target key: actual}), refreshing the latest actuals; saved
        by the caller. Refused with a Vietnamese ValidationError when the task is not open, the day
        is out of range or a value does not fit its target."""
        if self.state not in OPEN_STATES:
            raise field_error(
                "state", f"Việc đang ở trạng thái «{self.state_text}»: không ghi tiến độ được nữa."
            )
        first = datetime.date(self.start_year or FIRST_TASK_YEAR, 1, 1)
        self.record_check_in(day, values, comment, by, first)

    def moves(self):
        """[(state, name of the move)] the task may go to from where it is."""
        return [(to, name) for (at, to), name in TRANSITIONS.items() if at == self.state]

    def move_to(self, state, day=None):
        """Change the state by an allowed move (saved by the caller); a wrong move is refused. A
        move to a final state is the task's evaluation: it is dated `day` (today by default)."""
        if (self.state, state) not in TRANSITIONS:
            raise field_error(
                "state",
                f"Không chuyển được từ «{self.state_text}» sang «{label(TASK_STATES, state)}».",
            )
        if state == "exceeded":
            achieved = self.achievement
            if achieved is None or achieved <= 100:
                raise field_error(
                    "state",
                    f"Chưa vượt chỉ tiêu: mức đạt hiện nay là {percent_text(achieved)}.",
                )
        self.state = state
        if state in FINAL_STATES:
            self.evaluated_on = day or vietnam_today()

    def clean(self):
        if self.person is not None and not self.post:
            current = getattr(self.person, "current_positions", None)
            if current:
                self.post = current[0].title
        this_year = vietnam_today().year
        if self.start_year is not None:
            if not FIRST_TASK_YEAR <= self.start_year <= this_year + YEARS_AHEAD:
                raise field_error(
                    "start_year", f"Năm phải từ {FIRST_TASK_YEAR} đến {this_year + YEARS_AHEAD}."
                )
            if self.period_kind == "nam":
                self.end_year = self.start_year
            elif self.end_year is None or self.end_year <= self.start_year:
                raise field_error("end_year", "Giai đoạn cần năm kết thúc sau năm bắt đầu (ví dụ 2021–2025).")
            elif self.end_year - self.start_year >= MAX_TERM_YEARS:
                raise field_error("end_year", f"Giai đoạn dài nhất {MAX_TERM_YEARS} năm.")
            for milestone in self.milestones:
                if milestone.year is not None and not self.start_year <= milestone.year <= self.end_year:
                    raise field_error("milestones", f"Mốc năm {milestone.year} nằm ngoài thời hạn của việc.")
        self.solutions = [s.strip() for s in self.solutions or [] if s and s.strip()]
        self.number_targets()
        super().clean()
