"""Findings of the security review of issue 9: junk in list and picker addresses, formulas in
exports, junk in a printed list's summary and the register's refusals, each answered in words."""

import base64
import csv
import datetime
import io
import json

import openpyxl
import pytest
from bson import ObjectId
from mongoengine import ValidationError

from documents import FieldDefinition, FormDefinition, Household, OfficialDocument, Person, Unit
from exports import official_document as printing
from exports.list_export import sheet_cell
from tests.conftest import csrf_token, district_committee, login, make_user
from tests.test_register_guard import _draft

BAD_CURSOR = "Liên kết trang không hợp lệ hoặc đã cũ"
PAGED_LISTS = [
    *("unit", "party_organization", "person", "household"),
    *("official_document", "issuing_body", "form_definition", "record"),
]
EXPORTING_LISTS = [
    *("unit", "party_organization", "person", "household"),
    *("official_document", "issuing_body", "form_definition"),
]


def kind_arg(endpoint):
    return {"kind": "mo_hinh"} if endpoint == "record" else {}


@pytest.fixture
def listed(admin_client, district):
    FormDefinition(
        code="mo_hinh", name="Mô hình", fields=[FieldDefinition(key="ten", label="Tên", type="text")]
    ).save()
    Household(code="NQ-1", head_name="Hà Thị Mai", hamlet=district["doan_ket"]).save()
    return admin_client


# Finding 1: a cursor holding a lone surrogate.


@pytest.mark.parametrize("direction", ["after", "before"])
def test_a_cursor_with_a_lone_surrogate_shows_the_first_page(listed, direction):
    raw = json.dumps([0, "\ud800", {"$oid": str(ObjectId())}]).encode()
    token = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    for endpoint in PAGED_LISTS:
        response = listed.get(f"/admin/{endpoint}/", query_string={**kind_arg(endpoint), direction: token})
        assert response.status_code == 200, endpoint
        assert BAD_CURSOR in response.get_data(as_text=True), endpoint


# Finding 2: `export_type` in a list's address.


@pytest.mark.parametrize("value", ["x", "csv", "xlsx", ""])
def test_export_type_in_a_lists_address_is_ignored(listed, value):
    for endpoint in EXPORTING_LISTS:
        response = listed.get(f"/admin/{endpoint}/", query_string={"export_type": value})
        assert response.status_code == 200, endpoint
        assert response.mimetype == "text/html", endpoint  # the list, not an export
        page = response.get_data(as_text=True)
        assert f"/admin/{endpoint}/export/csv/" in page and "export_type=" not in page


def test_an_editor_sees_the_list_too(client, district, listed):
    make_user("editor", role="editor", unit=district["nam_quan"])
    login(client, "editor")
    response = client.get("/admin/household/?export_type=x&search=mai")
    assert response.status_code == 200 and "NQ-1" in response.get_data(as_text=True)
    # The export links keep the list's search, not the stray argument.
    assert "/admin/household/export/csv/?search=mai" in response.get_data(as_text=True)


def test_an_unknown_export_type_is_refused_in_words(listed):
    response = listed.get("/admin/household/export/x/", follow_redirects=True)
    assert response.status_code == 200
    assert "Không xuất được kiểu «x»: chỉ xuất CSV hoặc XLSX." in response.get_data(as_text=True)
    for known in ("csv", "xlsx"):
        response = listed.get(f"/admin/household/export/{known}/?export_type=x")
        assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]


@pytest.mark.parametrize("name", ["endpoint", "_scheme", "_external", "_anchor", "_method"])
def test_url_building_names_in_a_lists_address_are_ignored(listed, name):
    response = listed.get("/admin/household/", query_string={name: "x"})
    assert response.status_code == 200
    assert "/admin/household/export/csv/" in response.get_data(as_text=True)


# Finding 3: the picker's `limit` and `offset`.


@pytest.fixture
def many_hamlets(listed, district):
    for n in range(60):
        Unit(kind="thon", code=f"0659{n:03d}", name=f"Thôn An {n:02d}", parent=district["nam_quan"]).save()
    return listed


@pytest.mark.parametrize(
    ("limit", "offset", "count"),
    [
        ("1000000", None, 50),
        ("99999999999999999999", None, 50),
        ("-99999999999999999999", None, 10),
        ("0", None, 10),
        ("-3", None, 10),
        ("abc", None, 10),
        ("", None, 10),
        ("5", None, 5),
        ("10", "55", 5),
        ("10", "99999999999999999999", 0),
        ("10", "-99999999999999999999", 10),
        ("10", "junk", 10),
    ],
)
def test_a_pickers_limit_and_offset_are_bounded(many_hamlets, limit, offset, count):
    args = {"name": "under_unit", "query": "thon an", "limit": limit}
    if offset is not None:
        args["offset"] = offset
    response = many_hamlets.get("/admin/household/ajax/lookup/", query_string=args)
    assert response.status_code == 200
    assert len(response.get_json()) == count


