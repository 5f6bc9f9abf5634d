"""Where a console list page spends its time, at province scale (issue 9, item 16).

For each case, in one process through the Flask test client (the same view gunicorn serves):
every MongoDB command a page sends (pymongo command monitoring: count, collection, ms), the time
Jinja spends rendering the page's template, the "Thuộc đơn vị" filter's options alone, the
page's CPU as it is and with the changes docs/PERFORMANCE.md proposes tried in place (patched
here only), then the parts of the page and the functions that take the most time under cProfile.

    .venv/bin/python -m bench.lists_profile [--runs 40] [--top 25]

Uses MONGODB_URI when set; otherwise the benchmark mongod under var/bench-mongod, with the
province `bench.lists` generated.
"""

import argparse
import collections
import cProfile
import io
import os
import pstats
import statistics
import time

from flask import before_render_template, template_rendered
from pymongo import monitoring

from bench.lists import DB_NAME, PASSWORD, ROOT, percentile
from documents.database import LocalMongod

# (what, file, function) of the parts of a list page, for the profile's summary.
PARTS = [
    ("whole request (Flask wsgi_app)", "flask/app.py", "wsgi_app"),
    ("session read (sessions.open_session)", "admin/sessions.py", "open_session"),
    ("account read (auth.current_user)", "admin/auth.py", "current_user"),
    ("list view (Flask-Admin index_view)", "flask_admin/model/base.py", "index_view"),
    ("  filters of the page (_get_filter_groups)", "flask_admin/model/base.py", "_get_filter_groups"),
    ("    'Thuộc đơn vị' options (filters._area_choices)", "admin/filters.py", "_area_choices"),
    ("  rows: query, cursor page (paging.fetch_page)", "admin/paging.py", "fetch_page"),
    ("  references of the rows (RegistryView.load_references)", "admin/base.py", "load_references"),
    ("  form definitions (request_definitions)", "admin/defined_fields.py", "request_definitions"),
    ("  template (Flask-Admin BaseView.render)", "flask_admin/base.py", "render"),
    ("    menu of defined kinds (custom_record.record_menu)", "admin/custom_record.py", "record_menu"),
    ("MongoEngine documents built (BaseDocument._from_son)", "mongoengine/base/document.py", "_from_son"),
]


class Commands(monitoring.CommandListener):
    """Every command sent, as (command name, collection, ms), while `recording` is a list."""

    def __init__(self):
        self.pending = {}
        self.recording = None

    def started(self, event):
        target = event.command.get(event.command_name)
        collection = target if isinstance(target, str) else ""
        self.pending[event.request_id] = (event.command_name, collection)

    def succeeded(self, event):
        name = self.pending.pop(event.request_id, None)
        if name and self.recording is not None:
            self.recording.append((*name, event.duration_micros / 1000))

    def failed(self, event):
        self.succeeded(event)


class Renders:
    """Time spent in the outermost template of each request."""

    def __init__(self, app):
        self.started = None
        self.times = []
        before_render_template.connect(self.before, app)
        template_rendered.connect(self.after, app)

    def before(self, sender, template, context, **extra):
        if self.started is None:
            self.started = (template, time.perf_counter())

    def after(self, sender, template, context, **extra):
        if self.started and self.started[0] is template:
            self.times.append((time.perf_counter() - self.started[1]) * 1000)
            self.started = None


def signed_in(app, username):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302, username
    return client


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    commands = Commands()
    monitoring.register(commands)  # before the app's client is made
    server = None
    uri = os.environ.get("MONGODB_URI")
    if not uri:
        server = LocalMongod(ROOT / "var" / "bench-mongod").start()
        uri = server.uri
    try:
        profile(uri, args, commands)
    finally:
        if server is not None:
            server.stop()


