"""Models and work items in the console (mô hình, phần việc, công trình): one list of every kind
with the fixed fields, `?kind=<code>` for a kind's own fields, columns and filters (the kinded
family of the low-code engine, `admin.custom_record.KindedView`), targets and check-ins as on
breakthrough tasks (`admin.breakthrough_target.CheckInMixin`)."""

import datetime

from flask import flash, has_request_context, redirect, request
from flask_admin import expose
from flask_admin.contrib.mongoengine.filters import BaseMongoEngineFilter, FilterEqual
from flask_admin.helpers import is_form_submitted
from wtforms import TextAreaField

from admin import scope
from admin.base import RegistryView, SearchLoader
from admin.breakthrough_target import TARGETS_FORM, CheckInMixin
from admin.custom_record import KindedView
from admin.filters import BoundedEqual, UnderUnitFilter
from admin.formatters import reference_link
from documents.base import vietnam_today
from documents.constants import LOCAL_WORK_CATEGORIES, LOCAL_WORK_STATES, UNIT_LEVELS, label
from documents.local_work import FIRST_YEAR, LocalWork
from documents.local_work_summary import GROUPS, group_filter, state_filter
from documents.person import Person
from documents.unit import Unit

CATEGORY = "Mô hình, phần việc, công trình"
CHOOSE_KIND = "Hãy chọn loại mô hình, phần việc cần thêm."
NO_KINDS = (
    "Chưa có loại mô hình, phần việc nào: quản trị viên thêm loại ở Quản trị → Biểu mẫu "
    "(Áp dụng cho: Loại mô hình, phần việc, công trình)."
)
COMMUNE_KINDS = [kind for kind, level in UNIT_LEVELS.items() if level == 3]
HAMLET_KINDS = [kind for kind, level in UNIT_LEVELS.items() if level == 4]


class GroupFilter(BaseMongoEngineFilter):
    """Models (of a commune), or work items and small projects (of a hamlet)."""

    def __init__(self):
        super().__init__(
            column=None, name="Nhóm", options=[(name, label.capitalize()) for name, label in GROUPS]
        )

    def validate(self, value):
        return value in dict(GROUPS)

    def apply(self, query, value):
        return query.filter(__raw__=group_filter(value))

    def operation(self):
        return "là"


class StateFilter(BaseMongoEngineFilter):
    """Those of a year standing at one state on the day the year is judged (today, or 31/12 of a
    past year): "2024-finished". The summary counts with the same condition (`state_filter`)."""

    def __init__(self):
        super().__init__(column=None, name="Tình trạng trong năm", options=self.choices)

    @classmethod
    def choices(cls):
        """The states of the last four years, and any other the address asks for (a summary's
        link on a day: "Đảm bảo tiến độ (năm 2024, ngày 30/06/2024)")."""
        this_year = vietnam_today().year
        offered = [
            (f"{year}-{state}", f"{name} (năm {year})")
            for year in range(this_year, this_year - 4, -1)
            for state, name in LOCAL_WORK_STATES
        ]
        if not has_request_context():
            return offered  # Flask-Admin reads the options once at start-up too
        asked = {
            v for k, v in request.args.items() if k.startswith("flt") and k.endswith(f"_{INDEX['state']}")
        }
        for value in sorted(asked - {value for value, _ in offered}):
            parsed = cls.parsed(value)
            if parsed:
                year, state, day = parsed
                on = f", ngày {day:%d/%m/%Y}" if day else ""
                offered.append((value, f"{label(LOCAL_WORK_STATES, state)} (năm {year}{on})"))
        return offered

    @staticmethod
    def parsed(value):
        """(year, state, day or None) of "2024-behind", or of "2024-behind@2024-06-30" (on that
        day rather than the year's judging day); None when it is neither."""
        main, _, on = str(value).partition("@")
        year, _, state = main.partition("-")
        if not (year.isdigit() and FIRST_YEAR <= int(year) <= 9999 and state in dict(LOCAL_WORK_STATES)):
            return None
        try:
            day = datetime.date.fromisoformat(on) if on else None
        except ValueError:
            return None
        return int(year), state, day

    def validate(self, value):
        return self.parsed(value) is not None

    def apply(self, query, value):
        year, state, day = self.parsed(value)
        return query.filter(__raw__=state_filter(year, state, day))

    def operation(self):
        return "là"


# The list's filters by the criteria names of the summary, in their order on the list (their index
# is in the list's addresses: keep new ones at the end).
FILTERS = {
    "unit": UnderUnitFilter(),
    "year": BoundedEqual("year", "Năm"),
    "category": FilterEqual("category", "Là", options=LOCAL_WORK_CATEGORIES),
    "group": GroupFilter(),
    "state": StateFilter(),
}
INDEX = {name: index for index, name in enumerate(FILTERS)}


