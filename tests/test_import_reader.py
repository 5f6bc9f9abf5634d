"""Reading imported sheets (issue 15, item 5): workbooks and CSV files generated here, read back
with their row numbers as the spreadsheet shows them; what cannot be read refused with a message."""

import csv
import datetime
import io
import unicodedata

import pytest
from openpyxl import Workbook

from exports.list_export import sheet_cell, write_csv, write_xlsx
from imports.reader import Formula, NotReadable, column_letters, read

TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
HEADERS = ["Mã hộ", "Chủ hộ", "Số nhân khẩu", "Ngày nhận", "Hộ nghèo"]


def workbook(rows, build=None):
    book = Workbook()
    sheet = book.active
    sheet.title = "Hộ gia đình"
    for row in rows:
        sheet.append(row)
    if build:
        build(book, sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_workbook_reads_with_its_types_and_row_numbers():
    data = workbook(
        [
            HEADERS,
            ["HO-1", "  Nguyễn Văn An ", 4, datetime.date(2024, 3, 1), True],
            [None, None, None, None, None],
            ["HO-2", "Lò Thị Bình", 2.5, datetime.datetime(2024, 3, 2, 8, 30), False],
        ]
    )
    table = read(data, "ho.xlsx")
    assert table.sheet == "Hộ gia đình" and table.headers == HEADERS and table.header_row == 1
    [(two, first), (four, second)] = table.rows  # the blank row 3 left out, numbering kept
    assert (two, four) == (2, 4)
    assert first == ["HO-1", "Nguyễn Văn An", 4, datetime.date(2024, 3, 1), True]
    assert type(first[2]) is int and second[2] == 2.5
    assert second[3] == datetime.datetime(2024, 3, 2, 8, 30) and second[4] is False


def test_a_header_lower_down_keeps_the_sheets_numbering():
    data = workbook([[], [], [None, "Mã hộ", "Chủ hộ"], [None, "HO-1", "An"]])
    table = read(data, "ho.xlsx")
    assert table.header_row == 3 and table.headers == ["", "Mã hộ", "Chủ hộ"]
    assert table.rows == [(4, [None, "HO-1", "An"])]


def test_the_first_visible_sheet_is_read():
    def hide_first(book, sheet):
        sheet.sheet_state = "hidden"
        other = book.create_sheet("Dữ liệu")
        other.append(["Mã"])
        other.append(["X"])

    table = read(workbook([["Ẩn"], ["y"]], hide_first), "ho.xlsx")
    assert table.sheet == "Dữ liệu" and table.rows == [(2, ["X"])]


def test_formula_cells_come_as_formulas_at_their_place():
    def formulas(book, sheet):
        sheet["C2"] = "=1+2"
        sheet["B3"] = '=HYPERLINK("http://x","y")'

    data = workbook([HEADERS, ["HO-1", "An", None], ["HO-2", None, 3]], formulas)
    table = read(data, "ho.xlsx")
    [(_, first), (_, second)] = table.rows
    assert first[2] == Formula("1+2") and str(first[2]) == "=1+2"
    assert second[1] == Formula('HYPERLINK("http://x","y")') and second[2] == 3


@pytest.mark.parametrize(
    "cells, where, place",
    [(("A1", "B1"), "tiêu đề", "A1:B1"), (("B3", "B4"), "dữ liệu", "B3:B4")],
)
def test_merged_cells_are_refused(cells, where, place):
    def merge(book, sheet):
        sheet.merge_cells(f"{cells[0]}:{cells[1]}")

    data = workbook([HEADERS, ["HO-1", "An"], ["HO-2", "Bình"], ["HO-3", None]], merge)
    with pytest.raises(NotReadable, match=f"ô {where} gộp \\({place}\\)"):
        read(data, "ho.xlsx")


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"", "ho.xlsx", "Tệp trống"),
        (b"  \r\n", "ho.csv", "Tệp trống"),
        (b"\xd0\xcf\x11\xe0" + bytes(600), "ho.xls", r"\.xls.*lưu lại thành \.xlsx"),
        (b"PK\x03\x04 broken", "ho.xlsx", "không phải bảng tính Excel"),
        (b"%PDF-1.7 \x00\x01", "ho.xlsx", "không phải bảng tính Excel"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "anh.png", "không phải bảng tính"),
        (b"\x81\x8d\x8f\x90 binary", "ho.csv", "không phải bảng tính"),  # neither UTF-8 nor 1258
        ("Mã hộ,Chủ hộ\n".encode(), "ho.csv", "chỉ có dòng tiêu đề"),
    ],
)
def test_what_cannot_be_read_is_refused_with_its_reason(data, name, message):
    with pytest.raises(NotReadable, match=message):
        read(data, name)