def profile(uri, args, commands):
    from app import create_app
    from bench.lists_http import EDITOR, SECRET, accounts
    from documents import Unit

    app = create_app({"MONGODB_URI": uri, "MONGODB_DB": DB_NAME, "SECRET_KEY": SECRET})
    renders = Renders(app)
    commune = Unit.objects(kind="xa").order_by("code").first()
    accounts(commune)
    clients = {"admin": signed_in(app, "bench"), "editor": signed_in(app, EDITOR)}
    cases = [
        ("households, page 1", "admin", "/admin/household/"),
        ("households, poor", "admin", "/admin/household/?flt0_1=ngheo"),
        ("people, page 1", "admin", "/admin/person/"),
        (f"editor {commune.name}: households", "editor", "/admin/household/"),
    ]
    for name, account, url in cases:
        client = clients[account]
        for _ in range(3):
            assert client.get(url).status_code == 200
        per_page, totals, renders.times = [], [], []
        for _ in range(args.runs):
            commands.recording = []
            start = time.perf_counter()
            response = client.get(url)
            totals.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
            per_page.append(commands.recording)
        commands.recording = None
        print(f"\n== {name} ({url}), {args.runs} pages, as {account}")
        print(
            f"page: p50 {statistics.median(totals):.1f} ms, p95 {percentile(totals, 0.95):.1f} ms; "
            f"Jinja render p50 {statistics.median(renders.times):.1f} ms"
        )
        by_command = collections.defaultdict(list)
        for page in per_page:
            for command, collection, ms in page:
                by_command[(command, collection)].append(ms)
        sent = sum(len(page) for page in per_page) / len(per_page)
        in_db = statistics.median(sum(ms for *_, ms in page) for page in per_page)
        print(f"MongoDB: {sent:.1f} commands a page, {in_db:.1f} ms a page (p50, round trips included)")
        for (command, collection), times in sorted(by_command.items(), key=lambda kv: -sum(kv[1])):
            print(
                f"  {command:14} {collection:22} {len(times) / len(per_page):4.1f}/page  "
                f"p50 {statistics.median(times):6.2f} ms  max {max(times):6.2f} ms"
            )
        area = area_choices_cost(app, client, url)
        print(f"'Thuộc đơn vị' options alone: {area[0]} units, p50 {area[1]:.1f} ms")
        print(
            "CPU ms a page (p50; the app's process only):",
            "; ".join(f"{label} {ms:.1f}" for label, ms in what_if(app, client, url, args.runs)),
        )

        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.runs):
            client.get(url)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(args.top)
        print(f"cProfile, {args.runs} pages: the parts of a page, ms a page (inflated by the profiler)")
        page_ms = sum(ct for (path, _, fn), (_, _, _, ct, _) in stats.stats.items() if fn == "wsgi_app")
        for label, suffix, function in PARTS:
            ms = sum(
                ct
                for (path, _, fn), (_, _, _, ct, _) in stats.stats.items()
                if fn == function and path.endswith(suffix)
            )
            print(f"  {label:58} {ms * 1000 / args.runs:6.1f}  {ms / page_ms:4.0%}")
        print(f"cProfile, {args.runs} pages, by cumulative time:")
        print("\n".join(line for line in out.getvalue().splitlines()[6:] if line.strip()))


def what_if(app, client, url, runs):
    """CPU ms per page (this process: MongoDB's own work is not counted) as the page is, and with
    the changes proposed in docs/PERFORMANCE.md tried in place: no unit options on the page (the
    filter's options loaded as the user types), and form definitions read once per process."""
    from unittest import mock

    import admin.filters
    from admin import custom_record, defined_fields

    def cpu_per_page():
        for _ in range(3):
            client.get(url)
        samples = []
        for _ in range(runs):
            start = time.process_time()
            client.get(url)
            samples.append((time.process_time() - start) * 1000)
        return statistics.median(samples)

    with app.test_request_context():
        definitions = defined_fields.request_definitions()
    once = mock.patch.multiple(defined_fields, request_definitions=lambda: definitions)
    menu = mock.patch.object(custom_record, "request_definitions", lambda: definitions)
    no_options = mock.patch.object(admin.filters, "_area_choices", list)
    figures = [("as it is", cpu_per_page())]
    with no_options:
        figures.append(("without the unit options", cpu_per_page()))
        with once, menu:
            figures.append(("and definitions read once per process", cpu_per_page()))
    return figures


def area_choices_cost(app, client, url, runs=20):
    """The filter's options computed alone, for the account signed in on `client`."""
    from flask import g

    from admin.filters import _area_choices
    from documents import User
    from documents.user import LoginSession

    token = client.get_cookie("bantochuc_session").value
    row = LoginSession.objects(id=LoginSession.key(token)).as_pymongo().first()
    user = User.objects(pk=row["data"]["user_id"]).first()
    times = []
    with app.test_request_context(url):
        g.user = user
        for _ in range(runs):
            start = time.perf_counter()
            choices = _area_choices()
            times.append((time.perf_counter() - start) * 1000)
    return len(choices), statistics.median(times)


if __name__ == "__main__":
    main()
