"""Benchmark of the breakthrough-task summary and evaluation table of a district (issue 11).

On the province of `bench.breakthrough_data` (Tỉnh Thử Tải: 20,000 cadres, 60,000 tasks), each
page of district BT-01 is timed through the Flask test client (the whole view: sign-in check,
scope, queries, template), signed in as an admin and as an editor of the district, and beside it,
in the same run, the bare aggregation: the pipeline of the page's named query sent through pymongo
alone, with nothing made of its rows.

- summary (`breakthrough_summary`), for 2023 and for 2025, the last year of the term 2021–2025 (the
  page counts a year's own tasks and the terms running through it): bare is `task_groups`'
  `$match` + `$group`, and the counts of overdue tasks and of term tasks at risk;
- evaluation table (`cadre_rating.table_view`) for 2024: bare is `task_rows`' `$match` +
  `$project`, the cadres' names and the period's evaluations;
- home page with its panel (the district's tasks of this year, at risk and overdue): bare is
  `glance`'s `$facet` aggregation.

Before timing, the page and the bare query must agree on the figures (the run fails otherwise).
Prints p50 and p95 in milliseconds and view p95 / bare p95. Goal: page p95 under 300 ms.

    .venv/bin/python -m bench.breakthrough [--runs 40]

Uses MONGODB_URI when set; otherwise the benchmark mongod under var/bench-mongod (its own
database; the province is generated once, in four to six minutes, and reused).
"""

import datetime
import re
import time
from functools import partial

from bench.lists import editor_client, run_benchmark, signed_in_client, timed
from documents.breakthrough import FINAL_STATES
from documents.breakthrough_conditions import UNIT_INDEX, at_risk_filter
from documents.constants import TASK_STATES

DB_NAME = "bantochuc_bench_breakthrough"
EDITOR = "bench-huyen"
SUMMARY_YEARS = (2023, 2025)
TABLE_YEAR = 2024
TABLE_PAGE = 50


def main():
    run_benchmark(__doc__, run_cases)


