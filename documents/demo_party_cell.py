"""Demo party cells (issue 14, item 7): Bình Phú's cells, members, meetings, 2022 indicators and
recruitment (article 05), An Định's meetings (article 03) and Lộc Bình's 2023 indicators (article 04).

From the articles (shared/domain/articles):

- 05, Bình Phú (Chiêm Hóa): 10 cells, 184 members; 7/7 hamlet cells with a commune official in
  their committee; the members of the commune committee each in charge of a cell; Bản Man meets on
  the 4th every month and holds a thematic meeting once a quarter, each meeting on one focus
  issue, its committee meeting beforehand; Nông Văn Đốc (secretary, Bản Man), Vũ Văn Liệu
  (secretary, Bản Khản), Hoàng Văn Quang (deputy secretary of a cell, Chủ tịch UBND xã; seen in
  Bản Lếch, so put in Bản Lếch's cell), Quan Thị Chiêu (Phó Bí thư Thường trực Đảng ủy); 2022:
  16/16 indicators met, income per head over 32 million đồng = 102.1% of plan, budget revenue over
  39 million đồng = 101.3%, cultural hamlets 101%, new jobs 114.3%, the poverty rate down 9.51% =
  107%, 6 members admitted = 120% of the resolution.
- 03, An Định (An Nhơn, Bến Tre): Nguyễn Thị Tuyết, Phó Trưởng Ban Dân vận Huyện ủy, in charge of
  the hamlet; its cell meets every month with the content led by her; the district cadres come
  down at least once a month (2016–2020).
- 04, Lộc Bình: 24/25 indicators met in 2023; "tổng diện tích gieo trồng đạt trên 2.000 ha, đạt
  99,33% kế hoạch" (a figure the article gives for the first half of 2024).

Invented: every other name and every number the articles do not give; which commune committee
member is in charge of which hamlet, from 1/10/2020; the commune officials' posts in the hamlet
cells (but Mr. Quang's); the three other cells, every member's data and every cell's regular day
but Bản Man's; the meetings (from January 2024 to the day the demo is loaded, each the same
whatever the day), their hours, focus issues, texts, absences (one Bản Man member absent without
a reason in March, June and September 2024, under the 3-month rule) and the gaps of 2024 (Nà Mụ's
August meeting, Khuôn Thẳm's third-quarter thematic one, the health station's February meeting
and second-quarter thematic one); the plans behind the article's percents and the other 10 of
Bình Phú's 16 indicators; the recruitment target of 5 and the candidates; the district of An Nhơn
(Thạnh Phú: the article names none, but An Nhơn and Quới Điền lie there), An Định's members and
its meetings of April 2016 to February 2017; Lộc Bình's 25 indicators but the sown area, which the
demo counts as 2023's missed one. Running this again inserts nothing.
"""

import datetime
import random

from documents.base import in_transaction, vietnam_today
from documents.cell_meeting import Attendance, CellMeeting, MemberTask
from documents.cell_meeting_summary import month_end
from documents.cell_meeting_visit import write_visits
from documents.demo import (
    COMMON_MIDDLE_NAMES,
    GIVEN_NAMES,
    MIDDLE_NAMES,
    Loader,
    insert_new,
    object_id,
)
from documents.demo_breakthrough import ETHNICITIES, ETHNICITY_WEIGHTS, FAMILY_NAMES
from documents.form_definition import remembering_extensions
from documents.issuing_body import IssuingBody
from documents.locality import LocalityAssignment
from documents.locality_visit import LocalityVisit
from documents.party_organization import PartyOrganization
from documents.person import Person, Position
from documents.recruitment import AdmissionStep, Candidate, RecruitmentTarget
from documents.resolution_indicator import ResolutionIndicators
from documents.unit import Unit

