"""Server-side sessions, login throttling and the account commands."""

import datetime

import pytest

from app import create_app
from documents import LoginSession, LoginThrottle, User
from documents.base import now
from tests.conftest import PASSWORD, TEST_DB, csrf_token, login, make_user


def session_cookie(client):
    return client.get_cookie("bantochuc_session")


def test_session_cookie_is_httponly_samesite_and_holds_only_a_token(client):
    make_user()
    response = login(client)
    header = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("bantochuc_session="))
    assert "HttpOnly" in header and "SameSite=Lax" in header
    token = session_cookie(client).value
    stored = LoginSession.objects.get(id=LoginSession.key(token))
    assert stored.data["user_id"] == str(User.objects.get().pk)
    assert LoginSession.objects(id=token).count() == 0


def test_sign_in_issues_a_new_token(client):
    make_user()
    client.get("/login")
    before = session_cookie(client).value
    login(client)
    assert session_cookie(client).value != before
    assert LoginSession.objects(id=LoginSession.key(before)).count() == 0


def test_a_copied_cookie_is_dead_after_logout(app, client):
    make_user()
    login(client)
    thief = app.test_client()
    thief.set_cookie("bantochuc_session", session_cookie(client).value)
    assert thief.get("/admin/").status_code == 200
    token = csrf_token(client, "/admin/")
    client.post("/logout", data={"csrf_token": token})
    assert thief.get("/admin/").status_code == 302


def test_session_ends_after_inactivity(client):
    make_user()
    login(client)
    assert client.get("/admin/").status_code == 200
    LoginSession.objects.update(set__expires_at=now() - datetime.timedelta(seconds=1))
    assert client.get("/admin/").status_code == 302


def test_every_worker_sees_the_same_sessions(app, mongod, client):
    make_user()
    login(client)
    other_worker = create_app({"MONGODB_URI": mongod.uri, "MONGODB_DB": TEST_DB, "SECRET_KEY": "another"})
    other = other_worker.test_client()
    other.set_cookie("bantochuc_session", session_cookie(client).value)
    assert other.get("/admin/").status_code == 200


def test_repeated_failures_slow_down_the_account(client):
    make_user()
    for _ in range(LoginThrottle.FREE["user"] + 1):
        login(client, password="sai-mat-khau-roi")
    response = login(client)
    assert response.status_code == 429
    assert "Đăng nhập sai nhiều lần" in response.get_data(as_text=True)
    LoginThrottle.objects.update(set__last_failure=now() - LoginThrottle.MAX_WAIT)
    assert login(client).status_code == 302
    assert LoginThrottle.objects(id="user:admin").count() == 0


def test_repeated_failures_slow_down_the_address(client):
    make_user()
    for n in range(LoginThrottle.FREE["address"] + 1):
        login(client, username=f"khong-co-{n}", password="sai-mat-khau-roi")
    assert login(client).status_code == 429


def test_disabled_account_loses_its_sessions(app, client):
    make_user()
    login(client)
    result = app.test_cli_runner().invoke(args=["users", "disable", "admin"])
    assert result.exit_code == 0, result.output
    assert client.get("/admin/").status_code == 302
    assert login(client).status_code == 200


def test_set_password_reads_stdin_and_signs_out(app, client):
    make_user()
    login(client)
    result = app.test_cli_runner().invoke(args=["users", "set-password", "admin"], input="mat-khau-moi-123\n")
    assert result.exit_code == 0, result.output
    assert client.get("/admin/").status_code == 302
    assert User.objects.get(username="admin").check_password("mat-khau-moi-123")
    assert not User.objects.get(username="admin").check_password(PASSWORD)


@pytest.mark.parametrize("command", [["users", "disable", "nobody"], ["users", "set-password", "nobody"]])
def test_account_commands_name_a_missing_account(app, command):
    result = app.test_cli_runner().invoke(args=command, input="mat-khau-moi-123\n")
    assert result.exit_code != 0
    assert "Không có tài khoản nobody" in result.output


def test_editor_needs_a_unit(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "bientap", "--role", "editor"], input="mat-khau-dai-du\n"
    )
    assert result.exit_code != 0
    assert "--unit" in result.output
