"""The home page's panel of localities: the account's unit today, its coverage figures and chart,
this month's visit rate and those long without a visit, the worst gaps; no panel where nothing is
recorded."""

import re

from tests.conftest import make_user
from tests.test_breakthrough_tasks import signed_in
from tests.test_locality_assignments import place  # noqa: F401  (fixture)
from tests.test_locality_documents import season  # noqa: F401  (fixture)


def panel(client):
    page = client.get("/admin/").get_data(as_text=True)
    found = re.search(
        r'<section class="card mb-3 home-panel" data-panel="localities">(.*?)</section>', page, re.S
    )
    return found.group(1) if found else None


def figures(html):
    return [
        " ".join(re.sub(r"<[^>]+>", "", li).split())
        for li in re.findall(r'<li data-figure="\d">(.*?)</li>', html, re.S)
    ]


def test_the_panel_shows_the_accounts_unit_today(app, season):  # noqa: F811
    # Today (December 2026) every assignment of the season still runs; none has a visit since
    # April 2024: three due this month, none made, all three past the rule's two months.
    mine = panel(signed_in(app, "xa"))
    assert "Phụ trách địa bàn của xã Nam Quan" in mine
    assert figures(mine) == [
        "Xã, phường, thị trấn có lãnh đạo cấp trên phụ trách: 1/1 (100%)",
        "Thôn, tổ dân phố có lãnh đạo cấp trên phụ trách: 1/2 (50%)",
        "Thôn, tổ dân phố có từ 2 cán bộ, công chức xã phụ trách: 0/2 (0%)",
        "Hộ gia đình có đảng viên phụ trách: 2/2 (100%)",
    ]
    assert 'phải về 3 lượt, đã về <span data-figure="made">0</span>;' in mine
    assert '<b data-figure="rate">0%</b>' in mine
    assert "3 trường hợp từ 2 tháng liền trở lên chưa về địa bàn" in mine
    # Those longest without a visit, each a link to its assignment.
    longest = re.search(r'<ul class="mb-1" data-panel="longest">(.*?)</ul>', mine, re.S).group(1)
    assert longest.count("<li") == 3 and longest.count('href="/admin/locality_assignment/details/') == 3
    assert "Thôn chưa có lãnh đạo cấp trên phụ trách: 1" in mine and "Nà Pái" in mine
    assert "<svg" in mine and "/admin/locality_coverage/" in mine and "/admin/locality_visits/" in mine
    assert panel(signed_in(app, "xem")) == mine  # a viewer of the commune sees the same

    make_user()
    # An admin sees the first top unit, the province: Nhân Lý and Bản Chành have nobody.
    province = figures(panel(signed_in(app, "admin")))
    assert province[:2] == [
        "Xã, phường, thị trấn có lãnh đạo cấp trên phụ trách: 1/2 (50%)",
        "Thôn, tổ dân phố có lãnh đạo cấp trên phụ trách: 1/3 (33,3%)",
    ]
    # Nothing is recorded in Nhân Lý: no panel of zeros.
    assert panel(signed_in(app, "xakhac")) is None
