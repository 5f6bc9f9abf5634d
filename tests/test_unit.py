import pytest
from mongoengine import ValidationError

from documents import Household, Person, Unit
from tests.conftest import csrf_token, make_user


def test_unit_stores_all_its_ancestors(district):
    doan_ket = Unit.objects.get(code="0652601")
    assert doan_ket.ancestors == [district["province"].pk, district["district"].pk, district["nam_quan"].pk]
    assert set(Unit.objects.under(district["nam_quan"]).values_list("code")) == {"0652601", "0652602"}


def test_everything_under_a_commune_is_one_index_lookup(district):
    plan = Unit.objects(ancestors=district["nam_quan"].pk).explain()["queryPlanner"]["winningPlan"]
    assert "IXSCAN" in str(plan) and "COLLSCAN" not in str(plan)


@pytest.mark.parametrize("new_parent", ["self", "child"])
def test_unit_parent_that_would_make_a_cycle_is_refused(district, new_parent):
    nam_quan = Unit.objects.get(code="06526")
    nam_quan.parent = nam_quan if new_parent == "self" else Unit.objects.get(code="0652601")
    with pytest.raises(ValidationError) as error:
        nam_quan.save()
    assert "parent" in error.value.errors["__all__"].errors
    assert Unit.objects.get(code="06526").parent.pk == district["district"].pk


def test_unit_parent_must_be_a_higher_level(district):
    with pytest.raises(ValidationError):
        Unit(kind="xa", code="X1", name="Xã lạ", parent=district["doan_ket"]).save()


def test_moving_a_commune_rewrites_ancestors_below_it(district):
    other = Unit(kind="huyen", code="187", name="Đình Lập", parent=district["province"]).save()
    person = Person(
        full_name="Hoàng Văn Thụ",
        gender="nam",
        birth_year=1980,
        category="quan_chung",
        unit=district["doan_ket"],
    ).save()
    household = Household(code="NQ-1", head_name="Lý Thị Hoa", hamlet=district["doan_ket"]).save()
    nam_quan = Unit.objects.get(code="06526")
    nam_quan.parent = other
    nam_quan.save()
    expected = [district["province"].pk, other.pk, nam_quan.pk]
    assert Unit.objects.get(code="0652601").ancestors == expected
    assert Person.objects.get(pk=person.pk).ancestors == [*expected, district["doan_ket"].pk]
    assert Household.objects.get(pk=household.pk).ancestors == [*expected, district["doan_ket"].pk]
    assert Unit.objects.get(code="0652701").ancestors[1] == district["district"].pk


def test_cycle_is_refused_at_the_field_in_the_form(admin_client, district):
    nam_quan = Unit.objects.get(code="06526")
    url = f"/admin/unit/edit/?id={nam_quan.pk}"
    form = {
        "csrf_token": csrf_token(admin_client, url),
        "kind": "xa",
        "code": "06526",
        "name": "Nam Quan",
        "parent": str(district["doan_ket"].pk),
        "households": "10",
        "population": "40",
        "version": str(nam_quan.version),
    }
    page = admin_client.post(url, data=form).get_data(as_text=True)
    assert "Không thể chọn đơn vị này hoặc một đơn vị cấp dưới của nó làm cấp trên." in page
    assert Unit.objects.get(code="06526").parent.pk == district["district"].pk


def test_duplicate_code_is_refused_at_the_field(admin_client, district):
    form = {
        "csrf_token": csrf_token(admin_client, "/admin/unit/new/"),
        "kind": "xa",
        "code": "06526",
        "name": "Trùng mã",
        "parent": str(district["district"].pk),
        "households": "0",
        "population": "0",
    }
    page = admin_client.post("/admin/unit/new/", data=form).get_data(as_text=True)
    assert "Giá trị này đã có ở một bản ghi khác." in page
    assert Unit.objects(code="06526").count() == 1


def test_create_unit_through_the_form(admin_client, district):
    form = {
        "csrf_token": csrf_token(admin_client, "/admin/unit/new/"),
        "kind": "thon",
        "code": "0652603",
        "name": "Bản Sum",
        "parent": str(district["nam_quan"].pk),
        "households": "58",
        "population": "240",
        "disadvantaged": "y",
    }
    response = admin_client.post("/admin/unit/new/", data=form)
    assert response.status_code == 302
    created = Unit.objects.get(code="0652603")
    assert created.disadvantaged and created.households == 58
    assert created.ancestors[-1] == district["nam_quan"].pk


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Trường này là bắt buộc."),
        ("households", "-5", "Số phải trong khoảng 0 đến 10000000."),
        ("households", "nhiều", "Phải là một số nguyên."),
        ("kind", "lang", "Lựa chọn không hợp lệ."),
    ],
)
def test_bad_unit_input_is_refused_in_vietnamese(admin_client, district, field, value, message):
    form = {
        "csrf_token": csrf_token(admin_client, "/admin/unit/new/"),
        "kind": "thon",
        "code": "X9",
        "name": "Thôn mới",
        "parent": str(district["nam_quan"].pk),
        "households": "1",
        "population": "1",
    }
    form[field] = value
    response = admin_client.post("/admin/unit/new/", data=form)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert not Unit.objects(code="X9").first()


def test_a_unit_with_accounts_is_not_deleted(admin_client, district):
    make_user("nhan_ly", role="editor", unit=district["nhan_ly"])
    hamlet = district["ban_chanh"]
    Household.objects(hamlet=hamlet).delete()
    hamlet.delete()
    token = csrf_token(admin_client, "/admin/unit/")
    form = {"id": str(district["nhan_ly"].pk), "csrf_token": token}
    page = admin_client.post("/admin/unit/delete/", data=form, follow_redirects=True).get_data(as_text=True)
    assert "Không xóa được: còn 1 Tài khoản đang tham chiếu" in page
