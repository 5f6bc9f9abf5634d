"""The organization board's console: `create_app()` and its command-line commands."""

import functools
import gc
import getpass
import hashlib
import logging
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version as package_version
from pathlib import Path

import click
import pymongo
from flask import Flask, g, jsonify, redirect, render_template, request, session, url_for
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme
from flask_babel import Babel
from mongoengine.connection import get_db
from pymongo.errors import PyMongoError
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.security import safe_join

from admin import formatters, register_views
from admin.auth import blueprint as auth_blueprint
from admin.auth import current_user
from admin.base import HomeView
from admin.custom_record import record_menu
from admin.forms import TokenForm, prefer_console_catalogue
from admin.sessions import MongoSessionInterface
from documents import database, history, job
from documents.cli import CommandError, ConsoleCommand, ConsoleGroup
from exports import document_job, list_export

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent
VAR = ROOT / "var"


def create_app(config=None):
    # The console's own scripts and styles live beside its views (no inline script in pages).
    app = Flask(__name__, static_folder=str(ROOT / "admin" / "static"), static_url_path="/static")
    app.config.update(
        MONGODB_URI=None,
        MONGODB_DB="bantochuc",
        LOCAL_MONGOD_PATH=str(VAR / "mongod"),
        SESSION_COOKIE_NAME="bantochuc_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # Set SESSION_COOKIE_SECURE=1 when the console is served over HTTPS.
        SESSION_COOKIE_SECURE=os.environ.get("SESSION_COOKIE_SECURE") == "1",
        SESSION_IDLE_MINUTES=60,
        MAX_CONTENT_LENGTH=16 * 1024 * 1024,
        # How long a list's total may be counted before the list says only what its pages show.
        LIST_COUNT_MS=int(os.environ.get("LIST_COUNT_MS", "25")),
        # How many reverse proxies stand in front of the console (README.md, "Proxies").
        TRUSTED_PROXIES=0,
    )
    # Background jobs (documents/job.py): lease, attempts, how long results are kept...; which
    # documents they print (exports/document_job.py) and which list exports are jobs
    # (exports/list_export.py); importing those modules registers their job handlers.
    settings = {**job.DEFAULTS, **document_job.DEFAULTS, **list_export.DEFAULTS}
    app.config.update(settings)
    for name in ("MONGODB_URI", "MONGODB_DB", "SECRET_KEY", "TRUSTED_PROXIES"):
        if os.environ.get(name):
            app.config[name] = os.environ[name]
    for name, default in settings.items():
        if os.environ.get(name):
            app.config[name] = type(default)(os.environ[name])
    app.config.update(config or {})
    proxies = int(app.config["TRUSTED_PROXIES"])
    if proxies:
        # The client's address and scheme as the proxies saw them: login throttles key on it.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _shared_secret(VAR / "secret_key")
    if not app.config["MONGODB_URI"]:
        # No database given: start (or reuse) the private mongod under var/.
        app.config["MONGODB_URI"] = database.start_owned(app.config["LOCAL_MONGOD_PATH"]).uri
    database.connect(app.config["MONGODB_URI"], app.config["MONGODB_DB"])

    app.session_interface = MongoSessionInterface()
    prefer_console_catalogue()
    Babel(app, locale_selector=lambda: "vi")
    admin_site = Admin(
        app,
        name="Ban Tổ chức",
        index_view=HomeView(name="Trang chủ", url="/admin"),
        translations_path=str(ROOT / "admin" / "translations"),
        theme=Bootstrap4Theme(base_template="admin/console_base.html", fluid=True),
        # Its files change only with the package: their path names its version, so they are kept
        # for a year, with the images and fonts its style sheets name by relative address.
        static_url_path=f"/static/{FLASK_ADMIN_VERSION}",
    )
    register_views(admin_site)
    app.register_blueprint(auth_blueprint)
    app.context_processor(
        lambda: {"current_user": current_user, "token_form": TokenForm, "record_menu": record_menu}
    )
    app.add_template_filter(formatters.file_size)
    app.add_template_filter(formatters.local_time)
    _register_routes(app)
    _register_headers(app)
    _register_commands(app)
    # Everything built so far lives as long as the process: keep it out of the garbage
    # collector's full passes, which otherwise rescan it every few requests (tens of ms each).
    # Not in tests, which build an app per test and drop it.
    if not app.testing:
        gc.freeze()
    return app


