"""Soft delete: deleted records wait in the trash, come back whole, and only admins purge them."""

from documents import HistoryEntry, Household, PartyOrganization, Person, TrashedRecord, Unit
from tests.conftest import csrf_token, login, make_user


def delete(client, endpoint, record):
    token = csrf_token(client, f"/admin/{endpoint}/")
    return client.post(f"/admin/{endpoint}/delete/", data={"id": str(record.pk), "csrf_token": token})


def trash_action(client, name, *rows, token=True):
    data = {"action": name, "rowid": [str(row.pk) for row in rows]}
    if token:
        data["csrf_token"] = csrf_token(client, "/admin/trash/")
    return client.post("/admin/trash/action/", data=data, follow_redirects=True)


def trashed(record):
    return TrashedRecord.objects.get(record_id=record.pk)


def member_in_charge(district):
    cell = PartyOrganization(kind="chi_bo", name="Chi bộ thôn Đoàn Kết", unit=district["doan_ket"]).save()
    return Person(
        full_name="Hoàng Văn Tâm",
        gender="nam",
        birth_year=1970,
        category="dang_vien",
        unit=district["doan_ket"],
        party_organization=cell,
        admitted_on="1995-05-19",
    ).save()


def test_a_deleted_record_goes_to_the_trash_and_comes_back_whole(admin_client, district):
    member = member_in_charge(district)
    household = Household(
        code="NQ-1",
        head_name="Hà Thị Mai",
        hamlet=district["doan_ket"],
        size=4,
        poverty="can_ngheo",
        member_in_charge=member,
    ).save()
    stored = Household.objects(pk=household.pk).as_pymongo().first()

    page = delete(admin_client, "household", household).get_data(as_text=True)
    assert Household.objects(pk=household.pk).count() == 0
    listing = admin_client.get("/admin/trash/").get_data(as_text=True)
    assert "NQ-1 – Hà Thị Mai" in listing and "Hộ gia đình" in listing
    assert trashed(household).deleted_by == "admin"

    page = trash_action(admin_client, "restore", trashed(household)).get_data(as_text=True)
    assert "Đã khôi phục 1 hồ sơ: NQ-1 – Hà Thị Mai." in page
    back = Household.objects(pk=household.pk).as_pymongo().first()
    assert TrashedRecord.objects.count() == 0
    kept = ("code", "head_name", "hamlet", "size", "poverty", "member_in_charge", "ancestors", "created_at")
    assert {k: back[k] for k in kept} == {k: stored[k] for k in kept}
    history = [(e.version, e.action) for e in HistoryEntry.of(household).order_by("version")]
    assert history == [(1, "create"), (2, "delete"), (3, "restore")]
    assert back["version"] == 3
    # The record works as before: it can be edited again from its restored version.
    restored = Household.objects.get(pk=household.pk)
    restored.size = 5
    assert restored.save().version == 4


def test_a_record_whose_reference_is_gone_waits_for_it(admin_client, district):
    hamlet = Unit(kind="thon", code="0652603", name="Khòn Cuông", parent=district["nam_quan"]).save()
    household = Household(code="NQ-7", head_name="Lý Văn Páo", hamlet=hamlet, size=3).save()
    delete(admin_client, "household", household)
    delete(admin_client, "unit", hamlet)  # nothing live refers to the hamlet any more
    assert TrashedRecord.objects.count() == 2

    page = trash_action(admin_client, "restore", trashed(household)).get_data(as_text=True)
    assert "Thôn, tổ dân phố: «Thôn Khòn Cuông» đang ở thùng rác" in page
    assert Household.objects(pk=household.pk).count() == 0

    trash_action(admin_client, "restore", trashed(hamlet))
    page = trash_action(admin_client, "restore", trashed(household)).get_data(as_text=True)
    assert "Đã khôi phục 1 hồ sơ" in page
    assert Household.objects.get(pk=household.pk).ancestors == [*hamlet.ancestors, hamlet.pk]


def test_a_restore_takes_the_current_place_of_the_parent(admin_client, district):
    household = Household(code="NQ-2", head_name="Vi Thị Hoa", hamlet=district["doan_ket"], size=2).save()
    delete(admin_client, "household", household)
    hamlet = district["doan_ket"]
    hamlet.parent = district["nhan_ly"]  # the hamlet moved to another commune meanwhile
    hamlet.save()
    trash_action(admin_client, "restore", trashed(household))
    assert district["nhan_ly"].pk in Household.objects.get(pk=household.pk).ancestors


