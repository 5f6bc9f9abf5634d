"""Evaluations in the console: the steps per role and scope, a decision refused at its field without
a reason, the evaluation table and its quota warning."""

import re

from mongoengine.context_managers import query_counter

from documents import CadreRating, RatingRule
from documents.breakthrough_rating_table import rating_table
from tests.conftest import csrf_token
from tests.test_breakthrough_rating import YEAR, cadre, evaluation, finished
from tests.test_breakthrough_tasks import signed_in
from tests.test_security_headers import inline_code


def step_url(rating, step):
    return f"/admin/cadre_rating/step/?id={rating.pk}&step={step}"


def post_step(client, rating, step, **fields):
    url = step_url(rating, step)
    return client.post(url, data={"csrf_token": csrf_token(client, url), **fields})


def test_steps_per_role_and_scope(app, task_place):
    finished(task_place)
    rating = evaluation(task_place)
    xa, huyen = signed_in(app, "xa"), signed_in(app, "huyen")
    viewer, other = signed_in(app, "xem"), signed_in(app, "xakhac")
    details = f"/admin/cadre_rating/details/?id={rating.pk}"
    assert viewer.get(details).status_code == 200
    assert other.get(details).status_code == 404
    assert other.get(step_url(rating, "self")).status_code == 404
    assert viewer.get(step_url(rating, "self")).status_code == 403
    assert xa.get(step_url(rating, "proposal")).status_code == 403  # not the deciding body's staff
    # Out of order: said, not taken.
    response = huyen.get(step_url(rating, "proposal"))
    assert response.status_code == 302 and CadreRating.objects.get(pk=rating.pk).state == "draft"
    assert xa.post(step_url(rating, "self"), data={"level": "tot", "general_points": "25"}).status_code == 200
    assert CadreRating.objects.get(pk=rating.pk).state == "draft"  # no CSRF token: not taken
    response = post_step(xa, rating, "self", level="tot", general_points="25", comment="Tự nhận xét")
    assert response.status_code == 302
    stored = CadreRating.objects.get(pk=rating.pk)
    assert stored.state == "self_assessed" and stored.total == 95 and stored.steps[0].by == "xa"
    assert post_step(huyen, rating, "proposal", level="tot", general_points="24,5").status_code == 302
    stored = CadreRating.objects.get(pk=rating.pk)
    assert stored.state == "proposed" and stored.total == 94.5 and stored.steps[1].by == "huyen"
    assert xa.get(step_url(rating, "decision")).status_code == 403
    page = huyen.get(details).get_data(as_text=True)
    assert "Cấp có thẩm quyền quyết định" in page and not inline_code(page)


def test_a_decision_unlike_the_suggestion_is_refused_at_its_field_without_a_reason(app, task_place):
    finished(task_place)
    rating = evaluation(task_place)
    rating.take_step("self", "tot", "", "xa", general_points=20)
    rating.take_step("proposal", "tot", "", "huyen", general_points=20)
    rating.save()
    huyen = signed_in(app, "huyen")
    response = post_step(huyen, rating, "decision", level="xuat_sac", comment=" ")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(
        r'id="comment"[^>]*>\s*</textarea>\s*<div class="invalid-feedback">Mức xếp loại khác', page
    )
    assert CadreRating.objects.get(pk=rating.pk).state == "proposed"
    response = post_step(
        huyen, rating, "decision", level="xuat_sac", comment="Thành tích đột xuất được khen thưởng"
    )
    assert response.status_code == 302
    stored = CadreRating.objects.get(pk=rating.pk)
    assert stored.state == "decided" and stored.level == "xuat_sac" and stored.suggested == "tot"
    # Decided: no edit, no further step.
    assert huyen.get(f"/admin/cadre_rating/edit/?id={rating.pk}").status_code == 302
    assert huyen.get(step_url(rating, "decision")).status_code == 302


