"""Demo breakthrough tasks of Sơn Dương in 2021 (article 02; see `demo_breakthrough`): 92 cadres
given tasks by Ban Thường vụ Huyện ủy, 51 of them standing committee members and heads of district
agencies and offices, 41 secretaries, deputy secretaries and chairs of communes and the town."""

import datetime
import re

from documents.demo_breakthrough import (
    cell_seat,
    committee_seat,
    commune_committee_body,
    district_bodies,
    levels,
    measured,
    place_rng,
    post_at,
)

D = datetime.date
HEAD_WORDS = re.compile(
    r"^(Chi cục trưởng|Hạt trưởng|Viện trưởng|Giám đốc|Chánh án|Chánh|Trưởng|Chủ tịch|Bí thư) "
)
YEAR = 2021
BY = "Cơ quan Tổ chức - Nội vụ huyện Sơn Dương"
BTV = "Ủy viên Ban Thường vụ Huyện ủy"
QUALITY = ("Chưa đạt yêu cầu đề ra", "Đạt một phần yêu cầu", "Đạt đầy đủ yêu cầu đề ra")
HEADS = 400
HEADS_NOT_MEMBERS = 12
SOLUTIONS = (
    "Hướng dẫn các tổ chức Đảng ở cơ sở rà soát, lựa chọn đảng viên ưu tú giới thiệu để dân bầu làm "
    "trưởng thôn, tổ trưởng tổ dân phố",
    "Giúp đỡ các đồng chí trưởng thôn không phải đảng viên nhưng có phẩm chất, năng lực tốt, có uy tín "
    "trong nhân dân để bồi dưỡng kết nạp đảng",
    "Tham mưu cho Thường trực Huyện ủy chỉ đạo Đảng ủy các xã cử công chức xã là đảng viên làm trưởng thôn",
)
# Tables read better one row a line or two.
# fmt: off
# The town first; Hợp Thành and Thiện Kế as the article names them, the others real communes of
# the district (the demo keeps 14 of them). Each has a secretary, a standing deputy and a chair.
COMMUNES = (
    ("TT", "thi_tran", "Sơn Dương"), ("HT", "xa", "Hợp Thành"), ("TK", "xa", "Thiện Kế"),
    ("TTR", "xa", "Tân Trào"), ("MT", "xa", "Minh Thanh"), ("TY", "xa", "Trung Yên"),
    ("TTH", "xa", "Tú Thịnh"), ("HL", "xa", "Hồng Lạc"), ("SN", "xa", "Sơn Nam"), ("DP", "xa", "Đại Phú"),
    ("KN", "xa", "Kháng Nhật"), ("TD", "xa", "Tam Đa"), ("PU", "xa", "Phúc Ứng"), ("LT", "xa", "Lương Thiện"),
)
HOP_THANH_HAMLETS = ("Đồng Diễn", "Cầu Trôi", "Tân Thành", "Hợp Long")
COMMUNE_LEADERS = (
    ("Bí thư Đảng ủy", "Chủ tịch HĐND {xa}"),
    ("Phó Bí thư Thường trực Đảng ủy",),
    ("Phó Bí thư Đảng ủy", "Chủ tịch UBND {xa}"),
)
# The standing deputy of the town was given no task in 2021: 14 × 3 − 1 = 41.
UNTASKED = ("TT", 1)
# What the article says Ban Thường vụ gave the communes' leaders, in turn.
COMMUNE_TASKS = (
    (levels("Chất lượng sinh hoạt chi bộ", "Nhiều chi bộ sinh hoạt chưa đều, nội dung chung chung",
            "Chi bộ sinh hoạt đều, mỗi quý một chuyên đề", "Mọi chi bộ sinh hoạt chuyên đề hằng tháng"),
     "Nâng cao chất lượng sinh hoạt chi bộ trong Đảng bộ"),
    (levels("Chương trình hành động thực hiện nghị quyết đại hội", *QUALITY),
     "Đổi mới việc học tập, quán triệt và xây dựng chương trình hành động thực hiện nghị quyết đại hội "
     "đảng bộ các cấp"),
    (measured("Tiêu chí nông thôn mới đạt chuẩn", "tiêu chí", 15, 17),
     "Hoàn thành thêm các tiêu chí xây dựng nông thôn mới"),
)
# The 51 at district level: posts, the cell they attend, category, task, target. Đỗ Xuân Phúc
# first (his task: `_party_heads_task`), then the standing committee, then the heads of agencies.
DISTRICT_CADRES = (
    ((BTV, "Thủ trưởng Cơ quan Tổ chức - Nội vụ huyện"), "Cơ quan Tổ chức - Nội vụ", "can_bo", None, None),
    (("Bí thư Huyện ủy",), "Văn phòng Huyện ủy", "can_bo",
     "Lãnh đạo đổi mới đánh giá cán bộ gắn với kết quả việc đột phá",
     levels("Đánh giá cán bộ theo sản phẩm", *QUALITY)),
    (("Phó Bí thư Thường trực Huyện ủy", "Chủ tịch HĐND huyện"), "Văn phòng Huyện ủy", "can_bo",
     "Nâng cao chất lượng giám sát của HĐND huyện", measured("Cuộc giám sát chuyên đề", "cuộc", 2, 4)),
    (("Phó Bí thư Huyện ủy", "Chủ tịch UBND huyện"), "Văn phòng HĐND và UBND", "can_bo",
     "Chỉ đạo thu ngân sách trên địa bàn vượt dự toán",
     measured("Thu ngân sách so với dự toán", "%", 0, 100)),
    ((BTV, "Phó Chủ tịch Thường trực UBND huyện"), "Văn phòng HĐND và UBND", "can_bo",
     "Chỉ đạo giải phóng mặt bằng các công trình trọng điểm",
     measured("Mặt bằng được bàn giao", "%", 45, 100)),
    ((BTV, "Phó Chủ tịch UBND huyện"), "Văn phòng HĐND và UBND", "can_bo",
     "Chỉ đạo hoàn thành xã nông thôn mới năm 2021", measured("Xã đạt chuẩn nông thôn mới", "xã", 14, 16)),
    ((BTV, "Chủ nhiệm Ủy ban Kiểm tra Huyện ủy"), "Ủy ban Kiểm tra Huyện ủy", "can_bo",
     "Giải quyết dứt điểm đơn thư tố cáo đảng viên tồn đọng", measured("Đơn thư tồn đọng", "đơn", 7, 0)),
    ((BTV, "Trưởng Ban Tuyên giáo Huyện ủy"), "Ban Tuyên giáo Huyện ủy", "can_bo",
     "Đổi mới học tập, quán triệt nghị quyết đại hội bằng hình thức trực tuyến",
     measured("Điểm cầu trực tuyến đến xã", "điểm", 1, 31)),
    ((BTV, "Trưởng Ban Dân vận Huyện ủy"), "Ban Dân vận Huyện ủy", "can_bo",
     "Xây dựng mô hình «Dân vận khéo» ở các xã", measured("Mô hình «Dân vận khéo»", "mô hình", 20, 40)),
    ((BTV, "Chánh Văn phòng Huyện ủy"), "Văn phòng Huyện ủy", "can_bo",
     "Số hóa tài liệu lưu trữ của Huyện ủy", measured("Tài liệu lưu trữ đã số hóa", "%", 10, 50)),
    ((BTV, "Chủ tịch Ủy ban MTTQ Việt Nam huyện"), "Ủy ban MTTQ Việt Nam huyện", "can_bo",
     "Vận động xây nhà Đại đoàn kết cho hộ nghèo", measured("Nhà Đại đoàn kết", "nhà", 0, 60)),
    ((BTV, "Chỉ huy trưởng Ban Chỉ huy Quân sự huyện"), "Ban Chỉ huy Quân sự huyện", "can_bo",
     "Xây dựng lực lượng dân quân vững mạnh, rộng khắp", measured("Dân quân là đảng viên", "%", 18, 22)),
    ((BTV, "Trưởng Công an huyện"), "Công an huyện", "can_bo",
     "Giảm tội phạm về ma túy trên địa bàn", measured("Vụ phạm tội về ma túy", "vụ", 40, 30)),
    ((BTV, "Phó Chủ tịch HĐND huyện"), "Văn phòng HĐND và UBND", "can_bo",
     "Nâng cao chất lượng tiếp xúc cử tri", measured("Kiến nghị cử tri được trả lời", "%", 85, 100)),
)
# Heads of agencies, offices and mass organizations: post, category, task, indicator, measure,
# baseline, target.
HEADS_OF_AGENCIES = (
    ("Chánh Văn phòng HĐND và UBND huyện", "cong_chuc", "Giải quyết thủ tục hành chính trực tuyến",
     "Hồ sơ trực tuyến", "%", 20, 50),
    ("Chủ tịch Hội Người cao tuổi huyện", "can_bo", "Thành lập câu lạc bộ liên thế hệ tự giúp nhau",
     "Câu lạc bộ liên thế hệ", "câu lạc bộ", 5, 15),
    ("Trưởng Phòng Tài chính - Kế hoạch huyện", "cong_chuc", "Giải ngân vốn đầu tư công đúng tiến độ",
     "Vốn đầu tư công giải ngân", "%", 60, 95),
    ("Trưởng Phòng Nông nghiệp và Phát triển nông thôn huyện", "cong_chuc",
     "Phát triển chuỗi giá trị chè, keo", "Chuỗi liên kết sản xuất", "chuỗi", 3, 6),
    ("Trưởng Phòng Tài nguyên và Môi trường huyện", "cong_chuc",
     "Giải quyết dứt điểm đơn thư đất đai tồn đọng", "Đơn thư đất đai tồn đọng", "đơn", 25, 0),
    ("Trưởng Phòng Giáo dục và Đào tạo huyện", "cong_chuc", "Nâng tỷ lệ trường đạt chuẩn quốc gia",
     "Trường đạt chuẩn quốc gia", "trường", 52, 58),
    ("Trưởng Phòng Văn hóa và Thông tin huyện", "cong_chuc", "Nâng tỷ lệ thôn, tổ dân phố văn hóa",
     "Thôn, tổ dân phố văn hóa", "%", 80, 85),
    ("Trưởng Phòng Lao động - Thương binh và Xã hội huyện", "cong_chuc",
     "Giải quyết việc làm mới cho lao động", "Lao động có việc làm mới", "người", 0, 1800),
    ("Trưởng Phòng Kinh tế và Hạ tầng huyện", "cong_chuc", "Hoàn thành quy hoạch chung các xã",
     "Xã có quy hoạch được duyệt", "xã", 20, 31),
    ("Trưởng Phòng Tư pháp huyện", "cong_chuc", "Nâng tỷ lệ hòa giải thành ở cơ sở",
     "Vụ việc hòa giải thành", "%", 78, 85),
    ("Trưởng Phòng Y tế huyện", "cong_chuc", "Nâng tỷ lệ người dân tham gia bảo hiểm y tế",
     "Người dân có thẻ bảo hiểm y tế", "%", 92, 95),
    ("Chánh Thanh tra huyện", "cong_chuc", "Giải quyết dứt điểm vụ việc khiếu nại kéo dài",
     "Vụ việc khiếu nại kéo dài", "vụ", 5, 0),
    ("Trưởng Ban Quản lý dự án đầu tư xây dựng huyện", "cong_chuc",
     "Quyết toán dứt điểm công trình hoàn thành", "Công trình chưa quyết toán", "công trình", 30, 5),
    ("Giám đốc Trung tâm Y tế huyện", "cong_chuc", "Tiêm vắc xin phòng COVID-19 cho người trên 18 tuổi",
     "Người trên 18 tuổi tiêm đủ liều", "%", 0, 95),
    ("Giám đốc Trung tâm Văn hóa - Truyền thông và Thể thao huyện", "cong_chuc",
     "Phát triển du lịch cộng đồng Tân Trào", "Khách du lịch", "lượt", 80000, 100000),
    ("Giám đốc Trung tâm Dịch vụ nông nghiệp huyện", "cong_chuc", "Chuyển giao giống lúa chất lượng cao",
     "Diện tích lúa chất lượng cao", "ha", 1200, 1500),
    ("Giám đốc Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên huyện", "cong_chuc",
     "Đào tạo nghề cho lao động nông thôn", "Lao động được đào tạo nghề", "người", 0, 600),
    ("Giám đốc Kho bạc Nhà nước huyện", "cong_chuc", "Kiểm soát chi qua dịch vụ công trực tuyến",
     "Hồ sơ chi qua dịch vụ công", "%", 60, 100),
    ("Giám đốc Bảo hiểm xã hội huyện", "cong_chuc", "Phát triển người tham gia bảo hiểm xã hội tự nguyện",
     "Người tham gia mới", "người", 0, 900),
    ("Chi cục trưởng Chi cục Thuế khu vực Sơn Dương - Yên Sơn", "cong_chuc", "Thu hồi nợ thuế đọng",
     "Nợ thuế đọng", "triệu đồng", 9500, 4000),
    ("Hạt trưởng Hạt Kiểm lâm huyện", "cong_chuc", "Giảm vi phạm lâm luật",
     "Vụ vi phạm lâm luật", "vụ", 48, 30),
    ("Giám đốc Phòng giao dịch Ngân hàng Chính sách xã hội huyện", "cong_chuc", "Giảm nợ quá hạn",
     "Nợ quá hạn", "%", 0.4, 0.2),
    ("Giám đốc Điện lực Sơn Dương", "cong_chuc", "Đưa điện lưới đến thôn chưa có điện",
     "Thôn chưa có điện lưới", "thôn", 4, 0),
    ("Chánh án Tòa án nhân dân huyện", "cong_chuc", "Giải quyết án đúng hạn luật định",
     "Án giải quyết đúng hạn", "%", 90, 98),
    ("Viện trưởng Viện Kiểm sát nhân dân huyện", "cong_chuc", "Giảm án trả hồ sơ điều tra bổ sung",
     "Án trả hồ sơ", "vụ", 6, 2),
    ("Chi cục trưởng Chi cục Thi hành án dân sự huyện", "cong_chuc", "Thi hành xong các việc có điều kiện",
     "Việc thi hành xong", "%", 75, 85),
    ("Chi cục trưởng Chi cục Thống kê huyện", "cong_chuc", "Hoàn thành điều tra thu nhập hộ gia đình",
     "Phiếu điều tra đạt yêu cầu", "%", 0, 100),
    ("Giám đốc Trung tâm Chính trị huyện", "can_bo", "Đổi mới bồi dưỡng lý luận chính trị cho đảng viên mới",
     "Lớp học có bài giảng điện tử", "lớp", 0, 8),
    ("Chủ tịch Hội Nông dân huyện", "can_bo", "Phát triển hợp tác xã nông nghiệp",
     "Hợp tác xã do hội vận động thành lập", "hợp tác xã", 0, 10),
    ("Chủ tịch Hội Liên hiệp Phụ nữ huyện", "can_bo", "Hỗ trợ phụ nữ khởi nghiệp",
     "Dự án khởi nghiệp của phụ nữ", "dự án", 0, 15),
    ("Bí thư Huyện đoàn", "can_bo", "Giới thiệu đoàn viên ưu tú cho Đảng",
     "Đoàn viên được kết nạp Đảng", "người", 0, 150),
    ("Chủ tịch Hội Cựu chiến binh huyện", "can_bo", "Xây dựng mô hình cựu chiến binh làm kinh tế giỏi",
     "Mô hình kinh tế của hội viên", "mô hình", 30, 45),
    ("Chủ tịch Liên đoàn Lao động huyện", "can_bo", "Thành lập công đoàn cơ sở ở doanh nghiệp",
     "Công đoàn cơ sở mới", "công đoàn", 0, 5),
    ("Chủ tịch Hội Chữ thập đỏ huyện", "can_bo", "Vận động hiến máu tình nguyện",
     "Đơn vị máu tiếp nhận", "đơn vị", 0, 1500),
    ("Giám đốc Ban Quản lý rừng phòng hộ Sơn Dương", "cong_chuc", "Khoanh nuôi, bảo vệ rừng phòng hộ",
     "Rừng phòng hộ được khoanh nuôi", "ha", 0, 300),
    ("Giám đốc Trung tâm Phát triển quỹ đất huyện", "cong_chuc", "Đấu giá quyền sử dụng đất",
     "Thu từ đấu giá đất", "triệu đồng", 0, 60000),
    ("Trưởng Phòng Dân tộc huyện", "cong_chuc", "Triển khai chương trình mục tiêu quốc gia vùng dân tộc",
     "Thôn đặc biệt khó khăn có kế hoạch", "thôn", 0, 45),
)
# fmt: on


