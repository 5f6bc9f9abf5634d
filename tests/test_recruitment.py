"""Member recruitment: admissions counted from the people registry against each organization's
target (6 against 5: 120%), members of the cells below a committee counted for it, the candidates'
steps in order and where each stands, the pipeline by step and by source, and the pages."""

import datetime

import pytest
from mongoengine import ValidationError

from documents import Candidate, PartyOrganization, Person, RecruitmentTarget
from documents.recruitment import AdmissionStep, admitted, pipeline
from tests.conftest import login, make_user
from tests.test_local_work import errors

DAY = datetime.date


def person(name, unit, organization=None, admitted_on=None):
    return Person(
        full_name=name,
        gender="nam",
        birth_year=1990,
        category="dang_vien" if organization else "quan_chung",
        unit=unit,
        party_organization=organization,
        admitted_on=admitted_on,
    ).save()


@pytest.fixture
def admissions(district):
    committee = PartyOrganization(
        kind="dang_bo_co_so", name="Đảng bộ xã Nam Quan", unit=district["nam_quan"]
    ).save()
    cells = [
        PartyOrganization(kind="chi_bo", name=name, unit=district[hamlet], parent=committee).save()
        for name, hamlet in (("Chi bộ thôn Đoàn Kết", "doan_ket"), ("Chi bộ thôn Nà Pái", "na_pai"))
    ]
    other = PartyOrganization(
        kind="dang_bo_co_so", name="Đảng bộ xã Nhân Lý", unit=district["nhan_ly"]
    ).save()
    days = [DAY(2022, 1, 1), DAY(2022, 3, 19), DAY(2022, 5, 19), DAY(2022, 9, 2), DAY(2022, 12, 31)]
    for n, day in enumerate(days):
        person(f"Hoàng Văn {n}", district["doan_ket"], cells[n % 2], day)
    person("Lý Thị Hoa", district["nam_quan"], committee, DAY(2022, 7, 1))  # the committee's own
    person("Vi Văn Cũ", district["na_pai"], cells[1], DAY(2021, 12, 31))  # the year before
    person("Nông Văn Khác", district["nhan_ly"], other, DAY(2022, 6, 1))
    target = RecruitmentTarget(
        organization=committee, year=2022, target=5, source="Nghị quyết năm 2022"
    ).save()
    return dict(district, committee=committee, cells=cells, other=other, target=target)


def test_admissions_are_counted_from_the_people_registry(admissions):
    committee, cells = admissions["committee"], admissions["cells"]
    found = admitted([committee.pk, cells[0].pk, cells[1].pk, admissions["other"].pk], 2022)
    assert found == {committee.pk: 6, cells[0].pk: 3, cells[1].pk: 2, admissions["other"].pk: 1}
    by_hand = Person.objects(
        party_organization__in=[committee, *cells],
        admitted_on__gte=DAY(2022, 1, 1),
        admitted_on__lte=DAY(2022, 12, 31),
    ).count()
    assert found[committee.pk] == by_hand
    assert str(admissions["target"].percent_of(found[committee.pk])) == "120.0"  # 6 admitted against 5


def test_a_target_is_one_per_organization_and_year(admissions):
    from mongoengine import NotUniqueError

    with pytest.raises(NotUniqueError):
        RecruitmentTarget(organization=admissions["committee"], year=2022, target=4).save()
    with pytest.raises(ValidationError) as refused:
        RecruitmentTarget(organization=admissions["committee"], year=1990, target=4).save()
    assert "Năm phải từ 2000" in str(errors(refused)["year"])


