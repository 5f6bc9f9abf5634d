"""Tỷ lệ về địa bàn: the month's rate for a unit the account sees, who has not visited where (the
flagged marked), the same figures as the named queries; a bad month told at the field, a unit out
of scope unknown."""

import re

from documents.locality_visits import not_visited, visit_rate
from tests.conftest import make_user
from tests.test_breakthrough_tasks import signed_in
from tests.test_locality_assignments import place  # noqa: F401  (fixture)
from tests.test_locality_documents import season  # noqa: F401  (fixture)

URL = "/admin/locality_visits/"


def shown(page, name):
    return int(re.search(rf'data-figure="{name}"[^>]*>([^<]*)<', page).group(1).replace(".", ""))


def test_the_month_of_a_commune(app, season):  # noqa: F811
    unit = season["nam_quan"]
    page = signed_in(app, "xa").get(f"{URL}?unit={unit.pk}&month=2024-04").get_data(as_text=True)
    rate, missing = visit_rate(unit, (2024, 4)), not_visited(unit, (2024, 4))
    # April 2024: three due (Phong at Đoàn Kết and at the commune, the officer at Đoàn Kết), none made.
    assert (shown(page, "made"), shown(page, "not_visited"), shown(page, "flagged")) == (0, 3, 1)
    assert (rate.made, missing.total, missing.flagged) == (0, 3, 1)
    assert "<b>0%</b>" in page and page.count('data-flagged="1"') == 1
    assert "3 tháng liền chưa về" in page and "Lý Thị Hoa" in page
    march = signed_in(app, "xem").get(f"{URL}?unit={unit.pk}&month=2024-03").get_data(as_text=True)
    assert (shown(march, "made"), shown(march, "not_visited")) == (2, 1)
    assert "<b>66,7%</b>" in march  # two of three
    assert shown(march, "counted") == 2 == visit_rate(unit, (2024, 3)).counted


def test_a_bad_month_is_told_at_the_field_and_other_units_are_unknown(app, season):  # noqa: F811
    xa = signed_in(app, "xa")
    page = xa.get(f"{URL}?unit={season['nam_quan'].pk}&month=2024-13")
    assert page.status_code == 200
    assert 'id="visits-month-error">Hãy chọn tháng' in page.get_data(as_text=True)
    later = xa.get(f"{URL}?unit={season['nam_quan'].pk}&month=2099-01").get_data(as_text=True)
    assert "Tháng không được sau tháng này" in later
    for unit in (season["nhan_ly"].pk, "not-an-id", "0" * 24):
        refused = xa.get(f"{URL}?unit={unit}&month=2024-04")
        assert refused.status_code == 404 and "Nhân Lý" not in refused.get_data(as_text=True)
    make_user()
    admin = signed_in(app, "admin").get(f"{URL}?unit={season['district'].pk}&month=2024-04")
    assert shown(admin.get_data(as_text=True), "not_visited") == 3


def test_a_hamlet_in_scope_has_its_month_too(app, season):  # noqa: F811
    hamlet = season["doan_ket"]
    page = signed_in(app, "xa").get(f"{URL}?unit={hamlet.pk}&month=2024-04")
    assert page.status_code == 200
    assert shown(page.get_data(as_text=True), "not_visited") == not_visited(hamlet, (2024, 4)).total
