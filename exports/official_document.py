"""Official documents printed: a kind gathers its data, the template lays it out in the issuing
body's rule book, `exports.pdf` prints it. Drafts are printed from live data each time; issuing
freezes the data in the register (`documents.official_document`) and prints from that once."""

import datetime
import gc
import io
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from pypdf import PdfReader, PdfWriter

from documents import text
from documents.base import field_error
from documents.constants import DOCUMENT_KINDS, DOCUMENT_TYPES, label
from documents.official_document import OfficialDocument, date_line, symbol, vietnam_today
from exports import (
    breakthrough_assignment,
    breakthrough_rating,
    breakthrough_results,
    cadre_list,
    cell_meeting,
    cell_meeting_minutes,
    document_parts,
    list_table,
    local_work,
    locality_decision,
    locality_overdue,
    locality_report,
    organization_report,
    parameters,
    resolution_indicator,
)
from exports.pdf import render_part, render_pdf

# The documents' own Jinja environment: printing needs no request or application context
# (commands, benchmarks, tests), and every value is escaped as HTML.
TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent.parent / "templates"),
    autoescape=select_autoescape(["html"]),
)

KINDS = {
    "danh_sach_can_bo": cadre_list,
    "bao_cao_to_chuc": organization_report,
    "bang_danh_sach": list_table,
    "giao_viec_dot_pha": breakthrough_assignment,
    "ket_qua_dot_pha": breakthrough_results,
    "phieu_danh_gia": breakthrough_rating,
    "quyet_dinh_phan_cong": locality_decision,
    "phu_trach_dia_ban": locality_report,
    "cham_tham": locality_overdue,
    "mo_hinh_phan_viec": local_work,
    "sinh_hoat_chi_bo": cell_meeting,
    "chi_tieu_nghi_quyet": resolution_indicator,
    "bien_ban_sinh_hoat": cell_meeting_minutes,
}

# The types each kind may be issued as, its usual one first, for the kinds whose module does not
# name them itself (a kind module may set DOCUMENT_TYPES): the cadre list is a report with the list
# as its annex, or a stand-alone list; the organization report is only a report.
ISSUED_AS = {
    "danh_sach_can_bo": ("BC", "DS"),
    "bao_cao_to_chuc": ("BC",),
    "bang_danh_sach": ("DS", "BC"),
}


def made_from_a_list(kind):
    """Whether `kind` is made by a list's «In văn bản» button (from its filters and columns), never
    from the register's form."""
    return getattr(KINDS.get(kind), "FROM_LIST", False)


def document_types(kind):
    """The document types (codes) `kind` may be issued as, its usual type first."""
    module = KINDS[kind]
    return tuple(getattr(module, "DOCUMENT_TYPES", None) or ISSUED_AS.get(kind) or (module.DOCUMENT_TYPE,))


def check_type(document):
    """Refuse, at the type's field, a draft whose type its kind is not issued as (a list issued
    as a QUYẾT ĐỊNH would carry a report's body under a decision's number)."""
    if document.kind not in KINDS:
        return
    allowed = document_types(document.kind)
    if document.document_type not in allowed:
        names = " hoặc ".join(f"«{label(DOCUMENT_TYPES, code)}»" for code in allowed)
        kind = label(DOCUMENT_KINDS, document.kind)
        raise field_error(
            "document_type", f"{kind} chỉ ban hành dưới thể loại {names}: hãy chọn lại thể loại."
        )


def new_draft(kind, body, unit, **fields):
    """An unsaved draft of `kind` about `unit`, with the kind's usual type, summary and recipients
    (the summary names the period in `fields["parameters"]`, checked by `exports.parameters.read`)."""
    module = KINDS[kind]
    fields.setdefault("document_type", module.DOCUMENT_TYPE)
    values = fields.get("parameters") or {}
    fields.setdefault("summary", module.summary(unit, fields["document_type"], values))
    fields.setdefault("recipients", default_recipients(body))
    return OfficialDocument(kind=kind, body=body, unit=unit, **fields)


def default_summary(kind, unit, document_type, summary=None, values=None, previous=None):
    """`summary`, or the kind's usual one for `document_type` and the parameters `values` when it
    is blank or left as the usual one of another type or of the `previous` parameters: the title
    prints the type's name before it, "DANH SÁCH / cán bộ, đảng viên xã Nam Quan" but "BÁO CÁO /
    danh sách cán bộ, đảng viên xã Nam Quan"; a draft moved from 2025 to 2026 says 2026."""
    module = KINDS[kind]
    values = values or {}
    usual = {
        module.summary(unit, other, given)
        for other in document_types(kind)
        for given in (values, previous if previous is not None else values)
    }
    if summary and summary not in usual:
        return summary
    return module.summary(unit, document_type, values)


