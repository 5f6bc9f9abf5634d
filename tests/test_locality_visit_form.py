"""The visit form on a phone (390 px) in a real browser: from an assignment's page to a saved
visit with two support items, the total shown as it adds up and stored; and its picker offering
the running assignments first."""

import datetime
import json
from pathlib import Path

import pytest

from documents import LocalityVisit
from documents.official_document import vietnam_today
from tests.conftest import PASSWORD
from tests.test_breakthrough_tasks import signed_in
from tests.test_browser import browser_page, live_server  # noqa: F401  (fixtures)
from tests.test_locality_assignments import assign, place  # noqa: F401  (fixture, helper)

pytestmark = [
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]
OUT = Path(__file__).parent.parent / "var" / "test-output"
DAY = datetime.date


def sign_in(page, server, username):
    page.goto(f"{server}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/**")


@pytest.mark.parametrize("width", [390, 1280])
def test_a_visit_is_entered_on_a_phone_with_its_support_adding_up(
    live_server,  # noqa: F811
    browser_page,  # noqa: F811
    place,  # noqa: F811
    width,
):
    done = assign(place, unit="doan_ket")
    page = browser_page
    page.on("dialog", lambda dialog: dialog.accept())  # "Xóa dòng hỗ trợ này?"
    page.set_viewport_size({"width": width, "height": 844})
    OUT.mkdir(parents=True, exist_ok=True)
    sign_in(page, live_server, "xa")

    page.goto(f"{live_server}/admin/locality_assignment/details/?id={done.pk}")
    with page.expect_navigation():
        page.click("[data-new-visit]")
    assert "/admin/locality_visit/new/" in page.url
    # Filled already: the assignment the link came from, and today.
    assert page.locator("#s2id_assignment .select2-chosen").inner_text().startswith("Vi Văn Phong")
    assert page.input_value("#day") == f"{vietnam_today():%d/%m/%Y}"
    page.click("label:has-text('Nắm tình hình')")
    page.fill("#learned", "Chi bộ nhiều năm không kết nạp được đảng viên mới.")
    page.click("#support-button")
    page.fill("input[name='support-0-kind']", "Loa đài")
    page.fill("input[name='support-0-quantity']", "2")
    page.fill("input[name='support-0-measure']", "chiếc")
    page.fill("input[name='support-0-value']", "6.000.000")
    page.click("#support-button")
    page.fill("input[name='support-1-kind']", "Cờ Tổ quốc")
    page.fill("input[name='support-1-quantity']", "63")
    page.fill("input[name='support-1-value']", "3150000")
    total = page.locator("[data-support-total] output")
    assert total.inner_text() == "9.150.000"
    page.screenshot(path=OUT / f"visit-form-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if width == 390:
        # Targets a thumb can hit: the choices, the add button, the save button.
        for selector in ("label:has-text('Nắm tình hình')", "#support-button", "input[type=submit]"):
            assert page.locator(selector).first.bounding_box()["height"] >= 44
    # A row removed leaves the total of the other.
    page.locator("#support-1 .inline-remove-field").click()
    assert total.inner_text() == "6.000.000"
    page.click("#support-button")
    page.fill("input[name='support-1-kind']", "Cờ Tổ quốc")
    page.fill("input[name='support-1-value']", "3,150.000")  # unreadable: said, not counted
    assert total.inner_text() == "6.000.000" and "chưa đọc được" in page.inner_text("[data-support-total]")
    page.fill("input[name='support-1-value']", "3.150.000")
    assert total.inner_text() == "9.150.000"
    with page.expect_navigation():
        page.locator("input[type=submit]").first.click()
    # Back on the assignment's page the visit was started from.
    assert f"/admin/locality_assignment/details/?id={done.pk}" in page.url

    visit = LocalityVisit.objects.get()
    assert (visit.assignment.pk, visit.day, visit.purpose) == (done.pk, vietnam_today(), "nam_tinh_hinh")
    assert [(item.kind, item.value) for item in visit.support] == [
        ("Loa đài", 6_000_000),
        ("Cờ Tổ quốc", 3_150_000),
    ]
    assert visit.support_value == 9_150_000

    page.goto(f"{live_server}/admin/locality_visit/edit/?id={visit.pk}")
    assert page.locator("[data-support-total] output").inner_text() == "9.150.000"
    assert page.locator("#purpose-2").is_checked()
    page.screenshot(path=OUT / f"visit-edit-{width}.png", full_page=True)


def test_the_picker_offers_running_assignments_first(app, place):  # noqa: F811
    ended = assign(place, unit="na_pai", end=DAY(2023, 12, 31))
    hamlet = assign(place, who="officer", unit="doan_ket")
    commune = assign(place, who="officer", unit="nam_quan")
    elsewhere = assign(place, unit="ban_chanh")
    xa = signed_in(app, "xa")
    url = "/admin/locality_visit/ajax/lookup/?name=assignment&query="
    offered = json.loads(xa.get(url).get_data(as_text=True))
    assert [pk for pk, _ in offered] == [str(hamlet.pk), str(commune.pk), str(ended.pk)]
    assert offered[0][1] == "Lý Thị Hoa – hỗ trợ Thôn Đoàn Kết, xã Nam Quan"
    assert offered[1][1] == "Lý Thị Hoa – hỗ trợ Xã Nam Quan"
    assert offered[2][1] == "Vi Văn Phong – hỗ trợ Thôn Nà Pái, xã Nam Quan (đến 31/12/2023)"
    # Paged as the box scrolls: the second page starts where the first ended, across the phases.
    pages = [json.loads(xa.get(f"{url}&offset={n}&limit=1").get_data(as_text=True)) for n in range(4)]
    assert [row[0][0] if row else None for row in pages] == [
        str(hamlet.pk),
        str(commune.pk),
        str(ended.pk),
        None,
    ]
    assert str(elsewhere.pk) not in {pk for pk, _ in offered}
    # A link naming an assignment out of scope fills nothing.
    form = xa.get(f"/admin/locality_visit/new/?assignment={elsewhere.pk}").get_data(as_text=True)
    assert str(elsewhere.pk) not in form and "Bản Chành" not in form
