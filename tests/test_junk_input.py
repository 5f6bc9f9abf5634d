"""Generated junk thrown at every create and edit form, as an editor of one commune.

Whatever comes in: no server error, no stored record that fails its own validation, and no
record outside the editor's unit.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from documents import Household, PartyOrganization, Person, Unit
from tests.conftest import csrf_token, login, make_user

FIELDS = {
    "unit": ["kind", "code", "name", "parent", "households", "population", "disadvantaged"],
    "party_organization": ["name", "kind", "unit", "parent"],
    "person": ["full_name", "gender", "birth_year", "ethnicity", "category", "unit", "party_organization",
               "admitted_on", "official_on", "positions-0-title", "positions-0-start", "positions-0-end"],
    "household": ["code", "head_name", "hamlet", "size", "poverty", "member_in_charge"],
}  # fmt: skip  # one form a line
DOCUMENTS = {"unit": Unit, "party_organization": PartyOrganization, "person": Person, "household": Household}

TRICKY = [
    "", " ", '{"$ne": null}', "$where", "<script>alert(1)</script>", "<img src=x onerror=1>", "x" * 5000,
    "0", "-1", "99999999999999999999999", "1e308", "NaN", "2024-02-30", "31/12/2020",
    "nam", "nu", "xa", "thon", "chi_bo", "dang_vien", "ngheo", "y", "6b06c30ee7b7753b044a2ffc",
]  # fmt: skip  # word lists read better filled than one a line
junk_text = st.one_of(st.text(max_size=300), st.sampled_from(TRICKY))


@pytest.fixture
def editor(client, district):
    cell = PartyOrganization(kind="chi_bo", name="Chi bộ thôn Đoàn Kết", unit=district["doan_ket"]).save()
    member = Person(
        full_name="Hoàng Văn Nam",
        gender="nam",
        birth_year=1970,
        category="dang_vien",
        unit=district["doan_ket"],
        party_organization=cell,
        admitted_on="2000-01-01",
    ).save()
    Household(
        code="NQ-1", head_name="Hà Thị Mai", hamlet=district["doan_ket"], member_in_charge=member
    ).save()
    make_user(username="editor", role="editor", unit=district["nam_quan"])
    login(client, username="editor")
    ids = [str(x.pk) for x in (*district.values(), cell, member)]
    return client, ids


@pytest.mark.parametrize("endpoint", list(FIELDS))
def test_junk_never_breaks_a_form_nor_the_data(editor, district, endpoint):
    client, ids = editor
    document = DOCUMENTS[endpoint]
    token = csrf_token(client, f"/admin/{endpoint}/new/")
    value = st.one_of(junk_text, st.sampled_from(ids))

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.fixed_dictionaries({}, optional={name: value for name in FIELDS[endpoint]}), st.booleans())
    def post(form, edit):
        target = document.objects(ancestors=district["nam_quan"].pk).first() if edit else None
        url = f"/admin/{endpoint}/edit/?id={target.pk}" if target else f"/admin/{endpoint}/new/"
        response = client.post(url, data={**form, "csrf_token": token})
        assert response.status_code in (200, 302), (url, form, response.status_code)

    before = {record.pk: record.version for record in document.objects}
    post()
    nam_quan = district["nam_quan"].pk
    for record in document.objects:
        record.validate()
        if before.get(record.pk) != record.version:  # created or changed by the editor
            assert record.stays_under(nam_quan), (endpoint, record.to_mongo())
