"""Assignments of cadres to localities and their visits: what a record accepts, the days it runs,
who may change it, that it is ended and never deleted, and a visit's support adding up."""

import datetime

import pytest
from mongoengine.errors import ValidationError

from documents import Household, LocalityAssignment, LocalityVisit, PartyOrganization, Person, Position
from documents.base import vietnam_today
from documents.locality_visit import SupportItem
from tests.conftest import csrf_token, district_committee, make_user
from tests.test_breakthrough_tasks import signed_in

DAY = datetime.date


def person(name, unit, member_of=None, title=None):
    return Person(
        full_name=name,
        gender="nam",
        birth_year=1978,
        category="can_bo",
        unit=unit,
        party_organization=member_of,
        admitted_on=DAY(2005, 5, 19) if member_of else None,
        positions=[Position(title=title, start=DAY(2021, 1, 1))] if title else [],
    ).save()


@pytest.fixture
def place(district):
    """Mr. Vi Văn Phong of the district, a commune officer of Nam Quan, a hamlet cell with one
    member, two households of Đoàn Kết; editors of Nam Quan, the district, Nhân Lý; a viewer."""
    cell = PartyOrganization(kind="chi_bo", name="Chi bộ thôn Đoàn Kết", unit=district["doan_ket"]).save()
    people = dict(
        phong=person("Vi Văn Phong", district["district"], title="Phó Trưởng Phòng Nội vụ huyện"),
        officer=person("Lý Thị Hoa", district["nam_quan"], title="Công chức Văn phòng - Thống kê"),
        member=person("Triệu Tiến Lương", district["doan_ket"], member_of=cell),
    )
    homes = [
        Household(code=f"DK-{n}", head_name=f"Hộ {n}", hamlet=district["doan_ket"]).save() for n in (1, 2)
    ]
    make_user("xa", role="editor", unit=district["nam_quan"])
    make_user("huyen", role="editor", unit=district["district"])
    make_user("xakhac", role="editor", unit=district["nhan_ly"])
    make_user("xem", role="viewer", unit=district["nam_quan"])
    return dict(district, **people, homes=homes, body=district_committee(district["district"]))


def assign(place, who="phong", unit="doan_ket", **fields):
    values = dict(person=place[who], unit=place[unit], role="ho_tro", start=DAY(2022, 6, 1))
    return LocalityAssignment(**{**values, **fields}).save()


def test_an_assignment_keeps_who_and_where_for_the_counts(place):
    done = assign(place)
    assert (done.level, done.assignee_level) == (4, 2)
    assert done.commune == place["nam_quan"].pk and done.assignee_unit == place["district"].pk
    assert done.post == "Phó Trưởng Phòng Nội vụ huyện"
    assert done.ancestors == [
        place["province"].pk,
        place["district"].pk,
        place["nam_quan"].pk,
        place["doan_ket"].pk,
    ]
    assert str(done) == "Vi Văn Phong – hỗ trợ Thôn Đoàn Kết" and done.period_text == "Từ 01/06/2022"
    commune = assign(place, who="officer", unit="nam_quan", role="phu_trach")
    assert (commune.level, commune.commune) == (3, place["nam_quan"].pk)


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"unit": "district"}, "unit", "là một xã, phường, thị trấn hoặc một thôn"),
        ({"end": DAY(2022, 5, 31)}, "end", "không được trước ngày bắt đầu"),
        ({"start": DAY(1999, 12, 31)}, "start", "từ 01/01/2000"),
    ],
)
def test_what_an_assignment_refuses(place, fields, field, message):
    values = dict(person=place["phong"], unit=place["doan_ket"], start=DAY(2022, 6, 1))
    if "unit" in fields:
        fields = {**fields, "unit": place[fields["unit"]]}
    with pytest.raises(ValidationError) as refused:
        LocalityAssignment(**{**values, **fields}).save()
    assert f"{field}." in str(refused.value) and message in str(refused.value)