# The committee that leads a Party organization (Điều lệ Đảng): a document goes to the committee,
# while the header prints the organization above ("ĐẢNG BỘ HUYỆN LỘC BÌNH" over "ĐẢNG ỦY XÃ NAM
# QUAN", sent to "Huyện ủy Lộc Bình"). Other organizations are led by their Đảng ủy.
PARTY_ORGANIZATION = "Đảng bộ "
COMMITTEES = {
    "tỉnh": "Tỉnh ủy",
    "thành phố": "Thành ủy",
    "huyện": "Huyện ủy",
    "quận": "Quận ủy",
    "thị xã": "Thị ủy",
}


def receiving_body(body):
    """The body above `body` that its documents are sent to: "Huyện ủy Lộc Bình" for a commune's
    Party committee (whose header names "Đảng bộ huyện Lộc Bình"), the parent as named otherwise."""
    parent = " ".join(body.parent_name.split())
    if not body.party or not parent.lower().startswith(PARTY_ORGANIZATION.lower()):
        return parent
    organization = parent[len(PARTY_ORGANIZATION) :]
    for level, committee in COMMITTEES.items():
        if organization.lower().startswith(f"{level} "):
            return f"{committee} {organization[len(level) + 1 :]}"
    return f"Đảng ủy {organization}"


def default_recipients(body):
    """The body above, then the filing line: "Huyện ủy Lộc Bình", "Lưu Văn phòng Đảng ủy"."""
    return [line for line in (receiving_body(body), body.printed()["filing_line"]) if line]


def snapshot(document, day=None):
    """Everything the document prints, as plain values: the body's names of the day and the data.
    The parameters are checked again first (a person moved away since the draft was made)."""
    day = day or vietnam_today()
    module = KINDS[document.kind]
    try:
        parameters.read(module, document.parameters or {}, document.unit)
    except parameters.ParameterError as exc:
        raise field_error("parameters", f"Hãy sửa dự thảo: {exc}") from None
    return {"body": document.body.printed(), "data": module.gather(document, day)}


def html(document, frozen, day, number=None, draft=False, part=None):
    """The finished HTML of `document` printed from the snapshot `frozen`; `part` (a Part) prints
    only some rows of its main table."""
    body = frozen["body"]
    part = part or Part()
    printed_symbol = symbol(body["rule_book"], number, document.document_type, body["abbreviation"])
    return TEMPLATES.get_template(KINDS[document.kind].TEMPLATE).render(
        body=body,
        party=body["rule_book"] == "dang_36",
        symbol=printed_symbol,
        date_line=date_line(body["place_name"], day),
        draft=draft,
        type_name=document.type_name,
        summary=document.summary,
        opening=[p.strip() for p in (document.opening or "").split("\n") if p.strip()],
        recipients=punctuated(body["rule_book"], document.recipients),
        annex_reference=annex_reference(
            document.type_name, printed_symbol, day, body.get("full_name", body["name"]), draft
        ),
        data=part.of(frozen["data"]),
        part=part,
        vn_number=vn_number,
    )


class Part:
    """Rows `start` to `end` of a document's main table (`data.table`), the part opening on page
    `first_page`: the first part prints the whole document around its rows, the others only the
    table, its header row repeated. A part that is not `numbered` prints no page numbers: they are
    stamped on its pages when the parts are joined (`joined_apart`)."""

    def __init__(self, start=0, end=None, first_page=1, last=True, numbered=True):
        self.start, self.end, self.first_page, self.last = start, end, first_page, last
        self.numbered = numbered

    @property
    def first(self):
        return self.start == 0

    def of(self, data):
        table = data.get("table")
        if table is None or (self.start == 0 and self.end is None):
            return data
        rows = table["rows"][self.start : self.end]
        last = self.end is None or self.end >= len(table["rows"])
        shown = {**table, "rows": rows, "offset": self.start, "total": table.get("total") if last else None}
        return {**data, "table": shown}


# Rows printed at a time: WeasyPrint's memory grows with the pages it lays out at once.
PART_ROWS = 800


def print_pdf(document, frozen, day, number=None, draft=False, job=None):
    """The PDF of `document`; a long main table is printed in parts and the parts joined. Each
    print's layout is freed as soon as it is done (`gc.collect`): it is cyclic, and with the
    collector paused while printing (`exports.pdf`) it would otherwise wait for a later pass.

    Without a job the parts are printed one after the other, each from the first row of the page
    the one before left unfinished, so the pages are those of a single print. With `job` (a
    running `documents.job.Job`) each part is a job any worker may take (`print_apart`)."""
    rows = len(frozen["data"].get("table", {}).get("rows", []))
    if rows <= PART_ROWS:
        data = render_pdf(html(document, frozen, day, number, draft))
        gc.collect()
        return data
    if job is not None:
        return print_apart(document, frozen, day, number, draft, job)
    joined, start, pages = PdfWriter(), 0, 0
    while start is not None and start < rows:
        end = min(start + PART_ROWS, rows)
        part = Part(start, end, pages + 1, last=end == rows)
        finished = html(document, frozen, day, number, draft, part)
        data, printed, resume = render_part(finished, last=part.last)
        gc.collect()
        joined.append(PdfReader(io.BytesIO(data)))
        pages += printed
        start = resume if resume is not None and resume > start else (None if end == rows else end)
    out = io.BytesIO()
    joined.write(out)
    return out.getvalue()


