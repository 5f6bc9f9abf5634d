"""Percent achieved of a breakthrough task's targets, and the task's weighted achievement."""

from decimal import Decimal

import pytest
from mongoengine.errors import ValidationError

from documents.breakthrough import QUALITATIVE_PERCENT, BreakthroughTask, Target


def numeric(direction, baseline, target, actual, weight=1):
    return Target(
        indicator="x", direction=direction, baseline=baseline, target=target, actual=actual, weight=weight
    )


def qualitative(actual):
    return Target(
        indicator="Môi trường",
        direction="qualitative",
        actual=actual,
        level_1="Chưa",
        level_2="Một phần",
        level_3="Đạt",
    )


@pytest.mark.parametrize(
    ("direction", "baseline", "target", "actual", "percent"),
    [
        ("higher", 0, 630, 73.8, "11.7"),  # forest planting: 73,8 ha of 630 ha, a zero baseline
        ("higher", 50, 100, 87, "74"),  # recruitment from 50% towards 100%
        ("higher", 10, 20, 20, "100"),
        ("higher", 10, 20, 25, "150"),  # exceeded
        ("higher", 10, 20, 8, "0"),  # wrong side of the baseline
        ("higher", 10, 20, 10, "0"),
        ("lower", 12, 0, 3, "75"),  # cases down from 12 towards a zero target
        ("lower", 12, 4, 0, "150"),  # exceeded downwards
        ("lower", 12, 4, 15, "0"),  # worse than the baseline
        ("higher", 100, 100, 100, "100"),  # equal baseline and target, kept
        ("higher", 100, 100, 99, "0"),
        ("lower", 0, 0, 0, "100"),  # zero cases to keep at zero
        ("lower", 0, 0, 1, "0"),
        ("higher", 0, 0, 0, "100"),
    ],
)
def test_target_percent_numeric(direction, baseline, target, actual, percent):
    assert numeric(direction, baseline, target, actual).percent == Decimal(percent)


def test_target_percent_qualitative_levels():
    assert [qualitative(k).percent for k in (1, 2, 3)] == [0, 50, 100]
    assert QUALITATIVE_PERCENT == {1: 0, 2: 50, 3: 100}
    assert qualitative(2).shown(2) == "Mức 2: Một phần"


def test_target_missing_actual_has_no_percent():
    target = numeric("higher", 0, 10, None)
    assert target.percent is None
    assert target.percent_text == "chưa có"
    assert qualitative(None).percent is None


def test_percent_text_is_vietnamese():
    assert numeric("higher", 0, 630, 73.8).percent_text == "11,7%"
    assert numeric("higher", 0, 10, 10).percent_text == "100%"
    assert numeric("higher", 0, 10, 0).percent_text == "0%"


def test_task_achievement_weighted_mean_of_measured_targets():
    task = BreakthroughTask(
        targets=[
            numeric("higher", 0, 10, 10, weight=3),  # 100
            numeric("lower", 10, 0, 10, weight=1),  # 0
            numeric("higher", 0, 10, None, weight=5),  # no actual: left out
        ]
    )
    assert task.achievement == Decimal(75)
    assert task.achievement_text == "75%"
    assert BreakthroughTask(targets=[numeric("higher", 0, 1, None)]).achievement is None
    assert BreakthroughTask().achievement_text == "chưa có"


@pytest.mark.parametrize(
    ("target", "field"),
    [
        (numeric("higher", 10, 5, None), "target"),
        (numeric("lower", 5, 10, None), "target"),
        (Target(indicator="x", direction="higher", target=5), "baseline"),
        (numeric("higher", 0, 5, None, weight=0), "weight"),
        (Target(indicator="x", direction="qualitative", level_1="a"), "level_2"),  # the first empty one
        (Target(indicator="x", direction="qualitative", level_1="a", level_2="b"), "level_3"),
        (qualitative(4), "actual"),
        (qualitative(1.5), "actual"),
    ],
)
def test_target_refused_in_vietnamese(target, field):
    with pytest.raises(ValidationError) as refused:
        target.validate()
    assert field in refused.value.errors
    assert refused.value.errors[field].message[0].isupper()
