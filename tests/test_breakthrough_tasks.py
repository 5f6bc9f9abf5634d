"""Breakthrough tasks: saved with history, check-ins, states, and who may do what in the console."""

import datetime
import re

import pytest
from mongoengine.errors import ValidationError

from documents import BreakthroughTask, HistoryEntry
from documents.breakthrough import Target
from tests.conftest import csrf_token, district_committee, login
from tests.test_security_headers import inline_code


def new_task(place, **fields):
    values = dict(
        content="Tuyển quân đạt chỉ tiêu",
        person=place["cadre"],
        body=place["body"],
        origin="duoc_giao",
        state="assigned",
        period_kind="nam",
        start_year=2022,
        unit=place["nam_quan"],
        targets=[
            Target(indicator="Tỷ lệ tuyển quân", measure="%", baseline=50, target=100),
            Target(
                indicator="Môi trường",
                direction="qualitative",
                level_1="Chưa đạt",
                level_2="Đạt một phần",
                level_3="Đạt",
            ),
        ],
    )
    return BreakthroughTask(**{**values, **fields}).save()


def signed_in(app, username):
    client = app.test_client()
    assert login(client, username).status_code == 302
    return client


def test_task_saved_with_history_post_and_year_period(task_place):
    task = new_task(task_place)
    assert task.post == "Chủ tịch UBND xã"
    assert task.end_year == 2022 and task.period_text == "Năm 2022"
    assert task.ancestors == [*task_place["nam_quan"].ancestors, task_place["nam_quan"].pk]
    assert [t.key for t in task.targets] == ["c1", "c2"]
    task.content = "Tuyển quân vượt chỉ tiêu"
    task.save()
    actions = [e.action for e in HistoryEntry.objects(record_id=task.pk).order_by("version")]
    assert actions == ["create", "edit"]


def test_term_period_and_milestones_are_checked(task_place):
    with pytest.raises(ValidationError) as refused:
        new_task(task_place, period_kind="nhiem_ky", start_year=2021)
    assert "cần năm kết thúc" in str(refused.value)
    task = new_task(task_place, period_kind="nhiem_ky", start_year=2021, end_year=2025)
    assert task.period_text == "Giai đoạn 2021–2025"
    from documents.breakthrough import Milestone

    task.milestones = [Milestone(year=2027, text="Hoàn thành")]
    with pytest.raises(ValidationError) as refused:
        task.save()
    assert "Mốc năm 2027 nằm ngoài thời hạn" in str(refused.value)


def test_check_in_sets_latest_actuals_and_keeps_the_series(task_place):
    task = new_task(task_place, start_year=2020, period_kind="nhiem_ky", end_year=2021)
    task.add_check_in(datetime.date(2021, 12, 1), {"c1": 87, "c2": 2}, "Cuối năm", "xa")
    task.save()
    task.add_check_in(datetime.date(2020, 12, 1), {"c1": 50}, "", "xa")  # an earlier day, entered late
    task.save()
    task.reload()
    assert task.series("c1") == [(datetime.date(2020, 12, 1), 50), (datetime.date(2021, 12, 1), 87)]
    assert task.targets[0].actual == 87 and task.targets[1].actual == 2
    assert str(task.targets[0].percent) == "74.0" and task.achievement == 62  # (74 + 50) / 2
    # A target renamed, moved and a new one added: the series stays with its key.
    task.targets = [task.targets[1], task.targets[0], Target(indicator="Mới", baseline=0, target=1)]
    task.targets[1].indicator = "Tỷ lệ hoàn thành tuyển quân"
    task.save()
    task.reload()
    assert [t.key for t in task.targets] == ["c2", "c1", "c3"]
    assert task.series("c1")[-1][1] == 87
    assert len(HistoryEntry.objects(record_id=task.pk)) == 4


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"c2": 4}, "ba mức"),
        ({"zz": 1}, "không có"),
        ({}, "ít nhất một chỉ tiêu"),
    ],
)
def test_check_in_refused_in_vietnamese(task_place, values, message):
    task = new_task(task_place)
    with pytest.raises(ValidationError) as refused:
        task.add_check_in(datetime.date(2022, 5, 1), values, "", "xa")
    assert message in str(refused.value.errors)


