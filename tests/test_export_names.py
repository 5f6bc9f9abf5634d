"""An exported file is named after its list with its Vietnamese letters (`filename*`, and in plain
letters for older clients), and its sheet after the list."""

import io
import re
from urllib.parse import unquote

import openpyxl

from documents import Household


def test_an_export_is_named_after_its_list_without_losing_letters(admin_client, district):
    Household(code="DK-01", head_name="Hà Văn Lâm", hamlet=district["doan_ket"]).save()
    for kind in ("csv", "xlsx"):
        response = admin_client.get(f"/admin/household/export/{kind}/")
        assert response.status_code == 200
        disposition = response.headers["Content-Disposition"]
        when = r"\d{4}-\d\d-\d\d \d\d-\d\d"
        plain, encoded = re.fullmatch(
            r"attachment; filename=\"([^\"]+)\"; filename\*=UTF-8''(\S+)", disposition
        ).groups()
        assert re.fullmatch(rf"Ho gia dinh {when}\.{kind}", plain)
        assert re.fullmatch(rf"Hộ gia đình {when}\.{kind}", unquote(encoded))
    sheet = openpyxl.load_workbook(io.BytesIO(response.get_data())).active
    assert sheet.title == "Hộ gia đình"
    assert "Hà Văn Lâm" in [cell.value for row in sheet.iter_rows() for cell in row]


def test_an_issued_document_keeps_the_letter_d_in_its_plain_name(app):
    """01-BC/ĐU downloads as "01-BC-ĐU.pdf", and as "01-BC-DU.pdf" for clients that read only the
    plain name (werkzeug's own drops the Đ: "01-BC-U.pdf")."""
    from admin.official_document import _pdf

    with app.test_request_context():
        for inline, start in ((False, "attachment;"), (True, "inline;")):
            disposition = _pdf(b"%PDF-1.7", "01-BC-ĐU.pdf", inline=inline).headers["Content-Disposition"]
            plain, encoded = re.fullmatch(
                rf"{start} filename=\"([^\"]+)\"; filename\*=UTF-8''(\S+)", disposition
            ).groups()
            assert (plain, unquote(encoded)) == ("01-BC-DU.pdf", "01-BC-ĐU.pdf")
