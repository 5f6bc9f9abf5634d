"""Security review of issue 9: blank-looking passwords, refusals that say why, account history,
and saves that change nothing."""

import pytest
from bson import ObjectId
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from documents import HistoryEntry, Household, PartyOrganization, User
from documents.user import MIN_PASSWORD_LENGTH
from tests.conftest import csrf_token, login, make_user
from tests.html_forms import form_fields

BLANK_LOOKING = ["\u200b" * 12, "\ufeff" * 12, "\u2800" * 12, "\u3164" * 12, "\x00" * 12]
# Characters that show nothing: separators, format characters, lone combining marks, blank letters.
INVISIBLE = st.one_of(
    st.characters(categories=["Zs", "Zl", "Zp", "Cf", "Mn", "Me"]),
    st.sampled_from("\u2800\u3164\u115f\u1160\uffa0"),
)
VISIBLE = st.characters(categories=["L", "N", "P", "S"], exclude_characters="\u2800\u3164\u115f\u1160\uffa0")


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


# 5. Passwords that look blank


@pytest.mark.parametrize("password", BLANK_LOOKING)
def test_a_blank_looking_password_is_refused_on_a_new_account(admin_client, district, password):
    url = "/admin/user/new/"
    response = admin_client.post(url, data=account_form(admin_client, url, district, new_password=password))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    said = "ký tự điều khiển" if password[0] == "\x00" else "ký tự nhìn thấy được"
    assert said in page
    assert User.objects(username="bientap").count() == 0


@pytest.mark.parametrize("password", BLANK_LOOKING)
def test_a_blank_looking_password_is_refused_on_an_account(admin_client, district, password):
    user = make_user(username="bientap", role="editor", unit=district["nam_quan"])
    url = f"/admin/user/edit/?id={user.pk}"
    form = account_form(admin_client, url, district, version=str(user.version), new_password=password)
    response = admin_client.post(url, data=form)
    assert response.status_code == 200
    assert "Mật khẩu" in response.get_data(as_text=True)
    stored = User.objects.get(pk=user.pk)
    assert stored.password_hash == user.password_hash and stored.version == user.version


@settings(max_examples=300, deadline=None)
@given(
    invisible=st.lists(INVISIBLE, min_size=0, max_size=30),
    visible=st.lists(VISIBLE, max_size=MIN_PASSWORD_LENGTH - 1),
    order=st.randoms(use_true_random=False),
)
def test_a_password_with_fewer_than_ten_visible_characters_is_refused(invisible, visible, order):
    characters = invisible + visible
    order.shuffle(characters)
    with pytest.raises(ValueError, match="ký tự nhìn thấy được"):
        User(username="x").set_password("".join(characters))


@settings(max_examples=100, deadline=None)
@given(
    password=st.text(VISIBLE, min_size=MIN_PASSWORD_LENGTH, max_size=20),
    control=st.characters(categories=["Cc"]),
    at=st.integers(min_value=0, max_value=20),
)
def test_a_password_with_a_control_character_is_refused(password, control, at):
    with pytest.raises(ValueError, match="ký tự điều khiển"):
        User(username="x").set_password(password[:at] + control + password[at:])


@settings(max_examples=20, deadline=None)
@given(
    visible=st.text(VISIBLE, min_size=MIN_PASSWORD_LENGTH, max_size=16),
    invisible=st.text(INVISIBLE, max_size=5),
)
def test_ten_visible_characters_make_a_password(visible, invisible):
    user = User(username="x")
    user.set_password(visible + invisible)
    assert user.check_password(visible + invisible)


def test_a_vietnamese_password_typed_decomposed_counts_its_letters():
    """Tone marks typed as combining marks add no length, but the letters under them count."""
    user = User(username="x")
    user.set_password("Nghiê\u0323p vu\u0323 mơ\u0301i")  # 11 letters
    with pytest.raises(ValueError):
        user.set_password("e\u0323" * 9)


# 8. Refusals that say why


@pytest.fixture
def household(district):
    return Household(code="NQ-1", head_name="Lò Văn Sáng", hamlet=district["doan_ket"]).save()


@pytest.fixture
def viewer(client, district):
    make_user("xem", role="viewer", unit=district["nam_quan"])
    login(client, "xem")
    return client


