"""A cell meeting attended by the cadre in charge of its hamlet counts as that cadre's monthly
visit (về địa bàn: "dự sinh hoạt chi bộ", article 03's An Định, article 05's Bình Phú).

The meeting writes the visits itself, in the transaction that saves it (`CellMeeting.after_write`):
one per guest's assignment running on the meeting's day to the cell's hamlet or to the commune it
lies in (household assignments are not locality visits), purpose «Dự sinh hoạt chi bộ», its day
the meeting's. Each such visit names the meeting (`LocalityVisit.meeting`); it follows the meeting
as the meeting changes (a new day, a guest added or removed), goes with it to the trash and comes
back with it, so the visit rate (`documents.locality_visits`) counts it with nothing to add. A
visit the cadre recorded on that day under that assignment is not doubled: the meeting leaves it
alone. Such a visit is changed through its meeting only (`admin.locality.LocalityVisitView`).
"""

import datetime

from documents.constants import CELL_MEETING_KINDS, label
from documents.history import HistoryEntry
from documents.locality import LocalityAssignment, running
from documents.locality_visit import LocalityVisit

PURPOSE = "sinh_hoat_chi_bo"


def guest_assignments(meeting):
    """The guests' assignments the meeting counts as a visit for (a list, by person then start)."""
    guests = [getattr(person, "pk", person) for person in meeting.guests]
    if not guests or meeting.day is None or not meeting.ancestors:
        return []
    return list(
        LocalityAssignment.objects(person__in=guests, unit__in=meeting.ancestors, households__0__exists=False)
        .filter(__raw__=running(meeting.day))
        .order_by("person", "start")
    )


def learned(meeting):
    kind = label(CELL_MEETING_KINDS, meeting.kind).lower()
    cell = getattr(meeting.organization, "name", "")
    return f"Dự buổi {kind} của {cell}. Vấn đề trọng tâm: {meeting.focus}."


def write_visits(session, meeting_id, meeting):
    """Make the visits of meeting `meeting_id` what `meeting` (None: deleted) counts, in `session`."""
    collection = LocalityVisit._get_collection()
    kept = {row["assignment"]: row for row in collection.find({"meeting": meeting_id}, session=session)}
    wanted = guest_assignments(meeting) if meeting is not None else []
    recorded = set()
    if wanted:
        recorded = set(
            collection.distinct(
                "assignment",
                {
                    "assignment": {"$in": [a.pk for a in wanted]},
                    "day": datetime.datetime.combine(meeting.day, datetime.time()),
                    "meeting": None,
                },
                session=session,
            )
        )
    for assignment in wanted:
        if assignment.pk in recorded:
            continue
        stored = kept.pop(assignment.pk, None)
        visit = LocalityVisit._from_son(stored) if stored else LocalityVisit(meeting=meeting_id)
        visit.assignment, visit.day, visit.purpose = assignment, meeting.day, PURPOSE
        visit.learned = learned(meeting)
        visit.write_in(session)
    for stored in kept.values():
        _remove(session, collection, stored)


def _remove(session, collection, stored):
    """Delete a visit the meeting no longer counts (its history says so; nothing goes to the
    trash: the meeting is where it came from)."""
    visit = LocalityVisit._from_son(stored)
    collection.delete_one({"_id": visit.pk}, session=session)
    visit.version = (visit.version or 0) + 1
    entry = HistoryEntry.entry(visit, "delete", visit.recorded_state(stored), {})
    HistoryEntry._get_collection().insert_one(entry.to_mongo(), session=session)
