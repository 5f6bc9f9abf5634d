"""The "Thuộc đơn vị" filter: every unit the account sees, hamlets included, asked for as the user
types (never sent with the page); search finds units by their kind words; filter names that staff
typed read as typed in the filter menu and the active filter rows, and never run."""

import html
import json
import re

import pytest
from mongoengine.connection import get_db

from documents import FieldDefinition, FormDefinition, Household, Unit
from tests.conftest import PASSWORD, login, make_user
from tests.test_browser import browser_page, live_server  # noqa: F401 (fixtures)

PAYLOAD = "<img src=x onerror=window.pwned=1>"
QUOTED = "Loai'\">x"


def picker(client, query, endpoint="household"):
    return client.get(
        f"/admin/{endpoint}/ajax/lookup/", query_string={"name": "under_unit", "query": query}
    ).json


def data_of(page, element):
    """The JSON a hidden element of the page carries for its script."""
    found = re.search(rf'<div id="{element}"[^>]*>(.*?)</div>', page, re.S)
    return json.loads(html.unescape(found.group(1)))


def unit_filter_data(page):
    found = re.search(r'<div id="picked-filter-data"([^>]*)>', page).group(1)
    return {k: html.unescape(v) for k, v in re.findall(r"data-(\w+)='([^']*)'", found)}


@pytest.fixture
def editor(client, district):
    make_user("editor", role="editor", unit=district["nam_quan"])
    login(client, "editor")
    return client


def test_the_page_carries_no_unit_options(admin_client, district):
    """Options were every unit, loaded on every page; now no unit is read to build the filter."""
    for n in range(30):
        Unit(kind="thon", code=f"065279{n:02d}", name=f"Khuổi {n}", parent=district["nhan_ly"]).save()
    db = get_db()
    db.system.profile.drop()  # what earlier tests profiled
    db.command("profile", 2)
    try:
        page = admin_client.get("/admin/household/").get_data(as_text=True)
    finally:
        db.command("profile", 0)
    reads = [e["command"] for e in db.system.profile.find({"ns": f"{db.name}.units"})]
    db.system.profile.drop()
    assert reads == []  # no household, so no unit to name either
    group = data_of(page, "filter-groups-data")["Thuộc đơn vị"]
    assert [flt["options"] for flt in group] == [None]
    assert "Khuổi" not in page


def test_the_picker_offers_every_unit_hamlets_included(admin_client, district):
    offered = [label for _, label in picker(admin_client, "")]
    assert "Thôn Đoàn Kết (Xã Nam Quan)" in offered and "Xã Nhân Lý (Huyện Lộc Bình)" in offered
    assert [label for _, label in picker(admin_client, "doan ket")] == ["Thôn Đoàn Kết (Xã Nam Quan)"]


@pytest.mark.parametrize(
    "query, found",
    [
        ("xã nam quan", ["Xã Nam Quan (Huyện Lộc Bình)"]),
        ("xa nam quan", ["Xã Nam Quan (Huyện Lộc Bình)"]),
        ("thon doan ket", ["Thôn Đoàn Kết (Xã Nam Quan)"]),
        ("Thôn Đoàn", ["Thôn Đoàn Kết (Xã Nam Quan)"]),
        ("huyen loc", ["Huyện Lộc Bình (Tỉnh Lạng Sơn)"]),
        ("thon ban", ["Thôn Bản Chành (Xã Nhân Lý)"]),
        ("ban chanh", ["Thôn Bản Chành (Xã Nhân Lý)"]),
        ("xa doan ket", []),
    ],
)
def test_search_finds_units_by_their_kind_words(admin_client, district, query, found):
    assert [label for _, label in picker(admin_client, query)] == found


def test_the_unit_list_search_reads_kind_words(admin_client, district):
    page = admin_client.get("/admin/unit/?search=xã+nam+quan").get_data(as_text=True)
    assert "06526" in page and "06527" not in page
    page = admin_client.get("/admin/unit/?search=thon").get_data(as_text=True)
    assert re.findall(r'<td class="col-code">\s*(\d+)', page) == ["0652701", "0652601", "0652602"]


def test_an_editor_narrows_households_to_one_hamlet(editor, district):
    Household(code="DK-1", head_name="Hà Thị Mai", hamlet=district["doan_ket"]).save()
    Household(code="NP-1", head_name="Lò Văn Pái", hamlet=district["na_pai"]).save()
    offered = {pk for pk, _ in picker(editor, "")}
    assert offered == {str(district[k].pk) for k in ("na_pai", "nam_quan", "doan_ket")}
    page = editor.get(f"/admin/household/?flt0_0={district['doan_ket'].pk}").get_data(as_text=True)
    assert "DK-1" in page and "NP-1" not in page
    chosen = json.loads(unit_filter_data(page)["chosen"])
    assert chosen == {str(district["doan_ket"].pk): "Thôn Đoàn Kết (Xã Nam Quan)"}


def test_an_out_of_scope_unit_is_named_nowhere(editor, district):
    Household(code="BC-1", head_name="Hà Thị Chành", hamlet=district["ban_chanh"]).save()
    assert picker(editor, "ban chanh") == []
    page = editor.get(f"/admin/household/?flt0_0={district['ban_chanh'].pk}").get_data(as_text=True)
    assert "Chành" not in page and "Nhân Lý" not in page
    assert json.loads(unit_filter_data(page)["chosen"]) == {}


