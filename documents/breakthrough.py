"""Breakthrough tasks (việc đột phá, đổi mới): a cadre's task with measurable targets, dated
check-ins and the states an assigning body moves it through (issue 11; Quy định 366-QĐ/TW).

Percent achieved is computed from a target's baseline, target and latest actual, never typed:

- higher or lower is better: (actual − baseline) / (target − baseline) × 100, the same formula
  both ways (target below baseline when lower is better); 0 on the wrong side of the baseline,
  above 100 when the target is passed. A zero baseline or target is an ordinary number here
  (0 → 630 ha: 73,8 ha is 11,7%; 12 cases → 0: 3 cases is 75%).
- baseline equal to target (keep a level, such as "100% trưởng thôn là đảng viên" already true):
  100 when the actual reaches the target in the right direction, 0 otherwise.
- qualitative: the check-in picks one of three described levels; level k is worth
  QUALITATIVE_PERCENT[k] (level k of 3 → (k − 1) / 2 × 100).
- no actual yet: no percent ("chưa có"), and the target is left out of the task's achievement,
  which is the weighted mean of the targets that have one.
Percents are exact decimals rounded half up to PERCENT_PLACES.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from mongoengine import (
    DENY,
    DateField,
    DateTimeField,
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
from documents.base import RegistryDocument, field_error, now, unit_path
from documents.constants import TARGET_DIRECTIONS, TASK_ORIGINS, TASK_PERIOD_KINDS, TASK_STATES, label

QUALITATIVE_LEVELS = 3
QUALITATIVE_PERCENT = {k: Decimal(100 * (k - 1)) / (QUALITATIVE_LEVELS - 1) for k in range(1, 4)}
PERCENT_PLACES = Decimal("0.1")
NO_PERCENT = "chưa có"
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


def _exact(number):
    return Decimal(repr(number)) if isinstance(number, float) else Decimal(number)


def _rounded(number):
    return number.quantize(PERCENT_PLACES, rounding=ROUND_HALF_UP)


def percent_text(percent):
    """A percent as a page shows it: "87,5%", or "chưa có"."""
    return NO_PERCENT if percent is None else f"{text.figure(percent.normalize() if percent else 0)}%"


class Milestone(EmbeddedDocument):
    """What a term task should have reached by a given year."""

    year = IntField(required=True, verbose_name="Năm")
    text = StringField(required=True, max_length=1000, verbose_name="Mốc cần đạt")

    def __str__(self):
        return f"{self.year}: {self.text}"


class Target(EmbeddedDocument):
    """One measurable target of a task. `key` never changes once given, so a renamed or moved
    target keeps its check-in series."""

    key = StringField(max_length=20)
    indicator = StringField(required=True, max_length=500, verbose_name="Chỉ tiêu")
    measure = StringField(max_length=50, verbose_name="Đơn vị tính")
    direction = StringField(required=True, choices=TARGET_DIRECTIONS, default="higher", verbose_name="Chiều")
    baseline = FloatField(verbose_name="Mức khởi điểm")
    target = FloatField(verbose_name="Mục tiêu")
    actual = FloatField(verbose_name="Thực hiện mới nhất")
    weight = FloatField(default=1, verbose_name="Trọng số")
    level_1 = StringField(max_length=500, verbose_name="Mức 1 (chưa đạt)")
    level_2 = StringField(max_length=500, verbose_name="Mức 2 (đạt một phần)")
    level_3 = StringField(max_length=500, verbose_name="Mức 3 (đạt)")

    def __str__(self):
        """How the row reads in the history: "Rừng trồng mới: 0 ha → 630 ha (thực hiện 556,2 ha)"."""
        if self.qualitative:
            return f"{self.indicator} (định tính)" + (f": {self.shown(self.actual)}" if self.actual else "")
        span = f"{self.shown(self.baseline)} → {self.shown(self.target)}"
        done = f" (thực hiện {self.shown(self.actual)})" if self.actual is not None else ""
        return f"{self.indicator}: {span}{done}"

    @property
    def qualitative(self):
        return self.direction == "qualitative"

    @property
    def levels(self):
        return [self.level_1, self.level_2, self.level_3]

    @property
    def percent(self):
        """Percent achieved (a Decimal), or None while there is no actual (module docstring)."""
        if self.actual is None:
            return None
        if self.qualitative:
            level = QUALITATIVE_PERCENT.get(int(self.actual)) if self.actual == int(self.actual) else None
            return None if level is None else _rounded(level)
        if self.baseline is None or self.target is None:
            return None
        baseline, target, actual = _exact(self.baseline), _exact(self.target), _exact(self.actual)
        if target == baseline:
            reached = actual <= target if self.direction == "lower" else actual >= target
            return _rounded(Decimal(100 if reached else 0))
        return _rounded(max((actual - baseline) / (target - baseline) * 100, Decimal(0)))

    @property
    def percent_text(self):
        return percent_text(self.percent)

    def shown(self, value):
        """A value of this target as a page shows it: a level's text, or the number and its measure."""
        if value is None:
            return NO_PERCENT
        if self.qualitative:
            level = int(value)
            described = self.levels[level - 1] if 1 <= level <= QUALITATIVE_LEVELS else None
            return f"Mức {level}" + (f": {described}" if described else "")
        return f"{text.figure(value)} {self.measure or ''}".strip()

    def check_value(self, value):
        """The Vietnamese reason `value` cannot be this target's actual, or None."""
        if value is None:
            return None
        if self.qualitative and (value != int(value) or not 1 <= value <= QUALITATIVE_LEVELS):
            return "Chỉ tiêu định tính chọn một trong ba mức (1, 2, 3)."
        return None

    def validate(self, clean=True):
        super().validate(clean)
        if self.weight is not None and self.weight <= 0:
            raise field_error("weight", "Trọng số phải lớn hơn 0.")
        if self.qualitative:
            if not all((level or "").strip() for level in self.levels):
                raise field_error("level_1", "Chỉ tiêu định tính cần mô tả đủ ba mức.")
        else:
            for name, what in (("baseline", "mức khởi điểm"), ("target", "mục tiêu")):
                if getattr(self, name) is None:
                    raise field_error(name, f"Chỉ tiêu định lượng cần {what}.")
            if self.direction == "higher" and self.target < self.baseline:
                raise field_error(
                    "target", "Chỉ tiêu «càng cao càng tốt» cần mục tiêu không thấp hơn mức khởi điểm."
                )
            if self.direction == "lower" and self.target > self.baseline:
                raise field_error(
                    "target", "Chỉ tiêu «càng thấp càng tốt» cần mục tiêu không cao hơn mức khởi điểm."
                )
        problem = self.check_value(self.actual)
        if problem:
            raise field_error("actual", problem)


