"""Quality reviews and ratings in the console: a review saved on its checklist's fields, messages at
the field (the excellent rule at the level), a rating started from a review, the summary's linked
figures, scope refusals answered like unknown ids, and the «Sinh hoạt chi bộ» menu."""

import pytest

from documents import CellRating, CellReview, MemberRating
from tests.conftest import csrf_token, field_errors, login, make_user
from tests.test_cell_meeting import cell  # noqa: F401  (fixture)
from tests.test_cell_review import checklist, review


def test_a_review_is_saved_on_its_checklist_with_its_score(client, cell):  # noqa: F811
    checklist()
    make_user("xa", role="editor", unit=cell["nam_quan"])
    login(client, "xa")
    page = client.get("/admin/cell_review/").get_data(as_text=True)
    assert "/admin/cell_review/new/?kind=tuyen_quang" in page
    url = "/admin/cell_review/new/?kind=tuyen_quang"
    data = {
        "csrf_token": csrf_token(client, url),
        "organization": str(cell["cell"].pk),
        "year": "2025",
        "period": "6_thang",
        "reviewed_on": "15/07/2025",
        "v_noi_dung": "35",
        "v_to_chuc": "36",
        "v_ket_qua": "27",
    }
    page = client.post(url, data=data).get_data(as_text=True)
    assert field_errors(page, "v_noi_dung") and CellReview.objects.count() == 0
    data["v_noi_dung"] = "28"
    data["reviewed_on"] = "15/07/2023"
    page = client.post(url, data=data).get_data(as_text=True)
    assert field_errors(page, "reviewed_on") == ["Ngày đánh giá phải trong năm 2025 hoặc đầu năm 2026."]
    data["reviewed_on"] = "15/07/2025"
    assert client.post(url, data=data).status_code == 302
    saved = CellReview.objects.get()
    assert (saved.total, saved.proposed, saved.committee) == (91, "xuat_sac", cell["commune"])
    page = client.get(f"/admin/cell_review/details/?id={saved.pk}").get_data(as_text=True)
    assert "91/100 điểm" in page and "Hoàn thành xuất sắc nhiệm vụ" in page
    assert f"/admin/cell_rating/new/?review={saved.pk}" in page


def test_a_rating_from_a_review_and_the_excellent_rule_at_the_level(client, cell):  # noqa: F811
    checklist()
    year_review = review(cell, values={"noi_dung": 30, "to_chuc": 40, "ket_qua": 30})
    for person, level in zip(cell["members"], ["tot", "tot", "hoan_thanh", "hoan_thanh"], strict=True):
        MemberRating(person=person, year=2025, level=level).save()
    make_user("xa", role="editor", unit=cell["nam_quan"])
    login(client, "xa")
    url = f"/admin/cell_rating/new/?review={year_review.pk}"
    page = client.get(url).get_data(as_text=True)
    assert '<option selected value="xuat_sac">' in page or 'value="xuat_sac" selected' in page
    data = {
        "csrf_token": csrf_token(client, url),
        "organization": str(cell["cell"].pk),
        "year": "2025",
        "level": "xuat_sac",
        "review": str(year_review.pk),
    }
    response = client.post(url, data=data)
    assert response.status_code == 200 and CellRating.objects.count() == 0
    assert field_errors(response.get_data(as_text=True), "level") == [
        "Chưa xếp loại «Hoàn thành xuất sắc nhiệm vụ» được: 2/4 = 50% đảng viên đã xếp loại "
        "hoàn thành tốt nhiệm vụ trở lên, dưới 80%."
    ]
    data["level"] = "tot"
    assert client.post(url, data=data).status_code == 302
    rating = CellRating.objects.get()
    page = client.get(f"/admin/cell_rating/details/?id={rating.pk}").get_data(as_text=True)
    assert "2/4 = 50% đảng viên đã xếp loại hoàn thành tốt nhiệm vụ trở lên, dưới 80%" in page


@pytest.mark.parametrize("url", ["/admin/cell_rating/new/", "/admin/member_rating/new/"])
def test_a_new_rating_starts_without_a_level_and_needs_one(client, cell, url):  # noqa: F811
    """A new rating's level starts unchosen and is refused as required when left so; a commune's
    editor then saves it (a member's rating was once refused by the scope: its place is its cell,
    which `clean` sets only after the scope is checked)."""
    make_user("xa", role="editor", unit=cell["nam_quan"])
    login(client, "xa")
    page = client.get(url).get_data(as_text=True)
    level = page[page.index('id="level"') :]
    level = level[: level.index("</select>")]
    assert level.index('<option value="">— Chọn mức xếp loại —</option>') < level.index("xuat_sac")
    assert "selected" not in level  # the blank first one shows
    data = {"csrf_token": csrf_token(client, url), "year": "2025", "level": ""}
    data["organization" if "cell" in url else "person"] = str(
        (cell["cell"] if "cell" in url else cell["members"][0]).pk
    )
    response = client.post(url, data=data)
    assert response.status_code == 200 and CellRating.objects.count() + MemberRating.objects.count() == 0
    assert field_errors(response.get_data(as_text=True), "level") == ["Trường này là bắt buộc."]
    data["level"] = "tot"
    response = client.post(url, data=data)
    assert response.status_code == 302
    assert CellRating.objects.count() + MemberRating.objects.count() == 1


