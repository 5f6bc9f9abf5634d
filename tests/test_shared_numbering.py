"""Bodies numbering in one register: the Ban Thường vụ Huyện ủy and the Huyện ủy both print "HU",
so their documents take numbers from one sequence (never two "Số 01-QĐ/HU"); what may share."""

import datetime

import pytest
from mongoengine.errors import ValidationError

from documents import LocalityAssignment, NumberSequence
from exports import official_document as printing
from tests.conftest import commune_peoples_committee, district_committee
from tests.test_locality_assignments import person

DAY = datetime.date(2026, 3, 5)


@pytest.fixture
def bodies(district):
    committee = district_committee(district["district"], authority="T/M Huyện ủy")
    standing = district_committee(
        district["district"], name="Ban Thường vụ Huyện ủy Lộc Bình", printed_name="Huyện ủy Lộc Bình"
    )
    cadre = person("Vi Văn Phong", district["district"])
    for body in (committee, standing):  # a decision listing nobody is not issued
        LocalityAssignment(
            person=cadre, unit=district["nam_quan"], role="phu_trach", start=DAY, body=body
        ).save()
    return committee, standing


def test_two_bodies_of_one_symbol_number_in_one_sequence(bodies, district):
    committee, standing = bodies
    standing.numbered_with = committee
    standing.save()
    symbols = []
    for body in (standing, committee, standing):
        document = printing.new_draft("quyet_dinh_phan_cong", body, district["nam_quan"]).save()
        printing.issue(document, DAY)
        symbols.append(document.symbol)
    assert symbols == ["Số 01-QĐ/HU", "Số 02-QĐ/HU", "Số 03-QĐ/HU"]
    assert NumberSequence.objects.count() == 1
    assert standing.sequence_key("QĐ", DAY) == committee.sequence_key("QĐ", DAY)


def test_what_may_number_together(bodies, district):
    committee, standing = bodies
    state = commune_peoples_committee(district["nam_quan"])
    for owner, message in (
        (standing, "không đánh số chung với chính nó"),
        (state, "cùng địa bàn, cùng ký hiệu và thể thức"),
    ):
        standing.numbered_with = owner
        with pytest.raises(ValidationError) as refused:
            standing.save()
        assert "numbered_with." in str(refused.value) and message in str(refused.value)
    standing.numbered_with = committee
    standing.save()
    committee.numbered_with = standing
    with pytest.raises(ValidationError) as refused:
        committee.save()
    assert "đánh số chung với cơ quan khác" in str(refused.value)


def test_a_body_that_numbered_alone_keeps_its_numbers(bodies, district):
    committee, standing = bodies
    document = printing.new_draft("quyet_dinh_phan_cong", standing, district["nam_quan"]).save()
    printing.issue(document, DAY)
    standing.numbered_with = committee
    with pytest.raises(ValidationError) as refused:
        standing.save()
    assert "numbered_with." in str(refused.value) and "cấp lại những số đã cấp" in str(refused.value)