def test_a_viewer_opening_an_edit_page_is_told_why(viewer, household):
    response = viewer.get(f"/admin/household/edit/?id={household.pk}", follow_redirects=True)
    assert response.request.path == "/admin/household/"
    assert "Tài khoản chỉ xem: không được sửa hồ sơ." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("post", "/admin/issuing_body/new/", 403),
        ("get", "/admin/form_definition/new/", 403),
        ("post", f"/admin/record/edit/?id={ObjectId()}", 404),
        ("post", "/admin/record/new/?kind=khong-co", 404),
    ],
)
def test_a_viewers_refusal_answered_403_or_404_leaves_no_message_behind(
    viewer, household, method, url, status
):
    token = csrf_token(viewer, "/admin/household/")
    response = getattr(viewer, method)(url, data={"csrf_token": token, "name": "x"})
    assert response.status_code == status
    page = viewer.get("/admin/trash/").get_data(as_text=True)
    assert "Tài khoản chỉ xem" not in page


def test_deleting_an_account_says_to_disable_it(admin_client, district):
    user = make_user(username="bientap", role="editor", unit=district["nam_quan"])
    token = csrf_token(admin_client, "/admin/user/")
    for url, form in [
        ("/admin/user/delete/", {"id": str(user.pk), "csrf_token": token}),
        ("/admin/user/delete/", {"id": str(user.pk)}),
        ("/admin/user/action/", {"action": "delete", "rowid": str(user.pk), "csrf_token": token}),
    ]:
        page = admin_client.post(url, data=form, follow_redirects=True).get_data(as_text=True)
        assert "Tài khoản không xóa được" in page and "hãy khóa tài khoản" in page, url
        assert User.objects(pk=user.pk).count() == 1


# 10. Account history


def test_a_unit_given_to_an_account_without_one_shows_before_and_after(admin_client, district):
    user = make_user(username="quantri", role="admin")
    url = f"/admin/user/edit/?id={user.pk}"
    form = account_form(admin_client, url, district, username="quantri", role="admin", version="1")
    assert admin_client.post(url, data=form).status_code == 302
    page = admin_client.get(url).get_data(as_text=True)
    assert "Đơn vị: <del>(trống)</del> → Xã Nam Quan" in page
    # The creation has no "before".
    assert "Tên đăng nhập: quantri" in page and "<del>(trống)</del> → quantri" not in page


# 11. A save that changes nothing writes nothing


def test_saving_an_organization_untouched_writes_no_version(admin_client, district):
    organization = PartyOrganization(
        kind="dang_bo_co_so", name="Đảng bộ xã Nam Quan", unit=district["nam_quan"]
    ).save()
    url = f"/admin/party_organization/edit/?id={organization.pk}"
    form = MultiDict(form_fields(admin_client.get(url).get_data(as_text=True)))
    assert admin_client.post(url, data=form).status_code == 302
    assert PartyOrganization.objects.get(pk=organization.pk).version == 1
    assert HistoryEntry.of(organization).count() == 1
    # A change still writes.
    form["name"] = "Đảng bộ xã Nam Quan (khóa mới)"
    assert admin_client.post(url, data=form).status_code == 302
    assert PartyOrganization.objects.get(pk=organization.pk).version == 2
    assert HistoryEntry.of(organization).first().changed == ["name"]


def test_saving_a_household_unchanged_keeps_its_version(household):
    stored = Household.objects.get(pk=household.pk)
    stored.save()
    assert stored.version == 1
    assert Household.objects.get(pk=household.pk).version == 1
    assert [e.action for e in HistoryEntry.of(household)] == ["create"]
    # The next edit is written over version 1, as usual.
    stored.head_name = "Lò Văn Sáu"
    stored.save()
    assert Household.objects.get(pk=household.pk).version == 2


def test_saving_an_account_untouched_writes_no_version(admin_client, district):
    user = make_user(username="bientap", role="editor", unit=district["nam_quan"])
    url = f"/admin/user/edit/?id={user.pk}"
    form = account_form(admin_client, url, district, version=str(user.version))
    assert admin_client.post(url, data=form).status_code == 302
    assert User.objects.get(pk=user.pk).version == 1
    assert HistoryEntry.of(user).count() == 1
    # A new password is a change, even the same one (a new hash).
    form = account_form(admin_client, url, district, version="1", new_password="mat-khau-thu-nghiem")
    assert admin_client.post(url, data=form).status_code == 302
    assert User.objects.get(pk=user.pk).version == 2
