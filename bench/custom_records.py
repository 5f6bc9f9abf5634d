"""Benchmark of a list of one defined kind, filtered and sorted on defined fields.

100,000 records of one stand-alone kind. Each case requests the list through the Flask test
client as a signed-in admin; in the same run the same list is filtered and sorted on a fixed,
indexed field of the same records (under a hamlet, by name), which is the baseline the issue
names. Prints p50 and p95 in milliseconds and the defined-field p95 over the fixed-field p95.

    .venv/bin/python -m bench.custom_records [--runs 60]

Uses MONGODB_URI when set; otherwise the benchmark mongod under var/bench-mongod (its own
database: the records are generated once, in about half a minute, and reused).
"""

import datetime
import html
import random
import re
import time
from pathlib import Path

from bson import ObjectId

from admin.paging import Cursor
from bench.lists import run_benchmark, signed_in_client, timed
from documents import CustomRecord, FieldDefinition, FormDefinition, Unit, text
from documents.custom_record import ensure_field_indexes

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "bantochuc_bench_records"
KIND = "bench_mo_hinh"
RECORDS = 100_000
PROGRESS = ["Đang triển khai", "Hoàn thành kế hoạch năm", "Chậm tiến độ"]


def main():
    run_benchmark(__doc__, run_cases)


def generate():
    """A commune with ten hamlets, the kind's definition and its 100,000 records (once)."""
    commune = Unit.objects(code="BENCH").first() or Unit(kind="xa", code="BENCH", name="Xã Thử Tải").save()
    hamlets = list(Unit.objects(parent=commune))
    for n in range(len(hamlets), 10):
        hamlets.append(
            Unit(kind="thon", code=f"BENCH-{n:02d}", name=f"Thôn Số {n + 1}", parent=commune).save()
        )
    if not FormDefinition.objects(code=KIND).first():
        FormDefinition(
            code=KIND,
            name="Mô hình (thử tải)",
            fields=[
                FieldDefinition(
                    key="so_de", label="Số dê", type="integer", measure="con", in_list=True, filterable=True
                ),
                FieldDefinition(
                    key="tinh_trang",
                    label="Tình trạng",
                    type="choice",
                    choices=PROGRESS,
                    in_list=True,
                    filterable=True,
                ),
                FieldDefinition(
                    key="dien_tich", label="Diện tích", type="decimal", measure="ha", in_list=True
                ),
            ],
        ).save()
    ensure_field_indexes()
    collection = CustomRecord._get_collection()
    missing = RECORDS - collection.count_documents({"kind": KIND})
    rng = random.Random(7)
    now = datetime.datetime(2026, 11, 25)
    batch = []
    for n in range(missing):
        hamlet = hamlets[n % len(hamlets)]
        name = f"Mô hình {rng.choice(['nuôi dê', 'trồng rừng', 'dược liệu', 'phân loại rác'])} số {n:06d}"
        batch.append(
            {
                "_id": ObjectId(),
                "kind": KIND,
                "name": name,
                "unit": hamlet.pk,
                "ancestors": [*hamlet.ancestors, hamlet.pk],
                "sort_name": text.sort_key(name),
                "search_terms": text.search_terms(name),
                "search_exact": text.exact_terms(name),
                "values": {
                    "so_de": rng.randint(0, 1000),
                    "tinh_trang": rng.choice(PROGRESS),
                    "dien_tich": round(rng.uniform(0, 100), 1),
                },
                "definition_version": 1,
                "version": 0,
                "created_at": now,
                "updated_at": now,
                "attachments": [],
            }
        )
        if len(batch) == 10_000:
            collection.insert_many(batch)
            batch = []
    if batch:
        collection.insert_many(batch)
    CustomRecord.ensure_indexes()
    return hamlets[0]


