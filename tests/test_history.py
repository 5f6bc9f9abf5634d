"""Audit history, restore of earlier versions, and no lost updates."""

import re

import pytest

from documents import HistoryEntry, Household, Person, Unit
from documents.base import StaleRecord
from tests.conftest import csrf_token, login, make_user


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
    return form


def test_every_change_is_written_with_who_and_what(admin_client, district):
    admin_client.post(
        "/admin/household/new/", data=household_form(admin_client, "/admin/household/new/", district)
    )
    household = Household.objects.get(code="NQ-1")
    url = f"/admin/household/edit/?id={household.pk}"
    form = household_form(admin_client, url, district, size="5", version=str(household.version))
    assert admin_client.post(url, data=form).status_code == 302
    entries = list(HistoryEntry.of(household).order_by("version"))
    assert [(e.version, e.action, e.actor) for e in entries] == [(1, "create", "admin"), (2, "edit", "admin")]
    assert entries[1].changed == ["size"]
    assert (entries[1].before, entries[1].after["size"]) == ({"size": 3}, 5)
    token = csrf_token(admin_client, "/admin/household/")
    admin_client.post("/admin/household/delete/", data={"id": str(household.pk), "csrf_token": token})
    last = HistoryEntry.objects(record_id=household.pk).order_by("-version").first()
    assert (last.action, last.before["head_name"]) == ("delete", "Hà Thị Mai")


def test_record_page_shows_its_history(admin_client, district):
    household = Household(code="NQ-1", head_name="Hà Thị Mai", hamlet=district["doan_ket"], size=3).save()
    household.size = 4
    household.save()
    page = admin_client.get(f"/admin/household/details/?id={household.pk}").get_data(as_text=True)
    assert "Lịch sử thay đổi" in page
    assert re.search(r"Số nhân khẩu: <del>3</del> → 4", page)
    assert "Thôn Đoàn Kết" in page  # the hamlet of the first version, by name, not id


def test_admin_restores_an_earlier_version_as_a_new_one(admin_client, district):
    household = Household(code="NQ-1", head_name="Hà Thị Mai", hamlet=district["doan_ket"], size=3).save()
    household.head_name, household.size = "Tên sai", 9
    household.save()
    token = csrf_token(admin_client, f"/admin/household/details/?id={household.pk}")
    response = admin_client.post(
        f"/admin/household/restore/?id={household.pk}&version=1", data={"csrf_token": token}
    )
    assert response.status_code == 302
    restored = Household.objects.get(pk=household.pk)
    assert (restored.head_name, restored.size, restored.version) == ("Hà Thị Mai", 3, 3)
    assert restored.search_terms == ["1", "ha", "mai", "nq", "thi"]  # derived fields recomputed
    assert HistoryEntry.of(restored).first().action == "restore"


def test_only_an_admin_restores(client, district):
    household = Household(code="NQ-1", head_name="Hà Thị Mai", hamlet=district["doan_ket"]).save()
    household.size = 2
    household.save()
    make_user(username="editor", role="editor", unit=district["nam_quan"])
    login(client, username="editor")
    token = csrf_token(client, f"/admin/household/details/?id={household.pk}")
    assert (
        client.post(
            f"/admin/household/restore/?id={household.pk}&version=1", data={"csrf_token": token}
        ).status_code
        == 403
    )
    assert Household.objects.get(pk=household.pk).size == 2


def test_history_cannot_be_changed_from_the_console(admin_client):
    for url in ("/admin/historyentry/", "/admin/history/", "/admin/historyentry/edit/?id=1"):
        assert admin_client.get(url).status_code == 404


def test_save_over_a_newer_version_is_refused_and_keeps_the_input(app, admin_client, district):
    household = Household(code="NQ-1", head_name="Hà Thị Mai", hamlet=district["doan_ket"], size=3).save()
    url = f"/admin/household/edit/?id={household.pk}"
    mine = household_form(admin_client, url, district, head_name="Hà Thị Mai Anh", version="1")
    theirs = Household.objects.get(pk=household.pk)
    theirs.size = 6
    theirs.save()
    page = admin_client.post(url, data=mine).get_data(as_text=True)
    assert "người khác đã sửa hồ sơ này sau khi bạn mở trang" in page and "sửa Số nhân khẩu thành 6" in page
    assert 'value="Hà Thị Mai Anh"' in page
    assert re.search(r'id="version" name="version" type="hidden" value="2"', page)
    assert Household.objects.get(pk=household.pk).head_name == "Hà Thị Mai"
    mine.update(version="2", csrf_token=csrf_token(admin_client, url))
    assert admin_client.post(url, data=mine).status_code == 302
    assert Household.objects.get(pk=household.pk).head_name == "Hà Thị Mai Anh"


def test_a_record_deleted_meanwhile_is_not_recreated(district):
    household = Household(code="NQ-1", head_name="Hà Thị Mai", hamlet=district["doan_ket"]).save()
    stale = Household.objects.get(pk=household.pk)
    Household.objects.get(pk=household.pk).delete()
    stale.size = 5
    with pytest.raises(StaleRecord):
        stale.save()
    assert Household.objects.count() == 0