@pytest.mark.parametrize(
    "endpoint", ["person", "party_organization", "official_document", "issuing_body", "user"]
)
def test_a_huge_limit_is_not_a_server_error_on_any_picker(many_hamlets, endpoint):
    args = {"name": "unit", "query": "thon an", "limit": "99999999999999999999"}
    response = many_hamlets.get(f"/admin/{endpoint}/ajax/lookup/", query_string=args)
    assert response.status_code == 200 and len(response.get_json()) == 50


# Finding 4: formulas in exports.

FORMULAS = ['=HYPERLINK("http://example.com","x")', "+1+1", "-1+1", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        *((f, "'" + f) for f in FORMULAS),
        ("Hà Thị Mai", "Hà Thị Mai"),
        ("-12", "-12"),  # a number written out stays a number
        ("-1.5", "-1.5"),
        (-5, -5),
        (3.5, 3.5),
        ("", ""),
    ],
)
def test_a_sheet_cell_is_text_unless_a_number(value, cell):
    assert sheet_cell(value) == cell


@pytest.fixture
def formula_household(listed, district):
    FormDefinition(
        code="ho_rs",
        name="Thông tin hộ rà soát",
        family="household",
        fields=[
            FieldDefinition(key="no", label="Dư nợ", type="integer"),
            FieldDefinition(key="ghi_chu", label="Ghi chú", type="text"),
        ],
    ).save()
    head = '=HYPERLINK("http://example.com","x")'
    Household(
        code="RS-XSS-01",
        head_name=head,
        hamlet=district["doan_ket"],
        size=4,
        values={"no": -5, "ghi_chu": "@SUM(A1)"},
    ).save()
    Household(code="RS-NUL", head_name="Hà\x00Thị\x1bMai", hamlet=district["doan_ket"]).save()
    return head


def test_the_xlsx_export_writes_formulas_as_text(listed, formula_household):
    response = listed.get("/admin/household/export/xlsx/")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows())
    titles = [c.value for c in rows[0]]
    row = next(r for r in rows[1:] if r[titles.index("Mã hộ")].value == "RS-XSS-01")
    head = row[titles.index("Chủ hộ")]
    assert head.data_type != "f" and head.value == "'" + formula_household
    assert row[titles.index("Ghi chú")].value == "'@SUM(A1)"
    assert all(c.data_type != "f" for r in rows for c in r)
    assert row[titles.index("Số nhân khẩu")].value == 4 and row[titles.index("Số nhân khẩu")].data_type == "n"
    debt = next(c for c, t in zip(row, titles, strict=True) if t.startswith("Dư nợ"))
    assert debt.value == -5 and debt.data_type == "n"
    # A control character no sheet holds (it made the export a server error) becomes a space.
    nul = next(r for r in rows[1:] if r[titles.index("Mã hộ")].value == "RS-NUL")
    assert nul[titles.index("Chủ hộ")].value == "Hà Thị Mai"


def test_the_csv_export_writes_formulas_as_text(listed, formula_household):
    response = listed.get("/admin/household/export/csv/")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    titles = rows[0]
    row = next(r for r in rows[1:] if r[titles.index("Mã hộ")] == "RS-XSS-01")
    assert row[titles.index("Chủ hộ")] == "'" + formula_household
    assert row[titles.index("Ghi chú")] == "'@SUM(A1)"
    assert next(v for v, t in zip(row, titles, strict=True) if t.startswith("Dư nợ")) == "-5"
    assert row[titles.index("Số nhân khẩu")] == "4"


def test_a_label_staff_typed_is_neutralised_in_the_titles(listed, district):
    FormDefinition(
        code="ho_rs",
        name="Thông tin hộ rà soát",
        family="household",
        fields=[FieldDefinition(key="x", label="=1+1", type="text")],
    ).save()
    text = listed.get("/admin/household/export/csv/").get_data(as_text=True).lstrip("\ufeff")
    assert "'=1+1" in next(csv.reader(io.StringIO(text)))[-1]


# Finding 9: junk in a printed list's summary.


@pytest.fixture
def print_form(admin_client, district):
    issuer = district_committee(district["district"], numbering="loai_nam", term_start=None, term_end=None)
    Person(
        full_name="Lường Thị Nguyệt",
        gender="nu",
        birth_year=1979,
        category="can_bo",
        unit=district["nam_quan"],
    ).save()

    def post(summary):
        form = {
            "csrf_token": csrf_token(admin_client, "/admin/person/print/"),
            "summary": summary,
            "layout": "danh_sach",
            "body": str(issuer.pk),
            "column": ["full_name"],
        }
        return admin_client.post("/admin/person/print/", data=form)

    post.body = issuer
    return post


