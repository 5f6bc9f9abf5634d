"""A refused form says every error in one pass, and its page speaks of the record as stored."""

import pytest

from documents import CustomRecord, FieldDefinition, FormDefinition, Person
from tests.conftest import csrf_token, login, make_user

RULE = "Số CCCD gồm đúng 12 chữ số."
NOTICE = 'class="alert alert-info"'


@pytest.fixture
def citizen_id(app):
    return FormDefinition(
        code="nhan_su_tinh",
        name="Thông tin nhân sự của tỉnh",
        family="person",
        fields=[
            FieldDefinition(
                key="so_cccd", label="Số CCCD", type="text", pattern=r"\d{12}", rule_message=RULE
            ),
            FieldDefinition(key="ngay_cap", label="Ngày cấp CCCD", type="date"),
            FieldDefinition(key="que_quan", label="Quê quán", type="text", required=True),
        ],
    ).save()


@pytest.fixture
def person(district, citizen_id):
    return Person(
        full_name="Lý Văn Páo",
        gender="nam",
        birth_year=1980,
        category="quan_chung",
        unit=district["doan_ket"],
        values={"so_cccd": "020180000001", "que_quan": "Lộc Bình"},
    ).save()


def edit_form(client, person, **changes):
    url = f"/admin/person/edit/?id={person.pk}"
    form = {
        "csrf_token": csrf_token(client, url),
        "version": str(person.version),
        "full_name": person.full_name,
        "gender": person.gender,
        "birth_year": str(person.birth_year),
        "category": person.category,
        "unit": str(person.unit.pk),
        "v_so_cccd": person.values.get("so_cccd", ""),
        "v_que_quan": person.values.get("que_quan", ""),
    }
    form.update(changes)
    return url, form


def test_a_refused_value_is_said_at_its_field_not_in_a_notice(admin_client, person):
    """Nothing changed in the definition and the stored values are right: no notice."""
    url, form = edit_form(admin_client, person, v_so_cccd="12345")
    page = admin_client.post(url, data=form).get_data(as_text=True)
    assert RULE in page
    assert NOTICE not in page
    assert "không hợp lệ; lần lưu tới" not in page
    assert Person.objects.get(pk=person.pk).values["so_cccd"] == "020180000001"


@pytest.mark.parametrize(
    ("broken", "its_message"),
    [
        ({"v_ngay_cap": "31/02/2020"}, "Ngày không hợp lệ"),  # a defined field's own check
        ({"birth_year": "abc"}, "Năm sinh"),  # a fixed field's
    ],
)
def test_every_error_of_a_form_shows_in_one_pass(admin_client, person, broken, its_message):
    url, form = edit_form(admin_client, person, v_so_cccd="12345", v_que_quan="", **broken)
    page = admin_client.post(url, data=form).get_data(as_text=True)
    assert its_message in page
    assert RULE in page
    assert "Trường này là bắt buộc." in page  # Quê quán, left empty
    assert NOTICE not in page
    assert Person.objects.get(pk=person.pk).version == person.version


def test_a_new_records_form_says_every_error_at_once(admin_client, district, citizen_id):
    url = "/admin/person/new/"
    form = {
        "csrf_token": csrf_token(admin_client, url),
        "full_name": "Hoàng Văn Tâm",
        "gender": "nam",
        "birth_year": "1970",
        "category": "can_bo",
        "unit": str(district["doan_ket"].pk),
        "v_so_cccd": "12345",
        "v_ngay_cap": "31/02/2020",
        "v_que_quan": "Lộc Bình",
    }
    page = admin_client.post(url, data=form).get_data(as_text=True)
    assert "Ngày không hợp lệ" in page and RULE in page
    assert Person.objects.count() == 0


def test_the_notice_reads_the_stored_values_not_the_typed_ones(admin_client, person, citizen_id):
    """A stored value the definition now refuses is said, whatever the refused form holds."""
    Person._get_collection().update_one({"_id": person.pk}, {"$set": {"values.so_cccd": "0201"}})
    edit = f"/admin/person/edit/?id={person.pk}"
    page = admin_client.get(edit).get_data(as_text=True)
    assert "các giá trị đang lưu sau đây không hợp lệ" in page
    assert f"«Số CCCD»: {RULE}" in page
    assert "trước khi các trường bổ sung được sửa" not in page  # checked under the current version

    url, form = edit_form(admin_client, person, v_so_cccd="020180000002", v_ngay_cap="31/02/2020")
    page = admin_client.post(url, data=form).get_data(as_text=True)
    assert f"«Số CCCD»: {RULE}" in page  # the stored 0201, still there
    assert "Ngày không hợp lệ" in page


def test_a_record_of_an_older_kind_version_is_told_what_changed_not_what_was_typed(admin_client, district):
    kind = FormDefinition(
        code="mo_hinh",
        name="Mô hình",
        fields=[FieldDefinition(key="so_de", label="Số dê", type="integer", max_value=100)],
    ).save()
    record = CustomRecord(
        kind="mo_hinh", name="Đàn cũ", unit=district["doan_ket"], values={"so_de": 30}
    ).save()
    kind.field("so_de").label = "Tổng đàn dê"
    kind.save()
    url = f"/admin/record/edit/?id={record.pk}&kind=mo_hinh"
    form = {
        "csrf_token": csrf_token(admin_client, url),
        "version": str(record.version),
        "name": "Đàn cũ",
        "unit": str(district["doan_ket"].pk),
        "v_so_de": "130",
    }
    page = admin_client.post(url, data=form).get_data(as_text=True)
    assert "Phải nhỏ hơn hoặc bằng 100." in page  # at the field
    assert f"phiên bản {record.definition_version} của biểu mẫu" in page
    assert "trường «Số dê» đổi tên thành «Tổng đàn dê»" in page
    assert "các giá trị đang lưu sau đây không hợp lệ" not in page  # the stored 30 is right


@pytest.mark.parametrize(
    ("url", "noun"),
    [
        ("/admin/official_document/new/", "văn bản"),
        ("/admin/household/new/", "hộ"),
        ("/admin/person/new/", "người"),
    ],
)
def test_a_viewer_refused_a_create_page_is_told_what_it_may_not_add(client, district, url, noun):
    make_user("xem", role="viewer", unit=district["nam_quan"])
    login(client, "xem")
    page = client.get(url, follow_redirects=True).get_data(as_text=True)
    assert f"Tài khoản chỉ xem: không được thêm {noun}." in page
