"""How documents name themselves and whom they go to: the cadre list's summary does not repeat its
type's name, default recipients are the committee above, and a withdrawn entry's page says when it
was issued and when it was withdrawn."""

import datetime
import io
import re

import pytest
from pypdf import PdfReader

from documents import IssuingBody, OfficialDocument
from documents.official_document import vietnam_today
from exports import official_document as printing
from tests.conftest import csrf_token

DAY = datetime.date(2026, 3, 5)
REGISTER = "/admin/official_document/"


def issuing_body(unit, name, parent_name, abbreviation, **fields):
    defaults = {
        "rule_book": "dang_36",
        "place_name": unit.name,
        "signer_post": "Bí thư",
        "signer_name": "Lương Văn Thắng",
        "numbering": "loai_nhiem_ky",
        "term_start": datetime.date(2025, 8, 1),
    }
    fields = {**defaults, **fields}
    return IssuingBody(
        name=name, parent_name=parent_name, abbreviation=abbreviation, unit=unit, **fields
    ).save()


@pytest.fixture
def bodies(district):
    return {
        "district": issuing_body(district["district"], "Huyện ủy Lộc Bình", "Đảng bộ tỉnh Lạng Sơn", "HU"),
        "board": issuing_body(
            district["district"], "Ban Tổ chức Huyện ủy Lộc Bình", "Huyện ủy Lộc Bình", "BTCHU"
        ),
        "commune": issuing_body(
            district["nam_quan"],
            "Đảng ủy xã Nam Quan",
            "Đảng bộ huyện Lộc Bình",
            "ĐU",
            filing_line="Lưu Văn phòng Đảng ủy",
        ),
        "agency": issuing_body(
            district["district"], "Đảng ủy Quân sự huyện", "Đảng bộ Quân sự tỉnh\nLạng Sơn", "ĐUQS"
        ),
        "state": issuing_body(
            district["nam_quan"],
            "Ủy ban nhân dân xã Nam Quan",
            "UBND huyện Lộc Bình",
            "UBND",
            rule_book="nha_nuoc_30",
            numbering="chung_nam",
        ),
    }


def first_page(data):
    return " ".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())


def test_default_recipients_are_the_committee_above_not_the_organization_its_header_names(bodies):
    assert printing.default_recipients(bodies["commune"]) == ["Huyện ủy Lộc Bình", "Lưu Văn phòng Đảng ủy"]
    assert printing.default_recipients(bodies["district"]) == ["Tỉnh ủy Lạng Sơn", "Lưu Văn phòng"]
    assert printing.default_recipients(bodies["board"]) == ["Huyện ủy Lộc Bình", "Lưu Văn phòng"]
    assert printing.default_recipients(bodies["agency"]) == ["Đảng ủy Quân sự tỉnh Lạng Sơn", "Lưu Văn phòng"]
    assert printing.default_recipients(bodies["state"]) == ["UBND huyện Lộc Bình", "Lưu: VT"]


@pytest.mark.parametrize(
    ("document_type", "title", "summary"),
    [
        ("DS", "DANH SÁCH", "cán bộ, đảng viên xã Nam Quan"),
        ("BC", "BÁO CÁO", "danh sách cán bộ, đảng viên xã Nam Quan"),
    ],
)
def test_the_cadre_list_made_in_the_console_names_its_type_once_and_goes_to_the_district_committee(
    admin_client, district, bodies, document_type, title, summary
):
    token = csrf_token(admin_client, f"{REGISTER}new/")
    fields = {
        "csrf_token": token,
        "kind": "danh_sach_can_bo",
        "body": str(bodies["commune"].pk),
        "unit": str(district["nam_quan"].pk),
        "document_type": document_type,
        "summary": "",
        "opening": "",
        "recipients": "",
    }
    assert admin_client.post(f"{REGISTER}new/", data=fields).status_code == 302
    document = OfficialDocument.objects.get()
    assert document.summary == summary
    assert document.recipients == ["Huyện ủy Lộc Bình", "Lưu Văn phòng Đảng ủy"]
    text = first_page(printing.preview(document, DAY))
    assert f"{title} {summary}" in text
    assert not re.search(r"danh sách danh sách", text, re.IGNORECASE)
    assert "- Huyện ủy Lộc Bình," in text and "Đảng bộ huyện Lộc Bình," not in text

    # The type changed on the edit form: a summary left as the usual one follows it; one written
    # by hand stays as written.
    other = "BC" if document_type == "DS" else "DS"
    edit = f"{REGISTER}edit/?id={document.pk}"
    fields.update(
        csrf_token=csrf_token(admin_client, edit),
        document_type=other,
        summary=document.summary,
        recipients="\n".join(document.recipients),
        version=str(document.version),
    )
    assert admin_client.post(edit, data=fields).status_code == 302
    document.reload()
    assert document.summary == printing.KINDS["danh_sach_can_bo"].summary(district["nam_quan"], other)
    fields.update(
        csrf_token=csrf_token(admin_client, edit),
        document_type=document_type,
        summary="đội ngũ cán bộ xã Nam Quan",
        version=str(document.version),
    )
    assert admin_client.post(edit, data=fields).status_code == 302
    assert OfficialDocument.objects.get(pk=document.pk).summary == "đội ngũ cán bộ xã Nam Quan"


def test_a_new_draft_of_a_list_does_not_repeat_its_type(district, bodies):
    listed = printing.new_draft(
        "danh_sach_can_bo", bodies["commune"], district["nam_quan"], document_type="DS"
    )
    assert listed.summary == "cán bộ, đảng viên xã Nam Quan"
    report = printing.new_draft("danh_sach_can_bo", bodies["commune"], district["nam_quan"])
    assert (report.document_type, report.summary) == ("BC", "danh sách cán bộ, đảng viên xã Nam Quan")


def test_a_withdrawn_entry_says_when_it_was_issued_and_when_and_why_it_was_withdrawn(
    admin_client, district, bodies
):
    document = printing.new_draft("danh_sach_can_bo", bodies["commune"], district["nam_quan"]).save()
    printing.issue(document, DAY)
    issuer = OfficialDocument.objects.get(pk=document.pk).issued_by
    details = f"{REGISTER}details/?id={document.pk}"
    page = " ".join(admin_client.get(details).get_data(as_text=True).split())
    assert f"<strong>Đã ban hành</strong>. Ban hành ngày 05/03/2026, người ban hành: {issuer}.</p>" in page

    response = admin_client.post(
        f"{REGISTER}withdraw/?id={document.pk}",
        data={"csrf_token": csrf_token(admin_client, details), "reason": "Sai số liệu"},
    )
    assert response.status_code == 302
    page = " ".join(admin_client.get(details).get_data(as_text=True).split())
    today = vietnam_today().strftime("%d/%m/%Y")
    assert (
        f"<strong>Đã thu hồi</strong>. Ban hành ngày 05/03/2026, người ban hành: {issuer}; "
        f"đã thu hồi ngày {today}, người thực hiện: admin (lý do: Sai số liệu).</p>"
    ) in page
    assert "Đã thu hồi</strong>, ngày" not in page
