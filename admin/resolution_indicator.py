"""Resolution indicators in the console (menu «Chỉ tiêu nghị quyết»): each resolution of a party
organization with its indicators, the reports of their actuals as a task's check-ins
(`admin.breakthrough_target.CheckInMixin`), and the summary for a unit and a year
(`documents.resolution_indicator_summary`), each figure a link to the resolutions it counts."""

from flask import request, url_for
from flask_admin import BaseView, expose
from flask_admin.contrib.mongoengine.filters import BaseMongoEngineFilter

from admin import scope
from admin.base import RegistryView, SearchLoader, SecureMixin
from admin.breakthrough_summary import BreakthroughSummaryView
from admin.breakthrough_target import TARGETS_FORM, CheckInMixin
from admin.filters import UnderUnitFilter
from admin.formatters import reference_link
from admin.forms import asked_year
from documents import resolution_indicator_summary as summaries
from documents.base import vietnam_today
from documents.party_organization import PartyOrganization
from documents.resolution_indicator import FIRST_YEAR, YEARS_AHEAD, ResolutionIndicators
from documents.text import figure
from documents.unit import in_sentence
from exports import chart

CATEGORY = "Chỉ tiêu nghị quyết"


class CoveringFilter(BaseMongoEngineFilter):
    """The resolutions whose year or term includes a year."""

    def __init__(self):
        super().__init__(column=None, name="Năm")

    def validate(self, value):
        return str(value).isdigit() and FIRST_YEAR <= int(value) <= 9999

    def apply(self, query, value):
        return query.covering(int(value))

    def operation(self):
        return "thuộc"


class MissedFilter(BaseMongoEngineFilter):
    """The resolutions with an indicator missed."""

    def __init__(self):
        super().__init__(column=None, name="Có chỉ tiêu không đạt", options=[("1", "Có")])

    def validate(self, value):
        return value == "1"

    def apply(self, query, value):
        return query.filter(missed__gt=0)

    def operation(self):
        return "là"


class UnreportedFilter(BaseMongoEngineFilter):
    """The resolutions with an indicator that has no result yet."""

    def __init__(self):
        super().__init__(column=None, name="Có chỉ tiêu chưa có kết quả", options=[("1", "Có")])

    def validate(self, value):
        return value == "1"

    def apply(self, query, value):
        reached = {"$add": [{"$ifNull": ["$met", 0]}, {"$ifNull": ["$missed", 0]}]}
        return query.filter(__raw__={"$expr": {"$gt": [{"$size": {"$ifNull": ["$targets", []]}}, reached]}})

    def operation(self):
        return "là"


# The list's filters by the criteria names of the summary (their index is in the list's
# addresses: keep new ones at the end).
FILTERS = {
    "unit": UnderUnitFilter(),
    "year": CoveringFilter(),
    "missed": MissedFilter(),
    "unreported": UnreportedFilter(),
}
INDEX = {name: index for index, name in enumerate(FILTERS)}


def resolution_list(**criteria):
    """The address of the list holding the resolutions `criteria` name ({"unit": id, "year": 2022})."""
    args = {f"flt{n}_{INDEX[name]}": str(value) for n, (name, value) in enumerate(criteria.items()) if value}
    return url_for("resolution_indicators.index_view", **args)


def _period(view, context, model, name):
    return model.period_text


def _met(view, context, model, name):
    return model.met_text


def _missed_names(view, context, model, name):
    return "; ".join(f"{t.indicator} ({t.percent_text})" for t in model.missed_targets())


class ResolutionIndicatorsView(CheckInMixin, RegistryView):
    count_noun = "nghị quyết"
    column_list = ["resolution", "organization", "period_text", "met_text", "missed", "achievement"]
    column_labels = {
        "period_text": "Thời hạn",
        "met_text": "Kết quả",
        "missed": "Không đạt",
        "achievement": "Mức đạt bình quân",
        "missed_names": "Chỉ tiêu không đạt",
    }
    column_sortable_list = [("resolution", "sort_name"), ("period_text", "first_year")]
    column_filters = list(FILTERS.values())
    column_formatters = {
        "organization": reference_link("party_organization"),
        "period_text": _period,
        "met_text": _met,
        "achievement": lambda view, context, model, name: model.achievement_text,
    }
    column_formatters_detail = {"organization": reference_link("party_organization")}
    column_details_list = ["resolution", "organization", "period", "first_year", "last_year", "created_at"]
    column_formatters_export = {**column_formatters, "missed_names": _missed_names}
    column_export_list = [*column_list, "missed_names"]

    place_field = "organization"
    form_columns = ["organization", "resolution", "period", "first_year", "last_year", "targets"]
    form_args = {
        "resolution": {
            "description": "Ví dụ: Nghị quyết Đại hội Đảng bộ xã nhiệm kỳ 2020 - 2025; Nghị quyết năm 2022."
        },
        "last_year": {"description": "Chỉ ghi với nghị quyết nhiệm kỳ, giai đoạn."},
        "targets": {
            "description": "Mức khởi điểm để trống là 0: tỷ lệ đạt = thực hiện / kế hoạch. Chỉ tiêu "
            "càng thấp càng tốt (tỷ lệ hộ nghèo) ghi mức khởi điểm và mục tiêu: tỷ lệ đạt = mức giảm "
            "được / mức giảm theo kế hoạch."
        },
    }
    form_ajax_refs = {"organization": SearchLoader("organization", PartyOrganization)}
    form_subdocuments = {"targets": TARGETS_FORM}
    details_template = "admin/resolution_indicator/details.html"
    history_hidden = ("achieved", "progress", "met", "missed")

    def check_in_closed(self, model):
        return "Nghị quyết này không ghi kết quả được."


