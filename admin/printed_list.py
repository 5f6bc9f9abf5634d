"""Any list, filtered and searched as the user sees it, printed as an official table: the user picks
the columns (defined fields included), the issuing body and whether the table stands alone as a
list (Danh sách) or is an annex (Phụ lục) under a short covering text; the console makes a draft
in the issuance register, previewed and issued like any other document."""

import datetime

from bson import ObjectId
from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from markupsafe import Markup
from mongoengine import ValidationError

from admin import scope
from admin.defined_fields import PREFIX
from admin.filters import UnderUnitFilter
from admin.forms import TokenForm
from documents import text
from documents.issuing_body import IssuingBody
from documents.official_document import OfficialDocument
from documents.unit import Unit
from exports.document_job import setting
from exports.official_document import new_draft

TOO_LONG = (
    "Danh sách có hơn {rows} dòng, quá nhiều để in: hãy lọc bớt rồi in lại (xuất Excel thì không giới "
    "hạn này)."
)
SUMMARY_MAX = OfficialDocument.summary.max_length
UNKNOWN_UNIT = "(không có đơn vị này)"
LAYOUTS = (("danh_sach", "Danh sách (văn bản riêng)"), ("phu_luc", "Phụ lục kèm theo một văn bản ngắn"))


class PrintedListMixin:
    """Adds "In văn bản" to a registry list."""

    @expose("/print/", methods=("GET", "POST"))
    def print_view(self):
        if not self.can_create:
            abort(403)
        columns = self._export_columns
        bodies = list(scope.visible(IssuingBody.objects).order_by("sort_name").limit(100))
        form = TokenForm(request.form)
        if request.method == "POST":
            known = {name for name, _ in columns}
            picked = [name for name in request.form.getlist("column") if name in known]
            problems = self._print_problems(form, bodies, picked)
            rows = listed_rows(self) if not problems else []
            if len(rows) > print_max_rows():
                problems["rows"] = TOO_LONG.format(rows=text.figure(print_max_rows()))
            elif not problems and not rows:
                problems["rows"] = "Danh sách đang xem không có dòng nào để in: hãy bỏ bớt bộ lọc."
            if not problems:
                try:
                    return self._printed_draft(
                        bodies, [(n, label) for n, label in columns if n in picked], rows
                    )
                except ValidationError as exc:  # a rule of the register's entry: said at its field
                    problems = _draft_problems(exc)
        else:
            shown = {name for name, _ in self._list_columns}
            picked, problems = [n for n, _ in columns if n in shown], {}
        return self.render(
            "admin/printed_list.html",
            columns=columns,
            picked=set(picked),
            bodies=bodies,
            layouts=LAYOUTS,
            list_url=self.list_link(".index_view"),
            problems=problems,
            form=form,
            summary=request.form.get("summary", str(self.name).lower()),
            filters=describe_filters(self),
            max_rows=text.figure(print_max_rows()),
        )

    def _print_problems(self, form, bodies, picked):
        """What is wrong with the print form, by field."""
        problems = {}
        if not form.validate():
            problems["csrf"] = " ".join(form.csrf_token.errors)
        if not any(str(b.pk) == request.form.get("body") for b in bodies):
            problems["body"] = "Hãy chọn cơ quan ban hành."
        if not picked:
            problems["column"] = "Hãy chọn ít nhất một cột."
        if request.form.get("layout") not in dict(LAYOUTS):
            problems["layout"] = "Hãy chọn cách in."
        summary = _typed_summary()
        if text.looks_blank(summary):
            problems["summary"] = "Hãy ghi trích yếu (tên danh sách)."
        elif len(summary) > SUMMARY_MAX:
            length = f"{text.figure(len(summary))} ký tự, quá {text.figure(SUMMARY_MAX)} ký tự"
            problems["summary"] = f"Trích yếu dài {length}: hãy viết gọn lại."
        return problems

    def _printed_draft(self, bodies, columns, rows):
        """A draft in the register holding the list's rows, then its page."""
        body = next(b for b in bodies if str(b.pk) == request.form.get("body"))
        layout, summary = request.form["layout"], _typed_summary()
        table = printed_table(self, rows, columns)
        parameters = {
            "layout": layout,
            "title": summary,
            "list_name": str(self.name),
            "filters": describe_filters(self),
            "table": table,
        }
        document_type = "DS" if layout == "danh_sach" else "BC"
        draft = new_draft(
            "bang_danh_sach",
            body,
            body.unit,
            summary=summary,
            document_type=document_type,
            parameters=parameters,
        )
        draft.save()
        flash(
            f"Đã lập dự thảo từ danh sách ({text.figure(len(rows))} dòng): xem bản in thử, rồi ban hành "
            "khi đúng.",
            "success",
        )
        return redirect(url_for("official_document.details_view", id=draft.pk))