def test_points_typed_wrong_are_refused_at_their_field(app, task_place):
    rating = evaluation(task_place)
    xa = signed_in(app, "xa")
    for typed, message in (("abc", "không phải là số"), ("31", "từ 0 đến 30")):
        page = post_step(xa, rating, "self", level="tot", general_points=typed).get_data(as_text=True)
        assert re.search(rf'id="general_points"[^>]*>\s*<div class="invalid-feedback">[^<]*{message}', page)
    assert CadreRating.objects.get(pk=rating.pk).state == "draft"


def test_the_table_page_scoped_with_links_and_an_open_button(app, task_place):
    binh = cadre(task_place, "Lý Văn Bình", post="Bí thư Đoàn xã")
    task = finished(task_place, state="exceeded")
    finished(task_place, person=binh, state="carried_over")
    unit = task_place["nam_quan"].pk
    url = f"/admin/cadre_rating/table/?unit={unit}&year={YEAR}"
    assert signed_in(app, "xakhac").get(url).status_code == 404
    viewer_page = signed_in(app, "xem").get(url).get_data(as_text=True)
    assert "Lập đánh giá" not in viewer_page and "Hoàng Văn Tâm" in viewer_page
    xa = signed_in(app, "xa")
    page = xa.get(url).get_data(as_text=True)
    assert f"/admin/breakthrough_task/details/?id={task.pk}" in page and not inline_code(page)
    assert page.count('class="rating-cadre"') == 2
    data = {
        "csrf_token": csrf_token(xa, url),
        "person": str(task_place["cadre"].pk),
        "post": "Chủ tịch UBND xã",
        "body": str(task_place["body"].pk),
        "unit": str(unit),
        "year": str(YEAR),
        "quarter": "",
    }
    response = xa.post("/admin/cadre_rating/open/", data=data)
    rating = CadreRating.objects.get(person=task_place["cadre"].pk)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"id={rating.pk}")
    assert rating.exceeded == 1 and rating.task_points == 70 and rating.quarter is None
    assert xa.post("/admin/cadre_rating/open/", data=data).headers["Location"].endswith(f"id={rating.pk}")
    assert CadreRating.objects.count() == 1
    other = signed_in(app, "xakhac")
    data["csrf_token"] = csrf_token(other, "/admin/cadre_rating/")
    assert other.post("/admin/cadre_rating/open/", data=data).status_code == 404


def rated(place, name, level, general, post="Chủ tịch UBND xã"):
    person = cadre(place, name, post=post)
    finished(place, person=person, state="exceeded")
    rating = evaluation(place, person=person, post=post)
    rating.take_step("self", level, "", "xa", general_points=general)
    return rating.save()


def test_the_quota_warning_names_the_ratings_over_it_and_follows_the_setting(app, task_place):
    """5 rated good or above, 2 of them excellent: 20% allows 1, so the lower excellent is over."""
    rated(task_place, "Lý Văn An", "xuat_sac", 25)  # 95 points
    rated(task_place, "Lý Văn Bình", "xuat_sac", 22)  # 92 points: the one over the quota
    for name in ("Lý Văn Cường", "Lý Văn Dũng", "Lý Văn Em"):
        rated(task_place, name, "tot", 10)
    rated(task_place, "Lý Văn Giang", "hoan_thanh", 0)  # not counted
    quota = rating_table(task_place["nam_quan"], YEAR)["quota"]
    assert (quota["excellent"], quota["good_or_above"], quota["allowed"]) == (2, 5, 1)
    assert [r["name"] for r in quota["over"]] == ["Lý Văn Bình"]
    assert "Vượt tỷ lệ: Lý Văn Bình (Chủ tịch UBND xã, 92 điểm)" in quota["warning"]
    page = signed_in(app, "xa").get(
        f"/admin/cadre_rating/table/?unit={task_place['nam_quan'].pk}&year={YEAR}"
    )
    assert "Vượt tỷ lệ: Lý Văn Bình" in page.get_data(as_text=True)
    RatingRule(from_year=2020, excellent_quota=40).save()
    quota = rating_table(task_place["nam_quan"], YEAR)["quota"]
    assert quota["allowed"] == 2 and quota["over"] == [] and quota["warning"] is None


