"""Who may delete a breakthrough task, numbers no percent can be made of, and form errors at the
row they are on: refused in Vietnamese, never a server error, nothing lost."""

import re

import pytest

from documents import BreakthroughTask, CadreRating, TrashedRecord, text
from tests.conftest import csrf_token, field_errors
from tests.test_breakthrough_tasks import new_task, signed_in, task_form

DELETE = "/admin/breakthrough_task/delete/"
LIST = "/admin/breakthrough_task/"


def delete(client, task):
    data = {"csrf_token": csrf_token(client, LIST), "id": str(task.pk), "url": LIST}
    return client.post(DELETE, data=data, follow_redirects=True).get_data(as_text=True)


def bulk_delete(client, *tasks):
    data = {
        "csrf_token": csrf_token(client, LIST),
        "action": "delete",
        "rowid": [str(task.pk) for task in tasks],
    }
    return client.post("/admin/breakthrough_task/action/", data=data, follow_redirects=True)


def kept(task):
    return BreakthroughTask.objects(pk=task.pk).count() == 1


def row_offers_delete(page, task):
    """Whether the list's row of `task` carries a delete form for it."""
    return re.search(rf'name="id"[^>]*value="{task.pk}"', page) is not None


def test_a_commune_editor_cannot_delete_a_task_the_district_gave(app, task_place):
    given = new_task(task_place)  # assigned by the district committee to a cadre of Nam Quan
    client = signed_in(app, "xa")
    assert not row_offers_delete(client.get(LIST).get_data(as_text=True), given)
    page = delete(client, given)
    assert "Chỉ cán bộ của cấp giao việc được xóa việc này" in page
    assert bulk_delete(client, given).status_code == 200
    assert kept(given) and TrashedRecord.objects.count() == 0


def test_a_commune_deletes_its_own_registration_until_it_is_approved(app, task_place):
    own = new_task(task_place, origin="tu_dang_ky", state="registered")
    approved = new_task(task_place, origin="tu_dang_ky", state="approved", content="Đã duyệt")
    client = signed_in(app, "xa")
    listed = client.get(LIST).get_data(as_text=True)
    assert row_offers_delete(listed, own) and not row_offers_delete(listed, approved)
    assert "Chỉ cán bộ của cấp giao việc được xóa việc này" in delete(client, approved)
    assert kept(approved)
    delete(client, own)
    assert not kept(own) and TrashedRecord.objects.count() == 1


def test_the_district_deletes_its_open_task_but_never_an_evaluated_one(app, task_place):
    open_task = new_task(task_place)
    evaluated = new_task(task_place, state="finished", content="Đã đánh giá")
    client = signed_in(app, "huyen")
    listed = client.get(LIST).get_data(as_text=True)
    assert row_offers_delete(listed, open_task) and not row_offers_delete(listed, evaluated)
    bulk_delete(client, open_task, evaluated)
    assert not kept(open_task) and kept(evaluated)
    assert "Việc đã đánh giá xong: không xóa được" in delete(client, evaluated)
    assert kept(evaluated)


def test_a_task_an_evaluation_considered_is_not_deleted(app, task_place):
    task = new_task(task_place, state="in_progress")
    rating = CadreRating(person=task_place["cadre"], body=task_place["body"], year=2022).save()
    assert [rated.task for rated in rating.tasks] == [task.pk]
    client = signed_in(app, "huyen")
    assert not row_offers_delete(client.get(LIST).get_data(as_text=True), task)
    page = delete(client, task)
    assert "Việc đã được xem xét trong phiếu đánh giá cán bộ: không xóa được." in page
    assert kept(task)


def test_a_viewer_and_another_commune_cannot_delete(app, task_place):
    task = new_task(task_place, origin="tu_dang_ky", state="registered")
    viewer = signed_in(app, "xem")
    viewer.post(DELETE, data={"csrf_token": csrf_token(viewer, LIST), "id": str(task.pk)})
    other = signed_in(app, "xakhac")
    other.post(DELETE, data={"csrf_token": csrf_token(other, LIST), "id": str(task.pk)})
    bulk_delete(other, task)
    assert kept(task)


CHECK_IN_NUMBERS = [
    ("1e400", "Số vượt giới hạn"),
    ("1E308", "Số vượt giới hạn"),
    ("-1e20", "chỉ ghi số từ -999.999.999.999.999 đến 999.999.999.999.999"),
    ("0,0000001", "tối đa 6 chữ số sau dấu phẩy"),
]


