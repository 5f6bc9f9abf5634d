"""Models and work items printed and drawn: the chart of a summary's states (`state_chart`), the
same on the summary page, the home page and in the report on models and work items of a unit and
year (kind `mo_hinh_phan_viec`).

The report: the sentence and counts of the summary page (`documents.local_work_summary.summary`,
the same named query) and its chart, the counts place by place (`by_place`: communes under a
district or province, hamlets under a commune), what is lacking (communes without a model, hamlets
without a work item, the models behind or not started), and the annex listing every record with
its achievement and state. The year is `--year`; the day it is judged on is `--date` when given,
else the printing day, or 31/12 of a year already over (`judged_on`), as on the summary page."""

import datetime

from documents.constants import COMMUNE_LEVEL, LOCAL_WORK_CATEGORIES, LOCAL_WORK_STATES, label
from documents.local_work_summary import GROUPS, STATES, judged_on
from documents.unit import in_sentence
from exports import chart

DOCUMENT_TYPE = "BC"
TEMPLATE = "documents/local_work_report.html"
PARAMETERS = ("year",)
OPTIONAL_PARAMETERS = ("date",)
CHART_WIDTH = 600
LISTED = 50  # places named in a sentence of shortcomings; the rest are counted
COLUMNS = ("STT", "Tên mô hình, công trình, phần việc", "Loại", "Nơi thực hiện", "Lãnh đạo theo dõi",
           "Mức đạt", "Tình trạng")  # fmt: skip
WIDTHS = (5, 27, 17, 17, 14, 8, 12)
# The last row of the counts by place (`by_place`): under a commune, its models run in no hamlet.
OTHER_PLACE = {True: "Chung toàn xã (không gắn thôn)", False: "Nơi khác"}
# The states as the annex's narrow column writes them.
SHORT_STATES = {**dict(LOCAL_WORK_STATES), "finished": "Hoàn thành"}


def state_chart(found, link=None):
    """Each group's records by state as bars, each bar linked by `link(group, state)` when given."""
    bars = []
    for group, noun in GROUPS:
        counts = found.groups[group]
        for state, name in LOCAL_WORK_STATES:
            bar = (f"{noun.capitalize()}: {name.lower()}", counts.states[state])
            bars.append((*bar, link(group, state)) if link else bar)
    on = found.day.strftime("%d/%m/%Y")
    # Wider than the usual chart: its labels name the group and the state, the longest
    # "Công trình, phần việc: đảm bảo tiến độ".
    title = f"Mô hình, công trình, phần việc năm {found.year} (đến {on})"
    return chart.bars(bars, title=title, width=CHART_WIDTH)


def summary(unit, document_type, parameters=None):
    values = parameters or {}
    year = f" năm {values['year']}" if values.get("year") else ""
    on = (
        f", tính đến ngày {datetime.date.fromisoformat(values['date']):%d/%m/%Y}"
        if values.get("date")
        else ""
    )
    return f"kết quả thực hiện các mô hình, công trình, phần việc{year} của {in_sentence(unit)}{on}"


def year_and_day(document, today):
    """The report's year and the day its records are judged on (see the module's docstring)."""
    values = document.parameters or {}
    year = int(values.get("year") or today.year)
    return year, datetime.date.fromisoformat(values["date"]) if values.get("date") else judged_on(year, today)


def rows(document):
    """The rows the report prints, counted: one per record of the year, and one per place."""
    from documents import LocalWork, Unit
    from documents.official_document import vietnam_today

    year, _ = year_and_day(document, vietnam_today())
    records = LocalWork.objects(ancestors=document.unit.pk, year=year).count()
    return records + Unit.objects(ancestors=document.unit.pk).count()


def _counts_row(name, counts):
    return [name, counts.total, *(counts.states[state] for state in STATES)]


