"""List pages over HTTP through gunicorn at province scale, beside stock Flask-Admin (issue 9).

Serves the console (`app:create_app()`) and a stock Flask-Admin 2.2.1 MongoEngine ModelView of
the same collections (`bench/stock_app.py`) with gunicorn, the same number of workers each, on
the province of `bench.lists` (201,320 households). For each case, both apps are first checked
to list 20 rows (the same rows where both sort alike), then timed in the same run:

- one client: `--runs` requests per app, alternating console and stock, p50 and p95 in ms;
- 10 and 30 concurrent clients (threads, a new connection per request, as gunicorn's sync
  workers close each one) for `--seconds` per app: requests per second, and p95 under load.

The console is signed in as an admin (`bench`) and, for the editor cases, as an editor of the
first commune (`bench-xa`); the stock app has no sign-in. Goal (issue 9, item 16): console p95
within 1.5x of stock for every case, and at least stock's throughput at 10 and 30 clients.

    .venv/bin/python -m bench.lists_http [--runs 100] [--seconds 5] [--workers 3] [--port 5170]

Uses MONGODB_URI when set; otherwise the benchmark mongod under var/bench-mongod (the province
is generated once by the first run of either benchmark). Both servers are stopped at the end.
"""

import argparse
import http.client
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

from bench.lists import DB_NAME, PASSWORD, ROOT, percentile
from documents.database import LocalMongod

SECRET = "bench-http"
EDITOR = "bench-xa"
COOKIE = "bantochuc_session"
PROVINCE_HOUSEHOLDS = 201_320


class Client:
    """GET and POST on 127.0.0.1:`port`, one connection per request, with one session cookie."""

    def __init__(self, port):
        self.port = port
        self.cookie = None

    def request(self, method, path, body=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Connection": "close"}
        if self.cookie:
            headers["Cookie"] = f"{COOKIE}={self.cookie}"
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urllib.parse.urlencode(body)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie" and value.startswith(f"{COOKIE}="):
                    self.cookie = value.split(";")[0].split("=", 1)[1] or None
            return response.status, data
        finally:
            connection.close()

    def get(self, path):
        return self.request("GET", path)

    def sign_in(self, username):
        status, page = self.get("/login")
        token = page.decode().split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        status, _ = self.request(
            "POST", "/login", {"username": username, "password": PASSWORD, "csrf_token": token}
        )
        assert status == 302, f"sign-in of {username} answered {status}"
        assert self.get("/admin/household/")[0] == 200, f"{username} is not signed in"
        return self


def accounts(commune):
    """The benchmark's admin and commune editor, with the benchmark password (set every run)."""
    from documents import User

    for username, role, unit in (("bench", "admin", None), (EDITOR, "editor", commune)):
        user = User.objects(username=username).first() or User(username=username)
        user.role, user.unit, user.active = role, unit, True
        user.set_password(PASSWORD)
        user.save()


def serve(module, port, workers, uri, log):
    """gunicorn serving `module` on `port`, in its own process group."""
    env = {**os.environ, "MONGODB_URI": uri, "MONGODB_DB": DB_NAME, "SECRET_KEY": SECRET}
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--error-logfile",
        str(log),
        module,
    ]
    return subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL)