class Reading(EmbeddedDocument):
    """The actual of one target (by its key) in a check-in."""

    key = StringField(required=True, max_length=20)
    value = FloatField(required=True)


class CheckIn(EmbeddedDocument):
    """A dated update of the task: the actual of each target reported, a comment, who wrote it."""

    day = DateField(required=True, verbose_name="Ngày")
    readings = ListField(EmbeddedDocumentField(Reading), verbose_name="Kết quả")
    comment = StringField(max_length=2000, verbose_name="Nhận xét")
    by = StringField(max_length=60, verbose_name="Người ghi")
    at = DateTimeField(default=now, verbose_name="Ghi lúc")

    def value_of(self, key):
        return next((r.value for r in self.readings if r.key == key), None)

    def __str__(self):
        """How the row reads in the history: "31/12/2024: c1 = 556,2; c2 = 86 (admin)"."""
        values = "; ".join(f"{r.key} = {text.figure(r.value)}" for r in self.readings)
        comment = f" — {self.comment}" if self.comment else ""
        return f"{self.day:%d/%m/%Y}: {values or 'không số liệu'}{comment} ({self.by or 'không rõ'})"


class BreakthroughTaskQuerySet(QuerySet):
    def under(self, unit):
        return self.filter(ancestors=unit.pk)


