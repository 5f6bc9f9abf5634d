"""A cell meeting attended by the cadre in charge of its hamlet counts as that cadre's visit: the
visit is written with the meeting, follows its day and guests, goes to the trash and back with it,
is not doubled when the cadre recorded it already, and the month's visit rate counts it."""

import datetime
import html

import pytest
from mongoengine import ValidationError
from mongoengine.connection import get_db

from admin.locality import FROM_MEETING
from documents import CellMeeting, HistoryEntry, LocalityVisit, PartyOrganization, TrashedRecord
from documents.base import vietnam_today
from documents.cell_meeting import Attendance
from documents.locality_visits import Month, not_visited, visit_rate
from tests.conftest import csrf_token, login
from tests.test_local_work import errors
from tests.test_locality_assignments import assign, place  # noqa: F401  (fixture, helper)

DAY = datetime.date


@pytest.fixture
def held(place):  # noqa: F811
    """Đoàn Kết's cell meeting of 4 March 2024 with Mr. Phong (in charge of the hamlet) and the
    commune officer (in charge of Nam Quan) as guests."""
    hamlet = assign(place, unit="doan_ket")
    commune = assign(place, who="officer", unit="nam_quan")
    elsewhere = assign(place, unit="ban_chanh")  # Mr. Phong's other hamlet, in Nhân Lý
    cell = PartyOrganization.objects(name="Chi bộ thôn Đoàn Kết").get()
    meeting = CellMeeting(
        organization=cell,
        day=DAY(2024, 3, 4),
        start="19:30",
        end="21:00",
        focus="Vận động hộ nghèo chuyển đổi cây trồng",
        attendance=[Attendance(person=place["member"])],
        guests=[place["phong"], place["officer"]],
    ).save()
    return dict(place, meeting=meeting, hamlet=hamlet, commune=commune, elsewhere=elsewhere)


def visits_of(meeting):
    return {row["assignment"]: row for row in get_db().locality_visits.find({"meeting": meeting.pk})}


def test_the_meeting_is_a_visit_of_each_guest_in_charge_there(held):
    found = visits_of(held["meeting"])
    assert set(found) == {held["hamlet"].pk, held["commune"].pk}  # not Mr. Phong's other hamlet
    visit = LocalityVisit.objects(pk=found[held["hamlet"].pk]["_id"]).get()
    assert (visit.day, visit.purpose, visit.person, visit.unit) == (
        DAY(2024, 3, 4),
        "sinh_hoat_chi_bo",
        held["phong"].pk,
        held["doan_ket"].pk,
    )
    assert visit.learned == (
        "Dự buổi sinh hoạt thường kỳ của Chi bộ thôn Đoàn Kết. "
        "Vấn đề trọng tâm: Vận động hộ nghèo chuyển đổi cây trồng."
    )
    assert HistoryEntry.objects(record_id=visit.pk, action="create").count() == 1
    # March's rate: Mr. Phong owes a visit to each of his two hamlets and made one; the officer one.
    rate = visit_rate(held["district"], Month(2024, 3))
    assert (rate.assignments, rate.made, rate.counted_days) == (3, 2, 2 * 31)
    gaps = not_visited(held["district"], Month(2024, 3))
    assert [gap.assignment for gap in gaps.rows] == [held["elsewhere"].pk]


def test_the_visits_follow_the_meeting(held):
    meeting = held["meeting"]
    first = visits_of(meeting)[held["hamlet"].pk]["_id"]
    meeting.guests = [held["phong"]]
    meeting.day = DAY(2024, 4, 4)
    meeting.save()
    found = visits_of(meeting)
    assert list(found) == [held["hamlet"].pk]
    assert found[held["hamlet"].pk]["_id"] == first and found[held["hamlet"].pk]["day"].date() == DAY(
        2024, 4, 4
    )
    assert HistoryEntry.objects(record_id=first, action="edit").count() == 1
    assert HistoryEntry.objects(kind="locality_visits", action="delete").count() == 1  # the officer's
    # Saved again with nothing changed: the visit is not written again.
    meeting.save()
    assert HistoryEntry.objects(record_id=first).count() == 2
    assert visit_rate(held["district"], Month(2024, 3)).made == 0


