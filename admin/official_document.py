"""The issuance register in the console: drafts made, previewed and issued; issued documents
downloaded byte for byte, withdrawn or replaced, never edited."""

import io
import json

from flask import abort, flash, redirect, request, send_file, url_for
from flask_admin import expose
from flask_admin.contrib.mongoengine.filters import FilterEqual
from mongoengine.errors import ValidationError
from pymongo.errors import PyMongoError
from wtforms import TextAreaField

from admin import scope
from admin.auth import current_user
from admin.base import RegistryView, SearchLoader
from admin.filters import UnderUnitFilter
from admin.formatters import file_size, reference_link
from admin.forms import LinesField, TokenForm, error_text
from admin.official_document_parameters import (
    KIND_PARAMETERS,
    PARAMETER_FIELDS,
    PERSON_PICKER,
    described,
    fill,
    read_into,
)
from documents import text
from documents.base import StaleRecord
from documents.constants import DOCUMENT_KINDS, DOCUMENT_STATUSES, DOCUMENT_TYPES
from documents.issuing_body import IssuingBody
from documents.job import Job, TooManyJobs
from documents.official_document import NotDraft, OfficialDocument
from documents.unit import Unit
from exports import document_job, parameters
from exports import official_document as printing
from exports.list_export import attachment

REFUSED_EDIT = "Văn bản đã vào sổ không sửa được: hãy thu hồi, hoặc lập văn bản thay thế."
REFUSED_RESTORE = (
    "Văn bản đã vào sổ không khôi phục về phiên bản cũ được: số, dữ liệu đã chốt và bản PDF "
    "giữ nguyên. Hãy thu hồi, hoặc lập văn bản thay thế."
)
OTHER_BODY = "Văn bản của cơ quan ban hành ngoài phạm vi tài khoản của bạn: chỉ được xem và tải về."


def _symbol(view, context, model, name):
    return model.symbol or "(dự thảo)"


def _status(view, context, model, name):
    return dict(DOCUMENT_STATUSES).get(model.status, model.status)


def _offer_kinds(form, kept):
    """The form's kinds without those made from a list, but for `kept` (the draft's own)."""
    form.kind.choices = [c for c in form.kind.choices if c[0] == kept or not printing.made_from_a_list(c[0])]
    return form


