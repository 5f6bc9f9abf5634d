"""Exports of long lists run as background jobs: the list as its account sees it, streamed into
GridFS a batch at a time, numbers as numbers, days as date cells, the units above each record in
their own columns, the file named with its Vietnamese letters; a killed worker's export is done
again whole by the next one."""

import csv
import datetime
import io
import shutil
import signal
import subprocess
import threading
from urllib.parse import unquote

import openpyxl
import pytest
from bson import ObjectId
from mongoengine.connection import get_db
from mongoengine.context_managers import query_counter

from documents import FieldDefinition, FormDefinition, Household, PartyOrganization, Person, Unit, job_worker
from documents.job import HANDLERS, Job
from exports import list_export
from tests.conftest import login, make_user
from tests.workers import start_worker, stop, wait_for

XLSX = "/admin/household/export/xlsx/"
CSV = "/admin/household/export/csv/"
# The household list's filters, by position: "Thuộc đơn vị" is flt0_0, "Hộ nghèo" flt0_1.
POOR = "flt0_1=ngheo"


@pytest.fixture
def small_limits(app):
    """Lists longer than 3 rows are jobs, read 2 rows at a time, progress said every 2 rows."""
    app.config.update(EXPORT_INLINE_ROWS=3, EXPORT_BATCH_ROWS=2, EXPORT_PROGRESS_ROWS=2)
    return app


@pytest.fixture
def households(small_limits, district):
    """Households in both communes, two hamlets named alike ("Nà Pái" in each commune), a date
    and a sum of money among the fields staff defined."""
    twin = Unit(kind="thon", code="0652702", name="Nà Pái", parent=district["nhan_ly"]).save()
    FormDefinition(
        code="ho_rs",
        name="Thông tin hộ rà soát",
        family="household",
        fields=[
            FieldDefinition(key="ngay", label="Ngày rà soát", type="date"),
            FieldDefinition(key="no", label="Dư nợ", type="money"),
        ],
    ).save()
    rows = [
        ("NQ-01", "Hoàng Văn Lả", district["na_pai"], 4, "ngheo"),
        ("NQ-02", "Lường Thị Mai", district["na_pai"], 3, "khong"),
        ("NQ-03", "Vi Văn Sơn", district["doan_ket"], 6, "ngheo"),
        ("NQ-04", "Hà Thị Nguyệt", district["doan_ket"], 2, "ngheo"),
        ("NL-01", "Nông Văn Tài", twin, 5, "ngheo"),
        ("NL-02", "Chu Thị Hoa", twin, 1, "khong"),
        ("NL-03", "Lộc Văn Bình", district["ban_chanh"], 7, "ngheo"),
    ]
    for n, (code, head, hamlet, size, poverty) in enumerate(rows):
        values = {"ngay": datetime.datetime(2025, 3, 1 + n), "no": 1_500_000 + n}
        Household(code=code, head_name=head, hamlet=hamlet, size=size, poverty=poverty, values=values).save()
    return {**district, "twin": twin}


def run_jobs(app):
    """Run every queued job in this process (an app context of its own, closed before the client
    is used again: the test client and the worker would share `g` otherwise)."""
    with app.app_context():
        job_worker.work(threading.Event(), once=True)


def queued(response):
    """The job a redirect to its page names."""
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    assert "/admin/job/details/?id=" in response.location
    return Job.objects.get(pk=ObjectId(response.location.rsplit("=", 1)[1]))


def fetched(client, job):
    response = client.get(f"/admin/job/file/?id={job.pk}")
    assert response.status_code == 200
    return response


def sheet_rows(data):
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows())
    return [c.value for c in rows[0]], rows[1:]


def test_the_handler_is_registered_with_the_app(app):
    assert HANDLERS[list_export.KIND] is list_export.export_list


def test_a_long_list_is_exported_by_a_job_with_numbers_days_and_unit_paths(admin_client, households):
    response = admin_client.get(f"{XLSX}?{POOR}")
    job = queued(response)
    assert job.kind == "list_export" and job.ancestors == [] and job.parameters["url"].endswith(POOR)
    page = admin_client.get(response.location).get_data(as_text=True)
    assert "đang xuất trong nền" in page
    # A second click on the same list joins the job the first one started.
    assert queued(admin_client.get(f"{XLSX}?{POOR}")).pk == job.pk
    run_jobs(admin_client.application)
    job.reload()
    assert job.state == "done", job.error
    assert (job.done, job.total) == (5, 5) and job.result_name.startswith("Hộ gia đình ")
    titles, rows = sheet_rows(fetched(admin_client, job).data)
    # The commune above each household; its hamlet is in the list's own column, not twice.
    assert titles[0] == "Xã, phường" and "Thôn, tổ" not in titles
    hamlet = titles.index("Thôn, tổ dân phố")
    by_code = {r[titles.index("Mã hộ")].value: r for r in rows}
    assert sorted(by_code) == ["NL-01", "NL-03", "NQ-01", "NQ-03", "NQ-04"]  # the filter: poor only
    # Two hamlets named "Nà Pái": told apart by their commune.
    assert [by_code["NQ-01"][n].value for n in (0, hamlet)] == ["Xã Nam Quan", "Thôn Nà Pái"]
    assert [by_code["NL-01"][n].value for n in (0, hamlet)] == ["Xã Nhân Lý", "Thôn Nà Pái"]
    size = by_code["NQ-03"][titles.index("Số nhân khẩu")]
    assert (size.value, size.data_type) == (6, "n")
    debt = next(c for c, t in zip(by_code["NQ-03"], titles, strict=True) if t.startswith("Dư nợ"))
    assert (debt.value, debt.data_type) == (1_500_002, "n")
    day = by_code["NQ-03"][titles.index("Ngày rà soát")]
    assert day.is_date and day.value == datetime.datetime(2025, 3, 3) and day.number_format == "dd/mm/yyyy"
    # The list's order (by code), kept across batches.
    assert [r[titles.index("Mã hộ")].value for r in rows] == sorted(by_code)


