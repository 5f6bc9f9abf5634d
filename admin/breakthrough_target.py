"""Targets and check-ins on a record's page, for any view of records with the target rules of
breakthrough tasks (`documents.breakthrough_target.Measured`: tasks, models and work items): the
check-in route, its refused form kept with each message at its field, the history's words for a
check-in, and the charts of each target's series. The view says who may check in
(`may_check_in`) and why a record takes none (`check_in_closed`)."""

from flask import abort, flash, g, redirect, request
from flask_admin import expose
from mongoengine.errors import ValidationError

from admin import scope
from admin.auth import current_user
from admin.forms import NumberField, SubForm, TokenForm, error_text
from documents import text
from documents.base import StaleRecord
from documents.breakthrough_target import QUALITATIVE_LEVELS, CheckIn
from documents.form_definition import read_day
from exports import chart

TARGET_COLUMNS = [
    *("indicator", "measure", "direction", "baseline", "target", "weight"),
    *("level_1", "level_2", "level_3"),
]
# The targets' rows on a form (`form_subdocuments["targets"]` of a view).
TARGETS_FORM = {
    "form_subdocuments": {
        None: {
            "form_base_class": SubForm,
            "form_columns": TARGET_COLUMNS,
            "form_overrides": {"baseline": NumberField, "target": NumberField, "weight": NumberField},
        }
    }
}


def check_in_text(check_in, targets):
    """A check-in in words, each reading under its target's indicator and measure."""
    readings = []
    for reading in check_in.readings:
        target = targets.get(reading.key)
        shown = target.shown(reading.value) if target else text.figure(reading.value)
        readings.append(f"{target.indicator if target else reading.key} {shown}")
    comment = f" — {check_in.comment}" if check_in.comment else ""
    day = f"{check_in.day:%d/%m/%Y}" if check_in.day else ""
    return f"{day}: {'; '.join(readings) or 'không số liệu'}{comment} ({check_in.by or 'không rõ'})"


class CheckInMixin:
    check_in_stale = "Hồ sơ vừa được người khác cập nhật: hãy xem lại rồi ghi tiến độ lần nữa."

    def may_check_in(self, model):
        return bool(self.can_edit) and scope.sees_loaded(model)

    def check_in_closed(self, model):
        """Why `model` takes no check-in now (the account may edit it), in Vietnamese."""
        return "Hồ sơ này không ghi tiến độ được nữa."

    def charts(self, model):
        """A small chart of each measured target's check-in series, its target drawn across it
        (the same SVG a document prints: `exports.chart`)."""
        drawn = []
        for target in model.targets:
            series = model.series(target.key)
            if series and target.direction != "qualitative":
                drawn.append(
                    chart.line(series, title=target.indicator, unit=target.measure, target=target.target)
                )
        return drawn

    def _change(self, model, name, before, after, had_before, names):
        """A check-in's entry names only the check-ins it adds (or takes away), each target by
        its indicator: "31/12/2022: Tỷ lệ tuyển quân 87 % — Cuối năm (xa)"."""
        if name != "check_ins":
            return super()._change(model, name, before, after, had_before, names)
        before, after = before or [], after or []
        targets = {t.key: t for t in model.targets}

        def read(rows):
            return "; ".join(check_in_text(CheckIn._from_son(row), targets) for row in rows) or None

        gone, added = [r for r in before if r not in after], [r for r in after if r not in before]
        return self.column_labels.get(name, name), read(gone), read(added) or "(không)"

    @expose("/check_in/", methods=["POST"])
    def check_in_view(self):
        """Record a check-in; refused, the record's page comes back with each message at its field
        and what was typed kept (`check_in_typed`)."""
        model = self._posted()
        if not self.may_check_in(model):
            if not scope.sees_loaded(model) or not self.can_edit:
                abort(403)
            flash(self.check_in_closed(model), "error")
            return self._back(model)
        errors = {}
        try:
            day = read_day(request.form.get("day", "")).date()
        except ValueError as exc:
            day, errors["day"] = None, str(exc)
        values = {}
        for target in model.targets:
            name = f"actual-{target.key}"
            typed = (request.form.get(name) or "").strip()
            if not typed:
                continue
            try:
                values[target.key] = float(text.parse_number(typed)) + 0.0  # "-0" is 0
            except ValueError:
                errors[name] = f"«{typed[:40]}» không phải là số."
                continue
            problem = target.check_value(values[target.key])
            if problem:
                errors[name] = problem
        if errors:
            return self._check_in_refused(errors)
        try:
            model.add_check_in(day, values, request.form.get("comment", "")[:2000], current_user().username)
            model.save(action="check_in")
        except ValidationError as exc:
            at_day = "day" in (exc.errors or {})  # the day out of range; else what was reported
            return self._check_in_refused({"day" if at_day else "comment": error_text(exc)})
        except StaleRecord:
            flash(self.check_in_stale, "error")
        else:
            flash(
                f"Đã ghi tiến độ ngày {day:%d/%m/%Y}; mức đạt hiện nay: {model.achievement_text}.", "success"
            )
        return self._back(model)

    def _check_in_refused(self, errors):
        g.check_in = {"typed": request.form.to_dict(), "errors": errors}
        flash("Chưa ghi được tiến độ: hãy sửa các ô có thông báo lỗi.", "error")
        return self.details_view()

    def check_in_typed(self):
        """(typed, errors) of a refused check-in, for the form to show again; empty otherwise."""
        refused = g.get("check_in") or {}
        return refused.get("typed", {}), refused.get("errors", {})

    def _posted(self):
        """The record a POST acts on: in the account's scope (else 404), the form genuine."""
        model = self.get_one(request.args.get("id"))
        form = TokenForm(request.form)
        if not form.validate():
            flash(" ".join(form.csrf_token.errors), "error")
            abort(self._back(model))
        return model

    def _back(self, model):
        return redirect(self.get_url(".details_view", id=model.pk))

    figure = staticmethod(text.figure)

    def level_choices(self, target):
        return [(k, target.levels[k - 1]) for k in range(1, QUALITATIVE_LEVELS + 1)]