def _shared_secret(path, wait=5.0):
    """A secret kept in a file, so that every worker process signs sessions alike.

    The file appears whole or not at all: it is written under a temporary name and linked into
    place, and the first worker's link wins. A file found empty (left by an older version) is
    read again for a moment before giving up.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secret_key.")
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
            os.link(temporary, path)
        except FileExistsError:
            pass  # another worker linked its secret first: use that one
        finally:
            os.unlink(temporary)
    deadline = time.monotonic() + wait
    while not (secret := path.read_text().strip()):
        if time.monotonic() > deadline:
            raise RuntimeError(f"{path} is empty: delete it and start again.")
        time.sleep(0.05)
    return secret


def _register_routes(app):
    @app.get("/")
    def root():
        return redirect(url_for("admin.index"))

    @app.before_request
    def database_needed():
        unavailable = getattr(session, "unavailable", None)
        if unavailable is not None and request.endpoint not in ("healthz", "admin.static", "static"):
            raise unavailable

    @app.before_request
    def name_the_actor():
        # Set on every request: a worker reuses its context from one request to the next.
        user = current_user() if request.endpoint not in ("healthz", "admin.static", "static") else None
        g.actor_token = history.actor.set(user.username if user else "khách")

    @app.teardown_request
    def forget_the_actor(exc=None):
        # What runs after the request in the same thread (a test's own saves) is not the user's.
        token = g.pop("actor_token", None)
        if token is not None:
            try:
                history.actor.reset(token)
            except ValueError:  # set in another context (a server that copies it per request)
                pass

    @app.get("/favicon.ico")
    def favicon():
        # Browsers ask for it where a page names no icon (a PDF, a file download).
        return redirect(url_for("static", filename="favicon.svg"))

    @app.get("/healthz")
    def healthz():
        try:
            with pymongo.timeout(3):
                version = get_db().client.server_info()["version"]
        except PyMongoError as exc:
            logger.warning("health check: database unreachable: %s", exc)
            return jsonify(status="error", database={"status": "down"}), 503
        return jsonify(status="ok", database={"status": "up", "version": version})

    @app.errorhandler(PyMongoError)
    def database_unavailable(exc):
        logger.exception("database error")
        message = "Dữ liệu đã lưu không bị mất. Hãy thử lại sau ít phút; nếu vẫn lỗi, hãy báo quản trị viên."
        return render_template(
            "errors/error.html", title="Cơ sở dữ liệu tạm thời không phản hồi", message=message
        ), 503

    @app.errorhandler(403)
    def forbidden(exc):
        return render_template(
            "errors/error.html",
            title="Không có quyền",
            message="Tài khoản của bạn không có quyền làm việc này. Nếu cần, hãy đề nghị quản trị viên.",
        ), 403

    @app.errorhandler(404)
    def not_found(exc):
        return render_template(
            "errors/error.html",
            title="Không tìm thấy trang",
            message="Địa chỉ này không có trong bảng điều khiển.",
        ), 404

    @app.errorhandler(405)
    def wrong_method(exc):
        return render_template(
            "errors/error.html",
            title="Thao tác không hợp lệ",
            message="Trang này không nhận thao tác đó. Hãy dùng các nút trên màn hình.",
        ), 405

    @app.errorhandler(413)
    def too_large(exc):
        limit = app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
        return render_template(
            "errors/error.html",
            title="Tệp quá lớn",
            message=f"Mỗi lần gửi tối đa {limit} MB. Hãy chia nhỏ tệp hoặc nén lại rồi thử lại.",
        ), 413

    @app.errorhandler(500)
    def server_error(exc):
        # Flask has already logged the exception with its traceback.
        message = "Thao tác chưa hoàn thành. Hãy thử lại; nếu vẫn lỗi, hãy báo quản trị viên."
        return render_template("errors/error.html", title="Đã có lỗi", message=message), 500


# Pages run only the console's own files: no inline script (a slip that prints user text into a page
# stays text), nothing from other sites. Inline styles are refused too: the templates and
# Flask-Admin's bootstrap4 pages use classes (admin/static/console.css), and the scripts set
# styles through the DOM, which the policy allows.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    )
)
# Static URLs carry their version, so a browser keeps the file until the URL changes.
STATIC_CACHE = 365 * 24 * 3600
FLASK_ADMIN_VERSION = package_version("flask-admin")


def _register_headers(app):
    """Security headers on every response; versioned, long-cached static files."""

    @app.url_defaults
    def version_static_urls(endpoint, values):
        # The console's files change with their bytes (Flask-Admin's carry its version in the path).
        if endpoint == "static" and "filename" in values:
            file_version = _file_version(app.static_folder, values["filename"])
            if file_version:
                values["v"] = file_version

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if response.mimetype == "text/html":
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        versioned = request.endpoint == "admin.static" or (
            request.endpoint == "static" and request.args.get("v")
        )
        if versioned and response.status_code in (200, 304):
            response.cache_control.no_cache = None
            response.cache_control.public = True
            response.cache_control.max_age = STATIC_CACHE
            response.cache_control.immutable = True
        return response


def _file_version(folder, filename):
    """A short hash of a static file's bytes, read again only when the file changes."""
    path = safe_join(folder, filename)
    try:
        stat = os.stat(path) if path else None
    except OSError:
        stat = None
    if stat is None:
        return None
    return _content_hash(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=512)
