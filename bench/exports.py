"""Benchmark of a 200,000-row household export run as a background job (`exports.list_export`).

Enqueues the export an admin's "Xuất XLSX" (then "Xuất CSV") of the whole household list would,
runs it in a worker subprocess (`flask --app app jobs work`, as in production) and reports the
job's wall time, the rows per second, the file's size, and the worker's memory: its resident
size idle before the job and its peak (`ru_maxrss` from `os.wait4` once it exits). Target: peak
under 200 MB.

    .venv/bin/python -m bench.exports [--rows 200000] [--types xlsx,csv]

Uses MONGODB_URI when set; otherwise the benchmark mongod under var/bench-mongod. Its own
database (bantochuc_bench_exports) holds the rows, generated once (about half a minute) and
reused while their count matches.
"""

import argparse
import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from bson import ObjectId

from documents.database import LocalMongod

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "bantochuc_bench_exports"
HEADS = ["Nguyễn Văn An", "Hoàng Thị Bình", "Lường Văn Chung", "Vi Thị Dung", "Nông Văn Đức", "Hà Thị Giang"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--types", default="xlsx,csv")
    args = parser.parse_args()
    server = None
    uri = os.environ.get("MONGODB_URI")
    if not uri:
        server = LocalMongod(ROOT / "var" / "bench-mongod").start()
        uri = server.uri
    try:
        run(uri, args.rows, args.types.split(","))
    finally:
        if server is not None:
            server.stop()


def run(uri, rows, types):
    from app import create_app

    app = create_app({"MONGODB_URI": uri, "MONGODB_DB": DB_NAME, "SECRET_KEY": "bench"})
    with app.app_context():
        admin = prepare(rows)
        for export_type in types:
            measure(uri, admin, export_type, rows)


def prepare(rows):
    """The tree, a definition adding a date and a sum of money, `rows` households, an admin."""
    from documents import FieldDefinition, FormDefinition, Household, Unit, User
    from documents.job import Job

    Job.objects.delete()
    admin = User.objects(username="bench").first()
    if admin is None:
        admin = User(username="bench", role="admin")
        admin.set_password("bench-password-0")
        admin.save()
    if Household.objects.count() == rows:
        return admin
    started = time.perf_counter()
    for document in (Household, Unit, FormDefinition):
        document._get_collection().delete_many({})
    province = Unit(kind="tinh", code="20", name="Lạng Sơn").save()
    hamlets = []
    for c in range(10):
        commune = Unit(kind="xa", code=f"06{c:03}", name=f"Xã số {c + 1}", parent=province).save()
        for h in range(20):
            # Hamlet names repeat from one commune to the next, as they do.
            hamlets.append(
                Unit(kind="thon", code=f"06{c:03}{h:02}", name=f"Nà Pái {h + 1}", parent=commune).save()
            )
    FormDefinition(
        code="ho_rs",
        name="Thông tin hộ rà soát",
        family="household",
        fields=[
            FieldDefinition(key="ngay", label="Ngày rà soát", type="date"),
            FieldDefinition(key="no", label="Dư nợ", type="money"),
        ],
    ).save()
    templates = []
    for hamlet in hamlets:
        template = Household(code="X", head_name="Nguyễn Văn An", hamlet=hamlet, size=3)
        template.clean()
        templates.append(template.to_mongo().to_dict())
    batch = []
    for n in range(rows):
        son = templates[n % len(templates)]
        values = {"ngay": datetime.datetime(2025, 1 + n % 12, 1 + n % 28), "no": 1_000_000 + n}
        head = f"{HEADS[n % len(HEADS)]} {n}"
        batch.append({**son, "_id": ObjectId(), "code": f"H{n:07}", "head_name": head, "size": 1 + n % 9})
        batch[-1]["values"] = values
        if len(batch) == 10_000:
            Household._get_collection().insert_many(batch)
            batch = []
    if batch:
        Household._get_collection().insert_many(batch)
    print(f"{rows:,} households generated in {time.perf_counter() - started:.0f} s")
    return admin


def measure(uri, admin, export_type, rows):
    from documents.job import Job, files
    from exports.list_export import KIND, file_name

    env = {**os.environ, "MONGODB_URI": uri, "MONGODB_DB": DB_NAME, "JOB_POLL_SECONDS": "0.1"}
    command = [sys.executable, "-m", "flask", "--app", "app", "jobs", "work"]
    worker = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE)
    worker.stdout.readline()  # "Đang nhận công việc...": its app is built, it waits for work
    time.sleep(0.5)
    idle = resident_mb(worker.pid)
    job = Job.enqueue(
        KIND,
        f"Xuất Hộ gia đình ({export_type.upper()})",
        parameters={
            "endpoint": "household",
            "url": "/admin/household/",
            "type": export_type,
            "name": file_name("Hộ gia đình", export_type),
        },
        user=admin,
    )
    started = time.perf_counter()
    while True:
        job.reload()
        if job.state not in ("queued", "running"):
            break
        time.sleep(0.2)
    wall = time.perf_counter() - started
    worker.send_signal(signal.SIGTERM)
    _, _, usage = os.wait4(worker.pid, 0)
    worker.returncode = 0
    worker.stdout.close()
    peak = usage.ru_maxrss / 1024  # kilobytes on Linux
    if job.state != "done":
        raise SystemExit(f"the export ended {job.state}: {job.error}")
    ran = (job.finished_at - job.started_at).total_seconds()
    print(
        f"{export_type.upper()}: {job.done:,} rows in {ran:.1f} s in the worker ({wall:.1f} s from the "
        f"click), {job.done / ran:,.0f} rows/s, file {job.result_size / 1e6:.1f} MB; worker RSS idle "
        f"{idle:.0f} MB, peak {peak:.0f} MB"
    )
    files().delete(job.result_file)
    assert job.done == rows


def resident_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


if __name__ == "__main__":
    main()
