"""The monthly visit rate against hand-counted data: an assignment ended mid-month (prorated), one
started mid-month, a month without visits (flagged after two), a cadre in charge of two hamlets,
household assignments left out, the account's scope; each figure also counted straight from
MongoDB by `counted_by_hand`."""

import datetime
from fractions import Fraction

import pytest
from flask import g
from mongoengine.connection import get_db

from admin import scope
from documents import LocalityAssignment, LocalityRule, LocalityVisit, User
from documents.locality_visits import (
    Month,
    month_glance,
    month_of,
    not_visited,
    parse_month,
    visit_rate,
)
from tests.test_locality_assignments import assign, place  # noqa: F401  (fixture, helper)

DAY = datetime.date
MARCH = Month(2024, 3)


def visit(assignment, *days):
    for day in days:
        LocalityVisit(assignment=assignment, day=day).save()


@pytest.fixture
def month(place):  # noqa: F811
    """March 2024 (31 days) in Nam Quan and Nhân Lý, Mr. Phong in charge of two hamlets."""
    found = dict(
        # Ended on the 15th, visited once: owes 15/31 of a visit, made it.
        ended=assign(place, unit="doan_ket", end=DAY(2024, 3, 15)),
        # Mr. Phong's second hamlet: last visited in January, nothing in February nor March.
        quiet=assign(place, unit="na_pai"),
        # Started on the 20th: 12 days, owes 12/31, never visited.
        started=assign(place, who="officer", unit="doan_ket", start=DAY(2024, 3, 20)),
        # The commune itself, visited twice: counts once toward the rate.
        twice=assign(place, who="officer", unit="nam_quan"),
        # Nhân Lý's hamlet, visited: outside Nam Quan's scope.
        elsewhere=assign(place, unit="ban_chanh"),
        # Ended in February, visited then; the same officer's new assignment there from March 1.
        before=assign(place, who="officer", unit="na_pai", end=DAY(2024, 2, 29)),
        again=assign(place, who="officer", unit="na_pai", start=DAY(2024, 3, 1)),
        # A party member's households: not a locality visit, left out with its visit.
        households=assign(place, who="member", households=place["homes"]),
    )
    visit(found["ended"], DAY(2024, 2, 5), DAY(2024, 3, 10))
    visit(found["quiet"], DAY(2023, 12, 12), DAY(2024, 1, 20))
    visit(found["twice"], DAY(2024, 2, 26), DAY(2024, 3, 5), DAY(2024, 3, 25))
    visit(found["elsewhere"], DAY(2024, 3, 2))
    visit(found["before"], DAY(2024, 2, 10))
    visit(found["households"], DAY(2024, 3, 12))
    return found


def counted_by_hand(unit_id, month, scope_id=None):
    """(assignments, expected visit-days, visits made, counted visit-days), from the raw records."""
    db = get_db()
    first, last = month.first, month.last
    totals = [0, 0, 0, 0]
    for row in db.locality_assignments.find({"ancestors": unit_id}):
        start, end = row["start"].date(), row.get("end") and row["end"].date()
        if row.get("households") or start > last or (end and end < first):
            continue
        if scope_id is not None and scope_id not in row["ancestors"]:
            continue
        days = (min(end or last, last) - max(start, first)).days + 1
        made = sum(
            first <= v["day"].date() <= last for v in db.locality_visits.find({"assignment": row["_id"]})
        )
        for n, value in enumerate((1, days, made, min(made * month.days, days))):
            totals[n] += value
    return tuple(totals)


def test_the_rate_of_a_month_by_hand(month, place):  # noqa: F811
    found = visit_rate(place["district"], MARCH)
    # ended 15 + quiet 31 + started 12 + twice 31 + elsewhere 31 + again 31 = 151 visit-days;
    # made: 1 + 0 + 0 + 2 + 1 + 0 = 4; counted: 15 + 31 (of 62) + 31 = 77.
    assert (found.assignments, found.expected_days, found.made, found.counted_days) == (6, 151, 4, 77)
    assert found.expected == Fraction(151, 31) and found.rate == Fraction(7700, 151)
    assert round(found.rate, 1) == 51.0
    assert (6, 151, 4, 77) == counted_by_hand(place["district"].pk, MARCH)
    # Everywhere (one district here) is the same; one commune is its share.
    assert visit_rate(None, MARCH).counted_days == 77
    nhan_ly = visit_rate(place["nhan_ly"], MARCH)
    assert (nhan_ly.expected_days, nhan_ly.made, nhan_ly.rate) == (31, 1, 100)
    assert (1, 31, 1, 31) == counted_by_hand(place["nhan_ly"].pk, MARCH)


