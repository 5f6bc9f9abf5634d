"""Extensions: fields staff add to a fixed record family appear in its forms, lists, search and export."""

import pytest
from mongoengine import ValidationError

from documents import FieldDefinition, FormDefinition, Person, Unit
from documents.form_definition import FAMILIES
from tests.conftest import csrf_token


@pytest.fixture
def citizen_id(app):
    return FormDefinition(
        code="nhan_su_tinh",
        name="Thông tin nhân sự của tỉnh",
        family="person",
        fields=[
            FieldDefinition(
                key="so_cccd", label="Số CCCD", type="text", in_list=True, filterable=True, searchable=True
            ),
            FieldDefinition(key="ngay_cap", label="Ngày cấp CCCD", type="date"),
        ],
    ).save()


def person_form(client, district, url="/admin/person/new/", **values):
    form = {
        "csrf_token": csrf_token(client, url),
        "full_name": "Hoàng Văn Tâm",
        "gender": "nam",
        "birth_year": "1970",
        "category": "can_bo",
        "unit": str(district["doan_ket"].pk),
    }
    form.update({f"v_{k}": v for k, v in values.items()})
    return form


def test_an_extension_adds_its_fields_to_the_family(admin_client, district, citizen_id):
    page = admin_client.get("/admin/person/new/").get_data(as_text=True)
    assert 'name="v_so_cccd"' in page and "Ngày cấp CCCD" in page
    form = person_form(admin_client, district, so_cccd="020170001234", ngay_cap="2021-06-01")
    assert admin_client.post("/admin/person/new/", data=form).status_code == 302
    person = Person.objects.get(full_name="Hoàng Văn Tâm")
    assert person.values["so_cccd"] == "020170001234"
    assert person.values["ngay_cap"].year == 2021

    listing = admin_client.get("/admin/person/").get_data(as_text=True)
    assert "Số CCCD" in listing and "020170001234" in listing
    assert "Hoàng Văn Tâm" in admin_client.get("/admin/person/?search=020170001234").get_data(as_text=True)
    export = admin_client.get("/admin/person/export/csv/").get_data(as_text=True)
    assert "Số CCCD" in export.splitlines()[0] and "020170001234" in export and "<a " not in export
    details = admin_client.get(f"/admin/person/details/?id={person.pk}").get_data(as_text=True)
    assert "01/06/2021" in details
    assert "defined:so_cccd" in Person._get_collection().index_information()


def test_an_extension_field_is_checked_at_its_input(admin_client, district, citizen_id):
    form = person_form(admin_client, district, ngay_cap="31/06/2021")
    page = admin_client.post("/admin/person/new/", data=form).get_data(as_text=True)
    assert "Ngày không hợp lệ" in page
    assert Person.objects.count() == 0


def test_two_extensions_of_a_family_cannot_share_a_key(citizen_id):
    with pytest.raises(ValidationError, match="Mã trường «so_cccd» đã dùng"):
        FormDefinition(
            code="khac",
            name="Khác",
            family="person",
            fields=[FieldDefinition(key="so_cccd", label="CCCD", type="text")],
        ).save()


def test_records_saved_before_an_extension_stay_valid(district, citizen_id):
    unit = Unit.objects.get(pk=district["doan_ket"].pk)
    unit.households = 64
    unit.save()  # units have no extension: nothing asked
    person = Person(
        full_name="Lý Văn Páo",
        gender="nam",
        birth_year=1980,
        category="quan_chung",
        unit=district["doan_ket"],
    ).save()
    assert person.values == {}
    citizen_id.field("so_cccd").required = True
    citizen_id.save()
    person.birth_year = 1981
    with pytest.raises(ValidationError):
        person.save()  # a required field added later is asked for at the next edit


def test_a_person_checked_before_a_change_says_what_differs(admin_client, district, citizen_id):
    person = Person(
        full_name="Lý Văn Páo",
        gender="nam",
        birth_year=1980,
        category="quan_chung",
        unit=district["doan_ket"],
        values={"so_cccd": "020180000001"},
    ).save()
    assert person.definition_versions == {"nhan_su_tinh": citizen_id.version}
    citizen_id.field("so_cccd").label = "Số căn cước"
    citizen_id.fields.append(FieldDefinition(key="que_quan", label="Quê quán", type="text", required=True))
    citizen_id.save()
    for page_kind in ("details", "edit"):
        page = admin_client.get(f"/admin/person/{page_kind}/?id={person.pk}").get_data(as_text=True)
        assert "trường «Số CCCD» đổi tên thành «Số căn cước»" in page
        assert "thêm trường «Quê quán»" in page
        assert "«Quê quán»: Trường này là bắt buộc." in page


def test_marking_an_extension_field_searchable_reindexes_the_family(admin_client, district, citizen_id):
    citizen_id.field("so_cccd").searchable = False
    citizen_id.save()
    Person(
        full_name="Lý Văn Páo",
        gender="nam",
        birth_year=1980,
        category="quan_chung",
        unit=district["doan_ket"],
        values={"so_cccd": "020180000077"},
    ).save()
    assert "Lý Văn Páo" not in admin_client.get("/admin/person/?search=020180000077").get_data(as_text=True)
    citizen_id.field("so_cccd").searchable = True
    citizen_id.save()
    assert "Lý Văn Páo" in admin_client.get("/admin/person/?search=020180000077").get_data(as_text=True)


@pytest.mark.parametrize("family", [code for code, _ in FAMILIES if code != "standalone"])
def test_every_family_offered_takes_an_extension(app, family):
    """Each family the editor offers saves an extension (its index made on the family's
    collection) and reads its records; none is unknown to the engine."""
    from documents.form_definition import family_document

    definition = FormDefinition(
        code=f"them_{family}",
        name="Thông tin thêm",
        family=family,
        fields=[FieldDefinition(key="ghi_chu_them", label="Ghi chú thêm", type="text", filterable=True)],
    ).save()
    collection = family_document(family)._get_collection()
    assert "defined:ghi_chu_them" in collection.index_information()
    assert definition.records().count() == collection.count_documents({})
