"""Roles follow the unit tree: an editor or viewer of Nam Quan sees nothing of Nhân Lý."""

import re

import pytest

from documents import Household, PartyOrganization, Person, Unit
from tests.conftest import csrf_token, login, make_user


@pytest.fixture
def places(district):
    cell_dk = PartyOrganization(kind="chi_bo", name="Chi bộ thôn Đoàn Kết", unit=district["doan_ket"]).save()
    cell_bc = PartyOrganization(kind="chi_bo", name="Chi bộ Bản Chành", unit=district["ban_chanh"]).save()
    ours = Person(
        full_name="Hoàng Văn Nam",
        gender="nam",
        birth_year=1970,
        category="dang_vien",
        unit=district["doan_ket"],
        party_organization=cell_dk,
        admitted_on="2000-01-01",
    ).save()
    theirs = Person(
        full_name="Lý Văn Nhân",
        gender="nam",
        birth_year=1971,
        category="dang_vien",
        unit=district["ban_chanh"],
        party_organization=cell_bc,
        admitted_on="2001-01-01",
    ).save()
    Household(code="NQ-1", head_name="Hà Thị Mai", hamlet=district["doan_ket"], member_in_charge=ours).save()
    Household(
        code="NL-1", head_name="Vi Văn Tư", hamlet=district["ban_chanh"], member_in_charge=theirs
    ).save()
    return dict(district, cell_dk=cell_dk, cell_bc=cell_bc, ours=ours, theirs=theirs)


def sign_in(client, role, unit):
    make_user(username=role, role=role, unit=unit)
    assert login(client, username=role).status_code == 302
    return client


@pytest.fixture
def editor(client, places):
    return sign_in(client, "editor", places["nam_quan"])


@pytest.fixture
def viewer(client, places):
    return sign_in(client, "viewer", places["nam_quan"])


def cells(page, column):
    return re.findall(rf'<td class="col-{column}">\s*(.*?)\s*</td>', page)


@pytest.mark.parametrize(
    ("url", "column", "expected"),
    [
        ("/admin/unit/", "name", ["Đoàn Kết", "Nà Pái", "Nam Quan"]),
        ("/admin/person/", "full_name", ["Hoàng Văn Nam"]),
        ("/admin/household/", "code", ["NQ-1"]),
        ("/admin/party_organization/", "name", ["Chi bộ thôn Đoàn Kết"]),
        ("/admin/person/?search=nhan", "full_name", []),
        ("/admin/unit/?search=nhan+ly", "name", []),
    ],
)
def test_editor_lists_and_searches_only_under_their_unit(editor, url, column, expected):
    assert cells(editor.get(url).get_data(as_text=True), column) == expected


def test_home_counts_only_what_the_account_sees(editor):
    page = editor.get("/admin/").get_data(as_text=True)
    assert re.findall(r'<div class="h3 mb-0">(\d+)</div>', page) == ["3", "1", "1", "1"]


@pytest.mark.parametrize("view", ["edit", "details"])
def test_tampered_id_in_the_url_answers_404(editor, places, view):
    assert editor.get(f"/admin/person/{view}/?id={places['theirs'].pk}").status_code == 404
    assert editor.get(f"/admin/unit/{view}/?id={places['nhan_ly'].pk}").status_code == 404
    assert editor.get(f"/admin/unit/{view}/?id=not-an-id").status_code == 404


def test_delete_of_a_record_outside_the_unit_answers_404(editor, places):
    token = csrf_token(editor, "/admin/person/")
    response = editor.post(
        "/admin/person/delete/", data={"id": str(places["theirs"].pk), "csrf_token": token}
    )
    assert response.status_code == 404
    assert Person.objects(pk=places["theirs"].pk).count() == 1


def test_bulk_delete_skips_records_outside_the_unit(editor, places):
    token = csrf_token(editor, "/admin/household/")
    theirs = Household.objects.get(code="NL-1")
    editor.post(
        "/admin/household/action/", data={"action": "delete", "rowid": [str(theirs.pk)], "csrf_token": token}
    )
    assert Household.objects(code="NL-1").count() == 1


def test_tampered_form_value_cannot_move_a_record_out_of_the_unit(editor, places):
    household = Household.objects.get(code="NQ-1")
    url = f"/admin/household/edit/?id={household.pk}"
    form = {
        "csrf_token": csrf_token(editor, url),
        "code": "NQ-1",
        "head_name": "Hà Thị Mai",
        "hamlet": str(places["ban_chanh"].pk),
        "size": "3",
        "poverty": "khong",
        "member_in_charge": str(places["ours"].pk),
        "version": str(household.version),
    }
    page = editor.post(url, data=form).get_data(as_text=True)
    assert "Lựa chọn không hợp lệ: không có hồ sơ này." in page  # as if it did not exist
    assert Household.objects.get(code="NQ-1").hamlet.pk == places["doan_ket"].pk