def wait_ready(server, port, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn on {port} ended (code {server.returncode}); see var/bench-*.log")
        try:
            if Client(port).get("/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn on {port} did not answer within {timeout} s")


def stop(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def listed(page, column):
    cells = re.findall(rf'<td class="col-{column}">\s*(.*?)\s*</td>', page.decode(), re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]


def check(name, console, console_path, stock, stock_path, column, same_order):
    """Both apps answer 200 with 20 rows; the same 20 rows where both sort alike."""
    rows = {}
    for side, client, path in (("console", console, console_path), ("stock", stock, stock_path)):
        status, page = client.get(path)
        assert status == 200, (name, side, path, status)
        rows[side] = listed(page, column)
        assert len(rows[side]) == 20, (name, side, path, len(rows[side]))
    if same_order:
        assert rows["console"] == rows["stock"], (name, rows["console"][:3], rows["stock"][:3])


def one_client(sides, runs):
    """Alternate the sides' requests, `runs` each: ms samples and server CPU ms per request."""
    samples = {side: [] for side, *_ in sides}
    cpu = dict.fromkeys(samples, 0.0)
    for _ in range(3):
        for _side, client, path, _server in sides:
            client.get(path)
    for _ in range(runs):
        for side, client, path, server in sides:
            used = server_cpu(server)
            start = time.perf_counter()
            status, _ = client.get(path)
            samples[side].append((time.perf_counter() - start) * 1000)
            cpu[side] += server_cpu(server) - used
            assert status == 200, (side, path, status)
    return samples, {side: seconds * 1000 / runs for side, seconds in cpu.items()}


def load(client, path, clients, seconds, ramp=1.0):
    """`clients` threads requesting `path`: the requests that end in the `seconds` after a `ramp`
    (latencies in ms), and errors."""
    latencies, errors = [], []
    start = time.perf_counter() + ramp
    deadline = start + seconds

    def worker():
        own = Client(client.port)
        own.cookie = client.cookie
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            try:
                status, _ = own.get(path)
            except OSError as exc:
                errors.append(repr(exc))
                continue
            ended = time.perf_counter()
            if status != 200:
                errors.append(status)
            elif start <= ended <= deadline:
                latencies.append((ended - began) * 1000)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=ramp + seconds + 90)
    return latencies, errors


def throughput(sides, clients, seconds, rounds):
    """Alternate short windows of each side, `rounds` times: requests per second and p95 of each."""
    done = {side: [] for side, *_ in sides}
    for index in range(rounds):
        for side, client, path in sides if index % 2 == 0 else sides[::-1]:
            latencies, errors = load(client, path, clients, seconds)
            assert not errors, (side, path, clients, errors[:5])
            done[side] += latencies
    return {side: (len(ms) / (seconds * rounds), percentile(ms, 0.95)) for side, ms in done.items()}


def server_cpu(master):
    """CPU seconds used so far by gunicorn `master` and its workers (user + system)."""
    pids = [master.pid]
    try:
        pids += [int(p) for p in Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()]
    except OSError:
        pass
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def run_cases(uri, args):
    from app import create_app
    from documents import Household, Person, Unit
    from documents.demo import PROVINCE, load_demo

    create_app({"MONGODB_URI": uri, "MONGODB_DB": DB_NAME, "SECRET_KEY": SECRET})
    started = time.perf_counter()
    if Household.objects.count() != PROVINCE_HOUSEHOLDS:
        load_demo(PROVINCE)  # generates the whole province (about 2 min) even when it is stored
    print(
        f"data ready in {time.perf_counter() - started:.0f} s: {Unit.objects.count()} units, "
        f"{Household.objects.count()} households, {Person.objects.count()} people"
    )
    commune = Unit.objects(kind="xa").order_by("code").first()
    big = Unit.objects(kind="xa").order_by("-households").first()
    accounts(commune)
    c = str(commune.pk)
    b = str(big.pk)
    category = "dang_vien"

    # (case, console account, console path, stock path, column compared, same order in both)
    cases = [
        ("households, page 1", "admin", "/admin/household/", "/admin/household/", "code", True),
        (
            f"households, under {big.name}",
            "admin",
            f"/admin/household/?flt0_0={b}",
            f"/admin/household/?flt0_0={b}",
            "code",
            True,
        ),
        (
            "households, poor",
            "admin",
            "/admin/household/?flt0_1=ngheo",
            "/admin/household/?flt0_1=ngheo",
            "code",
            True,
        ),
        (
            "households, search hoang thi",
            "admin",
            "/admin/household/?search=hoang+thi",
            "/admin/household/?search=Ho%C3%A0ng+Th%E1%BB%8B",
            "code",
            False,
        ),
        ("people, page 1", "admin", "/admin/person/", "/admin/person/", "full_name", False),
        (
            f"people, under {big.name}",
            "admin",
            f"/admin/person/?flt0_0={b}",
            f"/admin/person/?flt0_0={b}",
            "full_name",
            False,
        ),
        (
            "people, category dang_vien",
            "admin",
            f"/admin/person/?flt0_1={category}",
            f"/admin/person/?flt0_1={category}",
            "full_name",
            False,
        ),
        (
            "people, search nguyen van",
            "admin",
            "/admin/person/?search=nguyen+van",
            "/admin/person/?search=Nguy%E1%BB%85n+V%C4%83n",
            "full_name",
            False,
        ),
        (
            f"editor {commune.name}: households",
            "editor",
            "/admin/household/",
            f"/admin/household/?flt0_0={c}",
            "code",
            True,
        ),
        (
            f"editor {commune.name}: people",
            "editor",
            "/admin/person/",
            f"/admin/person/?flt0_0={c}",
            "full_name",
            False,
        ),
    ]
    if args.only:
        cases = [case for case in cases if re.search(args.only, case[0])]

    port = args.port
    logs = {name: ROOT / "var" / f"bench-{name}.log" for name in ("console", "stock")}
    servers = [
        serve("app:create_app()", port, args.workers, uri, logs["console"]),
        serve("bench.stock_app:create_app()", port + 1, args.workers, uri, logs["stock"]),
    ]
    try:
        for server, server_port in zip(servers, (port, port + 1), strict=True):
            wait_ready(server, server_port)
        consoles = {"admin": Client(port).sign_in("bench"), "editor": Client(port).sign_in(EDITOR)}
        stock = Client(port + 1)
        for name, account, console_path, stock_path, column, same_order in cases:
            check(name, consoles[account], console_path, stock, stock_path, column, same_order)
        print(f"every case lists 20 rows in both apps; {args.workers} gunicorn workers each")

        print(f"\none client, {args.runs} requests per app and case, alternating; ms")
        print("cpu: CPU ms per request of the app's gunicorn processes (less sensitive to a busy machine)")
        header = (
            f"{'case':36} {'console p50':>11} {'p95':>6} {'cpu':>5} {'stock p50':>9} {'p95':>6} {'cpu':>5} "
            f"{'p95 ratio':>9} {'cpu ratio':>9}"
        )
        print(header)
        print("-" * len(header))
        for name, account, console_path, stock_path, *_ in cases:
            sides = [
                ("console", consoles[account], console_path, servers[0]),
                ("stock", stock, stock_path, servers[1]),
            ]
            samples, cpu = one_client(sides, args.runs)
            c50, c95 = statistics.median(samples["console"]), percentile(samples["console"], 0.95)
            s50, s95 = statistics.median(samples["stock"]), percentile(samples["stock"], 0.95)
            print(
                f"{name:36} {c50:11.1f} {c95:6.1f} {cpu['console']:5.1f} {s50:9.1f} {s95:6.1f} "
                f"{cpu['stock']:5.1f} {c95 / s95:9.2f} {cpu['console'] / cpu['stock']:9.2f}"
            )

        print(
            f"\nconcurrent clients: {args.rounds} windows of {args.seconds:g} s per app and case, "
            "alternating; requests/s (p95 ms under load)"
        )
        header = f"{'case':36} {'clients':>7} {'console':>16} {'stock':>16} {'rps ratio':>9}"
        print(header)
        print("-" * len(header))
        for clients in (10, 30):
            for name, account, console_path, stock_path, *_ in cases:
                sides = [("console", consoles[account], console_path), ("stock", stock, stock_path)]
                figures = throughput(sides, clients, args.seconds, args.rounds)
                (crps, cp95), (srps, sp95) = figures["console"], figures["stock"]
                print(
                    f"{name:36} {clients:7} {crps:7.1f} ({cp95:5.0f}) {srps:7.1f} ({sp95:5.0f}) "
                    f"{crps / srps:9.2f}"
                )
    finally:
        for server in servers:
            stop(server)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100, help="requests per app and case, one client")
    parser.add_argument("--seconds", type=float, default=2, help="length of one load window")
    parser.add_argument("--rounds", type=int, default=3, help="load windows per app, case and load")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers per app")
    parser.add_argument("--port", type=int, default=5170, help="the console's port; stock's is the next")
    parser.add_argument("--only", help="only the cases whose name matches this pattern")
    args = parser.parse_args()

    server = None
    uri = os.environ.get("MONGODB_URI")
    if not uri:
        server = LocalMongod(ROOT / "var" / "bench-mongod").start()
        uri = server.uri
    try:
        run_cases(uri, args)
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