def test_households_go_to_a_member_of_their_hamlet_and_may_move_away(place, district):
    homes = place["homes"]
    with pytest.raises(ValidationError) as refused:
        assign(place, who="officer", households=homes)
    assert "person." in str(refused.value) and "phải là đảng viên" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        assign(place, who="member", unit="nam_quan", households=homes)
    assert "households." in str(refused.value) and "theo thôn" in str(refused.value)
    other = Household(code="NP-1", head_name="Hộ Nà Pái", hamlet=district["na_pai"]).save()
    with pytest.raises(ValidationError) as refused:
        assign(place, who="member", households=[homes[0], other])
    assert "households." in str(refused.value) and "NP-1 không thuộc Thôn Đoàn Kết" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        assign(place, who="member", households=[homes[0], homes[0]])
    assert "households." in str(refused.value) and "hai lần" in str(refused.value)
    done = assign(place, who="member", households=homes)
    # The household moves to Nà Pái: the assignment still saves (it is ended, say).
    homes[1].hamlet = district["na_pai"]
    homes[1].save()
    done.end = DAY(2023, 1, 31)
    done.save()
    assert LocalityAssignment.objects(pk=done.pk).get().end == DAY(2023, 1, 31)


def test_the_days_an_assignment_runs(place):
    ended = assign(place, start=DAY(2022, 6, 1), end=DAY(2022, 6, 30))
    running = assign(place, who="officer", start=DAY(2022, 6, 15))
    on = {
        day: {a.pk for a in LocalityAssignment.objects.active_on(day)}
        for day in (DAY(2022, 5, 31), DAY(2022, 6, 1), DAY(2022, 6, 30), DAY(2022, 7, 1))
    }
    assert on == {
        DAY(2022, 5, 31): set(),
        DAY(2022, 6, 1): {ended.pk},
        DAY(2022, 6, 30): {ended.pk, running.pk},
        DAY(2022, 7, 1): {running.pk},
    }
    during = LocalityAssignment.objects.during(DAY(2022, 7, 1), DAY(2022, 7, 31))
    assert [a.pk for a in during] == [running.pk]
    assert ended.runs_on(DAY(2022, 6, 30)) and not ended.runs_on(DAY(2022, 7, 1))


def form(client, place, url, **fields):
    return {
        "csrf_token": csrf_token(client, url),
        "person": str(place["officer"].pk),
        "role": "phu_trach",
        "unit": str(place["doan_ket"].pk),
        "start": "01/06/2022",
        **fields,
    }


def test_commune_staff_record_an_assignment_in_their_commune(app, place):
    xa = signed_in(app, "xa")
    url = "/admin/locality_assignment/new/"
    response = xa.post(url, data=form(xa, place, url))
    assert response.status_code == 302
    made = LocalityAssignment.objects.get()
    assert (made.person, made.unit, made.start, made.role) == (
        place["officer"],
        place["doan_ket"],
        DAY(2022, 6, 1),
        "phu_trach",
    )
    bad = xa.post(url, data=form(xa, place, url, start="31/02/2022"))
    assert bad.status_code == 200 and "Ngày không hợp lệ" in bad.get_data(as_text=True)
    early = xa.post(url, data=form(xa, place, url, end="01/01/2022"))
    assert early.status_code == 200 and "không được trước ngày bắt đầu" in early.get_data(as_text=True)
    other = signed_in(app, "xakhac")
    assert other.get(f"/admin/locality_assignment/details/?id={made.pk}").status_code == 404
    assert other.get(f"/admin/locality_assignment/edit/?id={made.pk}").status_code == 404
    listed = other.get("/admin/locality_assignment/").get_data(as_text=True)
    assert "Lý Thị Hoa" not in listed


def test_an_assignment_is_ended_never_deleted(app, place):
    made = assign(place)
    huyen = signed_in(app, "huyen")
    url = "/admin/locality_assignment/delete/"
    page = huyen.post(
        url, data={"id": str(made.pk), "csrf_token": csrf_token(huyen, "/admin/locality_assignment/")}
    )
    assert page.status_code in (302, 200)
    assert LocalityAssignment.objects(pk=made.pk).count() == 1
    listed = huyen.get("/admin/locality_assignment/", follow_redirects=True).get_data(as_text=True)
    assert "/admin/locality_assignment/delete/" not in listed and "Phụ trách địa bàn" in listed


