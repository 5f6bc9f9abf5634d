"""Quality reviews of cells: a checklist kind's score fields, the 6- and 12-month reviews, the
yearly rating and its history, the excellent rule against the members' ratings (members not
rated, the 80% boundary), and the demo checklist moved into the family twice over."""

import datetime

import pytest
from mongoengine import ValidationError

from documents import (
    CellRating,
    CellReview,
    CellReviewRule,
    CustomRecord,
    FormDefinition,
    HistoryEntry,
    MemberRating,
    PartyOrganization,
    Person,
)
from documents.cell_rating import members_check
from documents.cell_review_adopt import adopt
from documents.cell_review_summary import summary
from documents.demo_forms import adopt_model_kinds, load_forms
from documents.form_definition import FieldDefinition
from documents.local_work_adopt import NotAdopted
from tests.test_cell_meeting import cell  # noqa: F401  (fixture)
from tests.test_local_work import errors

DAY = datetime.date


def points(key, name, most, type="decimal", measure="điểm"):
    return FieldDefinition(key=key, label=name, type=type, measure=measure, min_value=0, max_value=most)


def checklist(code="tuyen_quang", **fields):
    """A province's checklist: three items scored in points (out of 30, 40, 30) and a note."""
    return FormDefinition(
        code=code,
        name="Phiếu đánh giá chất lượng sinh hoạt chi bộ (Đề án 16-ĐA/TU)",
        family="cell_review",
        fields=[
            points("noi_dung", "Nội dung", 30),
            points("to_chuc", "Tổ chức", 40),
            points("ket_qua", "Kết quả", 30, type="integer", measure="Điểm"),
            FieldDefinition(key="so_buoi", label="Số buổi", type="integer", measure="buổi", min_value=0),
            FieldDefinition(key="ghi_chu", label="Ghi chú", type="text"),
        ],
        **fields,
    ).save()


def review(cell, **fields):  # noqa: F811
    values = dict(kind="tuyen_quang", organization=cell["cell"], year=2025, period="12_thang")
    return CellReview(**{**values, **fields}).save()


def rate(members, *levels, year=2025):
    for person, level in zip(members, levels, strict=False):
        MemberRating(person=person, year=year, level=level).save()


@pytest.fixture
def twelve(cell):  # noqa: F811
    """The Đoàn Kết cell with 12 members (its 4 and 8 more)."""
    more = [
        Person(
            full_name=f"Đảng viên {n}",
            gender="nu",
            birth_year=1980,
            category="dang_vien",
            unit=cell["doan_ket"],
            party_organization=cell["cell"],
            admitted_on=DAY(2010, 1, 1),
        ).save()
        for n in range(1, 9)
    ]
    return dict(cell, all=[*cell["members"], *more])


def test_a_checklists_point_fields_make_the_total_and_propose_a_level(cell):  # noqa: F811
    checklist()
    done = review(cell, values={"noi_dung": 28, "to_chuc": 36.5, "ket_qua": 27, "so_buoi": 12})
    assert (done.total, done.most, done.proposed) == (91.5, 100, "xuat_sac")
    assert done.score_text == "91,5/100 điểm" and done.committee == cell["commune"]
    assert done.ancestors[-1] == cell["doan_ket"].pk
    half = review(cell, period="6_thang", values={"noi_dung": 20, "to_chuc": 30, "ket_qua": 19})
    assert (half.total, half.proposed, half.period_text) == (69, "hoan_thanh", "Sơ kết 6 tháng năm 2025")
    with pytest.raises(ValidationError) as refused:
        review(cell, values={"noi_dung": 31})
    assert "values.noi_dung" in errors(refused)
    assert review(cell, values={}).total is None and review(cell, values={}).proposed is None


def test_a_review_refuses_what_is_not_a_cells_review(cell):  # noqa: F811
    checklist()
    cases = [
        (dict(organization=cell["commune"]), "organization", "Đảng bộ xã Nam Quan không phải là chi bộ."),
        (dict(committee=cell["other"]), "committee", "Chi bộ thôn Nà Pái không phải cấp ủy cấp trên"),
        (dict(year=datetime.date.today().year + 1), "year", "Năm phải từ 2000"),
        (dict(reviewed_on=DAY(2023, 1, 1)), "reviewed_on", "Ngày đánh giá phải trong năm 2025"),
    ]
    for fields, name, message in cases:
        with pytest.raises(ValidationError) as refused:
            review(cell, **fields)
        assert str(errors(refused)[name].message).startswith(message)