def run_cases(uri, runs):
    from app import create_app

    app = create_app({"MONGODB_URI": uri, "MONGODB_DB": DB_NAME, "SECRET_KEY": "bench"})
    started = time.perf_counter()
    hamlet = generate()
    print(
        f"data ready in {time.perf_counter() - started:.0f} s: "
        f"{CustomRecord.objects(kind=KIND).count()} records"
    )
    client = signed_in_client(app)

    view = next(v for v in app.extensions["admin"][0]._views if v.endpoint == "record")
    with app.test_request_context(f"/admin/record/?kind={KIND}"):
        args = {(flt.name, flt.operation()): arg for arg, (_, flt) in view._filter_args.items()}
        columns = [name for name, _ in view._list_columns]
    at_least = f"flt0_{args[('Số dê', 'từ')]}"
    progress = f"flt0_{args[('Tình trạng', 'là')]}"
    under = f"flt0_{args[('Thuộc đơn vị', 'là')]}"
    sort_goats, sort_progress = columns.index("v_so_de"), columns.index("v_tinh_trang")
    base = f"/admin/record/?kind={KIND}"

    def deep(raw, sort, offset):
        row = CustomRecord._get_collection().find(raw).sort([(sort, 1), ("_id", 1)]).skip(offset).limit(1)[0]
        value = row["values"]["so_de"] if sort == "values.so_de" else row[sort]
        return "&after=" + Cursor(0, value, row["_id"]).encode(), (sort, value, row["_id"])

    goats_raw = {"kind": KIND, "values.so_de": {"$gte": 200}}
    under_raw = {"kind": KIND, "ancestors": hamlet.pk}
    goats_after, goats_cursor = deep(goats_raw, "values.so_de", 40_000)
    under_after, under_cursor = deep(under_raw, "sort_name", 8_000)
    # (case, URL, raw filter, sort field, cursor), the defined-field cases each beside a fixed one
    first_fixed = (
        "fixed: under a hamlet, by name, page 1",
        f"{base}&{under}={hamlet.pk}",
        under_raw,
        "sort_name",
        None,
    )
    pairs = [
        (("defined number: Số dê ≥ 200, by Số dê, page 1",
          f"{base}&{at_least}=200&sort={sort_goats}", goats_raw, "values.so_de", None),
         first_fixed),
        (("defined number: same, page past row 40,000",
          f"{base}&{at_least}=200&sort={sort_goats}{goats_after}", goats_raw, "values.so_de", goats_cursor),
         ("fixed: same, page past row 8,000", f"{base}&{under}={hamlet.pk}{under_after}", under_raw,
          "sort_name", under_cursor)),
        (("defined choice: Chậm tiến độ, by Tình trạng",
          f"{base}&{progress}=Chậm tiến độ&sort={sort_progress}",
          {"kind": KIND, "values.tinh_trang": "Chậm tiến độ"}, "values.tinh_trang", None),
         first_fixed),
    ]  # fmt: skip  # a table of cases, one case a row

    print(f"\n{runs} runs per case, milliseconds\n")
    header = f"{'case':52} {'p50':>7} {'p95':>7}   {'fixed-field case':40} {'p50':>7} {'p95':>7} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    for defined, fixed in pairs:
        measured = []
        for name, url, raw, sort, cursor in (defined, fixed):
            check_same_rows(client, name, url, raw, sort, cursor)

            def request(url=url):
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)

            measured.append(timed(request, runs))
        (p50, p95), (fixed_p50, fixed_p95) = measured
        print(
            f"{defined[0]:52} {p50:7.1f} {p95:7.1f}   {fixed[0]:40} {fixed_p50:7.1f} {fixed_p95:7.1f} "
            f"{p95 / fixed_p95:6.2f}"
        )


def check_same_rows(client, name, url, raw, sort, cursor):
    """The view lists the rows the bare query finds, in its order: a case that ignored its filter fails."""
    query = dict(raw)
    if cursor is not None:
        field, value, pk = cursor
        query = {"$and": [raw, {field: {"$gte": value}, "$nor": [{field: value, "_id": {"$lte": pk}}]}]}
    found = CustomRecord._get_collection().find(query).sort([(sort, 1), ("_id", 1)]).limit(20)
    plan = str(found.explain()["queryPlanner"]["winningPlan"])
    assert "'SORT'" not in plan, (name, "sorted in memory, not read from an index")
    rows = CustomRecord._get_collection().find(query).sort([(sort, 1), ("_id", 1)]).limit(20)
    expected = [html.escape(row["name"]) for row in rows]
    listed = re.findall(r'<td class="col-name">\s*(.*?)\s*</td>', client.get(url).get_data(as_text=True))
    assert listed == expected and len(listed) == 20, (name, listed[:3], expected[:3])


if __name__ == "__main__":
    main()