def test_a_commune_editor_sees_only_their_commune(app, month, place):  # noqa: F811
    with app.test_request_context():
        g.user = User.objects(username="xa").get()
        visible = scope.visible_filter(LocalityAssignment)
        # The whole district asked for, seen from Nam Quan: Nhân Lý's hamlet is left out.
        found = visit_rate(place["district"], MARCH, scope=visible)
        gaps = not_visited(place["district"], MARCH, scope=visible)
    assert (found.assignments, found.expected_days, found.made, found.counted_days) == (5, 120, 3, 46)
    assert (5, 120, 3, 46) == counted_by_hand(place["district"].pk, MARCH, place["nam_quan"].pk)
    assert found.rate == Fraction(4600, 120)  # 38,3 %
    assert gaps.total == 3
    with app.test_request_context():
        g.user = User.objects(username="xakhac").get()
        visible = scope.visible_filter(LocalityAssignment)
        assert visit_rate(place["district"], MARCH, scope=visible).counted_days == 31
        assert not_visited(place["district"], MARCH, scope=visible).total == 0


def test_who_has_not_visited_where_and_for_how_long(month, place):  # noqa: F811
    found = not_visited(place["district"], MARCH)
    assert (found.total, found.flagged) == (3, 1)
    rows = [(row.assignment, row.last_visit, row.months, row.flagged) for row in found.rows]
    assert rows == [
        # Since January 20: February and March without a visit, flagged (rule: 2 months).
        (month["quiet"].pk, DAY(2024, 1, 20), 2, True),
        # Lý Thị Hoa, two assignments (in creation order): started on the 20th, never visited;
        (month["started"].pk, None, 1, False),
        # and Nà Pái again: her last visit there (February, the ended assignment) still counts.
        (month["again"].pk, DAY(2024, 2, 10), 1, False),
    ]
    quiet, started = found.rows[0], found.rows[1]
    assert (quiet.person, quiet.role, quiet.locality, quiet.commune) == (
        "Vi Văn Phong",
        "Hỗ trợ",
        "Thôn Nà Pái",
        "xã Nam Quan",
    )
    assert quiet.gap_text == "2 tháng liền chưa về"
    assert started.gap_text == "Chưa về lần nào từ khi phân công (20/03/2024), 1 tháng"
    # The same by hand: running in March, not households, no visit dated in March.
    db = get_db()
    march = {"$gte": datetime.datetime(2024, 3, 1), "$lte": datetime.datetime(2024, 3, 31)}
    visited = set(db.locality_visits.distinct("assignment", {"day": march}))
    by_hand = {
        row["_id"]
        for row in db.locality_assignments.find({"start": {"$lte": march["$lte"]}})
        if not row.get("households")
        and (row.get("end") is None or row["end"] >= march["$gte"])
        and row["_id"] not in visited
    }
    assert by_hand == {row.assignment for row in found.rows}


def test_months_without_a_visit_add_up_and_are_flagged(month, place):  # noqa: F811
    """Mr. Phong's second hamlet: one month in February, two in March (flagged), three in April."""
    quiet = month["quiet"].pk

    def gap(year, number):
        rows = not_visited(place["na_pai"], Month(year, number)).rows
        found = [(row.months, row.flagged, row.gap_text) for row in rows if row.assignment == quiet]
        return found[0] if found else None

    assert gap(2024, 1) is None  # visited on January 20
    assert gap(2024, 2) == (1, False, "1 tháng liền chưa về")
    assert gap(2024, 3) == (2, True, "2 tháng liền chưa về")
    assert gap(2024, 4) == (3, True, "3 tháng liền chưa về")
    # Never visited since the 20th of March: flagged in April, the second month.
    april = not_visited(place["doan_ket"], Month(2024, 4))
    assert [(row.assignment, row.months, row.flagged) for row in april.rows] == [
        (month["started"].pk, 2, True)
    ]