def _typed_summary():
    """The summary typed in the print form, on one line, without control characters (NUL...)."""
    return " ".join(text.without_controls(request.form.get("summary", "")).split())


def _draft_problems(exc):
    """A draft's refusal by field of the print form (the summary, the body), the rest above it."""
    problems = {}
    for name, error in (exc.errors or {"rows": exc}).items():
        problems[name if name in ("summary", "body") else "rows"] = getattr(error, "message", str(error))
    return problems


def print_max_rows():
    """A printed list is for reading: beyond this many rows (setting `PRINT_MAX_ROWS`), filter
    first (exports take more). A long one is printed by a worker (`exports.document_job`)."""
    return setting("PRINT_MAX_ROWS")


def listed_rows(view):
    """The list's rows as the user sees them (their scope, search, filters and sort), one more than
    can be printed so a list too long is noticed."""
    args = view._get_list_extra_args()
    sort = view._get_column_by_idx(args.sort)
    _, rows = view.get_list(
        0,
        sort[0] if sort else None,
        args.sort_desc,
        args.search,
        args.filters,
        page_size=print_max_rows() + 1,
    )
    return rows


def printed_table(view, rows, columns):
    """The rows as the list shows them, as text (numbers the Vietnamese way), led by "STT"."""
    years = [_is_year(view, name, label) for name, label in columns]
    values = [[view.get_export_value(row, name) for name, _ in columns] for row in rows]
    cells = [[_text(value, year) for value, year in zip(row, years, strict=True)] for row in values]
    numeric = [
        n + 1
        for n, year in enumerate(years)
        if not year and values and all(isinstance(row[n], (int, float)) for row in values[:50])
    ]
    titles = ["STT", *(str(label) for _, label in columns)]
    return {
        "columns": titles,
        "rows": [[n, *row] for n, row in enumerate(cells, 1)],
        "numeric": numeric,
        "widths": widths(titles, cells),
    }


def widths(titles, cells):
    """Column widths in percent, from the longest word of each title and the usual length of the
    cells that hold something: a fixed table layout, quicker to print than one measured cell by cell."""
    sample = cells[:200]
    weights = []
    for n, title in enumerate(titles[1:]):
        lengths = sorted(len(row[n]) for row in sample if row[n]) or [0]
        usual = lengths[len(lengths) * 3 // 4]
        weights.append(min(40, max(7, usual, max(len(w) for w in title.split()) + 3)))
    # STT takes at least 6.5% of the width, so "STT" fits on one line on a portrait page.
    weights.insert(0, max(6, sum(weights) * 0.07))
    total = sum(weights)
    return [round(100 * w / total, 1) for w in weights]


def describe_filters(view):
    """The list's search and filters in words, printed under the title so a reader knows what the
    table holds: «Tìm: nam quan; Thuộc đơn vị là Xã Nam Quan»."""
    args = view._get_list_extra_args()
    parts = [f"Tìm: {args.search}"] if args.search else []
    for index, _name, value in args.filters or ():
        flt = view._filters[index]
        parts.append(f"{flt.name} {flt.operation()} {_filter_value(view, flt, value)}")
    return "; ".join(parts)


def _filter_value(view, flt, value):
    """A filter's value as read: a choice's label, a unit's name for the area filter (a unit the
    account may not see is described like an unknown one, naming nothing)."""
    if isinstance(flt, UnderUnitFilter):
        found = ObjectId.is_valid(str(value)) and scope.visible(Unit.objects).filter(pk=value).first()
        return str(found) if found else UNKNOWN_UNIT
    options = dict((str(k), v) for k, v in (flt.get_options(view) or []))
    return options.get(str(value), value)


def _is_year(view, name, label):
    """Whether a column holds years, printed without a thousands dot (1985, not 1.985)."""
    if name.startswith(PREFIX):
        field = view.definition().field(name[len(PREFIX) :])
        return field is not None and field.type == "year"
    return name.endswith("year") or str(label).startswith("Năm")


def _text(value, year=False):
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, (int, float)):
        return str(value) if year else text.figure(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Markup):
        return value.striptags()
    return "" if value is None else str(value)
