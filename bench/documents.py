"""Benchmark of official documents: a cadre list whose annex table has 201 rows, and one with 2,000.

For each size, in the same run and each in a fresh process (so peak memory is its own):
  app        the whole draft print as the console does it: the data gathered from MongoDB, the
             templates filled, the PDF printed through the console's fetcher (`printing.preview`);
  weasyprint WeasyPrint alone printing the same finished HTML, its style sheets and fonts read
             from files with WeasyPrint's own fetcher.
Prints p50 and p95 in seconds, the app's p95 over WeasyPrint's, and each process's peak RSS.

    .venv/bin/python -m bench.documents [--runs 10]

Uses MONGODB_URI when set; otherwise the benchmark mongod under var/bench-mongod (its own
database; the people are generated once, in a few seconds, and reused).
"""

import datetime
import json
import os
import resource
import subprocess
import sys
import time

from bench.lists import ROOT, percentile, run_benchmark

DB_NAME = "bantochuc_bench_documents"
SIZES = {201: "BENCH-DOC-201", 2000: "BENCH-DOC-2000"}
DAY = datetime.date(2026, 11, 25)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--case":
        return run_case(*sys.argv[2:])
    run_benchmark(__doc__, run_cases)


def run_cases(uri, runs):
    for rows in SIZES:
        results = {case: _child(uri, case, rows, runs if rows < 1000 else max(3, runs // 3))
                   for case in ("app", "weasyprint")}  # fmt: skip
        app, alone = results["app"], results["weasyprint"]
        for case, result in results.items():
            print(f"{rows:>5} rows  {case:<10}  p50 {result['p50']:.2f} s  p95 {result['p95']:.2f} s  "
                  f"peak RSS {result['rss_mb']:.0f} MB  ({result['pages']} pages)")  # fmt: skip
        print(f"{rows:>5} rows  app p95 / WeasyPrint p95 = {app['p95'] / alone['p95']:.2f}")


def _child(uri, case, rows, runs):
    command = [sys.executable, "-m", "bench.documents", "--case", case, str(rows), str(runs)]
    output = subprocess.run(command, env={**os.environ, "MONGODB_URI": uri}, cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout  # fmt: skip
    return json.loads(output.strip().splitlines()[-1])


def run_case(case, rows, runs):
    from app import create_app
    from exports import official_document as printing
    from exports.pdf import FONTS, STYLES

    create_app({"MONGODB_URI": os.environ["MONGODB_URI"], "MONGODB_DB": DB_NAME, "SECRET_KEY": "bench"})
    document = _draft(int(rows))
    if case == "app":
        run = lambda: printing.preview(document, DAY)  # noqa: E731
    else:
        from weasyprint import HTML

        finished = printing.html(document, printing.snapshot(document, DAY), DAY, draft=True)
        finished = finished.replace("console:styles/", STYLES.as_uri() + "/").replace(
            "console:fonts/", FONTS.as_uri() + "/"
        )
        run = lambda: HTML(string=finished, base_url=str(STYLES)).write_pdf()  # noqa: E731
    data = run()  # warm up once
    samples = []
    for _ in range(int(runs)):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    samples.sort()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pages = data.count(b"/Type /Page") - data.count(b"/Type /Pages")
    print(json.dumps({"p50": samples[len(samples) // 2], "p95": percentile(samples, 0.95), "rss_mb": peak,
                      "pages": pages}))  # fmt: skip


def _draft(rows):
    """An unsaved draft listing the `rows` people of a bench commune (generated once)."""
    from documents import IssuingBody, PartyOrganization, Person, Position, Unit
    from exports.official_document import new_draft

    code = SIZES[rows]
    commune = Unit.objects(code=code).first() or Unit(kind="xa", code=code, name=f"Thử Tải {rows}").save()
    body = IssuingBody.objects(abbreviation="ĐU", unit=commune).first() or IssuingBody(
        name=f"Đảng ủy xã Thử Tải {rows}", parent_name="Đảng bộ huyện Lộc Bình", abbreviation="ĐU",
        unit=commune, rule_book="dang_36", place_name="Thử Tải", authority="T/M Đảng ủy",
        signer_post="Bí thư", signer_name="Hoàng Văn Nam", numbering="loai_nhiem_ky",
        term_start=datetime.date(2025, 8, 1),
    ).save()  # fmt: skip
    cell = (
        PartyOrganization.objects(unit=commune).first()
        or PartyOrganization(kind="dang_bo_co_so", name=f"Đảng bộ xã Thử Tải {rows}", unit=commune).save()
    )
    for n in range(Person.objects(unit=commune).count(), rows):
        Person(
            full_name=f"Nguyễn Thị Hường {n:04d}", gender="nu" if n % 2 else "nam", birth_year=1960 + n % 40,
            ethnicity=("Tày", "Nùng", "Kinh", "Dao")[n % 4], category="can_bo", unit=commune,
            party_organization=cell, admitted_on=datetime.date(2000 + n % 20, 1 + n % 12, 1 + n % 28),
            positions=[Position(title=f"Phó Chủ tịch Hội Nông dân xã, chi hội {n % 9 + 1}")],
        ).save()  # fmt: skip
    return new_draft("danh_sach_can_bo", body, commune)


if __name__ == "__main__":
    main()