def test_a_long_list_exported_as_csv_by_a_job(admin_client, households):
    job = queued(admin_client.get(CSV))
    run_jobs(admin_client.application)
    job.reload()
    assert job.state == "done" and job.result_type == "text/csv"
    data = fetched(admin_client, job).data
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode().lstrip("\ufeff"))))
    titles = rows[0]
    assert titles[0] == "Xã, phường" and len(rows) == 1 + 7
    row = next(r for r in rows if r[titles.index("Mã hộ")] == "NL-02")
    assert [row[0], row[titles.index("Thôn, tổ dân phố")]] == ["Xã Nhân Lý", "Thôn Nà Pái"]
    assert row[titles.index("Ngày rà soát")] == "06/03/2025" and row[titles.index("Số nhân khẩu")] == "1"


def test_an_editor_exports_only_their_communes_rows(client, households):
    make_user("nam_quan", role="editor", unit=households["nam_quan"])
    login(client, "nam_quan")
    job = queued(client.get(XLSX))
    assert job.ancestors == households["nam_quan"].scope_path()
    run_jobs(client.application)
    job.reload()
    titles, rows = sheet_rows(fetched(client, job).data)
    assert sorted(r[titles.index("Mã hộ")].value for r in rows) == ["NQ-01", "NQ-02", "NQ-03", "NQ-04"]
    assert {r[0].value for r in rows} == {"Xã Nam Quan"}


def test_the_job_file_is_named_with_its_vietnamese_letters(admin_client, households):
    job = queued(admin_client.get(XLSX))
    run_jobs(admin_client.application)
    job.reload()
    disposition = fetched(admin_client, job).headers["Content-Disposition"]
    encoded = disposition.split("filename*=UTF-8''", 1)[1]
    name = unquote(encoded)
    assert name == job.result_name and name.startswith("Hộ gia đình 20") and name.endswith(".xlsx")
    moment = datetime.datetime.strptime(name[len("Hộ gia đình ") : -len(".xlsx")], "%Y-%m-%d %H-%M")
    vietnam = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=7)
    assert abs(vietnam.replace(tzinfo=None) - moment) < datetime.timedelta(minutes=2)


def test_a_viewer_of_another_commune_cannot_fetch_the_export(app, households):
    make_user("nam_quan", role="editor", unit=households["nam_quan"])
    make_user("nhan_ly", role="viewer", unit=households["nhan_ly"])
    editor = app.test_client()
    login(editor, "nam_quan")
    job = queued(editor.get(XLSX))
    run_jobs(app)
    other = app.test_client()
    login(other, "nhan_ly")
    assert other.get(f"/admin/job/file/?id={job.pk}").status_code == 404
    assert other.get(f"/admin/job/details/?id={job.pk}").status_code == 404
    assert editor.get(f"/admin/job/file/?id={job.pk}").status_code == 200