def test_editor_cannot_create_outside_the_unit_but_can_inside(editor, places):
    url = "/admin/household/new/"
    form = {
        "csrf_token": csrf_token(editor, url),
        "code": "X-1",
        "head_name": "Nông Văn Ba",
        "hamlet": str(places["ban_chanh"].pk),
        "size": "2",
        "poverty": "khong",
    }
    editor.post(url, data=form)
    assert Household.objects(code="X-1").count() == 0
    form["hamlet"] = str(places["na_pai"].pk)
    assert editor.post(url, data=form).status_code == 302
    assert Household.objects.get(code="X-1").ancestors[-1] == places["na_pai"].pk


def test_editor_may_edit_their_own_commune_but_not_move_it(editor, places):
    nam_quan = places["nam_quan"]
    url = f"/admin/unit/edit/?id={nam_quan.pk}"
    form = {
        "csrf_token": csrf_token(editor, url),
        "kind": "xa",
        "code": "06526",
        "name": "Nam Quan",
        "parent": str(places["district"].pk),
        "households": "603",
        "population": "2500",
        "version": str(nam_quan.version),
    }
    assert editor.post(url, data=form).status_code == 302
    assert Unit.objects.get(pk=nam_quan.pk).households == 603
    other = Unit(kind="huyen", code="187", name="Đình Lập", parent=places["province"]).save()
    form.update(csrf_token=csrf_token(editor, url), parent=str(other.pk), version=str(nam_quan.version + 1))
    editor.post(url, data=form)
    assert Unit.objects.get(pk=nam_quan.pk).parent.pk == places["district"].pk


def test_pickers_offer_only_records_under_the_unit(editor):
    found = editor.get("/admin/household/ajax/lookup/?name=hamlet&query=ban").json
    assert found == []
    assert [
        label for _, label in editor.get("/admin/household/ajax/lookup/?name=hamlet&query=doan").json
    ] == ["Thôn Đoàn Kết (Xã Nam Quan)"]


def test_under_unit_filter_offers_only_units_in_scope(editor, places):
    """The filter's search box asks the view's `under_unit` picker, scoped like every picker."""
    offered = [label for _, label in editor.get("/admin/person/ajax/lookup/?name=under_unit&query=").json]
    assert "Xã Nam Quan (Huyện Lộc Bình)" in offered
    assert not any("Nhân Lý" in label or label.startswith("Huyện") for label in offered)


def test_viewer_reads_under_their_unit(viewer):
    page = viewer.get("/admin/household/").get_data(as_text=True)
    assert cells(page, "code") == ["NQ-1"]
    assert "/admin/household/new/" not in page and "/admin/household/edit/" not in page


def test_viewer_changes_nothing(viewer, places):
    household = Household.objects.get(code="NQ-1")
    token = csrf_token(viewer, "/admin/household/")
    viewer.post(
        "/admin/household/new/",
        data={
            "csrf_token": token,
            "code": "V-1",
            "head_name": "A",
            "hamlet": str(places["doan_ket"].pk),
            "size": "1",
            "poverty": "khong",
        },
    )
    viewer.post(
        f"/admin/household/edit/?id={household.pk}",
        data={
            "csrf_token": token,
            "code": "NQ-1",
            "head_name": "Đổi tên",
            "hamlet": str(places["doan_ket"].pk),
            "size": "9",
            "poverty": "ngheo",
        },
    )
    viewer.post("/admin/household/delete/", data={"id": str(household.pk), "csrf_token": token})
    assert Household.objects(code="V-1").count() == 0
    stored = Household.objects.get(code="NQ-1")
    assert (stored.head_name, stored.size) == ("Hà Thị Mai", 1)


def test_admin_sees_everything(admin_client, places):
    page = admin_client.get("/admin/household/").get_data(as_text=True)
    assert cells(page, "code") == ["NL-1", "NQ-1"]


def test_admin_bulk_delete_removes_the_selected_records(admin_client, places):
    token = csrf_token(admin_client, "/admin/household/")
    ids = [str(h.pk) for h in Household.objects]
    response = admin_client.post(
        "/admin/household/action/", data={"action": "delete", "rowid": ids, "csrf_token": token}
    )
    assert response.status_code == 302
    assert Household.objects.count() == 0


