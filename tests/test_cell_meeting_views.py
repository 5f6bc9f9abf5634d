"""Cell meetings in the console: the roll call of the cell's members on the form, messages at the
field, what a meeting falls short of on its page, scope, and the one «Sinh hoạt chi bộ» menu."""

import re

from documents import CellMeeting, FormDefinition, Person
from documents.base import vietnam_today
from tests.conftest import csrf_token, field_errors, login, make_user
from tests.test_cell_meeting import cell, meeting  # noqa: F401  (fixture, helper)


def roll_call(members, **states):
    """Form data of the roll call: everyone present but those `states` names (index: state)."""
    data = {"attendance-loaded": "1"}
    for n, person in enumerate(members):
        data[f"attendance-{person.pk}-state"] = states.get(f"m{n}", ("co_mat", ""))[0]
        data[f"attendance-{person.pk}-reason"] = states.get(f"m{n}", ("co_mat", ""))[1]
    return data


def form(cell, client, url, **fields):  # noqa: F811
    return {
        "csrf_token": csrf_token(client, url),
        "organization": str(cell["cell"].pk),
        "day": "04/01/2026",
        "start": "19:30",
        "end": "21:00",
        "kind": "thuong_ky",
        "focus": "Chuyển đổi cây trồng",
        "committee_met_on": "30/12/2025",
        "notified_on": "01/01/2026",
        **fields,
    }


def test_the_form_lists_the_cells_members_to_call_and_saves_the_roll(client, cell):  # noqa: F811
    make_user("xa", role="editor", unit=cell["nam_quan"])
    login(client, "xa")
    url = f"/admin/cell_meeting/new/?organization={cell['cell'].pk}"
    page = client.get(url).get_data(as_text=True)
    names = re.findall(r'<label for="attendance-\w+-state">([^<]+)</label>', page)
    members = sorted(cell["members"], key=lambda p: p.sort_name)  # by given name: Bảy, Chín, Sáu, Tám
    assert names == [p.full_name for p in members]  # the stranger of Nà Pái is not there
    today = vietnam_today()
    assert f'value="04/{today:%m/%Y}"' in page  # the cell meets on the 4th
    data = form(cell, client, url, **roll_call(members, m0=("vang_co_ly_do", ""), m1=("vang", "")))
    page = client.post(url, data=data).get_data(as_text=True)
    assert f"Hãy ghi lý do vắng của {members[0].full_name}." in page and CellMeeting.objects.count() == 0
    data[f"attendance-{members[0].pk}-reason"] = "Đi làm ăn xa"
    assert client.post(url, data=data).status_code == 302
    saved = CellMeeting.objects.get()
    assert (saved.present, saved.members, saved.minutes, saved.guests) == (2, 4, 90, [])
    assert [(row.person, row.present, row.reason) for row in saved.attendance[:2]] == [
        (members[0], False, "Đi làm ăn xa"),
        (members[1], False, None),
    ]
    page = client.get(f"/admin/cell_meeting/details/?id={saved.pk}").get_data(as_text=True)
    assert f"{members[1].full_name} (vắng không lý do)" in page
    assert "Tháng 1/2026: 1 buổi thường kỳ; quý 1: 0 buổi chuyên đề." in page


def test_a_cell_picked_on_the_form_shows_its_members_before_saving(client, cell):  # noqa: F811
    make_user("xa", role="editor", unit=cell["nam_quan"])
    login(client, "xa")
    url = "/admin/cell_meeting/new/"
    assert "Chọn chi bộ rồi bấm Lưu" in client.get(url).get_data(as_text=True)
    page = client.post(url, data=form(cell, client, url)).get_data(as_text=True)
    assert "Đã hiện danh sách đảng viên của chi bộ: hãy điểm danh rồi bấm Lưu." in page
    # The roll call is marked invalid, as an input is: Bootstrap shows the message only then.
    assert '<table class="table table-sm attendance is-invalid"' in page
    assert page.count('<option value="co_mat" selected>') == 4 and CellMeeting.objects.count() == 0


def test_bad_hours_and_a_committee_are_refused_at_their_field(client, cell):  # noqa: F811
    make_user("xa", role="editor", unit=cell["nam_quan"])
    login(client, "xa")
    url = f"/admin/cell_meeting/new/?organization={cell['cell'].pk}"
    data = form(cell, client, url, end="19:00", **roll_call(cell["members"]))
    page = client.post(url, data=data).get_data(as_text=True)
    assert field_errors(page, "end") == ["Giờ kết thúc phải sau giờ bắt đầu."]
    data = form(cell, client, url, organization=str(cell["commune"].pk), **roll_call(cell["members"]))
    page = client.post(url, data=data).get_data(as_text=True)
    assert field_errors(page, "organization")  # a committee is not offered: an unknown pick
    assert CellMeeting.objects.count() == 0


def test_another_communes_editor_and_a_viewer(client, cell):  # noqa: F811
    held = meeting(cell)
    make_user("xakhac", role="editor", unit=cell["nhan_ly"])
    make_user("xem", role="viewer", unit=cell["nam_quan"])
    login(client, "xakhac")
    assert client.get(f"/admin/cell_meeting/details/?id={held.pk}").status_code == 404
    assert "Chi bộ thôn Đoàn Kết" not in client.get("/admin/cell_meeting/").get_data(as_text=True)
    url = f"/admin/cell_meeting/new/?organization={cell['cell'].pk}"
    assert "attendance-loaded" not in client.get(url).get_data(as_text=True)  # a cell out of scope
    client.post("/logout", data={"csrf_token": csrf_token(client, "/admin/")})
    login(client, "xem")
    assert client.get(f"/admin/cell_meeting/details/?id={held.pk}").status_code == 200
    token = csrf_token(client, "/admin/cell_meeting/")
    client.post(f"/admin/cell_meeting/edit/?id={held.pk}", data={"csrf_token": token, "focus": "Khác"})
    assert CellMeeting.objects.get().focus == "Chuyển đổi cây trồng trên đất dốc"


def test_a_member_who_left_stays_on_the_meetings_roll(client, cell):  # noqa: F811
    held = meeting(cell)
    moved = Person.objects.get(pk=cell["members"][0].pk)
    moved.party_organization = cell["other"]
    moved.save()
    make_user("xa", role="editor", unit=cell["nam_quan"])
    login(client, "xa")
    url = f"/admin/cell_meeting/edit/?id={held.pk}"
    page = client.get(url).get_data(as_text=True)
    assert moved.full_name in page
    data = form(cell, client, url, version=str(held.version), **roll_call(cell["members"]))
    assert client.post(url, data=data).status_code == 302
    assert CellMeeting.objects.get().members == 4


def test_one_menu_holds_the_meetings_and_the_defined_kinds_of_the_group(admin_client, cell):  # noqa: F811
    FormDefinition(
        code="kiem_tra", name="Phiếu kiểm tra sinh hoạt", family="standalone", menu_group="Sinh hoạt chi bộ"
    ).save()
    page = admin_client.get("/admin/").get_data(as_text=True)
    assert page.count(">Sinh hoạt chi bộ</a>") == 1
    menu = page[page.index(">Sinh hoạt chi bộ</a>") :]
    menu = menu[: menu.index("</ul>")]
    assert "Buổi sinh hoạt chi bộ" in menu and "Phiếu kiểm tra sinh hoạt" in menu
