"""Benchmark of official documents: a cadre list whose annex table has 201 rows, and one with 2,000.

Two cases for each size, in the same run:
  app        the whole draft print as the console does it (`printing.preview`): the data gathered
             from MongoDB, the templates filled, the PDF printed (in parts for a long table, with
             Python's garbage collector paused while WeasyPrint works: `exports/pdf.py`);
  weasyprint WeasyPrint alone printing the same finished HTML in one go, collector on, its style
             sheets and fonts served by the same fetcher (the HTML names them `console:...`).
Times come from one process, the cases alternating run by run so both see the same machine; each
run includes freeing what it built (a full garbage collection), so neither case leaves its cleanup
to be timed in the other's run. p50 and p95 in seconds, and the app's p95 over WeasyPrint's. Peak
memory comes from a fresh process per case that prints the document once and reports its peak
resident set size.

    .venv/bin/python -m bench.documents [--runs 10]

Uses MONGODB_URI when set; otherwise the benchmark mongod under var/bench-mongod (its own
database; the people are generated once, in under a minute, and reused).
"""

import datetime
import gc
import io
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from pypdf import PdfReader

from bench.lists import ROOT, percentile, run_benchmark

DB_NAME = "bantochuc_bench_documents"
SIZES = {201: "BENCH-DOC-201", 2000: "BENCH-DOC-2000"}
DAY = datetime.date(2026, 11, 25)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--peak":
        return print_once(*sys.argv[2:])
    run_benchmark(__doc__, run_cases)


def run_cases(uri, runs):
    connect(uri)
    for rows in SIZES:
        cases = printers(_draft(rows))
        count = runs if rows < 1000 else max(3, runs // 3)
        samples = {name: [] for name in cases}
        for run in cases.values():
            pages = len(PdfReader(io.BytesIO(run())).pages)  # warm up once
        for _ in range(count):
            for name, run in cases.items():
                started = time.perf_counter()
                run()
                samples[name].append(time.perf_counter() - started)
        p95 = {name: percentile(times, 0.95) for name, times in samples.items()}
        for name, times in samples.items():
            peak = _peak(uri, name, rows)
            print(
                f"{rows:>5} rows, {pages} pages  {name:<10}  p50 {statistics.median(times):.2f} s  "
                f"p95 {p95[name]:.2f} s  peak RSS {peak:.0f} MB  ({count} runs)"
            )
        print(f"{rows:>5} rows  app p95 / WeasyPrint p95 = {p95['app'] / p95['weasyprint']:.2f}")


def connect(uri):
    from app import create_app

    create_app({"MONGODB_URI": uri, "MONGODB_DB": DB_NAME, "SECRET_KEY": "bench"})


def printers(document):
    """The two ways of printing `document`: through the console, and WeasyPrint alone."""
    from weasyprint import HTML

    from exports import official_document as printing
    from exports.pdf import SCHEME, ConsoleFetcher

    finished = printing.html(document, printing.snapshot(document, DAY), DAY, draft=True)

    def weasyprint_alone():
        data = HTML(string=finished, base_url=SCHEME, url_fetcher=ConsoleFetcher()).write_pdf()
        gc.collect()  # its layout freed, as the console frees its own (`print_pdf`)
        return data

    return {"app": lambda: printing.preview(document, DAY), "weasyprint": weasyprint_alone}


def _peak(uri, case, rows):
    command = [sys.executable, "-m", "bench.documents", "--peak", case, str(rows)]
    output = subprocess.run(
        command, env={**os.environ, "MONGODB_URI": uri}, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])["peak_mb"]


def print_once(case, rows):
    """In a fresh process: print once, report the peak resident set size. It is read from
    /proc (VmHWM), not getrusage: Linux carries getrusage's peak across fork and exec, so a child
    of the timing process would report the parent's peak."""
    connect(os.environ["MONGODB_URI"])
    printers(_draft(int(rows)))[case]()
    status = Path("/proc/self/status").read_text()
    peak_kb = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))
    print(json.dumps({"peak_mb": peak_kb / 1024}))


def _draft(rows):
    """An unsaved draft listing the `rows` people of a bench commune (generated once)."""
    from documents import IssuingBody, PartyOrganization, Person, Position, Unit
    from exports.official_document import new_draft

    code = SIZES[rows]
    commune = Unit.objects(code=code).first() or Unit(kind="xa", code=code, name=f"Thử Tải {rows}").save()
    body = (
        IssuingBody.objects(abbreviation="ĐU", unit=commune).first()
        or IssuingBody(
            name=f"Đảng ủy xã Thử Tải {rows}",
            parent_name="Đảng bộ huyện Lộc Bình",
            abbreviation="ĐU",
            unit=commune,
            rule_book="dang_36",
            place_name="Thử Tải",
            authority="T/M Đảng ủy",
            signer_post="Bí thư",
            signer_name="Hoàng Văn Nam",
            numbering="loai_nhiem_ky",
            term_start=datetime.date(2025, 8, 1),
        ).save()
    )
    cell = (
        PartyOrganization.objects(unit=commune).first()
        or PartyOrganization(kind="dang_bo_co_so", name=f"Đảng bộ xã Thử Tải {rows}", unit=commune).save()
    )
    for n in range(Person.objects(unit=commune).count(), rows):
        Person(
            full_name=f"Nguyễn Thị Hường {n:04d}",
            gender="nu" if n % 2 else "nam",
            birth_year=1960 + n % 40,
            ethnicity=("Tày", "Nùng", "Kinh", "Dao")[n % 4],
            category="can_bo",
            unit=commune,
            party_organization=cell,
            admitted_on=datetime.date(2000 + n % 20, 1 + n % 12, 1 + n % 28),
            positions=[Position(title=f"Phó Chủ tịch Hội Nông dân xã, chi hội {n % 9 + 1}")],
        ).save()
    return new_draft("danh_sach_can_bo", body, commune)


if __name__ == "__main__":
    main()
