"""Breakthrough tasks in the console: the task and its targets, check-ins by the cadre's unit,
approval, assignment and evaluation by the assigning body's staff."""

from flask import abort, flash, redirect, request
from flask_admin import expose
from mongoengine.errors import ValidationError
from wtforms import TextAreaField

from admin import scope
from admin.base import RegistryView, SearchLoader
from admin.breakthrough_filters import TASK_FILTERS
from admin.breakthrough_target import TARGETS_FORM, CheckInMixin
from admin.formatters import reference_link
from admin.forms import LinesField, SubForm, error_text
from documents.base import StaleRecord, field_error
from documents.breakthrough import FINAL_STATES
from documents.breakthrough_rating import CadreRating
from documents.constants import TASK_ORIGINS, TASK_STATES, label
from documents.issuing_body import IssuingBody
from documents.person import Person
from documents.unit import Unit

NOT_BODY_STAFF = "Chỉ cán bộ của cấp giao việc được duyệt, giao, chuyển trạng thái và đánh giá việc này."
NOT_UNIT_STAFF = "Chỉ cán bộ của đơn vị liên quan được ghi tiến độ của việc này."
ASSIGNED_BY_BODY = (
    "Việc được giao (hoặc giao thêm) chỉ do cán bộ của cấp giao việc ghi; cán bộ tự đăng ký thì chọn "
    "«Cán bộ tự đăng ký»."
)
EVALUATED = "Việc đã đánh giá xong: không sửa được nữa."
NOT_DELETED_EVALUATED = "Việc đã đánh giá xong: không xóa được, kết quả của việc được giữ lại."
NOT_DELETED_CONSIDERED = "Việc đã được xem xét trong phiếu đánh giá cán bộ: không xóa được."
NOT_DELETED_OTHER_BODY = (
    "Chỉ cán bộ của cấp giao việc được xóa việc này; đơn vị chỉ xóa được việc mình tự đăng ký còn chờ duyệt."
)
BODY_FIXED = "Việc đã được duyệt hoặc giao: chỉ cán bộ của cấp giao việc được đổi cấp giao việc."
TERMS_FIXED = (
    "Việc đã được duyệt hoặc giao: nội dung, cán bộ, thời hạn và chỉ tiêu chỉ do cán bộ của cấp giao "
    "việc sửa; đơn vị ghi tiến độ ở trang của việc."
)
# What a task was approved or assigned with: once it is, only the assigning body's staff change it.
AGREED_FIELDS = ("content", "person", "post", "period_kind", "start_year", "end_year", "unit")
TARGET_TERMS = (
    "indicator",
    "measure",
    "direction",
    "baseline",
    "target",
    "weight",
    *(f"level_{k}" for k in (1, 2, 3)),
)


def _state(view, context, model, name):
    return model.state_text


def _origin(view, context, model, name):
    return label(TASK_ORIGINS, model.origin)


def _period(view, context, model, name):
    return model.period_text


def _achievement(view, context, model, name):
    return model.achievement_text


def _lines(view, context, model, name):
    return "; ".join(str(item) for item in getattr(model, name) or [])


def _changed_terms(stored, model):
    """The first field of what the task was agreed with that `model` changes, or None."""

    def value(record, name):
        kept = getattr(record, name)
        return None if kept in ("", None) else getattr(kept, "pk", kept)

    for name in AGREED_FIELDS:
        if value(stored, name) != value(model, name) and not (name == "post" and value(model, name) is None):
            return name  # a blank post is filled from the cadre's current one on save
    terms = [[value(t, name) for name in TARGET_TERMS] for t in stored.targets]
    if terms != [[value(t, name) for name in TARGET_TERMS] for t in model.targets]:
        return "targets"
    return None