def test_the_table_reads_tasks_in_a_fixed_number_of_queries(app, task_place):
    for n in range(12):
        person = cadre(task_place, f"Cán bộ {n}")
        finished(task_place, person=person)
        finished(task_place, person=person, state="exceeded")
    with query_counter() as queries:
        table = rating_table(task_place["nam_quan"], YEAR)
    assert len(table["cadres"]) == 12 and queries <= 5


def test_the_rule_is_for_admins(app, task_place, admin_client):
    assert signed_in(app, "huyen").get("/admin/rating_rule/").status_code == 403
    page = admin_client.get("/admin/rating_rule/").get_data(as_text=True)
    assert "Quy định 366-QĐ/TW" in page and "tỷ lệ xuất sắc tối đa 20%" in page
    form = admin_client.get("/admin/rating_rule/new/").get_data(as_text=True)
    assert 'value="70' in form


def test_the_table_pages_its_cadres_and_counts_them_all(app, task_place, monkeypatch):
    from admin import breakthrough_rating_table

    monkeypatch.setattr(breakthrough_rating_table, "TABLE_PAGE", 1)
    binh = cadre(task_place, "Lý Văn Bình", post="Bí thư Đoàn xã")
    finished(task_place)
    finished(task_place, person=binh)
    url = f"/admin/cadre_rating/table/?unit={task_place['nam_quan'].pk}&year={YEAR}"
    xa = signed_in(app, "xa")
    first, second = (xa.get(f"{url}&page={n}").get_data(as_text=True) for n in (1, 2))
    assert "Lý Văn Bình" in first and "Hoàng Văn Tâm" not in first and "2 lượt cán bộ" in first
    assert "Hoàng Văn Tâm" in second and "Trang 2/2" in second
    assert xa.get(f"{url}&page=abc").status_code == 200 and xa.get(f"{url}&year=abc").status_code == 200


def test_an_admin_sets_the_rule_and_a_wrong_one_is_refused_at_its_field(app, task_place, admin_client):
    fields = {
        **dict(name="Quy định 366-QĐ/TW (sửa đổi)", from_year="2024", task_points="70", general_points="30"),
        **dict(exceeded_bonus="20", behind_credit="50", excellent_min="90", good_min="70", done_min="50"),
        **dict(excellent_exceeded="30", done_behind="20", excellent_quota="25"),
    }
    url = "/admin/rating_rule/new/"
    wrong = {**fields, "general_points": "35", "csrf_token": csrf_token(admin_client, url)}
    page = admin_client.post(url, data=wrong).get_data(as_text=True)
    assert "cộng lại phải là 100" in page and RatingRule.objects.count() == 0
    response = admin_client.post(url, data={**fields, "csrf_token": csrf_token(admin_client, url)})
    assert response.status_code == 302
    assert RatingRule.in_force(2025).excellent_quota == 25 and RatingRule.in_force(2023).pk is None


