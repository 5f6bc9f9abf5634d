"""Summaries of breakthrough tasks for a unit and a year (issue 11, item 5): cadres with tasks and
tasks, by assigning body, origin, period and state; overdue tasks and term tasks at risk; and the
sentence a report or an article says it in ("5 cán bộ được giao 18 việc: 7 việc năm 2022, 11 việc
giai đoạn 2021–2025; 47 đồng chí được Đảng ủy giao 47 việc").

Every figure is counted by MongoDB from the tasks' stored fields (one `$facet` aggregation over
the unit's tasks of the year, projected to the few fields it groups on), never by loading tasks,
with the conditions of `documents.breakthrough_conditions` (the task list filters by the same
ones). Each row carries its `criteria`: the list filters naming the tasks behind its figures.
"""

import datetime
from dataclasses import dataclass, field

from documents.breakthrough import BreakthroughTask, share_gone
from documents.breakthrough_conditions import (
    achievement_on,
    all_of,
    as_of,
    at_risk_filter,
    bodies_around,
    overdue_filter,
    period_phrase,
    period_value,
    read_under,
    tasks_filter,
    under_filter,
    year_filter,
)
from documents.constants import TASK_ORIGINS, TASK_STATES, label
from documents.text import figure

# Overdue and at-risk tasks a summary lists by name (the figure links to all of them).
LISTED = 10


# What the tasks are grouped by: everything a summary counts on.
KEY = {"p": "$person", "b": "$body", "o": "$origin", "k": "$period_kind", "s": "$start_year",
       "e": "$end_year", "st": "$state"}  # fmt: skip


def task_groups(unit, year, scope=None):
    """The named query every table of a summary is added up from: the unit's tasks of the year
    grouped by cadre, body, origin, period and state, with how many in each group ([{"p", "b",
    "o", "k", "s", "e", "st", "n"}]), in one aggregation read through the index on (ancestors,
    end_year, start_year). (A `$project` before the `$group`, or a `$facet` around it, made it
    slower: MongoDB already reads only the grouped fields.)"""
    pipeline = [{"$match": tasks_filter(unit, year, scope)}, {"$group": {"_id": KEY, "n": {"$sum": 1}}}]
    found = BreakthroughTask._get_collection().aggregate(pipeline, **read_under(unit))
    return [{**row["_id"], "n": row["n"]} for row in found]


def at_risk_count(unit, year, day, scope=None):
    """Term tasks of `unit` in `year` at risk on `day` (`at_risk_filter`)."""
    raw = all_of(tasks_filter(unit, year, scope), at_risk_filter(day))
    return BreakthroughTask._get_collection().count_documents(raw, **read_under(unit))


def counted(groups, key, persons=True):
    """[{"_id": key, "persons": distinct cadres, "tasks": tasks}] of `groups` per `key(group)`."""
    return _counted(_without_cadres(groups), key, persons)


# The fields of a group other than the cadre.
REST = tuple(name for name in KEY if name != "p")


def _without_cadres(groups):
    """`groups` added up over their cadres: one row per body, origin, period and state, with its
    tasks ("n") and its cadres ("people": the bytes of their ids, hashed in C where an ObjectId is
    hashed in Python; a district's year has a group for nearly every task)."""
    rows = {}
    for group in groups:
        key = tuple(group[name] for name in REST)
        row = rows.get(key)
        if row is None:
            row = rows[key] = {**dict(zip(REST, key, strict=True)), "n": 0, "people": set()}
        row["n"] += group["n"]
        row["people"].add(group["p"].binary)
    return list(rows.values())


def _counted(rows, key, persons):
    tasks, people = {}, {}
    for row in rows:
        value = key(row)
        tasks[value] = tasks.get(value, 0) + row["n"]
        if persons:
            people.setdefault(value, set()).update(row["people"])
    return [
        {"_id": value, "tasks": n, **({"persons": len(people[value])} if persons else {})}
        for value, n in tasks.items()
    ]


def _period_key(group):
    return {"kind": group["k"], "start": group["s"], "end": group["e"]}


