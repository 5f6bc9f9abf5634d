"""Resolution indicators (chỉ tiêu nghị quyết; article 05, BRIEF.md section 5): the indicators a
party organization's resolution sets for a year or a term, each with its plan, actual, unit and
direction, under the target rules of breakthrough tasks (`documents.breakthrough_target`): percent
achieved = (actual − baseline) / (plan − baseline) × 100, so with the baseline left at 0 it is
"actual / plan" (income per head 32 million đồng against 31.34 planned: 102.1%), and an indicator
better when lower (the poverty rate, from 20.5% to a planned 11.61%, reached 10.99%) is measured
by how far it came down (9.51 of 8.89 points: 107%).

An indicator is met ("đạt và vượt") at 100% or more, a qualitative one at its third level; one
without an actual yet is neither met nor missed. The actuals come in dated reports, as a task's
check-ins do. `documents.resolution_indicator_summary` counts them for a unit and a year.
"""

import datetime

from mongoengine import (
    DENY,
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
from documents.breakthrough_target import CheckIn, Measured, Progress, Target
from documents.constants import TASK_PERIOD_KINDS, label

FIRST_YEAR = 2000
YEARS_AHEAD = 5
LONGEST_TERM = 10
MET = 100


def met(target):
    """True when the indicator reached its plan, False when its actual falls short, None while it
    has no actual."""
    percent = target.percent
    return None if percent is None else percent >= MET


class ResolutionIndicatorsQuerySet(QuerySet):
    def under(self, unit):
        return self.filter(ancestors=unit.pk)

    def covering(self, year):
        """The resolutions whose year or term includes `year`."""
        return self.filter(first_year__lte=year, last_year__gte=year)


class ResolutionIndicators(Measured, RegistryDocument):
    label = "Chỉ tiêu nghị quyết"
    extended_as = "resolution_indicators"
    organization = ReferenceField(
        "PartyOrganization", required=True, reverse_delete_rule=DENY, verbose_name="Tổ chức đảng"
    )
    resolution = StringField(required=True, max_length=500, verbose_name="Nghị quyết")
    period = StringField(required=True, choices=TASK_PERIOD_KINDS, default="nam", verbose_name="Thời hạn")
    first_year = IntField(required=True, verbose_name="Năm (từ năm)")
    last_year = IntField(verbose_name="Đến năm (nhiệm kỳ)")
    targets = ListField(EmbeddedDocumentField(Target), verbose_name="Chỉ tiêu")
    check_ins = ListField(EmbeddedDocumentField(CheckIn), verbose_name="Kết quả đã báo cáo")
    # Computed on every save from the targets and check-ins (`Measured.refresh_actuals`).
    achieved = FloatField(verbose_name="Mức đạt bình quân (%)")
    progress = ListField(EmbeddedDocumentField(Progress), verbose_name="Mức đạt theo thời gian")
    met = IntField(default=0, verbose_name="Số chỉ tiêu đạt và vượt")
    missed = IntField(default=0, verbose_name="Số chỉ tiêu không đạt")

    meta = {
        "collection": "resolution_indicators",
        "queryset_class": ResolutionIndicatorsQuerySet,
        "ordering": ["-first_year", "sort_name"],
        "indexes": [
            ("sort_name", "_id"),
            ("ancestors", "first_year", "last_year"),
            ("first_year", "last_year"),
            "organization",
            "search_terms",
            "search_exact",
        ],
    }

    def __str__(self):
        return f"{self.resolution} ({self.period_text})" if self.resolution else ""

    def name_key(self):
        return text.sort_key(self.resolution or "")

    def search_texts(self):
        return [self.resolution, getattr(self.organization, "name", ""), *(t.indicator for t in self.targets)]

    def place_ancestors(self):
        return unit_path(self.organization.unit) if self.organization else []

    @property
    def period_text(self):
        if self.period == "nhiem_ky" and self.last_year and self.last_year != self.first_year:
            return f"nhiệm kỳ {self.first_year} - {self.last_year}"
        return f"năm {self.first_year}"

    @property
    def period_kind_text(self):
        return label(TASK_PERIOD_KINDS, self.period)

    @property
    def met_text(self):
        """ "16/16 chỉ tiêu đạt và vượt"."""
        return f"{self.met}/{len(self.targets)} chỉ tiêu đạt và vượt"

    def missed_targets(self):
        return [t for t in self.targets if met(t) is False]

    def unreported_targets(self):
        return [t for t in self.targets if met(t) is None]

    def add_check_in(self, day, values, comment, by):
        """A dated report of actuals from the start of its period (`Measured.record_check_in`);
        the year-end report may come in the next year's first months, so the last day is open."""
        self.record_check_in(day, values, comment, by, datetime.date(self.first_year, 1, 1))

    def clean(self):
        for target in self.targets:  # a plan "as a share of": its baseline is 0 unless one is typed
            if target.direction == "higher" and target.baseline is None:
                target.baseline = 0
        this_year = vietnam_today().year
        first, last = self.first_year, self.last_year
        if first is not None and not FIRST_YEAR <= first <= this_year + YEARS_AHEAD:
            raise field_error("first_year", f"Năm phải từ {FIRST_YEAR} đến {this_year + YEARS_AHEAD}.")
        if self.period == "nam":
            self.last_year = last = first
        elif first is not None:
            if last is None:
                raise field_error("last_year", "Nghị quyết nhiệm kỳ cần năm kết thúc.")
            if not first < last <= first + LONGEST_TERM:
                raise field_error(
                    "last_year", f"Năm kết thúc phải sau năm bắt đầu, không quá {LONGEST_TERM} năm."
                )
        organization = self.organization
        if organization is not None and organization.unit is None:
            raise field_error("organization", f"{organization.name} chưa gắn với đơn vị hành chính nào.")
        self.number_targets()
        self.met = sum(1 for t in self.targets if met(t))
        self.missed = sum(1 for t in self.targets if met(t) is False)
        super().clean()