D = datetime.date
SEED = "chi-bo-sinh-hoat"
FIRST_MONTH = (2024, 1)  # Bình Phú's meetings run from here to the day the demo is loaded
IN_CHARGE_FROM = D(2020, 10, 1)
BY = "dữ liệu mẫu"
ABSENT_SHARE = 0.05
SKIPPED_LATER = 0.03  # after 2024, the share of months a cell other than Bản Man misses
GUEST_SHARE = 0.8  # the share of meetings the cadre in charge attends, Bản Man's and An Định's all
REASONS = (
    "Đi làm ăn xa, có báo cáo chi ủy",
    "Ốm, có đơn xin phép",
    "Bận việc gia đình, đã xin phép",
    "Đi công tác",
    "Đi học tập trung",
)
# Bình Phú's commune staff in the cell of the commune agencies (31 members): category, posts, name.
# The committee's title "Đảng ủy viên" marks those put in charge of a hamlet (`IN_CHARGE`).
COMMUNE_STAFF = (
    ("can_bo", ("Bí thư Đảng ủy", "Chủ tịch HĐND xã"), "Nông Văn Hưng", "nam"),
    ("can_bo", ("Phó Bí thư Thường trực Đảng ủy", "Bí thư Chi bộ"), "Quan Thị Chiêu", "nu"),
    ("can_bo", ("Đảng ủy viên", "Phó Chủ tịch HĐND xã"), None, None),
    ("can_bo", ("Đảng ủy viên", "Phó Chủ tịch UBND xã"), None, None),
    ("can_bo", ("Ủy viên Ban Thường vụ Đảng ủy", "Chủ tịch Ủy ban MTTQ Việt Nam xã"), None, None),
    ("can_bo", ("Đảng ủy viên", "Bí thư Đoàn xã"), None, None),
    ("can_bo", ("Đảng ủy viên", "Chủ tịch Hội Liên hiệp Phụ nữ xã"), None, "nu"),
    ("can_bo", ("Chủ tịch Hội Cựu chiến binh xã",), None, "nam"),
    ("cong_chuc", ("Công chức Văn phòng - Thống kê", "Phó Bí thư Chi bộ"), None, None),
    ("cong_chuc", ("Công chức Tài chính - Kế toán", "Chi ủy viên"), None, None),
    ("cong_chuc", ("Công chức Địa chính - Xây dựng",), None, None),
    ("cong_chuc", ("Công chức Tư pháp - Hộ tịch",), None, None),
    ("cong_chuc", ("Công chức Văn hóa - Xã hội",), None, None),
    ("khong_chuyen_trach", ("Văn phòng Đảng ủy",), None, None),
    ("khong_chuyen_trach", ("Phó Chỉ huy trưởng Ban Chỉ huy Quân sự xã",), None, "nam"),
    ("khong_chuyen_trach", ("Phó Chủ tịch Ủy ban MTTQ Việt Nam xã",), None, None),
    ("khong_chuyen_trach", ("Phó Bí thư Đoàn xã",), None, None),
    ("khong_chuyen_trach", ("Phó Chủ tịch Hội Liên hiệp Phụ nữ xã",), None, "nu"),
    ("khong_chuyen_trach", ("Phó Chủ tịch Hội Nông dân xã",), None, None),
    ("khong_chuyen_trach", ("Phó Chủ tịch Hội Cựu chiến binh xã",), None, "nam"),
    ("khong_chuyen_trach", ("Chủ tịch Hội Người cao tuổi xã",), None, None),
    ("khong_chuyen_trach", ("Chủ tịch Hội Chữ thập đỏ xã",), None, None),
    ("khong_chuyen_trach", ("Nhân viên Thú y xã",), None, None),
    ("khong_chuyen_trach", ("Nhân viên Khuyến nông xã",), None, None),
    ("dang_vien", ("Trưởng Công an xã",), None, "nam"),
    ("dang_vien", ("Phó Trưởng Công an xã",), None, "nam"),
    *(("dang_vien", (), None, None),) * 5,
)
# Who of `COMMUNE_STAFF` (by index) is in charge of which hamlet, attending its meetings.
IN_CHARGE = {
    "Bản Man": 1, "Bản Khản": 0, "Nà Mụ": 2, "Khuôn Thẳm": 3, "Bình Minh": 4, "Bản Lếch": 5, "Nà Coóc": 6,
}  # fmt: skip
# Each hamlet cell: members, the secretary's name (when the article gives it) and the commune
# official in its committee (category, commune posts, cell post, name).
HAMLET_CELLS = {
    "Nà Mụ": (18, None, ("can_bo", ("Chủ tịch Hội Nông dân xã",), "Phó Bí thư Chi bộ", None)),
    "Khuôn Thẳm": (17, None, ("cong_chuc", ("Công chức Địa chính - Nông nghiệp - Môi trường",),
                              "Chi ủy viên", None)),
    "Bình Minh": (21, None, ("can_bo", ("Phó Chủ tịch UBND xã",), "Chi ủy viên", None)),
    "Bản Man": (22, "Nông Văn Đốc", ("cong_chuc", ("Chỉ huy trưởng Ban Chỉ huy Quân sự xã",),
                                     "Chi ủy viên", None)),
    "Bản Khản": (20, "Vũ Văn Liệu", ("cong_chuc", ("Công chức Văn hóa - Xã hội",), "Chi ủy viên", None)),
    "Bản Lếch": (19, None, ("can_bo", ("Phó Bí thư Đảng ủy", "Chủ tịch UBND xã"), "Phó Bí thư Chi bộ",
                            "Hoàng Văn Quang")),
    "Nà Coóc": (16, None, ("cong_chuc", ("Công chức Tư pháp - Hộ tịch",), "Chi ủy viên", None)),
}  # fmt: skip
SCHOOL = "Trường Tiểu học và Trung học cơ sở Bình Phú"
# The other two cells besides the agencies': members, the head's posts, the deputy's (if any).
OTHER_CELLS = {
    "truong": (12, (f"Hiệu trưởng {SCHOOL}", "Bí thư Chi bộ"),
               (f"Phó Hiệu trưởng {SCHOOL}", "Phó Bí thư Chi bộ")),
    "tram_y_te": (8, ("Trạm trưởng Trạm Y tế xã Bình Phú", "Bí thư Chi bộ"), None),
}  # fmt: skip
# The six admitted in 2022 (the article's "kết nạp 6 đảng viên"), one in each of these cells, and
# the day; the first two came through the candidates' steps (`CANDIDATES`).
ADMITTED_2022 = (
    ("Bản Man", D(2022, 3, 26)), ("truong", D(2022, 5, 19)), ("Bản Khản", D(2022, 7, 1)),
    ("Bản Lếch", D(2022, 8, 19)), ("Nà Mụ", D(2022, 11, 7)), ("Bình Minh", D(2022, 12, 3)),
)  # fmt: skip
ABSENTEE_MONTHS = (3, 6, 9)  # of 2024: Bản Man's last member, absent without a reason
# The gaps of 2024: (cell, month) without a regular meeting, (cell, quarter) without a thematic one.
MISSED_MONTHS = {("Nà Mụ", 8), ("tram_y_te", 2)}
MISSED_QUARTERS = {("Khuôn Thẳm", 3), ("tram_y_te", 2)}
# The focus issue of a hamlet's regular meeting of each month, of an agency's, and of a quarter's
# thematic meeting (held in the quarter's second month: combined with the regular meeting in the
# even quarters, on its own on the 18th in the odd ones).
HAMLET_FOCUS = (
    "Vận động nhân dân đón Tết Nguyên đán vui tươi, an toàn, tiết kiệm",
    "Ra quân trồng rừng đầu xuân trên diện tích vừa khai thác",
    "Chăm sóc lúa xuân, phòng trừ sâu bệnh trên cây trồng",
    "Phòng, chống dịch bệnh trên đàn trâu, bò, lợn",
    "Vận động hộ nghèo vay vốn phát triển chăn nuôi",
    "Phòng, chống đuối nước cho trẻ em trong dịp hè",
    "Phòng, chống thiên tai, sạt lở đất mùa mưa lũ",
    "Vận động nhân dân hiến đất, góp công làm đường bê tông nội thôn",
    "Vận động trẻ em trong độ tuổi đến trường đầy đủ",
    "Thu hoạch lúa mùa, chuẩn bị đất trồng cây vụ đông",
    "Tổ chức Ngày hội Đại đoàn kết toàn dân tộc ở khu dân cư",
    "Kiểm điểm, đánh giá, xếp loại đảng viên cuối năm",
)
AGENCY_FOCUS = (
    "Phục vụ nhân dân đón Tết, trực cơ quan trong dịp nghỉ Tết",
    "Chấn chỉnh lề lối làm việc, kỷ luật, kỷ cương hành chính đầu năm",
    "Nâng cao chất lượng giải quyết thủ tục hành chính cho nhân dân",
    "Thực hiện nhiệm vụ chuyên môn quý II",
    "Sơ kết công tác chuyên môn năm học, chuẩn bị tổng kết",
    "Sơ kết 6 tháng thực hiện nghị quyết của chi bộ",
    "Phòng, chống dịch bệnh mùa hè, bảo đảm trực ứng cứu",
    "Chuẩn bị năm học mới, khám sức khỏe cho học sinh",
    "Thực hiện nghị quyết về cải cách hành chính, chuyển đổi số",
    "Thực hành tiết kiệm, chống lãng phí trong cơ quan, đơn vị",
    "Chuẩn bị kiểm điểm, đánh giá, xếp loại cuối năm",
    "Kiểm điểm, đánh giá, xếp loại đảng viên cuối năm",
)
THEMATIC_FOCUS = (
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về nêu gương của đảng viên",
    "Tạo nguồn, phát triển đảng viên trong đoàn viên thanh niên",
    "Xây dựng nông thôn mới, khu dân cư kiểu mẫu",
    "Nâng cao chất lượng sinh hoạt chi bộ theo Đề án 16-ĐA/TU",
)
# The candidates of Bình Phú: key, cell, source, steps [(stage, day)], introduced by the secretary
# and one member; the first two are two of those admitted in 2022 (`ADMITTED_2022`).
CANDIDATES = (
    ("ban-man-2022", "Bản Man", "doan_thanh_nien", "admitted"),
    ("truong-2022", "truong", "khac", "admitted"),
    ("ban-man-1", "Bản Man", "doan_thanh_nien", [("hoc_lop", D(2024, 3, 12))]),
    ("ban-man-2", "Bản Man", "hoi_phu_nu",
     [("hoc_lop", D(2023, 10, 10)), ("don", D(2024, 2, 20)), ("tham_tra", D(2024, 5, 15)),
      ("gioi_thieu", D(2024, 6, 5))]),
    ("ban-khan-1", "Bản Khản", "hoi_nong_dan", [("hoc_lop", D(2024, 4, 16)), ("don", D(2024, 6, 10))]),
    ("ban-lech-1", "Bản Lếch", "doan_thanh_nien",
     [("hoc_lop", D(2023, 9, 12)), ("don", D(2023, 11, 2)), ("tham_tra", D(2024, 2, 27)),
      ("gioi_thieu", D(2024, 4, 9)), ("nghi_quyet_chi_bo", D(2024, 6, 7))]),
)  # fmt: skip


