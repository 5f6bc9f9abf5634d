"""The measurable targets of a breakthrough task (and of the records that share its target rules),
the check-ins that report their actuals, and how percent achieved is computed.

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
Percents are exact decimals rounded half up to PERCENT_PLACES. The numbers typed stay below
LARGEST in size with at most PLACES decimals (`number_problem`), so every percent fits a Decimal.
"""

import datetime
import math
from decimal import ROUND_HALF_UP, Decimal, localcontext

from mongoengine import (
    DateField,
    DateTimeField,
    EmbeddedDocument,
    EmbeddedDocumentField,
    FloatField,
    ListField,
    StringField,
)

from documents import text
from documents.base import field_error, now, vietnam_today
from documents.constants import TARGET_DIRECTIONS

QUALITATIVE_LEVELS = 3
QUALITATIVE_PERCENT = {k: Decimal(100 * (k - 1)) / (QUALITATIVE_LEVELS - 1) for k in range(1, 4)}
PERCENT_PLACES = Decimal("0.1")
NO_PERCENT = "chưa có"
# A baseline, target, weight or actual: below a million billion, six decimals at most.
LARGEST = Decimal(10) ** 15
PLACES = 6


def exact(number):
    return Decimal(repr(number)) if isinstance(number, float) else Decimal(number)


def rounded(number):
    with localcontext() as context:  # enough digits for any percent (numbers stored before limits)
        context.prec = max(context.prec, number.adjusted() + 3)
        return number.quantize(PERCENT_PLACES, rounding=ROUND_HALF_UP)


def number_problem(value):
    """The Vietnamese reason `value` cannot be a target's number, or None."""
    if value is None:
        return None
    if not math.isfinite(value) or abs(exact(value)) >= LARGEST:
        most = text.figure(int(LARGEST) - 1)
        return f"Số vượt giới hạn: chỉ ghi số từ -{most} đến {most}."
    if exact(value).as_tuple().exponent < -PLACES:
        return f"Số ghi tối đa {PLACES} chữ số sau dấu phẩy."
    return None


def percent_text(percent):
    """A percent as a page shows it: "87,5%", or "chưa có"."""
    return NO_PERCENT if percent is None else f"{text.figure(percent.normalize() if percent else 0)}%"


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
        weight = f", trọng số {text.figure(self.weight)}" if self.weight not in (None, 1) else ""
        done = f" (thực hiện {self.shown(self.actual)})" if self.actual is not None else ""
        return f"{self.indicator}: {span}{weight}{done}"

    @property
    def qualitative(self):
        return self.direction == "qualitative"

    @property
    def levels(self):
        return [self.level_1, self.level_2, self.level_3]

    @property
    def percent(self):
        """Percent achieved (a Decimal), or None while there is no actual (module docstring)."""
        return self.percent_of(self.actual)

    def percent_of(self, actual):
        """The percent `actual` would achieve (the latest actual's, or one of the series')."""
        if actual is None:
            return None
        if self.qualitative:
            level = QUALITATIVE_PERCENT.get(int(actual)) if actual == int(actual) else None
            return None if level is None else rounded(level)
        if self.baseline is None or self.target is None:
            return None
        baseline, target, actual = exact(self.baseline), exact(self.target), exact(actual)
        if target == baseline:
            reached = actual <= target if self.direction == "lower" else actual >= target
            return rounded(Decimal(100 if reached else 0))
        return rounded(max((actual - baseline) / (target - baseline) * 100, Decimal(0)))

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
        problem = number_problem(value)
        if problem:
            return problem
        if self.qualitative and (value != int(value) or not 1 <= value <= QUALITATIVE_LEVELS):
            return "Chỉ tiêu định tính chọn một trong ba mức (1, 2, 3)."
        return None

    def clean(self):
        # A form sends the levels of a measured target as empty texts: stored as nothing, so that
        # saving a record unchanged changes nothing.
        for name in ("indicator", "measure", "level_1", "level_2", "level_3"):
            value = getattr(self, name)
            if isinstance(value, str):
                setattr(self, name, " ".join(value.split()) or None)

    def validate(self, clean=True):
        super().validate(clean)
        for name in ("baseline", "target", "weight"):
            problem = number_problem(getattr(self, name))
            if problem:
                raise field_error(name, problem)
        if self.weight is not None and self.weight <= 0:
            raise field_error("weight", "Trọng số phải lớn hơn 0.")
        if self.qualitative:
            empty = [k for k, level in enumerate(self.levels, 1) if not (level or "").strip()]
            if empty:
                raise field_error(f"level_{empty[0]}", "Chỉ tiêu định tính cần mô tả đủ ba mức.")
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


