"""Benchmark of the people and households list views at province scale.

Measures each case through the Flask test client (the whole view: sign-in check, query,
references, template) and beside it, in the same run, the baseline the issue names: the bare
pymongo query for the same page (one find, one find per referenced collection), plus rendering
the same page from rows fetched beforehand (the view's list query replaced by those rows).
Prints p50 and p95 in milliseconds and view p95 / (bare p95 + render p95).

    .venv/bin/python -m bench.lists [--runs 60]

Uses MONGODB_URI when set; otherwise a mongod with its data kept under var/bench-mongod, so the
province is generated once (a few minutes) and reused by later runs.
"""

import argparse
import html
import os
import re
import statistics
import time
from contextlib import contextmanager
from pathlib import Path

from flask import g

from admin.paging import Cursor, Page
from documents import Household, PartyOrganization, Person, Unit, User
from documents.database import LocalMongod

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "bantochuc_bench"
PASSWORD = "bench-password-0"


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


def bare_page(document, raw_filter, sort, references, after=None):
    """The same page through pymongo alone: one find, one find per referenced collection."""
    collection = document._get_collection()
    query = dict(raw_filter)
    if after is not None:
        field, value, pk = after
        query = {"$and": [query, {field: {"$gte": value}, "$nor": [{field: value, "_id": {"$lte": pk}}]}]}
    rows = list(collection.find(query).sort([(sort, 1), ("_id", 1)]).limit(20))
    referenced = {}
    for field, target in references.items():
        ids = list({row[field] for row in rows if row.get(field)})
        referenced[field] = {d["_id"]: d for d in target._get_collection().find({"_id": {"$in": ids}})}
    return rows, referenced


def as_documents(document, references, rows, referenced):
    """Documents for `rows` with their references already in place, as the view would have them."""
    documents = []
    for row in rows:
        doc = document._from_son(row)
        for field, target in references.items():
            if row.get(field) in referenced[field]:
                doc._data[field] = target._from_son(referenced[field][row[field]])
        documents.append(doc)
    return documents


@contextmanager
def prefetched(view, rows):
    """Serve the view's list from `rows`: what is left is the page's rendering."""
    page = Page(rows=rows, has_next=True, has_prev=True, next_cursor="x", prev_cursor="x")

    def get_list(*args, **kwargs):
        g.page = page
        return None, rows

    view.get_list = get_list
    try:
        yield
    finally:
        del view.get_list


def signed_in_client(app):
    """A test client signed in as the benchmark's admin (created on first use)."""
    if not User.objects(username="bench").first():
        user = User(username="bench", role="admin")
        user.set_password(PASSWORD)
        user.save()
    client = app.test_client()
    login = client.get("/login").get_data(as_text=True)
    token = login.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/login", data={"username": "bench", "password": PASSWORD, "csrf_token": token})
    return client


def editor_client(app, unit, username):
    """A test client signed in as an editor of `unit` (the account is set up every run)."""
    user = User.objects(username=username).first() or User(username=username)
    user.role, user.unit, user.active = "editor", unit, True
    user.set_password(PASSWORD)
    user.save()
    client = app.test_client()
    login = client.get("/login").get_data(as_text=True)
    token = login.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302, f"sign-in of {username} answered {response.status_code}"
    return client


def cursor_at(document, sort, offset):
    """The cursor of the row at `offset` in `sort` order (setup, not timed)."""
    row = (
        document._get_collection().find({}, {sort: 1}).sort([(sort, 1), ("_id", 1)]).skip(offset).limit(1)[0]
    )
    return row[sort], row["_id"]


def main():
    run_benchmark(__doc__, run_cases)


def run_benchmark(doc, run_cases):
    """Parse `--runs`, then `run_cases(uri, runs)` on MONGODB_URI or the benchmark mongod."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
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
    client = signed_in_client(app)

    commune = Unit.objects(kind="xa").order_by("code").first()
    person_deep = cursor_at(Person, "sort_name", 40_000)
    household_deep = cursor_at(Household, "code", 100_000)
    words = {"nguyen van": ["nguyen", "van"], "hoang thi": ["hoang", "thi"]}

    def search(term):
        return {"$and": [{"search_terms": {"$regex": f"^{w}"}} for w in words[term]]}

    def deep(cursor):
        return "?after=" + Cursor(0, *cursor).encode()

    # (case, URL, document, the same filter in raw MongoDB, sort field, cursor)
    cases = [
        ("people, page 1", "/admin/person/", Person, {}, "sort_name", None),
        ("people, page past row 40,000", "/admin/person/" + deep(person_deep), Person, {}, "sort_name",
         person_deep),
        ("people, search 'nguyen van'", "/admin/person/?search=nguyen+van", Person, search("nguyen van"),
         "sort_name", None),
        (f"people, filter under {commune.name}", f"/admin/person/?flt0_0={commune.pk}", Person,
         {"ancestors": commune.pk}, "sort_name", None),
        ("households, page 1", "/admin/household/", Household, {}, "code", None),
        ("households, page past row 100,000", "/admin/household/" + deep(household_deep), Household, {},
         "code", household_deep),
        ("households, search 'hoang thi'", "/admin/household/?search=hoang+thi", Household,
         search("hoang thi"), "code", None),
        ("households, filter poor", "/admin/household/?flt0_1=ngheo", Household, {"poverty": "ngheo"},
         "code", None),
    ]  # fmt: skip  # a table of cases, one case a row
    references = {
        Person: {"unit": Unit, "party_organization": PartyOrganization},
        Household: {"hamlet": Unit, "member_in_charge": Person},
    }
    views = {view.endpoint: view for view in app.extensions["admin"][0]._views}
    endpoints = {Person: "person", Household: "household"}

    print(f"\n{runs} runs per case, milliseconds\n")
    header = (
        f"{'case':36} {'view p50':>8} {'view p95':>8} {'bare p50':>8} {'bare p95':>8} "
        f"{'render p50':>10} {'render p95':>10} {'ratio':>6}"
    )
    print(header)
    print("-" * len(header))
    for name, url, document, raw, sort, after in cases:
        refs = references[document]
        cursor = (sort, *after) if after else None

        def view(url=url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        def bare(document=document, raw=raw, sort=sort, refs=refs, cursor=cursor):
            bare_page(document, raw, sort, refs, after=cursor)

        # The two sides must show the same page, or the comparison means nothing.
        column = {Person: "full_name", Household: "code"}[document]
        listed = re.findall(
            rf'<td class="col-{column}">\s*(.*?)\s*</td>', client.get(url).get_data(as_text=True)
        )
        expected = [html.escape(row[column]) for row in bare_page(document, raw, sort, refs, after=cursor)[0]]
        assert listed == expected, (name, listed[:3], expected[:3])

        view_p50, view_p95 = timed(view, runs)
        bare_p50, bare_p95 = timed(bare, runs)
        rows = as_documents(document, refs, *bare_page(document, raw, sort, refs, after=cursor))
        with prefetched(views[endpoints[document]], rows):
            render_p50, render_p95 = timed(view, runs)
        ratio = view_p95 / (bare_p95 + render_p95)
        print(
            f"{name:36} {view_p50:8.1f} {view_p95:8.1f} {bare_p50:8.1f} {bare_p95:8.1f} "
            f"{render_p50:10.1f} {render_p95:10.1f} {ratio:6.2f}"
        )


if __name__ == "__main__":
    main()
