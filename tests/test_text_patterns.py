"""Defined text fields: a pattern or length rule with its own message, checked on the server; their
help text is shown as text."""

import re

import pytest
from werkzeug.datastructures import MultiDict

from documents import FieldDefinition, FormDefinition, Household, Person
from documents.demo_forms import DEFINITIONS
from documents.form_definition import pattern_problem
from tests.conftest import csrf_token
from tests.html_forms import form_fields

CCCD = {"pattern": r"\d{12}", "rule_message": "Số CCCD gồm đúng 12 chữ số."}


@pytest.fixture
def citizen_id(app):
    field = FieldDefinition(key="so_cccd", label="Số CCCD", type="text", **CCCD)
    return FormDefinition(
        code="nhan_su_tinh", name="Nhân sự của tỉnh", family="person", fields=[field]
    ).save()


def person_form(client, district, **values):
    url = "/admin/person/new/"
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


@pytest.mark.parametrize("typed", ["12345678901", "0201700012345", "02017000123a", "020 170 001 234x"])
def test_a_text_against_its_pattern_is_refused_with_its_own_message(
    admin_client, district, citizen_id, typed
):
    page = admin_client.post("/admin/person/new/", data=person_form(admin_client, district, so_cccd=typed))
    page = page.get_data(as_text=True)
    error = re.search(
        r'is-invalid" id="v_so_cccd"[^>]*>\s*<div class="invalid-feedback">(.*?)</div>', page, re.S
    )
    assert error and "Số CCCD gồm đúng 12 chữ số." in error.group(1)
    assert Person.objects.count() == 0


def test_a_text_that_fits_its_pattern_is_kept(admin_client, district, citizen_id):
    form = person_form(admin_client, district, so_cccd="020170001234")
    assert admin_client.post("/admin/person/new/", data=form).status_code == 302
    assert Person.objects.get().values["so_cccd"] == "020170001234"


def test_a_length_rule_says_its_message_or_the_limits(app):
    coded = FieldDefinition(key="ma", label="Mã", type="text", min_length=3, max_length=5)
    with pytest.raises(ValueError, match="Cần ít nhất 3 ký tự."):
        coded.clean_value("ab")
    with pytest.raises(ValueError, match="Không được dài quá 5 ký tự."):
        coded.clean_value("abcdef")
    assert coded.clean_value("abcd") == "abcd"
    coded.rule_message = "Mã gồm 3 đến 5 ký tự."
    with pytest.raises(ValueError, match="Mã gồm 3 đến 5 ký tự."):
        coded.clean_value("ab")


def test_a_long_value_is_refused_before_its_pattern_is_tried(app):
    field = FieldDefinition(key="ma", label="Mã", type="long_text", pattern=r"[a-z]+")
    with pytest.raises(ValueError, match="Không được dài quá 200 ký tự."):
        field.clean_value("a" * 201)


@pytest.mark.parametrize(
    "pattern", [r"(a+)+$", r"(a|aa)+", r"(x?){40}", r"(a)\1", r".*a.*b.*c", "a" * 201, "[0-9", "(?P<x"]
)
def test_an_unsafe_or_wrong_pattern_is_refused(app, pattern):
    assert pattern_problem(pattern)
    field = FieldDefinition(key="ma", label="Mã", type="text", pattern=pattern)
    assert [p for p in field.check(["ma"]) if p.startswith("mẫu hợp lệ")]


@pytest.mark.parametrize("pattern", [r"\d{12}", r"\d{9}|\d{12}", r"[A-Z]{2}-\d{1,6}", r"(?:\d{3}\.)*\d{3}"])
def test_usual_patterns_are_accepted(pattern):
    assert pattern_problem(pattern) is None


def test_a_wrong_pattern_is_refused_at_its_input_in_the_editor(admin_client, citizen_id):
    url = f"/admin/form_definition/edit/?id={citizen_id.pk}"
    form = MultiDict(form_fields(admin_client.get(url).get_data(as_text=True)))
    form["fields-0-pattern"] = r"(\d{12}"
    page = admin_client.post(url, data=form).get_data(as_text=True)
    error = re.search(
        r'is-invalid" id="fields-0-pattern"[^>]*>\s*<div class="invalid-feedback">(.*?)</div>', page, re.S
    )
    assert error and "Mẫu không đúng cú pháp biểu thức chính quy (sai ở ký tự thứ" in error.group(1)
    assert FormDefinition.objects.get(pk=citizen_id.pk).version == citizen_id.version
    assert FormDefinition.objects.get(pk=citizen_id.pk).fields[0].pattern == r"\d{12}"


def test_a_rule_added_to_a_field_with_data_is_tried_first(admin_client, district):
    field = FieldDefinition(key="so_cccd", label="Số CCCD", type="text")
    definition = FormDefinition(code="nhan_su_tinh", name="Nhân sự", family="person", fields=[field]).save()
    for n, number in enumerate(["020170001234", "12345"]):
        Person(
            full_name=f"Người {n}",
            gender="nam",
            birth_year=1970,
            category="can_bo",
            unit=district["doan_ket"],
            values={"so_cccd": number},
        ).save()
    url = f"/admin/form_definition/edit/?id={definition.pk}"
    form = MultiDict(form_fields(admin_client.get(url).get_data(as_text=True)))
    form["fields-0-pattern"], form["fields-0-rule_message"] = CCCD["pattern"], CCCD["rule_message"]
    page = admin_client.post(url, data=form).get_data(as_text=True)
    assert "Chạy thử trên dữ liệu đã nhập" in page and "1 hồ sơ sẽ không hợp lệ" in page
    assert "«12345» – Số CCCD gồm đúng 12 chữ số." in page
    assert FormDefinition.objects.get(pk=definition.pk).fields[0].pattern is None
    form["confirm_change"] = "y"
    assert admin_client.post(url, data=form).status_code == 302
    assert FormDefinition.objects.get(pk=definition.pk).fields[0].pattern == CCCD["pattern"]
    wrong = Person.objects.get(full_name="Người 1")
    page = admin_client.get(f"/admin/person/details/?id={wrong.pk}").get_data(as_text=True)
    assert "Số CCCD gồm đúng 12 chữ số." in page


def test_the_demos_citizen_id_has_its_rule():
    field = next(f for d in DEFINITIONS for f in d.fields if f.key == "so_cccd")
    assert (field.pattern, field.rule_message) == (CCCD["pattern"], CCCD["rule_message"])
    with pytest.raises(ValueError, match="Số CCCD gồm đúng 12 chữ số."):
        field.clean_value("0201700012")


SCRIPT = '<script>window.pwned=1</script><b onmouseover="x()">đậm</b>'


def test_help_text_is_shown_as_text_on_new_and_edit_forms(admin_client, district):
    field = FieldDefinition(key="dien_tich", label="Diện tích", type="decimal", help_text=SCRIPT)
    FormDefinition(code="ho_bo_sung", name="Hộ bổ sung", family="household", fields=[field]).save()
    household = Household(code="DK-1", head_name="Hoàng Văn Tâm", hamlet=district["doan_ket"]).save()
    for url in ("/admin/household/new/", f"/admin/household/edit/?id={household.pk}"):
        page = admin_client.get(url).get_data(as_text=True)
        assert "<script>window.pwned" not in page and '<b onmouseover="x()">' not in page, url
        assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in page, url