def test_the_visits_go_to_the_trash_and_back_with_the_meeting(held):
    meeting = held["meeting"]
    meeting.delete()
    assert visits_of(meeting) == {}
    assert TrashedRecord.objects(kind="locality_visits").count() == 0  # only the meeting is there
    TrashedRecord.objects(record_id=meeting.pk).get().restore()
    assert set(visits_of(meeting)) == {held["hamlet"].pk, held["commune"].pk}
    assert visit_rate(held["district"], Month(2024, 3)).made == 2


def test_a_visit_the_cadre_recorded_that_day_is_not_doubled(place):  # noqa: F811
    hamlet = assign(place, unit="doan_ket")
    own = LocalityVisit(assignment=hamlet, day=DAY(2024, 3, 4), learned="Dự họp chi bộ").save()
    cell = PartyOrganization.objects(name="Chi bộ thôn Đoàn Kết").get()
    meeting = CellMeeting(
        organization=cell,
        day=DAY(2024, 3, 4),
        start="19:30",
        end="21:00",
        focus="Giữ gìn an ninh thôn",
        guests=[place["phong"]],
    ).save()
    assert visits_of(meeting) == {}
    assert LocalityVisit.objects(assignment=hamlet).count() == 1 and own.reload().meeting is None
    assert visit_rate(place["district"], Month(2024, 3)).made == 1


def test_no_visit_outside_the_assignment_or_in_the_future(place):  # noqa: F811
    assign(place, unit="doan_ket", start=DAY(2024, 3, 5))  # starts the day after the meeting
    cell = PartyOrganization.objects(name="Chi bộ thôn Đoàn Kết").get()
    values = dict(organization=cell, start="19:30", end="21:00", focus="Giữ gìn an ninh thôn")
    meeting = CellMeeting(day=DAY(2024, 3, 4), guests=[place["phong"]], **values).save()
    assert visits_of(meeting) == {}
    with pytest.raises(ValidationError) as refused:
        CellMeeting(day=vietnam_today() + datetime.timedelta(days=2), **values).save()
    assert "không được sau hôm nay" in str(errors(refused)["day"])


def test_the_console_links_both_ways_and_changes_the_visit_through_the_meeting(client, held):
    login(client, "xa")  # an editor of Nam Quan
    meeting = held["meeting"]
    visit = LocalityVisit.objects(meeting=meeting.pk, assignment=held["hamlet"]).get()
    page = client.get(f"/admin/cell_meeting/details/?id={meeting.pk}").get_data(as_text=True)
    assert f'href="/admin/locality_visit/details/?id={visit.pk}"' in page
    assert "Vi Văn Phong – hỗ trợ Thôn Đoàn Kết" in page
    page = client.get(f"/admin/locality_visit/details/?id={visit.pk}").get_data(as_text=True)
    assert f'href="/admin/cell_meeting/details/?id={meeting.pk}"' in page
    opened = client.get(f"/admin/locality_visit/edit/?id={visit.pk}", follow_redirects=True)
    assert FROM_MEETING in html.unescape(opened.get_data(as_text=True))
    url = f"/admin/locality_visit/edit/?id={visit.pk}"
    data = {"csrf_token": csrf_token(client, "/admin/locality_visit/new/"), "version": str(visit.version)}
    data.update(assignment=str(held["hamlet"].pk), day="05/03/2024", purpose="khac", follow_up="khong_can")
    client.post(url, data=data)
    assert visit.reload().day == DAY(2024, 3, 4) and visit.version == 1
    token = csrf_token(client, "/admin/locality_visit/")
    done = client.post("/admin/locality_visit/delete/", data={"id": str(visit.pk), "csrf_token": token})
    assert done.status_code == 302 and LocalityVisit.objects(pk=visit.pk).count() == 1


def test_taking_the_guests_off_the_form_takes_their_visits_off(client, held):
    login(client, "xa")
    meeting = held["meeting"]
    url = f"/admin/cell_meeting/edit/?id={meeting.pk}"
    data = {
        "csrf_token": csrf_token(client, url),
        "version": str(meeting.version),
        "organization": str(meeting.organization.pk),
        "day": "04/03/2024",
        "start": "19:30",
        "end": "21:00",
        "kind": "thuong_ky",
        "focus": meeting.focus,
        "guests": "",  # the picker emptied
        "attendance-loaded": "1",
        f"attendance-{held['member'].pk}-state": "co_mat",
        f"attendance-{held['member'].pk}-reason": "",
    }
    assert client.post(url, data=data).status_code == 302
    assert meeting.reload().guests == [] and visits_of(meeting) == {}
