"""The evaluation table of a unit for a year (or quarter): each cadre in each post with their tasks
side by side, where each stood, the counts and the points proposed, and the unit's quota check.

One aggregation on the tasks' stored fields (`task_rows`: the achievement on the day is the last
stored `progress` entry up to it, picked by the server), never whole task documents; the names of
the cadres and their evaluations are read in one query each."""

import datetime
from collections import Counter
from decimal import Decimal

from documents import text
from documents.breakthrough import BreakthroughTask, period_end, standing
from documents.breakthrough_rating import COUNTED_STANDINGS, CadreRating, RatingRule, standing_day
from documents.constants import RATING_LEVELS, label
from documents.person import Person

# How much of a task's content the table shows.
CONTENT_SHOWN = 200


def task_rows(match, day):
    """The tasks matching the raw filter `match`, as plain rows with where each stood on `day`:
    {_id, person, post, body, content, state, achieved, standing}, by cadre, post and task name."""
    moment = datetime.datetime.combine(day, datetime.time())
    pipeline = [
        {"$match": match},
        {
            "$project": {
                "person": 1,
                "post": 1,
                "body": 1,
                "state": 1,
                "period_kind": 1,
                "start_year": 1,
                "end_year": 1,
                "sort_name": 1,
                "content": {"$substrCP": [{"$ifNull": ["$content", ""]}, 0, CONTENT_SHOWN]},
                "on_day": {
                    "$last": {
                        "$filter": {
                            "input": {"$ifNull": ["$progress", []]},
                            "cond": {"$lte": ["$$this.day", moment]},
                        }
                    }
                },
            }
        },
        {"$sort": {"person": 1, "post": 1, "sort_name": 1, "_id": 1}},
    ]
    rows = []
    for row in BreakthroughTask._get_collection().aggregate(pipeline):
        achieved = (row.get("on_day") or {}).get("percent")
        row["achieved"] = achieved
        row["standing"] = standing(
            row["state"], row["period_kind"], row["start_year"], row["end_year"], achieved, day
        )
        if row["standing"] == "open" and day >= period_end(row["end_year"]):
            # Counted at the end of its period's last day and still open: not done in time.
            row["standing"] = "behind"
        rows.append(row)
    return rows


def _in_year(year):
    return {"start_year": {"$lte": year}, "end_year": {"$gte": year}}


def cadre_tasks(person_id, post, year, day):
    """The tasks of one cadre in one post whose period includes `year`, standing on `day`."""
    return task_rows({"person": person_id, "post": post, **_in_year(year)}, day)


def rating_table(unit, year, quarter=None, today=None):
    """The evaluation table of `unit`: {day, rule, cadres, quota}. Each cadre: {person, name, post,
    tasks, counts, task_points, body (the body that gave most of the tasks), rating (their
    evaluation for the period, or None)}."""
    day = standing_day(year, quarter, today)
    rule = RatingRule.in_force(year)
    rows = task_rows({"ancestors": unit.pk, **_in_year(year)}, day)
    cadres, order = {}, []
    for row in rows:
        key = (row["person"], row.get("post"))
        if key not in cadres:
            cadres[key] = {
                "person": row["person"],
                "post": row.get("post") or "",
                "tasks": [],
                "bodies": Counter(),
            }
            order.append(key)
        cadres[key]["tasks"].append(
            {
                "id": row["_id"],
                "content": row["content"],
                "standing": row["standing"],
                "achieved": row["achieved"],
            }
        )
        cadres[key]["bodies"][row.get("body")] += 1
    people = {
        p["_id"]: p
        for p in Person._get_collection().find(
            {"_id": {"$in": list({k[0] for k in order})}}, projection={"full_name": 1, "sort_name": 1}
        )
    }
    ratings = unit_ratings(unit, year, quarter)
    rated = {(r["person"], r["post"]): r for r in ratings}
    table = []
    for key in order:
        cadre = cadres[key]
        counts = Counter(t["standing"] for t in cadre["tasks"])
        counts = {s: counts.get(s, 0) for s in (*COUNTED_STANDINGS, "open")}
        person = people.get(key[0], {})
        table.append(
            {
                **cadre,
                "name": person.get("full_name", ""),
                "sort": person.get("sort_name") or "",
                "counts": counts,
                "task_points": float(rule.task_points_for(counts)),
                "body": cadre.pop("bodies").most_common(1)[0][0],
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
