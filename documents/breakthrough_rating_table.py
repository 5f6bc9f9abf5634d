"""The evaluation table of a unit for a year (or quarter): each cadre in each post with their tasks
side by side, where each stood, the counts and the points proposed, and the unit's quota check.

One aggregation on the tasks' stored fields (`task_rows`: the achievement on the day is the last
stored `progress` entry up to it, picked by the server), never whole task documents; the names of
the cadres and their evaluations are read in one query each."""

import datetime
from decimal import Decimal

from documents import text
from documents.breakthrough import FINAL_STATES, BreakthroughTask, standing
from documents.breakthrough_rating import COUNTED_STANDINGS, CadreRating, RatingRule, standing_day
from documents.constants import RATING_LEVELS, label
from documents.memory import collector_paused
from documents.person import Person

# How much of a task's content the table shows.
CONTENT_SHOWN = 200
SORT_SHOWN = 40
STANDINGS_COUNTED = (*COUNTED_STANDINGS, "open")


def task_rows(match, day):
    """The tasks matching the raw filter `match`, as plain rows with where each stood on `day`:
    {_id, person, post, body, content, sort_name, state, achieved, evaluated, standing}, in no set
    order. `achieved` is the task's achievement after its last check-in day up to `day` (a task
    with no check-in, its actuals typed on the task, has only its achievement now); `evaluated`
    the day it was evaluated (`BreakthroughTask.evaluation_day`: its `evaluated_on`, else its last
    check-in day), so that a task evaluated after `day` stands there by its progress."""
    moment = datetime.datetime.combine(day, datetime.time())
    progress = {"$ifNull": ["$progress", []]}
    on_day = {"$last": {"$filter": {"input": progress, "cond": {"$lte": ["$$this.day", moment]}}}}
    pipeline = [
        {"$match": match},
        {
            "$project": {
                **dict.fromkeys(
                    ("person", "post", "body", "state", "period_kind", "start_year", "end_year"), 1
                ),
                "achieved": {
                    "$cond": [
                        {"$gt": [{"$size": progress}, 0]},
                        {"$let": {"vars": {"p": on_day}, "in": "$$p.percent"}},
                        "$achieved",
                    ]
                },
                "evaluated": {
                    "$cond": [
                        {"$in": ["$state", list(FINAL_STATES)]},
                        {"$ifNull": ["$evaluated_on", {"$max": "$progress.day"}]},
                        None,
                    ]
                },
                "content": {"$substrCP": [{"$ifNull": ["$content", ""]}, 0, CONTENT_SHOWN]},
                # Enough of the sort key to order a cadre's tasks by name, without the whole key.
                "sort_name": {"$substrCP": [{"$ifNull": ["$sort_name", ""]}, 0, SORT_SHOWN]},
            }
        },
    ]
    rows = list(BreakthroughTask._get_collection().aggregate(pipeline))
    standings = {}
    for row in rows:
        evaluated = row.get("evaluated")
        if evaluated is not None:
            evaluated = row["evaluated"] = evaluated.date()
        # Only whether it was evaluated after `day` matters: few keys, each standing worked out once.
        later = evaluated is not None and evaluated > day
        key = (
            row["state"],
            row["period_kind"],
            row["start_year"],
            row["end_year"],
            row.get("achieved"),
            later,
        )
        if key not in standings:
            standings[key] = standing(*key[:5], day, evaluated if later else None)
        row["standing"] = standings[key]
    return rows


def _in_year(year):
    return {"start_year": {"$lte": year}, "end_year": {"$gte": year}}


def cadre_tasks(person_id, post, year, day):
    """The tasks of one cadre in one post whose period includes `year`, standing on `day`, by name."""
    rows = task_rows({"person": person_id, "post": post, **_in_year(year)}, day)
    return sorted(rows, key=_by_name)


def _by_name(row):
    return row["sort_name"], row["_id"].binary


def rating_table(unit, year, quarter=None, today=None):
    """The evaluation table of `unit`: {day, rule, cadres, quota}. Each cadre: {person, name, post,
    tasks, counts, task_points, body (the body that gave most of the tasks), rating (their
    evaluation for the period, or None)}."""
    with collector_paused():
        return _rating_table(unit, year, quarter, today)


