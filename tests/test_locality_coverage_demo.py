"""The coverage of the demo's Lộc Bình on 30 June 2024 gives article 04's figures (loading the demo
takes a while: one test, one load)."""

import time

from documents import Unit
from documents import locality_coverage as coverage
from documents.demo import AS_OF, DISTRICT, load_demo
from documents.locality_coverage import Figure
from tests.conftest import make_user
from tests.test_breakthrough_tasks import signed_in


def test_the_demo_gives_the_articles_coverage(app):
    load_demo(DISTRICT)
    loc_binh = Unit.objects.get(kind="huyen", name="Lộc Bình")
    nam_quan = Unit.objects.get(kind="xa", name="Nam Quan", parent=loc_binh)
    ai_quoc = Unit.objects.get(kind="xa", name="Ái Quốc", parent=loc_binh)
    doan_ket = Unit.objects.get(name="Đoàn Kết", parent=ai_quoc)

    started = time.perf_counter()
    district = coverage.report(loc_binh, AS_OF)
    took = time.perf_counter() - started
    assert district.communes == Figure(21, 21)
    assert district.hamlets == Figure(201, 201)
    assert district.hamlet_staff == Figure(201, 201)
    assert district.households == Figure(21_320, 21_320)
    assert str(district.households) == "21.320/21.320 (100%)"
    assert all(rows == [] for rows in district.gaps.values())
    assert took < 5, f"the district's coverage took {took:.2f} s"

    commune = coverage.coverage(nam_quan, AS_OF)
    assert (commune.communes, commune.hamlets) == (Figure(1, 1), Figure(9, 9))
    assert commune.hamlet_staff == Figure(9, 9) and commune.staff_needed == 2
    assert commune.households == Figure(603, 603)
    assert coverage.coverage(doan_ket, AS_OF).households == Figure(63, 63)

    # Before the decisions of 15/6/2022 nothing was covered; the totals are the same.
    before = coverage.coverage(loc_binh, AS_OF.replace(year=2022, month=6, day=14))
    assert [f for _, f in before.figures()] == [
        Figure(0, 21),
        Figure(0, 201),
        Figure(0, 201),
        Figure(0, 21_320),
    ]

    make_user()
    page = signed_in(app, "admin").get(
        "/admin/locality_coverage/", query_string={"unit": str(loc_binh.pk), "day": "30/06/2024"}
    )
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "21/21 (100%)" in text and "201/201 (100%)" in text and "21.320/21.320 (100%)" in text
    assert "data-gaps=" not in text
