"""Attachments on a record's page: upload, download and removal, all through the scoped record."""

from flask import abort, flash, redirect, request, send_file
from flask_admin import expose
from mongoengine import ValidationError
from werkzeug.datastructures import CombinedMultiDict
from wtforms import FileField

from admin import scope
from admin.forms import ConsoleForm, error_text
from documents import attachment
from documents.base import StaleRecord


class AttachmentForm(ConsoleForm):
    file = FileField("Tệp")


class AttachmentMixin:
    """Adds files to every registry view; the record is always read through the view's scoped `get_one`."""

    @expose("/attachment/")
    def attachment_view(self):
        model = self.get_one(request.args.get("id"))
        entry = _entry(model, request.args.get("file"))
        stored = attachment.open_file(entry)
        if stored is None:
            abort(404)
        response = send_file(
            stored,
            mimetype=attachment.served_type(entry.name),
            as_attachment=True,
            download_name=entry.name,
            etag=entry.sha256,
            max_age=0,
        )
        # Never rendered on the console's origin, whatever the bytes are.
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response.headers["Cache-Control"] = "private, no-store"
        return response

    def files_changeable(self, model):
        """Whether the record page offers to upload and remove files (the routes check again)."""
        return bool(self.can_edit)

    @expose("/attachment/upload/", methods=["POST"])
    def attachment_upload_view(self):
        model, details = self._writable_record()
        form = AttachmentForm(CombinedMultiDict([request.files, request.form]))
        upload = request.files.get("file")
        if not form.validate():
            flash(" ".join(form.csrf_token.errors) or "Chưa tải lên được.", "error")
        elif upload is None or not upload.filename:
            flash("Chưa tải lên được: hãy chọn một tệp.", "error")
        else:
            try:
                entry = attachment.attach(model, upload.read(), upload.filename)
            except ValidationError as exc:
                flash(f"Chưa tải lên được: {error_text(exc)}", "error")
            except StaleRecord:
                flash(
                    "Chưa tải lên được: hồ sơ vừa được người khác sửa. Hãy tải lại trang rồi thử lại.",
                    "error",
                )
            else:
                flash(f"Đã đính kèm tệp «{entry.name}».", "success")
        return redirect(details)

    @expose("/attachment/remove/", methods=["POST"])
    def attachment_remove_view(self):
        model, details = self._writable_record()
        entry = _entry(model, request.args.get("file"))
        form = AttachmentForm(request.form)
        if not form.validate():
            flash(" ".join(form.csrf_token.errors), "error")
            return redirect(details)
        try:
            attachment.detach(model, entry)
        except StaleRecord:
            flash("Chưa gỡ được: hồ sơ vừa được người khác sửa. Hãy tải lại trang và thử lại.", "error")
        except ValidationError as exc:
            flash(f"Chưa gỡ được: {error_text(exc)}", "error")
        else:
            flash(f"Đã gỡ tệp «{entry.name}» (vẫn khôi phục được từ lịch sử thay đổi).", "success")
        return redirect(details)

    def _writable_record(self):
        model = self.get_one(request.args.get("id"))
        if not self.can_edit or not scope.may_keep(model):
            abort(403)
        return model, self.get_url(".details_view", id=model.pk)


def _entry(model, file_id):
    entry = next((a for a in model.attachments if str(a.file_id) == file_id), None)
    if entry is None:
        abort(404)
    return entry