def load_son_duong(demo, province, province_committee):
    rng = place_rng("SD")
    district = demo.unit("SD", "huyen", "Sơn Dương", province)
    seat = committee_seat(demo, district, province_committee)
    bodies = district_bodies(
        demo,
        district,
        signers=("Phạm Thị Minh Xuân", "Nguyễn Văn Điển", "Ngô Hải Nam"),
        term_start=datetime.date(2020, 7, 20),
    )
    body = bodies["ban_thuong_vu"]
    cells = {}

    def agency_seat(agency):
        if agency not in cells:
            name = f"Chi bộ {agency.removesuffix(' huyện')}"
            if district.name not in name:
                name += f" {district.name}" if "Huyện" in name else f" huyện {district.name}"
            cells[agency] = cell_seat(demo, seat, district, name, key=f"SD:{len(cells) + 1}")
        return cells[agency]

    heads = [((title,), _agency(title), category, content, measured(*target))
             for title, category, content, *target in HEADS_OF_AGENCIES]  # fmt: skip
    rows = [*DISTRICT_CADRES, *heads]
    for number, (titles, agency, category, content, target) in enumerate(rows, 1):
        name = "Đỗ Xuân Phúc" if number == 1 else None
        person = demo.person(rng, f"SD:{number}", agency_seat(agency), category, titles, name=name)
        post = ", ".join(titles)
        if number == 1:
            _party_heads_task(demo, person, body, district, post)
        else:
            demo.year_task(
                rng,
                f"SD:{number}",
                person,
                body,
                district,
                content,
                target,
                post=post,
                year=YEAR,
                by=BY,
                origin=("duoc_giao", "tu_dang_ky", "giao_them")[number % 3],
            )
    for number, (code, kind, name) in enumerate(COMMUNES):
        _load_commune(demo, rng, seat, body, district, f"SD-{code}", kind, name, number)


