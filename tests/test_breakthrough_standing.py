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
        ("in_progress", "nam", 90, day(2022, 12, 31), "behind"),  # its last day, 90% of 100% gone
        ("in_progress", "nam", 100, day(2022, 12, 31), "on_time"),
        ("in_progress", "nam", 100, day(2023, 1, 1), "behind"),  # overdue
        # Within its year, by its progress: 30/06/2022 is 181/365 = 49.6% of 2022 gone.
        ("in_progress", "nam", 49.5, day(2022, 6, 30), "behind"),
        ("in_progress", "nam", 49.6, day(2022, 6, 30), "on_time"),
        ("assigned", "nam", None, day(2022, 3, 31), "behind"),  # nothing reported by the quarter's end
        ("registered", "nam", None, day(2022, 3, 31), "open"),  # not yet approved: not counted
        ("in_progress", "nhiem_ky", 39.9, day(2022, 12, 31), "behind"),  # below 40% of the term gone
        ("in_progress", "nhiem_ky", 40, day(2022, 12, 31), "on_time"),
        ("in_progress", "nhiem_ky", None, day(2021, 6, 1), "behind"),  # nothing reported yet
        ("assigned", "nhiem_ky", 0, day(2020, 12, 31), "open"),  # before the term starts
    ],
)
def test_standing_on_a_day(state, kind, achieved, on, expected):
    end = 2022 if kind == "nam" else 2025
    start = 2022 if kind == "nam" else 2021
    assert standing(state, kind, start, end, achieved, on) == expected


@pytest.mark.parametrize(
    ("state", "achieved", "on", "evaluated", "expected"),
    [
        # Nhân Lý, Q2 2022: exceeded in December, 40,7% on 30/06 (49,6% of the year gone): behind.
        ("exceeded", 40.7, day(2022, 6, 30), day(2022, 12, 20), "behind"),
        ("exceeded", 60, day(2022, 6, 30), day(2022, 12, 20), "on_time"),
        ("exceeded", 105, day(2022, 12, 20), day(2022, 12, 20), "exceeded"),  # on the day evaluated
        # The day before: 353/365 = 96,7% gone.
        ("exceeded", 40.7, day(2022, 12, 19), day(2022, 12, 20), "behind"),
        # The year's verdict, though the evaluation was recorded after the year.
        ("exceeded", 90, day(2022, 12, 31), day(2023, 1, 15), "exceeded"),
        ("not_finished", 80, day(2022, 9, 30), day(2023, 1, 15), "on_time"),  # 273/365 = 74,8% gone
        ("not_finished", 80, day(2022, 12, 31), day(2023, 1, 15), "not_done"),
        ("finished", 100, day(2022, 6, 30), day(2022, 6, 15), "on_time"),  # done early
        ("carried_over", 10, day(2022, 3, 31), day(2022, 12, 30), "behind"),  # 24,7% gone, 10% done
        ("carried_over", 30, day(2022, 3, 31), day(2022, 12, 30), "on_time"),
        ("finished", 30, day(2022, 3, 31), None, "on_time"),  # day unknown: as evaluated
    ],
)
def test_a_task_stands_by_its_progress_until_it_is_evaluated(state, achieved, on, evaluated, expected):
    assert standing(state, "nam", 2022, 2022, achieved, on, evaluated) == expected


def test_the_evaluation_is_dated_or_taken_from_the_last_check_in(task_place):
    """A move to a final state dates the evaluation; a task loaded in its final state (the demo)
    counts as evaluated on its last check-in day, before which it stands by its progress."""
    one_target = [Target(key="c1", indicator="Kết nạp đảng viên", measure="%", baseline=0, target=100)]
    task = new_task(task_place, state="in_progress", targets=one_target)
    task.add_check_in(day(2022, 6, 30), {"c1": 40.7}, "", "xa")
    task.add_check_in(day(2022, 12, 20), {"c1": 105}, "", "xa")
    task.move_to("exceeded", day(2022, 12, 22))
    task.save()
    stored = type(task).objects.get(pk=task.pk)
    assert stored.evaluated_on == day(2022, 12, 22) == stored.evaluation_day
    assert [stored.standing_on(d) for d in (day(2022, 6, 30), day(2022, 12, 21), day(2022, 12, 22))] == [
        "behind",  # 40,7% of 49,6%
        "on_time",  # 105%
        "exceeded",
    ]
    loaded = new_task(
        task_place,
        state="exceeded",
        targets=one_target,
        check_ins=[
            CheckIn(day=day(2022, 12, 20), readings=[Reading(key="c1", value=105)], by="a"),
            CheckIn(day=day(2022, 6, 30), readings=[Reading(key="c1", value=40.7)], by="a"),
        ],
    )
    assert loaded.evaluated_on is None and loaded.evaluation_day == day(2022, 12, 20)
    assert (loaded.standing_on(day(2022, 6, 30)), loaded.standing_on(day(2022, 12, 20))) == (
        "behind",
        "exceeded",
    )
    assert new_task(task_place, state="in_progress").evaluation_day is None


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


def test_a_term_task_evaluated_early_is_at_risk_on_a_day_before_its_evaluation(task_place):
    """The summary's at-risk list reads the day as `standing_on` does: a term task finished in
    2024 was behind on 31/12/2023 if its progress then was below the share of the term gone."""
    from documents import breakthrough_summary as summaries

    one_target = [Target(key="c1", indicator="Rừng trồng", measure="ha", baseline=0, target=630)]
    early = new_task(
        task_place,
        state="in_progress",
        period_kind="nhiem_ky",
        start_year=2021,
        end_year=2025,
        targets=one_target,
    )
    early.add_check_in(day(2023, 6, 30), {"c1": 126}, "", "xa")  # 20% with 60% of the term gone
    early.add_check_in(day(2024, 5, 30), {"c1": 640}, "", "xa")
    early.move_to("exceeded", day(2024, 6, 1))
    early.save()
    unit = task_place["nam_quan"]
    on = day(2023, 12, 31)
    assert early.standing_on(on) == "behind"
    assert [t["content"] for t in summaries.at_risk_tasks(unit, 2023, on)] == [early.content]
    assert summaries.at_risk_tasks(unit, 2024, day(2024, 12, 31)) == []


def test_a_term_task_awaiting_approval_is_open_not_at_risk(task_place):
    """A self-registered term task not yet approved stands «open» (`standing`), so the at-risk list
    and count leave it out however little it has achieved; once approved it is at risk."""
    from documents import breakthrough_summary as summaries

    one_target = [Target(key="c1", indicator="Rừng trồng", measure="ha", baseline=0, target=630)]
    waiting = new_task(
        task_place,
        origin="tu_dang_ky",
        state="registered",
        period_kind="nhiem_ky",
        start_year=2021,
        end_year=2025,
        targets=one_target,
    )
    unit, on = task_place["nam_quan"], day(2023, 12, 31)
    assert waiting.standing_on(on) == "open"
    assert summaries.at_risk_tasks(unit, 2023, on) == []
    assert summaries.at_risk_count(unit, 2023, on) == 0
    waiting.state = "approved"
    waiting.save()
    assert waiting.standing_on(on) == "behind"
    assert [t["content"] for t in summaries.at_risk_tasks(unit, 2023, on)] == [waiting.content]
    assert summaries.at_risk_count(unit, 2023, on) == 1