@pytest.mark.parametrize(("typed", "message"), CHECK_IN_NUMBERS)
def test_a_check_in_number_out_of_range_is_refused(app, task_place, typed, message):
    task = new_task(task_place)
    client = signed_in(app, "xa")
    url = f"/admin/breakthrough_task/details/?id={task.pk}"
    data = {"csrf_token": csrf_token(client, url), "day": "01/06/2022", "actual-c1": typed}
    answer = client.post(f"/admin/breakthrough_task/check_in/?id={task.pk}", data=data, follow_redirects=True)
    assert answer.status_code == 200
    assert message in answer.get_data(as_text=True)
    assert BreakthroughTask.objects.get().check_ins == []


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("targets-0-target", "1E308", "Số vượt giới hạn"),
        ("targets-0-target", "1e400", "Số quá lớn"),
        ("targets-0-target", "1e-30", "tối đa 6 chữ số sau dấu phẩy"),
        ("targets-0-baseline", "-1e20", "Số vượt giới hạn"),
        ("targets-0-weight", "0,0000001", "tối đa 6 chữ số sau dấu phẩy"),
    ],
)
def test_a_target_number_out_of_range_is_said_at_its_field(app, task_place, field, typed, message):
    client = signed_in(app, "huyen")
    url = "/admin/breakthrough_task/new/"
    answer = client.post(url, data=task_form(client, task_place, url, **{field: typed}))
    assert answer.status_code == 200
    at_field = field_errors(answer.get_data(as_text=True), field)
    assert any(message in error for error in at_field), at_field
    assert BreakthroughTask.objects.count() == 0


def test_a_target_rows_errors_are_at_the_rows_fields(app, task_place):
    client = signed_in(app, "huyen")
    url = "/admin/breakthrough_task/new/"
    fields = {
        "targets-1-indicator": "Hộ thoát nghèo",
        "targets-1-direction": "lower",
        "targets-1-baseline": "10",
        "targets-1-target": "20",
        "targets-1-weight": "1",
        "targets-2-indicator": "Môi trường",
        "targets-2-direction": "qualitative",
        "targets-2-level_1": "Chưa đạt",
        "targets-2-weight": "1",
    }
    page = client.post(url, data=task_form(client, task_place, url, **fields)).get_data(as_text=True)
    assert field_errors(page, "targets-1-target") == [
        "Chỉ tiêu «càng thấp càng tốt» cần mục tiêu không cao hơn mức khởi điểm."
    ]
    assert field_errors(page, "targets-0-target") == []
    assert field_errors(page, "targets-2-level_2") == ["Chỉ tiêu định tính cần mô tả đủ ba mức."]
    assert field_errors(page, "targets-2-level_1") == []
    assert "Chưa lưu được: hãy sửa các ô có thông báo lỗi." in page
    assert 'value="Hộ thoát nghèo"' in page  # what was typed stays on the form
    assert BreakthroughTask.objects.count() == 0


def test_a_percent_of_numbers_stored_before_the_limits_is_still_shown(app, task_place):
    task = new_task(task_place)
    stored = {"targets.0.baseline": 0, "targets.0.target": 1e-30, "targets.0.actual": 1}
    BreakthroughTask._get_collection().update_one({"_id": task.pk}, {"$set": stored})  # an old import
    assert BreakthroughTask.objects.get().targets[0].percent_text == f"{text.figure(10**32)}%"
    page = signed_in(app, "huyen").get(f"/admin/breakthrough_task/details/?id={task.pk}")
    assert page.status_code == 200 and "Tỷ lệ tuyển quân" in page.get_data(as_text=True)


def test_a_refused_check_in_keeps_what_was_typed_with_each_message_at_its_field(app, task_place):
    task = new_task(task_place)
    client = signed_in(app, "xa")
    url = f"/admin/breakthrough_task/details/?id={task.pk}"
    typed = {"day": "31/02/2026", "actual-c1": "1e400", "actual-c2": "2", "comment": "Đã họp dân"}
    answer = client.post(
        f"/admin/breakthrough_task/check_in/?id={task.pk}",
        data={"csrf_token": csrf_token(client, url), **typed},
    )
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "Chưa ghi được tiến độ: hãy sửa các ô có thông báo lỗi." in page
    assert feedback(page, "check-in-day") and "Số vượt giới hạn" in feedback(page, "actual-c1")
    assert 'value="31/02/2026"' in page and 'value="1e400"' in page and ">Đã họp dân</textarea>" in page
    assert re.search(r'<option value="2" selected>', page)
    # A day out of range is said at the day; nothing is recorded either way.
    typed = {"day": "01/06/2099", "actual-c1": "75"}
    data = {"csrf_token": csrf_token(client, url), **typed}
    page = client.post(f"/admin/breakthrough_task/check_in/?id={task.pk}", data=data).get_data(as_text=True)
    assert "đến hôm nay" in feedback(page, "check-in-day") and 'value="75"' in page
    assert BreakthroughTask.objects.get().check_ins == []


def feedback(page, field_id):
    """The message under the check-in input `field_id` (its invalid-feedback), or ""."""
    found = re.search(
        rf'id="{field_id}"[^>]*>(?:.*?</(?:select|textarea)>)?\s*<div class="invalid-feedback">(.*?)</div>',
        page,
        re.S,
    )
    return found.group(1) if found else ""
