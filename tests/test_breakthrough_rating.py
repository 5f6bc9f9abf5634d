"""Rating under Quy định 366-QĐ/TW: the rule's points and levels at each boundary, the steps, a cadre
with two posts, the unit's evaluation table and quota, against hand counts."""

import datetime

import pytest
from mongoengine.errors import NotUniqueError, ValidationError

from documents import CadreRating, HistoryEntry, Person, Position, RatingRule
from documents.breakthrough_rating_table import rating_table
from tests.test_breakthrough_tasks import new_task

YEAR = 2022


def counts(exceeded=0, on_time=0, behind=0, not_done=0):
    return {"exceeded": exceeded, "on_time": on_time, "behind": behind, "not_done": not_done, "open": 0}


@pytest.mark.parametrize(
    ("total", "tasks", "level"),
    [
        # Excellent: ≥ 90, every task on time, at least 30% exceeded (3 of 10 exactly).
        (90, counts(exceeded=3, on_time=7), "xuat_sac"),
        (89.9, counts(exceeded=3, on_time=7), "tot"),
        (95, counts(exceeded=2, on_time=8), "tot"),  # 20% exceeded: not enough
        (95, counts(exceeded=3, on_time=6, behind=1), "hoan_thanh"),  # one behind: not all on time
        # Good: 70 to < 90, every task on time.
        (70, counts(on_time=5), "tot"),
        (69.9, counts(on_time=5), "hoan_thanh"),
        # Done: 50 to < 70, every task done, at most 20% behind (1 of 5 exactly).
        (50, counts(on_time=4, behind=1), "hoan_thanh"),
        (80, counts(on_time=4, behind=1), "hoan_thanh"),
        (49.9, counts(on_time=4, behind=1), "khong_hoan_thanh"),
        (60, counts(on_time=3, behind=2), "khong_hoan_thanh"),  # 40% behind
        (60, counts(on_time=9, not_done=1), "khong_hoan_thanh"),  # a task not done
    ],
)
def test_rule_levels_at_each_boundary(app, total, tasks, level):
    assert RatingRule.in_force(YEAR).suggest(total, tasks) == level


def test_rule_task_points_weighted_capped_and_cut(app):
    rule = RatingRule.in_force(YEAR)
    assert rule.task_points_for(counts(on_time=4)) == 70
    # (1.2 + 1 + 0.5 + 0) / 4 × 70 = 47.25, cut to 47.2
    assert str(rule.task_points_for(counts(exceeded=1, on_time=1, behind=1, not_done=1))) == "47.2"
    assert rule.task_points_for(counts(exceeded=5)) == 70  # 84 capped at 70
    assert rule.task_points_for(counts()) == 0


def test_a_stored_rule_replaces_the_default_from_its_year(app):
    RatingRule(name="Quy định thử", from_year=2023, good_min=75).save()
    assert RatingRule.in_force(2022).good_min == 70 and RatingRule.in_force(2022).pk is None
    assert RatingRule.in_force(2024).good_min == 75
    assert RatingRule.in_force(2024).suggest(72, counts(on_time=1)) == "hoan_thanh"
    with pytest.raises(ValidationError) as refused:
        RatingRule(from_year=2026, general_points=40).save()
    assert "cộng lại phải là 100" in str(refused.value)


def finished(place, state="finished", **fields):
    return new_task(place, state=state, **fields)


def evaluation(place, **fields):
    values = dict(person=place["cadre"], body=place["body"], year=YEAR)
    return CadreRating(**{**values, **fields}).save()


def test_evaluation_counts_tasks_proposes_points_and_keeps_steps_in_history(task_place):
    for _ in range(3):
        finished(task_place, state="exceeded")
    for _ in range(7):
        finished(task_place)
    finished(task_place, start_year=2021)  # another year: not considered
    rating = evaluation(task_place)
    assert (rating.exceeded, rating.on_time, rating.behind, rating.not_done) == (3, 7, 0, 0)
    assert len(rating.tasks) == 10 and rating.post == "Chủ tịch UBND xã"
    assert rating.task_points == 70 and rating.suggested == "tot" and rating.state == "draft"
    with pytest.raises(ValidationError) as refused:
        rating.take_step("proposal", "tot", "", "huyen", general_points=20)
    assert "Bước tiếp theo là «Cá nhân tự đánh giá»" in str(refused.value)
    rating.take_step("self", "xuat_sac", "Tự nhận", "xa", general_points=20)
    rating.save()
    assert rating.total == 90 and rating.suggested == "xuat_sac" and rating.state == "self_assessed"
    rating.take_step("proposal", "xuat_sac", "", "huyen", general_points=19.9)
    rating.save()
    assert rating.total == 89.9 and rating.suggested == "tot" and rating.state == "proposed"
    with pytest.raises(ValidationError) as refused:
        rating.take_step("decision", "xuat_sac", "  ", "huyen")
    assert (
        refused.value.errors["comment"].message
        == "Mức xếp loại khác mức gợi ý «Hoàn thành tốt nhiệm vụ»: hãy ghi lý do."
    )
    rating.take_step("decision", "xuat_sac", "Có thành tích đột xuất", "huyen")
    rating.save()
    rating.reload()
    assert rating.state == "decided" and rating.level == "xuat_sac"
    assert [(s.step, s.by) for s in rating.steps] == [
        ("self", "xa"),
        ("proposal", "huyen"),
        ("decision", "huyen"),
    ]
    finished(task_place, state="not_finished")  # a later change does not move a decided rating
    rating.save()
    assert rating.not_done == 0 and len(rating.tasks) == 10
    actions = [e.action for e in HistoryEntry.objects(record_id=rating.pk).order_by("version")]
    assert actions[0] == "create" and len(actions) == 4


