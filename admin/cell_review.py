"""Quality reviews and ratings of party cells in the console (menu «Sinh hoạt chi bộ»): the reviews
at 6 and 12 months on each province's checklist (a kinded family: `?kind=<code>` for one
checklist's fields, `admin.custom_record.KindedView`), the cells' yearly ratings with the
excellent rule checked against the members' ratings, the members' ratings, the rule (admins),
and the summary of a unit's year, each figure a link to the records it counts."""

from bson import ObjectId
from flask import flash, redirect, request, url_for
from flask_admin import BaseView, expose
from flask_admin.contrib.mongoengine.filters import FilterEqual
from flask_admin.helpers import is_form_submitted
from wtforms import TextAreaField

from admin import scope
from admin.base import AdminOnly, RegistryView, SearchLoader, SecureMixin
from admin.breakthrough_summary import BreakthroughSummaryView
from admin.cell_meeting import CATEGORY, CELLS
from admin.custom_record import KindedView
from admin.filters import BoundedEqual, UnderUnitFilter
from admin.formatters import reference_link
from admin.forms import asked_year
from documents import cell_review_summary as summaries
from documents.base import vietnam_today
from documents.cell_rating import CellRating, MemberRating
from documents.cell_review import FIRST_YEAR, CellReview, CellReviewRule
from documents.constants import CELL_KINDS, RATING_LEVELS, REVIEW_PERIODS, label
from documents.party_organization import PartyOrganization
from documents.person import Person
from documents.text import figure
from documents.unit import in_sentence

CHOOSE_KIND = "Hãy chọn phiếu đánh giá cần dùng."
NO_KINDS = (
    "Chưa có phiếu đánh giá chất lượng chi bộ nào: quản trị viên thêm phiếu ở Quản trị → Biểu mẫu "
    "(Áp dụng cho: Phiếu đánh giá chất lượng chi bộ); các trường số có đơn vị tính «điểm» được cộng "
    "vào tổng điểm."
)
COMMITTEES = {"kind": {"$nin": list(CELL_KINDS)}}
MEMBERS = {"party_organization": {"$ne": None}}

# The lists' filters by the criteria names of the summary (their index is in the lists'
# addresses: keep new ones at the end).
REVIEW_FILTERS = {
    "unit": UnderUnitFilter(),
    "year": BoundedEqual("year", "Năm"),
    "period": FilterEqual("period", "Kỳ đánh giá", options=REVIEW_PERIODS),
    "level": FilterEqual("proposed", "Mức đề xuất theo điểm", options=RATING_LEVELS),
}
RATING_FILTERS = {
    "unit": UnderUnitFilter(),
    "year": BoundedEqual("year", "Năm"),
    "level": FilterEqual("level", "Mức xếp loại", options=RATING_LEVELS),
}


def _list(endpoint, filters, criteria):
    index = {name: n for n, name in enumerate(filters)}
    chosen = [(name, value) for name, value in criteria.items() if value]
    args = {f"flt{n}_{index[name]}": str(value) for n, (name, value) in enumerate(chosen)}
    return url_for(f"{endpoint}.index_view", **args)


def review_list(**criteria):
    """The address of the reviews list holding those `criteria` name ({"unit": id, "year": 2026})."""
    return _list("cell_review", REVIEW_FILTERS, criteria)


def rating_list(**criteria):
    """The address of the cells' ratings list holding those `criteria` name."""
    return _list("cell_rating", RATING_FILTERS, criteria)


def _kind(view, context, model, name):
    definition = next((d for d in view.kinds() if d.code == model.kind), None)
    return definition.name if definition else model.kind


def _level(field):
    def shown(view, context, model, name):
        value = getattr(model, field)
        return label(RATING_LEVELS, value) if value else ""

    return shown


def _period(view, context, model, name):
    return model.period_text


def _score(view, context, model, name):
    return model.score_text


def _members_check(view, context, model, name):
    check = model.members_check()
    return "; ".join(check.sentences()) + "." if check else ""


def asked(document, name):
    """The record of `document` a link names (`?<name>=<id>`), if the account sees it; else None."""
    value = request.args.get(name, "")
    if not ObjectId.is_valid(value):
        return None
    return scope.visible(document.objects(pk=ObjectId(value))).first()


