"""Demo quality reviews and ratings of Bình Phú's cells (issue 14, item 3), after its cells,
members and meetings (`documents.demo_party_cell`).

Invented, all of it (article 05 gives no scores or ratings): a scored checklist of five criteria
and 100 points, "danh_gia_chat_luong_chi_bo", as a province might enter it (a kind of the family
"cell_review", beside the demo's older checklist moved in by `documents.cell_review_adopt`); each
cell's 6-month review on 8 July and its year's review on 18 December of each year from 2024, as
far as the day of loading, scored about the cell's standing (Bản Man highest; the cells with the
gaps of 2024 lower that year, the health station down to «Hoàn thành»); every member's rating of
each year ended (Bản Man's member absent three months in 2024 «Không hoàn thành nhiệm vụ» that
year); each cell's rating on 28 December at the level its year's review proposes, unless the
members' ratings fail the excellent rule (then one level lower, the reason written). Running this
again inserts nothing.
"""

import datetime
import random

from documents.base import vietnam_today
from documents.cell_rating import CellRating, MemberRating
from documents.cell_review import EXCELLENT, LEVELS, CellReview
from documents.demo import insert_new, object_id
from documents.form_definition import FieldDefinition, FormDefinition
from documents.party_organization import PartyOrganization
from documents.person import Person

D = datetime.date
SEED = "chi-bo-danh-gia"
FIRST_YEAR = 2024
CODE = "danh_gia_chat_luong_chi_bo"
# (key, criterion, most points)
CRITERIA = (
    ("chuan_bi", "Chuẩn bị nội dung, cấp ủy họp trước, thông báo đảng viên", 20),
    ("noi_dung", "Nội dung sinh hoạt: vấn đề trọng tâm, sát tình hình", 30),
    ("nen_nep", "Duy trì nền nếp, thời lượng, tỷ lệ đảng viên dự", 20),
    ("phe_binh", "Tự phê bình và phê bình, tính lãnh đạo, giáo dục", 20),
    ("ket_qua", "Kết quả thực hiện nghị quyết, nhiệm vụ giao đảng viên", 10),
)
# The share of the points a cell earns, about its standing; the gaps of 2024 cost that year.
STANDING = {"Chi bộ thôn Bản Man": 0.96, "Chi bộ thôn Bản Khản": 0.91, "Chi bộ thôn Bản Lếch": 0.9}
DEFAULT_STANDING = 0.84
GAPS_2024 = {"Chi bộ thôn Nà Mụ": 1, "Chi bộ thôn Khuôn Thẳm": 1, "Chi bộ Trạm Y tế xã Bình Phú": 2}
GAP_COST = 0.12  # of the share, for each meeting missed
ABSENTEE = ("demo-cell:BP:Bản Man:22", 2024)  # absent in months 3, 6 and 9 of 2024 without a reason
# Members' levels (xuất sắc, tốt, hoàn thành), drawn.
MEMBER_WEIGHTS = (15, 72, 13)
REVIEW_DAYS = (("6_thang", 7, 8), ("12_thang", 12, 18))
CELLS_RATED = (12, 28)


def checklist():
    fields = [
        FieldDefinition(key=key, label=label, type="integer", measure="điểm", min_value=0, max_value=most)
        for key, label, most in CRITERIA
    ]
    fields.append(FieldDefinition(key="han_che", label="Hạn chế cần khắc phục", type="long_text"))
    return FormDefinition(
        code=CODE,
        name="Phiếu chấm điểm chất lượng sinh hoạt chi bộ (5 tiêu chí, 100 điểm)",
        family="cell_review",
        fields=fields,
    )