def part_rows(rows):
    """The (start, end) rows of each part printed apart: no more than `PART_ROWS` rows each, shared
    evenly among an even number of parts, so that two workers print equal shares."""
    count = -(-rows // PART_ROWS)
    count += count % 2
    return [(rows * n // count, rows * (n + 1) // count) for n in range(count)]


def print_apart(document, frozen, day, number, draft, job):
    """Print the parts of a long document as jobs (`exports.document_parts`) and join them.

    A part cannot wait for the one before it to know where its table resumes and which page it
    opens on, or the parts would be printed one after the other. So each part starts on a new
    page, its header row repeated, and leaves its last page as full as its rows make it (a part
    of a few hundred rows fills some 20 to 60 pages); the later parts print no page numbers, and
    the join stamps them, continuing from the first part's (`joined_apart`). Every row is printed
    once, in order; only those part-filled pages differ from a single print."""
    ranges = part_rows(len(frozen["data"]["table"]["rows"]))
    finished = (
        html(
            document, frozen, day, number, draft, Part(start, end, last=end == ranges[-1][1], numbered=not n)
        )
        for n, (start, end) in enumerate(ranges)
    )
    return joined_apart(document_parts.print_parts(job, finished, len(ranges)), frozen["body"]["rule_book"])


def joined_apart(printed, rule_book):
    """The parts' PDFs (`printed`, in order) joined into one: the first numbers its own pages from
    2, the later ones are stamped with the numbers that follow. The numbers are printed by
    WeasyPrint on blank pages of the same sizes, with the documents' own style sheets (the same
    font, size and place as those a document prints itself), and laid over the parts' pages."""
    joined = PdfWriter()
    for data in printed:
        joined.append(PdfReader(io.BytesIO(data)))
    first = len(PdfReader(io.BytesIO(printed[0])).pages)
    later = joined.pages[first:]
    sizes = [(round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) for page in later]
    kinds = sorted(set(sizes))
    numbers = render_pdf(
        TEMPLATES.get_template("documents/page_numbers.html").render(
            rule_book=rule_book, first=first + 1, sizes=kinds, pages=[kinds.index(size) for size in sizes]
        )
    )
    for page, number in zip(later, PdfReader(io.BytesIO(numbers)).pages, strict=True):
        page.merge_page(number)
    out = io.BytesIO()
    joined.write(out)
    return out.getvalue()


def preview(document, day=None):
    """A draft's PDF from the data as it is now: no number, marked DỰ THẢO."""
    day = day or vietnam_today()
    return print_pdf(document, snapshot(document, day), day, draft=True)


def issue(document, day=None):
    """Number the draft, freeze its data and store the PDF printed from it; returns the PDF."""
    day = day or vietnam_today()
    check_type(document)
    document.take_number(day, issued_snapshot(document, day))
    return finish(document)


def issued_snapshot(document, day):
    """The snapshot a draft is numbered with, unless its kind refuses to issue what it holds
    (`refused_issue(data)`: a decision listing nothing would take a number for nothing)."""
    frozen = snapshot(document, day)
    refused = getattr(KINDS.get(document.kind), "refused_issue", None)
    problem = refused(frozen["data"]) if refused else None
    if problem:
        raise field_error("parameters", problem)
    return frozen


def finish(document):
    """Print and store the PDF of a document numbered but not yet stored (`issuing`): the second
    half of `issue`, run again from the frozen snapshot if a first attempt was interrupted."""
    day = document.issued_on if isinstance(document.issued_on, datetime.date) else document.issued_on.date()
    numbered = getattr(KINDS[document.kind], "numbered", None)
    if numbered is not None:  # what the kind records of its numbered document; run again on a retry
        numbered(document)
    data = print_pdf(document, document.snapshot, day, number=document.number)
    document.store_pdf(data)
    return data


def punctuated(rule_book, lines):
    """Recipient lines as each rule book writes them: "- ...," (Party) or "- ...;" (state), the
    last one ending with a full stop."""
    mark = "," if rule_book == "dang_36" else ";"
    lines = [line.strip().lstrip("-").strip().rstrip(",;.") for line in lines if line and line.strip()]
    return [f"- {line}{'.' if n == len(lines) - 1 else mark}" for n, line in enumerate(lines)]


def annex_reference(type_name, printed_symbol, day, body_name, draft):
    number = printed_symbol.removeprefix("Số: ").removeprefix("Số ")
    when = "" if draft else f" ngày {date_line('', day).removeprefix(', ngày ')}"
    return f"(Kèm theo {type_name} số {number}{when} của {body_name})"


def vn_number(value):
    """Whole numbers with dots between thousands (21.320); other values as they are."""
    if isinstance(value, bool) or not isinstance(value, int):
        return value
    return text.figure(value)
