"""The demo's An Định (article 03; `documents.demo_party_cell`): Bến Tre, Thạnh Phú, An Nhơn and
its hamlet An Định, whose cell meets every month with Nguyễn Thị Tuyết, the district cadre in
charge, attending (April 2016 to February 2017). The district and everything the article does not
give are invented."""

import random

from documents.demo import Loader, _organization, _unit, insert_new, object_id
from documents.demo_party_cell import SEED, D, cell_meetings, demo_member, insert_meetings, meeting_months
from documents.locality import LocalityAssignment

# An Định (article 03): what its meetings of 2016–2017 focused on, month by month (invented).
AN_DINH_FOCUS = (
    "Các tổ nhân dân tự quản báo cáo kết quả xây dựng nông thôn mới tháng trước",
    "Trữ nước ngọt, phòng, chống hạn mặn trên cây trồng, vật nuôi",
    "Phong trào thi đua «Đồng khởi mới» ở từng tổ nhân dân tự quản",
    "Công tác phát triển đảng viên, quản lý đảng viên",
    "Phòng, chống tội phạm, tệ nạn xã hội trên địa bàn ấp",
    "Công tác xuất khẩu lao động, giảm nghèo",
)
KINH_FAMILY_NAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Đặng", "Bùi")


def load_an_dinh():
    """Bến Tre, Thạnh Phú, An Nhơn and its hamlet An Định, with the cell and its meetings of April
    2016 to February 2017, Mrs. Tuyết attending each as the district cadre in charge."""
    loader = Loader()
    province = loader.add(_unit("BT", "tinh", "Bến Tre", None))
    district = loader.add(_unit("BT-TP", "huyen", "Thạnh Phú", province))
    commune = loader.add(_unit("BT-TP-AN", "xa", "An Nhơn", district))
    hamlet = loader.add(_unit("BT-TP-AN-01", "ap", "An Định", commune))
    province_committee = loader.add(_organization("dang_bo_tinh", "Đảng bộ tỉnh Bến Tre", province, None))
    district_committee = loader.add(
        _organization("dang_bo_huyen", "Đảng bộ huyện Thạnh Phú", district, province_committee)
    )
    agency = loader.add(
        _organization(
            "chi_bo_co_so",
            "Chi bộ Ban Dân vận Huyện ủy Thạnh Phú",
            district,
            district_committee,
            "BT-TP:dan_van",
        )
    )
    commune_committee = loader.add(
        _organization("dang_bo_co_so", "Đảng bộ xã An Nhơn", commune, district_committee)
    )
    cell = _organization("chi_bo", "Chi bộ ấp An Định", hamlet, commune_committee)
    cell.meeting_day = 5
    loader.add(cell)
    rng = random.Random(f"{SEED}:BT")
    old = (1950, 1985)

    def member(key, unit, organization, category, titles=(), **fields):
        posts = [(t, organization if "Chi bộ" in t else unit) for t in titles]
        person = demo_member(
            rng,
            f"BT:{key}",
            unit,
            organization,
            category,
            posts,
            ethnicity="Kinh",
            families=KINH_FAMILY_NAMES,
            born=old,
            admitted_by=2015,
            **fields,
        )
        for post in person.positions:
            post.start = D(2015, 8, 1)
        return loader.add(person)

    for number, titles in enumerate(
        (("Trưởng Ban Dân vận Huyện ủy", "Bí thư Chi bộ"), (), ("Chuyên viên Ban Dân vận Huyện ủy",)), 1
    ):
        member(f"dan_van:{number + 1}", district, agency, "can_bo", titles)
    tuyet = member(
        "dan_van:1",
        district,
        agency,
        "can_bo",
        ("Phó Trưởng Ban Dân vận Huyện ủy",),
        name="Nguyễn Thị Tuyết",
        gender="nu",
    )
    people = [
        member("an_dinh:1", hamlet, cell, "khong_chuyen_trach", ("Bí thư Chi bộ", "Trưởng ấp")),
        member("an_dinh:2", hamlet, cell, "khong_chuyen_trach", ("Phó Bí thư Chi bộ",)),
        member("an_dinh:3", hamlet, cell, "dang_vien", ("Chi ủy viên",)),
        *(member(f"an_dinh:{n}", hamlet, cell, "dang_vien") for n in range(4, 19)),
    ]
    counts = loader.finish()
    assignment = LocalityAssignment(
        id=object_id("locality_assignments", "demo-cell:BT:an_dinh"),
        person=tuyet,
        unit=hamlet,
        role="phu_trach",
        start=D(2016, 3, 15),
        end=D(2020, 12, 31),
    )
    assignment.validate()
    counts["locality_assignments"] = insert_new(LocalityAssignment._get_collection(), [assignment.to_mongo()])
    meetings = cell_meetings(
        cell,
        people,
        meeting_months((2016, 4), D(2017, 2, 28)),
        hamlet=True,
        guest=tuyet,
        every_time=True,
        focus=AN_DINH_FOCUS,
        place_word="ấp",
    )
    for name, inserted in insert_meetings(meetings).items():
        counts[name] = counts.get(name, 0) + inserted
    return counts
