"""The minutes of one cell meeting (kind `bien_ban_sinh_hoat`; BRIEF.md, Guidance 42-HD/BTCTW): the
regular meeting of the month `--month YYYY-MM` of the cell of the hamlet `--unit` (the first one
of the month that counts as regular, a combined one included), printed from the stored meeting:
day, hours and place, guests, chair and secretary, members present of the total, those absent by
name with their reason, the focus issue, the preparation, the chair's conclusions, the resolution
and the tasks given, then the closing read back and the two signatures."""

import calendar
import datetime

from documents.constants import CELL_MEETING_KINDS, label
from documents.unit import in_sentence
from exports.parameters import ParameterError

DOCUMENT_TYPE = "BB"
TEMPLATE = "documents/cell_meeting_minutes.html"
PARAMETERS = ("month",)


def _month_words(value):
    year, month = value.split("-")
    return f"tháng {int(month)}/{year}"


def summary(unit, document_type, parameters=None):
    month = (parameters or {}).get("month")
    when = f" {_month_words(month)}" if month else ""
    cell = _cell(unit)
    return f"sinh hoạt chi bộ thường kỳ{when} của {cell.name if cell else 'chi bộ ' + in_sentence(unit)}"


def _cell(unit):
    from documents import PartyOrganization
    from documents.constants import CELL_KINDS

    return PartyOrganization.objects(unit=unit, kind__in=CELL_KINDS).order_by("sort_name").first()


def _meeting(cell, month):
    from documents import CellMeeting
    from documents.cell_meeting import REGULAR

    year, number = (int(part) for part in month.split("-"))
    first = datetime.date(year, number, 1)
    last = datetime.date(year, number, calendar.monthrange(year, number)[1])
    return (
        CellMeeting.objects(organization=cell, kind__in=REGULAR, day__gte=first, day__lte=last)
        .order_by("day", "start")
        .first()
    )


def check_parameters(values, unit):
    """Refuse, at the month, a hamlet without a cell or a month without a regular meeting."""
    month = values.get("month")
    if unit is None or not month:
        return
    cell = _cell(unit)
    if cell is None:
        place = in_sentence(unit)
        raise ParameterError({"month": f"{place[:1].upper()}{place[1:]} chưa có chi bộ trong danh mục."})
    if _meeting(cell, month) is None:
        raise ParameterError(
            {"month": f"{cell.name} chưa ghi buổi sinh hoạt thường kỳ nào trong {_month_words(month)}."}
        )


def rows(document):
    return 1


def _clock(value):
    hours, minutes = value.split(":")
    return f"{int(hours)} giờ {minutes}"


def _post_on(person, day):
    """The post `person` held on `day`, as the minutes name a guest: "Phó Chủ tịch UBND xã"."""
    for post in person.positions:
        if (post.start is None or post.start <= day) and (post.end is None or post.end >= day):
            return post.title
    return ""


def _named(person, day):
    post = _post_on(person, day) if person is not None else ""
    name = getattr(person, "full_name", "")
    return f"{name}, {post}" if post else name


def _paragraphs(value):
    return [line.strip() for line in (value or "").split("\n") if line.strip()]


def gather(document, day):
    unit = document.unit
    month = document.parameters["month"]
    cell = _cell(unit)
    meeting = _meeting(cell, month)
    held = meeting.day
    absent = [row for row in meeting.attendance if not row.present]
    committee = getattr(cell.parent, "name", "")
    return {
        "cell": cell.name,
        "committee": committee,
        "kind": label(CELL_MEETING_KINDS, meeting.kind).lower(),
        "month": _month_words(month),
        "day": f"ngày {held:%d} tháng {held.month:02d} năm {held.year}",
        "start": _clock(meeting.start),
        "end": _clock(meeting.end),
        "minutes": meeting.minutes,
        "place": in_sentence(unit) + (f", {in_sentence(unit.parent)}" if unit.parent else ""),
        "guests": [_named(person, held) for person in meeting.guests],
        "chair": _named(meeting.chair, held),
        "secretary": _named(meeting.secretary, held),
        "chair_name": getattr(meeting.chair, "full_name", ""),
        "secretary_name": getattr(meeting.secretary, "full_name", ""),
        "members": meeting.members,
        "present": meeting.present,
        "absent": [
            f"{row.person.full_name} ({'lý do: ' + row.reason if row.reason else 'không có lý do'})"
            for row in absent
        ],
        "focus": meeting.focus.rstrip(". "),
        "committee_met_on": meeting.committee_met_on.strftime("%d/%m/%Y") if meeting.committee_met_on else "",
        "notified_on": meeting.notified_on.strftime("%d/%m/%Y") if meeting.notified_on else "",
        "conclusions": _paragraphs(meeting.conclusions),
        "resolution": _paragraphs(meeting.resolution),
        "tasks": [str(task).rstrip(". ") for task in meeting.tasks],
        "meeting": str(meeting.pk),
    }