class BreakthroughTaskView(CheckInMixin, RegistryView):
    count_noun = "việc"
    column_list = ["content", "person", "body", "period", "state", "achievement"]
    column_labels = {"period": "Thời hạn", "achievement": "Mức đạt"}
    column_sortable_list = [("content", "sort_name"), "start_year", "state"]
    column_filters = TASK_FILTERS
    column_formatters = {
        "person": reference_link("person"),
        "body": reference_link("issuing_body"),
        "period": _period,
        "state": _state,
        "achievement": _achievement,
    }
    column_formatters_detail = {
        "person": reference_link("person"),
        "unit": reference_link("unit"),
        "body": reference_link("issuing_body"),
        "origin": _origin,
        "state": _state,
        "period": _period,
        "solutions": _lines,
        "milestones": _lines,
    }
    column_details_list = [
        *("content", "person", "post", "body", "origin", "period", "unit", "plan", "solutions"),
        *("milestones", "state", "created_at", "updated_at"),
    ]
    column_formatters_export = {"achievement": _achievement, "period": _period, "state": _state}

    place_field = "unit"
    form_columns = [
        *("content", "person", "post", "body", "origin", "period_kind", "start_year", "end_year"),
        *("milestones", "unit", "plan", "solutions", "targets"),
    ]
    form_overrides = {"solutions": LinesField, "plan": TextAreaField, "content": TextAreaField}
    form_args = {
        "post": {"description": "Để trống để lấy chức vụ hiện nay của cán bộ."},
        "end_year": {"description": "Chỉ cần với việc theo giai đoạn (ví dụ 2021–2025)."},
        "solutions": {"description": "Mỗi dòng một giải pháp.", "render_kw": {"rows": 3}},
        "content": {"render_kw": {"rows": 3}},
        "plan": {"render_kw": {"rows": 4}},
    }
    # A commune's staff register a task with a body of their unit or above it (the district
    # committee), which then approves it: the body may be one they do not otherwise see.
    reference_scopes = {"body": scope.reachable_filter}
    form_ajax_refs = {
        "person": SearchLoader("person", Person),
        "body": SearchLoader("body", IssuingBody, scope_filter=scope.reachable_filter),
        "unit": SearchLoader("unit", Unit),
    }
    form_subdocuments = {
        "milestones": {
            "form_subdocuments": {None: {"form_base_class": SubForm, "form_columns": ["year", "text"]}}
        },
        "targets": TARGETS_FORM,
    }
    details_template = "admin/breakthrough/details.html"
    list_template = "admin/breakthrough/list.html"  # Delete only where `refused_delete` is silent
    # Computed on save from the targets and check-ins, whose own changes the history shows.
    history_hidden = ("kind", "achieved", "progress")
    check_in_stale = "Việc vừa được người khác cập nhật: hãy xem lại rồi ghi tiến độ lần nữa."

    # Who may do what: the assigning body's staff act on the task (as on documents,
    # `OfficialDocumentView.may_act`); the staff of the unit it concerns record its progress.

    def may_act(self, model):
        return bool(self.can_edit) and model.body is not None and scope.sees_loaded(model.body)

    def may_check_in(self, model):
        return (
            bool(self.can_edit)
            and model.state in ("approved", "assigned", "in_progress")
            and scope.sees_loaded(model)
        )

    def check_in_closed(self, model):
        return f"Việc đang ở trạng thái «{model.state_text}»: không ghi tiến độ được."

    def moves(self, model):
        return model.moves() if self.may_act(model) else []

    def refused_delete(self, model):
        """Why the account may not delete `model`, or None: an evaluated task is kept; otherwise the
        assigning body's staff delete it, and the unit's staff only their own registration still
        awaiting approval. Asked by the row, the page and every delete (one or a bulk action)."""
        if not self.can_delete:
            return NOT_DELETED_OTHER_BODY
        if model.state in FINAL_STATES:
            return NOT_DELETED_EVALUATED
        if CadreRating.objects(tasks__task=model.pk).count():
            return NOT_DELETED_CONSIDERED
        if self.may_act(model):
            return None
        if model.state == "registered" and model.origin == "tu_dang_ky" and scope.sees_loaded(model):
            return None
        return NOT_DELETED_OTHER_BODY

    def delete_model(self, model):
        refused = self.refused_delete(model)
        if refused:
            flash(refused, "error")
            return False
        return super().delete_model(model)

    # The form

    @expose("/edit/", methods=("GET", "POST"))
    def edit_view(self):
        """An evaluated task is kept as evaluated: its page says why it is not edited."""
        model = self.get_one(request.args.get("id"))
        if model.state in FINAL_STATES:
            flash(EVALUATED, "error")
            return redirect(self.get_url(".details_view", id=model.pk))
        return super().edit_view()

    def on_model_change(self, form, model, is_created):
        super().on_model_change(form, model, is_created)
        if is_created:
            model.state = "registered" if model.origin == "tu_dang_ky" else "assigned"
            if model.origin != "tu_dang_ky" and not self.may_act(model):
                raise field_error("origin", ASSIGNED_BY_BODY)
            return
        stored = self.model.objects(pk=model.pk).first()
        if stored is None:
            return  # deleted meanwhile: the versioned save says so
        if stored.state in FINAL_STATES:
            raise field_error("state", EVALUATED)
        acts_for_stored = bool(self.can_edit) and scope.sees_loaded(stored.body)
        body_id = model.body.pk if model.body is not None else None
        if body_id != stored.body.pk and stored.state != "registered" and not acts_for_stored:
            raise field_error("body", BODY_FIXED)
        if model.origin != stored.origin and not acts_for_stored:
            raise field_error("origin", ASSIGNED_BY_BODY)
        if stored.state != "registered" and not acts_for_stored:
            changed = _changed_terms(stored, model)
            if changed:
                raise field_error(changed, TERMS_FIXED)

    # States

    @expose("/move/", methods=["POST"])
    def move_view(self):
        model = self._posted()
        if not self.may_act(model):
            abort(403)
        state = request.form.get("state", "")
        if state not in dict(TASK_STATES):
            flash("Trạng thái không hợp lệ.", "error")
            return self._back(model)
        try:
            model.move_to(state)
            model.save(action="move")
        except ValidationError as exc:
            flash(error_text(exc), "error")
        except StaleRecord:
            flash("Việc vừa được người khác cập nhật: hãy xem lại rồi làm lại.", "error")
        else:
            flash(f"Đã chuyển việc sang trạng thái «{model.state_text}».", "success")
        return self._back(model)