def load_party_cells():
    """Insert what is missing of the demo's cells, meetings, indicators, recruitment, reviews and
    ratings; return how many documents each collection gained."""
    for document in (
        CellMeeting,
        ResolutionIndicators,
        RecruitmentTarget,
        Candidate,
        LocalityAssignment,
        LocalityVisit,
    ):
        document.ensure_indexes()
    counts = {}
    with remembering_extensions():
        from documents.demo_cell_review import load_reviews
        from documents.demo_party_cell_an_dinh import load_an_dinh
        from documents.demo_party_cell_indicators import load_loc_binh

        for part in (_binh_phu, load_an_dinh, load_loc_binh, load_reviews):
            for name, inserted in part().items():
                counts[name] = counts.get(name, 0) + inserted
    return counts


# People.


def _name(rng, gender, families=FAMILY_NAMES):
    middle = COMMON_MIDDLE_NAMES[gender] if rng.random() < 0.6 else rng.choice(MIDDLE_NAMES[gender])
    return f"{rng.choice(families)} {middle} {rng.choice(GIVEN_NAMES[gender])}"


def _post_start(title, place):
    if isinstance(place, PartyOrganization):
        return D(2020, 6, 20) if place.kind.startswith("dang_bo") else D(2022, 4, 15)
    return D(2022, 12, 10) if title.startswith("Trưởng thôn") else D(2021, 6, 28)


