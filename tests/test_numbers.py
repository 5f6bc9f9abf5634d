"""Numbers are read and written the Vietnamese way, every digit kept: opening and saving a form
changes no value."""

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from documents import CustomRecord, FieldDefinition, FormDefinition, Household, text
from tests.html_forms import form_fields, input_value

KIND = "so_lieu"
MAGNITUDES = [
    0.1,
    0.000123,
    1e-10,
    7.0,
    12345.67,
    1234567.5,
    123456789.125,
    999999999999999.9,
    1e15,
    -0.5,
    -12345.67,
    -1234567.5,
    2.5e-7,
    33.333333333333336,
]
WHOLE = [0, 7, 1234, 1234567, 15_000_000, 999_999_999_999_999, -1234567]


@pytest.fixture
def figures(app):
    fields = [
        FieldDefinition(key="thap_phan", label="Thập phân", type="decimal"),
        FieldDefinition(key="phan_tram", label="Phần trăm", type="percent"),
        FieldDefinition(key="so_nguyen", label="Số nguyên", type="integer"),
        FieldDefinition(key="so_tien", label="Số tiền", type="money"),
    ]
    return FormDefinition(code=KIND, name="Số liệu", fields=fields).save()


def save_untouched(client, url):
    """Open the edit form at `url` and save it as it came."""
    page = client.get(url).get_data(as_text=True)
    response = client.post(url, data=MultiDict(form_fields(page)))
    assert response.status_code == 302, response.get_data(as_text=True)
    return page


@pytest.mark.parametrize("decimal", MAGNITUDES)
def test_saving_a_record_untouched_keeps_every_decimal(admin_client, district, figures, decimal):
    values = {"thap_phan": decimal, "phan_tram": decimal, "so_nguyen": WHOLE[3], "so_tien": WHOLE[4]}
    record = CustomRecord(kind=KIND, name="Bảng số liệu", unit=district["doan_ket"], values=values).save()
    page = save_untouched(admin_client, f"/admin/record/edit/?id={record.pk}&kind={KIND}")
    assert input_value(page, "v_thap_phan") == text.figure(decimal)
    stored = CustomRecord.objects.get(pk=record.pk)
    assert stored.values == values
    # Saved (302), not refused, and the form gave back every decimal as stored: nothing to write.
    assert stored.version == record.version


@pytest.mark.parametrize("whole", WHOLE)
def test_saving_a_record_untouched_keeps_whole_numbers(admin_client, district, figures, whole):
    values = {"so_nguyen": whole, "so_tien": whole, "thap_phan": float(whole)}
    record = CustomRecord(kind=KIND, name="Bảng số liệu", unit=district["doan_ket"], values=values).save()
    page = save_untouched(admin_client, f"/admin/record/edit/?id={record.pk}&kind={KIND}")
    assert ",0" not in input_value(page, "v_thap_phan")
    assert CustomRecord.objects.get(pk=record.pk).values == values


def test_the_form_shows_numbers_the_vietnamese_way(admin_client, district, figures):
    values = {"thap_phan": 1234567.5, "so_tien": 15_000_000}
    record = CustomRecord(kind=KIND, name="Bảng số liệu", unit=district["doan_ket"], values=values).save()
    page = admin_client.get(f"/admin/record/edit/?id={record.pk}&kind={KIND}").get_data(as_text=True)
    assert input_value(page, "v_thap_phan") == "1.234.567,5"
    assert input_value(page, "v_so_tien") == "15.000.000"
    details = admin_client.get(f"/admin/record/details/?id={record.pk}&kind={KIND}").get_data(as_text=True)
    assert "1.234.567,5" in details and "15.000.000 đồng" in details


