"""Entries in the register (issuing, issued, withdrawn, replaced) are changed by no route of the
register's view except the state changes the register defines: every route is tried on each."""

import datetime
import io

import pytest

from documents import IssuingBody, OfficialDocument, Person
from documents.attachment import attach
from exports import official_document as printing
from tests.conftest import csrf_token

DAY = datetime.date(2026, 3, 5)
REGISTER = "/admin/official_document/"


@pytest.fixture
def body(district):
    return IssuingBody(
        name="Huyện ủy Lộc Bình", parent_name="Đảng bộ tỉnh Lạng Sơn", abbreviation="HU",
        unit=district["district"], rule_book="dang_36", place_name="Lộc Bình", authority="T/M Ban Thường vụ",
        signer_post="Phó Bí thư", signer_name="Hoàng Văn Nam", numbering="loai_nam",
    ).save()  # fmt: skip


def _draft(body, unit):
    document = printing.new_draft("danh_sach_can_bo", body, unit).save()
    attach(document, b"bien ban hop", "bien-ban.txt")  # a file, so its removal can be tried too
    return document


@pytest.fixture
def entries(district, body):
    """One entry in each state the register keeps: issuing, issued, withdrawn and replaced."""
    Person(full_name="Lường Thị Nguyệt", gender="nu", birth_year=1979, category="can_bo",
           unit=district["nam_quan"]).save()  # fmt: skip
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
    """Everything kept of an entry: the stored record as it is and the bytes of its PDF."""
    raw = OfficialDocument._get_collection().find_one({"_id": document.pk})
    pdf = OfficialDocument.objects.get(pk=document.pk).pdf()
    return raw, pdf


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
            "document_type": "QĐ",
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
    routes = {r.endpoint.removeprefix("official_document.") for r in app.url_map.iter_rules()
              if r.endpoint.startswith("official_document.")}  # fmt: skip
    assert routes == {endpoint for endpoint, *_ in (*READING, *CHANGING)}


def _fill(value, document):
    fields = {"id": document.pk, "version": document.version, "file": document.attachments[0].file_id,
              "body": document.body.pk, "unit": document.unit.pk}  # fmt: skip
    return value.format(**{k: str(v) for k, v in fields.items()})


@pytest.mark.parametrize("status", ["issuing", "issued", "withdrawn", "replaced"])
def test_no_route_changes_an_entry_in_the_register(admin_client, entries, status):
    document = entries[status]
    before = stored(document)
    assert before[0]["number"] and before[0]["symbol"]
    token = csrf_token(admin_client, f"{REGISTER}details/?id={document.pk}")
    tried = 0
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
        tried += 1
    assert tried >= len(READING) + len(CHANGING) - 1


def test_restoring_an_issued_entry_is_refused_in_words(admin_client, entries):
    document = entries["issued"]
    details = f"{REGISTER}details/?id={document.pk}"
    page = admin_client.post(f"{REGISTER}restore/?id={document.pk}&version=1",
                             data={"csrf_token": csrf_token(admin_client, details)},
                             follow_redirects=True).get_data(as_text=True)  # fmt: skip
    assert "không khôi phục" in page.lower()
    assert OfficialDocument.objects.get(pk=document.pk).status == "issued"


def test_a_restore_that_reaches_the_document_layer_is_refused_there_too(entries):
    """Defence in depth: a stored entry in the register is never replaced by a draft's state."""
    from mongoengine import ValidationError

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
