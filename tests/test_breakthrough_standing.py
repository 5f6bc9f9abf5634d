"""Where a task stands on a day: the share of a term gone, term tasks at risk, overdue tasks, and
the achievement after each check-in day that the summaries and the evaluation read."""

import datetime
from decimal import Decimal

import pytest

from documents.breakthrough import CheckIn, Reading, share_gone, standing
from documents.breakthrough_target import Target
from tests.test_breakthrough_tasks import new_task

day = datetime.date


@pytest.mark.parametrize(
    ("start", "end", "on", "gone"),
    [
        (2021, 2025, day(2020, 12, 31), "0"),
        (2021, 2025, day(2022, 12, 31), "40"),  # two years of five
        (2021, 2025, day(2025, 12, 31), "100"),
        (2021, 2025, day(2030, 1, 1), "100"),
        (2022, 2022, day(2022, 7, 2), "50.1"),  # 183 days of 365
    ],
)
def test_share_of_the_period_gone(start, end, on, gone):
    assert share_gone(start, end, on) == Decimal(gone)


@pytest.mark.parametrize(
    ("state", "kind", "achieved", "on", "expected"),
    [
        ("exceeded", "nam", 120, day(2022, 12, 31), "exceeded"),
        ("finished", "nam", 100, day(2022, 12, 31), "on_time"),
        ("not_finished", "nam", 20, day(2022, 12, 31), "not_done"),
        ("carried_over", "nam", 20, day(2022, 12, 31), "behind"),
        ("in_progress", "nam", 90, day(2022, 12, 31), "open"),  # its last day: not yet overdue
        ("in_progress", "nam", 90, day(2023, 1, 1), "behind"),  # overdue
        ("in_progress", "nhiem_ky", 39.9, day(2022, 12, 31), "behind"),  # below 40% of the term gone
        ("in_progress", "nhiem_ky", 40, day(2022, 12, 31), "on_time"),
        ("in_progress", "nhiem_ky", None, day(2021, 6, 1), "behind"),  # nothing reported yet
        ("assigned", "nhiem_ky", 0, day(2020, 12, 31), "on_time"),  # before the term starts
    ],
)
def test_standing_on_a_day(state, kind, achieved, on, expected):
    end = 2022 if kind == "nam" else 2025
    start = 2022 if kind == "nam" else 2021
    assert standing(state, kind, start, end, achieved, on) == expected


def test_achievement_after_each_check_in_day_is_stored(task_place):
    """The recruitment task of Nhân Lý: 50% of the target in 2020, 87% in 2021."""
    task = new_task(
        task_place,
        period_kind="nhiem_ky",
        start_year=2020,
        end_year=2025,
        targets=[Target(key="c1", indicator="Kết nạp đảng viên", measure="%", baseline=0, target=100)],
        check_ins=[
            CheckIn(day=day(2021, 12, 31), readings=[Reading(key="c1", value=87)], by="a"),
            CheckIn(day=day(2020, 12, 31), readings=[Reading(key="c1", value=50)], by="a"),
        ],
    )
    stored = type(task).objects.get(pk=task.pk)
    assert [(p.day, p.percent) for p in stored.progress] == [
        (day(2020, 12, 31), 50.0),
        (day(2021, 12, 31), 87.0),
    ]
    assert stored.achieved == 87.0
    assert stored.achievement_on(day(2020, 6, 30)) is None
    assert stored.achievement_on(day(2021, 6, 30)) == Decimal(50)
    # 2021 ends with 2 of 6 years gone (33,3%): 87% is on schedule; mid-2020 nothing reported yet.
    assert stored.standing_on(day(2021, 12, 31)) == "on_time"
    assert stored.standing_on(day(2020, 6, 30)) == "behind"
    assert stored.standing_on(day(2026, 1, 1)) == "behind"