def _agency(title):
    """The agency a head's post names, as its cell is named: "Phòng Tư pháp huyện" → "Phòng Tư pháp"."""
    return HEAD_WORDS.sub("", title).removesuffix(" huyện")


def _load_commune(demo, rng, district_seat, body, district, code, kind, name, number):
    commune = demo.unit(code, kind, name, district)
    seat = committee_seat(demo, commune, district_seat.committee)
    word = "thị trấn" if kind == "thi_tran" else "xã"
    hamlets = HOP_THANH_HAMLETS if name == "Hợp Thành" else ()
    for hamlet_number, hamlet in enumerate(hamlets, 1):
        cell_seat(demo, seat, demo.unit(f"{code}-{hamlet_number:02d}", "thon", hamlet, commune))
    leaders = []
    for role, templates in enumerate(COMMUNE_LEADERS):
        titles = tuple(template.format(xa=word) for template in templates)
        chair = name == "Hợp Thành" and role == 2
        key = f"{code}:{role + 1}"
        leaders.append(
            demo.person(rng, key, seat, "can_bo", titles, name="Hoàng Thế Mạnh" if chair else None)
        )
        if chair:
            _hop_thanh_task(demo, leaders[-1], body, commune, post_at(titles, commune))
        elif (code[3:], role) != UNTASKED:
            # A town has no new-countryside criteria.
            tasks = COMMUNE_TASKS[:2] if kind == "thi_tran" else COMMUNE_TASKS
            target, content = tasks[(role + number) % len(tasks)]
            demo.year_task(
                rng,
                key,
                leaders[-1],
                body,
                commune,
                content,
                target,
                post=post_at(titles, commune),
                year=YEAR,
                by=BY,
                origin="duoc_giao" if role else "tu_dang_ky",
            )
    if name == "Hợp Thành":
        commune_committee_body(demo, commune, district, leaders[0].full_name)


