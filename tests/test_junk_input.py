"""Generated junk thrown at every create and edit form, as an editor of one commune; at the
restore of a version and at the account forms, as an admin.

Whatever comes in: no server error, no stored record that fails its own validation, and no
record outside the editor's unit.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from documents import HistoryEntry, Household, PartyOrganization, Person, Unit, User
from tests.conftest import csrf_token, login, make_user

FIELDS = {
    "unit": ["kind", "code", "name", "parent", "households", "population", "disadvantaged", "version"],
    "party_organization": ["name", "kind", "unit", "parent", "version"],
    "person": ["full_name", "gender", "birth_year", "ethnicity", "category", "unit", "party_organization",
               "admitted_on", "official_on", "positions-0-title", "positions-0-start", "positions-0-end"],
    "household": ["code", "head_name", "hamlet", "size", "poverty", "member_in_charge", "version"],
}  # fmt: skip  # one form a line
DOCUMENTS = {"unit": Unit, "party_organization": PartyOrganization, "person": Person, "household": Household}

TRICKY = [
    "", " ", '{"$ne": null}', "$where", "<script>alert(1)</script>", "<img src=x onerror=1>", "x" * 5000,
    "0", "-1", "99999999999999999999999", "1e308", "NaN", "2024-02-30", "31/12/2020",
    "nam", "nu", "xa", "thon", "chi_bo", "dang_vien", "ngheo", "y", "6b06c30ee7b7753b044a2ffc",
]  # fmt: skip  # word lists read better filled than one a line
junk_text = st.one_of(st.text(max_size=300), st.sampled_from(TRICKY))
# Versions: numbers of any size (MongoDB stores 8 bytes), and text.
junk_version = st.one_of(st.integers(min_value=-(2**80), max_value=2**80).map(str), junk_text)
ACCOUNT_FIELDS = ["username", "role", "unit", "active", "new_password", "version"]


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
        opened_at = {"version": str(target.version)} if target else {}  # junk may replace it
        response = client.post(url, data={**opened_at, **form, "csrf_token": token})
        assert response.status_code in (200, 302), (url, form, response.status_code)

    before = {record.pk: record.version for record in document.objects}
    post()
    nam_quan = district["nam_quan"].pk
    for record in document.objects:
        record.validate()
        if before.get(record.pk) != record.version:  # created or changed by the editor
            assert record.stays_under(nam_quan), (endpoint, record.to_mongo())


def test_junk_versions_never_break_a_restore(admin_client, district):
    household = Household(code="NQ-1", head_name="Hà Thị Mai", hamlet=district["doan_ket"], size=3).save()
    household.size = 4
    household.save()
    url = "/admin/household/restore/"
    token = csrf_token(admin_client, f"/admin/household/details/?id={household.pk}")

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(junk_version)
    def post(version):
        response = admin_client.post(
            url, query_string={"id": str(household.pk), "version": version}, data={"csrf_token": token}
        )
        assert response.status_code in (302, 404), (version, response.status_code)

    post()
    Household.objects.get(pk=household.pk).validate()
    assert all(e.version >= 1 for e in HistoryEntry.of(household))


def test_junk_never_breaks_an_account_form(admin_client, district):
    other = make_user(username="bientap", role="editor", unit=district["nam_quan"])
    token = csrf_token(admin_client, "/admin/user/new/")
    ids = [str(u.pk) for u in district.values()]
    value = st.one_of(junk_text, st.sampled_from(ids), st.sampled_from(["admin", "editor", "viewer"]))
    fields = {name: junk_version if name == "version" else value for name in ACCOUNT_FIELDS}

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.fixed_dictionaries({}, optional=fields), st.booleans())
    def post(form, edit):
        url = f"/admin/user/edit/?id={other.pk}" if edit else "/admin/user/new/"
        opened_at = {"version": str(User.objects.get(pk=other.pk).version)} if edit else {}
        response = admin_client.post(url, data={**opened_at, **form, "csrf_token": token})
        assert response.status_code in (200, 302), (url, form, response.status_code)

    post()
    for user in User.objects:
        user.validate()
        assert user.password_hash.startswith("scrypt:")
    entries = HistoryEntry.objects(kind="users")
    assert all("password_hash" not in e.after and "password_hash" not in e.before for e in entries)