def _rating_table(unit, year, quarter, today):
    day = standing_day(year, quarter, today)
    rule = RatingRule.in_force(year)
    rows = task_rows({"ancestors": unit.pk, **_in_year(year)}, day)
    cadres = {}
    for row in rows:
        # Keyed by the id's bytes: an ObjectId hashes and compares in Python, bytes in C.
        key = (row["person"].binary, row.get("post") or "")
        cadre = cadres.get(key)
        if cadre is None:
            cadre = cadres[key] = {"person": row["person"], "post": key[1], "tasks": [], "bodies": {}}
        cadre["tasks"].append(row)
        bodies = cadre["bodies"]
        bodies[row.get("body")] = bodies.get(row.get("body"), 0) + 1
    people = {
        p["_id"]: p
        for p in Person._get_collection().find(
            {"_id": {"$in": [c["person"] for c in cadres.values()]}},
            projection={"full_name": 1, "sort_name": 1},
        )
    }
    ratings = unit_ratings(unit, year, quarter)
    rated = {(r["person"].binary, r["post"]): r for r in ratings}
    table, points = [], {}
    for key, cadre in cadres.items():
        counts = dict.fromkeys(STANDINGS_COUNTED, 0)
        for task in cadre["tasks"]:
            counts[task["standing"]] += 1
        figures = tuple(counts.values())
        if figures not in points:
            points[figures] = float(rule.task_points_for(counts))
        person = people.get(cadre["person"], {})
        cadre["tasks"].sort(key=_by_name)
        tasks = [
            {
                "id": t["_id"],
                "content": t["content"],
                "standing": t["standing"],
                "achieved": t.get("achieved"),
            }
            for t in cadre["tasks"]
        ]
        table.append(
            {
                **cadre,
                "tasks": tasks,
                "name": person.get("full_name", ""),
                "sort": person.get("sort_name") or "",
                "counts": counts,
                "task_points": points[figures],
                "body": max(bodies := cadre.pop("bodies"), key=bodies.get),
                "rating": rated.get(key),
            }
        )
    table.sort(key=lambda c: (c["sort"], c["post"]))
    return {"day": day, "rule": rule, "cadres": table, "quota": quota_check(ratings, rule)}


def unit_ratings(unit, year, quarter=None):
    """The evaluations of the period under `unit`, as plain rows with the cadre's name."""
    collection = CadreRating._get_collection()
    found = list(
        collection.find(
            {"ancestors": unit.pk, "year": year, "quarter": quarter},
            projection={"person": 1, "post": 1, "level": 1, "state": 1, "total": 1, "suggested": 1},
        )
    )
    names = {
        p["_id"]: p.get("full_name", "")
        for p in Person._get_collection().find(
            {"_id": {"$in": [r["person"] for r in found]}}, projection={"full_name": 1}
        )
    }
    for rating in found:
        rating["name"] = names.get(rating["person"], "")
        rating["level"] = rating.get("level") or rating.get("suggested")
    return found


def quota_check(ratings, rule):
    """The unit's share of excellent ratings among those rated good or above, against the rule's
    quota: {excellent, good_or_above, share, quota, allowed, over (the excellent ratings beyond the
    quota, lowest points first to go), warning}. A rating's level is its latest step's, else the
    suggested one."""
    excellent = [r for r in ratings if r["level"] == "xuat_sac"]
    good_or_above = len(excellent) + sum(r["level"] == "tot" for r in ratings)
    quota = rule.excellent_quota
    allowed = int(Decimal(good_or_above) * Decimal(str(quota)) // 100)
    ranked = sorted(excellent, key=lambda r: (-(r.get("total") or 0), r["name"]))
    over = ranked[allowed:]
    share = round(100 * len(excellent) / good_or_above, 1) if good_or_above else 0
    warning = None
    if over:
        names = "; ".join(f"{r['name']} ({r['post']}, {_points(r.get('total'))} điểm)" for r in over)
        warning = (
            f"Số «{label(RATING_LEVELS, 'xuat_sac')}» là {len(excellent)}/{good_or_above} người xếp loại "
            f"tốt trở lên ({_points(share)}%), vượt tỷ lệ tối đa {_points(quota)}% (tối đa {allowed} người). "
            f"Vượt tỷ lệ: {names}."
        )
    return {
        "excellent": len(excellent),
        "good_or_above": good_or_above,
        "share": share,
        "quota": quota,
        "allowed": allowed,
        "over": over,
        "warning": warning,
    }


def _points(value):
    return text.figure(value or 0)
