"""Models and work items: a kinded family of the low-code engine, their place, follower, targets,
check-ins and where they stand on a day."""

import csv
import datetime
import io

import pytest
from mongoengine import ValidationError

from documents import FieldDefinition, FormDefinition, LocalityAssignment, LocalWork, Person
from documents.breakthrough_target import Target
from documents.local_work import state_on
from tests.conftest import make_user

DAY = datetime.date


def F(key, label, type, **options):  # noqa: N802
    return FieldDefinition(key=key, label=label, type=type, **options)


@pytest.fixture
def kinds(app):
    goats = FormDefinition(
        code="rung_de",
        name="Mô hình bảo vệ rừng và nuôi dê",
        family="local_work",
        fields=[
            F("so_de", "Số dê", "integer", measure="con", min_value=0, in_list=True, filterable=True),
            F("loai_cay", "Loài cây", "choices", choices=["Keo", "Thông"]),
        ],
    ).save()
    road = FormDefinition(
        code="duong_thon",
        name="Công trình đường giao thông thôn",
        family="local_work",
        fields=[F("chieu_dai", "Chiều dài", "decimal", measure="m", min_value=0, required=True)],
    ).save()
    return dict(goats=goats, road=road)


def errors(refused):
    """{field: error} of a refused save (clean()'s errors come wrapped in `__all__`)."""
    found = refused.value.errors
    return found["__all__"].errors if "__all__" in found else found


def model(district, **fields):
    values = dict(
        kind="rung_de",
        category="mo_hinh",
        name="Bảo vệ rừng gắn với nuôi dê",
        year=2024,
        commune=district["nam_quan"],
        hamlet=district["doan_ket"],
        values={"so_de": 130},
        targets=[Target(indicator="Đàn dê", measure="con", baseline=0, target=100)],
    )
    return LocalWork(**{**values, **fields}).save()


def test_each_kind_checks_its_own_fields_only(district, kinds):
    goats = model(district, values={"so_de": "130", "loai_cay": ["Thông", "Keo"]})
    assert goats.values == {"so_de": 130, "loai_cay": ["Keo", "Thông"]}
    assert goats.definition_version == kinds["goats"].version
    with pytest.raises(ValidationError) as refused:
        model(district, values={"so_de": -1})
    assert "values.so_de" in errors(refused)
    # The road kind knows nothing of goats: its own required field is asked for, the other refused.
    with pytest.raises(ValidationError) as refused:
        model(district, kind="duong_thon", category="cong_trinh", commune=None, values={})
    assert set(errors(refused)) == {"values.chieu_dai"}


def test_kinds_of_one_family_may_use_the_same_key(district, kinds):
    kinds["road"].fields.append(F("so_de", "Số dê được hỗ trợ", "integer"))
    kinds["road"].save()  # an extension family would refuse it: the keys share one record's values
    assert FormDefinition.objects(code="duong_thon").first().field("so_de").label == "Số dê được hỗ trợ"


def test_a_kind_with_records_cannot_be_deleted_and_lists_its_records(district, kinds):
    done = model(district)
    assert list(kinds["goats"].records()) == [done]
    assert kinds["goats"].referrers() == [("hồ sơ loại «Mô hình bảo vệ rừng và nuôi dê»", 1)]
    assert kinds["road"].referrers() == []
    indexes = LocalWork._get_collection().index_information()
    assert indexes["defined:so_de"]["key"] == [("kind", 1), ("values.so_de", 1), ("_id", 1)]


def test_a_changed_kind_is_tried_on_its_own_records_first(district, kinds):
    model(district, values={"so_de": 130})
    changed = FormDefinition.objects(code="rung_de").first()
    changed.field("so_de").max_value = 100
    trials = changed.dry_run(FormDefinition.objects(code="rung_de").first())
    assert [(t.checked, len(t.failing)) for t in trials] == [(1, 1)]


def test_a_work_item_belongs_to_its_hamlet_and_its_commune(district, kinds):
    road = model(district, kind="duong_thon", category="cong_trinh", commune=None, values={"chieu_dai": 350})
    assert road.commune == district["nam_quan"]
    assert road.ancestors[-2:] == [district["nam_quan"].pk, district["doan_ket"].pk]
    with pytest.raises(ValidationError) as refused:
        model(district, kind="duong_thon", category="cong_trinh", hamlet=None, values={"chieu_dai": 1})
    assert "hamlet" in errors(refused)
    with pytest.raises(ValidationError) as refused:
        model(district, hamlet=district["ban_chanh"])  # of Nhân Lý, not Nam Quan
    assert errors(refused)["hamlet"].message == "Thôn Bản Chành không thuộc Xã Nam Quan."
    with pytest.raises(ValidationError) as refused:
        model(district, commune=district["district"])
    assert "commune" in errors(refused)
    commune_wide = model(district, hamlet=None)
    assert commune_wide.ancestors[-1] == district["nam_quan"].pk