def test_a_unit_named_in_a_post_cannot_be_deleted(admin_client, district):
    post = {"title": "Cán bộ biệt phái", "unit": district["na_pai"]}
    Person(
        full_name="Trần Văn Tạm",
        gender="nam",
        birth_year=1980,
        category="can_bo",
        unit=district["nhan_ly"],
        positions=[post],
    ).save()
    form = {"id": str(district["na_pai"].pk), "csrf_token": csrf_token(admin_client, "/admin/unit/")}
    page = admin_client.post("/admin/unit/delete/", data=form, follow_redirects=True).get_data(as_text=True)
    assert "Không xóa được: còn 1 người có chức vụ tại đơn vị này đang tham chiếu tới bản ghi này." in page
    assert Unit.objects(pk=district["na_pai"].pk).count() == 1


def test_records_stored_before_versions_existed_save_normally(district):
    household = Household(code="NQ-1", head_name="Hà Thị Mai", hamlet=district["doan_ket"]).save()
    # As the demo loader and older code left them: no version field, no history yet.
    Household._get_collection().update_one({"_id": household.pk}, {"$unset": {"version": 1}})
    HistoryEntry.objects(record_id=household.pk).delete()
    old = Household.objects.get(pk=household.pk)
    assert old.version == 0
    old.size = 4
    old.save()
    assert Household._get_collection().find_one({"_id": household.pk})["version"] == 1


def test_restoring_an_earlier_parent_takes_everything_below_along(admin_client, district):
    hamlet = district["na_pai"]
    household = Household(code="NQ-9", head_name="Lý Thị Hoa", hamlet=hamlet, size=2).save()
    hamlet.parent = district["nhan_ly"]
    hamlet.save()  # version 2, under Nhân Lý: its household follows
    assert district["nhan_ly"].pk in Household.objects.get(pk=household.pk).ancestors
    token = csrf_token(admin_client, f"/admin/unit/details/?id={hamlet.pk}")
    admin_client.post(f"/admin/unit/restore/?id={hamlet.pk}&version=1", data={"csrf_token": token})
    assert Unit.objects.get(pk=hamlet.pk).parent == district["nam_quan"]
    commune = district["nam_quan"]
    assert Household.objects.get(pk=household.pk).ancestors == [*commune.ancestors, commune.pk, hamlet.pk]


def test_saving_a_record_deleted_meanwhile_keeps_the_input(admin_client, district):
    household = Household(code="NQ-8", head_name="Hà Thị Mai", hamlet=district["doan_ket"], size=3).save()
    url = f"/admin/household/edit/?id={household.pk}"
    form = household_form(
        admin_client, url, district, code="NQ-8", head_name="Tên mới gõ", version=str(household.version)
    )
    Household.objects.get(pk=household.pk).delete()
    page = admin_client.post(url, data=form).get_data(as_text=True)
    assert "hồ sơ này đã bị xóa sau khi bạn mở trang" in page
    assert 'value="Tên mới gõ"' in page
    assert Household.objects(pk=household.pk).count() == 0


def test_data_loaded_without_history_can_be_restored_to_what_it_was(admin_client, district):
    household = Household(code="NQ-7", head_name="Tô Văn Toàn", hamlet=district["doan_ket"], size=3)
    household.validate()
    Household._get_collection().insert_one(household.to_mongo())  # as the demo loads it: version 0
    loaded = Household.objects.get(code="NQ-7")
    loaded.head_name, loaded.size = "Tên sai", 9
    loaded.save()
    page = admin_client.get(f"/admin/household/details/?id={loaded.pk}").get_data(as_text=True)
    assert "Dữ liệu ban đầu" in page
    token = csrf_token(admin_client, f"/admin/household/details/?id={loaded.pk}")
    admin_client.post(f"/admin/household/restore/?id={loaded.pk}&version=0", data={"csrf_token": token})
    restored = Household.objects.get(pk=loaded.pk)
    assert (restored.head_name, restored.size, restored.version) == ("Tô Văn Toàn", 3, 2)


def test_restoring_a_version_that_names_a_trashed_record_says_so(admin_client, district):
    hamlet = Unit(kind="thon", code="0652609", name="Bản Tạm", parent=district["nam_quan"]).save()
    household = Household(code="NQ-6", head_name="Hà Văn Lư", hamlet=hamlet, size=2).save()
    household.hamlet = district["doan_ket"]
    household.save()
    hamlet.delete()
    token = csrf_token(admin_client, f"/admin/household/details/?id={household.pk}")
    url = f"/admin/household/restore/?id={household.pk}&version=1"
    page = admin_client.post(url, data={"csrf_token": token}, follow_redirects=True).get_data(as_text=True)
    assert "hồ sơ mà phiên bản đó tham chiếu tới không còn" in page
    assert Household.objects.get(pk=household.pk).hamlet == district["doan_ket"]


def test_a_save_after_a_request_is_not_the_requests_user(client, district):
    """The request names its user for its own saves only; what runs after it in the same thread
    (a test's saves, a command) keeps the name it had."""
    from documents import history

    make_user("bientap", role="editor", unit=district["nam_quan"])
    before = history.actor.get()
    assert login(client, "bientap").status_code == 302
    assert client.get("/admin/person/").status_code == 200
    unit = Unit.objects.get(pk=district["nam_quan"].pk)
    unit.name = "Nam Quan mới"
    unit.save()
    assert HistoryEntry.objects(record_id=unit.pk).order_by("-version").first().actor == before != "bientap"
