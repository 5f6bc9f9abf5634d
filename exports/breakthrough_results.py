"""Báo cáo kết quả thực hiện việc đột phá, đổi mới of a unit for a year (kind `ket_qua_dot_pha`):
the counts, in the sentence and tables of the console's summary page (the same named queries,
`documents.breakthrough_summary.summary`, and the same chart), then a table per cadre and task
with each target's target, actual and percent and the task's state.

The year is the draft's parameter (`document.parameters["year"]`); figures are as of the
printing day, or 31/12 of a past year (`as_of`): each target's actual is its last check-in on or
before that day, and the task's achievement the one it had then, as on the summary page and the
cadre's evaluation sheet."""

from documents import BreakthroughTask
from documents.breakthrough_conditions import as_of, tasks_filter
from documents.breakthrough_target import QUALITATIVE_LEVELS, percent_text
from documents.constants import TASK_STATES, label
from documents.text import figure
from documents.unit import in_sentence
from exports import chart

DOCUMENT_TYPE = "BC"
TEMPLATE = "documents/breakthrough_results.html"
PARAMETERS = ("year",)
COLUMNS = ("STT", "Nội dung việc", "Thời hạn", "Chỉ tiêu", "Mục tiêu", "Thực hiện", "Tỷ lệ đạt", "Trạng thái")
TASK_FIELDS = ("content", "person", "post", "period_kind", "start_year", "end_year", "state", "targets",
               "check_ins", "progress", "sort_name")  # fmt: skip


def summary(unit, document_type, parameters=None):
    year = (parameters or {}).get("year")
    when = f" năm {year}" if year else ""
    return f"kết quả thực hiện việc đột phá, đổi mới{when} của {in_sentence(unit)}"


def year_of(document, day):
    return int((document.parameters or {}).get("year") or day.year)


def rows(document):
    """The rows the report prints, counted: one per task (and a heading per cadre)."""
    raw = tasks_filter(document.unit, year_of(document, _today()))
    collection = BreakthroughTask._get_collection()
    return collection.count_documents(raw) + len(collection.distinct("person", raw))


def _today():
    from documents.official_document import vietnam_today

    return vietnam_today()


def state_chart(found, link=None):
    """The tasks by state as bars (`exports.chart`), the same on the summary page (each bar linked
    to its tasks by `link(criteria)`) and in the report."""
    bars = [(row["name"], row["tasks"], *((link(row["criteria"]),) if link else ())) for row in found.states]
    return chart.bars(bars, title=f"Việc theo trạng thái, năm {found.year}", unit="việc")


def gather(document, day):
    from documents.breakthrough_summary import summary as summarize
    from documents.person import Person

    unit, year = document.unit, year_of(document, day)
    on = as_of(year, day)
    found = summarize(unit, year, day=on)
    tasks = list(
        BreakthroughTask._get_collection()
        .find(tasks_filter(unit, year), projection=dict.fromkeys(TASK_FIELDS, 1))
        .sort([("sort_name", 1), ("_id", 1)])
    )
    people = {
        p["_id"]: p
        for p in Person._get_collection().find(
            {"_id": {"$in": list({t["person"] for t in tasks})}}, projection={"full_name": 1, "sort_name": 1}
        )
    }
    by_person = {}
    for task in tasks:
        by_person.setdefault(task["person"], []).append(task)
    order = sorted(by_person, key=lambda pk: (people.get(pk, {}).get("sort_name") or "", str(pk)))
    table_rows = []
    for number, pk in enumerate(order, 1):
        own = by_person[pk]
        posts = sorted({t.get("post") for t in own if t.get("post")})
        name = people.get(pk, {}).get("full_name", "")
        cadre = name + (f" ({', '.join(posts)})" if posts else "")
        table_rows.append({"number": str(number), "cadre": cadre, "tasks": len(own)})
        table_rows.extend(_task_row(f"{number}.{n}", task, on) for n, task in enumerate(own, 1))
    return {
        "unit": in_sentence(unit),
        "year": year,
        "day": found.day.strftime("%d/%m/%Y"),
        "persons": found.persons,
        "tasks": found.tasks,
        "sentence": found.sentence,
        "bodies": [[row["name"], row["persons"], row["tasks"]] for row in found.bodies],
        "origins": [[row["name"], row["persons"], row["tasks"]] for row in found.origins],
        "periods": [[row["name"], row["persons"], row["tasks"]] for row in found.periods],
        "states": [[row["name"], row["tasks"]] for row in found.states],
        "overdue": found.overdue,
        "at_risk": found.at_risk,
        "chart": str(state_chart(found)),
        "table": {"columns": list(COLUMNS), "rows": table_rows},
    }


def _task_row(number, raw, day):
    """A task's row as it stood on `day`: its targets one per line (indicator, target, actual,
    percent; `qualitative` marks the targets whose target and actual are a level's text, not a
    figure)."""
    task = BreakthroughTask._from_son(raw)
    targets = list(task.targets)
    actuals = [_actual_on(task, target, day) for target in targets]
    return {
        "number": number,
        "content": task.content or "",
        "period": _period(raw),
        "indicators": [t.indicator for t in targets],
        "targets": [_aim(t) for t in targets],
        "actuals": [_value(t, actual) for t, actual in zip(targets, actuals, strict=True)],
        "percents": [percent_text(t.percent_of(actual)) for t, actual in zip(targets, actuals, strict=True)],
        "qualitative": [t.qualitative for t in targets],
        "achieved": percent_text(task.achievement_on(day)),
        "state": label(TASK_STATES, task.state),
    }


def _actual_on(task, target, day):
    """The target's actual on `day`: that of its last check-in on or before it, or None."""
    known = [value for reported, value in task.series(target.key) if reported <= day]
    return known[-1] if known else None


def _aim(target):
    """A target's aim as printed: a qualitative target aims at its top level ("Mức 3")."""
    return f"Mức {QUALITATIVE_LEVELS}" if target.qualitative else _value(target, target.target)


def _value(target, value):
    if target.qualitative:
        return target.shown(value) if value is not None else "—"
    if value is None:
        return "—"
    shown = figure(value)
    return shown + target.measure if target.measure == "%" else f"{shown} {target.measure or ''}".strip()


def _period(task):
    if task.get("period_kind") == "nam" or task.get("end_year") in (None, task.get("start_year")):
        return f"Năm {task.get('start_year')}"
    return f"{task.get('start_year')}–{task.get('end_year')}"
