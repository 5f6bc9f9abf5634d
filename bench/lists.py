"""Benchmark of the people and households list views at province scale.

Measures each case through the Flask test client (the whole view: query, references, template),
and beside it, in the same run, the bare pymongo query for the same page plus rendering the same
rows in a plain Jinja table. Prints p50 and p95 in milliseconds and the ratio of the two.

    .venv/bin/python -m bench.lists [--runs 60]

Uses MONGODB_URI when set; otherwise a mongod with its data kept under var/bench-mongod, so the
province is generated once (a few minutes) and reused by later runs.
"""

import argparse
import os
import statistics
import time
from pathlib import Path

from jinja2 import Template

from admin.paging import Cursor
from documents import Household, Person, Unit, User
from documents.database import LocalMongod

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "bantochuc_bench"
PASSWORD = "bench-password-0"

TABLE = Template(
    "<table>{% for row in rows %}<tr>{% for value in row %}<td>{{ value }}</td>{% endfor %}</tr>"
    "{% endfor %}</table>"
)


def percentile(samples, share):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def timed(run, runs):
    run()  # warm caches and connections once
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), percentile(samples, 0.95)


def bare_page(document, raw_filter, sort, columns, references, after=None):
    """The same page through pymongo alone: one find, one find per referenced collection, a table."""
    collection = document._get_collection()
    query = dict(raw_filter)
    if after is not None:
        field, value, pk = after
        query = {"$and": [query, {"$or": [{field: {"$gt": value}}, {field: value, "_id": {"$gt": pk}}]}]}
    rows = list(collection.find(query).sort([(sort, 1), ("_id", 1)]).limit(20))
    names = {}
    for field, target in references.items():
        ids = {row[field] for row in rows if row.get(field)}
        names[field] = {d["_id"]: d for d in target._get_collection().find({"_id": {"$in": list(ids)}})}
    table = [
        [row.get(c) for c in columns] + [names[f].get(row.get(f), {}).get("name") for f in references]
        for row in rows
    ]
    return TABLE.render(rows=table)


def cursor_at(document, sort, offset):
    """The cursor of the row at `offset` in `sort` order (setup, not timed)."""
    row = (
        document._get_collection().find({}, {sort: 1}).sort([(sort, 1), ("_id", 1)]).skip(offset).limit(1)[0]
    )
    return row[sort], row["_id"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()

    server = None
    uri = os.environ.get("MONGODB_URI")
    if not uri:
        server = LocalMongod(ROOT / "var" / "bench-mongod").start()
        uri = server.uri
    try:
        run_cases(uri, args.runs)
    finally:
        if server is not None:
            server.stop()


def run_cases(uri, runs):
    from app import create_app
    from documents.demo import PROVINCE, load_demo

    app = create_app({"MONGODB_URI": uri, "MONGODB_DB": DB_NAME, "SECRET_KEY": "bench"})
    started = time.perf_counter()
    load_demo(PROVINCE)
    print(
        f"data ready in {time.perf_counter() - started:.0f} s: {Unit.objects.count()} units, "
        f"{Household.objects.count()} households, {Person.objects.count()} people"
    )
    if not User.objects(username="bench").first():
        user = User(username="bench", role="admin")
        user.set_password(PASSWORD)
        user.save()

    client = app.test_client()
    login = client.get("/login").get_data(as_text=True)
    token = login.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/login", data={"username": "bench", "password": PASSWORD, "csrf_token": token})

    commune = Unit.objects(kind="xa").order_by("code").first()
    household_deep = cursor_at(Household, "code", 100_000)
    person_deep = cursor_at(Person, "full_name", 40_000)
    people_under = {"ancestors": commune.pk}
    cases = [
        ("people, page 1", "/admin/person/", Person, {}, "full_name", None),
        (
            "people, page past row 40,000",
            "/admin/person/?after=" + Cursor(0, person_deep[0], person_deep[1]).encode(),
            Person,
            {},
            "full_name",
            person_deep,
        ),
        (
            "people, search 'nguyen van'",
            "/admin/person/?search=nguyen+van",
            Person,
            {"$and": [{"search_terms": {"$regex": "^nguyen"}}, {"search_terms": {"$regex": "^van"}}]},
            "full_name",
            None,
        ),
        (
            f"people, filter under {commune.name}",
            f"/admin/person/?flt0_0={commune.pk}",
            Person,
            people_under,
            "full_name",
            None,
        ),
        ("households, page 1", "/admin/household/", Household, {}, "code", None),
        (
            "households, page past row 100,000",
            "/admin/household/?after=" + Cursor(0, household_deep[0], household_deep[1]).encode(),
            Household,
            {},
            "code",
            household_deep,
        ),
        (
            "households, search 'hoang thi'",
            "/admin/household/?search=hoang+thi",
            Household,
            {"$and": [{"search_terms": {"$regex": "^hoang"}}, {"search_terms": {"$regex": "^thi"}}]},
            "code",
            None,
        ),
        (
            "households, filter poor",
            "/admin/household/?flt1_0=ngheo",
            Household,
            {"poverty": "ngheo"},
            "code",
            None,
        ),
    ]
    references = {Person: {"unit": Unit}, Household: {"hamlet": Unit, "member_in_charge": Person}}
    columns = {
        Person: ["full_name", "gender", "birth_year", "category"],
        Household: ["code", "head_name", "size", "poverty"],
    }

    print(f"\n{runs} runs per case, milliseconds\n")
    header = f"{'case':42} {'view p50':>9} {'view p95':>9} {'bare p50':>9} {'bare p95':>9} {'p95 ratio':>9}"
    print(header)
    print("-" * len(header))
    for name, url, document, raw, sort, after in cases:

        def view(url=url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        def bare(document=document, raw=raw, sort=sort, after=after):
            bare_page(
                document,
                raw,
                sort,
                columns[document],
                references[document],
                after=(sort, *after) if after else None,
            )

        view_p50, view_p95 = timed(view, runs)
        bare_p50, bare_p95 = timed(bare, runs)
        print(
            f"{name:42} {view_p50:9.1f} {view_p95:9.1f} {bare_p50:9.1f} {bare_p95:9.1f} "
            f"{view_p95 / bare_p95:9.1f}"
        )


if __name__ == "__main__":
    main()
