"""An exported file is named after its list in plain letters, and its sheet after the list."""

import io
import re

import openpyxl

from documents import Household


def test_an_export_is_named_after_its_list_without_losing_letters(admin_client, district):
    Household(code="DK-01", head_name="Hà Văn Lâm", hamlet=district["doan_ket"]).save()
    for kind in ("csv", "xlsx"):
        response = admin_client.get(f"/admin/household/export/{kind}/")
        assert response.status_code == 200
        disposition = response.headers["Content-Disposition"]
        name = rf"ho_gia_dinh_\d{{4}}-\d\d-\d\d_\d\d-\d\d\.{kind}"
        assert re.fullmatch(f"attachment;filename={name}", disposition)
    sheet = openpyxl.load_workbook(io.BytesIO(response.get_data())).active
    assert sheet.title == "Hộ gia đình"
    assert "Hà Văn Lâm" in [cell.value for row in sheet.iter_rows() for cell in row]