def test_state_moves_allowed_and_refused(task_place):
    task = new_task(task_place, origin="tu_dang_ky", state="registered")
    with pytest.raises(ValidationError) as refused:
        task.add_check_in(datetime.date(2022, 5, 1), {"c1": 60}, "", "xa")
    assert "không ghi tiến độ được" in refused.value.errors["state"].message
    with pytest.raises(ValidationError) as refused:
        task.move_to("finished")
    assert refused.value.errors["state"].message == "Không chuyển được từ «Đã đăng ký» sang «Hoàn thành»."
    task.move_to("approved")
    task.move_to("in_progress")
    task.add_check_in(datetime.date(2022, 5, 1), {"c1": 100, "c2": 3}, "", "xa")
    with pytest.raises(ValidationError) as refused:
        task.move_to("exceeded")  # 100%, not beyond
    assert "Chưa vượt chỉ tiêu" in refused.value.errors["state"].message
    task.move_to("finished")
    task.save()
    with pytest.raises(ValidationError):
        task.move_to("in_progress")
    states = [e.after.get("state") for e in HistoryEntry.objects(record_id=task.pk).order_by("version")]
    assert states == ["registered", "finished"]


def test_commune_editor_checks_in_but_does_not_approve(app, task_place):
    task = new_task(task_place)
    client = signed_in(app, "xa")
    url = f"/admin/breakthrough_task/details/?id={task.pk}"
    page = client.get(url).get_data(as_text=True)
    assert "Ghi tiến độ" in page and "Bắt đầu thực hiện" not in page
    token = csrf_token(client, url)
    answer = client.post(
        f"/admin/breakthrough_task/check_in/?id={task.pk}",
        data={
            "csrf_token": token,
            "day": "01/06/2022",
            "actual-c1": "75,5",
            "actual-c2": "2",
            "comment": "Tốt",
        },
    )
    assert answer.status_code == 302
    task.reload()
    assert task.targets[0].actual == 75.5 and task.check_ins[0].by == "xa"
    page = client.get(url).get_data(as_text=True)
    assert "51%" in page and "75,5 %" in page and "Tốt" in page
    moved = client.post(
        f"/admin/breakthrough_task/move/?id={task.pk}", data={"csrf_token": token, "state": "in_progress"}
    )
    assert moved.status_code == 403
    assert BreakthroughTask.objects.get().state == "assigned"


def test_body_staff_move_states_and_a_wrong_move_is_refused(app, task_place):
    task = new_task(task_place)
    client = signed_in(app, "huyen")
    url = f"/admin/breakthrough_task/details/?id={task.pk}"
    assert "Bắt đầu thực hiện" in client.get(url).get_data(as_text=True)
    token = csrf_token(client, url)
    move = f"/admin/breakthrough_task/move/?id={task.pk}"
    answer = client.post(move, data={"csrf_token": token, "state": "finished"}, follow_redirects=True)
    assert "Không chuyển được từ «Đã giao» sang «Hoàn thành»." in answer.get_data(as_text=True)
    assert client.post(move, data={"csrf_token": token, "state": "in_progress"}).status_code == 302
    assert BreakthroughTask.objects.get().state == "in_progress"
    assert client.post(move, data={"csrf_token": token, "state": "nonsense"}).status_code == 302
    assert client.post(move, data={"state": "finished"}).status_code == 302  # no token: nothing moves
    assert BreakthroughTask.objects.get().state == "in_progress"