def test_the_yearly_rating_is_one_per_cell_and_keeps_its_history(cell):  # noqa: F811
    checklist()
    year_review = review(cell, values={"noi_dung": 25, "to_chuc": 30, "ket_qua": 20})
    rating = CellRating(organization=cell["cell"], year=2025, review=year_review).save()
    assert rating.level == "tot" and rating.committee == cell["commune"]  # proposed by the review
    rating.level = "hoan_thanh"
    rating.save()
    history = HistoryEntry.of(rating).order_by("version")
    assert [(e.action, e.after.get("level")) for e in history] == [("create", "tot"), ("edit", "hoan_thanh")]
    with pytest.raises(ValidationError) as refused:
        CellRating(organization=cell["cell"], year=2025, level="tot").save()
    assert "đã được xếp loại năm 2025" in errors(refused)["year"].message
    other_year = review(cell, year=2024)
    with pytest.raises(ValidationError) as refused:
        CellRating(organization=cell["cell"], year=2023, level="tot", review=other_year).save()
    assert "review" in errors(refused)


def test_an_excellent_cell_needs_every_member_done_and_80_percent_good(twelve):
    members = twelve["all"]
    check = members_check(twelve["cell"], 2025)
    assert check.passes and check.sentences()[-1].startswith("chưa có đảng viên nào được xếp loại")
    # 10 of 12 rated, 2 not rated (not counted); 8 good or better of 10: exactly 80% passes.
    rate(members, *(["tot"] * 7), "xuat_sac", "hoan_thanh", "hoan_thanh")
    check = members_check(twelve["cell"], 2025)
    assert check.passes and check.sentences() == [
        "2/12 đảng viên chưa được xếp loại năm 2025 (không tính)",
        "10/10 đảng viên đã xếp loại đạt từ mức hoàn thành nhiệm vụ trở lên",
        "8/10 = 80% đảng viên đã xếp loại hoàn thành tốt nhiệm vụ trở lên, đạt từ 80%",
    ]
    CellRating(organization=twelve["cell"], year=2025, level="xuat_sac").save()
    # One good member fewer: 7/10 = 70%, refused at the level.
    MemberRating.objects(person=members[0], year=2025).get().delete()
    MemberRating(person=members[0], year=2025, level="hoan_thanh").save()
    with pytest.raises(ValidationError) as refused:
        CellRating(organization=twelve["cell"], year=2025, level="xuat_sac").save()
    assert "year" in errors(refused)  # rated already: the edit below is what is checked
    rating = CellRating.objects(organization=twelve["cell"], year=2025).get()
    rating.comment = "Xem lại"
    with pytest.raises(ValidationError) as refused:
        rating.save()
    assert errors(refused)["level"].message == (
        "Chưa xếp loại «Hoàn thành xuất sắc nhiệm vụ» được: 7/10 = 70% đảng viên đã xếp loại "
        "hoàn thành tốt nhiệm vụ trở lên, dưới 80%."
    )
    # A member not done fails it whatever the share.
    MemberRating(person=members[10], year=2025, level="khong_hoan_thanh").save()
    failures = members_check(twelve["cell"], 2025).failures()
    assert failures[0] == f"1/12 đảng viên xếp loại dưới mức «Hoàn thành nhiệm vụ»: {members[10].full_name}"


def test_the_share_may_be_of_every_member_by_the_rule(twelve):
    CellReviewRule(share_of_rated=False).save()
    rate(twelve["all"], *(["tot"] * 9), "hoan_thanh")  # 9 good of 12 members, 2 not rated
    check = members_check(twelve["cell"], 2025)
    assert check.failures() == ["9/12 = 75% hoàn thành tốt nhiệm vụ trở lên, dưới 80%"]


def test_a_member_rating_needs_a_member_of_that_year(cell):  # noqa: F811
    outsider = Person(
        full_name="Lò Văn Ngoài", gender="nam", birth_year=1990, category="quan_chung", unit=cell["doan_ket"]
    ).save()
    with pytest.raises(ValidationError) as refused:
        MemberRating(person=outsider, year=2025, level="tot").save()
    assert errors(refused)["person"].message == "Lò Văn Ngoài không phải là đảng viên."
    with pytest.raises(ValidationError) as refused:
        MemberRating(person=cell["members"][0], year=1999, level="tot").save()
    assert "year" in errors(refused)
    MemberRating(person=cell["members"][0], year=2025, level="tot").save()
    with pytest.raises(ValidationError) as refused:
        MemberRating(person=cell["members"][0], year=2025, level="xuat_sac").save()
    assert errors(refused)["year"].message == "Hoàng Văn Sáu đã được xếp loại năm 2025."


