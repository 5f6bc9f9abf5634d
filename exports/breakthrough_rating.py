"""Phiếu đánh giá, xếp loại cán bộ (việc đột phá): a cadre's tasks of a year (or quarter) with
their targets (target, actual and percent as of the period's last day) and where each stood, then
the points and the level of each step of their evaluation, one part per post they are evaluated in
(Quy định 366-QĐ/TW: a person with several posts is evaluated in each).

Parameters (`document.parameters`): {"year": 2022, "person": "<id>"}, optionally "quarter": 1–4.
Where each task stood is the evaluation's own record once there is one (a decided rating keeps
what it was decided on), else counted now by the same query (`cadre_tasks`)."""

from decimal import Decimal

from bson import ObjectId
from bson.errors import InvalidId
from mongoengine.errors import ValidationError

from documents import text
from documents.base import field_error
from documents.breakthrough import BreakthroughTask
from documents.breakthrough_rating import COUNTED_STANDINGS, CadreRating, RatingRule, standing_day
from documents.breakthrough_rating_table import cadre_tasks
from documents.constants import QUARTERS, RATING_LEVELS, RATING_STEPS, TASK_STANDINGS, label
from documents.person import Person
from documents.unit import in_sentence

DOCUMENT_TYPE = "BC"
TEMPLATE = "documents/breakthrough_rating.html"
PARAMETERS = ("year", "person")
TASK_COLUMNS = ("STT", "Việc đột phá, đổi mới", "Chỉ tiêu", "Mục tiêu", "Thực hiện", "Đạt", "Kết quả")
TASK_FIELDS = ("content", "post", "targets", "check_ins", "state", "period_kind", "start_year", "end_year")


def summary(unit, document_type, parameters=None):
    parameters = parameters or {}
    period = _period(parameters.get("year"), parameters.get("quarter"))
    person = _person(parameters.get("person"), required=False)
    whose = f" của đồng chí {person.full_name}" if person else ""
    return " ".join(f"kết quả thực hiện việc đột phá, đổi mới và đánh giá, xếp loại {period}{whose}".split())


def rows(document):
    """The rows the sheet prints: the cadre's tasks of the year (none while the draft names no
    cadre or year: `gather` says what is missing)."""
    try:
        person, year, _ = _parameters(document)
    except ValidationError:
        return 0
    return BreakthroughTask.objects(person=person.pk).in_year(year).count()


def gather(document, day):
    person, year, quarter = _parameters(document)
    on = standing_day(year, quarter, day)
    rule = RatingRule.in_force(year)
    tasks = list(
        BreakthroughTask.objects(person=person.pk)
        .in_year(year)
        .only(*TASK_FIELDS)
        .order_by("post", "sort_name")
    )
    ratings = {r.post: r for r in CadreRating.objects(person=person.pk, year=year, quarter=quarter)}
    posts = list(dict.fromkeys([*(t.post or "" for t in tasks), *ratings]))
    return {
        "unit": in_sentence(document.unit),
        "person": person.full_name,
        "birth_year": person.birth_year,
        "person_unit": str(person.unit) if person.unit else "",
        "period": _period(year, quarter),
        "day": on.strftime("%d/%m/%Y"),
        "rule": str(rule),
        "posts": [_post(person, post, year, on, tasks, ratings.get(post), rule) for post in posts],
    }


def _post(person, post, year, on, tasks, rating, rule):
    """One post's part: the tasks with their targets, the counts, the points and the steps."""
    if rating is not None:
        standings = {t.task: (t.standing, t.achieved) for t in rating.tasks}
    else:
        standings = {
            r["_id"]: (r["standing"], r.get("achieved")) for r in cadre_tasks(person.pk, post, year, on)
        }
    table = []
    for task in (t for t in tasks if (t.post or "") == post and t.pk in standings):
        standing, achieved = standings[task.pk]
        targets = [_target(task, target, on) for target in task.targets] or [["", "", "", ""]]
        table.append(
            {
                "content": task.content,
                "targets": targets,
                "achieved": _percent(achieved),
                "standing": label(TASK_STANDINGS, standing),
            }
        )
    counts = {s: sum(standings[t][0] == s for t in standings) for s in (*COUNTED_STANDINGS, "open")}
    task_points = rating.task_points if rating is not None else float(rule.task_points_for(counts))
    return {
        "post": post,
        "columns": list(TASK_COLUMNS),
        "tasks": table,
        "counts": counts,
        "total_tasks": len(standings),
        "task_points": _points(task_points),
        "task_points_max": _points(rule.task_points),
        "general_points": None
        if rating is None or rating.general_points is None
        else _points(rating.general_points),
        "general_points_max": _points(rule.general_points),
        "total": None if rating is None else _points(rating.total),
        "suggested": label(
            RATING_LEVELS, rating.suggested if rating is not None else rule.suggest(task_points, counts)
        ),
        "rated": rating is not None,
        "steps": [
            {
                "step": label(RATING_STEPS, s.step),
                "level": label(RATING_LEVELS, s.level),
                "general_points": "" if s.general_points is None else _points(s.general_points),
                "comment": s.comment or "",
                "by": s.by or "",
                "on": s.at.strftime("%d/%m/%Y") if s.at else "",
            }
            for s in (rating.steps if rating is not None else [])
        ],
    }


def _target(task, target, on):
    """[indicator, target, actual, percent] as of `on`: the last reading up to that day."""
    series = [value for day, value in task.series(target.key) if day <= on]
    actual = series[-1] if series else (None if task.check_ins else target.actual)
    aim = "Mức 3" if target.qualitative else target.shown(target.target)
    return [target.indicator, aim, target.shown(actual), _percent(target.percent_of(actual))]


def _parameters(document):
    """The cadre, year and quarter the draft names; refused at the parameters when they are wrong."""
    parameters = document.parameters or {}
    try:
        year = int(parameters.get("year"))
    except (TypeError, ValueError):
        raise field_error("parameters", "Phiếu đánh giá cần năm đánh giá (year).") from None
    quarter = parameters.get("quarter")
    if quarter not in (None, "", *range(1, 5), *map(str, range(1, 5))):
        raise field_error("parameters", "Quý phải từ 1 đến 4.")
    return _person(parameters.get("person")), year, int(quarter) if quarter else None


def _person(value, required=True):
    try:
        person = Person.objects(pk=ObjectId(str(value))).first() if value else None
    except InvalidId:
        person = None
    if person is None and required:
        raise field_error("parameters", "Phiếu đánh giá cần một cán bộ (person): không có cán bộ này.")
    return person


def _period(year, quarter=None):
    if not year:
        return ""
    return f"{label(QUARTERS, int(quarter)).replace('Quý', 'quý')} năm {year}" if quarter else f"năm {year}"


def _points(value):
    return text.figure(value or 0)


def _percent(value):
    if value is None:
        return ""
    value = value.normalize() if isinstance(value, Decimal) else value
    return f"{text.figure(value)}%"