def test_only_the_assigning_bodys_staff_change_its_assignment(app, place):
    made = assign(place, body=place["body"])
    xa, huyen = signed_in(app, "xa"), signed_in(app, "huyen")
    edit = f"/admin/locality_assignment/edit/?id={made.pk}"
    fields = dict(person=str(place["phong"].pk), role="ho_tro", body=str(place["body"].pk))
    # The commune's staff are not offered the form, nor may they post it.
    opened = xa.get(edit)
    assert opened.status_code == 302 and "/details/" in opened.location
    page = xa.get(opened.location).get_data(as_text=True)
    assert "chỉ cán bộ của cấp phân công" in page and edit not in page
    listing = xa.get("/admin/locality_assignment/").get_data(as_text=True)
    assert str(made.pk) in listing and f"edit/?id={made.pk}" not in listing
    token = csrf_token(xa, f"/admin/locality_assignment/details/?id={made.pk}")
    data = dict(
        fields, end="30/06/2024", version=str(made.version), csrf_token=token, unit=str(place["doan_ket"].pk)
    )
    data["start"] = "01/06/2022"
    refused = xa.post(edit, data=data)
    assert refused.status_code == 200 and "chỉ cán bộ của cấp phân công" in refused.get_data(as_text=True)
    assert LocalityAssignment.objects(pk=made.pk).get().end is None
    ended = huyen.post(
        edit, data=form(huyen, place, edit, **fields, end="30/06/2024", version=str(made.version))
    )
    assert ended.status_code == 302
    assert LocalityAssignment.objects(pk=made.pk).get().end == DAY(2024, 6, 30)
    viewer = signed_in(app, "xem")
    assert viewer.get(f"/admin/locality_assignment/details/?id={made.pk}").status_code == 200
    assert viewer.get(edit).status_code == 302  # a viewer is sent back to the list, told why


def test_a_visit_adds_up_its_support_and_stays_in_the_assignment(place):
    done = assign(place)
    visit = LocalityVisit(
        assignment=done,
        day=DAY(2024, 3, 5),
        purpose="sinh_hoat_chi_bo",
        learned="Chi bộ nhiều năm không kết nạp được đảng viên mới.",
        problems="Đường vào thôn xuống cấp.",
        proposed_to="xa",
        support=[
            SupportItem(kind="Loa đài", quantity=2, measure="chiếc", value=6_000_000),
            SupportItem(kind="Cờ Tổ quốc", quantity=63, measure="lá", value=3_150_000),
            SupportItem(kind="Cát, sỏi làm đường", quantity=12, measure="m³"),
        ],
    ).save()
    assert visit.support_value == 9_150_000 and visit.follow_up == "cho_xu_ly"
    with pytest.raises(ValidationError) as refused:
        LocalityVisit(assignment=done, day=DAY(2024, 3, 6), proposed_to="huyen").save()
    assert refused.value.errors["__all__"].errors["proposed_to"].message == (
        "Chỉ chọn cấp kiến nghị khi có ghi khó khăn, kiến nghị."
    )
    assert (visit.person, visit.unit) == (place["phong"].pk, place["doan_ket"].pk)
    assert visit.ancestors == done.ancestors
    assert str(visit.support[1]) == "Cờ Tổ quốc 63 lá (3.150.000 đồng)"
    for day, message in (
        (DAY(2022, 5, 31), "ngoài thời gian phân công"),
        (vietnam_today() + datetime.timedelta(1), "sau hôm nay"),
    ):
        with pytest.raises(ValidationError) as refused:
            LocalityVisit(assignment=done, day=day).save()
        assert "day." in str(refused.value) and message in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        LocalityVisit(assignment=done, day=DAY(2024, 4, 2), follow_up="dang_xu_ly").save()
    assert "problems." in str(refused.value) and "khó khăn, kiến nghị" in str(refused.value)


