"""Benchmark of the localities pages (issue 12): the coverage page of the whole province and of a
commune, the month's visit rate, and the home page with its panel.

On the province of `bench.locality_data` (Tỉnh Phủ Khắp: 2,000 hamlets, 200,000 households, about
20,000 assignments, a year of visits), each page is timed through the Flask test client (the
whole view: sign-in check, scope, queries, template), the province's signed in as an admin and the
commune's as an editor of the commune. Beside it, in the same run, the same aggregations run
bare: the aggregations and finds the page's named query sends (`documents.locality_coverage.report`,
with the households coverage summaries it reads, `documents.locality_visits.visit_rate` and
`not_visited`), recorded once as they are sent and then replayed through pymongo alone, with
nothing made of their rows. The view and the bare queries run in turn, so that other work on the
machine weighs on both alike. Then what a write costs with the hook that marks the summaries
stale and without it: an assignment's save (its last day set, then taken off) and a household's
move to another hamlet and back.

Before timing, the figures the page shows must be those of the named query (the run fails
otherwise). Prints p50 and p95 in milliseconds and view p95 / bare p95. Goals: the province's
coverage page p95 under 500 ms, a commune's under 100 ms.

    .venv/bin/python -m bench.locality [--runs 40]

Uses MONGODB_URI when set; otherwise the benchmark mongod under var/bench-mongod (its own
database; the province is generated once, in several minutes, and reused).
"""

import re
import statistics
import time
from contextlib import contextmanager
from unittest import mock

from pymongo.collection import Collection

from bench.lists import editor_client, percentile, run_benchmark, signed_in_client

EDITOR = "bench-xa"
GOALS = {"coverage, province": 500, "coverage, commune": 100}


def main():
    run_benchmark(__doc__, run_cases)