def test_the_rule_in_force_is_read_from_data(month, place):  # noqa: F811
    """A rule from January 2024 asking two visits a month, flagged at three months."""
    LocalityRule(name="Quy định mới", from_day=DAY(2024, 1, 1), visits_per_month=2, months_flagged=3).save()
    found = visit_rate(place["district"], MARCH)
    # Twice everything expected: 302; counted: ended 1×31 of 30, twice 62 of 62, elsewhere 31 of 62.
    assert (found.expected_days, found.made, found.counted_days) == (302, 4, 30 + 62 + 31)
    assert not_visited(place["district"], MARCH).flagged == 0
    # Before it, Nghị quyết 77's one visit.
    assert visit_rate(place["district"], Month(2023, 12)).expected_days == 5 * 31


def test_the_home_panel_glance(month, place):  # noqa: F811
    expected, made, rate, flagged, longest = month_glance(place["district"], MARCH, longest=2)
    assert (expected, made, rate, flagged) == (Fraction(151, 31), 4, Fraction(7700, 151), 1)
    # Those longest without a visit: the first rows of the visit-rate page's list, in its order.
    listed = not_visited(place["district"], MARCH, limit=2).rows
    assert [(g.assignment, g.months, g.flagged) for g in longest] == [
        (g.assignment, g.months, g.flagged) for g in listed
    ]
    assert longest and longest[0].flagged and sum(g.flagged for g in listed) == 1
    assert month_glance(place["nhan_ly"], MARCH) == (1, 1, 100, 0, [])


def test_a_month_with_nothing_to_count(place):  # noqa: F811
    found = visit_rate(place["district"], MARCH)
    assert (found.assignments, found.expected, found.made, found.rate) == (0, 0, 0, None)
    assert not_visited(place["district"], MARCH).total == 0


@pytest.mark.parametrize(
    "typed, found",
    [("2024-03", Month(2024, 3)), ("03/2024", Month(2024, 3)), (" 2024-12 ", Month(2024, 12))],
)
def test_a_month_as_typed(typed, found):
    assert parse_month(typed, DAY(2025, 1, 15)) == found
    assert month_of(DAY(2024, 3, 17)) == month_of((2024, 3)) == Month(2024, 3)


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", "theo dạng năm-tháng"),
        ("2024-13", "theo dạng năm-tháng"),
        ("2024-3x", "theo dạng năm-tháng"),
        ("24-03", "theo dạng năm-tháng"),
        ("2025-02", "không được sau tháng này (01/2025)"),
        ("1999-12", "từ 01/2000"),
    ],
)
def test_a_month_refused(typed, message):
    with pytest.raises(ValueError) as refused:
        parse_month(typed, DAY(2025, 1, 15))
    assert message in str(refused.value)


def test_a_visit_under_the_persons_other_assignment_there_is_said(month, place):  # noqa: F811
    """Mr. Phong, also supporting Đoàn Kết from March 1, visited it on the 10th under the assignment
    that ended on the 15th: the new one is not visited, and its line says he came under the other."""
    extra = assign(place, unit="doan_ket", role="ho_tro", start=DAY(2024, 3, 1))
    row = next(row for row in not_visited(place["district"], MARCH).rows if row.assignment == extra.pk)
    assert (row.last_visit, row.months, row.flagged) == (DAY(2024, 3, 10), 0, False)
    assert row.gap_text == "Đã về ngày 10/03/2024 theo phân công khác, chưa về theo phân công này"


def test_the_month_not_over_yet_is_not_counted_as_one_without_a_visit(place):  # noqa: F811
    """Today's month: a cadre last there two months back has gone one month without (the one
    between), one there last month none yet; the month counts once it is over."""
    from documents.base import vietnam_today

    today = vietnam_today()
    this = Month(today.year, today.month)
    back = [Month(*divmod(this.index - n, 12)) for n in (1, 2, 3)]
    back = [Month(m.year, m.month + 1) for m in back]  # divmod gives months 0 to 11
    last_month = assign(place, unit="doan_ket", start=back[2].first)
    two_back = assign(place, unit="na_pai", start=back[2].first)
    visit(last_month, back[0].first)
    visit(two_back, back[1].first)
    rows = {row.assignment: row for row in not_visited(place["nam_quan"], this).rows}
    assert (rows[last_month.pk].months, rows[last_month.pk].gap_text) == (0, "Chưa về trong tháng này")
    assert (rows[two_back.pk].months, rows[two_back.pk].flagged) == (1, False)
    # The month before, over: the first visited in it, the second one month without.
    rows = {row.assignment: row for row in not_visited(place["nam_quan"], back[0]).rows}
    assert last_month.pk not in rows and (rows[two_back.pk].months, rows[two_back.pk].flagged) == (1, False)