def demo_member(
    rng,
    key,
    unit,
    cell,
    category,
    posts=(),
    *,
    name=None,
    gender=None,
    born=(1958, 1996),
    admitted=None,
    admitted_by=2021,
    ethnicity=None,
    families=FAMILY_NAMES,
):
    """A party member of `cell` who lives or works in `unit`, holding `posts` [(title, the
    organization or unit of the post)], admitted on `admitted` (else a day of `admitted_by` or before)."""
    gender = gender or ("nu" if rng.random() < 0.4 else "nam")
    birth_year = rng.randint(*born)
    if admitted is None:
        year = rng.randint(max(birth_year + 19, 1975), min(birth_year + 40, admitted_by))
        admitted = D(year, rng.randint(1, 12), rng.randint(1, 28))
    official = admitted.replace(year=admitted.year + 1)
    return Person(
        id=object_id("person", f"demo-cell:{key}"),
        full_name=name or _name(rng, gender, families),
        gender=gender,
        birth_year=birth_year,
        ethnicity=ethnicity or rng.choices(ETHNICITIES, weights=ETHNICITY_WEIGHTS)[0],
        category=category,
        unit=unit,
        party_organization=cell,
        admitted_on=admitted,
        official_on=official if official <= vietnam_today() else None,
        positions=[
            Position(
                title=title,
                organization=place if isinstance(place, PartyOrganization) else None,
                unit=place if isinstance(place, Unit) else None,
                start=_post_start(title, place),
            )
            for title, place in posts
        ],
    )