def run_cases(uri, runs):
    from app import create_app
    from bench.locality_data import DAY, DB_NAME, generate
    from documents import Household, LocalityAssignment, LocalityVisit, Unit

    app = create_app({"MONGODB_URI": uri, "MONGODB_DB": DB_NAME, "SECRET_KEY": "bench"})
    started = time.perf_counter()
    province = generate()
    commune = Unit.objects(kind="xa", ancestors=province.pk).order_by("code").first()
    print(
        f"data ready in {time.perf_counter() - started:.0f} s: {Household.objects.count()} households, "
        f"{LocalityAssignment.objects.count()} assignments, {LocalityVisit.objects.count()} visits; "
        f"commune {commune.code}"
    )
    admin, editor = signed_in_client(app), editor_client(app, commune, EDITOR)
    day = DAY.strftime("%d/%m/%Y")
    month = f"{DAY:%Y-%m}"
    cases = [
        ("coverage, province", admin, f"/admin/locality_coverage/?unit={province.pk}&day={day}", province),
        ("coverage, commune", editor, f"/admin/locality_coverage/?unit={commune.pk}&day={day}", commune),
        (
            "visit rate, province",
            admin,
            f"/admin/locality_visits/?unit={province.pk}&month={month}",
            province,
        ),
        ("visit rate, commune", editor, f"/admin/locality_visits/?unit={commune.pk}&month={month}", commune),
        ("home page, commune", editor, "/admin/", commune),
    ]

    print(f"\n{runs} runs per case, milliseconds\n")
    header = f"{'case':24} {'view p50':>8} {'view p95':>8} {'bare p50':>8} {'bare p95':>8} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    missed = []
    for name, client, url, unit in cases:

        def view(client=client, url=url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response.get_data(as_text=True)

        with app.test_request_context():
            expected, sent = named_figures(name, unit, DAY)
        shown = page_figures(name, view())
        assert shown == expected, (name, shown, expected)
        (view_p50, view_p95), (bare_p50, bare_p95) = side_by_side(view, replay(sent), runs=runs)
        print(
            f"{name:24} {view_p50:8.1f} {view_p95:8.1f} {bare_p50:8.1f} {bare_p95:8.1f} "
            f"{view_p95 / bare_p95:6.2f}"
        )
        if name in GOALS and view_p95 >= GOALS[name]:
            missed.append(f"{name} ({view_p95:.0f} ms, goal {GOALS[name]} ms)")
    if missed:
        print(f"\np95 at or over the goal: {', '.join(missed)}")
    page = f"/admin/locality_coverage/?unit={commune.pk}&day={day}"
    write_costs(commune, runs, lambda: editor.get(page))


def write_costs(commune, runs, commune_page):
    """p50 and p95 of an assignment's save and a household's move, with the summaries' hook and
    without, and of the commune's coverage page read just after a move (its two hamlets
    recomputed); every record written is put back as it was, and the summaries recomputed."""
    from bench.locality_data import DAY
    from documents import Household, LocalityAssignment, Unit
    from documents.locality_coverage import HOUSEHOLD_IDS
    from documents.locality_coverage_summary import rebuild

    assignment = LocalityAssignment.objects(commune=commune.pk, households__0__exists=True, end=None).first()
    first, second = Unit.objects(parent=commune.pk).order_by("code")[:2]
    home = Household.objects(hamlet=first.pk).order_by("code").first()
    ended = assignment.start + (DAY - assignment.start) // 2

    def save_assignment():
        assignment.end = ended if assignment.end is None else None
        assignment.save()

    def move_household():
        home.hamlet = second if home.hamlet.pk == first.pk else first
        home.save()

    print(f"\nwrites, {runs} runs each (two saves a run: there and back), milliseconds\n")
    header = f"{'write':24} {'hook p50':>8} {'hook p95':>8} {'none p50':>8} {'none p95':>8}"
    print(header)
    print("-" * len(header))
    for name, kind, write in (
        ("assignment save", LocalityAssignment, save_assignment),
        ("household move", Household, move_household),
    ):
        hooked = timed(write, runs * 2)
        with mock.patch.object(kind, "after_write", classmethod(lambda cls, session, before, after: None)):
            bare = timed(write, runs * 2)
        print(f"{name:24} {hooked[0]:8.1f} {hooked[1]:8.1f} {bare[0]:8.1f} {bare[1]:8.1f}")
    after_move = []
    for _ in range(runs * 2):
        move_household()
        start = time.perf_counter()
        commune_page()
        after_move.append((time.perf_counter() - start) * 1000)
    fresh = timed(commune_page, runs)
    print(
        f"\ncommune coverage page just after a move (two hamlets recomputed): p50 "
        f"{statistics.median(after_move):.1f}, p95 {percentile(after_move, 0.95):.1f}; "
        f"fresh: p50 {fresh[0]:.1f}, p95 {fresh[1]:.1f}"
    )
    ids = [h.pk for h in assignment.households]
    listed = Household._get_collection().distinct("hamlet", {"_id": {"$in": ids}})
    rebuild(sorted({first.pk, second.pk, *listed}), HOUSEHOLD_IDS)


def timed(run, times):
    """(p50, p95) in milliseconds of `run` done `times` times."""
    kept = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        kept.append((time.perf_counter() - start) * 1000)
    return statistics.median(kept), percentile(kept, 0.95)


def side_by_side(*cases, runs):
    """(p50, p95) of each of `cases`, run in turn `runs` times after one warm-up each, so that a
    machine others work on weighs on all of them alike."""
    for run in cases:
        run()
    samples = [[] for _ in cases]
    for _ in range(runs):
        for run, kept in zip(cases, samples, strict=True):
            start = time.perf_counter()
            run()
            kept.append((time.perf_counter() - start) * 1000)
    return [(statistics.median(kept), percentile(kept, 0.95)) for kept in samples]


def named_figures(name, unit, day):
    """The figures the page must show, from its named query, and the pipelines it sent."""
    from documents.locality_coverage import report
    from documents.locality_visits import month_glance, not_visited, visit_rate

    with recorded() as sent:
        if name.startswith("coverage") or name.startswith("home"):
            found = report(unit, day, None)
            figures = [str(shown) for _, shown in found.figures()]
            if name.startswith("home"):
                month_glance(unit, (day.year, day.month))
        else:
            rate = visit_rate(unit, (day.year, day.month))
            missing = not_visited(unit, (day.year, day.month))
            figures = [rate.made, missing.total, missing.flagged]
    return figures, list(sent)


def page_figures(name, page):
    if name.startswith("coverage"):
        rows = re.findall(
            r'<tr data-figure="\w+">.*?<td class="text-right text-nowrap">(.*?)</td>', page, re.S
        )
        return [" ".join(row.split()) for row in rows]
    if name.startswith("home"):
        panel = page.split('data-panel="localities"')[1].split("</section>")[0]
        rows = re.findall(r'<li data-figure="\d">.*?<b>(.*?)</b></li>', panel, re.S)
        return [" ".join(row.split()) for row in rows]
    return [
        int(re.sub(r"\D", "", v))
        for v in re.findall(r'data-figure="(?:made|not_visited|flagged)"[^>]*>([^<]*)<', page)
    ]


@contextmanager
def recorded():
    """The (method, collection, arguments, options) of every aggregation and find sent meanwhile
    (a find's cursor modifiers applied afterwards, as MongoEngine's, are not kept)."""
    sent, originals = [], {name: getattr(Collection, name) for name in ("aggregate", "find")}

    def recording(name):
        def send(collection, *args, **kwargs):
            sent.append((name, collection, args, kwargs))
            return originals[name](collection, *args, **kwargs)

        return send

    with mock.patch.multiple(Collection, **{name: recording(name) for name in originals}):
        yield sent


def replay(sent):
    """The recorded aggregations and finds sent again through pymongo, their rows read and dropped."""

    def bare():
        for name, collection, args, options in sent:
            for _ in getattr(collection, name)(*args, **options):
                pass

    return bare


if __name__ == "__main__":
    main()