@pytest.fixture
def scripted_label(app):
    fields = [
        FieldDefinition(key="ghi_chu", label=PAYLOAD, type="text", filterable=True),
        FieldDefinition(key="loai", label=QUOTED, type="text", filterable=True),
        FieldDefinition(key="nhom", label="Nhóm", type="choice", choices=[PAYLOAD, "Khác"], filterable=True),
    ]
    return FormDefinition(code="ho_them", name="Thông tin hộ", family="household", fields=fields).save()


def filter_index(page, label):
    groups = data_of(page, "filter-groups-data")
    return groups[label][0]["arg"]


def test_filter_names_staff_typed_reach_the_page_as_typed_and_only_as_text(
    admin_client, district, scripted_label
):
    page = admin_client.get("/admin/household/").get_data(as_text=True)
    groups = data_of(page, "filter-groups-data")
    assert {PAYLOAD, QUOTED, "Nhóm", "Thuộc đơn vị"} <= set(groups)
    menu = re.findall(r'<a href="#" class="dropdown-item filter">(.*?)</a>', page)
    assert [html.unescape(name) for name in menu if name.startswith(("&lt;", "Loai"))] == [PAYLOAD, QUOTED]
    arg = filter_index(page, PAYLOAD)
    page = admin_client.get(f"/admin/household/?flt0_{arg}=abc").get_data(as_text=True)
    assert [name for _, name, _ in data_of(page, "active-filters-data")] == [PAYLOAD]
    assert PAYLOAD not in page and QUOTED not in page
    # Flask-Admin's bs4_filters.js, which puts names in as HTML, is replaced by the console's copy.
    assert "bs4_filters.js" not in page and "/static/filters_safe.js?v=" in page


def test_in_a_browser_a_scripted_label_stays_text(live_server, browser_page, district, scripted_label):  # noqa: F811
    make_user("editor", role="editor", unit=district["nam_quan"])
    Household(
        code="DK-1", head_name="Hà Thị Mai", hamlet=district["doan_ket"], values={"ghi_chu": "abc"}
    ).save()
    page = browser_page
    violations = []
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('violation: ' + e.violatedDirective + ' ' + e.sourceFile + ':' + e.lineNumber));"
    )
    page.on(
        "console",
        lambda m: (
            ("Content Security Policy" in m.text or "violation:" in m.text) and violations.append(m.text)
        ),
    )
    page.goto(f"{live_server}/login")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server}/admin/household/")
    arg = filter_index(page.content(), PAYLOAD)
    quoted = filter_index(page.content(), QUOTED)
    choice = filter_index(page.content(), "Nhóm")
    hamlet = district["doan_ket"].pk
    page.goto(
        f"{live_server}/admin/household/?flt0_{arg}=abc&flt1_{choice}=Kh%C3%A1c&flt2_0={hamlet}&flt3_{quoted}=x"
    )
    page.wait_for_selector("#filter_form .filters tr")
    assert page.evaluate("typeof window.pwned") == "undefined"

    def active_labels():
        labels = page.locator("#filter_form a.remove-filter").all_inner_texts()
        return [label.replace("×", "").strip() for label in labels]

    assert active_labels() == [PAYLOAD, "Nhóm", "Thuộc đơn vị", QUOTED]
    # The choice filter lists its options as text; the unit filter names the chosen hamlet.
    options = page.locator("#filter_form select.filter-val option").all_inner_texts()
    assert PAYLOAD in options
    assert page.locator("#filter_form .select2-chosen").all_inner_texts()[-2] == "Thôn Đoàn Kết (Xã Nam Quan)"
    # The menu names the filters as typed; picked from it, they read the same in their rows.
    page.click("text=Thêm bộ lọc")
    menu = [name.strip() for name in page.locator(".field-filters a.filter").all_inner_texts()]
    assert PAYLOAD in menu and QUOTED in menu
    page.locator(".field-filters a.filter", has_text=QUOTED).click()
    page.click("text=Thêm bộ lọc")
    page.locator(".field-filters a.filter", has_text="<img").click()
    assert active_labels()[-2:] == [QUOTED, PAYLOAD]
    assert page.evaluate("typeof window.pwned") == "undefined"
    # The unit filter added from the menu becomes a search box.
    page.click("text=Thêm bộ lọc")
    page.locator("a.filter", has_text="Thuộc đơn vị").click()
    page.locator("#filter_form .select2-container").last.click()
    page.keyboard.type("thon na")
    page.wait_for_selector(".select2-result-label:has-text('Thôn Nà Pái')")
    assert page.evaluate("typeof window.pwned") == "undefined"
    # Applying the filters sends them back as typed.
    page.keyboard.press("Escape")
    page.locator("#filter_form button[type=submit]").click()
    page.wait_for_selector("#filter_form .filters tr")
    assert active_labels()[:4] == [PAYLOAD, "Nhóm", "Thuộc đơn vị", QUOTED]
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert violations == []