def _posts(titles, cell, committee, unit):
    """Where each title is held: the cell, the commune committee or the unit."""

    def place(title):
        if "Chi bộ" in title or title == "Chi ủy viên":
            return cell
        return committee if "Đảng ủy" in title else unit

    return [(title, place(title)) for title in titles]


# Bình Phú.


def _planned_days(cells):
    """Give the cells of a database loaded before they had one their regular day (`cells`: by name),
    so that their meetings fall as on a fresh load."""
    from documents.demo_breakthrough_nhan_ly import BINH_PHU_CELLS, BINH_PHU_HAMLETS

    planned = {f"Chi bộ thôn {name}": day for name, day in BINH_PHU_HAMLETS}
    planned.update({name: day for _, name, day in BINH_PHU_CELLS})
    for name, cell in cells.items():
        if cell.meeting_day is None and name in planned:
            PartyOrganization.objects(pk=cell.pk, meeting_day=None).update_one(set__meeting_day=planned[name])
            cell.meeting_day = planned[name]


def _binh_phu():
    commune = Unit.objects(pk=object_id("unit", "CH-BP")).first()
    if commune is None:
        return {}
    committee = PartyOrganization.objects.get(pk=object_id("party_organization", "CH-BP"))
    cells = {c.name: c for c in PartyOrganization.objects(parent=committee)}
    _planned_days(cells)
    hamlets = {h.name: h for h in Unit.objects(parent=commune)}
    cell_of = {name: cells[f"Chi bộ thôn {name}"] for name in HAMLET_CELLS}
    cell_of["co_quan"] = cells["Chi bộ Cơ quan xã Bình Phú"]
    cell_of["truong"] = cells[f"Chi bộ {SCHOOL}"]
    cell_of["tram_y_te"] = cells["Chi bộ Trạm Y tế xã Bình Phú"]
    admitted = dict(ADMITTED_2022)
    loader = Loader()
    members = {}  # cell key: [secretary, deputy or committee member, ..., the others]
    rng = random.Random(f"{SEED}:BP:co_quan")
    members["co_quan"] = [
        demo_member(
            rng,
            f"BP:co_quan:{n}",
            commune,
            cell_of["co_quan"],
            category,
            _posts(titles, cell_of["co_quan"], committee, commune),
            name=name,
            gender=gender,
            born=(1965, 1992),
        )
        for n, (category, titles, name, gender) in enumerate(COMMUNE_STAFF, 1)
    ]
    for name, (size, secretary, (category, commune_posts, cell_post, official)) in HAMLET_CELLS.items():
        rng = random.Random(f"{SEED}:BP:{name}")
        cell, hamlet = cell_of[name], hamlets[name]
        deputy_is_official = cell_post.startswith("Phó")
        lead = ("Bí thư Chi bộ",) if deputy_is_official else ("Bí thư Chi bộ", "Trưởng thôn")
        people = [
            demo_member(
                rng,
                f"BP:{name}:1",
                hamlet,
                cell,
                "khong_chuyen_trach",
                _posts(lead, cell, committee, hamlet),
                name=secretary,
                gender="nam" if secretary else None,
                born=(1960, 1985),
            ),
            demo_member(
                rng,
                f"BP:{name}:2",
                commune,
                cell,
                category,
                [*_posts(commune_posts, cell, committee, commune), (cell_post, cell)],
                name=official,
                gender="nam" if official else None,
                born=(1970, 1990),
            ),
        ]
        third = ("Chi ủy viên", "Trưởng thôn") if deputy_is_official else ("Phó Bí thư Chi bộ",)
        people.append(
            demo_member(
                rng,
                f"BP:{name}:3",
                hamlet,
                cell,
                "khong_chuyen_trach",
                _posts(third, cell, committee, hamlet),
            )
        )
        people += [demo_member(rng, f"BP:{name}:{n}", hamlet, cell, "dang_vien") for n in range(4, size + 1)]
        members[name] = people
    for key, (size, head, deputy) in OTHER_CELLS.items():
        rng = random.Random(f"{SEED}:BP:{key}")
        cell = cell_of[key]
        leaders = [head, deputy, ("Chi ủy viên",)] if deputy else [head]
        people = [
            demo_member(
                rng,
                f"BP:{key}:{n}",
                commune,
                cell,
                "dang_vien",
                _posts(titles, cell, committee, commune),
                born=(1968, 1990),
            )
            for n, titles in enumerate(leaders, 1)
        ]
        people += [
            demo_member(rng, f"BP:{key}:{n}", commune, cell, "dang_vien", born=(1975, 1998))
            for n in range(len(leaders) + 1, size + 1)
        ]
        members[key] = people
    for key, day in ADMITTED_2022:  # the youngest member of the cell, the last but one listed
        young = members[key][-2]
        young.birth_year = random.Random(f"{SEED}:BP:{key}:2022").randint(1996, 2003)
        young.admitted_on, young.official_on = day, day.replace(year=day.year + 1)
    for people in members.values():
        for person in people:
            loader.add(person)
    candidates = _candidates(loader, hamlets, commune, cell_of, members, admitted)
    counts = loader.finish()
    counts["candidates"] = insert_new(Candidate._get_collection(), candidates)
    body = IssuingBody.objects(pk=object_id("issuing_bodies", "TQ:CH-BP:dang_uy")).first()
    assignments = {}
    for name, index in IN_CHARGE.items():
        assignment = LocalityAssignment(
            id=object_id("locality_assignments", f"demo-cell:BP:{name}"),
            person=members["co_quan"][index],
            unit=hamlets[name],
            role="phu_trach",
            start=IN_CHARGE_FROM,
            body=body,
        )
        assignment.validate()
        assignments[name] = assignment
    counts["locality_assignments"] = insert_new(
        LocalityAssignment._get_collection(), [a.to_mongo() for a in assignments.values()]
    )
    meetings = []
    absentee = members["Bản Man"][-1]
    for key, people in members.items():
        hamlet = key in HAMLET_CELLS
        guest = members["co_quan"][IN_CHARGE[key]] if hamlet else None
        meetings += cell_meetings(
            cell_of[key],
            people,
            meeting_months(FIRST_MONTH, vietnam_today()),
            hamlet=hamlet,
            guest=guest,
            every_time=key == "Bản Man",
            missed=lambda year, month, key=key: _missed(key, year, month),
            absent=({(2024, m): absentee.pk for m in ABSENTEE_MONTHS} if key == "Bản Man" else {}),
        )
    counts.update(insert_meetings(meetings))
    from documents.demo_party_cell_indicators import BINH_PHU_2022, indicators

    counts["resolution_indicators"] = indicators(
        "CH-BP:2022",
        committee,
        "Nghị quyết của Ban Chấp hành Đảng bộ xã về nhiệm vụ năm 2022",
        2022,
        BINH_PHU_2022,
        D(2022, 12, 20),
        "Báo cáo tổng kết năm 2022: 16/16 chỉ tiêu đạt và vượt.",
    )
    target = RecruitmentTarget(
        id=object_id("recruitment_targets", "CH-BP:2022"),
        organization=committee,
        year=2022,
        target=5,
        source="Nghị quyết của Ban Chấp hành Đảng bộ xã về nhiệm vụ năm 2022",
    )
    target.validate()
    counts["recruitment_targets"] = insert_new(RecruitmentTarget._get_collection(), [target.to_mongo()])
    return counts


