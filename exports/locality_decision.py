"""Quyết định phân công phụ trách địa bàn: the decision by which a body puts its cadres in charge
of (or following, or supporting) the communes and hamlets of a unit, and party members in charge
of households, with the assignments in its annex (one row per assignment, by person).

The assignments are those the document's issuing body makes (`LocalityAssignment.body`) whose
locality is the unit or below it and which run on the document's day (`assignments_made`): made
from the assignments themselves, so the annex says what the console holds. Once numbered, the
decision is recorded on each assignment its annex lists that names none yet (`numbered`).
"""

import datetime
import logging

from bson import ObjectId
from mongoengine.errors import ValidationError

from documents import LocalityAssignment, Person, Unit
from documents.base import StaleRecord, vietnam_today
from documents.locality import LocalityRule
from documents.unit import in_sentence
from exports.breakthrough_assignment import decider

DOCUMENT_TYPE = "QĐ"
TEMPLATE = "documents/locality_decision.html"
PARAMETERS = ()
OPTIONAL_PARAMETERS = ("date",)
COLUMNS = ("STT", "Họ và tên", "Chức vụ", "Nhiệm vụ", "Địa bàn", "Số hộ", "Từ ngày")
WIDTHS = (5, 18, 22, 10, 25, 8, 12)
FIELDS = ("person", "post", "role", "unit", "households", "start", "end", "sort_name")

# The grounds a decision cites, by rule book; the rule in force (Nghị quyết 77 in Lạng Sơn) comes
# from the locality rule, and the body's own grounds are added as the draft's opening lines.
GROUNDS = {
    "dang_36": ("Căn cứ Điều lệ Đảng Cộng sản Việt Nam", "Căn cứ Quy chế làm việc của {body}"),
    "nha_nuoc_30": ("Căn cứ Luật Tổ chức chính quyền địa phương", "Căn cứ Quy chế làm việc của {body}"),
}


def summary(unit, document_type, parameters):
    return f"về việc phân công cán bộ, đảng viên phụ trách, theo dõi, hỗ trợ địa bàn {in_sentence(unit)}"


def assignments_made(body, unit, day):
    """The assignments `body` makes on `unit` (at it or below) running on `day`."""
    return LocalityAssignment.objects(body=body).under(unit).active_on(day)


def _day(document, as_of):
    typed = (document.parameters or {}).get("date")
    return datetime.date.fromisoformat(typed) if typed else as_of


def rows(document):
    """The rows the annex prints, counted: one per assignment."""
    return assignments_made(document.body, document.unit, _day(document, vietnam_today())).count()


def gather(document, as_of):
    day = _day(document, as_of)
    found = list(assignments_made(document.body, document.unit, day).only(*FIELDS).no_dereference())
    people = {
        p.pk: p
        for p in Person.objects(pk__in=list({a.person.id for a in found})).only("full_name", "sort_name")
    }
    places = _places({a.unit.id for a in found})
    found.sort(key=lambda a: (people[a.person.id].sort_name, a.person.id, places[a.unit.id], a.start))
    table = [
        [
            number,
            people[a.person.id].full_name,
            a.post or "",
            a.role_text,
            places[a.unit.id],
            len(a.households) or "",
            f"{a.start:%d/%m/%Y}",
        ]
        for number, a in enumerate(found, 1)
    ]
    body = document.body
    rule_book = body.rule_book if body.rule_book in GROUNDS else "nha_nuoc_30"
    grounds = [line.format(body=body.name) for line in GROUNDS[rule_book]]
    rule = LocalityRule.in_force(day)
    grounds.append(f"Căn cứ {rule.name}")
    if rule_book == "dang_36" and not body.name.startswith("Ban Tổ chức"):
        grounds.append(f"Xét đề nghị của Ban Tổ chức {body.name}")
    return {
        "day": day.strftime("%d/%m/%Y"),
        "unit": in_sentence(document.unit),
        "people": len(people),
        "assignments": len(found),
        "localities": len(places),
        "households": sum(len(a.households) for a in found),
        "visits_per_month": rule.visits_per_month,
        "grounds": grounds,
        "decider": decider(body.name, body.authority or ""),
        "table": {"columns": list(COLUMNS), "rows": table, "centered": [5, 6], "widths": list(WIDTHS)},
        "assignment_ids": [str(a.pk) for a in found],  # not printed: what `numbered` records on
    }


def refused_issue(data):
    if not data["assignments"]:
        made = f"chưa có phân công nào của cơ quan này ở {data['unit']}"
        return f"Đến ngày {data['day']} {made}: không ban hành quyết định phân công."
    return None


def numbered(document):
    """Record the numbered decision on the assignments its annex lists that name no decision yet,
    each saved with its history entry; one changed or ended meanwhile is left as it is (logged)."""
    ids = [ObjectId(pk) for pk in (document.snapshot or {}).get("data", {}).get("assignment_ids", [])]
    for assignment in LocalityAssignment.objects(pk__in=ids, decision=None):
        assignment.decision = document
        try:
            assignment.save(action="decision")
        except (StaleRecord, ValidationError) as exc:
            logging.getLogger(__name__).warning("assignment %s keeps no decision: %s", assignment.pk, exc)


def _places(ids):
    """{unit id: "Thôn Đoàn Kết, xã Nam Quan"} for hamlets, "Xã Nam Quan" for communes, read with
    the communes above in one more query."""
    units = {u.pk: u for u in Unit.objects(pk__in=list(ids)).only("kind", "name", "parent").no_dereference()}
    above = {u.parent.id for u in units.values() if u.is_hamlet and u.parent is not None}
    communes = {u.pk: u for u in Unit.objects(pk__in=list(above)).only("kind", "name")}
    named = {}
    for pk, unit in units.items():
        commune = communes.get(unit.parent.id) if unit.is_hamlet and unit.parent is not None else None
        named[pk] = f"{unit}, {in_sentence(commune)}" if commune else str(unit)
    return named