def test_decision_on_the_suggested_level_needs_no_reason(task_place):
    finished(task_place)
    rating = evaluation(task_place)
    rating.take_step("self", "tot", "", "xa", general_points=25)
    rating.take_step("proposal", "tot", "", "huyen", general_points=25)
    rating.take_step("decision", "tot", "", "huyen")
    rating.save()
    assert rating.level == "tot" and rating.steps[-1].general_points == 25


def test_general_points_are_checked_against_the_rule(task_place):
    rating = evaluation(task_place)
    with pytest.raises(ValidationError) as refused:
        rating.take_step("self", "tot", "", "xa", general_points=31)
    assert "từ 0 đến 30" in str(refused.value)


def test_a_cadre_with_two_posts_is_evaluated_in_each_once(task_place):
    cadre = task_place["cadre"]
    cadre.positions.append(Position(title="Phó Bí thư Đảng ủy xã", start=datetime.date(2021, 6, 1)))
    cadre.save()
    finished(task_place)  # post: Chủ tịch UBND xã (the first current post)
    finished(task_place, post="Phó Bí thư Đảng ủy xã", state="not_finished")
    first = evaluation(task_place, post="Chủ tịch UBND xã")
    second = evaluation(task_place, post="Phó Bí thư Đảng ủy xã")
    assert (first.on_time, first.not_done) == (1, 0) and (second.on_time, second.not_done) == (0, 1)
    quarter = evaluation(task_place, post="Chủ tịch UBND xã", quarter=2)
    assert quarter.period_text == "Quý II năm 2022"
    with pytest.raises(NotUniqueError):
        evaluation(task_place, post="Chủ tịch UBND xã")


def test_term_tasks_stand_as_of_the_quarter_end(task_place):
    task = new_task(task_place, period_kind="nhiem_ky", start_year=2021, end_year=2025, state="in_progress")
    task.add_check_in(datetime.date(2022, 3, 1), {"c1": 60, "c2": 3}, "", "xa")  # 20% and 100%: 60%
    task.save()
    year_task = new_task(task_place, state="in_progress")  # a one-year task, nothing reported
    waiting = new_task(task_place, state="registered")  # registered, not yet approved
    rating = evaluation(task_place, quarter=1)
    by_id = {t.task: t.standing for t in rating.tasks}
    # By 31/03/2022 the term 2021–2025 is 455/1826 = 24.9% gone; 60% achieved: on time. The year
    # 2022 is 90/365 = 24.7% gone and the year task has reported nothing: behind.
    assert by_id == {task.pk: "on_time", year_task.pk: "behind", waiting.pk: "open"}
    assert rating.open == 1 and rating.task_points == 52.5  # (1 + 0.5) / 2 × 70
    yearly = evaluation(task_place)
    assert {t.task: t.standing for t in yearly.tasks}[year_task.pk] == "behind"  # overdue at 31/12


def cadre(place, name, unit=None, post="Chủ tịch UBND xã"):
    return Person(
        full_name=name,
        gender="nam",
        birth_year=1980,
        category="can_bo",
        unit=unit or place["nam_quan"],
        positions=[Position(title=post, start=datetime.date(2021, 1, 1))],
    ).save()


