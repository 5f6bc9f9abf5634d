import datetime
import re

import pytest
from mongoengine import ValidationError

from documents import Household, PartyOrganization, Person, Position
from documents.base import vietnam_today
from tests.conftest import csrf_token


@pytest.fixture
def cell(district):
    return PartyOrganization(kind="chi_bo", name="Chi bộ thôn Đoàn Kết", unit=district["doan_ket"]).save()


def test_person_holds_several_posts_at_once_and_keeps_history(district, cell):
    person = Person(
        full_name="Lương Văn Dũng",
        gender="nam",
        birth_year=1968,
        category="khong_chuyen_trach",
        unit=district["doan_ket"],
        party_organization=cell,
        admitted_on=datetime.date(1995, 3, 2),
        positions=[
            Position(title="Bí thư Chi bộ", organization=cell, start=datetime.date(2020, 8, 1)),
            Position(title="Trưởng thôn", unit=district["doan_ket"], start=datetime.date(2019, 1, 1)),
            Position(
                title="Phó Bí thư Chi bộ",
                organization=cell,
                start=datetime.date(2015, 8, 1),
                end=datetime.date(2020, 7, 31),
            ),
        ],
    ).save()
    stored = Person.objects.get(pk=person.pk)
    assert [p.title for p in stored.current_positions] == ["Bí thư Chi bộ", "Trưởng thôn"]
    assert len(stored.positions) == 3
    assert stored.positions[0].organization.name == "Chi bộ thôn Đoàn Kết"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"admitted_on": None}, "admitted_on"),
        ({"official_on": datetime.date(1990, 1, 1)}, "official_on"),
        ({"birth_year": vietnam_today().year + 1}, "birth_year"),
    ],
)
def test_person_membership_rules(district, cell, changes, field):
    values = dict(
        full_name="Vi Thị Hằng",
        gender="nu",
        birth_year=1980,
        category="dang_vien",
        unit=district["doan_ket"],
        party_organization=cell,
        admitted_on=datetime.date(2005, 5, 19),
    )
    values.update(changes)
    with pytest.raises(ValidationError) as error:
        Person(**values).save()
    assert field in error.value.errors["__all__"].errors
    assert Person.objects.count() == 0


def test_position_cannot_end_before_it_starts(district):
    person = Person(
        full_name="Chu Văn Tài",
        gender="nam",
        birth_year=1970,
        category="can_bo",
        unit=district["nam_quan"],
        positions=[
            Position(title="Chủ tịch UBND xã", start=datetime.date(2021, 1, 1), end=datetime.date(2020, 1, 1))
        ],
    )
    with pytest.raises(ValidationError):
        person.save()


def test_household_is_placed_in_a_hamlet_with_a_member_in_charge(district, cell):
    member = Person(
        full_name="Nông Văn Hải",
        gender="nam",
        birth_year=1975,
        category="dang_vien",
        unit=district["doan_ket"],
        party_organization=cell,
        admitted_on=datetime.date(2001, 2, 3),
    ).save()
    household = Household(
        code="LB-NQ-0001",
        head_name="Hà Văn Sinh",
        hamlet=district["doan_ket"],
        size=4,
        poverty="can_ngheo",
        member_in_charge=member,
    ).save()
    assert household.ancestors[-1] == district["doan_ket"].pk
    assert district["nam_quan"].pk in household.ancestors


def test_household_refuses_a_commune_or_a_non_member(district):
    outsider = Person(
        full_name="Hà Thị Mai", gender="nu", birth_year=1990, category="quan_chung", unit=district["doan_ket"]
    ).save()
    with pytest.raises(ValidationError):
        Household(code="X1", head_name="A", hamlet=district["nam_quan"]).save()
    with pytest.raises(ValidationError):
        Household(code="X2", head_name="B", hamlet=district["doan_ket"], member_in_charge=outsider).save()
    assert Household.objects.count() == 0


def test_person_form_shows_membership_error_at_the_field(admin_client, district, cell):
    form = {
        "csrf_token": csrf_token(admin_client, "/admin/person/new/"),
        "full_name": "Lý Văn Hùng",
        "gender": "nam",
        "birth_year": "1979",
        "ethnicity": "Tày",
        "category": "dang_vien",
        "unit": str(district["doan_ket"].pk),
        "party_organization": str(cell.pk),
    }
    page = admin_client.post("/admin/person/new/", data=form).get_data(as_text=True)
    assert "Đảng viên cần có ngày vào Đảng." in page
    assert Person.objects.count() == 0
    form.update(admitted_on="2004-09-02", official_on="2005-09-02")
    assert admin_client.post("/admin/person/new/", data=form).status_code == 302
    assert Person.objects.get().admitted_on == datetime.date(2004, 9, 2)