def run_cases(uri, runs):
    from app import create_app
    from bench.breakthrough_data import generate
    from documents import BreakthroughTask, Person

    app = create_app({"MONGODB_URI": uri, "MONGODB_DB": DB_NAME, "SECRET_KEY": "bench"})
    started = time.perf_counter()
    district = generate()
    print(
        f"data ready in {time.perf_counter() - started:.0f} s: {Person.objects.count()} people, "
        f"{BreakthroughTask.objects.count()} tasks; district {district.code} "
        f"({BreakthroughTask.objects(ancestors=district.pk).count()} tasks)"
    )
    clients = {"admin": signed_in_client(app), "district": editor_client(app, district, EDITOR)}
    scopes = {"admin": None, "district": {"ancestors": district.pk}}
    today = datetime.date.today()

    summary = "/admin/breakthrough_summary/?unit={}&year={}"
    table = "/admin/cadre_rating/table/?unit={}&year={}"
    cases = []  # (name, client, URL, bare query, the page's figures, the bare query's figures)
    for who, client in clients.items():
        for year in SUMMARY_YEARS:
            day = min(today, datetime.date(year, 12, 31))
            bare = partial(bare_summary, district.pk, year, day, scopes[who])
            url = summary.format(district.pk, year)
            cases.append((f"summary {year}, {who}", client, url, bare, summary_figures, summary_bare_figures))
    for who, client in clients.items():
        day = min(today, datetime.date(TABLE_YEAR, 12, 31))
        bare = partial(bare_table, district.pk, TABLE_YEAR, day)
        url = table.format(district.pk, TABLE_YEAR)
        name = f"evaluation table {TABLE_YEAR}, {who}"
        cases.append((name, client, url, bare, table_figures, table_bare_figures))
    bare = partial(bare_glance, district.pk, today, scopes["district"])
    cases.append(
        ("home page, district", clients["district"], "/admin/", bare, home_figures, home_bare_figures)
    )

    print(f"\n{runs} runs per case, milliseconds\n")
    header = f"{'case':34} {'view p50':>8} {'view p95':>8} {'bare p50':>8} {'bare p95':>8} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    slow = []
    for name, client, url, bare, page_figures, bare_figures in cases:

        def view(client=client, url=url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response.get_data(as_text=True)

        # The two sides must count the same tasks, or the comparison means nothing.
        shown, counted = page_figures(view()), bare_figures(bare())
        assert shown == counted, (name, shown, counted)
        view_p50, view_p95 = timed(view, runs)
        bare_p50, bare_p95 = timed(bare, runs)
        print(
            f"{name:34} {view_p50:8.1f} {view_p95:8.1f} {bare_p50:8.1f} {bare_p95:8.1f} "
            f"{view_p95 / bare_p95:6.2f}"
        )
        if view_p95 >= 300:
            slow.append(name)
    if slow:
        print(f"\np95 at or over 300 ms: {', '.join(slow)}")


def _tasks():
    from documents import BreakthroughTask

    return BreakthroughTask._get_collection()


def _and(*filters):
    kept = [f for f in filters if f]
    return kept[0] if len(kept) == 1 else {"$and": kept}


def _in_year(year):
    return {"start_year": {"$lte": year}, "end_year": {"$gte": year}}


# The summary: the year's tasks under the district grouped by cadre, body, origin, period and
# state (`task_groups`), the overdue tasks and the term tasks at risk on the summary's day.

GROUP_KEY = {"p": "$person", "b": "$body", "o": "$origin", "k": "$period_kind", "s": "$start_year",
             "e": "$end_year", "st": "$state"}  # fmt: skip


def bare_summary(district_id, year, day, scope):
    match = _and({"ancestors": district_id}, _in_year(year), scope)
    pipeline = [{"$match": match}, {"$group": {"_id": GROUP_KEY, "n": {"$sum": 1}}}]
    groups = list(_tasks().aggregate(pipeline, hint=UNIT_INDEX))
    overdue = {"state": {"$nin": list(FINAL_STATES)}, "end_year": {"$lt": day.year}}
    return {
        "groups": groups,
        "overdue": _tasks().count_documents(
            _and({"ancestors": district_id}, overdue, scope), hint=UNIT_INDEX
        ),
        "at_risk": _tasks().count_documents(_and(match, at_risk_filter(day)), hint=UNIT_INDEX),
    }


def summary_bare_figures(found):
    states = {}
    for group in found["groups"]:
        states[group["_id"]["st"]] = states.get(group["_id"]["st"], 0) + group["n"]
    return {
        "persons": len({group["_id"]["p"] for group in found["groups"]}),
        "tasks": sum(group["n"] for group in found["groups"]),
        "overdue": found["overdue"],
        "at_risk": found["at_risk"],
        "states": {name: states[code] for code, name in TASK_STATES if code in states},
    }


def _number(text):
    return int(re.sub(r"\D", "", text))


def summary_figures(page):
    """The figures the summary page shows: its totals line and its table by state."""
    totals = re.search(r'<p class="summary-totals">(.*?)</p>', page, re.S).group(1)
    persons, tasks, overdue, at_risk = (_number(n) for n in re.findall(r"<a [^>]*>([^<]*)</a>", totals))
    by_state = page.split("Theo trạng thái</h3>")[1].split("</table>")[0]
    states = re.findall(r"<tr><td>([^<]*)</td><td[^>]*><a [^>]*>([^<]*)</a></td></tr>", by_state)
    return {
        "persons": persons,
        "tasks": tasks,
        "overdue": overdue,
        "at_risk": at_risk,
        "states": {name: _number(n) for name, n in states},
    }


# The evaluation table: the year's tasks under the district with their achievement on the day
# (`task_rows`), the cadres' names, the period's evaluations.


def bare_table(district_id, year, day):
    from documents import CadreRating, Person

    moment = datetime.datetime.combine(day, datetime.time())
    progress = {"$ifNull": ["$progress", []]}
    on_day = {"$last": {"$filter": {"input": progress, "cond": {"$lte": ["$$this.day", moment]}}}}
    fields = ("person", "post", "body", "state", "period_kind", "start_year", "end_year")
    projection = {
        **dict.fromkeys(fields, 1),
        "achieved": {
            "$cond": [{"$gt": [{"$size": progress}, 0]},
                      {"$let": {"vars": {"p": on_day}, "in": "$$p.percent"}}, "$achieved"]
        },
        "content": {"$substrCP": [{"$ifNull": ["$content", ""]}, 0, 200]},
        "sort_name": {"$substrCP": [{"$ifNull": ["$sort_name", ""]}, 0, 40]},
    }  # fmt: skip
    match = {"ancestors": district_id, **_in_year(year)}
    rows = list(_tasks().aggregate([{"$match": match}, {"$project": projection}]))
    ids = list({row["person"] for row in rows})
    people = list(
        Person._get_collection().find({"_id": {"$in": ids}}, projection={"full_name": 1, "sort_name": 1})
    )
    ratings = list(
        CadreRating._get_collection().find({"ancestors": district_id, "year": year, "quarter": None})
    )
    return {"rows": rows, "people": people, "ratings": ratings}


def table_bare_figures(found):
    """The number of cadres (one per post) and the first page's cadres with their tasks."""
    people = {p["_id"]: p for p in found["people"]}
    cadres = {}
    for row in found["rows"]:
        cadres.setdefault((row["person"], row.get("post") or ""), []).append(row)
    ordered = sorted(cadres, key=lambda key: (people[key[0]].get("sort_name") or "", key[1]))
    first = [
        (people[person]["full_name"], len(cadres[(person, post)])) for person, post in ordered[:TABLE_PAGE]
    ]
    return {"cadres": len(cadres), "first page": first}


def table_figures(page):
    lead = re.search(r'<p class="rating-table-lead">.*?năm \d+: ([\d.]+) lượt cán bộ', page, re.S).group(1)
    rows = page.split('<tr class="rating-cadre">')[1:]
    first = [
        (re.search(r'<td><a href="[^"]*">([^<]*)</a>', row).group(1), row.split("</ol>")[0].count("<li>"))
        for row in rows
    ]
    return {"cadres": _number(lead), "first page": first}


# The home page: the district's tasks of this year by state, at risk and overdue (`glance`).


def bare_glance(district_id, day, scope):
    year = day.year
    overdue = {"state": {"$nin": list(FINAL_STATES)}, "end_year": {"$lt": year}}
    at_risk = _and(_in_year(year), at_risk_filter(day))
    listed = [{"$sort": {"sort_name": 1, "_id": 1}}, {"$limit": 5}]
    fields = ("content", "person", "body", "period_kind", "start_year", "end_year", "state", "progress",
              "sort_name", "origin")  # fmt: skip
    pipeline = [
        {"$match": _and({"ancestors": district_id}, scope, {"$or": [_in_year(year), overdue]})},
        {"$project": dict.fromkeys(fields, 1)},
        {
            "$facet": {
                "by_state": [{"$match": _in_year(year)}, {"$group": {"_id": "$state", "tasks": {"$sum": 1}}}],
                "at_risk": [{"$match": at_risk}, {"$count": "tasks"}],
                "at_risk_rows": [{"$match": at_risk}, *listed],
                "overdue": [{"$match": overdue}, {"$count": "tasks"}],
                "overdue_rows": [{"$match": overdue}, *listed],
            }
        },
    ]
    return next(_tasks().aggregate(pipeline, hint=UNIT_INDEX))


def home_bare_figures(found):
    return {
        "tasks": sum(row["tasks"] for row in found["by_state"]),
        "at_risk": found["at_risk"][0]["tasks"] if found["at_risk"] else 0,
        "overdue": found["overdue"][0]["tasks"] if found["overdue"] else 0,
    }


def home_figures(page):
    """The panel's count of this year's tasks, and the counts its two lists link to."""
    panel = page.split('<section class="card mb-3 home-panel">')[1].split("</section>")[0]
    tasks = re.search(r'data-figure="tasks">([\d.]+) việc</a>', panel).group(1)
    at_risk, overdue = (
        re.search(rf'<h3 class="h5">{title}: <a [^>]*>([\d.]+) việc</a>', panel).group(1)
        for title in ("Có nguy cơ chậm tiến độ", "Quá hạn chưa đánh giá")
    )
    return {"tasks": _number(tasks), "at_risk": _number(at_risk), "overdue": _number(overdue)}


if __name__ == "__main__":
    main()
