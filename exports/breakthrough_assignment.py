"""Quyết định giao việc đột phá, đổi mới: the decision by which a body gives the cadres of a unit
their breakthrough tasks for a year, with the tasks in its annex (one row per task, by cadre).

The tasks are those the document's issuing body gives (`BreakthroughTask.body`) that concern the
unit or a unit below it and run through the year (`tasks_assigned`): a year's own tasks and the
terms running through it. A registration not yet approved is no task given yet, so it is left out.
"""

from documents import BreakthroughTask, Person, RatingRule
from documents.constants import TASK_ORIGINS, label
from documents.unit import in_sentence
from exports.parameters import period_words

DOCUMENT_TYPE = "QĐ"
TEMPLATE = "documents/breakthrough_assignment.html"
PARAMETERS = ("year",)
COLUMNS = ("STT", "Họ và tên", "Chức vụ", "Nội dung việc", "Chỉ tiêu", "Thời hạn", "Nguồn gốc")
WIDTHS = (5, 13, 13, 27, 20, 10, 12)
NOT_GIVEN = ("registered",)  # registered by the cadre, not yet approved by the body
FIELDS = ("content", "person", "post", "origin", "period_kind", "start_year", "end_year", "targets",
          "sort_name")  # fmt: skip

# The grounds a decision cites, by rule book: a Party body's under its Statute and working rules,
# a state body's under the law on local government; then the evaluation rule in force on the
# decision's day (`RatingRule.citation`). The body's own grounds (its rule on breakthrough
# tasks...) are added as the draft's opening lines.
GROUNDS = {
    "dang_36": ("Căn cứ Điều lệ Đảng Cộng sản Việt Nam", "Căn cứ Quy chế làm việc của {body}"),
    "nha_nuoc_30": ("Căn cứ Luật Tổ chức chính quyền địa phương", "Căn cứ Quy chế làm việc của {body}"),
}
# What the collective signing "T/M ..." or "TM. ..." decides as: "Ban Thường vụ" of a Huyện ủy.
ON_BEHALF = ("T/M", "TM.")


def summary(unit, document_type, parameters):
    period = period_words(parameters)
    return f"về việc giao việc đột phá, đổi mới {period} cho cán bộ {in_sentence(unit)}".replace("  ", " ")


def tasks_assigned(body, unit, year):
    """The tasks `body` gives that concern `unit` (at it or below) and run through `year`."""
    return BreakthroughTask.objects(body=body, state__nin=NOT_GIVEN).under(unit).in_year(year)


def rows(document):
    """The rows the annex prints, counted: one per task (none before the year is given)."""
    year = (document.parameters or {}).get("year")
    return tasks_assigned(document.body, document.unit, year).count() if year else 0


def gather(document, as_of):
    year = document.parameters["year"]
    tasks = list(tasks_assigned(document.body, document.unit, year).only(*FIELDS))
    people = {
        p.pk: p
        for p in Person.objects(pk__in=list({t.person.pk for t in tasks})).only("full_name", "sort_name")
    }
    tasks.sort(key=lambda t: (people[t.person.pk].sort_name, t.person.pk, t.sort_name, t.pk))
    rows = [
        [
            number,
            people[task.person.pk].full_name,
            task.post or "",
            task.content,
            "; ".join(target_line(t) for t in task.targets),
            task.period_text,
            label(TASK_ORIGINS, task.origin),
        ]
        for number, task in enumerate(tasks, 1)
    ]
    body = document.body
    rule_book = body.rule_book if body.rule_book in GROUNDS else "nha_nuoc_30"
    name = body.name
    return {
        "year": year,
        "unit": in_sentence(document.unit),
        "cadres": len(people),
        "tasks": len(tasks),
        "grounds": [
            *(line.format(body=name) for line in GROUNDS[rule_book]),
            f"Căn cứ {RatingRule.in_force(as_of.year).citation}",
        ],
        "decider": decider(name, body.authority or ""),
        "table": {"columns": list(COLUMNS), "rows": rows, "centered": [5], "widths": list(WIDTHS)},
    }


def refused_issue(data):
    if not data["tasks"]:
        given = f"chưa có việc nào cơ quan này giao cho cán bộ {data['unit']}"
        return f"Năm {data['year']} {given}: không ban hành quyết định giao việc."
    return None


def target_line(target):
    """ "Tỷ lệ tuyển quân: 50 → 100 %"; a qualitative target names the level to reach."""
    if target.qualitative:
        return f"{target.indicator}: {target.level_3}" if target.level_3 else target.indicator
    return f"{target.indicator}: {target.shown(target.baseline)} → {target.shown(target.target)}"


def decider(name, authority):
    """Who decides, as the line before "QUYẾT ĐỊNH" names it: the collective the signature acts for
    ("T/M Ban Thường vụ" of "Huyện ủy Lộc Bình": "Ban Thường vụ Huyện ủy Lộc Bình"), else the body."""
    collective = authority.strip()
    for prefix in ON_BEHALF:
        if collective.upper().startswith(prefix):
            collective = collective[len(prefix) :].strip()
            break
    else:
        return name
    if not collective or name.lower().startswith(collective.lower()):
        return name
    return f"{collective} {name}"