def test_the_follower_is_a_cadre_assigned_to_its_commune_or_hamlet_that_year(district, kinds):
    phong = Person(
        full_name="Vi Văn Phong", gender="nam", birth_year=1978, category="can_bo", unit=district["district"]
    ).save()
    with pytest.raises(ValidationError) as refused:
        model(district, follower=phong)
    assert errors(refused)["follower"].message == (
        "Vi Văn Phong không được phân công phụ trách, theo dõi hay hỗ trợ Thôn Đoàn Kết trong năm 2024."
    )
    LocalityAssignment(
        person=phong, unit=district["nam_quan"], role="phu_trach", start=DAY(2022, 6, 1), end=DAY(2024, 2, 1)
    ).save()
    assert model(district, follower=phong).follower == phong  # ended in February 2024: it followed then
    with pytest.raises(ValidationError):
        model(district, follower=phong, year=2025)


def test_where_it_stands_on_a_day():
    assert state_on(2024, None, DAY(2024, 6, 30)) == "not_started"
    assert state_on(2024, 80, DAY(2023, 12, 31)) == "not_started"
    assert state_on(2024, 100, DAY(2024, 3, 1)) == "finished"
    assert state_on(2024, 50, DAY(2024, 6, 30)) == "on_schedule"  # half the year gone: 49,7%
    assert state_on(2024, 40, DAY(2024, 6, 30)) == "behind"
    assert state_on(2024, 99.9, DAY(2025, 1, 5)) == "behind"  # the year over, the plan not met


def test_check_ins_move_its_state_and_stay_within_its_year(district, kinds):
    goats = model(district)
    assert goats.state_on(DAY(2024, 6, 30)) == "not_started"
    goats.add_check_in(DAY(2024, 6, 30), {"c1": 60}, "Giữa năm", "xa")
    goats.save()
    assert goats.state_on(DAY(2024, 6, 30)) == "on_schedule"
    assert goats.state_on(DAY(2024, 9, 30)) == "behind"  # 60% while three quarters are gone
    goats.add_check_in(DAY(2024, 12, 20), {"c1": 130}, "", "xa")
    goats.save()
    assert goats.state_on(DAY(2024, 12, 31)) == "finished" and goats.achievement_text == "130%"
    with pytest.raises(ValidationError) as refused:
        goats.add_check_in(DAY(2025, 1, 10), {"c1": 140}, "", "xa")
    assert errors(refused)["day"].message == "Ngày báo cáo phải từ 01/01/2024 đến 31/12/2024."


def test_the_list_shows_every_kind_and_one_kind_with_its_fields(admin_client, district, kinds):
    model(district, name="Rừng và dê Đoàn Kết")
    model(
        district,
        kind="duong_thon",
        category="cong_trinh",
        name="Đường bê tông Nà Pái",
        hamlet=district["na_pai"],
        commune=None,
        values={"chieu_dai": 350},
    )
    page = admin_client.get("/admin/local_work/").get_data(as_text=True)
    assert "Rừng và dê Đoàn Kết" in page and "Đường bê tông Nà Pái" in page and "Số dê" not in page
    page = admin_client.get("/admin/local_work/?kind=rung_de").get_data(as_text=True)
    assert "Rừng và dê Đoàn Kết" in page and "Đường bê tông Nà Pái" not in page and "Số dê" in page
    assert admin_client.get("/admin/local_work/?kind=khong_co").status_code == 200  # unknown: all kinds


def test_a_record_is_created_of_the_kind_chosen(admin_client, district, kinds):
    response = admin_client.get("/admin/local_work/new/")
    assert response.status_code == 302 and "/admin/local_work/" in response.location
    page = admin_client.get("/admin/local_work/new/?kind=duong_thon").get_data(as_text=True)
    assert "Chiều dài" in page and "Số dê" not in page


def test_a_record_page_reads_its_kind_from_the_record(admin_client, district, kinds):
    goats = model(district)
    page = admin_client.get(f"/admin/local_work/details/?id={goats.pk}").get_data(as_text=True)
    assert "Số dê" in page and "130" in page and "Chưa triển khai" in page
    assert admin_client.get(f"/admin/local_work/details/?id={goats.pk}&kind=duong_thon").status_code == 404