class Progress(EmbeddedDocument):
    """The achievement after the check-ins of a day (computed, never typed)."""

    day = DateField(required=True)
    percent = FloatField()


class Measured:
    """What a record with `targets`, `check_ins`, `achieved` and `progress` fields (a breakthrough
    task, a model or work item) computes from them: each target's latest actual, the achievement
    (the weighted mean of the targets' percents), its value on a day, and check-ins checked."""

    @property
    def achievement(self):
        """The weighted mean of the targets' percents (those that have one), or None."""
        measured = [(t.percent, exact(t.weight or 1)) for t in self.targets if t.percent is not None]
        if not measured:
            return None
        return rounded(sum(p * w for p, w in measured) / sum(w for _, w in measured))

    @property
    def achievement_text(self):
        return percent_text(self.achievement)

    def achievement_on(self, day):
        """The achievement from the check-ins up to `day` (None before any reports a value)."""
        known = [p for p in self.progress if p.day <= day]
        return None if not known or known[-1].percent is None else exact(known[-1].percent)

    def target(self, key):
        return next((t for t in self.targets if t.key == key), None)

    def series(self, key):
        """[(day, value)] of one target over the check-ins, oldest first."""
        rows = [(c.day, c.value_of(key)) for c in self.ordered_check_ins()]
        return [(day, value) for day, value in rows if value is not None]

    def ordered_check_ins(self):
        return sorted(self.check_ins, key=lambda c: (c.day, c.at or datetime.datetime.min))

    def record_check_in(self, day, values, comment, by, first, last=None):
        """Append a check-in (`values`: {target key: actual}) dated from `first` to today (or to
        `last`, if earlier), refreshing the latest actuals; saved by the caller. Refused with a
        Vietnamese ValidationError when the day is out of range or a value does not fit its target."""
        today = vietnam_today()
        if day is None:
            raise field_error("day", "Hãy nhập ngày báo cáo.")
        if last is not None and last < today:
            if not first <= day <= last:
                raise field_error("day", f"Ngày báo cáo phải từ {first:%d/%m/%Y} đến {last:%d/%m/%Y}.")
        elif not first <= day <= today:
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
        """Each target's latest actual from the latest-dated check-in that reports it; the stored
        achievement now (`achieved`) and after each check-in day (`progress`)."""
        for target in self.targets:
            series = self.series(target.key)
            if series:
                target.actual = series[-1][1]
        achievement = self.achievement
        self.achieved = None if achievement is None else float(achievement)
        self.progress = []
        latest = {}
        for check_in in self.ordered_check_ins():
            latest.update((r.key, r.value) for r in check_in.readings)
            measured = [
                (t.percent_of(latest.get(t.key)), exact(t.weight or 1))
                for t in self.targets
                if t.percent_of(latest.get(t.key)) is not None
            ]
            percent = (
                float(rounded(sum(p * w for p, w in measured) / sum(w for _, w in measured)))
                if measured
                else None
            )
            if self.progress and self.progress[-1].day == check_in.day:
                self.progress[-1].percent = percent
            else:
                self.progress.append(Progress(day=check_in.day, percent=percent))

    def number_targets(self):
        """Give each new target the next free key (c1, c2...), then the actuals; a key once given is
        never given again: a removed target's readings stay its own."""
        used = {t.key for t in self.targets if t.key}
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
