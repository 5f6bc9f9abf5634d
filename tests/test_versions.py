"""Every edit needs the version it was opened at: registry records and accounts alike."""

import pytest

from documents import HistoryEntry, Household, User
from tests.conftest import csrf_token, make_user

NO_VERSION = "không cho biết hồ sơ đang ở phiên bản nào"


def household_form(client, url, district, **changes):
    form = {
        "csrf_token": csrf_token(client, url),
        "code": "NQ-1",
        "head_name": "Hà Thị Mai",
        "hamlet": str(district["doan_ket"].pk),
        "size": "3",
        "poverty": "khong",
    }
    form.update(changes)
    return {k: v for k, v in form.items() if v is not None}


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


@pytest.fixture
def household(district):
    return Household(code="NQ-1", head_name="Hà Thị Mai", hamlet=district["doan_ket"], size=3).save()


@pytest.mark.parametrize("version", [None, "", "abc", "99999999999999999999", "-1", "1e3"])
def test_a_registry_edit_without_a_usable_version_is_refused_and_keeps_the_input(
    admin_client, district, household, version
):
    url = f"/admin/household/edit/?id={household.pk}"
    form = household_form(admin_client, url, district, head_name="Tên mới gõ vào", version=version)
    response = admin_client.post(url, data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert NO_VERSION in page
    assert "Tên mới gõ vào" in page  # the input is kept
    assert f'name="version" type="hidden" value="{household.version}"' in page
    assert Household.objects.get(pk=household.pk).head_name == "Hà Thị Mai"


def test_a_registry_edit_at_its_version_is_saved(admin_client, district, household):
    url = f"/admin/household/edit/?id={household.pk}"
    form = household_form(admin_client, url, district, size="4", version=str(household.version))
    assert admin_client.post(url, data=form).status_code == 302
    assert Household.objects.get(pk=household.pk).size == 4


def test_a_stale_account_form_does_not_revert_a_newer_change(admin_client, district):
    other = make_user(username="bientap", role="editor", unit=district["nam_quan"])
    url = f"/admin/user/edit/?id={other.pk}"
    opened = account_form(admin_client, url, district, version=str(other.version))
    other.reload()
    other.role = "viewer"  # someone else, meanwhile
    other.save()
    response = admin_client.post(url, data=opened)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "người khác đã sửa tài khoản này" in page
    assert "Vai trò thành Chỉ xem" in page
    assert User.objects.get(pk=other.pk).role == "viewer"
    # Saved again from the refused form (it now carries the newer version): a deliberate overwrite.
    again = account_form(admin_client, url, district, version=str(other.version))
    assert admin_client.post(url, data=again).status_code == 302
    assert User.objects.get(pk=other.pk).role == "editor"


@pytest.mark.parametrize("version", [None, "x", "99999999999999999999"])
def test_an_account_edit_without_a_usable_version_is_refused(admin_client, district, version):
    other = make_user(username="bientap", role="editor", unit=district["nam_quan"])
    url = f"/admin/user/edit/?id={other.pk}"
    response = admin_client.post(
        url, data=account_form(admin_client, url, district, role="viewer", version=version)
    )
    assert response.status_code == 200
    assert NO_VERSION in response.get_data(as_text=True)
    assert User.objects.get(pk=other.pk).role == "editor"


def test_account_edit_form_carries_its_version(admin_client, district):
    other = make_user(username="bientap", role="editor", unit=district["nam_quan"])
    page = admin_client.get(f"/admin/user/edit/?id={other.pk}").get_data(as_text=True)
    assert f'name="version" type="hidden" value="{other.version}"' in page
    assert other.version == 1


@pytest.mark.parametrize("version", ["99999999999999999999", "-1", "abc", ""])
def test_restore_of_a_version_that_cannot_be_one_answers_404(admin_client, district, household, version):
    token = csrf_token(admin_client, f"/admin/household/details/?id={household.pk}")
    response = admin_client.post(
        f"/admin/household/restore/?id={household.pk}&version={version}", data={"csrf_token": token}
    )
    assert response.status_code == 404


def test_restore_of_a_version_whose_code_is_now_taken_says_so(admin_client, district, household):
    household.code = "NQ-2"
    household.save()
    Household(code="NQ-1", head_name="Lò Văn Sáng", hamlet=district["doan_ket"]).save()
    token = csrf_token(admin_client, f"/admin/household/details/?id={household.pk}")
    response = admin_client.post(
        f"/admin/household/restore/?id={household.pk}&version=1", data={"csrf_token": token}
    )
    assert response.status_code == 302
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Không khôi phục được phiên bản 1" in page and "đã thuộc về một hồ sơ khác" in page
    assert Household.objects.get(pk=household.pk).code == "NQ-2"
    assert HistoryEntry.of(household).first().version == 2


@pytest.mark.parametrize(
    ("password", "said"),
    [
        ("   ", "không kể khoảng trắng"),
        (" " * 12, "không kể khoảng trắng"),
        (" " * 9 + "abc", "không kể khoảng trắng"),
        ("\t" * 15, "ký tự điều khiển"),
    ],
)
def test_a_blank_looking_password_is_refused_at_the_field(admin_client, district, password, said):
    url = "/admin/user/new/"
    response = admin_client.post(url, data=account_form(admin_client, url, district, new_password=password))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert said in page
    assert User.objects(username="bientap").count() == 0


def test_the_command_line_refuses_a_blank_looking_password(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "quantri", "--role", "admin"], input=" " * 12 + "\n"
    )
    assert result.exit_code != 0
    assert "Lỗi: Mật khẩu cần ít nhất 10 ký tự" in result.output
    assert "Error" not in result.output
    assert User.objects.count() == 0