def _missed(key, year, month):
    """(no regular meeting, no thematic one) for the cell `key` in the month: the gaps of 2024, a few
    drawn later (Bản Man misses nothing)."""
    quarter = (month - 1) // 3 + 1
    if year == 2024:
        return (key, month) in MISSED_MONTHS, (key, quarter) in MISSED_QUARTERS
    if key == "Bản Man" or year < 2024:
        return False, False
    draw = random.Random(f"{SEED}:missed:{key}:{year}-{month}")
    return draw.random() < SKIPPED_LATER, draw.random() < SKIPPED_LATER


def _candidates(loader, hamlets, commune, cell_of, members, admitted):
    rows = []
    for key, cell_key, source, steps in CANDIDATES:
        rng = random.Random(f"{SEED}:candidate:{key}")
        people = members[cell_key]
        if steps == "admitted":
            person = people[-2]
            day = admitted[cell_key]
            steps = [
                ("hoc_lop", day - datetime.timedelta(days=300)),
                ("don", day - datetime.timedelta(days=240)),
                ("tham_tra", day - datetime.timedelta(days=150)),
                ("gioi_thieu", day - datetime.timedelta(days=90)),
                ("nghi_quyet_chi_bo", day - datetime.timedelta(days=60)),
                ("nghi_quyet_dang_uy", day - datetime.timedelta(days=45)),
                ("quyet_dinh", day - datetime.timedelta(days=14)),
                ("ket_nap", day),
                ("du_bi", day),
                ("chinh_thuc", day.replace(year=day.year + 1)),
            ]
        else:
            gender = "nu" if source == "hoi_phu_nu" else "nam" if rng.random() < 0.6 else "nu"
            place = hamlets.get(cell_key, commune)
            person = Person(
                id=object_id("person", f"demo-cell:candidate:{key}"),
                full_name=_name(rng, gender),
                gender=gender,
                birth_year=rng.randint(1996, 2004),
                ethnicity=rng.choices(ETHNICITIES, weights=ETHNICITY_WEIGHTS)[0],
                category="quan_chung",
                unit=place,
            )
            loader.add(person)
        introduced = any(stage == "gioi_thieu" for stage, _ in steps)
        candidate = Candidate(
            id=object_id("candidates", f"demo-cell:{key}"),
            person=person,
            organization=cell_of[cell_key],
            source=source,
            steps=[AdmissionStep(stage=stage, day=day) for stage, day in steps],
            introducers=[people[0], people[3]] if introduced else [],
        )
        candidate.validate()
        rows.append(candidate.to_mongo())
    return rows


