"""Entries in the register (issuing, issued, withdrawn, replaced) are changed by no route of the
register's view except the state changes the register defines: every route is tried on each."""

import datetime
import html
import io
import json
import re

import pytest
from bson import ObjectId
from mongoengine import ValidationError

from admin.formatters import file_size
from documents import OfficialDocument, Person, attachment
from documents.attachment import attach
from exports import official_document as printing
from tests.conftest import commune_peoples_committee, csrf_token, district_committee, login, make_user

DAY = datetime.date(2026, 3, 5)
REGISTER = "/admin/official_document/"


@pytest.fixture
def body(district):
    return district_committee(district["district"], numbering="loai_nam", term_start=None, term_end=None)


def _draft(body, unit):
    document = printing.new_draft("danh_sach_can_bo", body, unit).save()
    attach(document, b"bien ban hop", "bien-ban.txt")  # a file, so its removal can be tried too
    return document


@pytest.fixture
def entries(district, body):
    """One entry in each state the register keeps: issuing, issued, withdrawn and replaced."""
    Person(
        full_name="Lường Thị Nguyệt",
        gender="nu",
        birth_year=1979,
        category="can_bo",
        unit=district["nam_quan"],
    ).save()
    unit = district["nam_quan"]
    issuing = _draft(body, unit)
    issuing.take_number(DAY, printing.snapshot(issuing, DAY))  # numbered; its PDF not stored yet
    issued = _draft(body, unit)
    printing.issue(issued, DAY)
    withdrawn = _draft(body, unit)
    printing.issue(withdrawn, DAY)
    withdrawn.withdraw("Sai số liệu")
    replaced = _draft(body, unit)
    printing.issue(replaced, DAY)
    replacement = printing.new_draft("danh_sach_can_bo", body, unit, replaces=replaced).save()
    printing.issue(replacement, DAY)
    found = {
        d.status: d
        for d in OfficialDocument.objects(pk__in=[issuing.pk, issued.pk, withdrawn.pk, replaced.pk])
    }
    assert sorted(found) == ["issued", "issuing", "replaced", "withdrawn"]
    return found


def stored(document):
    """Everything kept of an entry: the stored record as it is, the bytes of its PDF and its files."""
    raw = OfficialDocument._get_collection().find_one({"_id": document.pk})
    pdf = OfficialDocument.objects.get(pk=document.pk).pdf()
    files = sorted(f._id for f in attachment.bucket().find({"metadata.record_id": document.pk}))
    return raw, pdf, files


# Each route of the view: (endpoint, method, path and query, form). `{id}`, `{version}`, `{file}`
# and `{body}`/`{unit}` are filled for the entry tried. Routes that only read are tried too.
READING = [
    ("index_view", "GET", "", None),
    ("details_view", "GET", "details/?id={id}", None),
    ("preview_view", "GET", "preview/?id={id}", None),
    ("pdf_view", "GET", "pdf/?id={id}", None),
    ("export", "GET", "export/csv/", None),
    ("ajax_lookup", "GET", "ajax/lookup/?name=body&query=huy", None),
    ("api_file_view", "GET", "api/file/?id={id}", None),
    ("attachment_view", "GET", "attachment/?id={id}&file={file}", None),
    ("print_view", "GET", "print/", None),
    ("edit_view", "GET", "edit/?id={id}", None),
    ("create_view", "GET", "new/?id={id}", None),
]
CHANGING = [
    (
        "create_view",
        "POST",
        "new/?id={id}",
        {
            "kind": "danh_sach_can_bo",
            "body": "{body}",
            "unit": "{unit}",
            "document_type": "BC",
            "summary": "Đã sửa",
            "recipients": "",
            "opening": "",
            "version": "{version}",
        },
    ),
    (
        "edit_view",
        "POST",
        "edit/?id={id}",
        {
            "kind": "danh_sach_can_bo",
            "body": "{body}",
            "unit": "{unit}",
            "document_type": "DS",
            "summary": "Đã sửa",
            "recipients": "Nơi khác",
            "opening": "",
            "version": "{version}",
        },
    ),
    ("delete_view", "POST", "delete/", {"id": "{id}", "url": REGISTER}),
    ("action_view", "POST", "action/", {"action": "delete", "rowid": "{id}", "url": REGISTER}),
    ("ajax_update", "POST", "ajax/update/", {"list_form_pk": "{id}", "summary": "Đã sửa"}),
    ("attachment_upload_view", "POST", "attachment/upload/?id={id}", {"file": "upload"}),
    ("attachment_remove_view", "POST", "attachment/remove/?id={id}&file={file}", {}),
    ("issue_view", "POST", "issue/?id={id}", {}),
    ("withdraw_view", "POST", "withdraw/?id={id}", {"reason": "Thu hồi lần nữa"}),
    ("replace_view", "POST", "replace/?id={id}", {}),
    (
        "print_view",
        "POST",
        "print/",
        {"summary": "Danh sách", "body": "{body}", "layout": "danh_sach", "column": "summary"},
    ),
    *(("restore_view", "POST", f"restore/?id={{id}}&version={v}", {}) for v in range(8)),
]
# The state changes the register defines: "In lại" finishes an issuing entry, an issued one is
# withdrawn (replacing one makes a new draft and leaves the issued entry as it is until that is issued).
DEFINED = {("issue_view", "issuing"), ("withdraw_view", "issued")}


