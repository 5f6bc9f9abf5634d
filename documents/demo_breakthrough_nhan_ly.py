"""Demo breakthrough tasks of Chiêm Hóa: Nhân Lý in 2022 (article 01; see `demo_breakthrough`)."""

import datetime

from documents.demo import _organization
from documents.demo_breakthrough import (
    TERM,
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
YEAR = 2022
BY = "Văn phòng Đảng ủy xã Nhân Lý"
# Ba Một and Ba Hai as the article names them; the others invented.
HAMLETS = (
    "Ba Một", "Ba Hai", "Nà Héc", "Đồng Mộc", "Bản Cuốn", "Nà Ngoa", "Khuổi Pài", "Pác Hoan",
    "Ngòi Quẵng", "Nà Lừa", "Pác Khoang",
)  # fmt: skip
# Bình Phú's 7 hamlets and 3 other cells (article 05: 10 cells, 7 of them hamlet cells), each with
# its regular day. Bản Man (the 4th), Bản Khản and Bản Lếch as the article names them; the other
# hamlets, the other cells and every other day invented. The first three keep the codes they were
# loaded under before (CH-BP-01..03).
BINH_PHU_HAMLETS = (
    ("Nà Mụ", 5), ("Khuôn Thẳm", 6), ("Bình Minh", 3), ("Bản Man", 4), ("Bản Khản", 5),
    ("Bản Lếch", 7), ("Nà Coóc", 8),
)  # fmt: skip
BINH_PHU_CELLS = (
    ("co_quan", "Chi bộ Cơ quan xã Bình Phú", 2),
    ("truong", "Chi bộ Trường Tiểu học và Trung học cơ sở Bình Phú", 10),
    ("tram_y_te", "Chi bộ Trạm Y tế xã Bình Phú", 12),
)
# The five cadres the district bodies give tasks to: key, name, gender, posts (the fifth invented).
CADRES = (
    ("su", "Phạm Văn Sử", "nam", ("Bí thư Đảng ủy", "Chủ tịch HĐND xã")),
    ("hai", "Hà Thị Hải", "nu", ("Phó Bí thư Thường trực Đảng ủy",)),
    ("thang", "Hoàng Văn Thắng", "nam", ("Phó Bí thư Đảng ủy", "Chủ tịch UBND xã")),
    ("duc", "Ma Doãn Đức", "nam", ("Phó Chủ tịch UBND xã",)),
    ("tuan", "Ma Văn Tuấn", "nam", ("Phó Chủ tịch HĐND xã",)),
)
QUALITY = ("Chưa đạt yêu cầu đề ra", "Đạt một phần yêu cầu", "Đạt đầy đủ yêu cầu đề ra")
CELL_MEETINGS = levels(
    "Chất lượng sinh hoạt chi bộ",
    "Sinh hoạt chưa đều, nội dung chung chung",
    "Sinh hoạt đúng kỳ, mỗi quý một chuyên đề",
    "Sinh hoạt đúng kỳ, chuyên đề hằng tháng, chi bộ hoàn thành tốt nhiệm vụ",
)
# Tables read better one row a line or two.
# fmt: off
# The 25 commune officials besides the five, each given one task by Đảng ủy xã in 2022.
OFFICIALS = (
    ("can_bo", ("Ủy viên Ban Thường vụ Đảng ủy", "Chủ tịch Ủy ban MTTQ Việt Nam xã"),
     "Nâng cao chất lượng cuộc vận động «Toàn dân đoàn kết xây dựng nông thôn mới»",
     measured("Khu dân cư văn hóa", "thôn", 8, 10)),
    ("can_bo", ("Phó Chủ tịch UBND xã",), "Chỉ đạo nâng tỷ lệ người dân tham gia bảo hiểm y tế",
     measured("Tỷ lệ người dân có thẻ bảo hiểm y tế", "%", 92, 95)),
    ("can_bo", ("Bí thư Đoàn xã",), "Giới thiệu đoàn viên ưu tú cho Đảng xem xét kết nạp",
     measured("Đoàn viên ưu tú được giới thiệu", "người", 0, 6)),
    ("can_bo", ("Chủ tịch Hội Liên hiệp Phụ nữ xã",), "Giúp hộ nghèo do phụ nữ làm chủ hộ thoát nghèo",
     measured("Hộ nghèo do phụ nữ làm chủ hộ", "hộ", 25, 20)),
    ("can_bo", ("Chủ tịch Hội Nông dân xã",), "Thành lập tổ hợp tác chăn nuôi, trồng rừng",
     measured("Tổ hợp tác hoạt động", "tổ", 1, 3)),
    ("can_bo", ("Chủ tịch Hội Cựu chiến binh xã",),
     "Xây dựng mô hình «Cựu chiến binh giúp nhau giảm nghèo»",
     measured("Hộ hội viên được giúp vốn, giống", "hộ", 0, 5)),
    ("cong_chuc", ("Chỉ huy trưởng Ban Chỉ huy Quân sự xã",), "Hoàn thành chỉ tiêu giao quân năm 2022",
     measured("Thanh niên nhập ngũ", "người", 0, 8)),
    ("cong_chuc", ("Công chức Văn phòng - Thống kê",), "Số hóa hồ sơ, tài liệu lưu trữ của UBND xã",
     measured("Hồ sơ lưu trữ đã số hóa", "%", 30, 70)),
    ("cong_chuc", ("Công chức Văn phòng - Thống kê",),
     "Nâng tỷ lệ hồ sơ thủ tục hành chính giải quyết trực tuyến",
     measured("Hồ sơ giải quyết trực tuyến", "%", 40, 60)),
    ("cong_chuc", ("Công chức Địa chính - Xây dựng",),
     "Giải quyết dứt điểm đơn thư tranh chấp đất đai tồn đọng",
     measured("Đơn thư tranh chấp đất đai tồn đọng", "đơn", 6, 0)),
    ("cong_chuc", ("Công chức Địa chính - Nông nghiệp - Môi trường",),
     "Hướng dẫn chuyển đổi đất trồng lúa kém hiệu quả sang cây ăn quả",
     measured("Diện tích chuyển đổi", "ha", 0, 5)),
    ("cong_chuc", ("Công chức Tài chính - Kế toán",), "Thu các khoản thu ngân sách xã đạt dự toán",
     measured("Thu ngân sách xã so với dự toán", "%", 0, 100)),
    ("cong_chuc", ("Công chức Tư pháp - Hộ tịch",), "Nâng tỷ lệ hòa giải thành ở cơ sở",
     measured("Vụ việc hòa giải thành", "%", 75, 85)),
    ("cong_chuc", ("Công chức Tư pháp - Hộ tịch",), "Rà soát, chuẩn hóa dữ liệu hộ tịch",
     measured("Sổ hộ tịch đã chuẩn hóa", "%", 20, 100)),
    ("cong_chuc", ("Công chức Văn hóa - Xã hội",), "Nâng tỷ lệ hộ đạt danh hiệu gia đình văn hóa",
     measured("Hộ gia đình văn hóa", "%", 85, 90)),
    ("cong_chuc", ("Công chức Văn hóa - Xã hội",), "Chi trả chế độ chính sách xã hội đúng, đủ, kịp thời",
     levels("Chi trả chế độ chính sách", *QUALITY)),
    ("khong_chuyen_trach", ("Văn phòng Đảng ủy",), "Chuẩn hóa hồ sơ đảng viên, tài liệu của Đảng ủy",
     levels("Hồ sơ đảng viên và lưu trữ", *QUALITY)),
    ("khong_chuyen_trach", ("Phó Chỉ huy trưởng Ban Chỉ huy Quân sự xã",),
     "Nâng chất lượng huấn luyện dân quân",
     measured("Dân quân huấn luyện đạt khá, giỏi", "%", 70, 85)),
    ("khong_chuyen_trach", ("Phó Chủ tịch Ủy ban MTTQ Việt Nam xã",), "Vận động ủng hộ Quỹ «Vì người nghèo»",
     measured("Quỹ «Vì người nghèo» vận động được", "triệu đồng", 0, 30)),
    ("khong_chuyen_trach", ("Phó Bí thư Đoàn xã",), "Thành lập câu lạc bộ thanh niên khởi nghiệp",
     levels("Câu lạc bộ thanh niên khởi nghiệp", *QUALITY)),
    ("khong_chuyen_trach", ("Phó Chủ tịch Hội Liên hiệp Phụ nữ xã",), "Phát triển hội viên phụ nữ mới",
     measured("Hội viên mới", "người", 0, 25)),
    ("khong_chuyen_trach", ("Phó Chủ tịch Hội Nông dân xã",), "Phát triển hội viên nông dân mới",
     measured("Hội viên mới", "người", 0, 20)),
    ("khong_chuyen_trach", ("Phó Chủ tịch Hội Cựu chiến binh xã",),
     "Vận động hội viên giữ gìn an ninh thôn xóm",
     levels("Tổ tự quản an ninh của hội viên", *QUALITY)),
    ("khong_chuyen_trach", ("Chủ tịch Hội Người cao tuổi xã",),
     "Thành lập câu lạc bộ liên thế hệ tự giúp nhau",
     measured("Hội viên tham gia câu lạc bộ", "người", 0, 40)),
    ("khong_chuyen_trach", ("Chủ tịch Hội Chữ thập đỏ xã",), "Vận động quỹ nhân đạo giúp hộ khó khăn",
     measured("Quỹ nhân đạo vận động được", "triệu đồng", 0, 20)),
)
# Tasks of the other cell leaders, in turn: a secretary's, then a deputy's.
SECRETARY_TASKS = (
    ("Nâng cao chất lượng sinh hoạt chi bộ", CELL_MEETINGS),
    ("Phát triển đảng viên mới ở chi bộ", measured("Quần chúng được kết nạp", "người", 0, 2)),
    ("Lãnh đạo xây dựng thôn đạt khu dân cư văn hóa", levels("Khu dân cư văn hóa", *QUALITY)),
)
DEPUTY_TASKS = (
    ("Vận động nhân dân hiến đất, góp công làm đường bê tông nội thôn",
     measured("Đường bê tông mới", "m", 0, 500)),
    ("Vận động nhân dân trồng rừng trên diện tích vừa khai thác",
     measured("Rừng trồng của thôn", "ha", 0, 6)),
    ("Vận động nhân dân phân loại, thu gom rác thải tại hộ",
     measured("Hộ phân loại rác tại nhà", "%", 40, 80)),
)
# fmt: on


def load_chiem_hoa(demo, province, province_committee):
    rng = place_rng("CH")
    district = demo.unit("CH", "huyen", "Chiêm Hóa", province)
    seat = committee_seat(demo, district, province_committee)
    bodies = district_bodies(
        demo,
        district,
        signers=("Ma Thế Hồng", "Hà Văn Lâm", "Nguyễn Văn Giang"),
        term_start=datetime.date(2020, 7, 10),
    )
    binh_phu = demo.unit("CH-BP", "xa", "Bình Phú", district)
    binh_phu_seat = committee_seat(demo, binh_phu, seat.committee)
    for number, (name, day) in enumerate(BINH_PHU_HAMLETS, 1):
        hamlet = demo.unit(f"CH-BP-{number:02d}", "thon", name, binh_phu)
        cell = _organization("chi_bo", f"Chi bộ thôn {name}", hamlet, binh_phu_seat.committee)
        cell.meeting_day = day
        demo.loader.add(cell)
    for key, name, day in BINH_PHU_CELLS:
        cell = _organization("chi_bo", name, binh_phu, binh_phu_seat.committee, f"CH-BP:{key}")
        cell.meeting_day = day
        demo.loader.add(cell)
    commune_committee_body(demo, binh_phu, district, "Nông Văn Hưng")
    nhan_ly = demo.unit("CH-NL", "xa", "Nhân Lý", district)
    commune = committee_seat(demo, nhan_ly, seat.committee)
    party_committee = commune_committee_body(demo, nhan_ly, district, "Phạm Văn Sử")
    cadres = {
        key: demo.person(rng, f"NL:{key}", commune, "can_bo", titles, name=name, gender=gender)
        for key, name, gender, titles in CADRES
    }
    posts = {key: post_at(titles, nhan_ly) for key, _, _, titles in CADRES}
    hamlets = [demo.unit(f"CH-NL-{n:02d}", "thon", name, nhan_ly) for n, name in enumerate(HAMLETS, 1)]
    _district_tasks(demo, bodies, nhan_ly, hamlets, cadres, posts)
    _commune_tasks(demo, rng, party_committee, commune, hamlets)


def _district_tasks(demo, bodies, nhan_ly, hamlets, cadres, posts):
    """The 18 tasks of the five cadres (7 for 2022, 11 for 2021–2025) and Hà Thị Hải's earlier two."""
    hu, hdnd, ubnd = bodies["huyen_uy"], bodies["hdnd"], bodies["ubnd"]

    def task(key, cadre, body, content, period, targets, check_ins, **fields):
        demo.task(
            f"NL:{key}",
            cadres[cadre],
            body,
            fields.pop("unit", nhan_ly),
            content,
            post=posts[cadre],
            period=period,
            targets=targets,
            check_ins=check_ins,
            by=BY,
            **fields,
        )

    def term(key, cadre, body, content, targets, readings, **fields):
        """A term task reported at the end of each year and at mid-2024."""
        days = (D(2021, 12, 20), D(2022, 12, 20), D(2023, 12, 20), D(2024, 6, 28))
        check_ins = [(day, values, None) for day, values in zip(days, readings, strict=False)]
        task(key, cadre, body, content, TERM, targets, check_ins, **fields)

    # One task a block reads better than one argument a line.
    # fmt: off
    # Phạm Văn Sử
    term("su:ntm", "su", hu,
         "Chỉ đạo thực hiện duy trì và nâng cao chất lượng các tiêu chí xây dựng nông thôn mới",
         [measured("Tiêu chí nông thôn mới duy trì đạt chuẩn", "tiêu chí", 19, 19),
          measured("Tiêu chí nông thôn mới nâng cao đạt chuẩn", "tiêu chí", 0, 10)],
         [{"c1": 19, "c2": 2}, {"c1": 19, "c2": 4}, {"c1": 19, "c2": 6}, {"c1": 19, "c2": 7}])
    term("su:ban_hdnd", "su", hdnd, "Nâng cao hiệu quả hoạt động của các Ban HĐND xã",
         [measured("Cuộc giám sát chuyên đề của các Ban HĐND xã", "cuộc", 0, 10),
          levels("Chất lượng báo cáo thẩm tra trình kỳ họp", *QUALITY)],
         [{"c1": 2, "c2": 2}, {"c1": 4, "c2": 2}, {"c1": 6, "c2": 3}, {"c1": 8}])
    term("su:thu_nhap", "su", hu,
         "Lãnh đạo nâng thu nhập bình quân đầu người, tiêu chí còn đạt thấp sau khi về đích nông thôn mới",
         [measured("Thu nhập bình quân đầu người", "triệu đồng/người/năm", 30, 45)],
         [{"c1": 32.5}, {"c1": 35}, {"c1": 37}, {"c1": 37}])
    task("su:chi_bo", "su", hu, "Lãnh đạo nâng cao chất lượng sinh hoạt các chi bộ trực thuộc", YEAR,
         [measured("Chi bộ xếp loại hoàn thành tốt nhiệm vụ trở lên", "chi bộ", 8, 11)],
         [(D(2022, 6, 30), {"c1": 9}, None), (D(2022, 12, 15), {"c1": 11}, "Đánh giá cuối năm.")],
         state="evaluated")
    # Hà Thị Hải: the admission target, registered every year ("tỷ lệ kết nạp ... đạt 87%").
    admission = [measured("Tỷ lệ hoàn thành chỉ tiêu kết nạp đảng viên mới", "%", 0, 100)]
    for year, mid, final, comment in (
        (2020, 25, 50, "Kết nạp 6/12 đảng viên theo chỉ tiêu: đạt 50%."),
        (2021, 40, 87, "Kết nạp 13/15 đảng viên theo chỉ tiêu: đạt 87%."),
        (2022, 46.7, 106.7, "Kết nạp 16 đảng viên, chỉ tiêu 15: vượt chỉ tiêu."),
    ):
        task(f"hai:ket_nap:{year}", "hai", hu,
             f"Chỉ đạo hoàn thành chỉ tiêu kết nạp đảng viên mới năm {year}", year, admission,
             [(D(year, 6, 30), {"c1": mid}, None), (D(year, 12, 20), {"c1": final}, comment)],
             origin="tu_dang_ky", state="evaluated")
    term("hai:doan_the", "hai", hu,
         "Đổi mới nội dung, phương thức hoạt động của Mặt trận Tổ quốc và các tổ chức chính trị - xã hội xã",
         [measured("Tỷ lệ tập hợp đoàn viên, hội viên", "%", 78, 90),
          levels("Nội dung sinh hoạt của các đoàn thể", *QUALITY)],
         [{"c1": 81, "c2": 2}, {"c1": 84, "c2": 2}, {"c1": 86, "c2": 3}, {"c1": 87}])
    term("hai:chi_thi_05", "hai", hu,
         "Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh ở các chi bộ",
         [measured("Mô hình, điển hình học tập và làm theo Bác", "mô hình", 0, 11)],
         [{"c1": 2}, {"c1": 5}, {"c1": 7}, {"c1": 8}])
    # Hoàng Văn Thắng
    term("thang:bo", "thang", ubnd,
         "Chỉ đạo thực hiện mô hình chăn nuôi trâu, bò vỗ béo có giá trị kinh tế cao",
         [measured("Hộ tham gia mô hình vỗ béo trâu, bò", "hộ", 12, 60),
          measured("Tổng đàn trâu, bò của xã", "con", 2150, 2500)],
         [{"c1": 20, "c2": 2230}, {"c1": 31, "c2": 2290}, {"c1": 44, "c2": 2380}, {"c1": 49, "c2": 2410}],
         origin="tu_dang_ky")
    term("thang:dat_dai", "thang", ubnd, "Chỉ đạo tăng cường quản lý nhà nước trên địa bàn về đất đai",
         [measured("Diện tích đất đã cấp giấy chứng nhận quyền sử dụng đất", "%", 82, 95),
          measured("Vụ vi phạm pháp luật đất đai phát sinh trong năm", "vụ", 9, 0)],
         [{"c1": 85, "c2": 6}, {"c1": 88, "c2": 4}, {"c1": 91, "c2": 3}, {"c1": 92, "c2": 2}],
         origin="tu_dang_ky")
    term("thang:ho_ngheo", "thang", ubnd, "Chỉ đạo giảm tỷ lệ hộ nghèo bình quân 3% mỗi năm",
         [measured("Tỷ lệ hộ nghèo", "%", 31.6, 16.6)],
         [{"c1": 28.9}, {"c1": 26.2}, {"c1": 24.3}, {"c1": 24.3}])
    task("thang:ngan_sach", "thang", ubnd,
         "Chỉ đạo thu ngân sách nhà nước trên địa bàn vượt dự toán năm 2022", YEAR,
         [measured("Thu ngân sách nhà nước trên địa bàn", "triệu đồng", 0, 1850)],
         [(D(2022, 6, 30), {"c1": 870}, None), (D(2022, 12, 22), {"c1": 2035}, "Thu vượt 10% dự toán.")],
         state="evaluated")
    # Ma Doãn Đức: the two forest tasks UBND huyện gave him extra. The article dates the term one
    # 2022–2025; it is kept in the term 2021–2025, as the article counts 11 tasks of 2021–2025.
    task("duc:rung:2022", "duc", ubnd,
         "Chỉ đạo có hiệu quả công tác trồng rừng, hoàn thành chỉ tiêu trồng rừng năm 2022", YEAR,
         [measured("Diện tích rừng trồng mới năm 2022", "ha", 0, 70)],
         [(D(2022, 4, 15), {"c1": 28.5}, "Giao chỉ tiêu trồng rừng đến từng thôn."),
          (D(2022, 7, 15), {"c1": 52}, "Xử lý thực bì, trồng ngay trên diện tích vừa khai thác."),
          (D(2022, 10, 15), {"c1": 73.8}, "Từ đầu năm trồng được 73,8 ha.")],
         origin="giao_them", state="evaluated")
    # 630 ha is the commune's planted forest in all after 2022 (article): the term task's actual.
    task("duc:rung:nhiem_ky", "duc", ubnd,
         "Chỉ đạo có hiệu quả công tác trồng rừng, hoàn thành chỉ tiêu trồng rừng hằng năm và giai đoạn "
         "2021–2025", TERM,
         [measured("Tổng diện tích rừng trồng toàn xã", "ha", 480, 830)],
         [(D(2021, 12, 20), {"c1": 556.2}, None),
          (D(2022, 10, 15), {"c1": 630}, "Trồng thêm 73,8 ha, nâng tổng số rừng trồng toàn xã lên 630 ha."),
          (D(2023, 12, 20), {"c1": 703.5}, None), (D(2024, 6, 28), {"c1": 736.4}, None)],
         origin="giao_them",
         milestones=[(2021, "550 ha"), (2022, "620 ha"), (2023, "690 ha"), (2024, "760 ha"),
                     (2025, "830 ha")])
    task("duc:chay_rung", "duc", ubnd,
         "Chỉ đạo phòng cháy, chữa cháy rừng, không để xảy ra cháy rừng năm 2022", YEAR,
         [measured("Vụ cháy rừng", "vụ", 2, 0)],
         [(D(2022, 6, 30), {"c1": 0}, None), (D(2022, 12, 20), {"c1": 0}, "Không xảy ra cháy rừng.")],
         state="evaluated")
    task("duc:giong", "duc", ubnd,
         "Vận động nhân dân trồng cây giống chất lượng cao (keo mô, trám, dổi) năm 2022", YEAR,
         [measured("Diện tích trồng cây giống chất lượng cao", "ha", 0, 15)],
         [(D(2022, 6, 30), {"c1": 8.2}, None),
          (D(2022, 12, 20), {"c1": 14.6}, "Gần 15 ha: 13 ha keo, 1,6 ha trám, dổi.")],
         state="evaluated")
    # Ma Văn Tuấn (invented)
    term("tuan:giam_sat", "tuan", hdnd, "Nâng cao chất lượng giám sát của Thường trực HĐND xã",
         [measured("Cuộc giám sát của Thường trực HĐND xã", "cuộc", 0, 10)],
         [{"c1": 2}, {"c1": 4}, {"c1": 6}, {"c1": 8}])
    term("tuan:cu_tri", "tuan", hdnd,
         "Nâng cao chất lượng tiếp xúc cử tri, giải quyết kiến nghị của cử tri",
         [measured("Kiến nghị cử tri được giải quyết, trả lời", "%", 70, 100)],
         [{"c1": 78}, {"c1": 85}, {"c1": 91}, {"c1": 94}])
    task("tuan:ton_dong", "tuan", hdnd,
         "Giải quyết dứt điểm kiến nghị cử tri tồn đọng từ nhiệm kỳ trước", YEAR,
         [measured("Kiến nghị cử tri tồn đọng", "kiến nghị", 14, 0)],
         [(D(2022, 6, 30), {"c1": 6}, None), (D(2022, 12, 20), {"c1": 0}, None)],
         origin="giao_them", state="evaluated")
    # fmt: on


def _commune_tasks(demo, rng, body, commune, hamlets):
    """47 tasks of 2022 from Đảng ủy xã: 25 commune officials, and the secretary and deputy of
    each of the 11 hamlet cells."""
    nhan_ly = commune.unit
    for number, (category, titles, content, target) in enumerate(OFFICIALS, 1):
        person = demo.person(rng, f"NL:{number}", commune, category, titles, born=(1970, 1996))
        demo.year_task(
            rng,
            f"NL:{number}",
            person,
            body,
            nhan_ly,
            content,
            target,
            post=post_at(titles, nhan_ly),
            year=YEAR,
            by=BY,
        )
    for number, hamlet in enumerate(hamlets):
        seat = cell_seat(demo, commune, hamlet)
        head_is_deputy = number % 2 == 1 or hamlet.name in ("Ba Một", "Ba Hai")
        secretary = ("Bí thư Chi bộ",) if head_is_deputy else ("Bí thư Chi bộ", "Trưởng thôn")
        deputy = ("Phó Bí thư Chi bộ", "Trưởng thôn") if head_is_deputy else ("Phó Bí thư Chi bộ",)
        named = {"Ba Một": ("Hà Đức Hồ", None), "Ba Hai": (None, "Hà Đức Vần")}.get(hamlet.name, (None, None))
        for role, (titles, name, tasks) in enumerate(
            ((secretary, named[0], SECRETARY_TASKS), (deputy, named[1], DEPUTY_TASKS))
        ):
            key = f"{hamlet.code}:{role + 1}"
            person = demo.person(rng, key, seat, "khong_chuyen_trach", titles, name=name, born=(1960, 1992))
            content, target = tasks[number % len(tasks)]
            if name == "Hà Đức Vần":
                _cattle_task(demo, key, person, body, hamlet, post_at(titles, hamlet))
                continue
            if name == "Hà Đức Hồ":
                content, target = SECRETARY_TASKS[0]
            demo.year_task(
                rng,
                key,
                person,
                body,
                hamlet,
                content,
                target,
                post=post_at(titles, hamlet),
                year=YEAR,
                by=BY,
                origin="tu_dang_ky",
            )


def _cattle_task(demo, key, person, body, hamlet, post):
    demo.task(
        key,
        person,
        body,
        hamlet,
        "Lãnh đạo thực hiện đạt chỉ tiêu tổng đàn trâu, bò; gia đình duy trì 2 con bò sinh sản năm 2022",
        post=post,
        period=YEAR,
        by=BY,
        origin="tu_dang_ky",
        state="evaluated",
        targets=[
            measured("Tổng đàn trâu, bò của thôn", "con", 185, 200),
            measured("Bò sinh sản gia đình duy trì", "con", 2, 2),
        ],
        check_ins=[
            (D(2022, 6, 30), {"c1": 192, "c2": 2}, None),
            (D(2022, 12, 18), {"c1": 203, "c2": 2}, "Vượt chỉ tiêu tổng đàn."),
        ],
    )
