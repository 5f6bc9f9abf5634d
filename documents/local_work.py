"""Models and work items (mô hình, phần việc, công trình; article 04, issue 13): a model belongs
to a commune and a year and is run in one of its hamlets; a work item or small project belongs to
a hamlet and a year. Each has a kind (a definition of the kinded family "local_work", staff's
own fields), a plan, targets with the percent rules of breakthrough tasks
(`documents.breakthrough_target`), the leader following it (a cadre with a locality assignment
on its commune or hamlet during the year), dated updates, and where it stands on a day:

- not started: its year not begun, or no update has reported a target yet;
- finished the year's plan: the achievement (the targets' weighted mean) reaches 100%;
- on schedule: within the year, the achievement is at least the share of the year gone by
  (`breakthrough.at_risk`, the rule of tasks);
- behind: below that share, or the year over without finishing the plan.
"""

import datetime

from mongoengine import (
    DENY,
    DictField,
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
from documents.breakthrough import at_risk
from documents.breakthrough_target import CheckIn, Measured, Progress, Target
from documents.constants import (
    COMMUNE_LEVEL,
    HAMLET_LEVEL,
    LOCAL_WORK_CATEGORIES,
    LOCAL_WORK_STATES,
    UNIT_LEVELS,
    label,
)
from documents.custom_record import Kinded

FIRST_YEAR = 2000
YEARS_AHEAD = 5
MODEL = "mo_hinh"
HAMLET_CATEGORIES = ("phan_viec", "cong_trinh")


def state_on(year, achieved, day):
    """Where a record of `year` stands on `day` (a LOCAL_WORK_STATES value), from its achievement
    on that day (a number, or None while no update has reported a target): the module's rules."""
    if day < datetime.date(year, 1, 1) or achieved is None:
        return "not_started"
    if achieved >= 100:
        return "finished"
    if day > datetime.date(year, 12, 31):
        return "behind"
    return "behind" if at_risk(year, year, achieved, day) else "on_schedule"


class LocalWorkQuerySet(QuerySet):
    def under(self, unit):
        return self.filter(ancestors=unit.pk)

    def in_year(self, year):
        return self.filter(year=year)

    def models(self):
        return self.filter(category=MODEL)

    def work_items(self):
        return self.filter(category__in=HAMLET_CATEGORIES)


class LocalWork(Measured, Kinded, RegistryDocument):
    label = "Mô hình, phần việc"
    kinded_as = "local_work"
    kind = StringField(required=True, max_length=40, verbose_name="Loại")
    category = StringField(required=True, choices=LOCAL_WORK_CATEGORIES, default=MODEL, verbose_name="Là")
    name = StringField(required=True, max_length=300, verbose_name="Tên")
    year = IntField(required=True, verbose_name="Năm")
    commune = ReferenceField("Unit", reverse_delete_rule=DENY, verbose_name="Xã, phường")
    hamlet = ReferenceField("Unit", reverse_delete_rule=DENY, verbose_name="Thôn, tổ dân phố thực hiện")
    follower = ReferenceField("Person", reverse_delete_rule=DENY, verbose_name="Lãnh đạo theo dõi")
    plan = StringField(max_length=5000, verbose_name="Kế hoạch năm")
    targets = ListField(EmbeddedDocumentField(Target), verbose_name="Chỉ tiêu")
    check_ins = ListField(EmbeddedDocumentField(CheckIn), verbose_name="Tiến độ đã báo cáo")
    values = DictField()
    definition_version = IntField(verbose_name="Kiểm theo phiên bản biểu mẫu")
    # Computed on every save from the targets and check-ins (`Measured.refresh_actuals`).
    achieved = FloatField(verbose_name="Mức đạt (%)")
    progress = ListField(EmbeddedDocumentField(Progress), verbose_name="Mức đạt theo thời gian")

    multiline_fields = ("plan",)

    meta = {
        "collection": "local_works",
        "queryset_class": LocalWorkQuerySet,
        "ordering": ["sort_name"],
        "indexes": [
            ("sort_name", "_id"),
            ("ancestors", "sort_name", "_id"),
            ("kind", "sort_name", "_id"),
            ("kind", "ancestors", "sort_name", "_id"),
            ("ancestors", "year", "category"),
            ("year", "category"),
            "commune",
            "hamlet",
            "follower",
            "search_terms",
            "search_exact",
        ],
    }

    def __str__(self):
        return self.name or ""

    def name_key(self):
        return text.sort_key(self.name)

    def search_texts(self):
        return [self.name, *self.kind_texts()]

    def place_ancestors(self):
        return unit_path(self.hamlet or self.commune)

    @property
    def category_text(self):
        return label(LOCAL_WORK_CATEGORIES, self.category)

    def state_on(self, day):
        """Where it stands on `day` (module rules)."""
        return state_on(self.year, self.achievement_on(day), day)

    @property
    def state_text(self):
        return label(LOCAL_WORK_STATES, self.state_on(self.judged_on()))

    def judged_on(self, today=None):
        """The day its state is read on now: today, or its year's last day once the year is over."""
        today = today or vietnam_today()
        return min(today, datetime.date(self.year or today.year, 12, 31))

    def add_check_in(self, day, values, comment, by):
        """A dated update of its year (`Measured.record_check_in`), saved by the caller."""
        first, last = datetime.date(self.year, 1, 1), datetime.date(self.year, 12, 31)
        self.record_check_in(day, values, comment, by, first, last)

    def clean(self):
        self._check_category()
        self._check_place()
        this_year = vietnam_today().year
        if self.year is not None and not FIRST_YEAR <= self.year <= this_year + YEARS_AHEAD:
            raise field_error("year", f"Năm phải từ {FIRST_YEAR} đến {this_year + YEARS_AHEAD}.")
        self._check_follower()
        self.check_kind_values()
        self.number_targets()
        super().clean()

    def kind_category(self):
        """The category the other records of its kind have (a kind is one of models, work items
        or small projects), or None for the first record of a kind."""
        others = LocalWork.objects(kind=self.kind)
        if self.pk is not None:
            others = others.filter(pk__ne=self.pk)
        found = others.only("category").as_pymongo().first() if self.kind else None
        return found.get("category") if found else None

    def _check_category(self):
        category = self.kind_category()
        if category and self.category and category != self.category:
            named = label(LOCAL_WORK_CATEGORIES, category).lower()
            raise field_error("category", f"Các hồ sơ cùng loại này đều là {named}: hãy chọn «{named}».")

    def _check_place(self):
        """A model names its commune (and the hamlet it is run in, if one of the commune's); a work
        item its hamlet, whose commune it then belongs to."""
        hamlet, commune = self.hamlet, self.commune
        if hamlet is not None and UNIT_LEVELS.get(hamlet.kind) != HAMLET_LEVEL:
            raise field_error("hamlet", "Hãy chọn một thôn, bản, tổ dân phố.")
        if self.category in HAMLET_CATEGORIES:
            if hamlet is None:
                raise field_error("hamlet", f"{self.category_text} cần thôn, tổ dân phố thực hiện.")
            self.commune = commune = hamlet.parent
        if commune is None:
            raise field_error("commune", "Mô hình cần xã, phường của nó.")
        if UNIT_LEVELS.get(commune.kind) != COMMUNE_LEVEL:
            raise field_error("commune", "Hãy chọn một xã, phường, thị trấn.")
        if hamlet is not None and hamlet.parent is not None and hamlet.parent.pk != commune.pk:
            raise field_error("hamlet", f"{hamlet} không thuộc {commune}.")

    def _check_follower(self):
        """The leader following it holds a locality assignment (not of households) on its commune
        or hamlet running on some day of its year."""
        from documents.locality import LocalityAssignment

        if self.follower is None or self.year is None:
            return
        places = [u.pk for u in (self.commune, self.hamlet) if u is not None]
        found = (
            LocalityAssignment.objects(person=self.follower.pk, unit__in=places, households__0__exists=False)
            .during(datetime.date(self.year, 1, 1), datetime.date(self.year, 12, 31))
            .first()
        )
        if found is None:
            raise field_error(
                "follower",
                f"{self.follower.full_name} không được phân công phụ trách, theo dõi hay hỗ trợ "
                f"{self.hamlet or self.commune} trong năm {self.year}.",
            )