class OfficialDocumentView(RegistryView):
    count_noun = "văn bản"
    column_list = ["symbol", "issued_on", "document_type", "summary", "body", "status", "issued_by"]
    column_labels = {"symbol": "Số, ký hiệu"}
    column_sortable_list = ["issued_on", ("summary", "sort_name"), "created_at"]
    column_filters = [
        UnderUnitFilter(),
        FilterEqual("status", "Trạng thái", options=DOCUMENT_STATUSES),
        FilterEqual("document_type", "Thể loại", options=DOCUMENT_TYPES),
        FilterEqual("kind", "Loại văn bản in", options=DOCUMENT_KINDS),
    ]
    column_formatters = {"status": _status, "symbol": _symbol, "body": reference_link("issuing_body")}
    column_formatters_detail = {
        "size": lambda v, c, m, n: file_size(m.size) if m.size else "",
        "parameters": described,
    }
    default_sort = "created_at"
    default_sort_desc = True  # the newest first
    place_field = "unit"
    list_template = "admin/official_document/list.html"
    create_template = "admin/official_document/create.html"
    edit_template = "admin/official_document/edit.html"
    details_template = "admin/official_document/details.html"
    history_hidden = ("sequence", "pdf_file", "version")

    form_columns = [
        *("kind", "body", "unit", *PARAMETER_FIELDS),
        *("document_type", "summary", "opening", "recipients"),
    ]
    column_details_list = [
        *("symbol", "status", "issued_on", "issued_by", "kind", "body", "unit", "parameters"),
        *("document_type", "summary"),
        *("opening", "recipients", "sha256", "size", "replaces", "replaced_by", "withdrawn_reason"),
        *("created_at", "updated_at"),
    ]
    form_overrides = {"recipients": LinesField, "opening": TextAreaField}
    form_args = {
        # The types each kind may be issued as, read by official_document.js to follow the kind.
        # And the parameters each kind takes, whose inputs it shows (`KIND_PARAMETERS`).
        "kind": {
            "render_kw": {
                "data-kind-types": json.dumps({k: printing.document_types(k) for k in printing.KINDS}),
                "data-kind-parameters": json.dumps(KIND_PARAMETERS),
                "data-parameter-names": json.dumps(list(PARAMETER_FIELDS)),
            }
        },
        "summary": {"description": "Để trống để dùng trích yếu mặc định của loại văn bản."},
        "opening": {
            "description": "Mỗi dòng một đoạn, in trước nội dung do hệ thống lập.",
            "render_kw": {"rows": 4},
        },
        "recipients": {
            "description": "Mỗi dòng một nơi nhận; để trống để dùng nơi nhận mặc định.",
            "render_kw": {"rows": 3},
        },
    }
    form_extra_fields = PARAMETER_FIELDS
    form_ajax_refs = {
        "unit": SearchLoader("unit", Unit),
        "body": SearchLoader("body", IssuingBody),
        "person": PERSON_PICKER,
    }

    @expose("/edit/", methods=("GET", "POST"))
    def edit_view(self):
        """Only a draft can be edited; an issued document's page says why."""
        model = self.get_one(request.args.get("id"))
        if model.status != "draft" or not self.may_act(model):
            flash(REFUSED_EDIT if model.status != "draft" else OTHER_BODY, "error")
            return redirect(self.get_url(".details_view", id=model.pk))
        return super().edit_view()

    # A kind made by a list's «In văn bản» button is not offered here; a draft of it still edits.

    def create_form(self, obj=None):
        return _offer_kinds(super().create_form(obj), None)

    def edit_form(self, obj=None):
        form = _offer_kinds(super().edit_form(obj), obj.kind if obj else None)
        if obj is not None and request.method == "GET":
            fill(form, obj)
        return form

    def on_model_change(self, form, model, is_created):
        super().on_model_change(form, model, is_created)
        if printing.made_from_a_list(model.kind) and "table" not in (model.parameters or {}):
            message = "Bảng in từ danh sách được lập bằng nút «In văn bản» trên trang danh sách cần in."
            raise ValidationError(message, errors={"kind": ValidationError(message)})
        if model.kind in printing.KINDS:
            allowed = printing.document_types(model.kind)
            if model.document_type not in allowed and form.document_type.data == form.document_type.default:
                model.document_type = allowed[0]  # the type left as the form offers it: the kind's own
            printing.check_type(model)
        previous = parameters.stored(model.parameters)
        if model.kind in printing.KINDS:
            read_into(form, model)
        if model.kind in printing.KINDS and model.unit is not None and model.body is not None:
            model.summary = printing.default_summary(
                model.kind, model.unit, model.document_type, model.summary, model.parameters, previous
            )
            model.recipients = model.recipients or printing.default_recipients(model.body)

    def get_save_return_url(self, model, is_created=False):
        return self.get_url(".details_view", id=model.pk)  # where the draft is previewed and issued

    def delete_model(self, model):
        if model.status != "draft":
            flash("Văn bản đã vào sổ (có số) không xóa được; hãy thu hồi nếu cần.", "error")
            return False
        if not self.may_act(model):
            flash(OTHER_BODY, "error")
            return False
        return super().delete_model(model)

    @expose("/restore/", methods=["POST"])
    def restore_view(self):
        """Only a draft goes back to an earlier version: an entry in the register keeps its number,
        its frozen data and its PDF (`documents.official_document.OfficialDocument.save` holds too)."""
        user = current_user()
        if user is None or not user.is_admin:
            abort(403)
        model = self.get_one(request.args.get("id"))
        if model.status != "draft":
            flash(REFUSED_RESTORE, "error")
            return redirect(self.get_url(".details_view", id=model.pk))
        return super().restore_view()

    def files_changeable(self, model):
        return model.status == "draft" and self.may_act(model)

    @expose("/attachment/upload/", methods=["POST"])
    def attachment_upload_view(self):
        return self._refuse_registered() or super().attachment_upload_view()

    @expose("/attachment/remove/", methods=["POST"])
    def attachment_remove_view(self):
        return self._refuse_registered() or super().attachment_remove_view()

    def _refuse_registered(self):
        """A redirect with the reason when the document is in the register (its files stay as issued)."""
        model = self.get_one(request.args.get("id"))
        if model.status == "draft":
            return None
        flash(
            "Văn bản đã vào sổ giữ nguyên các tệp đính kèm như khi ban hành: không thêm, không gỡ được.",
            "error",
        )
        return redirect(self.get_url(".details_view", id=model.pk))

    def _shown(self, name, value, names):
        if name == "size" and isinstance(value, int):
            return file_size(value)  # as the page shows it: "78 KB", not "79880"
        if name == "parameters" and isinstance(value, dict) and parameters.stored(value):
            return "; ".join(f"{label}: {shown}" for label, shown in parameters.described(value))
        return super()._shown(name, value, names)

    def history_rows(self, model):
        rows = super().history_rows(model)
        if model.status != "draft":
            for row in rows:
                row.restorable = False
        return rows

    # Printing, issuing, withdrawing.

    @expose("/preview/", methods=("GET", "POST"))
    def preview_view(self):
        """A draft printed from the data as it is now (no number, marked DỰ THẢO). A long one is
        printed by a worker: asked for by the details page's form (a POST, since it makes a job),
        never printed by a plain GET."""
        model = self.get_one(request.args.get("id"))
        if model.status != "draft":
            return redirect(self.get_url(".pdf_view", id=model.pk))
        details = self.get_url(".details_view", id=model.pk)
        if request.method == "POST":
            form = TokenForm(request.form)
            if not form.validate():
                flash(" ".join(form.csrf_token.errors), "error")
                return redirect(details)
        if not document_job.in_background(model):
            try:
                return _pdf(printing.preview(model), f"du-thao-{model.pk}.pdf", inline=True)
            except ValidationError as exc:  # its parameters no longer hold (`printing.snapshot`)
                flash(f"Chưa in thử được: {error_text(exc)}", "error")
                return redirect(details)
        if request.method == "GET":
            flash(
                f"Dự thảo dài ({text.figure(document_job.rows(model))} dòng) được in thử trong nền: hãy "
                "bấm «Xem bản in thử» trên trang này.",
                "info",
            )
            return redirect(details)
        try:
            job = document_job.enqueue_preview(model, current_user())
        except TooManyJobs as exc:
            flash(str(exc), "error")
            return redirect(details)
        flash("Đang in thử dự thảo trong nền: bản PDF có ở trang này khi in xong.", "success")
        return redirect(url_for("job.details_view", id=job.pk))

    @expose("/pdf/")
    def pdf_view(self):
        """The issued PDF, exactly the bytes stored when it was issued."""
        model = self.get_one(request.args.get("id"))
        data = model.pdf()
        if data is None:
            abort(404)
        return _pdf(data, f"{model.symbol.removeprefix('Số: ').removeprefix('Số ').replace('/', '-')}.pdf")

    @expose("/issue/", methods=["POST"])
    def issue_view(self):
        """Issue a draft, or finish ("In lại") an entry numbered but not stored. A long document
        takes its number here and is printed and stored by a job (`exports.document_job`)."""
        model = self._changing()
        details = self.get_url(".details_view", id=model.pk)
        try:
            if model.status == "issuing":
                if document_job.issue_job(model) is not None or document_job.in_background(model):
                    return self._issued_in_background(model, "Đang in lại từ dữ liệu đã chốt")
                printing.finish(model)
            elif model.status == "draft" and document_job.in_background(model):
                document_job.take_number(model)
                said = f"Đã lấy số {model.number_text}; bản PDF đang được in"
                return self._issued_in_background(model, said)
            else:
                printing.issue(model)
        except NotDraft:
            model.reload()
            flash(model.state_line(), "error")
        except StaleRecord:
            flash("Văn bản vừa được người khác sửa: hãy xem lại rồi ban hành.", "error")
        except ValidationError as exc:
            flash(f"Chưa ban hành được: {error_text(exc)}", "error")
        else:
            flash(f"Đã ban hành và vào sổ: {model.symbol}.", "success")
        return redirect(details)

    def _issued_in_background(self, model, said):
        """The job finishing the numbered `model` (new, or the one already at it), and its page
        (the document's when the job is another account's)."""
        try:
            job = document_job.enqueue_issue(model, current_user())
        except PyMongoError:  # the entry stays numbered: a worker's housekeeping gives it a job
            flash(f"{said}; hệ thống sẽ tự in tiếp trong ít phút, hãy xem lại trang này sau.", "info")
            return redirect(self.get_url(".details_view", id=model.pk))
        flash(f"{said} trong nền: văn bản vào sổ khi in xong (không cần ở lại trang này).", "success")
        if self.sees_job(job):
            return redirect(url_for("job.details_view", id=job.pk))
        return redirect(self.get_url(".details_view", id=model.pk))

    # What the details page shows of printing in the background.

    def prints_in_background(self, model):
        return document_job.in_background(model)

    def issue_job(self, model):
        return document_job.issue_job(model) if model.status == "issuing" else None

    def preview_job(self, model):
        user = current_user()
        return document_job.preview_job(model, user) if model.status == "draft" and user else None

    def sees_job(self, job):
        """Whether the account may open `job`'s page (its own, or an admin's view of all)."""
        return bool(scope.visible_jobs(Job.objects(pk=job.pk)).count())

    @expose("/withdraw/", methods=["POST"])
    def withdraw_view(self):
        model = self._changing()
        try:
            model.withdraw(request.form.get("reason", ""))
        except NotDraft:
            model.reload()
            flash(f"{model.state_line()} Chỉ thu hồi được văn bản đang có hiệu lực.", "error")
        except StaleRecord:
            flash("Chỉ thu hồi được văn bản đang có hiệu lực; hãy tải lại trang.", "error")
        except ValidationError as exc:
            flash(f"Chưa thu hồi được: {error_text(exc)}", "error")
        else:
            flash(f"Đã thu hồi văn bản {model.symbol}. Số vẫn giữ trong sổ.", "success")
        return redirect(self.get_url(".details_view", id=model.pk))

    @expose("/replace/", methods=["POST"])
    def replace_view(self):
        """A new draft that, once issued, replaces this document (which keeps its number)."""
        model = self._changing()
        if model.status != "issued":
            flash("Chỉ lập văn bản thay thế cho văn bản đang có hiệu lực.", "error")
            return redirect(self.get_url(".details_view", id=model.pk))
        pending = OfficialDocument.objects(replaces=model, status="draft").first()
        if pending is not None:
            flash("Đã có một dự thảo thay thế văn bản này: sửa và ban hành dự thảo đó.", "error")
            return redirect(self.get_url(".details_view", id=pending.pk))
        draft = printing.new_draft(
            model.kind,
            model.body,
            model.unit,
            summary=model.summary,
            opening=model.opening,
            recipients=list(model.recipients),
            parameters=dict(model.parameters),
            replaces=model,
        )
        draft.document_type = model.document_type
        draft.save()
        flash(
            f"Đã lập dự thảo thay thế {model.symbol}: sửa rồi ban hành; văn bản cũ chuyển trạng thái khi đó.",
            "success",
        )
        return redirect(self.get_url(".edit_view", id=draft.pk))

    def may_act(self, model):
        """Whether the account may issue, withdraw or replace `model`: it writes, and the issuing
        body is within its scope (a commune editor sees the district's documents about the commune,
        but does not act in the district committee's name)."""
        return bool(self.can_edit) and scope.sees_loaded(model.body)

    def _changing(self):
        """The document a POST acts on, once the account may act on it and the form is genuine."""
        model = self.get_one(request.args.get("id"))
        if not self.may_act(model):
            abort(403)
        form = TokenForm(request.form)
        if not form.validate():
            flash(" ".join(form.csrf_token.errors), "error")
            abort(redirect(self.get_url(".details_view", id=model.pk)))
        return model


def _pdf(data, filename, inline=False):
    """The PDF, named with its Vietnamese letters and, for older clients, in plain ones with Đ as D
    ("01-BC-DU.pdf": werkzeug's own plain name drops the letter)."""
    response = send_file(io.BytesIO(data), "application/pdf")
    disposition = attachment(filename)
    response.headers["Content-Disposition"] = (
        disposition.replace("attachment;", "inline;", 1) if inline else disposition
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
