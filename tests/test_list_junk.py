"""Generated junk in list addresses: tampered page cursors and searches with control characters.

Whatever comes in, every list answers with a page (never a server error); a cursor that is not
one the console wrote is ignored, said in Vietnamese, and the first page is shown.
"""

import base64
import json

import pytest
from bson import ObjectId
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from admin.paging import Cursor
from documents import FieldDefinition, FormDefinition, Household, Person
from tests.conftest import login, make_user

BAD_CURSOR = "Liên kết trang không hợp lệ hoặc đã cũ"
REGISTRY_LISTS = [
    *("unit", "party_organization", "person", "household"),
    *("official_document", "issuing_body", "form_definition", "record"),
]
EVERY_LIST = [*REGISTRY_LISTS, "user", "trash"]


def token(value):
    raw = value if isinstance(value, bytes) else json.dumps(value).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def list_url(endpoint, **args):
    query = "&".join(f"{k}={v}" for k, v in args.items())
    kind = "kind=mo_hinh&" if endpoint == "record" else ""
    return f"/admin/{endpoint}/?{kind}{query}"


@pytest.fixture
def lists(admin_client, district):
    name = FieldDefinition(key="ten", label="Tên", type="text")
    FormDefinition(code="mo_hinh", name="Mô hình", fields=[name]).save()
    for n in range(22):
        person = dict(full_name=f"Nông Văn {n:02d}", gender="nam", birth_year=1980, category="can_bo")
        Person(**person, unit=district["doan_ket"]).save()
    Household(code="NQ-1", head_name="Hà Thị Mai", hamlet=district["doan_ket"]).save()
    return admin_client


PK = {"$oid": str(ObjectId())}
TAMPERED = [
    [0, {"$date": 99999999999999999}, PK],
    [0, {"$date": {"$numberLong": "99999999999999999"}}, PK],
    [0, {"$date": "99999-01-01T00:00:00Z"}, PK],
    [0, {"$numberDecimal": "1e999999"}, PK],
    [0, {"$regex": "."}, PK],
    [0, {"$where": "sleep(1000)"}, PK],
    [0, "x", {"$oid": "not an id"}],
    [0, 2**80, PK],
    [True, "x", PK],
    [-1, "x", PK],
    [0, "x", PK, 1],
    {"phase": 0},
]


def test_a_tampered_cursor_shows_the_first_page(lists):
    for endpoint in REGISTRY_LISTS:
        for cursor in TAMPERED:
            for direction in ("after", "before"):
                response = lists.get(list_url(endpoint, **{direction: token(cursor)}))
                assert response.status_code == 200, (endpoint, cursor)
                assert BAD_CURSOR in response.get_data(as_text=True), (endpoint, cursor)


def test_a_deeply_nested_cursor_shows_the_first_page(lists):
    for depth in (50, 5000, 100_000):
        response = lists.get(list_url("person", after=token(b"[" * depth + b"]" * depth)))
        assert response.status_code == 200
        assert BAD_CURSOR in response.get_data(as_text=True)


def test_a_cursor_the_console_wrote_still_pages(lists):
    first = lists.get("/admin/person/").get_data(as_text=True)
    assert BAD_CURSOR not in first
    cursor = Cursor.decode(first.split("&after=")[1].split('"')[0], 1)
    second = lists.get(f"/admin/person/?after={cursor.encode()}").get_data(as_text=True)
    assert BAD_CURSOR not in second and "Nông Văn 21" in second and "Nông Văn 00" not in second


# Any text JSON can carry: every code point, lone surrogates (JSON escapes them, UTF-8 and BSON
# cannot hold them) and unusual characters (format, private use, unassigned, astral).
any_char = st.characters() | st.characters(categories=["Cs", "Cf", "Co", "Cn"])
json_text = st.text(any_char, max_size=20) | st.sampled_from(
    ["\ud800", "a\udfffb", "\ufeff", "\U0010ffff", "\x00"]
)
json_keys = st.sampled_from(["$oid", "$date", "$numberLong", "$regex", "x"]) | st.text(any_char, max_size=5)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | json_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(json_keys, inner, max_size=3),
    max_leaves=12,
)
cursors = st.one_of(
    st.binary(max_size=200).map(token),
    json_values.map(token),
    st.tuples(st.integers(-2, 3), json_values, st.just(PK) | json_values).map(lambda t: token(list(t))),
    # The shape a cursor has, its sort value any text: a lone surrogate made BSON encoding fail.
    st.tuples(st.integers(0, 1), json_text, st.just(PK)).map(lambda t: token(list(t))),
    st.text(max_size=80),
)
# Control characters first: NUL made MongoDB refuse the search's regular expression.
searches = st.one_of(
    st.text(alphabet=st.characters(max_codepoint=0x9F), max_size=20),
    st.text(max_size=40),
    st.sampled_from(["\x00", "a\x00b", "%", "\\", "(", "[", "*", "$", "xã\x00nam", "thôn \x1f"]),
)


@pytest.mark.parametrize("endpoint", EVERY_LIST)
def test_junk_cursors_and_searches_never_break_a_list(lists, endpoint):
    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(cursors, searches, st.sampled_from(["after", "before"]))
    @example(token([0, "\ud800", PK]), "", "after")
    def visit(cursor, search, direction):
        args = {"kind": "mo_hinh"} if endpoint == "record" else {}
        args.update({direction: cursor, "search": search})
        response = lists.get(f"/admin/{endpoint}/", query_string=args)
        assert response.status_code == 200, (cursor, search)

    visit()


def test_a_nul_byte_in_a_search_is_not_a_server_error(lists):
    for endpoint in EVERY_LIST:
        assert lists.get(list_url(endpoint, search="%00")).status_code == 200, endpoint


def test_control_characters_in_a_search_separate_words(lists):
    page = lists.get("/admin/person/?search=nong%00van%1F2").get_data(as_text=True)
    assert "Nông Văn 20" in page and "Nông Văn 19" not in page


def test_an_editor_meets_the_same_rules(client, district, lists):
    make_user("editor", role="editor", unit=district["nam_quan"])
    login(client, "editor")
    for endpoint in ("person", "household", "unit", "trash"):
        assert client.get(list_url(endpoint, search="%00")).status_code == 200
    page = client.get(list_url("household", after=token(TAMPERED[0]))).get_data(as_text=True)
    assert BAD_CURSOR in page and "NQ-1" in page


def test_junk_in_a_picker_search_is_not_a_server_error(lists):
    for query in ("\x00", "thôn\x00", "xã \x1f nam", "(", "\\"):
        for name in ("under_unit", "hamlet", "member_in_charge"):
            response = lists.get("/admin/household/ajax/lookup/", query_string={"name": name, "query": query})
            assert response.status_code == 200, (name, query)