def test_records_outside_the_scope_are_answered_as_unknown(client, cell):  # noqa: F811
    checklist()
    done = review(cell)
    rating = CellRating(organization=cell["cell"], year=2025, level="tot").save()
    member = MemberRating(person=cell["members"][0], year=2025, level="tot").save()
    make_user("xakhac", role="editor", unit=cell["nhan_ly"])
    login(client, "xakhac")
    for url in (
        f"/admin/cell_review/details/?id={done.pk}",
        f"/admin/cell_review/edit/?id={done.pk}",
        f"/admin/cell_rating/details/?id={rating.pk}",
        f"/admin/member_rating/edit/?id={member.pk}",
        f"/admin/cell_review_summary/?unit={cell['nam_quan'].pk}",
        "/admin/cell_review/details/?id=nonsense",
    ):
        assert client.get(url).status_code == 404, url
    page = client.get(f"/admin/cell_rating/new/?review={done.pk}").get_data(as_text=True)
    assert "Chi bộ thôn Đoàn Kết" not in page  # the review is not read, nor named
    assert "Chi bộ thôn Đoàn Kết" not in client.get("/admin/cell_review/").get_data(as_text=True)


def test_the_summary_links_each_figure_and_the_menu_holds_the_views(admin_client, cell):  # noqa: F811
    checklist()
    review(cell)
    CellRating(organization=cell["cell"], year=2025, level="tot").save()
    page = admin_client.get(f"/admin/cell_review_summary/?unit={cell['nam_quan'].pk}&year=2025")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "1 hoàn thành tốt nhiệm vụ" in text
    assert "Chưa xếp loại: 1/2" in text and "Chi bộ thôn Nà Pái" in text
    assert "/admin/cell_rating/?flt0_0=" in text and "flt2_2=tot" in text
    assert admin_client.get("/admin/cell_review_summary/?year=junk").status_code == 200
    menu = text[text.index(">Sinh hoạt chi bộ</a>") :]
    menu = menu[: menu.index("</ul>")]
    for name in ("Đánh giá chất lượng chi bộ", "Xếp loại chi bộ", "Xếp loại đảng viên", "Tổng hợp xếp loại"):
        assert name in menu


def test_a_long_summary_names_the_first_cells_only(admin_client, district):
    from documents import PartyOrganization

    committee = PartyOrganization(
        kind="dang_bo_co_so", name="Đảng bộ xã Nam Quan", unit=district["nam_quan"]
    ).save()
    for n in range(32):
        PartyOrganization(
            kind="chi_bo", name=f"Chi bộ số {n:02d}", unit=district["doan_ket"], parent=committee
        ).save()
    page = admin_client.get(f"/admin/cell_review_summary/?unit={district['nam_quan'].pk}&year=2025")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Chưa xếp loại: 32/32" in text and "Chi bộ số 29" in text and "Chi bộ số 30" not in text
    assert text.count("và 2 chi bộ khác") == 3  # not rated, not reviewed at 6 and at 12 months


@pytest.mark.parametrize("url", ["/admin/cell_review/new/?kind=tuyen_quang", "/admin/cell_review/new/"])
def test_a_viewer_is_told_once_why_not(client, cell, url):  # noqa: F811
    """Not twice (the kinded view's own «Thêm» runs the base's check again), nor asked to pick a
    checklist a viewer cannot use."""
    checklist()
    make_user("xem", role="viewer", unit=cell["nam_quan"])
    login(client, "xem")
    page = client.get(url, follow_redirects=True).get_data(as_text=True)
    assert page.count("Tài khoản chỉ xem: không được thêm bản đánh giá.") == 1
    assert "Hãy chọn phiếu" not in page and CellReview.objects.count() == 0


def test_a_checklists_scores_show_their_maximum(client, cell):  # noqa: F811
    checklist()
    make_user("xa", role="editor", unit=cell["nam_quan"])
    login(client, "xa")
    page = client.get("/admin/cell_review/new/?kind=tuyen_quang").get_data(as_text=True)
    assert page.count("Tối đa 30 điểm.") == 1 and page.count("Tối đa 40 điểm.") == 1
    assert "Tối đa 30 Điểm." in page  # the third, its measure as typed
