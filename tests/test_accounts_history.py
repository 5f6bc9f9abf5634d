"""Changes to accounts are in the history like records: who, when, before and after, never the hash."""

import pytest

from documents import HistoryEntry, User
from tests.conftest import csrf_token, make_user


def account_form(client, url, district, **changes):
    form = {
        "csrf_token": csrf_token(client, url),
        "username": "bientap",
        "role": "editor",
        "unit": str(district["nam_quan"].pk),
        "active": "y",
        "new_password": "",
    }
    form.update(changes)
    return {k: v for k, v in form.items() if v is not None}


def entries(user):
    return list(HistoryEntry.of(user).order_by("version"))


def no_hash_anywhere(user):
    stored = User.objects.get(pk=user.pk).password_hash
    for entry in HistoryEntry.of(user):
        assert "password_hash" not in entry.before and "password_hash" not in entry.after
        assert stored not in str(entry.to_mongo())


def test_creating_an_account_in_the_console_is_recorded(admin_client, district):
    url = "/admin/user/new/"
    form = account_form(admin_client, url, district, new_password="mat-khau-moi-dai")
    assert admin_client.post(url, data=form).status_code == 302
    user = User.objects.get(username="bientap")
    [entry] = entries(user)
    assert (entry.action, entry.actor, entry.version) == ("create", "admin", 1)
    assert entry.after == {
        "username": "bientap",
        "role": "editor",
        "unit": district["nam_quan"].pk,
        "active": True,
        "password": "đã đổi",
    }
    no_hash_anywhere(user)


@pytest.mark.parametrize(
    ("changes", "field", "before", "after", "shown"),
    [
        ({"role": "viewer"}, "role", "editor", "viewer", "Vai trò: <del>Biên tập</del> → Chỉ xem"),
        ({"unit": "nhan_ly"}, "unit", "nam_quan", "nhan_ly", "Đơn vị: <del>Xã Nam Quan</del> → Xã Nhân Lý"),
        ({"active": None}, "active", True, False, "Đang hoạt động: <del>Có</del> → Không"),
        ({"new_password": "mot-mat-khau-khac"}, "password", None, "đã đổi", "Mật khẩu: đã đổi"),
    ],
)
def test_each_change_of_an_account_in_the_console_is_recorded(
    admin_client, district, changes, field, before, after, shown
):
    user = make_user(username="bientap", role="editor", unit=district["nam_quan"])
    url = f"/admin/user/edit/?id={user.pk}"
    if changes.get("unit"):
        changes["unit"] = str(district[changes["unit"]].pk)
        before, after = district[before].pk, district[after].pk
    form = account_form(admin_client, url, district, version=str(user.version), **changes)
    assert admin_client.post(url, data=form).status_code == 302
    entry = entries(user)[-1]
    assert (entry.action, entry.actor, entry.version, entry.changed) == ("edit", "admin", 2, [field])
    assert entry.before.get(field) == before
    assert entry.after[field] == after
    no_hash_anywhere(user)
    page = admin_client.get(url).get_data(as_text=True)
    assert "Lịch sử thay đổi" in page and shown in page


@pytest.mark.parametrize(
    ("args", "changed", "after"),
    [
        (["users", "set-password", "bientap"], "password", "đã đổi"),
        (["users", "disable", "bientap"], "active", False),
    ],
)
def test_account_commands_are_recorded_under_the_command_line(app, district, args, changed, after):
    user = make_user(username="bientap", role="editor", unit=district["nam_quan"])
    result = app.test_cli_runner().invoke(args=args, input="mot-mat-khau-khac\n")
    assert result.exit_code == 0, result.output
    entry = entries(user)[-1]
    assert (entry.action, entry.changed, entry.after[changed]) == ("edit", [changed], after)
    assert entry.actor.startswith("dòng lệnh")
    no_hash_anywhere(user)


def test_creating_an_account_from_the_command_line_is_recorded_and_said_in_vietnamese(app, district):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "canbo", "--role", "editor", "--unit", "06526"], input="mot-mat-khau-dai\n"
    )
    assert result.exit_code == 0, result.output
    assert "Đã tạo tài khoản canbo (biên tập)." in result.output
    [entry] = entries(User.objects.get(username="canbo"))
    assert (entry.action, entry.after["role"], entry.after["password"]) == ("create", "editor", "đã đổi")
    assert entry.actor.startswith("dòng lệnh")


@pytest.mark.parametrize(
    "args",
    [
        ["users", "disable", "nobody"],
        ["users", "create", "Tên Sai", "--role", "admin"],
        ["documents", "render", "danh_sach_can_bo", "--unit", "99999", "--out", "/tmp/x.pdf"],
    ],
)
def test_command_errors_are_said_in_vietnamese(app, args):
    result = app.test_cli_runner().invoke(args=args, input="mot-mat-khau-dai\n")
    assert result.exit_code == 1
    assert result.output.startswith("Lỗi: ")
    assert "Error" not in result.output


@pytest.mark.parametrize("url", ["/admin/user/new/", "edit"])
def test_an_account_form_without_its_token_says_so(admin_client, district, url):
    user = make_user(username="bientap", role="editor", unit=district["nam_quan"])
    if url == "edit":
        url = f"/admin/user/edit/?id={user.pk}"
    form = account_form(admin_client, url, district, username="moi", role="viewer", version=str(user.version))
    del form["csrf_token"]
    response = admin_client.post(url, data={**form, "new_password": "mat-khau-moi-dai"})
    assert response.status_code == 200
    assert "Thiếu mã bảo vệ biểu mẫu (CSRF)" in response.get_data(as_text=True)
    assert User.objects(username="moi").count() == 0
    assert User.objects.get(pk=user.pk).role == "editor"
