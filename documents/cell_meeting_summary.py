"""The named query of cell meetings for a unit and a year, judged on a day (the board's view): the
cells that missed a regular month or a quarter's thematic meeting (months and quarters over by
the day only), the attendance rate, and the members absent without a reason in as many months of
the year as the rule removes a member for (Regulation 24-QĐ/TW: 3)."""

import calendar
import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from documents.base import vietnam_today
from documents.cell_meeting import CellMeeting, CellMeetingRule
from documents.constants import CELL_KINDS
from documents.party_organization import PartyOrganization
from documents.person import Person


def judged_on(year, today=None):
    """Today in the current year, the year's last day once it is over (a year ahead: its first)."""
    today = today or vietnam_today()
    return min(max(today, datetime.date(year, 1, 1)), datetime.date(year, 12, 31))


def month_end(year, month):
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


@dataclass
class CellMeetingSummary:
    unit: object
    year: int
    day: datetime.date
    cells: list = field(default_factory=list)
    months: list = field(default_factory=list)  # the months over by the day
    quarters: list = field(default_factory=list)  # the quarters over by the day
    missed_regular: list = field(default_factory=list)  # (cell, [months])
    missed_thematic: list = field(default_factory=list)  # (cell, [quarters])
    meetings: int = 0
    present: int = 0
    called: int = 0
    absentees: list = field(default_factory=list)  # (person, [months]), most months first
    rule: object = None  # the rule in force on the day

    @property
    def rate(self):
        """Members present of those called, in percent (None with no roll call)."""
        return attendance_rate(self.present, self.called)


def attendance_rate(present, called):
    """`present` of `called` in percent to a tenth ("94,6"), None when nobody was called."""
    if not called:
        return None
    return (Decimal(100 * present) / called).quantize(Decimal("0.1"), ROUND_HALF_UP).normalize()


def _under(unit, scope):
    raw = {"ancestors": unit.pk}
    return {"$and": [raw, scope]} if scope else raw


def summary(unit, year, scope=None, cells_scope=None, day=None):
    """Cell meetings under `unit` in `year` up to `day` (`judged_on` by default); `scope` and
    `cells_scope` are the raw filters of what the account sees of meetings and of organizations."""
    day = day or judged_on(year)
    found = CellMeetingSummary(unit=unit, year=year, day=day)
    cells = PartyOrganization.objects(__raw__=_under(unit, cells_scope))
    found.cells = list(
        cells.filter(kind__in=CELL_KINDS).only("name", "unit", "sort_name").order_by("sort_name")
    )
    found.months = [m for m in range(1, 13) if month_end(year, m) <= day]
    found.quarters = [q for q in range(1, 5) if month_end(year, 3 * q) <= day]
    rules = {m: CellMeetingRule.in_force(month_end(year, m)) for m in found.months}
    counted = CellMeeting.objects.calendar([c.pk for c in found.cells], year)
    for cell in found.cells:
        held = counted[cell.pk]
        months = [m for m in found.months if held["months"][m] < rules[m].regular_per_month]
        quarters = [q for q in found.quarters if held["quarters"][q] < rules[3 * q].thematic_per_quarter]
        if months:
            found.missed_regular.append((cell, months))
        if quarters:
            found.missed_thematic.append((cell, quarters))
    first = datetime.datetime(year, 1, 1)
    last = datetime.datetime.combine(day, datetime.time())
    match = {"$match": {**_under(unit, scope), "day": {"$gte": first, "$lte": last}}}
    collection = CellMeeting._get_collection()
    for row in collection.aggregate(
        [
            match,
            {
                "$group": {
                    "_id": None,
                    "n": {"$sum": 1},
                    "present": {"$sum": "$present"},
                    "called": {"$sum": "$members"},
                }
            },
        ]
    ):
        found.meetings, found.present, found.called = row["n"], row["present"], row["called"]
    found.rule = CellMeetingRule.in_force(day)
    least = found.rule.absences_removed
    pipeline = [
        match,
        {"$unwind": "$attendance"},
        {"$match": {"attendance.present": False, "attendance.reason": None}},
        {"$group": {"_id": "$attendance.person", "months": {"$addToSet": {"$month": "$day"}}}},
        {"$match": {f"months.{least - 1}": {"$exists": True}}},
    ]
    absent = {row["_id"]: sorted(row["months"]) for row in collection.aggregate(pipeline)}
    people = Person.objects(pk__in=list(absent)).only("full_name", "sort_name", "party_organization")
    found.absentees = sorted(((p, absent[p.pk]) for p in people), key=lambda r: (-len(r[1]), r[0].sort_name))
    return found


@dataclass
class CellRow:
    """One cell's meetings of the summary's period: held by kind, attendance, those held shorter
    than the rule in force on their day, and the months and quarters it missed."""

    cell: object
    meetings: int = 0
    regular: int = 0  # regular or combined: the meetings counting for a month
    thematic: int = 0  # thematic or combined: those counting for a quarter
    combined: int = 0
    present: int = 0
    called: int = 0
    short: int = 0
    missed_months: list = field(default_factory=list)
    missed_quarters: list = field(default_factory=list)

    @property
    def rate(self):
        return attendance_rate(self.present, self.called)


def by_cell(found, scope=None):
    """[CellRow] of the summary `found`, one per cell in its order, from the meetings of its year up
    to its day that `scope` (the account's raw filter of meetings) lets through."""
    from documents.cell_meeting import REGULAR, THEMATIC

    rows = {cell.pk: CellRow(cell=cell) for cell in found.cells}
    for cell, months in found.missed_regular:
        rows[cell.pk].missed_months = months
    for cell, quarters in found.missed_thematic:
        rows[cell.pk].missed_quarters = quarters
    first = datetime.datetime(found.year, 1, 1)
    last = datetime.datetime.combine(found.day, datetime.time())
    raw = {**_under(found.unit, scope), "day": {"$gte": first, "$lte": last}}
    fields = ("organization", "day", "kind", "minutes", "present", "members")
    meetings = CellMeeting.objects(__raw__=raw).only(*fields)
    rules = {}
    for meeting in meetings.as_pymongo():
        row = rows.get(meeting["organization"])
        if row is None:  # a cell the account does not see
            continue
        kind = meeting["kind"]
        row.meetings += 1
        row.regular += kind in REGULAR
        row.thematic += kind in THEMATIC
        row.combined += kind == "ket_hop"
        row.present += meeting.get("present") or 0
        row.called += meeting.get("members") or 0
        day = meeting["day"].date()
        rule = rules.get(day) or rules.setdefault(day, CellMeetingRule.in_force(day))
        minutes = meeting.get("minutes")
        row.short += minutes is not None and minutes < rule.least_minutes(kind)
    return list(rows.values())
