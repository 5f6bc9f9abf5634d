"""The report on models and work items (mo_hinh_phan_viec) against hand-counted data: its sentence
and counts (the summary's named query), the counts place by place (`by_place`, checked against a
count record by record), what is lacking, the annex, and the PDF read back."""

import datetime
from collections import Counter

from documents import LocalWork, Unit
from documents.local_work_summary import by_place
from exports import local_work
from exports import official_document as printing
from tests.conftest import district_committee
from tests.test_local_work import kinds, model  # noqa: F401  (fixture, helper)
from tests.test_local_work_summary import JUNE, year  # noqa: F401  (fixture)
from tests.test_locality_decision import pdf_text

PRINTED = datetime.date(2024, 7, 15)


def draft(unit, **parameters):
    body = district_committee(Unit.objects(kind="huyen").first())
    values = {"year": 2024, "date": "2024-06-30", **parameters}
    return printing.new_draft("mo_hinh_phan_viec", body, unit, parameters=values)


def by_hand(unit, year, day):  # noqa: F811
    """{(place id, group): (total, finished)} worked out record by record, the place being the
    commune under a district, the hamlet (None: no hamlet) under a commune."""
    field = "hamlet" if unit.kind == "xa" else "commune"
    counted = Counter()
    for work in LocalWork.objects(ancestors=unit.pk, year=year):
        place = work._data.get(field)
        key = (place.id if place else None, "models" if work.category == "mo_hinh" else "work_items")
        counted[key, "total"] += 1
        counted[key, "finished"] += work.state_on(day) == "finished"
    return {key: n for key, n in counted.items() if n}


def by_query(rows):
    return {
        ((row.place.pk if row.place else None, group), what): n
        for row in rows
        for group, counts in row.groups.items()
        for what, n in (("total", counts.total), ("finished", counts.states["finished"]))
        if n
    }


def test_by_place_counts_every_commune_and_every_hamlet(district, year):  # noqa: F811
    under_district = by_place(district["district"], 2024, day=JUNE)
    assert [row.place.name for row in under_district] == ["Nam Quan", "Nhân Lý"]
    assert by_query(under_district) == by_hand(district["district"], 2024, JUNE)
    nam_quan = by_place(district["nam_quan"], 2024, day=JUNE)
    # Both hamlets, Nà Pái with nothing, then the row of the model run in no hamlet.
    assert [row.place.name if row.place else None for row in nam_quan] == ["Đoàn Kết", "Nà Pái", None]
    assert by_query(nam_quan) == by_hand(district["nam_quan"], 2024, JUNE)
    assert [(r.groups["models"].total, r.groups["work_items"].total) for r in nam_quan] == [
        (3, 1),
        (0, 0),
        (1, 0),
    ]
    hamlet = by_place(district["doan_ket"], 2024, day=JUNE)  # a hamlet: its own row
    assert [(row.place.name, row.groups["models"].total) for row in hamlet] == [("Đoàn Kết", 3)]