def test_a_household_extension_keeps_its_decimal(admin_client, district):
    FormDefinition(
        code="ho_bo_sung",
        name="Hộ bổ sung",
        family="household",
        fields=[FieldDefinition(key="dien_tich_dat", label="Diện tích đất", type="decimal", measure="m²")],
    ).save()
    household = Household(
        code="DK-1",
        head_name="Hoàng Văn Tâm",
        hamlet=district["doan_ket"],
        values={"dien_tich_dat": 12345.67},
    ).save()
    save_untouched(admin_client, f"/admin/household/edit/?id={household.pk}")
    assert Household.objects.get(pk=household.pk).values["dien_tich_dat"] == 12345.67


@pytest.mark.parametrize("bound", [12345.67, 1234567.5, 0.000123, -2.5])
def test_saving_a_definition_untouched_keeps_its_bounds(admin_client, app, bound):
    field = FieldDefinition(key="muc", label="Mức", type="decimal", min_value=bound, max_value=bound * 2 + 10)
    definition = FormDefinition(code="gioi_han", name="Giới hạn", fields=[field]).save()
    page = save_untouched(admin_client, f"/admin/form_definition/edit/?id={definition.pk}")
    assert input_value(page, "fields-0-min_value") == text.figure(bound)
    stored = FormDefinition.objects.get(pk=definition.pk).fields[0]
    assert (stored.min_value, stored.max_value) == (bound, bound * 2 + 10)


def test_a_bound_in_a_message_is_written_in_full(app, district):
    field = FieldDefinition(key="muc", label="Mức", type="decimal", max_value=1234567.5)
    with pytest.raises(ValueError, match=r"Phải nhỏ hơn hoặc bằng 1\.234\.567,5\."):
        field.clean_value("1.234.568")


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("12.345,67", 12345.67),
        ("12345,67", 12345.67),
        ("70.5", 70.5),
        ("1.250", 1250),
        ("20.000.000", 2e7),
        ("-0,000123", -0.000123),
        (" 1 234,5 ", 1234.5),
        ("1.234.567,5", 1234567.5),
    ],
)
def test_numbers_are_typed_the_vietnamese_way(typed, number):
    assert float(text.parse_number(typed)) == number


@pytest.mark.parametrize("typed", ["abc", "", "1,2,3", "12.34.5", "NaN", "Infinity", "1" * 600])
def test_what_is_not_a_number_is_refused(typed):
    with pytest.raises(ValueError):
        text.parse_number(typed)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_any_float_reads_back_as_written(number):
    written = text.figure(number)
    assert float(text.parse_number(written)) == number
    assert "e" not in written.lower() and not written.endswith(",0")


@given(st.integers(min_value=-(10**18), max_value=10**18))
def test_any_whole_number_reads_back_as_written(number):
    written = text.figure(number)
    assert "," not in written
    assert int(text.parse_number(written)) == number


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("1e400", "Số quá lớn."),
        ("-1e400", "Số quá lớn."),
        ("mười", "Phải là một số."),
        ("1,2,3", "Phải là một số."),
    ],
)
def test_a_bound_that_is_no_number_is_refused_at_its_input(admin_client, app, typed, said):
    field = FieldDefinition(key="muc", label="Mức", type="decimal", max_value=10)
    definition = FormDefinition(code="gioi_han", name="Giới hạn", fields=[field]).save()
    url = f"/admin/form_definition/edit/?id={definition.pk}"
    form = MultiDict(form_fields(admin_client.get(url).get_data(as_text=True)))
    form["fields-0-max_value"] = typed
    page = admin_client.post(url, data=form).get_data(as_text=True)
    at_field = r'is-invalid" id="fields-0-max_value"[^>]*>\s*<div class="invalid-feedback">\s*<ul[^>]*>\s*'
    assert re.search(at_field + f"<li>{said}</li>", page)
    assert FormDefinition.objects.get(pk=definition.pk).version == definition.version


@pytest.mark.parametrize("number", [0, 7, -7, 999, 1000, -1000, 21320, 1234567, -98765432, 10**18 + 1])
def test_whole_numbers_are_written_as_babel_writes_them(number):
    from babel.numbers import format_decimal

    from documents.text import NUMBER_LOCALE, figure

    assert figure(number) == format_decimal(number, locale=NUMBER_LOCALE) == figure(Decimal(number))