def tables(groups, bodies):
    """The summary's tables from `task_groups`, each [{"_id", "persons", "tasks"}]; `bodies` (from
    `bodies_around`) put each task in the sentence's clause of its body: "above" (the units
    above), "below" (the units below) or the body's own id."""
    levels = {pk: body["level"] for pk, body in bodies.items() if body["level"] in ("above", "below")}

    def clause(group):
        return levels.get(group["b"], group["b"])

    rows = _without_cadres(groups)
    periods = _counted(rows, lambda g: tuple(_period_key(g).items()), persons=True)
    clause_periods = _counted(rows, lambda g: (clause(g), *_period_key(g).items()), persons=False)
    return {
        "totals": [row for row in _counted(rows, lambda g: None, persons=True) if row["tasks"]],
        "by_body": _counted(rows, lambda g: g["b"], persons=True),
        "by_origin": _counted(rows, lambda g: g["o"], persons=True),
        "by_period": [{**row, "_id": dict(row["_id"])} for row in periods],
        "by_state": _counted(rows, lambda g: g["st"], persons=False),
        "by_clause": _counted(rows, clause, persons=True),
        "by_clause_period": [
            {**row, "_id": {"clause": row["_id"][0], **dict(row["_id"][1:])}} for row in clause_periods
        ],
    }


def counts(unit, year, scope=None, day=None, bodies=None):
    """The summary's tables (`tables`) and its count of tasks at risk on `day`."""
    bodies = bodies_around(unit) if bodies is None else bodies
    at_risk = at_risk_count(unit, year, day or as_of(year), scope)
    return {
        **tables(task_groups(unit, year, scope), bodies),
        "at_risk": [{"tasks": at_risk}] if at_risk else [],
    }


def totals(unit, year, scope=None):
    """{"persons": cadres with tasks (distinct), "tasks": tasks} of `unit` in `year`."""
    groups = task_groups(unit, year, scope)
    return {"persons": len({g["p"] for g in groups}), "tasks": sum(g["n"] for g in groups)}


def by_state(unit, year, scope=None):
    """{state: tasks} of `unit` in `year`."""
    groups = task_groups(unit, year, scope)
    return {row["_id"]: row["tasks"] for row in counted(groups, lambda g: g["st"], persons=False)}


def overdue_count(unit, day, scope=None):
    """Tasks under `unit` not yet evaluated after their period's end, as of `day`."""
    raw = all_of(under_filter(unit), overdue_filter(day), scope)
    return BreakthroughTask._get_collection().count_documents(raw, **read_under(unit))


LISTED_FIELDS = {"content": 1, "person": 1, "body": 1, "period_kind": 1, "start_year": 1, "end_year": 1,
                 "state": 1, "progress": 1, "sort_name": 1}  # fmt: skip


def overdue_tasks(unit, day, scope=None, limit=LISTED):
    """The first `limit` overdue tasks (oldest period first), as plain rows."""
    raw = all_of(under_filter(unit), overdue_filter(day), scope)
    found = BreakthroughTask._get_collection().find(raw, projection=LISTED_FIELDS, **read_under(unit))
    return _listed(found.sort([("end_year", 1), ("sort_name", 1), ("_id", 1)]).limit(limit), day)


def at_risk_tasks(unit, year, day, scope=None, limit=LISTED):
    """The first `limit` term tasks at risk on `day`, furthest behind first, as plain rows."""
    pipeline = [
        {"$match": all_of(tasks_filter(unit, year, scope), at_risk_filter(day))},
        {"$project": LISTED_FIELDS},
        {"$addFields": {"on_day": achievement_on(day)}},
        {"$sort": {"on_day": 1, "sort_name": 1, "_id": 1}},
        {"$limit": limit},
    ]
    return _listed(BreakthroughTask._get_collection().aggregate(pipeline, **read_under(unit)), day)


def _listed(rows, day):
    """Listed tasks with their cadre's and body's names (one query each) and, for term tasks,
    their achievement and the share of the term gone on `day`."""
    from documents.issuing_body import IssuingBody
    from documents.person import Person

    rows = list(rows)
    persons = _names(Person, "full_name", {r["person"] for r in rows})
    bodies = _names(IssuingBody, "name", {r["body"] for r in rows})
    listed = []
    for row in rows:
        known = [p for p in row.get("progress") or [] if p["day"].date() <= day]
        achieved = known[-1].get("percent") if known else None
        term = row.get("period_kind") == "nhiem_ky"
        listed.append(
            {
                "id": row["_id"],
                "content": row.get("content", ""),
                "person": row["person"],
                "person_name": persons.get(row["person"], ""),
                "body_name": bodies.get(row["body"], ""),
                "period": period_phrase(row["start_year"], row["end_year"]),
                "state": label(TASK_STATES, row["state"]),
                "achieved": achieved,
                "share_gone": float(share_gone(row["start_year"], row["end_year"], day)) if term else None,
            }
        )
    return listed