def test_viewer_and_other_commune_cannot_act(app, task_place):
    task = new_task(task_place)
    viewer = signed_in(app, "xem")
    url = f"/admin/breakthrough_task/details/?id={task.pk}"
    page = viewer.get(url).get_data(as_text=True)
    assert (
        "Ghi tiến độ" not in page.split("Tiến độ đã báo cáo")[1].split("Lịch sử")[0] or "check-in" not in page
    )
    token = csrf_token(viewer, url)
    data = {"csrf_token": token, "day": "01/06/2022", "actual-c1": "60"}
    assert viewer.post(f"/admin/breakthrough_task/check_in/?id={task.pk}", data=data).status_code == 403
    other = signed_in(app, "xakhac")
    assert other.get(url).status_code == 404
    data["csrf_token"] = csrf_token(other, "/admin/breakthrough_task/")
    assert other.post(f"/admin/breakthrough_task/check_in/?id={task.pk}", data=data).status_code == 404
    assert other.post(f"/admin/breakthrough_task/move/?id={task.pk}", data=data).status_code == 404
    assert BreakthroughTask.objects.get().check_ins == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"day": "32/13/2022", "actual-c1": "60"}, "Ngày"),
        ({"day": "01/06/2022", "actual-c1": "sáu mươi"}, "không phải là số"),
        ({"day": "01/06/2022", "actual-c2": "7"}, "ba mức"),
        ({"day": "01/06/2099", "actual-c1": "60"}, "đến hôm nay"),
    ],
)
def test_check_in_form_errors_are_vietnamese(app, task_place, fields, message):
    task = new_task(task_place)
    client = signed_in(app, "xa")
    url = f"/admin/breakthrough_task/details/?id={task.pk}"
    data = {"csrf_token": csrf_token(client, url), **fields}
    page = client.post(f"/admin/breakthrough_task/check_in/?id={task.pk}", data=data, follow_redirects=True)
    assert page.status_code == 200
    assert message in page.get_data(as_text=True)
    assert BreakthroughTask.objects.get().check_ins == []


def task_form(client, place, url, **fields):
    return {
        "csrf_token": csrf_token(client, url),
        "content": "Trồng rừng",
        "person": str(place["cadre"].pk),
        "body": str(place["body"].pk),
        "origin": "tu_dang_ky",
        "period_kind": "nhiem_ky",
        "start_year": "2021",
        "end_year": "2025",
        "unit": str(place["nam_quan"].pk),
        "solutions": "Giao đất cho dân\nHỗ trợ giống",
        "targets-0-indicator": "Diện tích trồng rừng",
        "targets-0-measure": "ha",
        "targets-0-direction": "higher",
        "targets-0-baseline": "0",
        "targets-0-target": "630",
        "targets-0-weight": "1",
        **fields,
    }


def test_form_creates_a_registered_task_with_targets(app, task_place):
    client = signed_in(app, "huyen")
    url = "/admin/breakthrough_task/new/"
    assert client.post(url, data=task_form(client, task_place, url)).status_code == 302
    task = BreakthroughTask.objects.get()
    assert task.state == "registered" and task.solutions == ["Giao đất cho dân", "Hỗ trợ giống"]
    assert task.targets[0].key == "c1" and task.targets[0].target == 630
    # Editing keeps the target's key (its series).
    edit = f"/admin/breakthrough_task/edit/?id={task.pk}"
    form = task_form(client, task_place, edit, **{"targets-0-indicator": "Trồng rừng mới", "version": "1"})
    assert client.post(edit, data=form).status_code == 302
    task.reload()
    assert task.targets[0].key == "c1" and task.targets[0].indicator == "Trồng rừng mới"


