"""The summary of models and work items for a unit and a year (Tổng hợp mô hình, phần việc): the
article's sentence, the states of each group, and the communes without a model and hamlets without
a work item; every figure links to the list filtered to exactly the records it counts."""

import datetime

from flask import request, url_for
from flask_admin import BaseView, expose

from admin import scope
from admin.base import SecureMixin
from admin.breakthrough_summary import BreakthroughSummaryView
from admin.forms import asked_year
from admin.local_work import list_args
from documents import LocalWork
from documents import local_work_summary as summaries
from documents.base import vietnam_today
from documents.constants import LOCAL_WORK_STATES
from documents.form_definition import read_day
from documents.local_work import FIRST_YEAR, YEARS_AHEAD
from documents.text import figure
from documents.unit import in_sentence
from exports.local_work import state_chart


def work_list(criteria):
    """The address of the list holding the records `criteria` name."""
    return url_for("local_work.index_view", **list_args(criteria))


class LocalWorkSummaryView(SecureMixin, BaseView):
    @expose("/")
    def index(self):
        unit = scope.asked_unit(request.args.get("unit"))
        year = self.chosen_year(request.args.get("year"))
        if not request.args.get("year") and unit is not None:  # from the menu: the latest year recorded
            year = latest_year(unit, scope.visible_filter(LocalWork)) or year
        this_year = vietnam_today().year
        context = dict(
            unit=unit,
            units=BreakthroughSummaryView.units(unit),
            year=year,
            years=list(range(max(this_year, year), min(this_year - 5, year) - 1, -1)),
            states=LOCAL_WORK_STATES,
            groups=summaries.GROUPS,
            work_list=work_list,
            figure=figure,
        )
        day, typed, error = self.chosen_day(request.args.get("day"), year)
        context.update(typed=typed, day_error=error)
        if unit is not None:
            found = summaries.summary(unit, year, scope=scope.visible_filter(LocalWork), day=day)
            criteria = self.criteria(unit, year, day)
            chart = state_chart(found, link=lambda group, state: work_list(criteria(group, state)))
            context.update(found=found, place=in_sentence(unit), criteria=criteria, chart=chart)
        return self.render("admin/local_work/summary.html", **context)

    @staticmethod
    def chosen_day(value, year):
        """(the day the year is judged on, as typed, the message if it is no day): the judging
        day of the year (`judged_on`) unless another is typed."""
        default = summaries.judged_on(year)
        typed = (value or "").strip()
        if not typed:
            return default, "", None
        try:
            day = read_day(typed).date()
        except ValueError as exc:
            return default, typed, str(exc)
        if not datetime.date(year, 1, 1) <= day <= vietnam_today():
            return default, typed, f"Hãy chọn một ngày từ 01/01/{year} đến hôm nay."
        return day, typed, None

    @staticmethod
    def criteria(unit, year, day):
        """criteria(group, state) for a figure's link: the unit's records of the year, of a group
        and standing at a state on `day` (either may be None for all)."""
        on = "" if day == summaries.judged_on(year) else f"@{day.isoformat()}"

        def of(group=None, state=None):
            found = {"unit": str(unit.pk), "year": year}
            if group:
                found["group"] = group
            if state:
                found["state"] = f"{year}-{state}{on}"
            return found

        return of

    @staticmethod
    def chosen_year(value):
        return asked_year(value, FIRST_YEAR, vietnam_today().year + YEARS_AHEAD)


def latest_year(unit, visible):
    """This year, or the latest before it, that has records under `unit` within `visible`; None
    when there are none."""
    mine = {"$and": [{"ancestors": unit.pk}, visible]} if visible else {"ancestors": unit.pk}
    latest = LocalWork._get_collection().find_one(
        {**mine, "year": {"$lte": vietnam_today().year}}, projection={"year": 1}, sort=[("year", -1)]
    )
    return latest["year"] if latest else None


def home_panel(user):
    """The home page's panel (`admin.base.home_panels`): the account's unit's models and work items
    of this year, or of the latest year that has some, as the summary counts them, with its chart."""
    from admin.base import Panel

    unit = scope.home_unit(user, only=("kind", "name"))
    if unit is None:
        return None
    visible = scope.visible_filter(LocalWork)
    year = latest_year(unit, visible)
    if year is None:
        return None  # nothing recorded yet: no panel of zeros
    found = summaries.summary(unit, year, scope=visible)
    criteria = LocalWorkSummaryView.criteria(unit, year, found.day)
    context = {
        "found": found,
        "place": in_sentence(unit),
        "chart": state_chart(found, link=lambda group, state: work_list(criteria(group, state))),
        "summary_url": url_for("local_work_summary.index", unit=str(unit.pk), year=year),
        "figure": figure,
    }
    return Panel("admin/local_work/_home_panel.html", context)