def _names(document, name_field, ids):
    found = document._get_collection().find({"_id": {"$in": list(ids)}}, projection={name_field: 1})
    return {row["_id"]: row.get(name_field, "") for row in found}


@dataclass
class Summary:
    """A unit's tasks of a year, counted: each row holds its figures and the `criteria` (list
    filters) naming the tasks behind them."""

    unit: object
    year: int
    day: datetime.date
    persons: int = 0
    tasks: int = 0
    bodies: list = field(default_factory=list)
    origins: list = field(default_factory=list)
    periods: list = field(default_factory=list)
    states: list = field(default_factory=list)
    clauses: list = field(default_factory=list)
    at_risk: int = 0
    overdue: int = 0

    @property
    def criteria(self):
        """What every figure of the summary has in common: the unit and the year."""
        return {"unit": self.unit.pk, "year": self.year} if self.unit is not None else {"year": self.year}

    @property
    def overdue_criteria(self):
        """Overdue on the summary's day, whatever their period (not only the year's)."""
        return {**({"unit": self.unit.pk} if self.unit is not None else {}), "overdue": self.day}

    @property
    def at_risk_criteria(self):
        return {**self.criteria, "at_risk": self.day}

    def sentence_parts(self):
        """The sentence as [(text, criteria, "persons" or "tasks")]: each figure with the tasks it
        counts (None, None for the words between)."""
        if not self.tasks:
            return [("Chưa có việc đột phá, đổi mới nào được giao", None, None)]
        parts = []
        for clause in self.clauses:
            if parts:
                parts.append(("; ", None, None))
            parts.extend(clause)
        return parts

    @property
    def sentence(self):
        return "".join(part[0] for part in self.sentence_parts())


def summary(unit, year, scope=None, day=None):
    """Everything the summary page and the results report print for `unit` (None: every unit) and
    `year`, as of `day` (`as_of`), within `scope`: one aggregation, plus the bodies around the unit
    and the overdue count."""
    day = day or as_of(year)
    bodies = bodies_around(unit)
    rows = counts(unit, year, scope, day, bodies)
    found = Summary(unit=unit, year=year, day=day)
    base = found.criteria
    if rows["totals"]:
        found.persons, found.tasks = rows["totals"][0]["persons"], rows["totals"][0]["tasks"]
    names = _body_names(bodies, [row["_id"] for row in rows["by_body"]])
    found.bodies = sorted(
        (
            {**_figures(row), "name": names.get(row["_id"], ""), "criteria": {**base, "body": row["_id"]}}
            for row in rows["by_body"]
        ),
        key=lambda row: (-row["tasks"], row["name"]),
    )
    origins = {row["_id"]: row for row in rows["by_origin"]}
    found.origins = [
        {**_figures(origins[code]), "name": name, "criteria": {**base, "origin": code}}
        for code, name in TASK_ORIGINS
        if code in origins
    ]
    found.periods = [
        {
            **_figures(row),
            "name": period_phrase(row["_id"]["start"], row["_id"]["end"]).capitalize(),
            "criteria": {**base, "period": period_value(row["_id"]["start"], row["_id"]["end"])},
        }
        for row in sorted(rows["by_period"], key=lambda r: _period_order(r["_id"]))
    ]
    found.states = _states(base, rows["by_state"])
    found.at_risk = rows["at_risk"][0]["tasks"] if rows["at_risk"] else 0
    found.overdue = overdue_count(unit, day, scope)
    if unit is None:
        found.clauses = [_split_clause(rows["totals"][0], rows["by_period"], base)] if found.tasks else []
    else:
        found.clauses = _clauses(unit, base, bodies, names, rows["by_clause"], rows["by_clause_period"])
    return found


def _figures(row):
    return {"persons": row.get("persons", 0), "tasks": row["tasks"]}


def _period_order(key):
    """A year's own tasks first, then the terms by their first and last years."""
    return (key["kind"] != "nam", key["start"], key["end"])


def _body_names(bodies, ids):
    """Names of the bodies `ids`: those around the unit are known, the others read in one query."""
    from documents.issuing_body import IssuingBody

    names = {pk: body["name"] for pk, body in bodies.items()}
    missing = [pk for pk in ids if pk not in names]
    return {**names, **_names(IssuingBody, "name", missing)} if missing else names