def test_the_table_names_every_route_of_the_register(app):
    routes = {
        r.endpoint.removeprefix("official_document.")
        for r in app.url_map.iter_rules()
        if r.endpoint.startswith("official_document.")
    }
    assert routes == {endpoint for endpoint, *_ in (*READING, *CHANGING)}


def _fill(value, document):
    fields = {
        "id": document.pk,
        "version": document.version,
        "file": document.attachments[0].file_id,
        "body": document.body.pk,
        "unit": document.unit.pk,
    }
    return value.format(**{k: str(v) for k, v in fields.items()})


@pytest.mark.parametrize("status", ["issuing", "issued", "withdrawn", "replaced"])
def test_no_route_changes_an_entry_in_the_register(admin_client, entries, status):
    document = entries[status]
    before = stored(document)
    assert before[0]["number"] and before[0]["symbol"]
    token = csrf_token(admin_client, f"{REGISTER}details/?id={document.pk}")
    for endpoint, method, path, form in [*READING, *CHANGING]:
        if (endpoint, status) in DEFINED:
            continue
        url = REGISTER + _fill(path, document)
        if method == "GET":
            response = admin_client.get(url)
        else:
            data = {k: _fill(v, document) for k, v in form.items()}
            if data.get("file") == "upload":
                data["file"] = (io.BytesIO(b"tep moi"), "moi.txt")
            response = admin_client.post(url, data={**data, "csrf_token": token})
        assert response.status_code < 500, (endpoint, url, response.status_code)
        assert stored(document) == before, (endpoint, url)


def test_the_same_requests_do_change_a_draft(admin_client, district, body):
    """The control: the forms and token the test above sends are genuine, and a draft takes them."""
    draft = _draft(body, district["nam_quan"])
    token = csrf_token(admin_client, f"{REGISTER}details/?id={draft.pk}")
    requests = {endpoint: (path, form) for endpoint, _, path, form in CHANGING}

    def post(endpoint, **extra):
        path, form = requests[endpoint]
        data = {**{k: _fill(v, draft) for k, v in form.items()}, **extra, "csrf_token": token}
        return admin_client.post(REGISTER + _fill(path, draft), data=data)

    assert post("edit_view").status_code == 302
    draft.reload()
    assert (draft.summary, draft.recipients, draft.document_type) == ("Đã sửa", ["Nơi khác"], "DS")
    assert post("action_view").status_code == 302
    assert OfficialDocument.objects(pk=draft.pk).count() == 0  # the bulk delete took it to the trash


