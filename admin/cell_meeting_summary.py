"""The board's view of cell meetings for a unit and a year (Tổng hợp sinh hoạt chi bộ): the cells
that missed a regular month or a quarter's thematic meeting, the attendance rate and the members
absent without a reason in three months (`documents.cell_meeting_summary`); every figure links to
the meetings it counts."""

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
