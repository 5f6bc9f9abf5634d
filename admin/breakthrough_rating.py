"""Evaluation and rating of cadres on their breakthrough tasks in the console: the evaluations and
their steps, the unit's evaluation table with its quota check, and the rating rule (admins).

Who may do what: the staff whose scope covers the cadre's unit enter the self-assessment; the
board's proposal and the decision only staff who act for the deciding body (its unit in their
scope: the rule of `OfficialDocumentView.may_act`); viewers read."""

from flask import abort, flash, redirect, request
from flask_admin import expose
from flask_admin.contrib.mongoengine.filters import FilterEqual
from flask_admin.menu import MenuLink
from mongoengine.errors import ValidationError
from wtforms import SelectField
from wtforms.validators import Optional

from admin import scope
from admin.auth import current_user
from admin.base import AdminOnly, RegistryView, SearchLoader
from admin.breakthrough_rating_table import EvaluationTable
from admin.filters import UnderUnitFilter
from admin.formatters import reference_link
from admin.forms import TokenForm
from documents import text
from documents.base import StaleRecord, field_error
from documents.breakthrough_rating import CadreRating, RatingRule
from documents.constants import (
    QUARTERS,
    RATING_LEVELS,
    RATING_STATES,
    RATING_STEPS,
    TASK_STANDINGS,
    label,
)
from documents.issuing_body import IssuingBody
from documents.person import Person

DECIDED = "Đánh giá đã có quyết định xếp loại: không sửa, xóa hay khôi phục được nữa."
STEPPED = "Đánh giá đã có bước tự đánh giá: không đổi cán bộ, chức vụ hay kỳ đánh giá được nữa."
BODY_FIXED = "Đánh giá đã bắt đầu: chỉ cán bộ của cấp quyết định xếp loại được đổi cấp quyết định."
# What an evaluation rates: fixed once its first step is taken.
RATED = ("person", "post", "year", "quarter")


def _level(view, context, model, name):
    return label(RATING_LEVELS, getattr(model, name)) if getattr(model, name) else ""


def _state(view, context, model, name):
    return label(RATING_STATES, model.state)


def _period(view, context, model, name):
    return model.period_text


def _points(view, context, model, name):
    value = getattr(model, name)
    return "" if value is None else text.figure(value)


def _tasks(view, context, model, name):
    return "; ".join(str(t) for t in model.tasks)


def _steps(view, context, model, name):
    return "; ".join(str(s) for s in model.steps)


def _quarter_or_year(value):
    """A quarter picked (1–4), or None for the whole year."""
    return int(value) if str(value) in ("1", "2", "3", "4") else None