def gather(document, day):
    from documents.local_work_summary import by_place
    from documents.local_work_summary import summary as summarize

    unit = document.unit
    year, on = year_and_day(document, day)
    found = summarize(unit, year, day=on)
    places = by_place(unit, year, day=on)
    listed = _records(unit, year, on)
    by_hamlet = unit.level >= COMMUNE_LEVEL
    lagging = [
        row for row in listed if row["group"] == "models" and row["state"] in ("behind", "not_started")
    ]
    return {
        "unit": in_sentence(unit),
        "year": year,
        "day": on.strftime("%d/%m/%Y"),
        "sentence": found.sentence(),
        "counts": [_counts_row(noun.capitalize(), found.groups[group]) for group, noun in GROUPS],
        "state_names": [name for _, name in LOCAL_WORK_STATES],
        "chart": str(state_chart(found)),
        "by_hamlet": by_hamlet,
        "places": [
            [
                row.place.name if row.place else OTHER_PLACE[by_hamlet],
                row.groups["models"].total,
                row.groups["models"].states["finished"],
                row.groups["work_items"].total,
                row.groups["work_items"].states["finished"],
            ]
            for row in places
        ],
        "communes": found.communes,
        "hamlets": found.hamlets,
        "communes_without": [in_sentence(u) for u in found.communes_without[:LISTED]],
        "communes_without_count": len(found.communes_without),
        "hamlets_without": [  # each with its commune, but in the report of a commune
            f"{u.name} ({found.commune_of(u)})" if found.commune_of(u) and not by_hamlet else u.name
            for u in found.hamlets_without[:LISTED]
        ],
        "hamlets_without_count": len(found.hamlets_without),
        "lagging": [
            f"{row['name']} ({row['place']}): {row['state_text'].lower()}" for row in lagging[:LISTED]
        ],
        "lagging_count": len(lagging),
        "table": {
            "columns": list(COLUMNS),
            "rows": [
                [
                    n,
                    row["name"],
                    row["kind"],
                    row["place"],
                    row["follower"],
                    row["achieved"],
                    row["state_text"],
                ]
                for n, row in enumerate(listed, 1)
            ],
            "widths": list(WIDTHS),
            "numeric": [5],
            "centered": [],
        },
    }


def _records(unit, year, day):
    """Every record of `year` under `unit` as the annex lists it: by commune, the models first,
    then by hamlet and name; each with its achievement and state on `day`."""
    from documents import FormDefinition, LocalWork, Person, Unit
    from documents.breakthrough_target import percent_text

    records = list(
        LocalWork.objects(ancestors=unit.pk, year=year).only(
            "kind", "category", "name", "year", "commune", "hamlet", "follower", "progress", "sort_name"
        )
    )
    kinds = {d.code: d.name for d in FormDefinition.objects(family="local_work").only("code", "name")}
    place_ids = {r._data.get(f).id for r in records for f in ("commune", "hamlet") if r._data.get(f)}
    places = {u.pk: u for u in Unit.objects(pk__in=list(place_ids)).only("kind", "name", "sort_name")}
    follower_ids = {r._data["follower"].id for r in records if r._data.get("follower")}
    followers = {p.pk: p.full_name for p in Person.objects(pk__in=list(follower_ids)).only("full_name")}
    listed = []
    for record in records:
        commune, hamlet = (
            places.get(getattr(record._data.get(f), "id", None)) for f in ("commune", "hamlet")
        )
        where = [u.name for u in (hamlet, commune) if u]
        state = record.state_on(day)
        follower = record._data.get("follower")
        listed.append(
            {
                "key": (
                    commune.sort_name if commune else "",
                    record.category != "mo_hinh",
                    hamlet.sort_name if hamlet else "",
                    record.sort_name or "",
                ),  # fmt: skip
                "group": "models" if record.category == "mo_hinh" else "work_items",
                "name": record.name,
                "kind": kinds.get(record.kind) or label(LOCAL_WORK_CATEGORIES, record.category),
                "place": ", ".join(where),
                "follower": followers.get(follower.id, "") if follower else "",
                "achieved": percent_text(record.achievement_on(day)),
                "state": state,
                "state_text": SHORT_STATES[state],
            }
        )
    listed.sort(key=lambda row: row["key"])
    return listed