def test_a_code_taken_meanwhile_is_refused_with_a_message(admin_client, district):
    hamlet = district["na_pai"]
    delete(admin_client, "unit", hamlet)
    Unit(kind="thon", code="0652602", name="Nà Pái Mới", parent=district["nam_quan"]).save()
    page = trash_action(admin_client, "restore", trashed(hamlet)).get_data(as_text=True)
    assert "mã của nó đã được dùng cho một hồ sơ khác" in page
    assert TrashedRecord.objects.count() == 1


def test_only_an_admin_purges_and_the_purge_is_recorded(client, district):
    household = Household(code="NQ-3", head_name="Nông Văn Dũng", hamlet=district["doan_ket"]).save()
    make_user("admin")
    make_user("nam_quan", role="editor", unit=district["nam_quan"])
    login(client, "nam_quan")
    delete(client, "household", household)
    page = client.get("/admin/trash/").get_data(as_text=True)
    assert 'value="restore"' in page and 'value="purge"' not in page
    trash_action(client, "purge", trashed(household))
    assert TrashedRecord.objects.count() == 1

    client.post("/logout", data={"csrf_token": csrf_token(client, "/admin/")})
    login(client, "admin")
    page = trash_action(client, "purge", trashed(household)).get_data(as_text=True)
    assert "Đã xóa hẳn 1 hồ sơ: NQ-3 – Nông Văn Dũng." in page
    assert TrashedRecord.objects.count() == 0
    assert HistoryEntry.of(household).first().action == "purge"
    assert HistoryEntry.of(household).first().actor == "admin"


def test_the_trash_follows_the_unit_tree(client, district):
    ours = Household(code="NQ-4", head_name="Lộc Văn Hải", hamlet=district["doan_ket"]).save()
    theirs = Household(code="NL-1", head_name="Hoàng Thị Lan", hamlet=district["ban_chanh"]).save()
    for record in (ours, theirs):
        record.delete()
    make_user("nam_quan", role="editor", unit=district["nam_quan"])
    login(client, "nam_quan")
    page = client.get("/admin/trash/").get_data(as_text=True)
    assert "Lộc Văn Hải" in page and "Hoàng Thị Lan" not in page
    trash_action(client, "restore", trashed(theirs))  # a tampered row id restores nothing
    assert Household.objects(pk=theirs.pk).count() == 0
    trash_action(client, "restore", trashed(ours))
    assert Household.objects(pk=ours.pk).count() == 1


def test_a_viewer_sees_the_trash_but_restores_nothing(client, district):
    household = Household(code="NQ-5", head_name="Triệu Văn Sơn", hamlet=district["doan_ket"]).save()
    household.delete()
    make_user("xem", role="viewer", unit=district["nam_quan"])
    login(client, "xem")
    page = client.get("/admin/trash/").get_data(as_text=True)
    assert "Triệu Văn Sơn" in page and 'value="restore"' not in page
    trash_action(client, "restore", trashed(household))
    assert Household.objects(pk=household.pk).count() == 0


def test_a_restore_without_the_form_token_is_refused(admin_client, district):
    household = Household(code="NQ-6", head_name="Đàm Thị Thu", hamlet=district["doan_ket"]).save()
    household.delete()
    page = trash_action(admin_client, "restore", trashed(household), token=False).get_data(as_text=True)
    assert "CSRF" in page
    assert Household.objects(pk=household.pk).count() == 0


def test_page_numbers_out_of_range_answer_normally(admin_client, district):
    for url in (
        "/admin/trash/?page=-5",
        "/admin/trash/?page=99999999999999999999",
        "/admin/user/?page=-1",
        "/admin/household/ajax/lookup/?name=hamlet&query=a&offset=-1",
    ):
        assert admin_client.get(url).status_code == 200, url


def test_a_refused_page_is_in_vietnamese(client, district):
    make_user("nam_quan", role="editor", unit=district["nam_quan"])
    login(client, "nam_quan")
    response = client.get("/admin/user/")
    assert response.status_code == 403 and "Không có quyền" in response.get_data(as_text=True)