def load_reviews():
    """Insert what is missing of the checklist, Bình Phú's reviews and ratings; return how many
    documents each collection gained."""
    committee = PartyOrganization.objects(pk=object_id("party_organization", "CH-BP")).first()
    if committee is None:
        return {}
    for document in (CellReview, CellRating, MemberRating):
        document.ensure_indexes()
    definition = checklist()
    definition.pk = object_id("form_definitions", CODE)
    definition.validate()
    counts = {"form_definitions": insert_new(FormDefinition._get_collection(), [definition.to_mongo()])}
    today = vietnam_today()
    cells = sorted(PartyOrganization.objects(parent=committee), key=lambda c: c.name)
    years = [y for y in range(FIRST_YEAR, today.year + 1) if D(y, *REVIEW_DAYS[0][1:]) <= today]
    reviews = {}
    for year in years:
        for cell in cells:
            for period, month, day in REVIEW_DAYS:
                if D(year, month, day) <= today:
                    reviews[cell.pk, year, period] = _review(cell, year, period, D(year, month, day))
    counts["cell_reviews"] = _insert(CellReview, list(reviews.values()))
    rated = [y for y in years if D(y, *CELLS_RATED) <= today]
    ratings = [r for year in rated for cell in cells for r in _member_ratings(cell, year)]
    counts["member_ratings"] = _insert(MemberRating, ratings)
    cell_ratings = [_cell_rating(c, y, reviews[c.pk, y, "12_thang"]) for y in rated for c in cells]
    counts["cell_ratings"] = _insert(CellRating, cell_ratings)
    return counts


def _insert(document, records):
    """Insert the records not stored yet (checked first: the cells' ratings read the members')."""
    collection = document._get_collection()
    stored = set(collection.distinct("_id", {"_id": {"$in": [r.pk for r in records]}}))
    new = [r for r in records if r.pk not in stored]
    for record in new:
        record.validate()
    return insert_new(collection, [r.to_mongo() for r in new])


def _review(cell, year, period, day):
    rng = random.Random(f"{SEED}:{cell.name}:{year}:{period}")
    share = STANDING.get(cell.name, DEFAULT_STANDING)
    if year == FIRST_YEAR:
        share -= GAP_COST * GAPS_2024.get(cell.name, 0)
    values = {key: round(most * min(1, share + rng.uniform(-0.05, 0.04))) for key, _, most in CRITERIA}
    weakest = min(CRITERIA, key=lambda c: values[c[0]] / c[2])
    values["han_che"] = f"Cần nâng cao: {weakest[1][0].lower()}{weakest[1][1:]}."
    return CellReview(
        id=object_id("cell_reviews", f"{cell.pk}:{year}:{period}"),
        kind=CODE,
        organization=cell,
        year=year,
        period=period,
        reviewed_on=day,
        values=values,
        comment="Cấp ủy chấm theo phiếu; chi bộ duy trì sinh hoạt định kỳ vào ngày đã định.",
    )


def _member_ratings(cell, year):
    rng = random.Random(f"{SEED}:{cell.name}:{year}:members")
    absentee = object_id("person", ABSENTEE[0]) if year == ABSENTEE[1] else None
    people = Person.objects(party_organization=cell).order_by("_id")
    ratings = []
    for person in people:
        if person.admitted_on and person.admitted_on.year > year:
            continue
        level = rng.choices(LEVELS[:3], MEMBER_WEIGHTS)[0]
        comment = None
        if person.pk == absentee:
            level, comment = "khong_hoan_thanh", "Bỏ sinh hoạt chi bộ 3 tháng trong năm không có lý do."
        ratings.append(
            MemberRating(
                id=object_id("member_ratings", f"{person.pk}:{year}"),
                person=person,
                year=year,
                level=level,
                organization=cell,
                comment=comment,
            )
        )
    return ratings


def _cell_rating(cell, year, review):
    review.validate()  # its proposed level, from its scores
    level, comment = review.proposed, f"Theo điểm tổng kết năm: {review.score_text}."
    if level == EXCELLENT:
        failures = CellRating(organization=cell, year=year).members_check().failures()
        if failures:
            level = LEVELS[1]
            comment += f" Chưa đủ điều kiện xếp loại xuất sắc: {'; '.join(failures)}."
    return CellRating(
        id=object_id("cell_ratings", f"{cell.pk}:{year}"),
        organization=cell,
        year=year,
        level=level,
        review=review,
        decided_on=D(year, *CELLS_RATED),
        comment=comment,
    )
