"""Any registry list written out as a sheet (XLSX) or CSV, in a request when it is short and as a
background job (`list_export`) when it is long: the rows as the user saw them (their scope,
search, filters and sort), read a batch at a time, with the units above each record named in
their own columns, numbers kept as numbers and days as date cells.

The job re-enters the list in the worker (`app.test_request_context` of the list's address, the
requesting account as `g.user`), so what it writes is what the view's own query gives that
account now. Memory stays flat whatever the length: rows are read in keyset batches, the sheet
is written by openpyxl's write-only workbook to a file on disk, and the file goes into GridFS
in chunks. A job run again after its worker was killed starts over: the half-written file of the
interrupted attempt is dropped by the runner (`Job.partial_files`), its work files here.
"""

import csv
import datetime
import hashlib
import io
import logging
import numbers
import os
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path
from urllib.parse import quote

from bson import ObjectId
from flask import current_app, g
from markupsafe import Markup
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import ALL_TEMP_FILES, WorksheetWriter
from werkzeug.exceptions import HTTPException

from documents import text
from documents.constants import VIETNAM_TIME
from documents.job import ACTIVE, Job, JobError, handler, housekeeping_task
from documents.user import User

logger = logging.getLogger(__name__)

KIND = "list_export"
TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Settings (app.config), with their defaults.
DEFAULTS = {
    # A list this long or shorter is exported in the request; a longer one is a job.
    "EXPORT_INLINE_ROWS": 2_000,
    # Rows read from MongoDB at a time (one query each, plus one per referenced collection).
    "EXPORT_BATCH_ROWS": 1_000,
    # How often (in rows) a job reports its progress.
    "EXPORT_PROGRESS_ROWS": 5_000,
}
DAY_FORMAT = "dd/mm/yyyy"
MOMENT_FORMAT = "dd/mm/yyyy hh:mm"
COPY_CHUNK = 1024 * 1024
# Work files of running export jobs, one folder per job (`work_folder`), under a folder of their
# database's own (`work_root`).
WORK_ROOT = Path(tempfile.gettempdir()) / "bantochuc-exports"


def work_root():
    """This database's folder of work files: consoles sharing a machine (another district, a
    staging copy, the tests) never see, nor clean up, each other's."""
    database = f"{current_app.config['MONGODB_URI']} {current_app.config['MONGODB_DB']}"
    return WORK_ROOT / hashlib.sha256(database.encode()).hexdigest()[:16]


def setting(name):
    return current_app.config.get(name, DEFAULTS[name])


# Cells


# A sheet reads a cell starting with one of these as a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def sheet_cell(value):
    """`value` as an exported cell: a number stays a number (a sheet adds them up), a day a day;
    anything else is text, without the control characters an XLSX cannot hold, and led by a
    single quote when a sheet would run it as a formula (a household head named "=HYPERLINK(...)")."""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, (numbers.Number, datetime.date)):
        return value
    if isinstance(value, Markup):
        value = value.striptags()
    cell = ILLEGAL_CHARACTERS_RE.sub(" ", "" if value is None else str(value))
    if cell.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def local_moment(moment):
    """A stored (naive UTC) time as read in Vietnam, naive (a sheet holds no time zone)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(VIETNAM_TIME).replace(tzinfo=None)


def csv_text(cell):
    """A cell as CSV text: days the Vietnamese way (02/09/1945), times in Vietnam's time."""
    if isinstance(cell, datetime.datetime):
        return local_moment(cell).strftime("%d/%m/%Y %H:%M")
    if isinstance(cell, datetime.date):
        return cell.strftime("%d/%m/%Y")
    return cell


# Names


def file_name(list_name, export_type, moment=None):
    """The list's name with its Vietnamese letters, at Vietnam's time: "Hộ gia đình 2026-12-02
    14-05.xlsx" (characters no file name may hold become spaces)."""
    moment = (moment or datetime.datetime.now(datetime.UTC)).astimezone(VIETNAM_TIME)
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f\x7f]', " ", text.without_controls(str(list_name)))
    name = " ".join(name.split())[:100] or "Danh sách"
    return f"{name} {moment:%Y-%m-%d %H-%M}.{export_type}"


def plain_letters(name):
    """`name` in plain letters, for clients that read no `filename*`: "Ho gia dinh"."""
    folded = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    kept = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9 ._-]", "_", kept)


def attachment(name):
    """A Content-Disposition naming the file with its Vietnamese letters (RFC 6266 `filename*`),
    and in plain letters for older clients."""
    return f"attachment; filename=\"{plain_letters(name)}\"; filename*=UTF-8''{quote(name, safe='')}"


def sheet_title(list_name):
    """A sheet's name: at most 31 characters, none of those a sheet name may not hold."""
    return re.sub(r"[\\/*?:\[\]]", " ", str(list_name))[:31].strip() or "Danh sách"


# Writers: `titles` is a list of cells, `batches` yields lists of rows (each a list of cells).


def write_csv(out, titles, batches):
    """CSV led by a byte-order mark (Excel then reads its Vietnamese as UTF-8), into the binary
    file `out`, a batch at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(titles)
    for batch in batches:
        for row in batch:
            writer.writerow([csv_text(cell) for cell in row])
        out.write(buffer.getvalue().encode())
        buffer.seek(0)
        buffer.truncate()
    out.write(buffer.getvalue().encode())


def write_xlsx(out, title, titles, batches, folder=None):
    """A one-sheet workbook into `out` (a path or a seekable binary file): titles in bold and
    frozen, numbers as numbers, days as date cells (dd/mm/yyyy). openpyxl's write-only workbook
    writes each row to disk as it comes; `folder` is where its sheet file goes."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=sheet_title(title))
    sheet.freeze_panes = "A2"
    for n, value in enumerate(titles, 1):  # wide enough for the title's longest word, or wider
        longest = max((len(word) for word in str(value).split()), default=0)
        sheet.column_dimensions[get_column_letter(n)].width = min(
            40, max(12, len(str(value)) + 2, longest + 4)
        )
    bold = Font(bold=True)
    heading = []
    for value in titles:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = bold
        heading.append(cell)
    sheet.append(heading)
    for batch in batches:
        for row in batch:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
    book.save(out)


