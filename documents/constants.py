"""Stored choice values, each with its Vietnamese label."""

import datetime

# Stored times are UTC; staff read Vietnam time (UTC+7 all year round).
VIETNAM_TIME = datetime.timezone(datetime.timedelta(hours=7), "ICT")

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

# The organizations that hold cell meetings (sinh hoạt chi bộ).
CELL_KINDS = ("chi_bo_co_so", "chi_bo")
CELL_MEETING_KINDS = (
    ("thuong_ky", "Sinh hoạt thường kỳ"),
    ("chuyen_de", "Sinh hoạt chuyên đề"),
    ("ket_hop", "Thường kỳ kết hợp chuyên đề"),
)
# A member at a meeting, as the roll call marks them.
ATTENDANCE_STATES = (("co_mat", "Có mặt"), ("vang_co_ly_do", "Vắng có lý do"), ("vang", "Vắng không lý do"))

# A candidate's way to admission (Regulation 232-QĐ/TW's order), each step dated when done.
ADMISSION_STAGES = (
    ("hoc_lop", "Học lớp nhận thức về Đảng"),
    ("don", "Viết đơn xin vào Đảng"),
    ("tham_tra", "Thẩm tra lý lịch"),
    ("gioi_thieu", "Đảng viên, đoàn thể giới thiệu"),
    ("nghi_quyet_chi_bo", "Nghị quyết của chi bộ"),
    ("nghi_quyet_dang_uy", "Nghị quyết của đảng ủy cơ sở"),
    ("quyet_dinh", "Quyết định kết nạp của cấp ủy có thẩm quyền"),
    ("ket_nap", "Lễ kết nạp"),
    ("du_bi", "Đảng viên dự bị (12 tháng)"),
    ("chinh_thuc", "Công nhận đảng viên chính thức"),
)
# Where a candidate comes from (the cell's sources of new members).
CANDIDATE_SOURCES = (
    ("doan_thanh_nien", "Đoàn viên thanh niên"),
    ("hoi_phu_nu", "Hội viên phụ nữ"),
    ("hoi_nong_dan", "Hội viên nông dân"),
    ("hoi_cuu_chien_binh", "Hội viên cựu chiến binh"),
    ("truong_thon", "Trưởng thôn, người có uy tín"),
    ("khac", "Quần chúng ưu tú khác"),
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
    ("issue", "Ban hành"),
    ("withdraw", "Thu hồi"),
    ("check_in", "Ghi tiến độ"),
    ("move", "Chuyển trạng thái"),
    ("rating_step", "Bước đánh giá, xếp loại"),
    ("decision", "Ghi quyết định phân công"),
    ("adopt", "Chuyển vào nhóm mô hình, phần việc"),
    ("adopt_review", "Chuyển vào nhóm phiếu đánh giá chất lượng chi bộ"),
)

# The rule books official documents follow: each a style profile in `exports/styles/`.
RULE_BOOKS = (
    ("dang_36", "Văn bản của Đảng (Hướng dẫn 36-HD/VPTW)"),
    ("nha_nuoc_30", "Văn bản nhà nước (Nghị định 30/2020/NĐ-CP)"),
)

# How an issuing body numbers what it issues (DOCUMENT_FORMAT.md, "Numbering").
NUMBERING_SCOPES = (
    ("loai_nhiem_ky", "Mỗi loại văn bản một dãy số trong nhiệm kỳ cấp ủy"),
    ("loai_nam", "Mỗi loại văn bản một dãy số trong năm"),
    ("chung_nam", "Mọi loại văn bản chung một dãy số trong năm"),
)

# Document types and their abbreviations in the number and symbol.
DOCUMENT_TYPES = (
    ("BC", "Báo cáo"),
    ("QĐ", "Quyết định"),
    ("KH", "Kế hoạch"),
    ("TB", "Thông báo"),
    ("DS", "Danh sách"),
    ("BB", "Biên bản"),
)

# The documents the engine prints (`exports/`): code and name.
DOCUMENT_KINDS = (
    ("danh_sach_can_bo", "Danh sách cán bộ, đảng viên của đơn vị"),
    ("bao_cao_to_chuc", "Báo cáo tình hình tổ chức của huyện"),
    ("bang_danh_sach", "Bảng in từ một danh sách"),
    ("giao_viec_dot_pha", "Quyết định giao việc đột phá, đổi mới"),
    ("ket_qua_dot_pha", "Báo cáo kết quả thực hiện việc đột phá, đổi mới"),
    ("phieu_danh_gia", "Phiếu đánh giá, xếp loại cán bộ (việc đột phá)"),
    ("quyet_dinh_phan_cong", "Quyết định phân công phụ trách địa bàn"),
    ("phu_trach_dia_ban", "Báo cáo kết quả phân công phụ trách địa bàn"),
    ("cham_tham", "Danh sách cán bộ chưa về địa bàn trong tháng"),
    ("mo_hinh_phan_viec", "Báo cáo kết quả thực hiện mô hình, công trình, phần việc"),
    ("sinh_hoat_chi_bo", "Báo cáo chất lượng sinh hoạt chi bộ"),
    ("chi_tieu_nghi_quyet", "Báo cáo kết quả thực hiện các chỉ tiêu nghị quyết"),
    ("bien_ban_sinh_hoat", "Biên bản sinh hoạt chi bộ"),
)

