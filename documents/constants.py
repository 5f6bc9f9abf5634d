"""Stored choice values, each with its Vietnamese label."""

# Administrative unit kinds: (value, label, level). Level 1 is the province; a tree may skip
# the district level (two-tier local government since 1 July 2025).
UNIT_KINDS = (
    ("tinh", "Tỉnh", 1),
    ("thanh_pho_tw", "Thành phố trực thuộc TW", 1),
    ("huyen", "Huyện", 2),
    ("thi_xa", "Thị xã", 2),
    ("thanh_pho", "Thành phố thuộc tỉnh", 2),
    ("xa", "Xã", 3),
    ("phuong", "Phường", 3),
    ("thi_tran", "Thị trấn", 3),
    ("thon", "Thôn", 4),
    ("ban", "Bản", 4),
    ("ap", "Ấp", 4),
    ("khu_pho", "Khu phố", 4),
    ("to_dan_pho", "Tổ dân phố", 4),
)
UNIT_KIND_CHOICES = tuple((value, label) for value, label, _ in UNIT_KINDS)
UNIT_LEVELS = {value: level for value, _, level in UNIT_KINDS}
HAMLET_LEVEL = 4

PARTY_ORGANIZATION_KINDS = (
    ("dang_bo_tinh", "Đảng bộ tỉnh"),
    ("dang_bo_huyen", "Đảng bộ huyện"),
    ("dang_bo_co_so", "Đảng bộ cơ sở"),
    ("chi_bo_co_so", "Chi bộ cơ sở"),
    ("chi_bo", "Chi bộ"),
)

GENDERS = (("nam", "Nam"), ("nu", "Nữ"))

PERSON_CATEGORIES = (
    ("can_bo", "Cán bộ"),
    ("cong_chuc", "Công chức"),
    ("khong_chuyen_trach", "Người hoạt động không chuyên trách"),
    ("dang_vien", "Đảng viên"),
    ("quan_chung", "Quần chúng"),
)

POVERTY_STATUSES = (
    ("ngheo", "Hộ nghèo"),
    ("can_ngheo", "Hộ cận nghèo"),
    ("khong", "Không"),
)

ROLES = (
    ("admin", "Quản trị"),
    ("editor", "Biên tập"),
    ("viewer", "Chỉ xem"),
)


def label(choices, value):
    """The Vietnamese label of a stored choice value (the value itself if unknown)."""
    return dict(choices).get(value, value)


HISTORY_ACTIONS = (
    ("create", "Tạo mới"),
    ("edit", "Sửa"),
    ("delete", "Xóa"),
    ("restore", "Khôi phục"),
    ("purge", "Xóa hẳn"),
)