def test_restoring_an_issued_entry_is_refused_in_words(admin_client, entries):
    document = entries["issued"]
    details = f"{REGISTER}details/?id={document.pk}"
    page = admin_client.post(
        f"{REGISTER}restore/?id={document.pk}&version=1",
        data={"csrf_token": csrf_token(admin_client, details)},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "không khôi phục" in page.lower()
    assert OfficialDocument.objects.get(pk=document.pk).status == "issued"


def test_a_restore_that_reaches_the_document_layer_is_refused_there_too(entries):
    """Defence in depth: a stored entry in the register is never replaced by a draft's state."""
    from documents import HistoryEntry

    document = entries["issued"]
    first = HistoryEntry.of(document).filter(version=1).first()
    state = {
        **first.after,
        "_id": document.pk,
        "version": document.version,
        "created_at": document.created_at,
    }
    with pytest.raises(ValidationError, match="đã vào sổ"):
        OfficialDocument._from_son(state, created=False).save(action="restore")
    assert stored(document)[0]["status"] == "issued"


# Names on the register's page stay text (item 3c).


def test_a_bodys_name_on_the_page_is_text_in_a_data_attribute_never_in_script(admin_client, district, body):
    body.name = "X'+(window.pwned=1)+'"
    body.save()
    document = printing.new_draft("danh_sach_can_bo", body, district["nam_quan"]).save()
    page = admin_client.get(f"{REGISTER}details/?id={document.pk}").get_data(as_text=True)
    assert "pwned" not in "".join(re.findall(r"<script.*?</script>|\son\w+=\"[^\"]*\"", page, re.S))
    assert 'data-confirm="Ban hành: văn bản lấy số tiếp theo của X&#39;+(window.pwned=1)+&#39;,' in page
    assert '<script src="/static/official_document.js' in page
    with admin_client.get("/static/console.js") as script:
        assert script.status_code == 200 and "dataset.confirm" in script.get_data(as_text=True)


# Server errors (item 4).


def test_a_withdrawal_reason_too_long_is_refused_in_words(admin_client, entries):
    document = entries["issued"]
    with pytest.raises(ValidationError, match="Lý do thu hồi dài 501 ký tự, quá 500 ký tự"):
        document.withdraw("x" * 501)
    details = f"{REGISTER}details/?id={document.pk}"
    form = {"csrf_token": csrf_token(admin_client, details), "reason": "y" * 600}
    response = admin_client.post(f"{REGISTER}withdraw/?id={document.pk}", data=form, follow_redirects=True)
    assert response.status_code == 200 and "Lý do thu hồi dài 600 ký tự" in response.get_data(as_text=True)
    assert OfficialDocument.objects.get(pk=document.pk).status == "issued"


def test_a_printed_lists_summary_too_long_is_refused_at_the_field(admin_client, district, body):
    listing = "/admin/person/print/"
    form = {
        "csrf_token": csrf_token(admin_client, listing),
        "summary": "Danh sách " + "dài " * 80,
        "layout": "danh_sach",
        "body": str(body.pk),
        "column": ["full_name"],
    }
    Person(
        full_name="Lường Thị Nguyệt",
        gender="nu",
        birth_year=1979,
        category="can_bo",
        unit=district["nam_quan"],
    ).save()
    response = admin_client.post(listing, data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Trích yếu dài 329 ký tự, quá 300 ký tự" in page
    assert re.search(r'id="summary"[^>]*>\s*<div class="text-danger small mt-1">Trích yếu dài', page)
    assert OfficialDocument.objects.count() == 0


# Names across units (item 5).


def test_a_print_form_names_no_unit_outside_the_accounts_scope(client, district):
    make_user("nq", role="editor", unit=district["nam_quan"])
    login(client, "nq")
    pages = {}
    for name, pk in (
        ("other", district["nhan_ly"].pk),
        ("unknown", ObjectId()),
        ("own", district["doan_ket"].pk),
    ):
        page = client.get(f"/admin/person/print/?flt0_0={pk}").get_data(as_text=True).replace(str(pk), "")
        pages[name] = re.sub(r'name="csrf_token" type="hidden" value="[^"]+"', "", page)
    assert "Nhân Lý" not in pages["other"] and "Bản Chành" not in pages["other"]
    assert pages["other"] == pages["unknown"]  # described like an unknown id
    assert "Thuộc đơn vị là Thôn Đoàn Kết" in pages["own"]


# Kinds and types (item 10).


def test_a_kind_is_issued_only_as_the_types_it_names(admin_client, district, body, monkeypatch):
    assert printing.document_types("danh_sach_can_bo") == ("BC", "DS")
    assert printing.document_types("bao_cao_to_chuc") == ("BC",)
    form = {
        "csrf_token": csrf_token(admin_client, f"{REGISTER}new/"),
        "kind": "danh_sach_can_bo",
        "body": str(body.pk),
        "unit": str(district["nam_quan"].pk),
        "document_type": "QĐ",
        "summary": "",
        "opening": "",
        "recipients": "",
    }
    page = admin_client.post(f"{REGISTER}new/", data=form).get_data(as_text=True)
    assert re.search(
        r'id="document_type".*?chỉ ban hành dưới thể loại «Báo cáo» hoặc «Danh sách»', page, re.S
    )
    assert OfficialDocument.objects.count() == 0

    draft = printing.new_draft("danh_sach_can_bo", body, district["nam_quan"], document_type="QĐ").save()
    with pytest.raises(ValidationError, match="chỉ ban hành dưới thể loại"):
        printing.issue(draft, DAY)
    assert OfficialDocument.objects.get(pk=draft.pk).status == "draft"  # no number taken

    # A type left as the form offers it follows the kind.
    monkeypatch.setitem(printing.ISSUED_AS, "danh_sach_can_bo", ("DS",))
    assert admin_client.post(f"{REGISTER}new/", data={**form, "document_type": "BC"}).status_code == 302
    assert OfficialDocument.objects(pk__ne=draft.pk).get().document_type == "DS"


def test_the_draft_form_carries_each_kinds_types_for_its_script(admin_client):
    page = admin_client.get(f"{REGISTER}new/").get_data(as_text=True)
    kinds = re.search(
        r'<select[^>]*data-kind-types="([^"]+)"[^>]*id="kind"|<select[^>]*id="kind"[^>]*'
        r'data-kind-types="([^"]+)"',
        page,
    )
    assert kinds, "no data-kind-types on the kind's select"
    value = html.unescape(kinds.group(1) or kinds.group(2))
    assert json.loads(value)["bao_cao_to_chuc"] == ["BC"]
    assert '<script src="/static/official_document.js' in page


def test_issued_entries_offer_no_edit_or_delete_in_the_list_or_on_their_page(
    admin_client, entries, district, body
):
    draft = printing.new_draft("danh_sach_can_bo", body, district["nam_quan"]).save()
    listing = admin_client.get(REGISTER).get_data(as_text=True)
    assert f"edit/?id={draft.pk}" in listing and f'name="id" type="hidden" value="{draft.pk}"' in listing
    for document in entries.values():
        assert f"edit/?id={document.pk}" not in listing
        assert f'name="id" type="hidden" value="{document.pk}"' not in listing  # the delete icon's form
        page = admin_client.get(f"{REGISTER}details/?id={document.pk}").get_data(as_text=True)
        assert "Chỉnh sửa" not in page and f"edit/?id={document.pk}" not in page
        assert "attachment/upload/" not in page and "attachment/remove/" not in page  # files as they were
    draft_page = admin_client.get(f"{REGISTER}details/?id={draft.pk}").get_data(as_text=True)
    assert ">Chỉnh sửa<" in draft_page and "attachment/upload/" in draft_page


def test_a_withdrawal_reason_reads_once_punctuated(admin_client, entries):
    document = entries["withdrawn"]
    document.update(set__withdrawn_reason="Sai số liệu.")
    page = admin_client.get(f"{REGISTER}details/?id={document.pk}").get_data(as_text=True)
    assert "(lý do: Sai số liệu)." in page and ".)." not in page


def test_the_issuing_body_is_linked_only_for_those_who_may_open_it(client, district, body):
    printing.new_draft("danh_sach_can_bo", body, district["nam_quan"]).save()
    make_user("editor", role="editor", unit=district["district"])
    login(client, "editor")
    listing = client.get(REGISTER).get_data(as_text=True)
    assert "Huyện ủy Lộc Bình" in listing and "/admin/issuing_body/details/" not in listing
    assert client.get(f"/admin/issuing_body/details/?id={body.pk}").status_code == 403


# Small things on the page (item 13).


def test_an_issued_documents_page_shows_its_size_once_and_its_date_after_the_status(admin_client, entries):
    document = entries["issued"]
    page = admin_client.get(f"{REGISTER}details/?id={document.pk}").get_data(as_text=True)
    assert "<strong>Đã ban hành</strong>. Ban hành ngày 05/03/2026" in page
    assert str(document.size) not in page and file_size(document.size) in page


# The printed layout (item 10).


def _rules(page):
    """(x from, x to) of each horizontal rule drawn on `page`, top first (y grows downwards)."""
    from pypdf.generic import ContentStream

    found, path = [], []
    for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
        if operator in (b"m", b"l"):
            path.append([float(v) for v in operands])
        elif operator == b"re":
            if len(path) == 4 and path[0][1] == path[1][1]:
                found.append((min(path[0][0], path[1][0]), max(path[0][0], path[1][0]), path[0][1]))
            path = []
    return [(x0, x1) for x0, x1, _ in sorted(found, key=lambda r: r[2])]


def _width(text, size, bold=True):
    """How wide `text` prints in Liberation Serif 2 at `size`, from the font's advances."""
    from fontTools.ttLib import TTFont

    from exports.pdf import FONTS

    font = TTFont(FONTS / ("LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"))
    cmap, advances = font.getBestCmap(), font["hmtx"]
    return sum(advances[cmap[ord(c)]][0] for c in text) * size / font["head"].unitsPerEm


def test_the_rule_under_a_state_bodys_name_is_a_third_to_a_half_of_its_line(district):
    from pypdf import PdfReader

    body = commune_peoples_committee(district["nam_quan"], printed_name="Ủy ban nhân dân\nxã Nam Quan")
    Person(
        full_name="Lường Thị Nguyệt",
        gender="nu",
        birth_year=1979,
        category="can_bo",
        unit=district["nam_quan"],
    ).save()
    data = printing.preview(printing.new_draft("danh_sach_can_bo", body, district["nam_quan"]), DAY)
    page = PdfReader(io.BytesIO(data)).pages[0]
    middle = float(page.mediabox.width) / 0.75 / 2  # the page's middle, in the stream's units (px)
    rules = _rules(page)
    name_from, name_to = next(r for r in rules if r[1] < middle)  # under the name, in the left column
    motto_from, motto_to = next(r for r in rules if r[0] > middle)  # under the motto, on the right
    # The motto's rule is as long as the motto: it gives the scale from the font's units to the page's.
    scale = (motto_to - motto_from) / _width("Độc lập - Tự do - Hạnh phúc", 13)
    line = _width("ỦY BAN NHÂN DÂN", 13) * scale  # the longer of the name's two lines
    assert 0.36 <= (name_to - name_from) / line <= 0.44


def test_the_row_number_header_never_breaks_in_a_portrait_table(district, body):
    from pypdf import PdfReader

    data = printing.preview(printing.new_draft("bao_cao_to_chuc", body, district["district"]), DAY)
    first = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "\nSTT " in first or "STT\n" in first or " STT " in first
    assert "ST\nT" not in first


def test_a_printed_lists_row_numbers_keep_room_beside_long_columns():
    from admin.printed_list import widths

    titles = ["STT", "Họ và tên", "Địa chỉ", "Ghi chú", "Chức vụ", "Đơn vị"]
    cells = [["x" * 60] * 5 for _ in range(3)]
    assert widths(titles, cells)[0] >= 6.5  # about 11 mm of a portrait page: "STT" on one line


def test_the_register_sorted_by_issue_date_pages_through_every_entry(admin_client, district, body):
    """A day is a sort value like any other: its cursor holds it (a 500 before)."""
    ids = [printing.new_draft("danh_sach_can_bo", body, district["nam_quan"]).save().pk for _ in range(23)]
    collection = OfficialDocument._get_collection()
    for n, pk in enumerate(ids):
        collection.update_one({"_id": pk}, {"$set": {"issued_on": datetime.datetime(2026, 1, 1 + n % 20)}})
    first = admin_client.get(f"{REGISTER}?sort=1")
    assert first.status_code == 200
    page = first.get_data(as_text=True)
    after = re.search(r'href="([^"]*after=[^"]*)"', page).group(1).replace("&amp;", "&")
    second = admin_client.get(after)
    assert second.status_code == 200
    seen = re.findall(r"details/\?id=([0-9a-f]{24})", page + second.get_data(as_text=True))
    assert {str(pk) for pk in ids} <= set(seen)  # (the issuing body is linked on every row too)