def _party_heads_task(demo, person, body, district, post):
    """Đỗ Xuân Phúc's task, "100% trưởng thôn, tổ trưởng tổ dân phố là đảng viên", counted in
    people: 388 of the 400 heads are members at the start (12 are not); the target is all 400."""
    members = HEADS - HEADS_NOT_MEMBERS
    demo.task(
        "SD:1",
        person,
        body,
        district,
        "Tham mưu hoàn thành mục tiêu 100% trưởng thôn, tổ trưởng tổ dân phố là đảng viên",
        post=post,
        period=YEAR,
        by=BY,
        origin="duoc_giao",
        state="evaluated",
        plan=(
            f"Huyện có {HEADS} thôn, tổ dân phố; còn {HEADS_NOT_MEMBERS} trưởng thôn không phải là đảng viên."
        ),
        solutions=SOLUTIONS,
        targets=[
            measured(
                f"Trưởng thôn, tổ trưởng tổ dân phố là đảng viên (trên {HEADS} thôn, tổ dân phố)",
                "người",
                members,
                HEADS,
            )
        ],
        check_ins=[
            (
                D(2021, 3, 31),
                {"c1": members},
                f"Còn {HEADS_NOT_MEMBERS} trưởng thôn không phải là đảng viên.",
            ),
            (D(2021, 6, 30), {"c1": 392}, "Kết nạp 4 trưởng thôn."),
            (
                D(2021, 9, 30),
                {"c1": 397},
                "Kết nạp 3 trưởng thôn, 2 công chức xã là đảng viên làm trưởng thôn.",
            ),
            (D(2021, 12, 20), {"c1": HEADS}, "100% trưởng thôn, tổ trưởng tổ dân phố là đảng viên."),
        ],
    )