def test_the_form_creates_an_evaluation_once_per_post_and_period(app, task_place):
    finished(task_place, state="exceeded")
    xa = signed_in(app, "xa")
    url = "/admin/cadre_rating/new/"
    fields = {
        "person": str(task_place["cadre"].pk),
        "post": "",
        "body": str(task_place["body"].pk),
        "year": str(YEAR),
        "quarter": "",
    }
    response = xa.post(url, data={**fields, "csrf_token": csrf_token(xa, url)})
    assert response.status_code == 302
    rating = CadreRating.objects.get()
    assert (
        rating.post == "Chủ tịch UBND xã"
        and rating.exceeded == 1
        and rating.quarter is None
        and rating.total == 70
        and rating.suggested == "tot"
    )
    page = xa.post(url, data={**fields, "csrf_token": csrf_token(xa, url)}).get_data(as_text=True)
    assert "Giá trị này đã có ở một bản ghi khác." in page and CadreRating.objects.count() == 1
    other = signed_in(app, "xakhac")  # a cadre of another commune: refused at the field
    page = other.post(url, data={**fields, "csrf_token": csrf_token(other, url)}).get_data(as_text=True)
    assert "không có hồ sơ này" in page and CadreRating.objects.count() == 1
    quarterly = {**fields, "quarter": "2", "csrf_token": csrf_token(xa, url)}
    assert xa.post(url, data=quarterly).status_code == 302
    assert sorted(CadreRating.objects.scalar("quarter"), key=str) == [2, None]


def test_the_form_offers_the_whole_year_first(app, task_place):
    page = signed_in(app, "xa").get("/admin/cadre_rating/new/").get_data(as_text=True)
    assert re.search(
        r'<select[^>]*name="quarter"[^>]*>\s*<option selected value="None">Cả năm</option>', page
    )


def test_a_decided_rating_is_not_restored_nor_deleted_and_a_post_needs_its_token(
    app, task_place, admin_client
):
    finished(task_place)
    rating = evaluation(task_place)
    for step in ("self", "proposal", "decision"):
        rating.take_step(step, "tot", "", "huyen", general_points=None if step == "decision" else 20)
    rating.save()
    details = f"/admin/cadre_rating/details/?id={rating.pk}"
    token = csrf_token(admin_client, details)
    admin_client.post(f"/admin/cadre_rating/restore/?id={rating.pk}&version=1", data={"csrf_token": token})
    admin_client.post("/admin/cadre_rating/delete/", data={"id": str(rating.pk), "csrf_token": token})
    stored = CadreRating.objects.get(pk=rating.pk)
    assert stored.state == "decided" and len(stored.steps) == 3
    data = {
        "person": str(task_place["cadre"].pk),
        "post": "Bí thư",
        "body": str(task_place["body"].pk),
        "year": "2022",
    }
    assert admin_client.post("/admin/cadre_rating/open/", data=data).status_code == 302
    assert CadreRating.objects.count() == 1  # no token: nothing made


def test_once_self_assessed_the_cadre_side_cannot_change_what_is_rated_nor_the_deciding_body(app, task_place):
    from tests.conftest import commune_peoples_committee

    own_body = commune_peoples_committee(task_place["nam_quan"])
    rating = evaluation(task_place)
    rating.take_step("self", "tot", "", "xa", general_points=20)
    rating.save()
    xa = signed_in(app, "xa")
    url = f"/admin/cadre_rating/edit/?id={rating.pk}"
    fields = {
        "person": str(task_place["cadre"].pk),
        "post": "Chủ tịch UBND xã",
        "year": "2022",
        "quarter": "None",
    }
    for change, message in (
        ({"body": str(own_body.pk)}, "chỉ cán bộ của cấp quyết định xếp loại"),
        ({"body": str(task_place["body"].pk), "year": "2021"}, "không đổi cán bộ, chức vụ hay kỳ"),
    ):
        data = {**fields, **change, "version": str(rating.version), "csrf_token": csrf_token(xa, url)}
        assert message in xa.post(url, data=data).get_data(as_text=True)
    stored = CadreRating.objects.get(pk=rating.pk)
    assert stored.body.pk == task_place["body"].pk and stored.year == YEAR
    huyen = signed_in(app, "huyen")  # the deciding body's staff may hand it to another body
    data = {
        **fields,
        "body": str(own_body.pk),
        "version": str(rating.version),
        "csrf_token": csrf_token(huyen, url),
    }
    assert huyen.post(url, data=data).status_code == 302
    assert CadreRating.objects.get(pk=rating.pk).body.pk == own_body.pk