def _xlsx_cell(sheet, value):
    if isinstance(value, datetime.datetime):
        cell = WriteOnlyCell(sheet, value=local_moment(value))
        cell.number_format = MOMENT_FORMAT
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DAY_FORMAT
        return cell
    return value


def _sheet_file_in(sheet, folder):
    """Have openpyxl write the sheet into `folder`: it names its own work file in /tmp otherwise,
    left there if the worker is killed. (openpyxl 3.1 offers no option: this sets the writer
    `WriteOnlyWorksheet._get_writer` would make, with a path of ours.)"""
    path = str(Path(folder) / f"sheet-{ObjectId()}.xml")
    ALL_TEMP_FILES.append(path)  # WorksheetWriter.cleanup removes it from that list
    sheet._writer = WorksheetWriter(sheet, out=path)
    sheet._writer.write_top()


def write(export_type, out, title, titles, batches, folder=None):
    if export_type == "csv":
        write_csv(out, titles, batches)
    else:
        write_xlsx(out, title, titles, batches, folder)


# The job


def find_view(app, endpoint):
    for site in app.extensions.get("admin", []):
        for view in site._views:
            if view.endpoint == endpoint:
                return view
    raise JobError("Danh sách này không còn trong bảng điều khiển: không xuất được.")


@handler(KIND)
def export_list(job):
    """Write the list named by the job's parameters, as its account sees it now, into a file."""
    parameters = job.parameters
    export_type = parameters.get("type")
    if export_type not in TYPES:
        raise JobError("Kiểu tệp không xuất được: chỉ xuất CSV hoặc XLSX.")
    user = User.objects(pk=job.user, active=True).first() if job.user else None
    if user is None:
        raise JobError("Tài khoản yêu cầu xuất không còn hoạt động: không xuất được.")
    app = current_app._get_current_object()
    view = find_view(app, parameters.get("endpoint"))
    # A context of its own: nothing the list caches in `g` outlives the job, nor reaches the worker's.
    with (
        app.app_context(),
        app.test_request_context(parameters.get("url") or "/"),
        work_folder(job) as folder,
    ):
        g.user = user
        refusal = _refusal(view)
        if refusal:
            raise JobError(refusal)
        listed = view.export_listed()
        total = view.export_count(listed)
        job.progress(0, total, f"Đang xuất 0/{text.figure(total)} dòng")
        titles = view.export_titles()
        batches = _reporting(job, view.export_batches(listed, setting("EXPORT_BATCH_ROWS")), total)
        name = parameters.get("name") or file_name(view.name, export_type)
        if export_type == "xlsx":
            path = folder / "export.xlsx"
            write_xlsx(path, view.name, titles, batches, folder)
            job.progress(job.done, None, "Đang lưu tệp")
            with job.open_file(name, TYPES[export_type]) as stream, path.open("rb") as source:
                shutil.copyfileobj(source, stream, COPY_CHUNK)
        else:
            with job.open_file(name, TYPES[export_type]) as stream:
                write_csv(stream, titles, batches)
        rows = job.done
    job.finish(stream._id, line=f"Đã xuất {text.figure(rows)} dòng")


def _refusal(view):
    """Why the account may not read this list now (its role, the kind gone), or None."""
    try:
        response = view._handle_view("export")
    except HTTPException:
        response = True
    if response is not None or not view.can_export:
        return "Danh sách này không còn, hoặc tài khoản không còn được xem nó: không xuất được."
    return None


def _reporting(job, batches, total):
    """`batches`, reporting progress every EXPORT_PROGRESS_ROWS rows (which also stops the job
    when it was cancelled or taken over)."""
    every, done, reported = setting("EXPORT_PROGRESS_ROWS"), 0, 0
    for batch in batches:
        yield batch
        done += len(batch)
        if done - reported >= every:
            total = max(total, done)
            job.progress(done, total, f"Đã ghi {text.figure(done)}/{text.figure(total)} dòng")
            reported = done
    job.progress(done, max(total, done), f"Đã ghi {text.figure(done)} dòng")


class work_folder:
    """A folder for the job's work files, emptied first (an earlier attempt on this machine may
    have been killed) and removed at the end."""

    def __init__(self, job):
        self.path = work_root() / str(job.pk)

    def __enter__(self):
        shutil.rmtree(self.path, ignore_errors=True)
        self.path.mkdir(parents=True)
        return self.path

    def __exit__(self, *exc):
        shutil.rmtree(self.path, ignore_errors=True)


@housekeeping_task
def remove_stale_work_folders():
    """Work folders of export jobs no longer running (their worker was killed): removed."""
    root = work_root()
    if not root.is_dir():
        return
    folders = {entry.name: entry for entry in os.scandir(root) if ObjectId.is_valid(entry.name)}
    running = Job.objects(pk__in=[ObjectId(n) for n in folders], state__in=ACTIVE).distinct("id")
    for name in set(folders) - {str(pk) for pk in running}:
        shutil.rmtree(folders[name].path, ignore_errors=True)
