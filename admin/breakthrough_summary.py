"""The summary of breakthrough tasks for a unit and a year (Tổng hợp việc đột phá): the sentence,
tables by assigning body, origin, period and state, overdue tasks and term tasks at risk, a chart.
Every figure links to the task list filtered to exactly the tasks it counts."""

from flask import request, url_for
from flask_admin import BaseView, expose

from admin import scope
from admin.base import SecureMixin
from admin.breakthrough_filters import list_args
from admin.forms import asked_year
from documents import BreakthroughTask, Unit
from documents import breakthrough_summary as summaries
from documents.base import vietnam_today
from documents.breakthrough import FIRST_TASK_YEAR, MAX_TERM_YEARS
from documents.breakthrough_conditions import as_of
from documents.constants import HAMLET_LEVEL, UNIT_KIND_CHOICES, UNIT_LEVELS, label
from documents.text import figure
from documents.unit import in_sentence
from exports.breakthrough_results import state_chart

PICKED_KINDS = [kind for kind, level in UNIT_LEVELS.items() if level < HAMLET_LEVEL]


def task_list(criteria):
    """The address of the task list holding the tasks `criteria` name."""
    return url_for("breakthrough_task.index_view", **list_args(criteria))


def task_page(task_id):
    return url_for("breakthrough_task.details_view", id=task_id)


class BreakthroughSummaryView(SecureMixin, BaseView):
    @expose("/")
    def index(self):
        unit = scope.asked_unit(request.args.get("unit"))
        year = self.chosen_year(request.args.get("year"))
        units = self.units(unit)
        if unit is None:
            return self.render(
                "admin/breakthrough/summary.html", unit=None, units=units, year=year, years=[year]
            )
        visible = scope.visible_filter(BreakthroughTask)
        day = as_of(year)
        found = summaries.summary(unit, year, scope=visible, day=day)
        return self.render(
            "admin/breakthrough/summary.html",
            unit=unit,
            units=units,
            year=year,
            years=self.years(unit, year),
            found=found,
            overdue=summaries.overdue_tasks(unit, day, visible),
            at_risk=summaries.at_risk_tasks(unit, year, day, visible),
            chart=state_chart(found, link=task_list),
            task_list=task_list,
            task_page=task_page,
            figure=figure,
        )

    @staticmethod
    def chosen_year(value):
        return asked_year(value, FIRST_TASK_YEAR, vietnam_today().year + MAX_TERM_YEARS)

    @staticmethod
    def units(chosen):
        """[(id, label)] of the units above hamlets the account sees, as a tree (and the chosen one)."""
        raw = scope.visible_filter(Unit)
        query = {"kind": {"$in": PICKED_KINDS}, **({"$and": [raw]} if raw else {})}
        rows = list(
            Unit._get_collection()
            .find(query, projection={"kind": 1, "name": 1, "parent": 1, "sort_name": 1})
            .sort([("sort_name", 1), ("_id", 1)])
        )
        if chosen is not None and chosen.pk not in {row["_id"] for row in rows}:
            rows.append({"_id": chosen.pk, "kind": chosen.kind, "name": chosen.name, "parent": None})
        ids = {row["_id"] for row in rows}
        below = {}
        for row in rows:
            below.setdefault(row.get("parent") if row.get("parent") in ids else None, []).append(row)
        ordered = []

        def walk(parent, depth):
            for row in below.get(parent, []):
                # As `str(unit)` says it, without making a document of each of the ~100 units.
                name = f"{label(UNIT_KIND_CHOICES, row['kind'])} {row['name']}"
                ordered.append((str(row["_id"]), "— " * depth + name))
                walk(row["_id"], depth + 1)

        walk(None, 0)
        return ordered

    @staticmethod
    def years(unit, year):
        """The years the unit's tasks run through (read from two index ends), and this year."""
        collection = BreakthroughTask._get_collection()
        raw = scope.visible_filter(BreakthroughTask)
        query = {"ancestors": unit.pk, **({"$and": [raw]} if raw else {})}
        first = collection.find_one(query, projection={"start_year": 1}, sort=[("start_year", 1)])
        last = collection.find_one(query, projection={"end_year": 1}, sort=[("end_year", -1)])
        this_year = vietnam_today().year
        low = min(first["start_year"] if first else this_year, this_year, year)
        high = max(last["end_year"] if last else this_year, this_year, year)
        return list(range(high, low - 1, -1))


def home_panel(user):
    """The home page's panel (`admin.base.home_panels`): this year's tasks of the account's unit
    (every unit for an admin) by state, those at risk today and the overdue ones, a chart."""
    from admin.base import Panel

    unit_id = scope.scope_unit_id(user)
    unit = Unit.objects(pk=unit_id).only("kind", "name").first() if unit_id else None
    if unit is None and not user.is_admin:
        return None
    today = vietnam_today()
    found, at_risk, overdue = summaries.glance(
        unit, today.year, today, scope.visible_filter(BreakthroughTask)
    )
    context = {
        "found": found,
        "place": in_sentence(unit) if unit is not None else None,
        "at_risk": at_risk,
        "overdue": overdue,
        "chart": state_chart(found, link=task_list),
        "summary_url": url_for("breakthrough_summary.index"),
        "task_list": task_list,
        "task_page": task_page,
        "figure": figure,
    }
    return Panel("admin/breakthrough/_home_panel.html", context)