def test_an_editor_sees_and_checks_in_only_within_the_unit(client, district, kinds):
    from tests.conftest import csrf_token, login

    mine = model(district)
    other = model(district, commune=district["nhan_ly"], hamlet=district["ban_chanh"], name="Dê Bản Chành")
    make_user("xa", role="editor", unit=district["nam_quan"])
    login(client, "xa")
    page = client.get("/admin/local_work/").get_data(as_text=True)
    assert "Bảo vệ rừng gắn với nuôi dê" in page and "Dê Bản Chành" not in page
    assert client.get(f"/admin/local_work/details/?id={other.pk}").status_code == 404
    token = csrf_token(client, f"/admin/local_work/details/?id={mine.pk}")
    response = client.post(
        f"/admin/local_work/check_in/?id={mine.pk}",
        data={"csrf_token": token, "day": "30/06/2024", "actual-c1": "60"},
    )
    assert response.status_code == 302
    assert LocalWork.objects(pk=mine.pk).first().targets[0].actual == 60
    response = client.post(
        f"/admin/local_work/check_in/?id={other.pk}",
        data={"csrf_token": token, "day": "30/06/2024", "actual-c1": "60"},
    )
    assert response.status_code == 404 and LocalWork.objects(pk=other.pk).first().check_ins == []


def test_a_record_is_saved_from_the_form_with_its_kind_fields_and_targets(admin_client, district, kinds):
    from tests.conftest import csrf_token, field_errors

    url = "/admin/local_work/new/?kind=rung_de"
    data = {
        "csrf_token": csrf_token(admin_client, url),
        "name": "Nuôi dê Nà Pái",
        "category": "mo_hinh",
        "year": "2024",
        "commune": str(district["nam_quan"].pk),
        "hamlet": str(district["na_pai"].pk),
        "plan": "Đàn dê 100 con.",
        "targets-0-indicator": "Đàn dê",
        "targets-0-measure": "con",
        "targets-0-direction": "higher",
        "targets-0-baseline": "40",
        "targets-0-target": "100",
        "targets-0-weight": "1",
        "v_so_de": "-3",
    }
    page = admin_client.post(url, data=data).get_data(as_text=True)
    assert field_errors(page, "v_so_de") == ["Phải lớn hơn hoặc bằng 0."] and LocalWork.objects.count() == 0
    data["v_so_de"] = "40"
    assert admin_client.post(url, data=data).status_code == 302
    saved = LocalWork.objects.get()
    assert (saved.kind, saved.values, saved.hamlet, saved.targets[0].key) == (
        "rung_de",
        {"so_de": 40},
        district["na_pai"],
        "c1",
    )


def test_a_kind_exports_with_its_own_fields(admin_client, district, kinds):
    model(district, name="Rừng và dê Đoàn Kết", values={"so_de": 130})
    model(
        district,
        kind="duong_thon",
        category="cong_trinh",
        name="Đường Nà Pái",
        hamlet=district["na_pai"],
        commune=None,
        values={"chieu_dai": 350},
    )
    exported = admin_client.get("/admin/local_work/export/csv/?kind=rung_de")
    text = exported.get_data(as_text=True)
    assert exported.status_code == 200 and "Số dê" in text and "130" in text and "Đường Nà Pái" not in text
    everything = admin_client.get("/admin/local_work/export/csv/").get_data(as_text=True)
    assert "Đường Nà Pái" in everything and "Rừng và dê Đoàn Kết" in everything and "Số dê" not in everything
    header = next(csv.reader(io.StringIO(everything.lstrip("\ufeff"))))
    assert header.count("Xã, phường") == 1  # the commune is a column of the list: not named twice


def test_a_kind_changed_mid_year_leaves_old_records_their_values_and_says_what_changed(
    admin_client, district, kinds
):
    early = model(district, name="Dê Đoàn Kết", values={"so_de": 130, "loai_cay": ["Keo"]})
    changed = FormDefinition.objects(code="rung_de").get()
    changed.field("so_de").max_value = 100  # stricter from mid-year
    changed.field("loai_cay").retired = True
    changed.fields.append(F("ho_thoat_ngheo", "Hộ thoát nghèo", "integer", min_value=0))
    changed.save()
    stored = LocalWork.objects(pk=early.pk).get()
    assert stored.values == {"so_de": 130, "loai_cay": ["Keo"]} and stored.definition_version == 1
    page = admin_client.get(f"/admin/local_work/details/?id={early.pk}").get_data(as_text=True)
    assert "được kiểm lần cuối theo phiên bản 1 của biểu mẫu; biểu mẫu hiện nay là phiên bản 2" in page
    assert "thêm trường «Hộ thoát nghèo»" in page and "bỏ trường «Loài cây» (dữ liệu vẫn giữ)" in page
    assert "Số dê" in page and "Phải nhỏ hơn hoặc bằng 100" in page  # the stored value the form now refuses
    later = model(district, name="Dê Nà Pái", hamlet=district["na_pai"], values={"so_de": 90})
    assert later.definition_version == 2


def test_a_kind_is_of_one_category(district, kinds):
    road = {"kind": "duong_thon", "values": {"chieu_dai": 350}}
    model(district, category="cong_trinh", **road)
    with pytest.raises(ValidationError) as refused:
        model(district, category="mo_hinh", name="Đường nội đồng", **road)
    assert errors(refused)["category"].message == (
        "Các hồ sơ cùng loại này đều là công trình: hãy chọn «công trình»."
    )