DOCUMENT_STATUSES = (
    ("draft", "Dự thảo"),
    ("issuing", "Đang phát hành"),
    ("issued", "Đã ban hành"),
    ("withdrawn", "Đã thu hồi"),
    ("replaced", "Đã được thay thế"),
)

# Breakthrough tasks (việc đột phá, đổi mới; `documents/breakthrough.py`).
TASK_ORIGINS = (
    ("tu_dang_ky", "Cán bộ tự đăng ký"),
    ("duoc_giao", "Được cấp có thẩm quyền giao"),
    ("giao_them", "Giao thêm từ việc tồn đọng của đơn vị"),
)
TASK_PERIOD_KINDS = (
    ("nam", "Một năm"),
    ("nhiem_ky", "Giai đoạn, nhiệm kỳ"),
)
TASK_STATES = (
    ("registered", "Đã đăng ký"),
    ("approved", "Đã duyệt"),
    ("assigned", "Đã giao"),
    ("in_progress", "Đang thực hiện"),
    ("finished", "Hoàn thành"),
    ("exceeded", "Hoàn thành vượt chỉ tiêu"),
    ("not_finished", "Không hoàn thành"),
    ("carried_over", "Chuyển sang kỳ sau"),
)
TASK_STANDINGS = (
    ("exceeded", "Hoàn thành vượt chỉ tiêu"),
    ("on_time", "Đúng tiến độ"),
    ("behind", "Chậm tiến độ"),
    ("not_done", "Không hoàn thành"),
    ("open", "Chưa đến hạn"),
)
TARGET_DIRECTIONS = (
    ("higher", "Càng cao càng tốt"),
    ("lower", "Càng thấp càng tốt"),
    ("qualitative", "Định tính (ba mức)"),
)

# Evaluation and rating of cadres on their breakthrough tasks (Quy định 366-QĐ/TW;
# `documents/breakthrough_rating.py`): the levels, best first, the steps in order, and the states
# the steps move an evaluation through.
RATING_LEVELS = (
    ("xuat_sac", "Hoàn thành xuất sắc nhiệm vụ"),
    ("tot", "Hoàn thành tốt nhiệm vụ"),
    ("hoan_thanh", "Hoàn thành nhiệm vụ"),
    ("khong_hoan_thanh", "Không hoàn thành nhiệm vụ"),
)
RATING_STEPS = (
    ("self", "Cá nhân tự đánh giá"),
    ("proposal", "Ban Tổ chức thẩm định, đề xuất"),
    ("decision", "Cấp có thẩm quyền quyết định"),
)
RATING_STATES = (
    ("draft", "Chưa tự đánh giá"),
    ("self_assessed", "Đã tự đánh giá"),
    ("proposed", "Đã đề xuất xếp loại"),
    ("decided", "Đã quyết định xếp loại"),
)
QUARTERS = ((1, "Quý I"), (2, "Quý II"), (3, "Quý III"), (4, "Quý IV"))

# Localities (phân công phụ trách địa bàn, issue 12).
COMMUNE_LEVEL = 3
LOCALITY_ROLES = (
    ("phu_trach", "Phụ trách"),
    ("theo_doi", "Theo dõi"),
    ("ho_tro", "Hỗ trợ"),
)
VISIT_PURPOSES = (
    ("sinh_hoat_chi_bo", "Dự sinh hoạt chi bộ"),
    ("nam_tinh_hinh", "Nắm tình hình"),
    ("ho_tro", "Hỗ trợ cơ sở"),
    ("kiem_tra", "Kiểm tra, đôn đốc"),
    ("khac", "Khác"),
)
PROPOSAL_LEVELS = (
    ("chi_bo", "Chi bộ thôn, tổ dân phố"),
    ("xa", "Đảng ủy, UBND xã"),
    ("huyen", "Cấp huyện"),
    ("tinh", "Cấp tỉnh"),
    ("nganh", "Sở, ban, ngành"),
)
FOLLOW_UP_STATES = (
    ("khong_can", "Không có kiến nghị"),
    ("cho_xu_ly", "Chờ xử lý"),
    ("dang_xu_ly", "Đang xử lý"),
    ("da_giai_quyet", "Đã giải quyết"),
)

# Models and work items (mô hình, phần việc, công trình, issue 13). A model belongs to a commune;
# a work item or small project to a hamlet.
LOCAL_WORK_CATEGORIES = (
    ("mo_hinh", "Mô hình"),
    ("phan_viec", "Phần việc"),
    ("cong_trinh", "Công trình"),
)
# Where one stands on a day (`documents.local_work.state_on`), as the article counts them.
LOCAL_WORK_STATES = (
    ("finished", "Hoàn thành kế hoạch năm"),
    ("on_schedule", "Đảm bảo tiến độ"),
    ("behind", "Chậm tiến độ"),
    ("not_started", "Chưa triển khai"),
)

# Quality reviews and ratings of party cells (issue 14, `documents/cell_review.py`): every 6 and
# 12 months the commune committee scores each cell on a checklist; cells and members are rated
# yearly in the four levels of RATING_LEVELS.
REVIEW_PERIODS = (("6_thang", "Sơ kết 6 tháng"), ("12_thang", "Tổng kết năm (12 tháng)"))
# The word of a kind's number field that makes it a score of the checklist (its «Đơn vị tính»).
SCORE_MEASURE = "điểm"