def test_the_evaluation_table_against_a_hand_count(task_place):
    """Nam Quan 2022: Tâm 2 exceeded + 1 on time; Bình 1 on time, 1 behind, 1 not done; Nhân Lý's
    cadre is not under Nam Quan; 2021 tasks are not in 2022."""
    binh = cadre(task_place, "Lý Văn Bình", post="Bí thư Đoàn xã")
    other = cadre(task_place, "Nông Thị Hà", unit=task_place["nhan_ly"])
    finished(task_place, state="exceeded")
    finished(task_place, state="exceeded")
    finished(task_place)
    finished(task_place, person=binh)
    finished(task_place, person=binh, state="carried_over")
    finished(task_place, person=binh, state="not_finished")
    finished(task_place, person=binh, start_year=2021)
    finished(task_place, person=other, unit=task_place["nhan_ly"])
    table = rating_table(task_place["nam_quan"], YEAR)
    rows = [(c["name"], c["post"], c["counts"], c["task_points"], len(c["tasks"])) for c in table["cadres"]]
    assert rows == [
        # By given name, as Vietnamese lists sort people: Bình before Tâm.
        (
            "Lý Văn Bình",
            "Bí thư Đoàn xã",
            counts(on_time=1, behind=1, not_done=1),
            35.0,
            3,
        ),  # (1 + 0.5) / 3 × 70
        ("Hoàng Văn Tâm", "Chủ tịch UBND xã", counts(exceeded=2, on_time=1), 70.0, 3),
    ]
    assert table["day"] == datetime.date(2022, 12, 31)
    assert all(c["body"] == task_place["body"].pk for c in table["cadres"])


def test_a_task_with_actuals_typed_and_no_check_in_counts_its_achievement_now(task_place):
    from documents.breakthrough import Target

    task = new_task(
        task_place,
        state="in_progress",
        period_kind="nhiem_ky",
        start_year=2021,
        end_year=2025,
        targets=[Target(indicator="Rừng trồng mới", measure="ha", baseline=0, target=10, actual=5)],
    )
    (row,) = rating_table(task_place["nam_quan"], YEAR)["cadres"][0]["tasks"]
    # 50% achieved; by 31/12/2022 the term is 730/1826 = 40% gone: on time.
    assert row["id"] == task.pk and row["achieved"] == 50 and row["standing"] == "on_time"


def progress_task(place, content, state, readings):
    """A one-year 2022 task of one target (0 → 100%), loaded as the demo loads it: `readings`
    [(day, percent)] as check-ins, `state` set directly (no evaluation day: its last check-in's)."""
    from documents.breakthrough import CheckIn, Reading, Target

    return new_task(
        place,
        content=content,
        state=state,
        targets=[Target(key="c1", indicator="Tỷ lệ", measure="%", baseline=0, target=100)],
        check_ins=[CheckIn(day=d, readings=[Reading(key="c1", value=v)], by="xa") for d, v in readings],
    )


def test_a_quarter_counts_where_tasks_stood_on_its_last_day(task_place):
    """Nam Quan, Q2 2022 (30/06: 181/365 = 49,6% of the year gone): a task exceeded in December
    stood at 40,7% (behind), not at its final state; a running task at 60% is on time. The year
    (31/12) counts the first as exceeded and the second, unevaluated at 60%, behind."""
    exceeded = progress_task(
        task_place,
        "Vượt chỉ tiêu cuối năm",
        "exceeded",
        [(datetime.date(2022, 6, 30), 40.7), (datetime.date(2022, 12, 20), 105)],
    )
    running = progress_task(task_place, "Đang làm", "in_progress", [(datetime.date(2022, 6, 30), 60)])
    (quarter,) = rating_table(task_place["nam_quan"], YEAR, quarter=2)["cadres"]
    stood = {t["id"]: (t["standing"], t["achieved"]) for t in quarter["tasks"]}
    assert stood == {exceeded.pk: ("behind", 40.7), running.pk: ("on_time", 60)}
    assert quarter["counts"] == counts(on_time=1, behind=1) and quarter["task_points"] == 52.5  # 1.5 / 2 × 70
    (year,) = rating_table(task_place["nam_quan"], YEAR)["cadres"]
    assert {t["id"]: t["standing"] for t in year["tasks"]} == {exceeded.pk: "exceeded", running.pk: "behind"}
    assert year["counts"] == counts(exceeded=1, behind=1) and year["task_points"] == 59.5  # 1.7 / 2 × 70


def test_a_quarter_of_one_year_tasks_on_schedule_is_not_failed(task_place):
    """Q1 2022 (31/03: 90/365 = 24,7% gone), one task at 30%: it counts on time, 70 task points,
    so 70 in all with no general points yet: «Hoàn thành tốt», not «Không hoàn thành»."""
    progress_task(task_place, "Đang làm", "in_progress", [(datetime.date(2022, 3, 15), 30)])
    rating = evaluation(task_place, quarter=1)
    assert (rating.on_time, rating.open, rating.task_points, rating.suggested) == (1, 0, 70, "tot")