def _content_hash(path, mtime_ns, size):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def _command_actor():
    """Who the history names for a change made from the command line: the system account running it."""
    try:
        return f"dòng lệnh ({getpass.getuser()})"
    except (KeyError, OSError):
        return "dòng lệnh"


def _register_commands(app):
    from documents.constants import ROLES, label
    from documents.job_worker import jobs_command
    from documents.user import User
    from exports.document_command import documents_command

    app.cli.add_command(documents_command)
    app.cli.add_command(jobs_command)

    @app.cli.command("seed-demo", cls=ConsoleCommand)
    def seed_demo():
        """Load the demo district with its localities (who is in charge of which commune, hamlet
        and household, and their visits), and Tuyên Quang's breakthrough tasks beside it (running
        it again changes nothing)."""
        from documents.demo import DISTRICT, load_demo

        inserted = load_demo(DISTRICT)
        click.echo("Dữ liệu mẫu: " + ", ".join(f"{k}: {v}" for k, v in inserted.items()))

    users = ConsoleGroup("users", help="Manage console accounts.")
    app.cli.add_command(users)

    @users.command("create")
    @click.argument("username")
    @click.option("--role", type=click.Choice(["admin", "editor", "viewer"]), required=True)
    @click.option("--unit", "unit_code", help="Code of the unit the account works in.")
    def create_user(username, role, unit_code):
        """Create an account; the password is read from standard input."""
        from documents.unit import Unit

        history.actor.set(_command_actor())
        username = username.strip().lower()
        if not re.fullmatch(r"[a-z0-9._-]{1,60}", username):
            raise CommandError("Tên đăng nhập chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới.")

        unit = None
        if unit_code:
            unit = Unit.objects(code=unit_code).first()
            if unit is None:
                raise CommandError(f"Không có đơn vị mã {unit_code}.")
        elif role != "admin":
            raise CommandError("Tài khoản biên tập hoặc chỉ xem cần --unit: mã đơn vị nơi làm việc.")
        if User.objects(username=username).first():
            raise CommandError(f"Tài khoản {username} đã có.")
        password = _read_password()
        user = User(username=username, role=role, unit=unit)
        try:
            user.set_password(password)
            user.save()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        click.echo(f"Đã tạo tài khoản {username} ({label(ROLES, role).lower()}).")

    @users.command("set-password")
    @click.argument("username")
    def set_password(username):
        """Give an account a new password (read from standard input) and sign it out everywhere."""
        history.actor.set(_command_actor())
        user = _account(username)
        try:
            user.set_password(_read_password())
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        user.save()
        user.end_sessions()
        click.echo(f"Đã đổi mật khẩu của {username}.")

    @users.command("disable")
    @click.argument("username")
    def disable(username):
        """Stop an account from signing in, and end its open sessions."""
        history.actor.set(_command_actor())
        user = _account(username)
        user.active = False
        user.save()
        user.end_sessions()
        click.echo(f"Đã khóa tài khoản {username}.")

    locality = ConsoleGroup("locality", help="Localities: the households coverage summaries.")
    app.cli.add_command(locality)

    @locality.command("coverage-rebuild")
    def coverage_rebuild():
        """Recompute every hamlet's households coverage summary (after records were loaded in bulk,
        past the saves that keep them)."""
        from documents.locality_coverage import HOUSEHOLD_IDS
        from documents.locality_coverage_summary import rebuild

        started = time.perf_counter()
        stored = rebuild(few=HOUSEHOLD_IDS)
        took = time.perf_counter() - started
        seconds = f"{took:.1f}".replace(".", ",")
        click.echo(f"Đã tính lại độ bao phủ hộ gia đình của {stored} thôn trong {seconds} giây.")

    local_work = ConsoleGroup("local-work", help="Models and work items: moving stand-alone kinds in.")
    app.cli.add_command(local_work)

    @local_work.command("adopt")
    @click.argument("code")
    @click.option(
        "--category",
        type=click.Choice(["mo_hinh", "phan_viec", "cong_trinh"]),
        required=True,
        help="What its records are: mo_hinh (of a commune), phan_viec or cong_trinh (of a hamlet).",
    )
    @click.option("--year-field", help="The kind's field holding each record's year (then retired).")
    @click.option("--year", type=int, help="The year of its records, when the kind has no year field.")
    def adopt_kind(code, category, year_field, year):
        """Move the stand-alone kind CODE and its records into the models and work items family,
        keeping every value, history entry and file (running it again moves nothing)."""
        from documents.local_work_adopt import NotAdopted, adopt

        if not year_field and year is None:
            raise CommandError("Cần --year-field (trường ghi năm của loại) hoặc --year (năm của các hồ sơ).")
        history.actor.set(_command_actor())
        try:
            moved = adopt(code, category, year_field=year_field, year=year)
        except NotAdopted as exc:
            raise CommandError(str(exc)) from exc
        click.echo(f"Đã chuyển {moved} hồ sơ loại «{code}» vào nhóm mô hình, phần việc.")

    @local_work.command("adopt-demo")
    def adopt_demo():
        """Move the demo's stand-alone model kinds (goats and forest, waste sorting, herbs) and
        their records into the models and work items family (running it again moves nothing)."""
        from documents.demo_forms import adopt_model_kinds

        history.actor.set(_command_actor())
        moved = adopt_model_kinds()["local_works"]
        click.echo(f"Đã chuyển {moved} hồ sơ mô hình mẫu vào nhóm mô hình, phần việc.")

    @app.cli.command("serve", cls=ConsoleCommand)
    @click.option("--workers", default=2, show_default=True, help="Web processes (gunicorn).")
    @click.option("--threads", default=4, show_default=True, help="Requests each web process serves at once.")
    @click.option("--jobs", "job_workers", default=1, show_default=True, help="Job worker processes.")
    def serve(workers, threads, job_workers):
        """Load the demo on the first run, make a first admin, serve with gunicorn and run job
        workers beside it (docs/ARCHITECTURE.md, "Processes", says why these numbers)."""
        from documents.demo import DISTRICT, load_demo
        from documents.unit import Unit

        if Unit.objects.limit(1).count(with_limit_and_skip=True) == 0:
            click.echo("Lần chạy đầu: đang nạp dữ liệu mẫu...")
            load_demo(DISTRICT)
        if not User.objects(role="admin").limit(1).count(with_limit_and_skip=True):
            password = secrets.token_urlsafe(12)
            admin_user = User(username="admin", role="admin")
            admin_user.set_password(password)
            admin_user.save()
            click.echo(f"Tài khoản quản trị đầu tiên: admin / {password}  (chỉ hiện một lần)")
        port = os.environ.get("PORT", "5000")
        env = {
            **os.environ,
            "MONGODB_URI": app.config["MONGODB_URI"],
            "MONGODB_DB": app.config["MONGODB_DB"],
            "SECRET_KEY": app.config["SECRET_KEY"],
        }
        command = gunicorn_command(port, workers, threads)
        click.echo(f"Bảng điều khiển: http://127.0.0.1:{port}/")
        server = subprocess.Popen(command, env=env, cwd=ROOT)
        jobs_command = [sys.executable, "-m", "flask", "--app", "app", "jobs", "work"]
        jobs_command += ["--concurrency", str(job_workers)]
        job_worker = subprocess.Popen(jobs_command, env=env, cwd=ROOT)
        stopping = []

        def stop_server(signum, frame):
            stopping.append(signum)
            server.terminate()
            job_worker.terminate()

        # Ctrl-C or SIGTERM stop gunicorn and the job workers (whose running jobs go back to the
        # queue); then this process ends and stops mongod (atexit). A job worker that dies meanwhile
        # (killed, out of memory) is started again: jobs would otherwise wait for good.
        signal.signal(signal.SIGINT, stop_server)
        signal.signal(signal.SIGTERM, stop_server)
        while server.poll() is None:
            time.sleep(1)
            if job_worker.poll() is not None and not stopping:
                click.echo(f"Tiến trình chạy công việc đã dừng (mã {job_worker.returncode}): đang chạy lại.")
                job_worker = subprocess.Popen(jobs_command, env=env, cwd=ROOT)
        job_worker.terminate()
        job_worker.wait()


def gunicorn_command(port, workers=2, threads=4):
    """The web tier as `serve` runs it (and bench/jobs_http.py measures it): `workers` processes
    of `threads` threads (`gthread`), so a page polling a job or a slow download holds a thread,
    not a process; no request does long work (jobs do), so the 30 s timeout only ends a stuck one
    (docs/ARCHITECTURE.md, "Processes")."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--timeout",
        "30",
        "--bind",
        f"127.0.0.1:{port}",
        "--access-logfile",
        "-",
        "--control-socket",
        str(VAR / "gunicorn.ctl"),
        "app:create_app()",
    ]


def _account(username):
    from documents.user import User

    user = User.objects(username=username).first()
    if user is None:
        raise CommandError(f"Không có tài khoản {username}.")
    return user


def _read_password():
    if sys.stdin.isatty():
        password = click.prompt("Mật khẩu", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise CommandError("Chưa nhập mật khẩu.")
    return password