class ResolutionSummaryView(SecureMixin, BaseView):
    """The indicators of a unit's resolutions in a year: met of all, the missed ones named."""

    @expose("/")
    def index(self):
        unit = scope.asked_unit(request.args.get("unit"))
        this_year = vietnam_today().year
        year = chosen_year(request.args.get("year"))
        context = dict(
            unit=unit,
            units=BreakthroughSummaryView.units(unit),
            year=year,
            years=list(range(this_year, min(this_year - 5, year) - 1, -1)),
            resolution_list=resolution_list,
            figure=figure,
        )
        if unit is not None:
            found = summaries.summary(unit, year, scope=scope.visible_filter(ResolutionIndicators))
            context.update(found=found, place=in_sentence(unit))
        return self.render("admin/resolution_indicator/summary.html", **context)


def chosen_year(value):
    return asked_year(value, FIRST_YEAR, vietnam_today().year + YEARS_AHEAD)


def register(admin_site):
    admin_site.add_view(
        ResolutionIndicatorsView(
            ResolutionIndicators,
            name="Nghị quyết và chỉ tiêu",
            category=CATEGORY,
            endpoint="resolution_indicators",
        )
    )
    admin_site.add_view(
        ResolutionSummaryView(name="Tổng hợp chỉ tiêu", category=CATEGORY, endpoint="resolution_summary")
    )


def latest_year(unit, visible):
    """This year, or the latest before it, that a resolution under `unit` within `visible` covers;
    None when there is none."""
    mine = {"$and": [{"ancestors": unit.pk}, visible]} if visible else {"ancestors": unit.pk}
    this_year = vietnam_today().year
    latest = ResolutionIndicators._get_collection().find_one(
        {**mine, "first_year": {"$lte": this_year}},
        projection={"first_year": 1, "last_year": 1},
        sort=[("last_year", -1)],
    )
    return min(latest.get("last_year") or latest["first_year"], this_year) if latest else None


def indicator_chart(found, link):
    """The indicators met, missed and not yet reported, as bars linked to the resolutions."""
    bars = [
        ("Đạt và vượt", found.met, link(unit=found.unit.pk, year=found.year)),
        ("Không đạt", found.missed, link(unit=found.unit.pk, year=found.year, missed=1)),
        ("Chưa có kết quả", found.unreported, link(unit=found.unit.pk, year=found.year, unreported=1)),
    ]
    return chart.bars(bars, title=f"Chỉ tiêu nghị quyết năm {found.year} ({figure(found.total)} chỉ tiêu)")


def home_panel(user):
    """The home page's panel (`admin.base.home_panels`): the resolution indicators of the account's
    unit (an admin's top unit with the latest year, `scope.home_units`) for this year, or the latest
    year a resolution covers, with the missed ones named."""
    from admin.base import Panel

    visible = scope.visible_filter(ResolutionIndicators)
    latest = [(latest_year(unit, visible), unit) for unit in scope.home_units(user, only=("kind", "name"))]
    latest = [(year, unit) for year, unit in latest if year is not None]
    if not latest:
        return None
    year, unit = max(latest, key=lambda found: found[0])  # the first of the latest year
    found = summaries.summary(unit, year, visible)
    if not found.total:
        return None
    context = {
        "found": found,
        "place": in_sentence(unit),
        "list_url": resolution_list(unit=unit.pk, year=year),
        "missed_url": resolution_list(unit=unit.pk, year=year, missed=1),
        "unreported_url": resolution_list(unit=unit.pk, year=year, unreported=1),
        "summary_url": url_for("resolution_summary.index", unit=str(unit.pk), year=year),
        "chart": indicator_chart(found, resolution_list),
        "figure": figure,
    }
    return Panel("admin/resolution_indicator/_home_panel.html", context)
