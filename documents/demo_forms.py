"""Demo form definitions drawn from the articles, and a few records of them.

Models and work items (article 04): forest protection with goat raising in Đoàn Kết (70 ha
planted, 25 ha over the cell's resolution, 130+ goats, households out of poverty), nhân trần
growing in Khòn Mùn, waste sorting; and the cell-meeting quality checklist (articles 03, 05).
Two extensions: a province's citizen-ID number for people, and the culture house of hamlets.

The three model kinds were defined before models and work items had a family of their own, as
stand-alone kinds: they are loaded so, then moved into the family with their records
(`adopt_model_kinds`, as `flask --app app local-work adopt-demo` does on a database loaded before).
The cell-meeting checklist moves the same way into the quality reviews of cells (`REVIEW_ADOPTED`).
"""

from documents.base import record_exists
from documents.cell_review import CellReview
from documents.cell_review_adopt import adopt as adopt_review
from documents.custom_record import CustomRecord, ensure_field_indexes
from documents.form_definition import FieldDefinition, FormDefinition, ensure_extension_indexes
from documents.local_work import LocalWork
from documents.local_work_adopt import adopt
from documents.unit import Unit

PROGRESS = ["Đang triển khai", "Hoàn thành kế hoạch năm", "Chậm tiến độ"]


def F(key, label, type, **options):  # noqa: N802 - reads as a table of fields
    return FieldDefinition(key=key, label=label, type=type, **options)


# fmt: off
DEFINITIONS = [
    FormDefinition(
        code="mo_hinh_rung_de",
        name="Mô hình bảo vệ rừng và nuôi dê",
        description="Mô hình của thôn: trồng và bảo vệ rừng gắn với chăn nuôi dê, theo nghị quyết chi bộ.",
        fields=[
            F("nam", "Năm", "year", required=True, in_list=True, filterable=True),
            F("dien_tich_trong", "Diện tích rừng trồng", "decimal", measure="ha", min_value=0, in_list=True),
            F("chi_tieu_nghi_quyet", "Chỉ tiêu theo nghị quyết chi bộ", "decimal", measure="ha", min_value=0),
            F("loai_cay", "Loài cây trồng", "choices", choices=["Keo", "Thông", "Hồi", "Quế"]),
            F("so_de", "Số dê", "integer", measure="con", min_value=0, in_list=True),
            F("ho_thoat_ngheo", "Hộ thoát nghèo", "integer", measure="hộ", min_value=0, in_list=True),
            F("tinh_trang", "Tình trạng", "choice", choices=PROGRESS, required=True, in_list=True,
              filterable=True),
            F("ly_do_cham", "Lý do chậm tiến độ", "long_text", required=True,
              show_if="tinh_trang", show_if_value="Chậm tiến độ"),
            F("nguoi_phu_trach", "Cán bộ phụ trách", "person"),
            F("chi_tieu", "Chỉ tiêu cụ thể", "group", sub_fields=[
                F("chi_so", "Chỉ số", "text", required=True),
                F("don_vi", "Đơn vị tính", "text"),
                F("ke_hoach", "Kế hoạch", "decimal"),
                F("thuc_hien", "Thực hiện", "decimal"),
            ]),
            F("bien_ban", "Biên bản nghiệm thu", "file"),
        ],
    ),
    FormDefinition(
        code="phan_loai_rac",
        name="Mô hình phân loại rác thải",
        fields=[
            F("ho_tham_gia", "Hộ tham gia", "integer", measure="hộ", min_value=0, in_list=True),
            F("diem_thu_gom", "Điểm thu gom", "integer", measure="điểm", min_value=0, in_list=True),
            F("khoi_luong", "Khối lượng thu gom", "decimal", measure="tấn", min_value=0, in_list=True),
            F("bat_dau", "Bắt đầu từ tháng", "month"),
            F("tinh_trang", "Tình trạng", "choice", choices=PROGRESS, in_list=True, filterable=True),
        ],
    ),
    FormDefinition(
        code="trong_duoc_lieu",
        name="Mô hình trồng cây dược liệu",
        fields=[
            F("cay", "Cây trồng", "text", default="Nhân trần", in_list=True, searchable=True),
            F("dien_tich", "Diện tích", "decimal", measure="ha", min_value=0, in_list=True),
            F("so_ho", "Số hộ tham gia", "integer", measure="hộ", min_value=0, in_list=True),
            F("san_luong", "Sản lượng", "decimal", measure="tấn", min_value=0),
            F("doanh_thu", "Doanh thu", "money", min_value=0),
        ],
    ),
    FormDefinition(
        code="sinh_hoat_chi_bo",
        name="Phiếu chất lượng sinh hoạt chi bộ",
        menu_group="Sinh hoạt chi bộ",
        fields=[
            F("chi_bo", "Chi bộ", "party_organization", required=True, in_list=True),
            F("ngay", "Ngày sinh hoạt", "date", required=True, in_list=True),
            F("loai", "Loại buổi", "choice", choices=["Thường kỳ", "Chuyên đề"], required=True, in_list=True),
            F("co_mat", "Đảng viên có mặt", "integer", min_value=0, in_list=True),
            F("tong_so", "Tổng số đảng viên", "integer", min_value=0),
            F("chuan_bi", "Cấp ủy họp chuẩn bị nội dung trước", "yes_no"),
            F("van_de_trong_tam", "Vấn đề trọng tâm", "text", searchable=True),
            F("cap_tren_du", "Có cán bộ cấp trên dự", "yes_no"),
            F("nguoi_du", "Cán bộ cấp trên dự", "person", show_if="cap_tren_du", show_if_value="Có"),
            F("ket_luan", "Kết luận của chủ trì", "long_text"),
            F("ra_nghi_quyet", "Ra nghị quyết, giao việc cho đảng viên", "yes_no"),
        ],
    ),
    FormDefinition(
        code="nhan_su_bo_sung",
        name="Thông tin nhân sự bổ sung của tỉnh",
        family="person",
        fields=[
            F("so_cccd", "Số CCCD", "text", searchable=True, filterable=True,
              help_text="12 chữ số trên căn cước công dân.", pattern=r"\d{12}",
              rule_message="Số CCCD gồm đúng 12 chữ số."),
            F("ngay_cap_cccd", "Ngày cấp CCCD", "date"),
        ],
    ),
    FormDefinition(
        code="thon_bo_sung",
        name="Thông tin thôn, tổ dân phố bổ sung",
        family="unit",
        fields=[
            F("co_nha_van_hoa", "Có nhà văn hóa", "yes_no", in_list=True, filterable=True),
            F("nam_xay_nha_van_hoa", "Năm xây nhà văn hóa", "year", show_if="co_nha_van_hoa",
              show_if_value="Có"),
        ],
    ),
]
# fmt: on


