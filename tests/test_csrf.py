"""Every form and action refuses a request without its CSRF token, and says why."""

import pytest

from documents import Household, Unit


@pytest.fixture
def household(district):
    return Household(code="NQ-1", head_name="Hà Thị Mai", hamlet=district["doan_ket"]).save()


def test_create_without_token_is_refused(admin_client, district):
    form = {"kind": "thon", "code": "X1", "name": "Mới", "parent": str(district["nam_quan"].pk)}
    response = admin_client.post("/admin/unit/new/", data=form)
    assert response.status_code == 200
    assert "Thiếu mã bảo vệ biểu mẫu (CSRF)" in response.get_data(as_text=True)
    assert Unit.objects(code="X1").count() == 0


def test_edit_with_a_forged_token_is_refused(admin_client, household, district):
    form = {
        "csrf_token": "forged",
        "code": "NQ-1",
        "head_name": "Đổi",
        "hamlet": str(district["doan_ket"].pk),
        "size": "2",
        "poverty": "khong",
    }
    response = admin_client.post(f"/admin/household/edit/?id={household.pk}", data=form)
    assert "CSRF" in response.get_data(as_text=True)
    assert Household.objects.get(pk=household.pk).head_name == "Hà Thị Mai"


def test_delete_without_token_is_refused(admin_client, household):
    response = admin_client.post(
        "/admin/household/delete/", data={"id": str(household.pk)}, follow_redirects=True
    )
    assert "CSRF" in response.get_data(as_text=True)
    assert Household.objects.count() == 1


def test_bulk_action_without_token_is_refused(admin_client, household):
    form = {"action": "delete", "rowid": [str(household.pk)]}
    response = admin_client.post("/admin/household/action/", data=form, follow_redirects=True)
    assert "CSRF" in response.get_data(as_text=True)
    assert Household.objects.count() == 1


def test_logout_without_token_is_refused(admin_client):
    response = admin_client.post("/logout", follow_redirects=True)
    assert "CSRF" in response.get_data(as_text=True)
    assert admin_client.get("/admin/").status_code == 200