# Meetings.


def meeting_months(first, today):
    year, month = first
    while (year, month) <= (today.year, today.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def cell_meetings(
    cell,
    people,
    months,
    *,
    hamlet,
    guest=None,
    every_time=False,
    missed=None,
    absent=None,
    focus=None,
    place_word="thôn",
):
    """The meetings of `cell` in `months` up to today: the regular one on its day each month, the
    thematic one in each quarter's second month (combined in the even quarters); each the same
    whatever the day it is made (its own generator)."""
    today = vietnam_today()
    found = []
    for year, month in months:
        rng = random.Random(f"{SEED}:{cell.pk}:{year}-{month}")
        no_regular, no_thematic = missed(year, month) if missed else (False, False)
        quarter = (month - 1) // 3 + 1
        thematic = month % 3 == 2 and not no_thematic
        day = _working(D(year, month, cell.meeting_day), hamlet)
        held = []
        if not no_regular:
            held.append((day, "ket_hop" if thematic and quarter % 2 == 0 else "thuong_ky"))
        if thematic and (quarter % 2 == 1 or no_regular):
            held.append((_working(D(year, month, 18), hamlet), "chuyen_de"))
        for day, kind in held:
            if day > today:
                continue
            monthly = focus or (HAMLET_FOCUS if hamlet else AGENCY_FOCUS)
            topic = (
                THEMATIC_FOCUS[quarter - 1] if kind != "thuong_ky" else monthly[(month - 1) % len(monthly)]
            )
            invited = [guest] if guest is not None and (every_time or rng.random() < GUEST_SHARE) else []
            found.append(
                _meeting(
                    rng,
                    cell,
                    people,
                    day,
                    kind,
                    topic,
                    hamlet,
                    invited,
                    (absent or {}).get((year, month)),
                    place_word,
                )
            )
    return found


def _working(day, hamlet):
    """A hamlet cell meets on its day in the evening; an agency's on the next working day."""
    while not hamlet and day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


HOURS = {
    (True, "thuong_ky"): ("19:30", "21:15"),
    (True, "ket_hop"): ("19:00", "21:15"),
    (True, "chuyen_de"): ("19:30", "21:30"),
    (False, "thuong_ky"): ("14:00", "15:45"),
    (False, "ket_hop"): ("13:30", "15:45"),
    (False, "chuyen_de"): ("14:00", "16:00"),
}


def _meeting(rng, cell, people, day, kind, focus, hamlet, guests, absentee, place_word):
    listed = [p for p in people if p.admitted_on <= day]
    secretary = _holder(listed, ("Bí thư Chi bộ",)) or listed[0]
    clerk = _holder(listed, ("Chi ủy viên", "Phó Bí thư Chi bộ")) or listed[-1]
    attendance = []
    for person in listed:
        if person.pk == absentee:
            attendance.append(Attendance(person=person, present=False))
        elif rng.random() < ABSENT_SHARE and person not in (secretary, clerk):
            attendance.append(Attendance(person=person, present=False, reason=rng.choice(REASONS)))
        else:
            attendance.append(Attendance(person=person))
    start, end = HOURS[(hamlet, kind)]
    doer = rng.choice([p for p in listed if p not in (secretary, clerk)] or listed)
    subject = focus[0].lower() + focus[1:]
    last = month_end(day.year, day.month)
    where = f"trong {place_word}" if hamlet else "trong cơ quan, đơn vị"
    return CellMeeting(
        id=object_id("cell_meetings", f"{cell.pk}:{day.isoformat()}:{kind}"),
        organization=cell,
        day=day,
        start=start,
        end=end,
        kind=kind,
        focus=focus,
        committee_met_on=day - datetime.timedelta(days=3),
        notified_on=day - datetime.timedelta(days=2),
        chair=secretary,
        secretary=clerk,
        attendance=attendance,
        guests=guests,
        conclusions=(
            f"Chi bộ đánh giá kết quả thực hiện nghị quyết tháng trước, thống nhất tập trung lãnh đạo "
            f"{subject}; mỗi đảng viên nêu gương, vận động gia đình và quần chúng {where} cùng thực hiện."
        ),
        resolution=(
            f"Nghị quyết: {focus}; chi ủy phân công đảng viên phụ trách, báo cáo kết quả tại kỳ sinh "
            "hoạt sau."
        ),
        tasks=[
            MemberTask(
                assignee=secretary.full_name,
                task="Chỉ đạo, đôn đốc thực hiện nghị quyết của chi bộ",
                due=last,
            ),
            MemberTask(assignee=doer.full_name, task=f"Vận động các hộ được phân công: {subject}", due=last),
        ],
    )


def _holder(people, titles):
    """The first of `people` holding one of the cell posts `titles`."""
    return next((p for p in people if any(post.title in titles for post in p.positions)), None)


def insert_meetings(meetings):
    """Insert the meetings not stored yet, with the visits they count for their guests."""
    collection = CellMeeting._get_collection()
    stored = set(collection.distinct("_id", {"_id": {"$in": [m.pk for m in meetings]}}))
    new = [m for m in meetings if m.pk not in stored]
    for meeting in new:
        meeting.validate()
    inserted = insert_new(collection, [m.to_mongo() for m in new])
    with_guests = [m for m in new if m.guests]
    for first in range(0, len(with_guests), 100):
        some = with_guests[first : first + 100]

        def write(session, some=some):
            for meeting in some:
                write_visits(session, meeting.pk, meeting)

        in_transaction(write)
    visits = LocalityVisit._get_collection().count_documents(
        {"meeting": {"$in": [m.pk for m in with_guests]}}
    )
    return {"cell_meetings": inserted, "locality_visits": visits}
