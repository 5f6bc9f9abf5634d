"""The demo's resolution indicators (`documents.demo_party_cell`): Bình Phú's 2022 (article 05,
16/16 met) and Lộc Bình's 2023 (article 04: 24/25, the sown area missed at 99.33%); what the
articles do not give is invented, as the rows say."""

import datetime

from documents.breakthrough_target import CheckIn, Reading, Target
from documents.demo import insert_new, object_id
from documents.demo_party_cell import BY, D
from documents.party_organization import PartyOrganization
from documents.resolution_indicator import ResolutionIndicators

# Bình Phú's 2022 indicators (indicator, measure, baseline, plan, actual): the first six as article
# 05 gives them (plans chosen to give its percents; the baseline of the poverty rate too), the
# other ten invented.
BINH_PHU_2022 = (
    ("Thu nhập bình quân đầu người", "triệu đồng", 0, 31.34, 32),
    ("Thu ngân sách nhà nước trên địa bàn", "triệu đồng", 0, 38.6, 39.1),
    ("Hộ gia đình, thôn bản đạt danh hiệu văn hóa", "%", 0, 85, 85.85),
    ("Tạo việc làm mới", "lao động", 0, 140, 160),
    ("Tỷ lệ hộ nghèo", "%", 20.5, 11.61, 10.99),
    ("Kết nạp đảng viên mới", "đảng viên", 0, 5, 6),
    ("Tổng diện tích gieo trồng cây hằng năm", "ha", 0, 1250, 1262),
    ("Sản lượng lương thực có hạt", "tấn", 0, 4800, 4890),
    ("Trồng rừng mới", "ha", 0, 120, 126.5),
    ("Tổng đàn trâu, bò", "con", 0, 2100, 2135),
    ("Tỷ lệ người dân tham gia bảo hiểm y tế", "%", 0, 95, 96.2),
    ("Tỷ lệ hộ dùng nước sinh hoạt hợp vệ sinh", "%", 0, 98, 98.5),
    ("Thanh niên nhập ngũ", "người", 0, 8, 8),
    ("Chi bộ hoàn thành tốt nhiệm vụ trở lên", "%", 0, 80, 90),
    ("Tiêu chí nông thôn mới đạt chuẩn", "tiêu chí", 0, 15, 15),
    ("Đường giao thông nông thôn được bê tông hóa", "km", 0, 3.5, 3.8),
)
# Lộc Bình's 2023 indicators: the sown area missed at 99.33% (2,085.93 of 2,100 ha planned), the
# other 24 invented and met.
LOC_BINH_2023 = (
    ("Tổng diện tích gieo trồng cây hằng năm", "ha", 0, 2100, 2085.93),
    ("Tổng sản lượng lương thực có hạt", "tấn", 0, 38500, 38900),
    ("Trồng rừng mới", "ha", 0, 1150, 1168),
    ("Tỷ lệ che phủ rừng", "%", 0, 58, 58.2),
    ("Thu ngân sách nhà nước trên địa bàn", "tỷ đồng", 0, 85, 91.3),
    ("Thu nhập bình quân đầu người", "triệu đồng", 0, 42, 42.6),
    ("Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ", "tỷ đồng", 0, 1650, 1702),
    ("Tỷ lệ hộ nghèo", "%", 15.6, 12.6, 12.3),
    ("Xã đạt chuẩn nông thôn mới (lũy kế)", "xã", 0, 9, 9),
    ("Đường giao thông nông thôn được cứng hóa", "km", 0, 45, 47.2),
    ("Tỷ lệ dân cư nông thôn dùng nước hợp vệ sinh", "%", 0, 98, 98.4),
    ("Tỷ lệ người dân tham gia bảo hiểm y tế", "%", 0, 96, 96.5),
    ("Trường đạt chuẩn quốc gia (lũy kế)", "trường", 0, 34, 35),
    ("Lao động được tạo việc làm mới", "lao động", 0, 1200, 1286),
    ("Tỷ lệ lao động qua đào tạo", "%", 0, 60, 61.5),
    ("Thôn, khu phố đạt danh hiệu văn hóa", "%", 0, 80, 82),
    ("Gia đình đạt danh hiệu văn hóa", "%", 0, 85, 86.4),
    ("Bác sĩ trên một vạn dân", "bác sĩ", 0, 8, 8.2),
    ("Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi", "%", 20, 18.5, 18.3),
    ("Thanh niên nhập ngũ", "người", 0, 180, 180),
    ("Kết nạp đảng viên mới", "đảng viên", 0, 150, 162),
    ("Tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên", "%", 0, 85, 88),
    ("Đảng viên hoàn thành tốt nhiệm vụ trở lên", "%", 0, 88, 90.1),
    ("Thôn, khu phố có cán bộ cấp huyện, cấp xã phụ trách", "%", 0, 100, 100),
    ("Hộ gia đình có đảng viên phụ trách", "%", 0, 100, 100),
)


def indicators(key, organization, resolution, year, rows, day, comment):
    """A resolution's indicators for `year`, their actuals reported once on `day`; returns how many
    records went in."""
    targets = [
        Target(
            key=f"c{n}",
            indicator=indicator,
            measure=measure,
            direction="lower" if plan < baseline else "higher",
            baseline=float(baseline),
            target=float(plan),
        )
        for n, (indicator, measure, baseline, plan, _) in enumerate(rows, 1)
    ]
    readings = [Reading(key=f"c{n}", value=float(row[4])) for n, row in enumerate(rows, 1)]
    at = datetime.datetime.combine(day, datetime.time(3))  # 10:00 in Vietnam, the same on every load
    record = ResolutionIndicators(
        id=object_id("resolution_indicators", key),
        organization=organization,
        resolution=resolution,
        period="nam",
        first_year=year,
        targets=targets,
        check_ins=[CheckIn(day=day, readings=readings, comment=comment, by=BY, at=at)],
    )
    record.validate()
    return insert_new(ResolutionIndicators._get_collection(), [record.to_mongo()])


def load_loc_binh():
    committee = PartyOrganization.objects(pk=object_id("party_organization", "LB")).first()
    if committee is None:
        return {}
    inserted = indicators(
        "LB:2023",
        committee,
        "Nghị quyết của Ban Chấp hành Đảng bộ huyện về nhiệm vụ phát triển kinh tế - xã hội, quốc phòng - "
        "an ninh, xây dựng Đảng và hệ thống chính trị năm 2023",
        2023,
        LOC_BINH_2023,
        D(2023, 12, 22),
        "Báo cáo tổng kết năm 2023: 24/25 chỉ tiêu đạt và vượt.",
    )
    return {"resolution_indicators": inserted}
