"""What a review of models and work items in the browser found: a year filter too large for the
database, a commune editor choosing the district cadre who follows a model, a new record of a work
item kind starting as a work item, a viewer's edit of a record outside the scope answered as an
unknown id, the summary opened from the menu at the latest year recorded, and a preview's file
name cut between words."""

import datetime

from documents import HistoryEntry, LocalityAssignment, LocalWork, OfficialDocument
from documents.breakthrough_target import Target
from exports.document_job import preview_name
from tests.conftest import csrf_token, login, make_user
from tests.test_local_work import kinds, model  # noqa: F401  (fixture, helper)
from tests.test_locality_assignments import person

DAY = datetime.date


def test_a_year_too_large_is_told_not_a_server_error(admin_client, district, kinds):  # noqa: F811
    model(district)
    page = admin_client.get("/admin/local_work/?flt0_1=99999999999999999999")
    assert page.status_code == 200 and "Giá trị lọc không hợp lệ" in page.get_data(as_text=True)


def test_a_commune_editor_chooses_the_district_cadre_following_a_model(client, district, kinds):  # noqa: F811
    cadre = person("Lăng Đức Thành", district["district"])
    LocalityAssignment(person=cadre, unit=district["doan_ket"], start=DAY(2023, 1, 1)).save()
    make_user("xa", role="editor", unit=district["nam_quan"])
    login(client, "xa")
    found = client.get("/admin/local_work/ajax/lookup/?name=follower&query=Thành&kind=rung_de").get_json()
    assert [row[1] for row in found][:1] == ["Lăng Đức Thành (Huyện Lộc Bình)"]
    url = "/admin/local_work/new/?kind=rung_de"
    data = {
        "csrf_token": csrf_token(client, url),
        "name": "Bảo vệ rừng Đoàn Kết",
        "category": "mo_hinh",
        "year": "2024",
        "commune": str(district["nam_quan"].pk),
        "hamlet": str(district["doan_ket"].pk),
        "follower": str(cadre.pk),
        "values-so_de": "130",
    }
    response = client.post(url, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert LocalWork.objects.get().follower == cadre


def test_a_new_record_starts_as_what_its_kind_is(admin_client, district, kinds):  # noqa: F811
    model(district, kind="duong_thon", category="cong_trinh", commune=None, values={"chieu_dai": 300})
    page = admin_client.get("/admin/local_work/new/?kind=duong_thon").get_data(as_text=True)
    assert '<option selected value="cong_trinh">' in page or 'value="cong_trinh" selected' in page


def test_a_viewer_editing_a_record_elsewhere_learns_nothing(client, district, kinds):  # noqa: F811
    other = model(district, commune=district["nhan_ly"], hamlet=district["ban_chanh"], name="Dê Bản Chành")
    make_user("xem", role="viewer", unit=district["nam_quan"])
    login(client, "xem")
    foreign = client.get(f"/admin/local_work/edit/?id={other.pk}")
    unknown = client.get("/admin/local_work/edit/?id=5f0000000000000000000000")
    assert foreign.status_code == unknown.status_code and foreign.location == unknown.location
    assert "rung_de" not in (foreign.location or "")


def test_the_summary_from_the_menu_opens_the_latest_year_recorded(admin_client, district, kinds):  # noqa: F811
    model(district)
    html = admin_client.get(f"/admin/local_work_summary/?unit={district['district'].pk}").get_data(
        as_text=True
    )
    assert '<option value="2024" selected>' in html and "0/1 mô hình hoàn thành kế hoạch năm" in html


def test_a_preview_name_keeps_its_dates_and_whole_words(app):
    document = OfficialDocument(
        summary="Báo cáo kết quả mô hình, phần việc, công trình năm 2024 của huyện Lộc Bình "
        "tính đến ngày 30/06/2024 (kèm phụ lục)"
    )
    name = preview_name(document)
    assert (
        name.startswith("Dự thảo Báo cáo kết quả")
        and name.endswith("….pdf")
        and len(name) <= len("Dự thảo .pdf") + 100
    )
    assert (
        preview_name(OfficialDocument(summary="Báo cáo ngày 30/06/2024"))
        == "Dự thảo Báo cáo ngày 30-06-2024.pdf"
    )


def test_saving_the_form_unchanged_changes_nothing(district, kinds):  # noqa: F811
    blank = {"measure": "", "level_1": "", "level_2": "", "level_3": ""}  # as the form posts them
    work = model(district, targets=[Target(indicator=" Đàn  dê ", baseline=0, target=100, **blank)])
    stored = work.targets[0]
    assert (stored.indicator, stored.measure, stored.level_1) == ("Đàn dê", None, None)
    version = work.version
    for name, value in blank.items():
        setattr(work.targets[0], name, value)
    work.save()
    assert work.reload().version == version and HistoryEntry.objects(record_id=work.pk).count() == 1
