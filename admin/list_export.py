"""Xuất CSV / XLSX of any registry list: a short list in the request, a long one as a background
job (`exports.list_export`) whose page shows its progress; both write the same table, the rows
as the user sees them with the units above each record named in their own columns."""

import hashlib
import io

from flask import Response, current_app, flash, g, redirect, url_for
from flask_admin import expose
from flask_admin.helpers import get_redirect_target
from pymongo.errors import ExecutionTimeout

from admin import scope
from admin.auth import current_user
from admin.paging import Cursor, fetch_page
from documents import text
from documents.constants import UNIT_KIND_CHOICES, UNIT_KINDS, UNIT_LEVELS, label
from documents.form_definition import REFERENCE_TYPES
from documents.job import Job, TooManyJobs
from documents.unit import Unit
from exports import list_export
from exports.list_export import TYPES, attachment, file_name, setting, sheet_cell


class ListExportMixin:
    """Adds "Xuất CSV" and "Xuất XLSX" to a registry list."""

    # The units above a record named in columns of their own, by level (names repeat from one
    # commune to the next: two "Thôn Khuổi Luông").
    export_unit_levels = ((3, "Xã, phường"), (4, "Thôn, tổ"))

    @expose("/export/<export_type>/")
    def export(self, export_type):
        """The list as a file: at once when short, else a job, whose page the user is sent to."""
        back = get_redirect_target() or self.list_link(".index_view")
        if export_type not in self.export_types or not self.can_export:
            offered = " hoặc ".join(t.upper() for t in self.export_types)
            flash(f"Không xuất được kiểu «{export_type[:20]}»: chỉ xuất {offered}.", "error")
            return redirect(back)
        listed = self.export_listed()
        if self._short(listed):
            return self._export_now(listed, export_type)
        return self._export_later(export_type, back)

    def _short(self, listed):
        """Whether the list has at most EXPORT_INLINE_ROWS rows (a count that takes too long says no)."""
        limit = setting("EXPORT_INLINE_ROWS")
        try:
            found = listed.query._document._get_collection().count_documents(
                listed.query._query, limit=limit + 1, maxTimeMS=current_app.config["LIST_COUNT_MS"]
            )
        except ExecutionTimeout:
            return False
        return found <= limit

    def _export_now(self, listed, export_type):
        name = file_name(self.name, export_type)
        out = io.BytesIO()
        batches = self.export_batches(listed, setting("EXPORT_BATCH_ROWS"))
        list_export.write(export_type, out, self.name, self.export_titles(), batches)
        return Response(
            out.getvalue(), mimetype=TYPES[export_type], headers={"Content-Disposition": attachment(name)}
        )

    def _export_later(self, export_type, back):
        """Queue the export as a job (a second click on the same list joins the first one's)."""
        user = current_user()
        url = self.list_link(".index_view")
        key = hashlib.sha256(f"{user.pk} {export_type} {url}".encode()).hexdigest()
        name = file_name(self.name, export_type)
        try:
            job = Job.enqueue(
                list_export.KIND,
                f"Xuất {self.name} ({export_type.upper()})",
                parameters={"endpoint": self.endpoint, "url": url, "type": export_type, "name": name},
                user=user,
                ancestors=_account_path(user),
                key=f"{list_export.KIND}:{key}",
            )
        except TooManyJobs as exc:
            flash(str(exc), "error")
            return redirect(back)
        flash(
            f"Danh sách có hơn {text.figure(setting('EXPORT_INLINE_ROWS'))} dòng: đang xuất trong nền. "
            "Tệp sẽ có ở trang này khi xong (có thể rời trang rồi quay lại sau, ở mục Công việc).",
            "info",
        )
        return redirect(url_for("job.details_view", id=job.pk))

    # The table, for the request and for the job

    def export_listed(self):
        """The list as the request's address says it (sort, search, filters), in its scope."""
        args = self._get_list_extra_args()
        sort = self._get_column_by_idx(args.sort)
        return self.list_query(sort[0] if sort else None, args.sort_desc, args.search, args.filters)

    def export_count(self, listed):
        return listed.query._document._get_collection().count_documents(listed.query._query)

    def export_titles(self):
        titles = [title for _, title in self.export_unit_levels]
        return [sheet_cell(str(t)) for t in [*titles, *(label for _, label in self._export_columns)]]

    def export_batches(self, listed, size):
        """The list's rows as cells, `size` rows at a time, in the list's order. Each batch is one
        keyset query (as pages are read), one per collection its rows refer to, and one for the
        units above them: memory holds a batch, whatever the list's length."""
        columns = [name for name, _ in self._export_columns]
        definition = self.definition()
        references = [f for f in definition.fields if f.type in REFERENCE_TYPES] if definition else []
        # The words search reads are never written out: not loaded (a third of a record's reading).
        query = listed.query.exclude("search_terms", "search_exact")
        cursor = None
        while True:
            page = fetch_page(
                query,
                listed.sort_field,
                listed.db_field,
                listed.desc,
                size,
                phases=listed.phases,
                after=cursor,
            )
            if not page.rows:
                return
            rows = self.load_references(page.rows)
            if references:
                self._names(references, [row.values for row in rows])
            paths = [row.scope_path() for row in rows]
            places = self._export_places(paths)
            yield [
                [
                    *self._export_path(path, places),
                    *(sheet_cell(self.get_export_value(row, n)) for n in columns),
                ]
                for row, path in zip(rows, paths, strict=True)
            ]
            self._export_forget()
            if not page.has_next:
                return
            cursor = Cursor.decode(page.next_cursor, len(listed.phases))

    def _export_places(self, paths):
        """{unit id: (level, name)} of the units at `export_unit_levels` on the rows' unit paths:
        one query."""
        kinds = [kind for kind, _, level in UNIT_KINDS if level in dict(self.export_unit_levels)]
        ids = {pk for path in paths for pk in path}
        found = Unit._get_collection().find(
            {"_id": {"$in": list(ids)}, "kind": {"$in": kinds}}, projection={"kind": 1, "name": 1}
        )
        return {
            u["_id"]: (UNIT_LEVELS[u["kind"]], f"{label(UNIT_KIND_CHOICES, u['kind'])} {u['name']}")
            for u in found
        }

    def _export_path(self, path, places):
        named = dict(places[pk] for pk in path if pk in places)
        return [sheet_cell(named.get(level, "")) for level, _ in self.export_unit_levels]

    def _export_forget(self):
        """Drop what a batch cached for the request (names of referenced records)."""
        g.pop("record_names", None)


def _account_path(user):
    """The unit path a job of `user` is scoped by: their unit's, or none for an admin."""
    if user.is_admin:
        return []
    unit_id = scope.scope_unit_id(user)
    unit = Unit.objects(pk=unit_id).first() if unit_id else None
    return unit.scope_path() if unit else []
