"""Công việc: the account's background jobs (an admin's: everyone's), their progress, result and
error; a queued or running one can be cancelled. Jobs and their files are scoped like the records
they concern (`scope.visible_jobs`): an id outside it is answered like an unknown one."""

from bson import ObjectId
from flask import abort, flash, jsonify, redirect, request, send_file, url_for
from flask_admin import BaseView, expose

from admin import scope
from admin.auth import current_user
from admin.base import SecureMixin
from admin.formatters import file_size
from admin.forms import TokenForm
from documents.job import Job
from exports.list_export import attachment

LISTED = 100
# The types a job's file is served as; anything else goes out as bytes to save.
SERVED_TYPES = {
    "application/pdf",
    "text/csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

NOT_CANCELLABLE = "Công việc này không hủy được: nó hoàn tất một việc đã bắt đầu (một văn bản đã lấy số)."


class JobView(SecureMixin, BaseView):
    @expose("/")
    def index(self):
        jobs = list(scope.visible_jobs(Job.objects(parent=None)).order_by("-created_at").limit(LISTED))
        return self.render(
            "admin/job/list.html", jobs=jobs, listed=LISTED, user=current_user(), result_link=result_link
        )

    @expose("/details/")
    def details_view(self):
        job = self._job()
        return self.render("admin/job/details.html", job=job, user=current_user(), result_link=result_link)

    @expose("/status/")
    def status_view(self):
        """The job's progress as JSON, read by job.js every second while the job runs."""
        job = self._job()
        return jsonify(status(job))

    @expose("/file/")
    def file_view(self):
        """The job's file, with its Vietnamese name (`filename*`); a PDF may open in the browser."""
        job = self._job()
        stream = job.file() if job.state == "done" else None
        if stream is None:
            flash(missing_file(job), "error")
            return redirect(self.get_url(".details_view", id=job.pk))
        kind = job.result_type if job.result_type in SERVED_TYPES else "application/octet-stream"
        inline = kind == "application/pdf" and request.args.get("inline") == "1"
        response = send_file(stream, kind, conditional=False, etag=False, max_age=0)
        disposition = attachment(job.result_name or "tep")
        response.headers["Content-Disposition"] = (
            disposition.replace("attachment", "inline", 1) if inline else disposition
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "private, no-store"
        return response

    @expose("/cancel/", methods=["POST"])
    def cancel_view(self):
        job = self._job()
        form = TokenForm(request.form)
        if not form.validate():
            flash(" ".join(form.csrf_token.errors), "error")
        elif not job.cancellable:
            flash(
                "Công việc này không hủy được: nó hoàn tất một việc đã bắt đầu (một văn bản đã lấy số).",
                "error",
            )
        elif job.cancel():
            flash("Đã hủy công việc." if job.state == "cancelled" else "Đang dừng công việc...", "success")
        else:
            flash(f"Công việc đã kết thúc ({job.state_name.lower()}): không còn gì để hủy.", "error")
        return redirect(self.get_url(".details_view", id=job.pk))

    def _job(self):
        """The job named by `?id=`, if the account may see it; 404 otherwise, naming nothing."""
        raw = request.args.get("id", "")
        if not ObjectId.is_valid(raw):
            abort(404)
        job = scope.visible_jobs(Job.objects(pk=ObjectId(raw))).first()
        if job is None:
            abort(404)
        return job


def missing_file(job):
    """Why the job has no file to give."""
    if job.state == "done":
        return "Tệp của công việc này không còn: đã quá thời hạn lưu. Hãy làm lại công việc."
    if job.active:
        return "Công việc chưa xong: tệp có ở trang này khi xong."
    return f"Công việc {job.state_name.lower()}: không có tệp."


def status(job):
    """What the progress bar shows."""
    return {
        "state": job.state,
        "state_name": job.state_name,
        "active": job.active,
        "percent": job.percent,
        "done": job.done,
        "total": job.total,
        "line": job.progress_line(),
        "error": job.error if job.state == "failed" else None,
    }


def job_url(job):
    return url_for("job.details_view", id=job.pk)


def result_link(job):
    """(label, url) of what a finished job made: its file, or the record it finished."""
    if job.state != "done":
        return None
    if job.result_file is not None:
        return (
            f"Tải {job.result_name} ({file_size(job.result_size or 0)})",
            url_for("job.file_view", id=job.pk),
        )
    record = job.result_record or {}
    if record.get("view") and record.get("id"):
        return ("Mở hồ sơ", url_for(f"{record['view']}.details_view", id=record["id"]))
    return None
