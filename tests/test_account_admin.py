"""Account management in the console, for admins only."""

import pytest

from documents import LoginSession, User
from tests.conftest import csrf_token, login, make_user


def account_form(client, url, district, **changes):
    form = {
        "csrf_token": csrf_token(client, url),
        "username": "CanBo.NamQuan",
        "role": "editor",
        "unit": str(district["nam_quan"].pk),
        "active": "y",
        "new_password": "mat-khau-moi-dai",
    }
    form.update(changes)
    return form


def test_admin_creates_an_account_that_can_sign_in(app, admin_client, district):
    response = admin_client.post(
        "/admin/user/new/", data=account_form(admin_client, "/admin/user/new/", district)
    )
    assert response.status_code == 302
    user = User.objects.get(username="canbo.namquan")
    assert (user.role, user.unit.pk) == ("editor", district["nam_quan"].pk)
    assert user.check_password("mat-khau-moi-dai")
    assert login(app.test_client(), username="canbo.namquan", password="mat-khau-moi-dai").status_code == 302


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"new_password": ""}, "Tài khoản mới cần mật khẩu."),
        ({"new_password": "ngan"}, "Độ dài phải từ 10 đến 200 ký tự."),
        ({"role": "viewer", "unit": ""}, "cần có đơn vị làm việc"),
    ],
)
def test_bad_account_input_is_refused_at_the_field(admin_client, district, changes, message):
    form = account_form(admin_client, "/admin/user/new/", district, **changes)
    page = admin_client.post("/admin/user/new/", data=form).get_data(as_text=True)
    assert message in page
    assert User.objects(username="canbo.namquan").count() == 0


def test_disabling_an_account_ends_its_sessions(app, admin_client, district):
    other = make_user(username="bientap", role="editor", unit=district["nam_quan"])
    their_browser = app.test_client()
    login(their_browser, username="bientap")
    url = f"/admin/user/edit/?id={other.pk}"
    form = account_form(admin_client, url, district, username="bientap", new_password="", version="1")
    del form["active"]
    assert admin_client.post(url, data=form).status_code == 302
    assert User.objects.get(username="bientap").active is False
    assert their_browser.get("/admin/").status_code == 302
    assert LoginSession.objects(data__user_id=str(other.pk)).count() == 0


def test_accounts_are_for_admins_only(client, district):
    make_user(username="bientap", role="editor", unit=district["nam_quan"])
    login(client, username="bientap")
    assert client.get("/admin/user/").status_code == 403
    assert "/admin/user/" not in client.get("/admin/").get_data(as_text=True)