def test_an_editor_cannot_point_a_record_at_another_communes_record(client, places):
    make_user("nam_quan", role="editor", unit=places["nam_quan"])
    login(client, "nam_quan")
    household = Household.objects.get(code="NQ-1")
    url = f"/admin/household/edit/?id={household.pk}"
    form = {
        "csrf_token": csrf_token(client, url),
        "code": "NQ-1",
        "head_name": "Hà Thị Mai",
        "hamlet": str(places["doan_ket"].pk),
        "size": "1",
        "poverty": "khong",
        "member_in_charge": str(places["theirs"].pk),
        "version": str(household.version),
    }
    page = client.post(url, data=form).get_data(as_text=True)
    assert "Lựa chọn không hợp lệ: không có hồ sơ này." in page  # as if it did not exist
    assert Household.objects.get(code="NQ-1").member_in_charge == places["ours"]

    new = "/admin/person/new/"
    person = {
        "csrf_token": csrf_token(client, new),
        "full_name": "Nông Văn Ba",
        "gender": "nam",
        "birth_year": "1980",
        "category": "dang_vien",
        "unit": str(places["doan_ket"].pk),
        "party_organization": str(places["cell_bc"].pk),
        "admitted_on": "2005-01-01",
    }
    assert "không có hồ sơ này" in client.post(new, data=person).get_data(as_text=True)
    post = {
        **person,
        "party_organization": str(places["cell_dk"].pk),
        "positions-0-title": "Bí thư",
        "positions-0-unit": str(places["ban_chanh"].pk),
    }
    assert "không có hồ sơ này" in client.post(new, data=post).get_data(as_text=True)
    assert Person.objects(full_name="Nông Văn Ba").count() == 0


def test_a_reference_already_there_may_stay(client, places):
    """The commune's party committee names the district's as its parent: its editor still saves it."""
    district_committee = PartyOrganization(
        kind="dang_bo_huyen", name="Đảng bộ huyện Lộc Bình", unit=places["district"]
    ).save()
    committee = PartyOrganization(
        kind="dang_bo_co_so", name="Đảng bộ xã Nam Quan", unit=places["nam_quan"], parent=district_committee
    ).save()
    make_user("nam_quan", role="editor", unit=places["nam_quan"])
    login(client, "nam_quan")
    url = f"/admin/party_organization/edit/?id={committee.pk}"
    form = {
        "csrf_token": csrf_token(client, url),
        "name": "Đảng bộ xã Nam Quan (khóa mới)",
        "kind": "dang_bo_co_so",
        "unit": str(places["nam_quan"].pk),
        "parent": str(district_committee.pk),
        "version": str(committee.version),
    }
    assert client.post(url, data=form).status_code == 302
    assert PartyOrganization.objects.get(pk=committee.pk).name == "Đảng bộ xã Nam Quan (khóa mới)"


def test_a_viewer_is_told_why_a_change_is_refused(client, places):
    make_user("xem", role="viewer", unit=places["nam_quan"])
    login(client, "xem")
    token = csrf_token(client, "/admin/household/")
    household = Household.objects.get(code="NQ-1")
    form = {"id": str(household.pk), "csrf_token": token}
    page = client.post("/admin/household/delete/", data=form, follow_redirects=True).get_data(as_text=True)
    assert "Tài khoản chỉ xem: không được thay đổi dữ liệu." in page
    assert Household.objects(pk=household.pk).count() == 1


def test_records_above_the_editors_unit_are_named_not_linked(client, places):
    make_user("nam_quan", role="editor", unit=places["nam_quan"])
    login(client, "nam_quan")
    page = client.get(f"/admin/unit/details/?id={places['nam_quan'].pk}").get_data(as_text=True)
    assert "Huyện Lộc Bình" in page
    assert f"/admin/unit/details/?id={places['district'].pk}" not in page


def test_an_id_naming_no_record_is_refused_not_dropped(admin_client, places):
    household = Household.objects.get(code="NQ-1")
    url = f"/admin/household/edit/?id={household.pk}"
    form = {
        "csrf_token": csrf_token(admin_client, url),
        "code": "NQ-1",
        "head_name": "Hà Thị Mai",
        "hamlet": str(places["doan_ket"].pk),
        "size": "1",
        "poverty": "khong",
        "member_in_charge": "000000000000000000000000",
        "version": str(household.version),
    }
    page = admin_client.post(url, data=form).get_data(as_text=True)
    assert "Lựa chọn không hợp lệ: không có hồ sơ này." in page
    assert Household.objects.get(code="NQ-1").member_in_charge == places["ours"]


def test_a_communes_staff_can_narrow_a_list_to_one_hamlet(editor, places):
    offered = dict(editor.get("/admin/household/ajax/lookup/?name=under_unit&query=").json)
    assert str(places["doan_ket"].pk) in offered and str(places["nam_quan"].pk) in offered
    assert str(places["ban_chanh"].pk) not in offered
