"""Issuing bodies, configured once by admins: names as printed, rule book, signer, numbering."""

from wtforms import TextAreaField

from admin.base import AdminOnly, RegistryView, SearchLoader
from admin.formatters import reference_link
from documents.issuing_body import IssuingBody
from documents.unit import Unit


class IssuingBodyView(AdminOnly, RegistryView):
    count_noun = "cơ quan ban hành"
    column_list = ["name", "abbreviation", "parent_name", "rule_book", "numbering", "unit"]
    column_sortable_list = [("name", "sort_name"), "abbreviation"]
    column_formatters = {"unit": reference_link("unit")}
    unique_field = "abbreviation"
    place_field = "unit"
    form_columns = [
        *(
            "name",
            "printed_name",
            "parent_name",
            "abbreviation",
            "unit",
            "rule_book",
            "place_name",
            "authority",
        ),
        *(
            "signer_post",
            "signer_name",
            "numbering",
            "term_start",
            "term_end",
            "numbered_with",
            "filing_line",
        ),
    ]
    form_args = {
        "name": {"description": "Tên đầy đủ: Huyện ủy Lộc Bình, Ban Tổ chức Huyện ủy Lộc Bình."},
        "printed_name": {
            "description": "Để trống nếu tiêu đề in đúng tên đầy đủ. Ban của cấp ủy in «Ban Tổ chức» dưới "
            "tên cấp ủy; xuống dòng ở đâu thì tiêu đề xuống dòng ở đó.",
            "render_kw": {"rows": 2},
        },
        "parent_name": {
            "description": "Dòng trên cùng bên trái, ví dụ: Đảng bộ tỉnh Lạng Sơn.",
            "render_kw": {"rows": 2},
        },
        "abbreviation": {
            "description": "Sau dấu gạch chéo (văn bản Đảng) hoặc gạch ngang (nhà nước): HU, ĐU, UBND."
        },
        "authority": {
            "description": "T/M Ban Thường vụ, K/T Trưởng ban (văn bản nhà nước: TM., KT., TL.); "
            "để trống nếu ký trực tiếp."
        },
        "term_start": {"description": "Văn bản của cấp ủy đánh số từ 01 cho mỗi loại trong cả nhiệm kỳ."},
        "numbered_with": {
            "description": "Ban Thường vụ Huyện ủy chọn Huyện ủy: văn bản của hai cơ quan cùng ký hiệu "
            "HU lấy số trong một sổ, theo cách đánh số của Huyện ủy."
        },
    }
    form_overrides = {"printed_name": TextAreaField, "parent_name": TextAreaField}
    form_ajax_refs = {
        "unit": SearchLoader("unit", Unit),
        "numbered_with": SearchLoader("numbered_with", IssuingBody),
    }
