"""The board's view of cell meetings for a unit and a year (Tổng hợp sinh hoạt chi bộ): the cells
that missed a regular month or a quarter's thematic meeting, the attendance rate and the members
absent without a reason in three months (`documents.cell_meeting_summary`); every figure links to
the meetings it counts."""

import datetime

from flask import request, url_for
from flask_admin import BaseView, expose

from admin import scope
from admin.base import SecureMixin
from admin.breakthrough_summary import BreakthroughSummaryView
from admin.cell_meeting import list_args
from admin.forms import asked_year
from admin.local_work_summary import LocalWorkSummaryView
from documents import CellMeeting, PartyOrganization
from documents import cell_meeting_summary as summaries
from documents.base import vietnam_today
from documents.text import figure
from documents.unit import in_sentence
from exports import chart

FIRST_YEAR = 2000


def meeting_list(**criteria):
    """The address of the meetings list holding the meetings `criteria` name."""
    return url_for("cell_meeting.index_view", **list_args({k: v for k, v in criteria.items() if v}))


class CellMeetingSummaryView(SecureMixin, BaseView):
    @expose("/")
    def index(self):
        unit = scope.asked_unit(request.args.get("unit"))
        this_year = vietnam_today().year
        year = self.chosen_year(request.args.get("year"))
        context = dict(
            unit=unit,
            units=BreakthroughSummaryView.units(unit),
            year=year,
            years=list(range(this_year, min(this_year - 5, year) - 1, -1)),
            meeting_list=meeting_list,
            figure=figure,
        )
        # The day typed, else today, or the last day of a year over (as the models' summary).
        day, typed, error = LocalWorkSummaryView.chosen_day(request.args.get("day"), year)
        context.update(typed=typed, day_error=error)
        if unit is not None:
            found = summaries.summary(
                unit,
                year,
                scope=scope.visible_filter(CellMeeting),
                cells_scope=scope.visible_filter(PartyOrganization),
                day=day,
            )
            context.update(found=found, place=in_sentence(unit))
        return self.render("admin/cell_meeting/summary.html", **context)

    @staticmethod
    def chosen_year(value):
        return asked_year(value, FIRST_YEAR, vietnam_today().year)


def latest_year(unit, visible):
    """This year, or the latest before it, with a meeting under `unit` within `visible`; None when
    there is none."""
    mine = {"$and": [{"ancestors": unit.pk}, visible]} if visible else {"ancestors": unit.pk}
    last = datetime.datetime.combine(vietnam_today(), datetime.time())
    latest = CellMeeting._get_collection().find_one(
        {**mine, "day": {"$lte": last}}, projection={"day": 1}, sort=[("day", -1)]
    )
    return latest["day"].year if latest else None


def month_chart(found):
    """The cells that held their regular meeting, month by month of those over, as bars linked to
    the month's meetings."""
    missed = {}
    for _, months in found.missed_regular:
        for month in months:
            missed[month] = missed.get(month, 0) + 1
    cells = len(found.cells)
    bars = [
        (
            f"Tháng {month}",
            cells - missed.get(month, 0),
            meeting_list(unit=found.unit.pk, month=f"{found.year}-{month:02d}"),
        )
        for month in found.months
    ]
    title = f"Chi bộ sinh hoạt thường kỳ đủ tháng ({figure(cells)} chi bộ), năm {found.year}"
    return chart.bars(bars, title=title)


def home_panel(user):
    """The home page's panel (`admin.base.home_panels`): the cell meetings of the account's unit (an
    admin's top unit with the latest year, `scope.home_units`) in this year, or the latest year that
    has some, as the board's summary counts them, with the chart of the months."""
    from admin.base import Panel

    visible = scope.visible_filter(CellMeeting)
    latest = [(latest_year(unit, visible), unit) for unit in scope.home_units(user, only=("kind", "name"))]
    latest = [(year, unit) for year, unit in latest if year is not None]
    if not latest:
        return None  # nothing recorded yet: no panel of zeros
    year, unit = max(latest, key=lambda found: found[0])  # the first of the latest year
    found = summaries.summary(unit, year, scope=visible, cells_scope=scope.visible_filter(PartyOrganization))
    summary_url = url_for("cell_meeting_summary.index", unit=str(unit.pk), year=year)
    context = {
        "found": found,
        "place": in_sentence(unit),
        "meetings_url": meeting_list(unit=unit.pk, year=year),
        "summary_url": summary_url,
        "chart": month_chart(found) if found.months else None,
        "figure": figure,
    }
    return Panel("admin/cell_meeting/_home_panel.html", context)
