import re

import pytest
from mongoengine.connection import get_db
from mongoengine.context_managers import query_counter

from admin.base import COUNT_LIMIT
from admin.paging import Cursor, beyond_cursor
from documents import Household, PartyOrganization, Person, Unit


def make_people(district, count):
    people = [
        Person(
            full_name=f"Nguyễn Văn {n:03d}",
            gender="nam",
            birth_year=1970,
            category="quan_chung",
            unit=district["doan_ket"],
        )
        for n in range(count)
    ]
    for person in people:
        person.validate()  # fills ancestors, search terms and sort_name, as save() would
    Person.objects.insert(people)


def names(page):
    return re.findall(r'<td class="col-full_name">\s*(.*?)\s*</td>', page)


def next_link(page, rel):
    match = re.search(rf'rel="{rel}" href="([^"#]+)"', page)
    return match.group(1).replace("&amp;", "&") if match else None


def test_keyset_pages_walk_forward_and_back_over_every_row_once(admin_client, district):
    make_people(district, 45)
    seen, url, pages = [], "/admin/person/", []
    while url:
        page = admin_client.get(url).get_data(as_text=True)
        pages.append(page)
        seen += names(page)
        url = next_link(page, "next")
    assert seen == [f"Nguyễn Văn {n:03d}" for n in range(45)]
    assert [len(names(p)) for p in pages] == [20, 20, 5]
    back = admin_client.get(next_link(pages[2], "prev")).get_data(as_text=True)
    assert names(back) == names(pages[1])


def test_keyset_pages_follow_a_descending_sort(admin_client, district):
    make_people(district, 25)
    first = admin_client.get("/admin/person/?sort=0&desc=1").get_data(as_text=True)
    second = admin_client.get(next_link(first, "next")).get_data(as_text=True)
    assert names(first)[0] == "Nguyễn Văn 024"
    assert names(second) == [f"Nguyễn Văn {n:03d}" for n in range(4, -1, -1)]


def test_list_pages_never_skip_nor_count_everything(admin_client, district):
    """Totals are read from the collection's metadata or counted up to a bound, never in full."""
    make_people(district, 45)
    db = get_db()
    db.command("profile", 2)
    try:
        page = admin_client.get("/admin/person/").get_data(as_text=True)
        admin_client.get(next_link(page, "next"))
        admin_client.get("/admin/person/?search=nguyen")
    finally:
        db.command("profile", 0)
    commands = [entry["command"] for entry in db.system.profile.find({"ns": f"{db.name}.people"})]
    db.system.profile.drop()
    assert any("find" in c for c in commands)
    assert not any(c.get("skip") for c in commands)
    counts = [c for c in commands if "count" in c or "$group" in str(c)]
    assert counts
    for count in counts:
        stages = count.get("pipeline", [])
        bounded = any(stage.get("$limit", 0) <= COUNT_LIMIT + 1 for stage in stages if "$limit" in stage)
        assert bounded or ("count" in count and not count.get("query")), count


def test_tampered_cursor_falls_back_to_the_first_page(admin_client, district):
    make_people(district, 3)
    response = admin_client.get("/admin/person/?after=bm90LWEtY3Vyc29y")
    assert response.status_code == 200
    assert len(names(response.get_data(as_text=True))) == 3


def test_list_loads_referenced_records_once_per_page(admin_client, district):
    cell = PartyOrganization(kind="chi_bo", name="Chi bộ thôn Đoàn Kết", unit=district["doan_ket"]).save()
    for n in range(20):
        Person(
            full_name=f"Hoàng Thị {n}",
            gender="nu",
            birth_year=1980,
            category="dang_vien",
            unit=district["doan_ket"] if n % 2 else district["na_pai"],
            party_organization=cell,
            admitted_on="2010-05-19",
        ).save()
    member = Person.objects.first()
    for n in range(20):
        Household(
            code=f"H{n:02d}", head_name=f"Chủ hộ {n}", hamlet=district["doan_ket"], member_in_charge=member
        ).save()
    for url, rows in (
        ("/admin/person/", 20),
        ("/admin/household/", 20),
        ("/admin/unit/", 7),
        ("/admin/party_organization/", 1),
    ):
        admin_client.get(url)  # warm the filter options and session
        with query_counter() as queries:
            page = admin_client.get(url).get_data(as_text=True)
            count = int(queries)  # read once: each read of the counter is itself a query
        assert page.count("<tr") - 1 >= rows
        # session, account, filter options, the menu of defined kinds, the page,
        # one per referenced collection (+1 slack)
        assert count <= 8, f"{url} made {count} queries for {rows} rows"


