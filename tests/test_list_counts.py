"""Every list says how many rows match: exactly up to a bound, "hơn 10.000" beyond it."""

import re

import pytest

import admin.base
from documents import Household, Person, Unit
from tests.conftest import login, make_user


def total(page):
    found = re.findall(r'<p class="list-total[^"]*"[^>]*>\s*(.*?)\s*</p>', page)
    assert len(found) == 1, found
    return found[0]


@pytest.fixture
def households(district):
    for n in range(23):
        Household(
            code=f"DK-{n:02d}", head_name=f"Hà Văn {n:02d}", hamlet=district["doan_ket"], size=1 + n % 5
        ).save()
    for n in range(4):
        Household(code=f"NP-{n:02d}", head_name=f"Lò Thị {n:02d}", hamlet=district["na_pai"]).save()
    for n in range(6):
        Household(code=f"BC-{n:02d}", head_name=f"Hà Văn Chành {n}", hamlet=district["ban_chanh"]).save()


def test_a_list_says_how_many_rows_it_holds(admin_client, households):
    assert total(admin_client.get("/admin/household/").get_data(as_text=True)) == "33 hộ"
    page = admin_client.get(f"/admin/household/?flt0_0={Unit.objects.get(code='0652601').pk}")
    assert total(page.get_data(as_text=True)) == "23 hộ"
    assert total(admin_client.get("/admin/household/?search=ha+van").get_data(as_text=True)) == "29 hộ"
    assert total(admin_client.get("/admin/household/?search=lo+thi").get_data(as_text=True)) == "4 hộ"
    assert total(admin_client.get("/admin/household/?search=khong+ai").get_data(as_text=True)) == "0 hộ"


def test_the_total_is_the_same_on_every_page(admin_client, households):
    first = admin_client.get("/admin/household/?search=ha").get_data(as_text=True)
    after = re.search(r'href="([^"]*after=[^"]*)"', first).group(1).replace("&amp;", "&")
    assert total(first) == total(admin_client.get(after).get_data(as_text=True)) == "29 hộ"


def test_a_total_counts_only_what_the_account_sees(client, district, households):
    make_user("editor", role="editor", unit=district["nam_quan"])
    login(client, "editor")
    assert total(client.get("/admin/household/").get_data(as_text=True)) == "27 hộ"
    assert total(client.get("/admin/household/?search=ha+van").get_data(as_text=True)) == "23 hộ"
    assert total(client.get("/admin/unit/").get_data(as_text=True)) == "3 đơn vị"


def test_beyond_the_bound_the_total_says_more_than(admin_client, households, monkeypatch):
    monkeypatch.setattr(admin.base, "COUNT_LIMIT", 10)
    assert total(admin_client.get("/admin/household/?search=ha").get_data(as_text=True)) == "Hơn 10 hộ"
    assert total(admin_client.get("/admin/household/?search=lo").get_data(as_text=True)) == "4 hộ"


def test_each_list_counts_its_own_kind(admin_client, district):
    Person(
        full_name="Hoàng Văn Nam", gender="nam", birth_year=1970, category="can_bo", unit=district["doan_ket"]
    ).save()
    assert total(admin_client.get("/admin/person/").get_data(as_text=True)) == "1 người"
    assert total(admin_client.get("/admin/unit/").get_data(as_text=True)) == "7 đơn vị"
    assert total(admin_client.get("/admin/household/").get_data(as_text=True)) == "0 hộ"


def test_a_count_that_takes_too_long_says_what_the_pages_show(app, admin_client, households, monkeypatch):
    """MongoDB gives a count up after LIST_COUNT_MS (stood in for here): the list still says
    something true, from the pages it has read."""
    from pymongo.collection import Collection
    from pymongo.errors import ExecutionTimeout

    def too_long(*args, **kwargs):
        assert kwargs["maxTimeMS"] == 25
        raise ExecutionTimeout("operation exceeded time limit")

    app.config["LIST_COUNT_MS"] = 25
    monkeypatch.setattr(Collection, "count_documents", too_long)
    first = admin_client.get("/admin/household/?search=ha").get_data(as_text=True)
    assert total(first) == "Hơn 20 hộ"
    after = re.search(r'href="([^"]*after=[^"]*)"', first).group(1).replace("&amp;", "&")
    assert total(admin_client.get(after).get_data(as_text=True)) == "Hơn 28 hộ"  # 20 + 9 shown
    assert total(admin_client.get("/admin/household/?search=lo").get_data(as_text=True)) == "4 hộ"