def test_visits_are_recorded_in_the_console_within_scope(app, place):
    done = assign(place)
    xa = signed_in(app, "xa")
    url = "/admin/locality_visit/new/"
    data = {
        "csrf_token": csrf_token(xa, url),
        "assignment": str(done.pk),
        "day": "05/03/2024",
        "purpose": "sinh_hoat_chi_bo",
        "learned": "Nắm tình hình chi bộ",
        "problems": "",
        "follow_up": "khong_can",
        "support-0-kind": "Kinh phí làm cổng nhà văn hóa",
        "support-0-quantity": "1",
        "support-0-value": "15.000.000",
    }
    assert xa.post(url, data=data).status_code == 302
    visit = LocalityVisit.objects.get()
    assert visit.support_value == 15_000_000 and visit.day == DAY(2024, 3, 5)
    listed = xa.get("/admin/locality_visit/").get_data(as_text=True)
    assert "15.000.000 đồng" in listed
    other = signed_in(app, "xakhac")
    assert other.get(f"/admin/locality_visit/details/?id={visit.pk}").status_code == 404
    bad = xa.post(url, data={**data, "csrf_token": csrf_token(xa, url), "day": "05/03/2021"})
    assert bad.status_code == 200 and "ngoài thời gian phân công" in bad.get_data(as_text=True)


def test_a_household_assignment_opens_and_reads_in_words(app, place):
    """Its page and form open (a list of households is a list of references), and its history
    names what staff set, not the fields kept for the counts."""
    made = assign(place, who="member", households=place["homes"], start=DAY(2024, 1, 1))
    xa = signed_in(app, "xa")
    page = xa.get(f"/admin/locality_assignment/details/?id={made.pk}")
    assert page.status_code == 200
    history = page.get_data(as_text=True).split("Lịch sử thay đổi")[1]
    for kept in ("assignee_level", "assignee_unit", "commune", "(đã xóa)"):
        assert kept not in history, kept
    assert xa.get(f"/admin/locality_assignment/edit/?id={made.pk}").status_code == 200


def test_visits_are_found_by_the_cadre_and_the_place(app, place):
    done = assign(place)
    LocalityVisit(assignment=done, day=DAY(2024, 3, 5), purpose="sinh_hoat_chi_bo").save()
    huyen = signed_in(app, "huyen")
    for typed in ("vi van phong", "Đoàn Kết"):
        listed = huyen.get(f"/admin/locality_visit/?search={typed}").get_data(as_text=True)
        assert "05/03/2024" in listed, typed
    visit = LocalityVisit.objects.get()
    page = huyen.get(f"/admin/locality_visit/details/?id={visit.pk}").get_data(as_text=True)
    assert "(đã xóa)" not in page.split("Lịch sử thay đổi")[1]


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        ({"value": 1.5}, "value", "không có phần lẻ"),  # as the form sets it: never cut to 1
        ({"quantity": 1e9}, "quantity", "Số lượng từ 0 đến 1.000.000"),
        ({"quantity": -1}, "quantity", "Số lượng từ 0 đến 1.000.000"),
    ],
)
def test_support_refused_never_cut(place, typed, field, message):
    item = SupportItem(kind="Cát", measure="m³")
    for name, value in typed.items():
        setattr(item, name, value)
    with pytest.raises(ValidationError) as refused:
        LocalityVisit(assignment=assign(place), day=DAY(2024, 3, 5), support=[item]).save()
    assert field in str(refused.value) and message in str(refused.value)
    assert LocalityVisit.objects.count() == 0


def test_an_assignment_cannot_end_before_or_start_after_the_visits_made_under_it(place):
    done = assign(place, start=DAY(2024, 1, 1))
    for day in (DAY(2024, 2, 5), DAY(2024, 3, 10)):
        LocalityVisit(assignment=done, day=day).save()
    done.end = DAY(2024, 2, 29)
    with pytest.raises(ValidationError) as refused:
        done.save()
    assert refused.value.errors["__all__"].errors["end"].message == (
        "Đã có 1 lượt về địa bàn ghi theo phân công này sau ngày đó (lượt cuối 10/03/2024): "
        "ngày kết thúc sớm nhất là 10/03/2024."
    )
    done = LocalityAssignment.objects(pk=done.pk).get()
    done.start = DAY(2024, 3, 1)
    with pytest.raises(ValidationError) as refused:
        done.save()
    assert "ngày bắt đầu muộn nhất là 05/02/2024" in refused.value.errors["__all__"].errors["start"].message
    done = LocalityAssignment.objects(pk=done.pk).get()
    done.end = DAY(2024, 3, 10)
    assert done.save().end == DAY(2024, 3, 10)
