"""What the visits of a period came to (`documents.locality_support.visits_in_period`): visits by
purpose, problems by level and follow-up, support by kind adding up, per unit and period, checked
against hand counts and a count of the stored visits."""

import datetime

from documents import LocalityVisit
from documents.locality_support import visits_filter, visits_in_period
from documents.locality_visit import SupportItem
from tests.test_locality_assignments import assign, place  # noqa: F401  (fixture, helper)

DAY = datetime.date


def visit(assignment, day, *support, **fields):
    items = [SupportItem(kind=k, quantity=q, measure=m, value=v) for k, q, m, v in support]
    return LocalityVisit(assignment=assignment, day=day, support=items, **fields).save()


def test_a_period_adds_up_its_visits_problems_and_support(place):  # noqa: F811
    phong_doan_ket = assign(place)
    officer_commune = assign(place, who="officer", unit="nam_quan", role="phu_trach")
    visit(
        phong_doan_ket,
        DAY(2024, 3, 5),
        ("Loa đài", 2, "chiếc", 6_000_000),
        ("Cờ Tổ quốc", 40, "lá", 2_000_000),
    )
    visit(
        phong_doan_ket,
        DAY(2024, 4, 5),
        ("Cờ Tổ quốc", 10, "lá", 500_000),
        purpose="ho_tro",
        problems="Đường vào thôn xuống cấp.",
        proposed_to="xa",
    )
    visit(officer_commune, DAY(2024, 4, 20), problems="Thiếu nhà văn hóa.", proposed_to="huyen",
          follow_up="da_giai_quyet")  # fmt: skip
    visit(officer_commune, DAY(2024, 6, 1), ("Xi măng", 1.5, "tấn", 2_700_000))  # after the period

    found = visits_in_period(place["nam_quan"], DAY(2024, 3, 1), DAY(2024, 5, 31))
    assert (found.visits, found.people, found.localities) == (3, 2, 2)
    assert found.by_purpose == [("Dự sinh hoạt chi bộ", 2), ("Hỗ trợ cơ sở", 1)]
    assert found.problems == 2
    assert found.by_level == [("Đảng ủy, UBND xã", 1), ("Cấp huyện", 1)]
    assert found.by_follow_up == [("Chờ xử lý", 1), ("Đã giải quyết", 1)]
    assert [(r.kind, r.measure, r.quantity, r.value, r.visits) for r in found.support] == [
        ("Loa đài", "chiếc", 2, 6_000_000, 1),
        ("Cờ Tổ quốc", "lá", 50, 2_500_000, 2),
    ]
    assert found.support_value == 8_500_000 == sum(r.value for r in found.support)

    # The hamlet counts its own visits only; the commune's are not below it.
    hamlet = visits_in_period(place["doan_ket"], DAY(2024, 1, 1), DAY(2024, 12, 31))
    assert (hamlet.visits, hamlet.support_value) == (2, 8_500_000)
    # Another commune has none, and says so with zeros.
    other = visits_in_period(place["nhan_ly"], DAY(2024, 1, 1), DAY(2024, 12, 31))
    assert (other.visits, other.people, other.support, other.support_value) == (0, 0, [], 0)
    # A whole year, independently: the stored visits of the district in 2024 and their values.
    raw = visits_filter(place["district"], DAY(2024, 1, 1), DAY(2024, 12, 31))
    stored = list(LocalityVisit._get_collection().find(raw))
    year = visits_in_period(place["district"], DAY(2024, 1, 1), DAY(2024, 12, 31))
    assert year.visits == len(stored) == 4
    assert (
        year.support_value
        == sum(item["value"] for v in stored for item in v.get("support", []))
        == 11_200_000
    )


def test_a_scope_narrows_the_period(place):  # noqa: F811
    phong_doan_ket = assign(place)
    visit(phong_doan_ket, DAY(2024, 3, 5), ("Loa đài", 1, "chiếc", 3_000_000))
    elsewhere = {"ancestors": place["nhan_ly"].pk}
    found = visits_in_period(place["district"], DAY(2024, 1, 1), DAY(2024, 12, 31), scope=elsewhere)
    assert (found.visits, found.support_value) == (0, 0)
    mine = {"ancestors": place["nam_quan"].pk}
    found = visits_in_period(place["district"], DAY(2024, 1, 1), DAY(2024, 12, 31), scope=mine)
    assert (found.visits, found.support_value) == (1, 3_000_000)