@pytest.mark.parametrize(
    "summary", ["\x00" * 10, "\x01\x02\x1b", " \x00 \x7f ", "\u200b" * 12, "\ufeff\u2800\u3164", "\x85\x9f"]
)
def test_a_blank_looking_summary_is_refused_at_the_field(print_form, summary):
    response = print_form(summary)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Hãy ghi trích yếu (tên danh sách)." in page
    assert OfficialDocument.objects.count() == 0


def test_control_characters_leave_a_printed_lists_summary(print_form):
    response = print_form("Danh\x00sách\x1f cán bộ\x7f")
    assert response.status_code == 302
    draft = OfficialDocument.objects.get()
    assert draft.summary == "Danh sách cán bộ" == draft.parameters["title"]


def test_a_draft_keeps_no_control_characters(district, print_form):
    draft = printing.new_draft(
        "danh_sach_can_bo",
        print_form.body,
        district["nam_quan"],
        summary="Báo\x00cáo\x0b",
        opening="Dòng\x00 một\r\nDòng\x1b hai\n",
        recipients=["Như trên\x00", "\x00\x01", "  ", "Lưu\tVP"],
    ).save()
    stored = OfficialDocument.objects.get(pk=draft.pk)
    assert stored.summary == "Báo cáo"
    assert stored.opening == "Dòng một\nDòng hai"
    assert stored.recipients == ["Như trên", "Lưu VP"]


def test_a_blank_looking_summary_typed_in_the_drafts_form_is_refused(admin_client, district, print_form):
    draft = printing.new_draft("danh_sach_can_bo", print_form.body, district["nam_quan"]).save()
    draft.summary = "\u200b\u200b\x00"
    with pytest.raises(ValidationError, match="Hãy ghi trích yếu"):
        draft.save()


# Finding 12: the register says the entry's state before anything else.

DAY = datetime.date(2026, 3, 5)
REGISTER = "/admin/official_document/"


@pytest.fixture
def withdrawn_and_replaced(district, print_form):
    unit, body = district["nam_quan"], print_form.body
    withdrawn = _draft(body, unit)
    printing.issue(withdrawn, DAY)
    withdrawn.withdraw("Sai số liệu")
    replaced = _draft(body, unit)
    printing.issue(replaced, DAY)
    replacement = printing.new_draft("danh_sach_can_bo", body, unit, replaces=replaced).save()
    printing.issue(replacement, DAY)
    replaced.reload()
    assert (withdrawn.status, replaced.status) == ("withdrawn", "replaced")
    return {"withdrawn": withdrawn, "replaced": replaced, "replacement": replacement}


def post_on(client, document, action, **form):
    details = f"{REGISTER}details/?id={document.pk}"
    form["csrf_token"] = csrf_token(client, details)
    response = client.post(f"{REGISTER}{action}/?id={document.pk}", data=form, follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("reason", ["x" * 5000, "", "Thu hồi lần nữa"])
def test_withdrawing_an_entry_no_longer_in_force_says_its_state(admin_client, withdrawn_and_replaced, reason):
    page = post_on(admin_client, withdrawn_and_replaced["withdrawn"], "withdraw", reason=reason)
    assert "Văn bản này đã bị thu hồi" in page and "ký tự" not in page and "Hãy ghi lý do" not in page
    replaced, replacement = withdrawn_and_replaced["replaced"], withdrawn_and_replaced["replacement"]
    page = post_on(admin_client, replaced, "withdraw", reason=reason)
    assert f"Văn bản này đã được thay thế bởi {replacement.symbol}" in page
    assert "ký tự" not in page and "Hãy ghi lý do" not in page
    assert OfficialDocument.objects.get(pk=replaced.pk).status == "replaced"


def test_issuing_an_entry_no_longer_in_force_says_its_state(admin_client, withdrawn_and_replaced):
    page = post_on(admin_client, withdrawn_and_replaced["withdrawn"], "issue")
    assert "Văn bản này đã bị thu hồi" in page and "đã được ban hành" not in page
    replaced, replacement = withdrawn_and_replaced["replaced"], withdrawn_and_replaced["replacement"]
    page = post_on(admin_client, replaced, "issue")
    assert f"Văn bản này đã được thay thế bởi {replacement.symbol}" in page and "đã được ban hành" not in page
    page = post_on(admin_client, replacement, "issue")
    assert "Văn bản này đã được ban hành" in page
