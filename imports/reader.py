"""Reading the sheet a user imports (issue 15, item 5): an XLSX workbook through python-calamine
(13 times faster than openpyxl, bench/import_readers.py) or a CSV file, into a `Table`: the header
row's titles and each row's cells, numbered as the spreadsheet shows them (the header is row 1 when
it starts the sheet).

What cannot be read at all is refused whole, with a message in Vietnamese (`NotReadable`): a file
that is neither, an empty one, one too large, a header or row with merged cells. What is wrong in a
cell is left to the row checks, which name its row and column: a cell holding a formula comes as a
`Formula`, for a sheet's cached result may be stale and a template's has none.

Cells keep the types the sheet gave (text, numbers as int or float, days, times, yes/no); CSV
cells are all text. Text is in Unicode NFC (Windows-1258 writes some tone marks as combining
characters) with the surrounding blanks trimmed, and a text the console's exports led with a
single quote so that no spreadsheet runs it ("'=HYPERLINK(...)", `exports.list_export.sheet_cell`)
comes back without the quote: exporting a list and importing the file changes nothing.
"""

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from xml.etree import ElementTree

from python_calamine import CalamineError, CalamineWorkbook

MAX_BYTES = 50 * 1024 * 1024  # the default of the setting IMPORT_MAX_BYTES
CSV_ENCODINGS = ("utf-8-sig", "cp1258")  # Excel's "CSV UTF-8", then Vietnamese Windows' own
CSV_DELIMITERS = ",;\t"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what the exports neutralise with a quote
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # .xls (Excel 97–2003)
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[ />]")
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


class NotReadable(Exception):
    """The file cannot be imported at all; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class Formula:
    """A cell holding a formula: refused by the row checks, naming it."""

    text: str

    def __str__(self):
        return f"={self.text}"


@dataclass
class Table:
    sheet: str  # the sheet's name, or the CSV file's
    headers: list  # the header row's titles, trimmed ("" for a column without one)
    header_row: int  # its number as the spreadsheet shows it
    rows: list = field(default_factory=list)  # (row number, [cells]), blank rows left out


def column_letters(index):
    """A column's letters as the spreadsheet shows them: 0 → "A", 26 → "AA"."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read(data, filename, max_bytes=MAX_BYTES):
    """The `Table` of the bytes `data` of the file named `filename` (its first visible sheet, for a
    workbook). Raises NotReadable."""
    if len(data) > max_bytes:
        raise NotReadable(f"Tệp quá lớn ({_megabytes(len(data))} MB): tối đa {_megabytes(max_bytes)} MB.")
    if not data.strip():
        raise NotReadable("Tệp trống, không có dữ liệu.")
    name = PurePosixPath(filename or "").name
    if data.startswith(_OLE_MAGIC):
        raise NotReadable("Tệp Excel 97–2003 (.xls): hãy mở bằng Excel và lưu lại thành .xlsx.")
    if data.startswith(_ZIP_MAGIC):
        return _read_xlsx(data)
    if name.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        raise NotReadable("Tệp không phải bảng tính Excel (.xlsx) đọc được: có thể tệp bị hỏng.")
    return _read_csv(data, name)


def _megabytes(size):
    return f"{size / 1024 / 1024:.0f}" if size >= 1024 * 1024 else f"{size / 1024 / 1024:.1f}"


# XLSX


def _read_xlsx(data):
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (CalamineError, ValueError, OSError) as exc:
        raise NotReadable("Tệp không phải bảng tính Excel (.xlsx) đọc được: có thể tệp bị hỏng.") from exc
    with book:
        visible = [m.name for m in book.sheets_metadata if str(m.visible).endswith("Visible")]
        if not visible:
            raise NotReadable("Bảng tính không có trang tính nào.")
        name = visible[0]
        sheet = book.get_sheet_by_name(name)
        grid = sheet.to_python(skip_empty_area=False)
        merged = sheet.merged_cell_ranges or []
    formulas = _formulas(data, name)
    rows = []
    for r, cells in enumerate(grid):
        cells = [_xlsx_cell(cell) for cell in cells]
        for column, text in formulas.get(r, {}).items():
            cells += [None] * (column + 1 - len(cells))
            cells[column] = Formula(text)
        rows.append(cells)
    return _table(name, rows, merged)


