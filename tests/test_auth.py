import re

import pytest

from documents import Unit, User
from tests.conftest import PASSWORD, csrf_token, login, make_user


def test_admin_requires_sign_in(client):
    response = client.get("/admin/person/")
    assert response.status_code == 302
    assert response.location.startswith("/login?next=/admin/person/")


def test_login_with_wrong_password_says_so_at_the_field(client):
    make_user()
    response = login(client, password="sai-mat-khau-roi")
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.get_data(as_text=True)
    assert client.get("/admin/").status_code == 302


def test_login_without_csrf_token_is_refused(client):
    make_user()
    response = client.post("/login", data={"username": "admin", "password": PASSWORD})
    assert response.status_code == 200
    assert "CSRF" in response.get_data(as_text=True)
    assert client.get("/admin/").status_code == 302


def test_login_then_logout(client):
    make_user()
    response = login(client)
    assert response.location == "/admin/"
    page = client.get("/admin/").get_data(as_text=True)
    assert "Bảng điều khiển Ban Tổ chức" in page
    token = re.search(r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/logout", data={"csrf_token": token}).location == "/login"
    assert client.get("/admin/").status_code == 302


def test_login_never_redirects_off_site(client):
    make_user()
    token = csrf_token(client, "/login")
    response = client.post(
        "/login?next=//evil.example/", data={"username": "admin", "password": PASSWORD, "csrf_token": token}
    )
    assert response.location == "/admin/"


def test_password_is_stored_as_scrypt_hash(app):
    user = make_user()
    stored = User._get_collection().find_one({"_id": user.pk})
    assert stored["password_hash"].startswith("scrypt:")
    assert PASSWORD not in stored["password_hash"]


def test_users_create_reads_password_from_stdin(app):
    Unit(kind="xa", code="06526", name="Nam Quan").save()
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "create", "canbo.namquan", "--role", "editor", "--unit", "06526"],
        input="mot-mat-khau-dai\n",
    )
    assert result.exit_code == 0, result.output
    user = User.objects.get(username="canbo.namquan")
    assert user.role == "editor"
    assert user.unit.code == "06526"
    assert user.check_password("mot-mat-khau-dai")


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["--role", "admin"], "ngan\n", "ít nhất 10 ký tự"),
        (["--role", "editor", "--unit", "99999"], "mot-mat-khau-dai\n", "Không có đơn vị mã 99999"),
    ],
)
def test_users_create_refuses_bad_input(app, args, password, message):
    result = app.test_cli_runner().invoke(args=["users", "create", "someone", *args], input=password)
    assert result.exit_code != 0
    assert message in result.output
    assert User.objects.count() == 0
