"""Benchmark of a long document printed in parts by job workers (issue 10, item 4).

A draft cadre list of 2,000 people (a 2,000-row annex table), printed four ways in the same run,
the cases alternating run by run:

  weasyprint  WeasyPrint alone printing the whole finished HTML in one go (`exports.pdf.render_pdf`);
  sequential  the console without a job (`printing.preview`: data gathered, then parts of at most
              `PART_ROWS` rows printed one after the other, each resuming the page the one before
              left unfinished), in this process;
  jobs-1      the same draft through a job, with one worker process (`flask jobs work`): the parent
              job queues one job per part, prints them itself and joins them;
  jobs-2      the same, with two worker processes sharing the parts.

The job cases are timed from the job queued to the job seen done (polling every 50 ms); the
workers are started before each case (and print a one-page document to load the fonts) and
stopped after it, so only that case's workers run. Each case's first PDF is checked: each of the
2,000 names printed once. Each run's time is printed with the machine's load average; the best
and the median of the runs are compared (the best is the run least disturbed by other work on
the machine). Goal: jobs-2 at most 0.6 of jobs-1.

    .venv/bin/python -m bench.document_parts [--runs 3]

Uses MONGODB_URI when set; otherwise a throwaway mongod in a temporary folder, removed at the
end. The workers run `flask --app bench.document_parts:worker_app jobs work`: the console's app
with this benchmark's print job registered.
"""

import argparse
import datetime
import gc
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from pypdf import PdfReader

from bench.lists import ROOT
from documents.database import LocalMongod
from documents.job import FINISHED, Job, handler

DB_NAME = "bantochuc_bench_parts"
ROWS = 2000
DAY = datetime.date(2026, 11, 25)
KIND = "bench_document_print"


@handler(KIND)
def print_document(job):
    """The job the console's preview and issue jobs are: print a draft, keep its PDF."""
    from documents import OfficialDocument
    from exports import official_document as printing

    document = OfficialDocument.objects.get(pk=job.parameters["document"])
    data = printing.print_pdf(document, printing.snapshot(document, DAY), DAY, draft=True, job=job)
    job.finish(job.store_file(data, "bench.pdf", "application/pdf"))


def worker_app():
    """The console's app for a worker process, its printer warmed up with a one-page document."""
    from app import create_app
    from exports.official_document import TEMPLATES
    from exports.pdf import render_pdf

    app = create_app()
    render_pdf(
        TEMPLATES.get_template("documents/page_numbers.html").render(
            rule_book="dang_36", first=2, sizes=[(595.28, 841.89)], pages=[0]
        )
    )
    return app


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    server, folder, uri = None, None, os.environ.get("MONGODB_URI")
    if not uri:
        folder = tempfile.mkdtemp(prefix="bench-parts-")
        server = LocalMongod(folder).start()
        uri = server.uri
    try:
        run_cases(uri, args.runs)
    finally:
        if server is not None:
            server.stop()
            shutil.rmtree(folder, ignore_errors=True)


def run_cases(uri, runs):
    from app import create_app
    from bench.documents import _draft
    from exports import official_document as printing
    from exports.pdf import render_pdf

    create_app({"MONGODB_URI": uri, "MONGODB_DB": DB_NAME, "SECRET_KEY": "bench"})
    started = time.perf_counter()
    document = _draft(ROWS).save()
    print(f"{ROWS} people ready in {time.perf_counter() - started:.0f} s; PART_ROWS = {printing.PART_ROWS}")
    finished = printing.html(document, printing.snapshot(document, DAY), DAY, draft=True)

    def weasyprint_alone():
        data = render_pdf(finished)
        gc.collect()
        return data

    cases = {
        "weasyprint": lambda: timed(weasyprint_alone),
        "sequential": lambda: timed(lambda: printing.preview(document, DAY)),
        "jobs-1": lambda: through_jobs(uri, document, 1),
        "jobs-2": lambda: through_jobs(uri, document, 2),
    }
    weasyprint_alone()  # this process's printer warmed up, as the workers' are
    samples = {name: [] for name in cases}
    for run in range(runs):
        for name, case in cases.items():
            data, seconds = case()
            samples[name].append(seconds)
            print(f"  run {run + 1} {name:<10} {seconds:6.2f} s  (load average {os.getloadavg()[0]:.2f})")
            if not run:
                print(f"{name:<10}  {check(data)} pages, every row once")
    for name, times in samples.items():
        each = ", ".join(f"{t:.2f}" for t in times)
        print(f"{name:<10}  best {min(times):6.2f} s  median {statistics.median(times):6.2f} s   ({each})")
    for estimate in (min, statistics.median):
        best = {name: estimate(times) for name, times in samples.items()}
        print(
            f"{estimate.__name__:<6}  jobs-2 / jobs-1 = {best['jobs-2'] / best['jobs-1']:.2f}   "
            f"jobs-1 / sequential = {best['jobs-1'] / best['sequential']:.2f}   "
            f"jobs-2 / weasyprint = {best['jobs-2'] / best['weasyprint']:.2f}"
        )


def timed(case):
    started = time.perf_counter()
    data = case()
    return data, time.perf_counter() - started


def through_jobs(uri, document, workers):
    """Print `document` through a job with `workers` worker processes: the PDF and the seconds
    from the job queued to the job done (the workers' start and stop are not timed)."""
    env = {
        **os.environ,
        "MONGODB_URI": uri,
        "MONGODB_DB": DB_NAME,
        "SECRET_KEY": "bench",
        "JOB_POLL_SECONDS": "0.1",
        "PYTHONUNBUFFERED": "1",
    }
    command = [sys.executable, "-m", "flask", "--app", "bench.document_parts:worker_app", "jobs", "work"]
    processes = [
        subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        for _ in range(workers)
    ]
    try:
        for process in processes:
            assert "Đang nhận công việc" in process.stdout.readline().decode()
        started = time.perf_counter()
        job = Job.enqueue(KIND, "In danh sách 2.000 người", {"document": document.pk})
        while Job.objects(pk=job.pk, state__in=FINISHED).count() == 0:
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        job.reload()
        assert job.state == "done", job.error
        parts = Job.objects(parent=job.pk)
        print(f"  jobs-{workers}: {parts.count()} parts by {len(set(parts.scalar('worker')))} worker(s)")
        return job.file().read(), seconds
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait()
            process.stdout.close()


def check(data):
    """The PDF's pages, checked: each of the names once."""
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    missing = [n for n in range(ROWS) if text.count(f"Nguyễn Thị Hường {n:04d}") != 1]
    assert not missing, f"rows not printed once: {missing[:5]}"
    return len(reader.pages)


if __name__ == "__main__":
    main()