class CellReviewView(KindedView, RegistryView):
    kind_required = False
    count_noun = "bản đánh giá"
    column_list = ["organization", "period_text", "kind", "reviewed_on", "score", "proposed"]
    column_labels = {"period_text": "Kỳ", "kind": "Phiếu", "score": "Điểm"}
    column_sortable_list = [("period_text", "sort_name"), "reviewed_on"]
    column_filters = list(REVIEW_FILTERS.values())
    column_formatters = {
        "organization": reference_link("party_organization"),
        "period_text": _period,
        "kind": _kind,
        "score": _score,
        "proposed": _level("proposed"),
    }
    column_formatters_detail = {
        "organization": reference_link("party_organization"),
        "committee": reference_link("party_organization"),
        "kind": _kind,
        "score": _score,
        "proposed": _level("proposed"),
    }
    column_formatters_export = {
        "period_text": _period,
        "kind": _kind,
        "score": _score,
        "proposed": _level("proposed"),
    }
    column_details_list = [
        *("organization", "committee", "kind", "year", "period", "reviewed_on", "title"),
        *("score", "proposed", "comment", "created_at", "updated_at"),
    ]

    place_field = "organization"
    form_columns = ["organization", "committee", "year", "period", "reviewed_on", "title", "comment"]
    form_overrides = {"comment": TextAreaField}
    form_args = {
        "committee": {"description": "Để trống: cấp ủy cấp trên trực tiếp của chi bộ."},
        "comment": {"render_kw": {"rows": 4}},
    }
    # The committee above a cell may sit above the account's unit (a district committee).
    reference_scopes = {"committee": scope.reachable_filter}
    form_ajax_refs = {
        "organization": SearchLoader("organization", PartyOrganization, query=CELLS),
        "committee": SearchLoader(
            "committee", PartyOrganization, query=COMMITTEES, scope_filter=scope.reachable_filter
        ),
    }
    list_template = "admin/cell_review/list.html"
    details_template = "admin/cell_review/details.html"
    history_hidden = ("kind", "total", "most", "proposed")

    def create_form(self, obj=None):
        form = super().create_form(obj)
        if not is_form_submitted():
            cell = asked(PartyOrganization, "organization")
            if cell is not None and cell.kind in CELL_KINDS:
                form.organization.data = cell
            form.year.data = form.year.data or vietnam_today().year
        return form

    def rating_of(self, model):
        """The cell's rating of the review's year, if the account sees it."""
        return scope.visible(CellRating.objects(organization=model.organization, year=model.year)).first()

    @expose("/new/", methods=("GET", "POST"))
    def create_view(self):
        """A review is on one checklist: the list offers one «Thêm» per checklist."""
        if self.can_create and self.definition() is None:  # a viewer is told why not instead
            flash(CHOOSE_KIND if self.kinds() else NO_KINDS, "error")
            return redirect(self.get_url(".index_view"))
        return super().create_view()


def with_blank_level(form):
    """A new rating's level starts unchosen (not on the first level, «xuất sắc»): left so, it is
    refused as required."""
    form.level.choices = [("", "— Chọn mức xếp loại —"), *[c for c in form.level.choices if c[0]]]
    return form


class CellRatingView(RegistryView):
    count_noun = "chi bộ được xếp loại"
    column_list = ["organization", "year", "level", "committee", "decided_on"]
    column_sortable_list = [("year", "sort_name"), "decided_on"]
    column_filters = list(RATING_FILTERS.values())
    column_formatters = {
        "organization": reference_link("party_organization"),
        "committee": reference_link("party_organization"),
        "level": _level("level"),
    }
    column_formatters_detail = {
        **column_formatters,
        "review": reference_link("cell_review"),
        "members_check": _members_check,
    }
    column_formatters_export = {"level": _level("level"), "members_check": _members_check}
    column_labels = {"members_check": "Đối chiếu xếp loại đảng viên"}
    column_details_list = [
        *("organization", "year", "level", "committee", "review", "decided_on", "comment"),
        *("members_check", "created_at", "updated_at"),
    ]

    place_field = "organization"
    unique_field = "year"
    form_columns = ["organization", "year", "level", "committee", "review", "decided_on", "comment"]
    form_overrides = {"comment": TextAreaField}
    form_args = {
        "level": {
            "description": "Chi bộ «Hoàn thành xuất sắc nhiệm vụ» cần mọi đảng viên đã xếp loại từ "
            "«Hoàn thành nhiệm vụ» và đủ tỷ lệ «Hoàn thành tốt nhiệm vụ» trở lên theo quy định đang áp dụng "
            "(mặc định 80%; quản trị viên đặt ở Sinh hoạt chi bộ → Quy định xếp loại chi bộ). Chương trình "
            "đối chiếu khi lưu."
        },
        "committee": {"description": "Để trống: cấp ủy cấp trên trực tiếp của chi bộ."},
        "review": {"description": "Bản đánh giá của chi bộ trong năm (thường là kỳ tổng kết năm)."},
        "comment": {"render_kw": {"rows": 3}},
    }
    reference_scopes = {"committee": scope.reachable_filter}
    form_ajax_refs = {
        "organization": SearchLoader("organization", PartyOrganization, query=CELLS),
        "committee": SearchLoader(
            "committee", PartyOrganization, query=COMMITTEES, scope_filter=scope.reachable_filter
        ),
        "review": SearchLoader("review", CellReview),
    }

    def create_form(self, obj=None):
        """«Xếp loại theo bản đánh giá này» (`?review=<id>`) starts from the review: its cell, year
        and proposed level; an id the account does not see is ignored."""
        form = with_blank_level(super().create_form(obj))
        review = asked(CellReview, "review") if not is_form_submitted() else None
        if review is not None:
            form.organization.data = review.organization
            form.review.data = review
            form.year.data = review.year
            form.level.data = review.proposed or form.level.data
        return form