def test_console_pages_are_in_vietnamese(admin_client, district):
    page = admin_client.get("/admin/person/").get_data(as_text=True)
    for words in (
        "Danh sách",
        "Tạo",
        "Thêm bộ lọc",
        "Họ và tên",
        "Năm sinh",
        "Đối tượng",
        "Đăng xuất",
        "Tìm (không cần dấu)",
        "Trang sau",
    ):
        assert words in page
    form = admin_client.get("/admin/household/new/").get_data(as_text=True)
    for words in ("Mã hộ", "Chủ hộ", "Thôn, tổ dân phố", "Số nhân khẩu", "Đảng viên phụ trách"):
        assert words in form


def test_person_page_shows_every_post_with_dates(admin_client, district, cell):
    person = Person(
        full_name="Lương Văn Dũng",
        gender="nam",
        birth_year=1968,
        category="khong_chuyen_trach",
        unit=district["doan_ket"],
        party_organization=cell,
        admitted_on=datetime.date(1995, 3, 2),
        positions=[
            Position(title="Bí thư Chi bộ", organization=cell, start=datetime.date(2020, 8, 1)),
            Position(
                title="Phó Bí thư Chi bộ",
                organization=cell,
                start=datetime.date(2015, 8, 1),
                end=datetime.date(2020, 7, 31),
            ),
        ],
    ).save()
    page = admin_client.get(f"/admin/person/details/?id={person.pk}").get_data(as_text=True)
    assert "Bí thư Chi bộ, Chi bộ thôn Đoàn Kết – từ 01/08/2020 (đương nhiệm)" in page
    assert "Phó Bí thư Chi bộ, Chi bộ thôn Đoàn Kết – từ 01/08/2015 đến 31/07/2020" in page
    assert "Ngày vào Đảng" in page and "02/03/1995" in page
    assert re.search(r"<td>\s*\d\d/\d\d/\d{4} \d\d:\d\d\s*</td>", page)  # created at


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"admitted_on": "2099-01-01"}, "admitted_on", "Ngày vào Đảng không được sau hôm nay."),
        ({"official_on": "2090-01-01"}, "official_on", "Ngày chính thức không được sau hôm nay."),
        (
            {
                "birth_year": vietnam_today().year - 2,
                "category": "can_bo",
                "party_organization": None,
                "admitted_on": None,
            },
            "birth_year",
            "Cán bộ phải đủ 18 tuổi.",
        ),
    ],
)
def test_impossible_dates_are_refused(district, changes, field, message):
    cell = PartyOrganization(kind="chi_bo", name="Chi bộ thôn Đoàn Kết", unit=district["doan_ket"]).save()
    values = dict(
        full_name="Hoàng Văn Tâm",
        gender="nam",
        birth_year=1970,
        category="dang_vien",
        unit=district["doan_ket"],
        party_organization=cell,
        admitted_on="1995-05-19",
    )
    values.update(changes)
    with pytest.raises(ValidationError) as refused:
        Person(**values).save()
    assert message in str(refused.value.errors.get(field, refused.value))


@pytest.mark.parametrize("day", [datetime.date(1, 1, 1), datetime.date(9999, 12, 31)])
def test_a_post_dated_out_of_all_reason_is_refused(district, day):
    person = Person(
        full_name="Hoàng Văn Tâm",
        gender="nam",
        birth_year=1970,
        category="can_bo",
        unit=district["doan_ket"],
        positions=[Position(title="Chủ tịch", start=day)],
    )
    with pytest.raises(ValidationError, match="Ngày phải từ 02/09/1945"):
        person.save()


def test_errors_in_a_post_row_are_in_vietnamese(admin_client, district):
    url = "/admin/person/new/"
    form = {
        "csrf_token": csrf_token(admin_client, url),
        "full_name": "Hoàng Văn Tâm",
        "gender": "nam",
        "birth_year": "1970",
        "category": "can_bo",
        "unit": str(district["doan_ket"].pk),
        "positions-0-title": "x" * 300,
        "positions-0-start": "ngày đầu",
    }
    page = admin_client.post(url, data=form).get_data(as_text=True)
    assert "Không được dài quá 200 ký tự." in page or "Giá trị quá dài." in page
    assert "Field cannot be longer" not in page and "Not a valid date" not in page
    assert Person.objects.count() == 0