class CadreRatingView(EvaluationTable, RegistryView):
    count_noun = "đánh giá"
    column_list = ["person", "post", "period", "total", "level", "state"]
    column_labels = {"period": "Kỳ đánh giá"}
    column_sortable_list = [("person", "sort_name"), "year", "state"]
    column_filters = [
        UnderUnitFilter(),
        FilterEqual("year", "Năm"),
        FilterEqual("state", "Trạng thái", options=RATING_STATES),
        FilterEqual("level", "Mức xếp loại", options=RATING_LEVELS),
    ]
    column_formatters = {
        "person": reference_link("person"),
        "period": _period,
        "total": _points,
        "level": _level,
        "state": _state,
    }
    column_formatters_detail = {
        "person": reference_link("person"),
        "unit": reference_link("unit"),
        "body": reference_link("issuing_body"),
        "period": _period,
        "state": _state,
    }
    column_details_list = ["person", "post", "unit", "body", "period", "state", "created_at", "updated_at"]
    column_formatters_export = {
        "period": _period,
        "level": _level,
        "state": _state,
        "tasks": _tasks,
        "steps": _steps,
    }

    place_field = "person"
    unique_field = "post"
    form_columns = ["person", "post", "body", "year", "quarter"]
    form_overrides = {"quarter": SelectField}
    form_args = {
        "post": {"description": "Mỗi chức vụ đánh giá riêng; để trống để lấy chức vụ hiện nay của cán bộ."},
        "quarter": {
            "choices": [(None, "Cả năm"), *QUARTERS],
            "coerce": _quarter_or_year,
            "validators": [Optional()],
            "label": "Kỳ đánh giá",
        },
    }
    # The deciding body may be above the commune (the district's standing committee).
    reference_scopes = {"body": scope.reachable_filter}
    form_ajax_refs = {
        "person": SearchLoader("person", Person),
        "body": SearchLoader("body", IssuingBody, scope_filter=scope.reachable_filter),
    }
    details_template = "admin/breakthrough_rating/details.html"
    # Computed from the tasks and the steps, which the history shows.
    history_hidden = (
        *("kind", "tasks", "exceeded", "on_time", "behind", "not_done", "open"),
        *("task_points", "total", "suggested", "state", "level"),
    )

    # Who may do what

    def may_self_assess(self, model):
        return bool(self.can_edit) and scope.sees_loaded(model)

    def may_act(self, model):
        return bool(self.can_edit) and model.body is not None and scope.sees_loaded(model.body)

    def may_take(self, model, step):
        return self.may_self_assess(model) if step == "self" else self.may_act(model)

    # The form

    @expose("/edit/", methods=("GET", "POST"))
    def edit_view(self):
        model = self.get_one(request.args.get("id"))
        if model.state == "decided":
            flash(DECIDED, "error")
            return self._back(model)
        return super().edit_view()

    def on_model_change(self, form, model, is_created):
        """Once a step is taken, what it rated stays: the cadre, post and period; the deciding body
        changes only by its own staff (else the cadre's side could name a body it acts for)."""
        super().on_model_change(form, model, is_created)
        if is_created:
            return
        stored = self.model.objects(pk=model.pk).only(*RATED, "body", "state").first()
        if stored is None:
            return  # deleted meanwhile: the versioned save says so
        if stored.state == "decided":
            raise ValidationError(DECIDED)
        if stored.state == "draft":
            return
        for name in RATED:
            ours, theirs = getattr(model, name), getattr(stored, name)
            if getattr(ours, "pk", ours) != getattr(theirs, "pk", theirs):
                raise field_error(name, STEPPED)
        if model.body != stored.body and not (self.can_edit and scope.sees_loaded(stored.body)):
            raise field_error("body", BODY_FIXED)

    def delete_model(self, model):
        if model.state == "decided":
            flash(DECIDED, "error")
            return False
        return super().delete_model(model)

    @expose("/restore/", methods=["POST"])
    def restore_view(self):
        model = self.get_one(request.args.get("id"))
        if model.state == "decided":
            flash(DECIDED, "error")
            return self._back(model)
        return super().restore_view()

    # Steps

    @expose("/step/", methods=("GET", "POST"))
    def step_view(self):
        """The form of one step (its level, comment and general points), refused at its fields."""
        model = self.get_one(request.args.get("id"))
        step = request.args.get("step")
        if step not in dict(RATING_STEPS):
            abort(404)
        if not self.may_take(model, step):
            abort(403)
        if step != model.next_step():
            expected = model.next_step()
            flash(
                f"Bước tiếp theo là «{label(RATING_STEPS, expected)}»." if expected else DECIDED,
                "error",
            )
            return self._back(model)
        form = TokenForm(request.form if request.method == "POST" else None)
        typed = {
            "level": request.form.get("level", model.suggested or ""),
            "comment": request.form.get("comment", "")[:3000],
            "general_points": request.form.get(
                "general_points", "" if model.general_points is None else text.figure(model.general_points)
            ),
        }
        errors = {}
        if request.method == "POST":
            if not form.validate():
                errors["form"] = " ".join(form.csrf_token.errors)
            else:
                errors = self._take(model, step, typed)
                if not errors:
                    flash(f"Đã ghi bước «{label(RATING_STEPS, step)}».", "success")
                    return self._back(model)
        return self.render(
            "admin/breakthrough_rating/step.html",
            model=model,
            step=step,
            step_name=label(RATING_STEPS, step),
            typed=typed,
            errors=errors,
            form=form,
            levels=RATING_LEVELS,
            level_name=lambda value: label(RATING_LEVELS, value),
        )

    def _take(self, model, step, typed):
        """Take the step from what was typed; {field: message} when refused."""
        points = None
        if step != "decision":
            try:
                points = (
                    float(text.parse_number(typed["general_points"])) if typed["general_points"] else None
                )
            except ValueError:
                return {"general_points": f"«{typed['general_points'][:20]}» không phải là số."}
        try:
            model.take_step(step, typed["level"], typed["comment"], current_user().username, points)
            model.save(action="rating_step")
        except ValidationError as exc:
            return {
                name: getattr(error, "message", str(error)) for name, error in (exc.errors or {}).items()
            } or {"form": exc.message}
        except StaleRecord:
            return {"form": "Đánh giá vừa được người khác cập nhật: hãy tải lại trang rồi làm lại."}
        return {}

    def _back(self, model):
        return redirect(self.get_url(".details_view", id=model.pk))

    figure = staticmethod(text.figure)
    standing_name = staticmethod(lambda value: label(TASK_STANDINGS, value))
    level_name = staticmethod(lambda value: label(RATING_LEVELS, value) if value else "")
    step_name = staticmethod(lambda value: label(RATING_STEPS, value))


class RatingRuleView(AdminOnly, RegistryView):
    """The rating rule (admins): points, thresholds, conditions and the excellent quota."""

    count_noun = "quy định"
    column_list = ["name", "from_year", "task_points", "general_points", "excellent_quota"]
    column_sortable_list = ["from_year"]
    default_sort = "from_year"
    default_sort_desc = True
    unique_field = "from_year"
    form_columns = [
        *("name", "citation", "from_year", "task_points", "general_points", "exceeded_bonus"),
        "behind_credit",
        *("excellent_min", "good_min", "done_min", "excellent_exceeded", "done_behind", "excellent_quota"),
    ]
    form_args = {
        "from_year": {"description": "Năm đánh giá từ đó quy định này được áp dụng."},
        "citation": {"description": "Như quyết định giao việc ghi ở phần căn cứ, sau «Căn cứ»."},
        "exceeded_bonus": {
            "description": "Việc hoàn thành vượt chỉ tiêu được tính 100% cộng thêm tỷ lệ này."
        },
        "behind_credit": {
            "description": "Việc chậm tiến độ được tính bằng tỷ lệ này của một việc hoàn thành."
        },
    }
    list_template = "admin/breakthrough_rating/rules.html"

    figure = staticmethod(text.figure)

    @staticmethod
    def default_rule():
        return RatingRule()


def register(admin_site, category):
    """The evaluations, the evaluation table and the rule, in the tasks' menu."""
    admin_site.add_view(
        CadreRatingView(CadreRating, name="Đánh giá, xếp loại", category=category, endpoint="cadre_rating")
    )
    admin_site.add_link(
        MenuLink(name="Bảng đánh giá theo đơn vị", endpoint="cadre_rating.table_view", category=category)
    )
    admin_site.add_view(
        RatingRuleView(RatingRule, name="Quy định xếp loại", category=category, endpoint="rating_rule")
    )
