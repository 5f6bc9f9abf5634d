import re

import pytest

from documents import Person, Unit
from documents.text import fold, search_filter


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Nhân Lý", "nhan ly"),
        ("Đặng Văn Nhân", "dang van nhan"),
        ("ĐOÀN KẾT", "doan ket"),
        ("Khòn Mùn", "khon mun"),
    ],
)
def test_fold_drops_case_and_diacritics(text, folded):
    assert fold(text) == folded


def names(page):
    return re.findall(r'<td class="col-full_name">\s*(.*?)\s*</td>', page)


def make_person(name, unit, **extra):
    return Person(
        full_name=name, gender="nam", birth_year=1975, category="quan_chung", unit=unit, **extra
    ).save()


@pytest.mark.parametrize(
    ("query", "expected"),
    [("nhan ly", "Nhân Lý"), ("NHÂN LÝ", "Nhân Lý"), ("nhân", "Nhân Lý"), ("0652701", "Bản Chành")],
)
def test_unit_search_ignores_case_and_diacritics(admin_client, district, query, expected):
    page = admin_client.get("/admin/unit/", query_string={"search": query}).get_data(as_text=True)
    assert re.findall(r'<td class="col-name">\s*(.*?)\s*</td>', page) == [expected]


def test_person_search_treats_d_stroke_as_d(admin_client, district):
    make_person("Đặng Văn Nhân", district["doan_ket"])
    make_person("Dương Thị Lan", district["doan_ket"])
    page = admin_client.get("/admin/person/?search=dang+van").get_data(as_text=True)
    assert names(page) == ["Đặng Văn Nhân"]


def test_search_ranks_exact_accent_matches_first(admin_client, district):
    for name in ("Lý Văn An", "Ly Văn Bình", "Lỹ Văn Cường", "Lý Văn Dũng"):
        make_person(name, district["doan_ket"])
    page = admin_client.get("/admin/person/?search=lý").get_data(as_text=True)
    assert names(page) == ["Lý Văn An", "Lý Văn Dũng", "Ly Văn Bình", "Lỹ Văn Cường"]


def test_search_uses_the_index(district):
    plan = str(Unit.objects(__raw__=search_filter("nhan ly")).explain()["queryPlanner"]["winningPlan"])
    assert "search_terms" in plan and "COLLSCAN" not in plan


@pytest.mark.parametrize(
    ("query", "found"),
    [('{"$ne": null}', 0), ("$where", 0), ("Nh.*", 1), (".*", 7), ("(", 7), ("\\", 7)],
)
def test_search_treats_operators_and_regex_as_text(admin_client, district, query, found):
    """Only words are searched; punctuation alone searches nothing and lists everything."""
    response = admin_client.get("/admin/unit/", query_string={"search": query})
    assert response.status_code == 200
    assert len(re.findall(r'<td class="col-name">', response.get_data(as_text=True))) == found


def test_units_list_in_vietnamese_alphabetical_order(admin_client, district):
    page = admin_client.get("/admin/unit/").get_data(as_text=True)
    assert re.findall(r'<td class="col-name">\s*(.*?)\s*</td>', page) == [
        "Bản Chành", "Đoàn Kết", "Lạng Sơn", "Lộc Bình", "Nà Pái", "Nam Quan", "Nhân Lý",
    ]  # fmt: skip  # the expected order reads as one row


def test_people_list_by_given_name_then_full_name(admin_client, district):
    for name in ("Nguyễn Văn Bình", "Trần Thị An", "Lê Văn Đức", "Hoàng Văn An", "Đinh Thị Ánh"):
        make_person(name, district["doan_ket"])
    page = admin_client.get("/admin/person/").get_data(as_text=True)
    assert names(page) == ["Hoàng Văn An", "Trần Thị An", "Đinh Thị Ánh", "Nguyễn Văn Bình", "Lê Văn Đức"]


def test_reference_picker_searches_without_diacritics_among_hamlets_only(admin_client, district):
    Unit(kind="thon", code="0652709", name="Đoàn Kết", parent=district["nhan_ly"]).save()
    response = admin_client.get("/admin/household/ajax/lookup/?name=hamlet&query=doan")
    assert response.status_code == 200
    # Two hamlets of one name in two communes: the picker says which is which.
    labels = [label for _, label in response.json]
    assert labels == ["Thôn Đoàn Kết (Xã Nam Quan)", "Thôn Đoàn Kết (Xã Nhân Lý)"]
    communes = admin_client.get("/admin/household/ajax/lookup/?name=hamlet&query=nam+quan").json
    assert communes == []


def test_picker_labels_name_their_units_in_one_query(admin_client, district):
    from mongoengine.context_managers import query_counter

    url = "/admin/household/ajax/lookup/?name=hamlet&query=thon+moi"
    for n in range(6):
        Unit(kind="thon", code=f"06527{n:02d}9", name=f"Thôn Mới {n}", parent=district["nhan_ly"]).save()
    admin_client.get(url)
    with query_counter() as queries:
        labels = [label for _, label in admin_client.get(url).json]
        count = int(queries)
    assert len(labels) == 6 and all(label.endswith("(Xã Nhân Lý)") for label in labels)
    assert count <= 6, count  # session, account, the choices, their units: not one per choice
