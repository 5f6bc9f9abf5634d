"""Which reader the import uses (issue 15, item 5): python-calamine beside openpyxl's read-only
mode, each reading every cell of the same 21,320-row household workbook (the size of the demo's
Lộc Bình), and Python's csv module reading the same rows as CSV.

The workbook is written once by openpyxl (as the console's templates and exports are) into a
temporary folder: household code, head's name, hamlet code, address, members, the member in
charge's code, a day and a yes/no. Both readers must give the same rows (the run fails otherwise).
Beside them, the import's own `imports.reader.read` of both files (the cells tidied, the sheet's
XML searched for formulas). Prints the best and the median of `--runs` reads in milliseconds,
and openpyxl / calamine.

    .venv/bin/python -m bench.import_readers [--rows 21320] [--runs 5]

Needs no database.
"""

import argparse
import csv
import datetime
import statistics
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook, load_workbook
from python_calamine import CalamineWorkbook

from imports.reader import read

HEADERS = [
    "Mã hộ", "Chủ hộ", "Mã thôn", "Địa chỉ", "Số nhân khẩu", "Mã đảng viên phụ trách", "Ngày nhận",
    "Hộ nghèo",
]  # fmt: skip


def rows(count):
    for n in range(1, count + 1):
        yield [
            f"HO-{n:06d}",
            f"Nguyễn Văn Thử {n}",
            f"TH-{n % 201:03d}",
            f"Số {n}, thôn {n % 201}",
            n % 9 + 1,
            f"DV-{n % 5000:05d}",
            datetime.datetime(2024, 1 + n % 12, 1 + n % 28),
            "Có" if n % 7 == 0 else "Không",
        ]


def write(folder, count):
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Hộ gia đình")
    sheet.append(HEADERS)
    for row in rows(count):
        sheet.append(row)
    path = folder / "ho_gia_dinh.xlsx"
    book.save(path)
    text = folder / "ho_gia_dinh.csv"
    with text.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADERS)
        for row in rows(count):
            writer.writerow([c.strftime("%d/%m/%Y") if isinstance(c, datetime.date) else c for c in row])
    return path, text


def with_calamine(path):
    with CalamineWorkbook.from_path(str(path)) as book:
        return [list(row) for row in book.get_sheet_by_index(0).iter_rows()]


def with_openpyxl(path):
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def with_csv(path):
    with path.open(encoding="utf-8-sig", newline="") as source:
        return list(csv.reader(source))


def timed(read, path, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        found = read(path)
        times.append((time.perf_counter() - start) * 1000)
    return found, min(times), statistics.median(times)


def plain(cell):
    """calamine gives a day without a time as a date, openpyxl as a datetime at midnight (numbers:
    2.0 == 2 already)."""
    if isinstance(cell, datetime.datetime) and cell.time() == datetime.time():
        return cell.date()
    return cell


def same(a, b):
    return len(a) == len(b) and all(
        [plain(x) for x in row_a] == [plain(y) for y in row_b] for row_a, row_b in zip(a, b, strict=True)
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=21_320)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path, text = write(Path(folder), args.rows)
        sizes = path.stat().st_size / 1e6, text.stat().st_size / 1e6
        print(f"{args.rows} rows, {len(HEADERS)} columns; XLSX %.1f MB, CSV %.1f MB" % sizes)
        fast, fast_best, fast_median = timed(with_calamine, path, args.runs)
        slow, slow_best, slow_median = timed(with_openpyxl, path, args.runs)
        plain, csv_best, csv_median = timed(with_csv, text, args.runs)
        if not same(fast, slow) or len(plain) != len(fast):
            raise SystemExit("the readers do not give the same rows")
        data, text_data = path.read_bytes(), text.read_bytes()
        table, read_best, read_median = timed(lambda _: read(data, path.name), path, args.runs)
        table_csv, csv_read_best, csv_read_median = timed(
            lambda _: read(text_data, text.name), text, args.runs
        )
        if len(table.rows) != args.rows or len(table_csv.rows) != args.rows:
            raise SystemExit("imports.reader.read lost rows")
        for name, best, median in (
            ("python-calamine", fast_best, fast_median),
            ("openpyxl read-only", slow_best, slow_median),
            ("csv (CSV file)", csv_best, csv_median),
            ("reader.read XLSX", read_best, read_median),
            ("reader.read CSV", csv_read_best, csv_read_median),
        ):
            print(f"{name:20} best {best:8.0f} ms   median {median:8.0f} ms")
        print(f"openpyxl / calamine (median): {slow_median / fast_median:.1f}×")


if __name__ == "__main__":
    main()