def test_a_commune_editor_registers_a_task_with_the_district_committee(app, task_place):
    """The district committee is above the commune: offered and kept; another commune's body is not."""
    other_body = district_committee(
        task_place["nhan_ly"],
        name="Đảng ủy xã Nhân Lý",
        abbreviation="ĐU",
        parent_name="Đảng bộ huyện Lộc Bình",
    )
    client = signed_in(app, "xa")
    offered = client.get("/admin/breakthrough_task/ajax/lookup/?name=body&query=").get_json()
    assert [row[0] for row in offered] == [str(task_place["body"].pk)]
    url = "/admin/breakthrough_task/new/"
    assert client.post(url, data=task_form(client, task_place, url)).status_code == 302
    task = BreakthroughTask.objects.get()
    assert (task.body.pk, task.state) == (task_place["body"].pk, "registered")
    refused = client.post(url, data=task_form(client, task_place, url, body=str(other_body.pk)))
    assert refused.status_code == 200 and "Đảng ủy xã Nhân Lý" not in refused.get_data(as_text=True)
    assert BreakthroughTask.objects.count() == 1
    # Registered with the district, the task is approved by the district's staff, not the commune's.
    move = f"/admin/breakthrough_task/move/?id={task.pk}"
    token = csrf_token(client, f"/admin/breakthrough_task/details/?id={task.pk}")
    assert client.post(move, data={"csrf_token": token, "state": "approved"}).status_code == 403


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"targets-0-target": "-5"}, "mục tiêu không thấp hơn mức khởi điểm"),
        ({"end_year": ""}, "năm kết thúc"),
        ({"targets-0-baseline": "không"}, "số"),
    ],
)
def test_form_errors_are_vietnamese_never_a_500(app, task_place, fields, message):
    client = signed_in(app, "huyen")
    url = "/admin/breakthrough_task/new/"
    answer = client.post(url, data=task_form(client, task_place, url, **fields))
    assert answer.status_code == 200
    assert message in answer.get_data(as_text=True)
    assert BreakthroughTask.objects.count() == 0


def test_pages_have_no_inline_code_and_list_shows_achievement(app, task_place):
    task = new_task(task_place)
    task.add_check_in(datetime.date(2022, 6, 1), {"c1": 75}, "", "xa")
    task.save()
    client = signed_in(app, "huyen")
    for url in (
        "/admin/breakthrough_task/",
        "/admin/breakthrough_task/new/",
        f"/admin/breakthrough_task/edit/?id={task.pk}",
        f"/admin/breakthrough_task/details/?id={task.pk}",
        f"/admin/breakthrough_task/?flt0_0={task_place['nam_quan'].pk}&flt1_1=assigned",
    ):
        answer = client.get(url)
        assert answer.status_code == 200, url
        assert "script-src" in answer.headers["Content-Security-Policy"]
        assert inline_code(answer.get_data(as_text=True)) == [], url
    listing = client.get("/admin/breakthrough_task/").get_data(as_text=True)
    assert "50%" in listing and "Năm 2022" in listing and "Đã giao" in listing
    assert re.search(r"1\s+việc", listing)


def test_the_task_page_draws_each_measured_targets_series(app, task_place):
    task = new_task(task_place)
    task.add_check_in(datetime.date(2022, 6, 30), {"c1": 50, "c2": 1}, "", "xa")
    task.add_check_in(datetime.date(2022, 12, 31), {"c1": 87, "c2": 3}, "", "xa")
    task.save()
    page = signed_in(app, "xa").get(f"/admin/breakthrough_task/details/?id={task.pk}").get_data(as_text=True)
    charts = re.findall(r'<figure class="task-chart">(<svg.*?</svg>)</figure>', page, re.S)
    assert len(charts) == 1  # the qualitative target has no line
    assert "Tỷ lệ tuyển quân" in charts[0] and "30/06/2022" in charts[0] and "87%" in charts[0]
    assert "Mục tiêu: 100%" in charts[0] and "style=" not in charts[0] and not inline_code(page)