class MemberRatingView(RegistryView):
    count_noun = "đảng viên được xếp loại"
    column_list = ["person", "organization", "year", "level"]
    column_sortable_list = [("year", "sort_name")]
    column_filters = list(RATING_FILTERS.values())
    column_formatters = {
        "person": reference_link("person"),
        "organization": reference_link("party_organization"),
        "level": _level("level"),
    }
    column_formatters_detail = column_formatters
    column_formatters_export = {"level": _level("level")}
    column_details_list = ["person", "organization", "year", "level", "comment", "created_at", "updated_at"]

    place_field = "person"
    unique_field = "year"
    form_columns = ["person", "year", "level", "comment"]
    form_overrides = {"comment": TextAreaField}
    form_args = {"comment": {"render_kw": {"rows": 3}}}
    form_ajax_refs = {"person": SearchLoader("person", Person, query=MEMBERS)}

    def create_form(self, obj=None):
        return with_blank_level(super().create_form(obj))


class CellReviewRuleView(AdminOnly, RegistryView):
    """The proposed levels' thresholds and the excellent rule (admins)."""

    count_noun = "quy định"
    column_list = ["name", "from_year", "excellent_min", "good_min", "done_min", "good_share"]
    column_sortable_list = ["from_year"]
    default_sort = "from_year"
    default_sort_desc = True
    unique_field = "from_year"
    form_columns = [
        *("name", "from_year", "excellent_min", "good_min", "done_min"),
        *("members_least", "good_level", "good_share", "share_of_rated"),
    ]


class CellReviewSummaryView(SecureMixin, BaseView):
    """The cells of a unit in a year: rated at each level, not rated, reviewed at 6 and 12 months."""

    @expose("/")
    def index(self):
        unit = scope.asked_unit(request.args.get("unit"))
        this_year = vietnam_today().year
        year = asked_year(request.args.get("year"), FIRST_YEAR, this_year)
        context = dict(
            unit=unit,
            units=BreakthroughSummaryView.units(unit),
            year=year,
            years=list(range(this_year, min(this_year - 5, year) - 1, -1)),
            review_list=review_list,
            rating_list=rating_list,
            levels=RATING_LEVELS,
            periods=REVIEW_PERIODS,
            figure=figure,
        )
        if unit is not None:
            found = summaries.summary(
                unit,
                year,
                scope=scope.visible_filter(CellRating),
                cells_scope=scope.visible_filter(PartyOrganization),
            )
            context.update(found=found, place=in_sentence(unit))
        return self.render("admin/cell_review/summary.html", **context)


def register(admin_site):
    admin_site.add_view(
        CellReviewView(
            CellReview, name="Đánh giá chất lượng chi bộ", category=CATEGORY, endpoint="cell_review"
        )
    )
    admin_site.add_view(
        CellRatingView(CellRating, name="Xếp loại chi bộ", category=CATEGORY, endpoint="cell_rating")
    )
    admin_site.add_view(
        MemberRatingView(MemberRating, name="Xếp loại đảng viên", category=CATEGORY, endpoint="member_rating")
    )
    admin_site.add_view(
        CellReviewSummaryView(
            name="Tổng hợp xếp loại chi bộ", category=CATEGORY, endpoint="cell_review_summary"
        )
    )
    admin_site.add_view(
        CellReviewRuleView(
            CellReviewRule, name="Quy định xếp loại chi bộ", category=CATEGORY, endpoint="cell_review_rule"
        )
    )
