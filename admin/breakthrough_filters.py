"""The task list's filters, and the list addresses the summaries link their figures to.

Each filter applies a raw condition of `documents.breakthrough_conditions`, the same one the summary
counts with, so a figure's link lists exactly the tasks it counts. `list_args(criteria)` turns a
summary's criteria ({"unit": id, "year": 2022, "state": "in_progress"...}) into the list's filter
arguments (`flt<n>_<index>`, Flask-Admin's, the index being the filter's place in `TASK_FILTERS`).
"""

from bson import ObjectId
from flask import has_request_context
from flask_admin.contrib.mongoengine.filters import BaseMongoEngineFilter, FilterEqual

from admin import scope
from admin.filters import PickedFilter, RecordIdFilter, UnderUnitFilter
from documents import breakthrough_conditions as conditions
from documents.breakthrough import FIRST_TASK_YEAR
from documents.constants import TASK_ORIGINS, TASK_STATES
from documents.form_definition import read_day


class BodyFilter(RecordIdFilter):
    """Tasks given by one assigning body, among the bodies the account sees."""

    def __init__(self):
        super().__init__(column=None, name="Cấp giao việc", options=self.bodies)

    @staticmethod
    def bodies():
        from documents.issuing_body import IssuingBody

        if not has_request_context():
            return []  # Flask-Admin reads the options once at start-up too
        return [(str(b.pk), b.name) for b in scope.visible(IssuingBody.objects).only("name")]

    def apply(self, query, value):
        return query.filter(body=ObjectId(value))


class PersonFilter(PickedFilter):
    """Tasks given to one cadre, picked by name (the view's `person` picker)."""

    picker = "person"
    placeholder = "Gõ tên cán bộ (không cần dấu)"

    def __init__(self):
        super().__init__(column=None, name="Cán bộ được giao")

    def apply(self, query, value):
        return query.filter(person=ObjectId(value))

    @staticmethod
    def chosen_label(value):
        """The cadre as the picker names them, or None for a person the account may not see."""
        from documents.person import Person

        found = scope.visible(Person.objects(pk=ObjectId(value))).first()
        return found.picker_label() if found else None


class YearFilter(BaseMongoEngineFilter):
    """Tasks of a year: the year's own and the terms running through it (`in_year`)."""

    def __init__(self):
        super().__init__(column=None, name="Thực hiện trong năm")

    def validate(self, value):
        return str(value).strip().isdigit() and FIRST_TASK_YEAR <= int(value) <= 9999

    def clean(self, value):
        return int(value)

    def apply(self, query, value):
        return query.filter(__raw__=conditions.year_filter(value))

    def operation(self):
        return "là"


class PeriodFilter(BaseMongoEngineFilter):
    """Tasks of one period: "2022" (the year's own tasks) or "2021-2025" (that term's)."""

    def __init__(self):
        super().__init__(column=None, name="Thời hạn (2022 hoặc 2021-2025)")

    def validate(self, value):
        return conditions.parse_period(value) is not None

    def clean(self, value):
        return conditions.parse_period(value)

    def apply(self, query, value):
        return query.filter(__raw__=conditions.period_filter(*value))

    def operation(self):
        return "là"


class DayFilter(BaseMongoEngineFilter):
    """A condition as of a day, typed dd/mm/yyyy (yyyy-mm-dd is read too)."""

    condition = None

    def __init__(self, name):
        super().__init__(column=None, name=name)

    def validate(self, value):
        try:
            day = read_day(value)
        except ValueError:
            return False
        return FIRST_TASK_YEAR <= day.year <= FIRST_TASK_YEAR + 1000

    def clean(self, value):
        return read_day(value).date()

    def apply(self, query, value):
        return query.filter(__raw__=type(self).condition(value))

    def operation(self):
        return "tính đến ngày"


class OverdueFilter(DayFilter):
    condition = staticmethod(conditions.overdue_filter)

    def __init__(self):
        super().__init__("Quá hạn chưa đánh giá")


class AtRiskFilter(DayFilter):
    condition = staticmethod(conditions.at_risk_filter)

    def __init__(self):
        super().__init__("Có nguy cơ chậm tiến độ")


class GivenFromAboveFilter(UnderUnitFilter):
    """Tasks given by the bodies of the units above one unit (its search box is the unit picker)."""

    def __init__(self):
        super().__init__(name="Do cấp trên của đơn vị giao")

    def apply(self, query, value):
        return query.filter(__raw__=conditions.given_from_above(ObjectId(value)))


class GivenFromBelowFilter(UnderUnitFilter):
    """Tasks given by the bodies of the units below one unit."""

    def __init__(self):
        super().__init__(name="Do cấp dưới của đơn vị giao")

    def apply(self, query, value):
        return query.filter(__raw__=conditions.given_from_below(ObjectId(value)))


class CadreUnitFilter(UnderUnitFilter):
    """Tasks given to the cadres who work at one unit itself (Sơn Dương's 51 district cadres, not
    the communes' 41), whatever the unit the task concerns."""

    def __init__(self):
        super().__init__(name="Cán bộ công tác tại đơn vị")

    def apply(self, query, value):
        from documents.person import Person

        people = Person._get_collection().distinct("_id", {"unit": ObjectId(value)})
        return query.filter(person__in=people)


# The list's filters by the criteria names of the summaries, in their order on the list (their
# index is in the list's addresses: keep new ones at the end).
FILTERS = {
    "unit": UnderUnitFilter(),
    "state": FilterEqual("state", "Trạng thái", options=TASK_STATES),
    "origin": FilterEqual("origin", "Nguồn gốc", options=TASK_ORIGINS),
    "body": BodyFilter(),
    "year": YearFilter(),
    "period": PeriodFilter(),
    "person": PersonFilter(),
    "overdue": OverdueFilter(),
    "at_risk": AtRiskFilter(),
    "body_above": GivenFromAboveFilter(),
    "body_below": GivenFromBelowFilter(),
    "cadre_unit": CadreUnitFilter(),
}
TASK_FILTERS = list(FILTERS.values())
INDEX = {name: index for index, name in enumerate(FILTERS)}


def list_args(criteria):
    """The task list's address arguments for `criteria`: {"flt0_0": unit id, "flt1_4": 2022...}."""
    args = {}
    for n, (name, value) in enumerate(criteria.items()):
        if hasattr(value, "strftime"):
            value = value.strftime("%d/%m/%Y")  # as staff type it, and as the filter box shows it
        args[f"flt{n}_{INDEX[name]}"] = str(value)
    return args