def test_party_organization_member_count_comes_from_the_people_registry(admin_client, district):
    commune = PartyOrganization(
        kind="dang_bo_co_so", name="Đảng bộ xã Nam Quan", unit=district["nam_quan"]
    ).save()
    cell = PartyOrganization(
        kind="chi_bo", name="Chi bộ thôn Đoàn Kết", unit=district["doan_ket"], parent=commune
    ).save()
    for n, org in enumerate([cell, cell, cell, commune]):
        Person(
            full_name=f"Đảng viên {n}",
            gender="nam",
            birth_year=1970,
            category="dang_vien",
            unit=district["doan_ket"],
            party_organization=org,
            admitted_on="2000-01-01",
        ).save()
    Person(
        full_name="Quần chúng",
        gender="nam",
        birth_year=1970,
        category="quan_chung",
        unit=district["doan_ket"],
    ).save()
    counts = PartyOrganization.objects.member_counts([commune, cell])
    assert counts == {commune.pk: 4, cell.pk: 3}
    page = admin_client.get("/admin/party_organization/").get_data(as_text=True)
    assert re.findall(r'<td class="col-members">\s*(\d+)\s*</td>', page) == ["3", "4"]


def test_under_unit_filter_lists_everything_below_a_commune(admin_client, district):
    """The filter is the first of the list, so its argument is flt0_0."""
    listed = admin_client.get(f"/admin/unit/?flt0_0={district['nam_quan'].pk}").get_data(as_text=True)
    assert sorted(re.findall(r'<td class="col-name">\s*(.*?)\s*</td>', listed)) == ["Nà Pái", "Đoàn Kết"]
    assert Unit.objects(ancestors=district["nam_quan"].pk).count() == 2


def test_next_page_query_reads_the_index_without_sorting_in_memory(district):
    make_people(district, 45)
    tenth = Person.objects.order_by("sort_name", "id")[10]
    cursor = Cursor(0, tenth.sort_name, tenth.pk)
    query = Person.objects(__raw__=beyond_cursor("sort_name", cursor, ascending=True))
    plan = str(query.order_by("sort_name", "id").limit(21).explain()["queryPlanner"]["winningPlan"])
    assert "'stage': 'SORT'" not in plan and "sort_name_1__id_1" in plan
    assert [p.pk for p in query.order_by("sort_name", "id").limit(3)] == [
        p.pk for p in Person.objects.order_by("sort_name", "id")[11:14]
    ]


def household_codes(page):
    return sorted(re.findall(r'<td class="col-code">\s*(.*?)\s*</td>', page))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("flt0_1=ngheo", ["H1", "H3"]),  # poverty equals 'poor'
        ("flt0_2=3", ["H3", "H4"]),  # size greater than 3
        ("flt0_3=3", ["H0", "H1", "H2"]),  # size smaller than 3
        ("flt0_1=ngheo&flt1_2=3", ["H3"]),
        ("flt0_2=nhiều", ["H0", "H1", "H2", "H3", "H4"]),  # not a number: the filter is dropped
    ],
)
def test_household_filters_narrow_the_list(admin_client, district, query, expected):
    for n, (size, poverty) in enumerate(
        [(1, "khong"), (2, "ngheo"), (2, "can_ngheo"), (5, "ngheo"), (4, "khong")]
    ):
        Household(
            code=f"H{n}", head_name=f"Chủ hộ {n}", hamlet=district["doan_ket"], size=size, poverty=poverty
        ).save()
    response = admin_client.get(f"/admin/household/?{query}")
    assert response.status_code == 200
    assert household_codes(response.get_data(as_text=True)) == expected


@pytest.mark.parametrize(("value", "expected"), [("1", ["Nà Pái"]), ("0", ["Đoàn Kết"])])
def test_unit_disadvantaged_filter_under_a_commune(admin_client, district, value, expected):
    Unit.objects(code="0652602").update(disadvantaged=True)
    url = f"/admin/unit/?flt0_0={district['nam_quan'].pk}&flt1_2={value}"
    page = admin_client.get(url).get_data(as_text=True)
    assert re.findall(r'<td class="col-name">\s*(.*?)\s*</td>', page) == expected


def test_party_member_filter(admin_client, district):
    cell = PartyOrganization(kind="chi_bo", name="Chi bộ thôn Đoàn Kết", unit=district["doan_ket"]).save()
    Person(
        full_name="Đảng Viên A",
        gender="nam",
        birth_year=1970,
        category="dang_vien",
        unit=district["doan_ket"],
        party_organization=cell,
        admitted_on="2000-01-01",
    ).save()
    Person(
        full_name="Quần Chúng B",
        gender="nu",
        birth_year=1990,
        category="quan_chung",
        unit=district["doan_ket"],
    ).save()
    assert names(admin_client.get("/admin/person/?flt0_3=1").get_data(as_text=True)) == ["Đảng Viên A"]
    assert names(admin_client.get("/admin/person/?flt0_3=0").get_data(as_text=True)) == ["Quần Chúng B"]


@pytest.mark.parametrize("endpoint", ["unit", "party_organization", "person", "household"])
def test_every_filter_of_every_view_answers(app, admin_client, district, endpoint):
    """Each filter, with its first option or a number, and with junk, lists without an error."""
    view = next(v for v in app.extensions["admin"][0]._views if v.endpoint == endpoint)
    with app.test_request_context():
        options = [list(f.get_options(view) or []) for f in view._filters]
    for index, choices in enumerate(options):
        for value in (choices[0][0] if choices else "3", '{"$ne": null}', "zzz", ""):
            response = admin_client.get(f"/admin/{endpoint}/", query_string={f"flt0_{index}": value})
            assert response.status_code == 200, (endpoint, index, value)