def test_the_summary_counts_cells_by_level_and_the_reviews_of_each_period(cell):  # noqa: F811
    checklist()
    review(cell, period="6_thang")
    review(cell)
    CellRating(organization=cell["cell"], year=2025, level="tot").save()
    found = summary(cell["nam_quan"], 2025)
    assert [c.name for c in found.cells] == ["Chi bộ thôn Đoàn Kết", "Chi bộ thôn Nà Pái"]
    assert found.levels == {"xuat_sac": 0, "tot": 1, "hoan_thanh": 0, "khong_hoan_thanh": 0}
    assert [c.name for c in found.unrated] == ["Chi bộ thôn Nà Pái"]
    assert found.reviewed == {"6_thang": 1, "12_thang": 1}
    assert [c.name for c in found.not_reviewed["12_thang"]] == ["Chi bộ thôn Nà Pái"]


def test_the_demo_checklist_moves_into_the_reviews_twice_without_losing_a_value(cell):  # noqa: F811
    load_forms()
    values = {
        "chi_bo": cell["cell"].pk,
        "ngay": datetime.datetime(2025, 4, 4),
        "loai": "Thường kỳ",
        "co_mat": 4,
        "tong_so": 4,
        "chuan_bi": True,
        "van_de_trong_tam": "Chuyển đổi cây trồng",
    }
    record = CustomRecord(kind="sinh_hoat_chi_bo", name="Sinh hoạt tháng 4", unit=cell["doan_ket"])
    record.values = values
    record.save()
    later = CustomRecord(
        kind="sinh_hoat_chi_bo",
        name="Sinh hoạt tháng 10",
        unit=cell["doan_ket"],
        values={**values, "ngay": datetime.datetime(2025, 10, 4)},
    ).save()
    entries = HistoryEntry.of(record).count()
    assert adopt_model_kinds()["cell_reviews"] == 2
    moved = CellReview.objects(pk=record.pk).get()
    stored = CellReview._get_collection().find_one({"_id": record.pk})["values"]
    assert stored == values and moved.title == "Sinh hoạt tháng 4"
    assert (moved.organization, moved.year, moved.period, moved.reviewed_on) == (
        cell["cell"],
        2025,
        "6_thang",
        DAY(2025, 4, 4),
    )
    assert CellReview.objects(pk=later.pk).get().period == "12_thang"
    history = HistoryEntry.of(moved).order_by("version")
    assert history.count() == entries + 1 and history[history.count() - 1].action == "adopt_review"
    definition = FormDefinition.objects(code="sinh_hoat_chi_bo").get()
    assert definition.family == "cell_review"
    assert definition.field("chi_bo").retired and definition.field("ngay").retired
    # Run again: nothing moves, nothing changes.
    assert adopt_model_kinds()["cell_reviews"] == 0 and adopt("sinh_hoat_chi_bo", "chi_bo", "ngay") == 0
    assert CellReview.objects(pk=record.pk).get().version == moved.version
    assert CustomRecord.objects.count() == 0


def test_a_checklist_record_without_a_cell_keeps_the_whole_kind_where_it_was(cell):  # noqa: F811
    load_forms()
    CustomRecord(
        kind="sinh_hoat_chi_bo",
        name="Không chi bộ",
        unit=cell["doan_ket"],
        values={"chi_bo": cell["commune"].pk, "ngay": datetime.datetime(2025, 4, 4), "loai": "Thường kỳ"},
    ).save()
    with pytest.raises(NotAdopted, match="Hồ sơ «Không chi bộ» chưa chuyển được"):
        adopt("sinh_hoat_chi_bo", "chi_bo", "ngay")
    assert FormDefinition.objects(code="sinh_hoat_chi_bo").get().family == "standalone"
    assert CustomRecord.objects(kind="sinh_hoat_chi_bo").count() == 1 and CellReview.objects.count() == 0
    assert PartyOrganization.objects.count() == 3
