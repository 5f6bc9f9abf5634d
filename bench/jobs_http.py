"""The people list over HTTP while long documents print (issue 10): p95 beside the same page with
nothing printing, in the same run.

Serves the console as `make run` does (`app.gunicorn_command`: 2 gthread processes of 4 threads)
with `--jobs` job worker processes (`flask --app app jobs work`), on the demo district (about
4,000 people) in a throwaway mongod. Three drafts of 2,000 rows each (lists of the district's
people, as «In văn bản» makes them) are previewed through the console's own form, so three
print jobs are queued at once; the people list is timed first with nothing printing, then for as
long as the prints last. Goal: p95 under 150 ms while they print.

    .venv/bin/python -m bench.jobs_http [--runs 200] [--jobs 1] [--rows 2000] [--port 5180]
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.lists import PASSWORD, ROOT, percentile
from bench.lists_http import Client, stop, wait_ready
from documents.database import LocalMongod

DB_NAME = "bantochuc_bench_jobs"
SECRET = "bench-jobs"
PAGE = "/admin/person/"
DOCUMENTS = 3


def prepare(uri, rows):
    """The demo district, an admin, and DOCUMENTS drafts of `rows` rows each; their ids."""
    from app import create_app
    from documents import IssuingBody, Person, Unit, User
    from documents.demo import DISTRICT, load_demo
    from exports.official_document import new_draft

    create_app({"MONGODB_URI": uri, "MONGODB_DB": DB_NAME, "SECRET_KEY": SECRET})
    if not Unit.objects.count():
        load_demo(DISTRICT)
    user = User.objects(username="bench").first() or User(username="bench")
    user.role, user.active = "admin", True
    user.set_password(PASSWORD)
    user.save()
    body = IssuingBody.objects(abbreviation="BTCHU").first() or IssuingBody.objects.first()
    people = list(Person.objects.order_by("sort_name").only("full_name", "birth_year").limit(rows))
    people = (people * (rows // max(1, len(people)) + 1))[:rows]
    table = {
        "columns": ["STT", "Họ và tên", "Năm sinh"],
        "rows": [[n, p.full_name, str(p.birth_year)] for n, p in enumerate(people, 1)],
        "numeric": [],
        "widths": [10, 60, 30],
    }
    ids = []
    for n in range(DOCUMENTS):
        parameters = {"layout": "danh_sach", "title": f"danh sách thử {n + 1}", "list_name": "Nhân sự",
                      "filters": "", "table": table}  # fmt: skip
        draft = new_draft("bang_danh_sach", body, body.unit, summary=f"Danh sách thử {n + 1}",
                          document_type="DS", parameters=parameters)  # fmt: skip
        draft.save()
        ids.append(str(draft.pk))
    return ids


def timed(client, runs):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        status, _ = client.get(PAGE)
        samples.append((time.perf_counter() - start) * 1000)
        assert status == 200, status
    return samples


def while_printing(client, uri, started):
    """People-list timings for as long as a print job is queued or running."""
    import pymongo

    jobs = pymongo.MongoClient(uri)[DB_NAME]["jobs"]
    samples, finished = [], threading.Event()

    def watch():
        while jobs.count_documents({"state": {"$in": ["queued", "running"]}}):
            time.sleep(0.2)
        finished.set()

    threading.Thread(target=watch, daemon=True).start()
    while not finished.is_set():
        samples += timed(client, 1)
    ended = list(jobs.find({"parent": None}, {"state": 1, "started_at": 1, "finished_at": 1, "error": 1}))
    return samples, ended, time.perf_counter() - started


def line(name, samples):
    return (
        f"| {name} | {len(samples)} | {statistics.median(samples):.0f} | {percentile(samples, 0.95):.0f} | "
        f"{max(samples):.0f} |"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="requests with nothing printing")
    parser.add_argument("--jobs", type=int, default=1, help="job worker processes (make run: 1)")
    parser.add_argument("--rows", type=int, default=2000, help="rows of each document")
    parser.add_argument("--port", type=int, default=5180)
    args = parser.parse_args()

    folder = tempfile.TemporaryDirectory(prefix="bench-jobs-")
    mongod = LocalMongod(Path(folder.name)).start()
    processes = []
    try:
        ids = prepare(mongod.uri, args.rows)
        env = {**os.environ, "MONGODB_URI": mongod.uri, "MONGODB_DB": DB_NAME, "SECRET_KEY": SECRET}
        from app import gunicorn_command

        log = open(Path(folder.name) / "server.log", "w")  # noqa: SIM115 (open for the run)
        web = subprocess.Popen(gunicorn_command(args.port), env=env, cwd=ROOT, start_new_session=True,
                               stdout=log, stderr=log)  # fmt: skip
        processes.append(web)
        wait_ready(web, args.port)
        worker = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "app", "jobs", "work", "--concurrency", str(args.jobs)],
            env=env, cwd=ROOT, start_new_session=True, stdout=log, stderr=log,
        )  # fmt: skip
        processes.append(worker)
        client = Client(args.port)
        client.sign_in("bench")
        timed(client, 10)  # warm up both processes
        idle = timed(client, args.runs)

        started = time.perf_counter()
        for pk in ids:
            details = f"/admin/official_document/details/?id={pk}"
            page = client.get(details)[1].decode()
            token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
            preview = f"/admin/official_document/preview/?id={pk}"
            status, _ = client.request("POST", preview, {"csrf_token": token})
            assert status == 302, f"preview of {pk} answered {status}"
        busy, ended, seconds = while_printing(client, mongod.uri, started)
        assert all(job["state"] == "done" for job in ended), ended
        workers = f"{args.jobs} job worker process(es)"
        print(f"{DOCUMENTS} documents of {args.rows} rows, {workers}: all printed in {seconds:.1f} s")
        print("| people list (/admin/person/) | requests | p50 ms | p95 ms | max ms |")
        print("|---|---|---|---|---|")
        print(line("nothing printing", idle))
        print(line(f"while {DOCUMENTS} documents print", busy))
    finally:
        for process in reversed(processes):
            stop(process)
        mongod.stop()
        folder.cleanup()


if __name__ == "__main__":
    main()