def test_a_short_list_is_still_exported_in_the_request(admin_client, households):
    response = admin_client.get(f"{CSV}?flt0_0={households['twin'].pk}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert Job.objects.count() == 0
    assert "Nông Văn Tài" in response.get_data(as_text=True)


def test_too_many_jobs_is_said_in_words(admin_client, households):
    admin_client.application.config["JOB_ACTIVE_PER_USER"] = 1
    queued(admin_client.get(XLSX))
    response = admin_client.get(CSV, follow_redirects=True)
    assert response.status_code == 200
    assert "công việc đang chờ hoặc đang chạy" in response.get_data(as_text=True)
    assert Job.objects.count() == 1


def test_an_account_no_longer_active_gets_no_file(admin_client, households):
    from documents import User

    job = queued(admin_client.get(XLSX))
    User.objects(username="admin").update(set__active=False)
    run_jobs(admin_client.application)
    job.reload()
    assert job.state == "failed" and "không còn hoạt động" in job.error and job.result_file is None


def test_an_export_reads_a_batch_with_a_few_queries(admin_client, small_limits, district):
    """No query per row: the rows, their hamlets, members and units come a batch at a time."""
    organization = PartyOrganization(kind="chi_bo", name="Chi bộ Nà Pái", unit=district["na_pai"]).save()
    member = Person(
        full_name="Hoàng Văn Tư",
        gender="nam",
        birth_year=1970,
        category="dang_vien",
        unit=district["na_pai"],
        admitted_on=datetime.date(2000, 5, 19),
    )
    member.party_organization = organization
    member.save()
    for n in range(30):
        hamlet = district["na_pai"] if n % 2 else district["ban_chanh"]
        Household(code=f"H-{n:02}", head_name=f"Chủ hộ {n}", hamlet=hamlet, member_in_charge=member).save()
    small_limits.config.update(EXPORT_INLINE_ROWS=100, EXPORT_BATCH_ROWS=100)
    with query_counter() as queries:
        response = admin_client.get(CSV)
    assert response.status_code == 200 and response.get_data(as_text=True).count("Hoàng Văn Tư") == 30
    assert queries < 20, queries  # sign-in, definitions, counts, and one query per collection per batch


# A worker killed in the middle of an export.


def insert_households(hamlet, count):
    """`count` households in `hamlet`, inserted at once (saving each would take minutes)."""
    template = Household(code="X", head_name="Nguyễn Văn An", hamlet=hamlet, size=3)
    template.clean()
    son = template.to_mongo().to_dict()
    docs = []
    for n in range(count):
        docs.append({**son, "_id": ObjectId(), "code": f"K-{n:06}", "size": 1 + n % 9})
    Household._get_collection().insert_many(docs)


def worker(mongod, errors=subprocess.DEVNULL):
    return start_worker(mongod, stderr=errors, EXPORT_BATCH_ROWS=100, EXPORT_PROGRESS_ROWS=500)


def test_a_killed_workers_export_is_done_whole_by_the_next_worker(mongod, admin_client, district):
    insert_households(district["doan_ket"], 20_000)
    job = queued(admin_client.get(XLSX))
    first = worker(mongod)
    try:
        wait_for(lambda: Job.objects(pk=job.pk, done__gt=0).first(), 60, "the first worker's progress")
        stop(first, signal.SIGKILL)
    finally:
        stop(first, signal.SIGKILL)
    killed = Job.objects.get(pk=job.pk)
    assert killed.state == "running" and 0 < killed.done < 20_000
    second = worker(mongod, errors=subprocess.PIPE)
    try:
        done = wait_for(
            lambda: Job.objects(pk=job.pk, state__in=["done", "failed"]).first(), 120, "the second worker"
        )
    finally:
        second.terminate()
        _, errors = second.communicate(timeout=20)
    assert done.state == "done", (done.error, errors.decode()[-2000:])
    assert done.attempts == 2 and (done.done, done.total) == (20_000, 20_000)
    titles, rows = sheet_rows(fetched(admin_client, done).data)
    assert len(rows) == 20_000 and len({r[titles.index("Mã hộ")].value for r in rows}) == 20_000
    db = get_db()
    # Nothing of the interrupted attempt is left: one stored file, its chunks only, no work folder.
    assert db["job_files.files"].count_documents({}) == 1
    assert db["job_files.chunks"].count_documents({"files_id": {"$ne": done.result_file}}) == 0
    assert done.partial_files == []
    with admin_client.application.app_context():
        assert not (list_export.work_root() / str(job.pk)).exists()


def test_work_folders_of_another_database_are_left_alone(app):
    """Two consoles on one machine: one's housekeeping never removes the other's work files."""
    with app.app_context():
        ours = list_export.work_root()
        app.config["MONGODB_DB"] = "another_district"
        theirs = list_export.work_root() / str(ObjectId())
        theirs.mkdir(parents=True)
        app.config["MONGODB_DB"] = "bantochuc_test"
        stale = ours / str(ObjectId())
        stale.mkdir(parents=True)
        try:
            list_export.remove_stale_work_folders()
            assert theirs.is_dir() and not stale.exists()
        finally:
            shutil.rmtree(theirs.parent, ignore_errors=True)


def test_a_sheet_written_in_a_work_folder_keeps_its_column_widths(tmp_path):
    titles = ["Xã, phường", "Mã hộ", "Đảng viên phụ trách"]
    list_export.write_xlsx(
        tmp_path / "x.xlsx", "Hộ gia đình", titles, [[["Xã Nam Quan", "NQ-01", "Lò Văn A"]]], tmp_path
    )
    sheet = openpyxl.load_workbook(tmp_path / "x.xlsx").active
    assert {k: v.width for k, v in sheet.column_dimensions.items()} == {"A": 12, "B": 12, "C": 21}
    assert sheet.freeze_panes == "A2" and [c.value for c in sheet[2]] == ["Xã Nam Quan", "NQ-01", "Lò Văn A"]