def _hop_thanh_task(demo, person, body, commune, post):
    demo.task(
        f"{commune.code}:3",
        person,
        body,
        commune,
        "Hoàn thành các chỉ tiêu xây dựng nông thôn mới: tiêu chí về môi trường và an toàn thực phẩm",
        post=post,
        period=YEAR,
        by=BY,
        origin="giao_them",
        state="evaluated",
        plan="Các hộ kinh doanh dịch vụ ký cam kết bảo đảm an toàn vệ sinh thực phẩm và môi trường; mô hình "
        "điểm thu gom, xử lý rác thải hữu cơ và vô cơ tại thôn Đồng Diễn; tuyên truyền người dân phân "
        "loại rác tại gia đình.",
        targets=[
            levels(
                "Tiêu chí môi trường",
                "Chưa thu gom, xử lý rác thải theo quy định",
                "Có mô hình điểm thu gom, phân loại rác ở thôn Đồng Diễn",
                "Rác hữu cơ xử lý tại chỗ, rác vô cơ thu gom về điểm tập kết của huyện ở mọi thôn",
            ),
            levels(
                "Tiêu chí an toàn thực phẩm",
                "Hộ kinh doanh chưa cam kết an toàn vệ sinh thực phẩm",
                "Một phần hộ kinh doanh ký cam kết",
                "Mọi hộ kinh doanh dịch vụ ký cam kết, không để xảy ra ngộ độc thực phẩm",
            ),
            measured("Hộ kinh doanh dịch vụ ký cam kết an toàn thực phẩm và môi trường", "%", 35, 100),
        ],
        check_ins=[
            (D(2021, 5, 31), {"c1": 2, "c2": 2, "c3": 70}, "Triển khai mô hình điểm tại thôn Đồng Diễn."),
            (D(2021, 11, 30), {"c1": 3, "c2": 3, "c3": 100}, "Đạt tiêu chí môi trường và an toàn thực phẩm."),
        ],
    )
