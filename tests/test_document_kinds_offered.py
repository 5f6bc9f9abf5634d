"""The register's form offers only the kinds it can make: a table printed from a list is made by
that list's «In văn bản» button, so it is left out of a new document's kinds; a draft of it still
edits."""

import re

from werkzeug.datastructures import MultiDict

from documents import OfficialDocument
from exports import official_document as printing
from tests.conftest import csrf_token
from tests.html_forms import form_fields
from tests.test_official_documents import bodies, people  # noqa: F401 (fixtures)

REGISTER = "/admin/official_document/"


def kinds_offered(page):
    select = re.search(r'<select[^>]*name="kind".*?</select>', page, re.S).group(0)
    return re.findall(r'<option[^>]*value="([^"]*)"', select)


def test_a_new_document_is_not_offered_a_kind_made_from_a_list(admin_client, district, bodies):  # noqa: F811
    offered = kinds_offered(admin_client.get(f"{REGISTER}new/").get_data(as_text=True))
    assert "bang_danh_sach" not in offered
    assert {"danh_sach_can_bo", "bao_cao_to_chuc"} <= set(offered)
    # Sent anyway, it is refused at its field and nothing is saved.
    page = admin_client.post(
        f"{REGISTER}new/",
        data={
            "csrf_token": csrf_token(admin_client, f"{REGISTER}new/"),
            "kind": "bang_danh_sach",
            "body": str(bodies["party"].pk),
            "unit": str(district["nam_quan"].pk),
            "document_type": "DS",
            "summary": "Danh sách",
        },
    ).get_data(as_text=True)
    assert "Lựa chọn không hợp lệ." in page and OfficialDocument.objects.count() == 0


def test_a_draft_printed_from_a_list_still_edits(admin_client, district, bodies, people):  # noqa: F811
    listing = f"/admin/person/print/?flt0_0={district['doan_ket'].pk}"
    form = {
        "csrf_token": csrf_token(admin_client, listing),
        "summary": "Danh sách người thôn Đoàn Kết",
        "body": str(bodies["party"].pk),
        "layout": "danh_sach",
        "column": ["full_name", "birth_year"],
    }
    assert admin_client.post(listing, data=form).status_code == 302
    document = OfficialDocument.objects.get()
    assert printing.made_from_a_list(document.kind)
    page = admin_client.get(f"{REGISTER}edit/?id={document.pk}").get_data(as_text=True)
    assert document.kind in kinds_offered(page)
    fields = [(k, "Danh sách đảng viên thôn Đoàn Kết" if k == "summary" else v) for k, v in form_fields(page)]
    response = admin_client.post(f"{REGISTER}edit/?id={document.pk}", data=MultiDict(fields))
    assert response.status_code == 302, response.get_data(as_text=True)
    document.reload()
    assert (document.kind, document.summary) == ("bang_danh_sach", "Danh sách đảng viên thôn Đoàn Kết")
    assert document.parameters["table"]["rows"]


def test_another_kinds_draft_is_not_offered_the_list_table(admin_client, district, bodies):  # noqa: F811
    document = printing.new_draft("danh_sach_can_bo", bodies["party"], district["nam_quan"]).save()
    page = admin_client.get(f"{REGISTER}edit/?id={document.pk}").get_data(as_text=True)
    assert "danh_sach_can_bo" in kinds_offered(page)
    assert "bang_danh_sach" not in kinds_offered(page)