def test_the_history_reads_targets_and_check_ins_in_words(app, task_place):
    task = new_task(task_place)
    task.add_check_in(datetime.date(2022, 12, 31), {"c1": 87}, "Cuối năm", "xa")
    task.save()
    page = signed_in(app, "xa").get(f"/admin/breakthrough_task/details/?id={task.pk}").get_data(as_text=True)
    history = page[page.index("Lịch sử thay đổi") :]
    assert "Tỷ lệ tuyển quân: 50 % → 100 % (thực hiện 87 %)" in history
    assert "31/12/2022: Tỷ lệ tuyển quân 87 % — Cuối năm (xa)" in history
    # A later check-in's entry names only itself, not the whole series again.
    task.add_check_in(datetime.date(2023, 1, 5), {"c2": 3}, "", "xa")
    task.save()
    page = signed_in(app, "xa").get(f"/admin/breakthrough_task/details/?id={task.pk}").get_data(as_text=True)
    latest = page[page.index("Lịch sử thay đổi") :].split('<td data-label="Phiên bản">')[1]
    assert "05/01/2023: Môi trường Mức 3: Đạt (xa)" in latest and "31/12/2022" not in latest


def test_check_ins_and_moves_are_named_in_the_history(app, task_place):
    task = new_task(task_place)
    details = f"/admin/breakthrough_task/details/?id={task.pk}"
    commune = signed_in(app, "xa")
    data = {"csrf_token": csrf_token(commune, details), "day": "31/12/2022", "actual-c1": "87"}
    assert commune.post(f"/admin/breakthrough_task/check_in/?id={task.pk}", data=data).status_code == 302
    district = signed_in(app, "huyen")
    move = {"csrf_token": csrf_token(district, details), "state": "in_progress"}
    assert district.post(f"/admin/breakthrough_task/move/?id={task.pk}", data=move).status_code == 302
    actions = [e.action for e in HistoryEntry.objects(record_id=task.pk).order_by("version")]
    assert actions == ["create", "check_in", "move"]
    page = district.get(details).get_data(as_text=True)
    history = page[page.index("Lịch sử thay đổi") :]
    assert '<td data-label="Thao tác">Ghi tiến độ</td>' in history
    assert '<td data-label="Thao tác">Chuyển trạng thái</td>' in history


def test_an_assigned_tasks_terms_are_changed_only_by_the_assigning_body(app, task_place):
    """The commune's staff record progress; what was assigned (content, targets) stays as given,
    while the district's staff may still change it."""
    task = new_task(task_place, origin="duoc_giao", state="assigned", period_kind="nhiem_ky", end_year=2025)
    edit = f"/admin/breakthrough_task/edit/?id={task.pk}"
    commune = signed_in(app, "xa")
    same = {
        "origin": "duoc_giao",
        "start_year": "2022",
        "targets-0-indicator": "Tỷ lệ tuyển quân",
        "targets-0-measure": "%",
        "targets-0-baseline": "50",
        "targets-0-target": "100",
        "targets-0-weight": "1",
        "targets-1-indicator": "Môi trường",
        "targets-1-direction": "qualitative",
        "targets-1-level_1": "Chưa đạt",
        "targets-1-level_2": "Đạt một phần",
        "targets-1-level_3": "Đạt",
        "targets-1-weight": "1",
        "content": task.content,
        "solutions": "",
        "version": "1",
    }
    lowered = task_form(commune, task_place, edit, **{**same, "targets-0-target": "60"})
    refused = commune.post(edit, data=lowered)
    assert refused.status_code == 200 and "chỉ do cán bộ của cấp giao việc sửa" in refused.get_data(
        as_text=True
    )
    assert BreakthroughTask.objects.get().targets[0].target == 100
    # The plan is the unit's own: it may change it.
    planned = task_form(commune, task_place, edit, **same, plan="Họp dân từng thôn")
    assert commune.post(edit, data=planned).status_code == 302
    assert BreakthroughTask.objects.get().plan == "Họp dân từng thôn"
    district = signed_in(app, "huyen")
    again = task_form(district, task_place, edit, **{**same, "targets-0-target": "60", "version": "2"})
    assert district.post(edit, data=again).status_code == 302
    assert BreakthroughTask.objects.get().targets[0].target == 60