def test_a_candidates_steps_in_order_and_where_they_stand(admissions):
    cell = admissions["cells"][0]
    young = person("Triệu Thị Mai", admissions["doan_ket"])
    members = list(Person.objects(party_organization=cell)[:2])
    candidate = Candidate(
        person=young,
        organization=cell,
        source="doan_thanh_nien",
        introducers=members,
        steps=[
            AdmissionStep(stage="don", day=DAY(2024, 4, 2)),
            AdmissionStep(stage="hoc_lop", day=DAY(2024, 3, 10)),
            AdmissionStep(stage="tham_tra", day=DAY(2024, 6, 1)),
        ],
    ).save()
    assert [s.stage for s in candidate.steps] == ["hoc_lop", "don", "tham_tra"]
    assert (candidate.stage, candidate.stage_day, candidate.stage_text) == (
        "tham_tra",
        DAY(2024, 6, 1),
        "Thẩm tra lý lịch",
    )
    candidate.steps.append(AdmissionStep(stage="nghi_quyet_chi_bo", day=DAY(2024, 5, 1)))
    with pytest.raises(ValidationError) as refused:
        candidate.save()
    assert "không thể trước «Thẩm tra lý lịch» (01/06/2024)" in str(errors(refused)["steps"])
    with pytest.raises(ValidationError) as refused:
        Candidate(
            person=person("Lò Văn Khánh", admissions["na_pai"]),
            organization=admissions["committee"],
            source="khac",
        ).save()
    assert "không phải là chi bộ" in str(errors(refused)["organization"])
    with pytest.raises(ValidationError) as refused:
        Candidate(
            person=person("Lò Văn Khải", admissions["na_pai"]),
            organization=cell,
            source="khac",
            introducers=[young],
        ).save()
    assert "Triệu Thị Mai không phải là đảng viên" in str(errors(refused)["introducers"])


def test_the_pipeline_by_step_and_source(admissions):
    cell = admissions["cells"][0]
    for name, source, stages in (
        ("A", "doan_thanh_nien", ["hoc_lop"]),
        ("B", "doan_thanh_nien", ["hoc_lop", "don"]),
        ("C", "hoi_phu_nu", []),
    ):
        Candidate(
            person=person(name, admissions["doan_ket"]),
            organization=cell,
            source=source,
            steps=[AdmissionStep(stage=s, day=DAY(2024, 3, 1 + n)) for n, s in enumerate(stages)],
        ).save()
    found = pipeline(admissions["nam_quan"])
    assert found["total"] == 3 and found["stages"]["hoc_lop"] == 1 and found["stages"]["don"] == 1
    assert (
        found["stages"][""] == 1
        and found["sources"]["doan_thanh_nien"] == 2
        and found["sources"]["hoi_phu_nu"] == 1
    )
    assert pipeline(admissions["nhan_ly"])["total"] == 0


def test_the_summary_page_scoped(client, admissions):
    Candidate(
        person=person("Triệu Thị Mai", admissions["doan_ket"]),
        organization=admissions["cells"][0],
        source="doan_thanh_nien",
        steps=[AdmissionStep(stage="don", day=DAY(2022, 4, 2))],
    ).save()
    make_user("xa", role="editor", unit=admissions["nam_quan"])
    login(client, "xa")
    html = client.get(f"/admin/recruitment_summary/?unit={admissions['nam_quan'].pk}&year=2022").get_data(
        as_text=True
    )
    row = html.split("recruitment-targets")[1].split("</tr>")[1]
    assert "Đảng bộ xã Nam Quan" in row and ">6<" in row and "120% (đạt)" in row
    # The admissions link to the people they count: the committee's own and its cells' of 2022.
    admitted_link = row.split('data-summary="admitted"><a href="')[1].split('"')[0].replace("&amp;", "&")
    people = client.get(admitted_link).get_data(as_text=True)
    named = ["Lý Thị Hoa", *(f"Hoàng Văn {n}" for n in range(5))]
    assert all(name in people for name in named) and "6 người" in people
    assert "Vi Văn Cũ" not in people and "Nông Văn Khác" not in people
    stage = html.split('data-stage="don">')[1].split("</td>")[0]
    link = stage.split('href="')[1].split('"')[0].replace("&amp;", "&")
    listed = client.get(link).get_data(as_text=True)
    assert "Triệu Thị Mai" in listed
    assert (
        client.get(f"/admin/recruitment_summary/?unit={admissions['nhan_ly'].pk}&year=2022").status_code
        == 404
    )
    listed = client.get("/admin/recruitment_target/").get_data(as_text=True)
    assert "120%" in listed and "Nhân Lý" not in listed


def test_a_member_is_no_candidate_unless_admitted_on_the_way(admissions):
    cell = admissions["cells"][0]
    member = Person.objects(party_organization=cell).first()
    with pytest.raises(ValidationError) as refused:
        Candidate(person=member, organization=cell, source="khac").save()
    assert "đã là đảng viên (vào Đảng ngày" in str(errors(refused)["person"])
    steps = [AdmissionStep(stage="ket_nap", day=member.admitted_on)]
    assert Candidate(person=member, organization=cell, source="khac", steps=steps).save().stage == "ket_nap"