def load_forms():
    """Insert the demo definitions and records that are not there yet; return how many went in."""
    from documents.demo import insert_new, object_id

    FormDefinition.ensure_indexes()
    CustomRecord.ensure_indexes()
    definitions = []
    for definition in DEFINITIONS:
        definition.pk = object_id("form_definitions", definition.code)
        definition.validate()
        definitions.append(definition.to_mongo())
    counts = {"form_definitions": insert_new(FormDefinition._get_collection(), definitions)}
    ensure_field_indexes()
    for family in ("person", "unit"):
        ensure_extension_indexes(family)
    records = []
    for key, kind, name, (commune_name, unit_name), values in _records():
        commune = Unit.objects(name=commune_name, kind="xa").first()
        unit = commune if unit_name is None else Unit.objects(name=unit_name, parent=commune).first()
        if unit is None:
            continue
        pk = object_id("records", key)
        if any(record_exists(moved, pk) for moved in (CustomRecord, LocalWork, CellReview)):
            continue  # loaded before, perhaps since edited, checked under a changed definition or moved
        record = CustomRecord(pk=pk, kind=kind, name=name, unit=unit, values=values)
        record.validate()
        records.append(record.to_mongo())
    counts["records"] = insert_new(CustomRecord._get_collection(), records)
    return counts


# (kind, category, the kind's year field, else the year its records are of, the fields the
# family now holds itself: the state is computed, the leader and targets are its own)
ADOPTED = (
    ("mo_hinh_rung_de", "mo_hinh", "nam", None, ("tinh_trang", "ly_do_cham", "nguoi_phu_trach", "chi_tieu")),
    ("phan_loai_rac", "mo_hinh", None, 2024, ("tinh_trang",)),
    ("trong_duoc_lieu", "mo_hinh", None, 2024, ()),
)


# (kind, its cell field, its day field): the review's cell and day hold them now.
REVIEW_ADOPTED = (("sinh_hoat_chi_bo", "chi_bo", "ngay"),)


def adopt_model_kinds():
    """Move the demo's stand-alone kinds that now have a family, with their records: the model
    kinds into models and work items, the cell-meeting checklist into the quality reviews; return
    how many records moved into each (none the second time)."""
    moved = reviews = 0
    for code, category, year_field, year, retired in ADOPTED:
        if FormDefinition.objects(code=code).first() is not None:
            moved += adopt(code, category, year_field=year_field, year=year, retire=retired)
    for code, cell_field, day_field in REVIEW_ADOPTED:
        if FormDefinition.objects(code=code).first() is not None:
            reviews += adopt_review(code, cell_field, day_field=day_field)
    return {"local_works": moved, "cell_reviews": reviews}


def _records():
    # fmt: off
    return [
        ("doan-ket-2024", "mo_hinh_rung_de", "Bảo vệ rừng gắn với nuôi dê thôn Đoàn Kết",
         ("Ái Quốc", "Đoàn Kết"), {
            "nam": 2024, "dien_tich_trong": 70, "chi_tieu_nghi_quyet": 45, "loai_cay": ["Keo", "Thông"],
            "so_de": 130, "ho_thoat_ngheo": 2, "tinh_trang": "Hoàn thành kế hoạch năm",
            "chi_tieu": [
                {"chi_so": "Diện tích trồng rừng", "don_vi": "ha", "ke_hoach": 45, "thuc_hien": 70},
                {"chi_so": "Đàn dê", "don_vi": "con", "ke_hoach": 100, "thuc_hien": 130},
            ],
        }),
        ("khon-mun-2024", "trong_duoc_lieu", "Trồng nhân trần thôn Khòn Mùn", ("Nam Quan", "Khòn Mùn"), {
            "cay": "Nhân trần", "dien_tich": 5.5, "so_ho": 32, "san_luong": 12,
            "doanh_thu": 540_000_000,
        }),
        ("nam-quan-rac-2024", "phan_loai_rac", "Phân loại rác thải tại nguồn xã Nam Quan",
         ("Nam Quan", None), {
            "ho_tham_gia": 410, "diem_thu_gom": 9, "khoi_luong": 36.5, "bat_dau": "2024-03",
            "tinh_trang": "Đang triển khai",
        }),
    ]
    # fmt: on