def test_the_report_of_a_district_by_hand(district, year):  # noqa: F811
    document = draft(district["district"])
    assert document.summary == (
        "kết quả thực hiện các mô hình, công trình, phần việc năm 2024 của huyện Lộc Bình, "
        "tính đến ngày 30/06/2024"
    )
    assert document.document_type == "BC"
    data = printing.snapshot(document, PRINTED)["data"]
    assert (data["year"], data["day"]) == (2024, "30/06/2024")
    assert data["sentence"].startswith("1/5 mô hình hoàn thành kế hoạch năm, 1/5 đảm bảo tiến độ")
    assert data["counts"] == [["Mô hình", 5, 1, 1, 1, 2], ["Công trình, phần việc", 1, 0, 1, 0, 0]]
    assert data["places"] == [["Nam Quan", 4, 1, 1, 0], ["Nhân Lý", 1, 0, 0, 0]]
    assert (data["communes_without_count"], data["hamlets_without_count"]) == (0, 2)
    assert data["hamlets_without"] == ["Bản Chành (xã Nhân Lý)", "Nà Pái (xã Nam Quan)"]
    assert data["lagging"] == [
        "D (Đoàn Kết, Nam Quan): chưa triển khai",
        "E (Đoàn Kết, Nam Quan): chưa triển khai",
        "C (Bản Chành, Nhân Lý): chậm tiến độ",
    ]
    # The annex: every record of 2024 (not F of 2023), by commune, the models first, by hamlet.
    rows = data["table"]["rows"]
    assert [(row[0], row[1], row[3], row[6]) for row in rows] == [
        (1, "B", "Nam Quan", "Đảm bảo tiến độ"),
        (2, "A", "Đoàn Kết, Nam Quan", "Hoàn thành"),
        (3, "D", "Đoàn Kết, Nam Quan", "Chưa triển khai"),
        (4, "E", "Đoàn Kết, Nam Quan", "Chưa triển khai"),
        (5, "Đường", "Đoàn Kết, Nam Quan", "Đảm bảo tiến độ"),
        (6, "C", "Bản Chành, Nhân Lý", "Chậm tiến độ"),
    ]
    assert [row[2] for row in rows][:2] == ["Mô hình bảo vệ rừng và nuôi dê"] * 2
    assert [row[5] for row in rows] == ["60%", "100%", "chưa có", "chưa có", "50%", "40%"]
    assert local_work.rows(document) == 6 + 5  # six records, five units below the district


def test_the_report_of_a_commune_counts_its_hamlets(district, year):  # noqa: F811
    data = printing.snapshot(draft(district["nam_quan"]), PRINTED)["data"]
    assert data["unit"] == "xã Nam Quan"
    assert data["by_hamlet"] is True
    assert data["places"] == [
        ["Đoàn Kết", 3, 1, 1, 0],
        ["Nà Pái", 0, 0, 0, 0],
        ["Chung toàn xã (không gắn thôn)", 1, 0, 0, 0],
    ]
    assert data["hamlets_without"] == ["Nà Pái"]
    assert [row[1] for row in data["table"]["rows"]] == ["B", "A", "D", "E", "Đường"]


def test_a_year_over_is_judged_on_its_last_day(district, year):  # noqa: F811
    document = draft(district["district"], date=None)
    assert document.summary.endswith("năm 2024 của huyện Lộc Bình")
    data = printing.snapshot(document, datetime.date(2025, 2, 1))["data"]
    assert data["day"] == "31/12/2024"
    # The road's check-in of 10/7 is counted now: finished; nobody is on schedule any more.
    assert data["counts"] == [["Mô hình", 5, 1, 0, 2, 2], ["Công trình, phần việc", 1, 1, 0, 0, 0]]


def test_a_year_with_nothing_says_so(district, kinds):  # noqa: F811
    data = printing.snapshot(draft(district["district"], year=2023, date=None), PRINTED)["data"]
    assert data["counts"] == [["Mô hình", 0, 0, 0, 0, 0], ["Công trình, phần việc", 0, 0, 0, 0, 0]]
    assert data["communes_without"] == ["xã Nam Quan", "xã Nhân Lý"]
    assert data["table"]["rows"] == []


def test_the_pdf_reads_back(district, year):  # noqa: F811
    text = pdf_text(printing.preview(draft(district["district"]).save(), PRINTED))
    assert "BÁO CÁO kết quả thực hiện các mô hình, công trình, phần việc năm 2024 của huyện Lộc Bình" in text
    assert "Năm 2024, tính đến ngày 30/06/2024, huyện Lộc Bình có 1/5 mô hình hoàn thành kế hoạch năm" in text
    assert "II. KẾT QUẢ THEO XÃ, PHƯỜNG" in text
    assert "Thôn, tổ dân phố chưa có công trình, phần việc trong năm: 2 (Bản Chành (xã Nhân Lý)" in text
    assert "Mô hình chậm tiến độ hoặc chưa triển khai: 3" in text
    assert "Danh sách mô hình, công trình, phần việc năm 2024" in text
    assert "Bản Chành, Nhân Lý" in text