def _xlsx_cell(cell):
    if isinstance(cell, str):
        return _text(cell)
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    return cell


def _formulas(data, sheet_name):
    """{row index: {column index: formula}} of the sheet's formula cells (read from its XML, as
    calamine gives only their cached results): nothing is parsed when it holds none."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        path = _sheet_path(archive, sheet_name)
        if path is None or path not in archive.namelist():
            return {}
        with archive.open(path) as source:
            raw = source.read()
    if not _FORMULA_TAG.search(raw):
        return {}
    found = {}
    for _, element in ElementTree.iterparse(io.BytesIO(raw)):
        if element.tag == f"{_MAIN}c":
            formula = element.find(f"{_MAIN}f")
            match = _CELL_REF.fullmatch(element.get("r", ""))
            if formula is not None and match:
                column = _column_index(match.group(1))
                row = int(match.group(2)) - 1
                found.setdefault(row, {})[column] = formula.text or ""
            element.clear()
    return found


def _sheet_path(archive, sheet_name):
    """The path inside the workbook of the sheet named `sheet_name`."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return None
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_RELS}Relationship")}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        if sheet.get("name") == sheet_name:
            target = targets.get(sheet.get(f"{_DOC_RELS}id"), "")
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


def _column_index(letters):
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


# CSV


def _read_csv(data, name):
    for encoding in CSV_ENCODINGS:
        try:
            decoded = codecs.decode(data, encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # bytes no text encoding holds: not a CSV
        raise NotReadable("Tệp không phải bảng tính Excel (.xlsx) hay tệp CSV.")
    if "\x00" in decoded:
        raise NotReadable("Tệp không phải bảng tính Excel (.xlsx) hay tệp CSV.")
    first_line = decoded.lstrip("\ufeff").split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(first_line, delimiters=CSV_DELIMITERS)
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(decoded, newline=""), delimiter=delimiter)
    try:
        rows = [[_text(cell) for cell in row] for row in reader]
    except csv.Error as exc:
        raise NotReadable(f"Tệp CSV sai định dạng ở dòng {reader.line_num}: {exc}.") from exc
    return _table(name or "CSV", rows, [])


# Both


def _text(cell):
    cell = unicodedata.normalize("NFC", cell).strip()
    if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def _blank(cell):
    return cell is None or cell == ""


def _table(name, rows, merged):
    """The table of `rows` (every row of the sheet from row 1): the header is its first row that is
    not blank; merged cells in it or below are refused."""
    header_index = next((n for n, cells in enumerate(rows) if not all(map(_blank, cells))), None)
    if header_index is None:
        raise NotReadable("Tệp không có dữ liệu: trang tính đầu tiên trống.")
    for (top, left), (bottom, right) in merged:
        if bottom >= header_index:
            place = f"{_cell_name(top, left)}:{_cell_name(bottom, right)}"
            where = "tiêu đề" if top <= header_index <= bottom else "dữ liệu"
            raise NotReadable(
                f"Trang «{name}» có ô {where} gộp ({place}): hãy bỏ gộp ô (Merge & Center), "
                "mỗi cột một tiêu đề, mỗi ô một giá trị."
            )
    headers = [str(cell).strip() if not _blank(cell) else "" for cell in rows[header_index]]
    while headers and not headers[-1]:
        headers.pop()
    table = Table(sheet=name, headers=headers, header_row=header_index + 1)
    for n, cells in enumerate(rows[header_index + 1 :], header_index + 2):
        if all(map(_blank, cells)):
            continue
        table.rows.append((n, [None if _blank(cell) else cell for cell in cells]))
    if not table.rows:
        raise NotReadable(f"Trang «{name}» chỉ có dòng tiêu đề, chưa có dòng dữ liệu nào.")
    return table


def _cell_name(row, column):
    return f"{column_letters(column)}{row + 1}"