def _clauses(unit, base, bodies, names, by_clause, by_clause_period):
    """The sentence's clauses, each [(text, criteria)]: the tasks the units above gave (split by
    period), then one per body of the unit itself, then those the units below gave, then any
    other body's. (With no unit, a whole tree, `summary` makes one clause of every task.)"""
    periods = {}
    for row in by_clause_period:
        periods.setdefault(row["_id"]["clause"], []).append(row)
    clauses = {row["_id"]: row for row in by_clause}
    unit_id = unit.pk
    made = []
    if "above" in clauses:
        made.append(_split_clause(clauses["above"], periods["above"], {**base, "body_above": unit_id}))
    own = [(pk, row) for pk, row in clauses.items() if pk not in ("above", "below")]

    def name_of(pk):
        body = bodies.get(pk)
        return body["short"] if body else names.get(pk, "")

    # The unit's own bodies first, most tasks first, ties by name: the same for every account.
    own.sort(
        key=lambda item: (bodies.get(item[0], {}).get("level") != "own", -item[1]["tasks"], name_of(item[0]))
    )
    for pk, row in own:
        name = name_of(pk)
        made.append(_clause(row, "đồng chí", f"được {name} giao", {**base, "body": pk}))
    if "below" in clauses:
        levels = {b["level_name"] for b in bodies.values() if b["level"] == "below"}
        level = levels.pop() if len(levels) == 1 else "cấp dưới"
        made.append(
            _clause(clauses["below"], "đồng chí", f"được {level} giao", {**base, "body_below": unit_id})
        )
    return made


def _clause(row, who, given, criteria):
    return [
        (figure(row["persons"]), criteria, "persons"),
        (f" {who} {given} ", None, None),
        (figure(row["tasks"]), criteria, "tasks"),
        (" việc", None, None),
    ]


def _split_clause(row, periods, criteria):
    """ "5 cán bộ được giao 18 việc: 7 việc năm 2022, 11 việc giai đoạn 2021–2025" (one period:
    "5 cán bộ được giao 7 việc năm 2022")."""
    periods = sorted(periods, key=lambda r: _period_order(r["_id"]))
    parts = _clause(row, "cán bộ", "được giao", criteria)
    if len(periods) == 1:
        key = periods[0]["_id"]
        return [*parts, (" " + period_phrase(key["start"], key["end"]), None, None)]
    parts.append((": ", None, None))
    for n, period in enumerate(periods):
        key = period["_id"]
        if n:
            parts.append((", ", None, None))
        shown = {**criteria, "period": period_value(key["start"], key["end"])}
        parts.append((figure(period["tasks"]), shown, "tasks"))
        parts.append((" việc " + period_phrase(key["start"], key["end"]), None, None))
    return parts


def glance(unit, year, day, scope=None, limit=5):
    """The home page's view of a unit's tasks (None: every unit) in one aggregation: the year's
    tasks by state, and the first `limit` of those at risk on `day` and of the overdue ones, with
    how many there are. Returns a `Summary` (states, at_risk, overdue) and the two lists."""
    listed = [{"$sort": {"sort_name": 1, "_id": 1}}, {"$limit": limit}]
    pipeline = [
        {"$match": all_of(under_filter(unit), scope, {"$or": [year_filter(year), overdue_filter(day)]})},
        {"$project": {**LISTED_FIELDS, "origin": 1}},
        {
            "$facet": {
                "by_state": [
                    {"$match": year_filter(year)},
                    {"$group": {"_id": "$state", "tasks": {"$sum": 1}}},
                ],
                "at_risk": [{"$match": all_of(year_filter(year), at_risk_filter(day))}, {"$count": "tasks"}],
                "at_risk_rows": [{"$match": all_of(year_filter(year), at_risk_filter(day))}, *listed],
                "overdue": [{"$match": overdue_filter(day)}, {"$count": "tasks"}],
                "overdue_rows": [{"$match": overdue_filter(day)}, *listed],
            }
        },
    ]
    rows = next(BreakthroughTask._get_collection().aggregate(pipeline, **read_under(unit)))
    found = Summary(unit=unit, year=year, day=day)
    found.states = _states(found.criteria, rows["by_state"])
    found.tasks = sum(row["tasks"] for row in found.states)
    found.at_risk = rows["at_risk"][0]["tasks"] if rows["at_risk"] else 0
    found.overdue = rows["overdue"][0]["tasks"] if rows["overdue"] else 0
    return found, _listed(rows["at_risk_rows"], day), _listed(rows["overdue_rows"], day)


def _states(base, rows):
    states = {row["_id"]: row["tasks"] for row in rows}
    return [
        {"tasks": states[code], "name": name, "code": code, "criteria": {**base, "state": code}}
        for code, name in TASK_STATES
        if code in states
    ]