class BreakthroughTask(RegistryDocument):
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

    # Achievement

    @property
    def achievement(self):
        """The weighted mean of the targets' percents (those that have one), or None."""
        measured = [(t.percent, _exact(t.weight or 1)) for t in self.targets if t.percent is not None]
        if not measured:
            return None
        return _rounded(sum(p * w for p, w in measured) / sum(w for _, w in measured))

    @property
    def achievement_text(self):
        return percent_text(self.achievement)

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

    def target(self, key):
        return next((t for t in self.targets if t.key == key), None)

    def series(self, key):
        """[(day, value)] of one target over the check-ins, oldest first."""
        rows = [(c.day, c.value_of(key)) for c in self.ordered_check_ins()]
        return [(day, value) for day, value in rows if value is not None]

    def ordered_check_ins(self):
        return sorted(self.check_ins, key=lambda c: (c.day, c.at or datetime.datetime.min))

    # Changes

    def add_check_in(self, day, values, comment, by):
        """Append a check-in (`values`: {target key: actual}), refreshing the latest actuals; saved
        by the caller. Refused with a Vietnamese ValidationError when the task is not open, the day
        is out of range or a value does not fit its target."""
        if self.state not in OPEN_STATES:
            raise field_error(
                "state", f"Việc đang ở trạng thái «{self.state_text}»: không ghi tiến độ được nữa."
            )
        today = datetime.date.today()
        if day is None:
            raise field_error("day", "Hãy nhập ngày báo cáo.")
        first = datetime.date(self.start_year or FIRST_TASK_YEAR, 1, 1)
        if not first <= day <= today:
            raise field_error("day", f"Ngày báo cáo phải từ {first:%d/%m/%Y} đến hôm nay.")
        readings = []
        for key, value in values.items():
            target = self.target(key)
            if target is None:
                raise field_error("readings", "Chỉ tiêu không có trong việc này.")
            problem = target.check_value(value)
            if problem:
                raise field_error("readings", f"{target.indicator}: {problem}")
            if value is not None:
                readings.append(Reading(key=key, value=value))
        comment = (comment or "").strip() or None
        if not readings and not comment:
            raise field_error("readings", "Hãy nhập kết quả của ít nhất một chỉ tiêu, hoặc nhận xét.")
        self.check_ins.append(CheckIn(day=day, readings=readings, comment=comment, by=by, at=now()))
        self.refresh_actuals()

    def refresh_actuals(self):
        """Each target's latest actual from the latest-dated check-in that reports it."""
        for target in self.targets:
            series = self.series(target.key)
            if series:
                target.actual = series[-1][1]

    def moves(self):
        """[(state, name of the move)] the task may go to from where it is."""
        return [(to, name) for (at, to), name in TRANSITIONS.items() if at == self.state]

    def move_to(self, state):
        """Change the state by an allowed move (saved by the caller); a wrong move is refused."""
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

    def clean(self):
        if self.person is not None and not self.post:
            current = getattr(self.person, "current_positions", None)
            if current:
                self.post = current[0].title
        this_year = datetime.date.today().year
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
        used = {t.key for t in self.targets if t.key}
        # A key once given is never given again: a removed target's readings stay its own.
        given = used | {r.key for c in self.check_ins for r in c.readings}
        number = 0
        for target in self.targets:
            if not target.key:
                number += 1
                while f"c{number}" in given:
                    number += 1
                target.key = f"c{number}"
                given.add(target.key)
        if len({t.key for t in self.targets}) != len(self.targets):
            raise field_error("targets", "Hai chỉ tiêu trùng mã.")
        self.refresh_actuals()
        super().clean()