def list_args(criteria):
    """The list's address arguments for `criteria` ({"unit": id, "year": 2024, "state": "2024-behind"})."""
    return {f"flt{n}_{INDEX[name]}": str(value) for n, (name, value) in enumerate(criteria.items())}


def register(admin_site):
    from admin.local_work_summary import LocalWorkSummaryView  # it links to this view's filters

    admin_site.add_view(
        LocalWorkView(LocalWork, name="Hồ sơ mô hình, phần việc", category=CATEGORY, endpoint="local_work")
    )
    admin_site.add_view(
        LocalWorkSummaryView(name="Tổng hợp", category=CATEGORY, endpoint="local_work_summary")
    )


def _kind(view, context, model, name):
    definition = next((d for d in view.kinds() if d.code == model.kind), None)
    return definition.name if definition else model.kind


def _category(view, context, model, name):
    return label(LOCAL_WORK_CATEGORIES, model.category)


def _state(view, context, model, name):
    return model.state_text


def _achievement(view, context, model, name):
    return model.achievement_text


class LocalWorkView(CheckInMixin, KindedView, RegistryView):
    kind_required = False
    count_noun = "hồ sơ"
    column_list = ["name", "kind", "category", "year", "commune", "hamlet", "state", "achievement"]
    column_labels = {"kind": "Loại", "state": "Tình trạng đến nay", "achievement": "Mức đạt"}
    column_sortable_list = [("name", "sort_name"), "year"]
    column_filters = list(FILTERS.values())
    column_formatters = {
        "kind": _kind,
        "category": _category,
        "commune": reference_link("unit"),
        "hamlet": reference_link("unit"),
        "state": _state,
        "achievement": _achievement,
    }
    column_formatters_detail = {
        "kind": _kind,
        "category": _category,
        "commune": reference_link("unit"),
        "hamlet": reference_link("unit"),
        "follower": reference_link("person"),
    }
    column_details_list = [
        *("name", "kind", "category", "year", "commune", "hamlet", "follower", "plan"),
        *("created_at", "updated_at"),
    ]
    column_formatters_export = {
        "kind": _kind,
        "category": _category,
        "state": _state,
        "achievement": _achievement,
    }

    export_unit_levels = ()  # the commune and the hamlet are columns of the list already
    place_field = "hamlet"
    form_columns = ["name", "category", "year", "commune", "hamlet", "follower", "plan", "targets"]
    form_overrides = {"plan": TextAreaField}
    form_args = {
        "commune": {"description": "Với phần việc, công trình: để trống, lấy theo thôn."},
        "hamlet": {"description": "Nơi thực hiện; phần việc, công trình bắt buộc có thôn."},
        "follower": {"description": "Cán bộ được phân công phụ trách, theo dõi hay hỗ trợ xã hoặc thôn này."},
        "plan": {"render_kw": {"rows": 4}},
    }
    form_ajax_refs = {
        "commune": SearchLoader("commune", Unit, query={"kind": {"$in": COMMUNE_KINDS}}),
        "hamlet": SearchLoader("hamlet", Unit, query={"kind": {"$in": HAMLET_KINDS}}),
        "follower": SearchLoader("follower", Person, scope_filter=scope.reachable_filter),
    }
    # The leader following it is often a district cadre: anyone of its unit or the units above.
    reference_scopes = {"follower": scope.reachable_filter}
    form_subdocuments = {
        "targets": TARGETS_FORM,
    }
    list_template = "admin/local_work/list.html"
    details_template = "admin/local_work/details.html"
    history_hidden = ("kind", "achieved", "progress")

    def check_in_closed(self, model):
        return "Hồ sơ này không ghi tiến độ được."

    def create_form(self, obj=None):
        """A new record of a kind starts as what the kind's records are (a work item kind: «Phần việc»)."""
        form = super().create_form(obj)
        definition = self.definition()
        if definition is not None and not is_form_submitted():
            form.category.data = LocalWork(kind=definition.code).kind_category() or form.category.data
        return form

    @expose("/new/", methods=("GET", "POST"))
    def create_view(self):
        """A record is of a kind: the list offers one «Thêm» per kind."""
        if self.can_create and self.definition() is None:  # a viewer is told why not instead
            flash(CHOOSE_KIND if self.kinds() else NO_KINDS, "error")
            return redirect(self.get_url(".index_view"))
        return super().create_view()