def test_an_empty_workbook_is_refused():
    with pytest.raises(NotReadable, match="trang tính đầu tiên trống"):
        read(workbook([]), "ho.xlsx")


def test_a_file_too_large_is_refused_before_it_is_read():
    with pytest.raises(NotReadable, match=r"Tệp quá lớn \(2 MB\): tối đa 1 MB"):
        read(b"x" * (2 * 1024 * 1024), "ho.csv", max_bytes=1024 * 1024)


def windows_1258(text):
    """`text` as Windows writes it in Windows-1258: a letter it lacks as its base letter and the
    tone mark (a combining character) after it: "ộ" is "ô" + U+0323."""
    out = b""
    for letter in text:
        try:
            out += letter.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", letter)
            tone = next(mark for mark in parts if mark in TONES)
            base = unicodedata.normalize("NFC", parts.replace(tone, ""))
            out += base.encode("cp1258") + tone.encode("cp1258")
    return out


def test_csv_in_utf8_with_bom_and_in_windows_1258():
    text = "Mã hộ;Chủ hộ;Địa chỉ\r\nHO-1;Nguyễn Thị Hường;Thôn Bản Man, xã Bình Phú\r\n"
    utf8 = read(("\ufeff" + text).encode("utf-8"), "ho.csv")
    legacy = read(windows_1258(text), "ho.csv")
    assert len(windows_1258("Hường")) == 6  # ờ as ơ + the grave tone
    for table in (utf8, legacy):
        assert table.headers == ["Mã hộ", "Chủ hộ", "Địa chỉ"]
        assert table.rows == [(2, ["HO-1", "Nguyễn Thị Hường", "Thôn Bản Man, xã Bình Phú"])]
    # Windows-1258 writes the tone of "ờ" as a combining mark: the cells are NFC all the same.
    assert len(legacy.rows[0][1][1]) == len("Nguyễn Thị Hường")


def test_a_csv_cell_over_several_lines_keeps_its_row_number():
    data = 'Mã,Ghi chú\nA,"dòng một\ndòng hai"\nB,x\n'.encode()
    table = read(data, "ho.csv")
    assert [n for n, _ in table.rows] == [2, 3]  # the file's record numbers
    assert table.rows[0][1][1] == "dòng một\ndòng hai"


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_an_exported_list_reads_back_as_it_was(kind):
    """The exports lead a text a sheet would run with a quote: the reader takes it off again."""
    rows = [["HO-1", '=HYPERLINK("http://x")', 4, "-", "+84 912"], ["HO-2", "@thôn", 0, "Bản Man", "ok"]]
    cells = [[sheet_cell(value) for value in row] for row in rows]
    assert cells[0][1].startswith("'=")
    out = io.BytesIO()
    titles = ["Mã", "Tên", "Số", "Dấu", "Điện thoại"]
    if kind == "xlsx":
        write_xlsx(out, "Hộ", titles, [cells])
    else:
        write_csv(out, titles, [cells])
    table = read(out.getvalue(), f"ho.{kind}")
    expected = rows if kind == "xlsx" else [[str(cell) for cell in row] for row in rows]
    assert [cells for _, cells in table.rows] == expected


def test_column_letters():
    assert [column_letters(n) for n in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


def test_a_generated_csv_of_many_rows_reads_whole():
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for n in range(1, 5001):
        writer.writerow([f"HO-{n}", f"Chủ hộ {n}", n % 7, "01/02/2024", "Không"])
    table = read(out.getvalue().encode(), "ho.csv")
    assert len(table.rows) == 5000 and table.rows[-1] == (
        5001,
        ["HO-5000", "Chủ hộ 5000", "2", "01/02/2024", "Không"],
    )
