"""Every figure the organization report and the cadre list print, read back from the gathered data
and from the PDF text, against counts made here with raw pymongo (not the documents' queries),
the households and population from the household records, the units' declared statistics named
in words where they differ; and the demo's names, which never repeat their kind word ("Bản Bản
Ngần")."""

import datetime
import io
import re

import pytest
from mongoengine.connection import get_db
from mongoengine.context_managers import query_counter
from pypdf import PdfReader

from documents import Household, IssuingBody, PartyOrganization, Person, Unit
from documents.demo import DISTRICT, load_demo
from exports import official_document as printing
from tests.conftest import district_committee

DAY = datetime.date(2026, 3, 5)
DATE_LINE = "ngày 05 tháng 3 năm 2026"
# The words the documents print for each stored kind and category.
UNIT_KIND = {"xa": "Xã", "thi_tran": "Thị trấn", "thon": "Thôn", "ban": "Bản", "khu_pho": "Khu phố"}
PARTY_KIND = {
    "dang_bo_huyen": "đảng bộ huyện",
    "dang_bo_co_so": "đảng bộ cơ sở",
    "chi_bo_co_so": "chi bộ cơ sở",
    "chi_bo": "chi bộ",
}
CATEGORY = {
    "can_bo": "cán bộ",
    "cong_chuc": "công chức",
    "khong_chuyen_trach": "người hoạt động không chuyên trách",
    "dang_vien": "đảng viên không phải cán bộ, công chức, người hoạt động không chuyên trách",
    "quan_chung": "quần chúng",
}
OFFICIALS = ("can_bo", "cong_chuc", "khong_chuyen_trach")


def vn(number):
    return f"{number:,}".replace(",", ".")


def body(unit):
    """The district committee (the demo has its own)."""
    found = IssuingBody.objects(abbreviation="HU", unit=unit).first()
    return found or district_committee(unit)


def pdf_text(data):
    """The PDF's text on one line, without the page numbers printed at the top of pages 2 on."""
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    pages = [pages[0], *(re.sub(r"\n\d+\s*$", "", page) for page in pages[1:])]
    return " ".join(" ".join(pages).split())


# A district built by hand: two agency cells and the district committee at the district, a town
# and a commune with their committees, hamlet cells, a hamlet without a cell, a cell of a commune
# school, a member living in a hamlet who attends an agency cell and one living outside the
# district who attends another. The town's hamlet and Đoàn Kết have the household records their
# statistics declare; Khòn Mùn has one record more (a household added after its statistic, as
# Nặm Mùn's 42 against 40) and Nà Pầy's households are not entered yet.


@pytest.fixture
def tree(app):
    province = Unit(kind="tinh", code="20", name="Lạng Sơn").save()
    district = Unit(kind="huyen", code="186", name="Lộc Bình", parent=province).save()
    town = Unit(kind="thi_tran", code="TT", name="Lộc Bình", parent=district).save()
    commune = Unit(kind="xa", code="NQ", name="Nam Quan", parent=district).save()

    def hamlet(kind, code, name, parent, households, population, sizes, disadvantaged=False):
        unit = Unit(
            kind=kind,
            code=code,
            name=name,
            parent=parent,
            households=households,
            population=population,
            disadvantaged=disadvantaged,
        ).save()
        for n, size in enumerate(sizes, 1):
            Household(code=f"{code}-{n}", head_name=f"Chủ hộ {code}-{n}", hamlet=unit, size=size).save()
        return unit

    minh_khai = hamlet("khu_pho", "TT1", "Minh Khai", town, 3, 13, [4, 4, 5])
    doan_ket = hamlet("thon", "NQ1", "Đoàn Kết", commune, 4, 17, [5, 4, 4, 4], disadvantaged=True)
    khon_mun = hamlet("ban", "NQ2", "Khòn Mùn", commune, 2, 9, [3, 3, 4], disadvantaged=True)
    na_pay = hamlet("thon", "NQ3", "Nà Pầy", commune, 3, 12, [])

    def organization(kind, name, unit, parent=None):
        return PartyOrganization(kind=kind, name=name, unit=unit, parent=parent).save()

    province_committee = organization("dang_bo_tinh", "Đảng bộ tỉnh Lạng Sơn", province)
    committee = organization("dang_bo_huyen", "Đảng bộ huyện Lộc Bình", district, province_committee)
    office = organization("chi_bo_co_so", "Chi bộ Văn phòng Huyện ủy", district, committee)
    treasury = organization("chi_bo_co_so", "Chi bộ Kho bạc", district, committee)
    town_committee = organization("dang_bo_co_so", "Đảng bộ thị trấn Lộc Bình", town, committee)
    minh_khai_cell = organization("chi_bo", "Chi bộ khu phố Minh Khai", minh_khai, town_committee)
    commune_committee = organization("dang_bo_co_so", "Đảng bộ xã Nam Quan", commune, committee)
    school = organization("chi_bo", "Chi bộ Trường Tiểu học", commune, commune_committee)
    doan_ket_cell = organization("chi_bo", "Chi bộ thôn Đoàn Kết", doan_ket, commune_committee)
    khon_mun_cell = organization("chi_bo", "Chi bộ bản Khòn Mùn", khon_mun, commune_committee)

    names = iter(f"Người {n:03d}" for n in range(1, 1000))

    def people(count, unit, category, cell=None, gender="nam", ethnicity="Nùng"):
        for _ in range(count):
            Person(
                full_name=next(names),
                gender=gender,
                birth_year=1980,
                ethnicity=ethnicity,
                category=category,
                unit=unit,
                party_organization=cell,
                admitted_on=datetime.date(2005, 5, 19) if cell else None,
            ).save()

    people(1, province, "can_bo", province_committee)  # outside the district
    people(2, district, "can_bo", office, gender="nu", ethnicity="Kinh")
    people(2, district, "cong_chuc", treasury)
    people(1, district, "cong_chuc")  # a civil servant who is not a member
    people(1, province, "cong_chuc", treasury)  # lives outside, attends in the district
    people(1, doan_ket, "dang_vien", office)  # lives in a hamlet, attends an agency cell
    people(3, town, "can_bo", town_committee)
    people(5, minh_khai, "dang_vien", minh_khai_cell, gender="nu")
    people(4, commune, "can_bo", commune_committee, ethnicity="Tày")
    people(2, commune, "khong_chuyen_trach")
    people(3, commune, "cong_chuc", school, ethnicity="Kinh")
    people(6, doan_ket, "dang_vien", doan_ket_cell)
    people(1, doan_ket, "khong_chuyen_trach", doan_ket_cell, gender="nu")
    people(4, khon_mun, "dang_vien", khon_mun_cell, ethnicity="Dao")
    people(2, na_pay, "dang_vien", doan_ket_cell)  # a hamlet without a cell of its own
    people(3, na_pay, "quan_chung")  # neither listed nor counted
    return {"district": district, "town": town, "commune": commune}


# Independent counts: raw pymongo, from the stored collections.


def registry_of(db, unit_ids):
    """(household records in the hamlets `unit_ids`, their Số nhân khẩu added up)."""
    rows = list(
        db.households.aggregate(
            [
                {"$match": {"hamlet": {"$in": list(unit_ids)}}},
                {"$group": {"_id": None, "n": {"$sum": 1}, "people": {"$sum": "$size"}}},
            ]
        )
    )
    return (rows[0]["n"], rows[0]["people"]) if rows else (0, 0)


def members_by_organization_place(db):
    """{unit id: members of the party organizations placed at that unit}, through a $lookup."""
    rows = db.people.aggregate(
        [
            {"$match": {"party_organization": {"$ne": None}}},
            {
                "$lookup": {
                    "from": "party_organizations",
                    "localField": "party_organization",
                    "foreignField": "_id",
                    "as": "organization",
                }
            },
            {"$unwind": "$organization"},
            {"$group": {"_id": "$organization.unit", "n": {"$sum": 1}}},
        ]
    )
    return {row["_id"]: row["n"] for row in rows}


def expected_report(db, district_id):
    """What the organization report must print, counted from the collections."""
    members_at = members_by_organization_place(db)
    units = {u["_id"]: u for u in db.units.find()}

    def inside(place, unit_id):
        return unit_id == place or place in units[unit_id].get("ancestors", [])

    def organizations_in(place):
        return list(
            db.party_organizations.find({"unit": {"$in": [u for u in units if inside(place, u)]}}).sort(
                "sort_name"
            )
        )

    def members_in(place):
        return sum(n for unit_id, n in members_at.items() if inside(place, unit_id))

    communes = list(db.units.find({"parent": district_id}).sort("sort_name"))
    commune_ids = [c["_id"] for c in communes]
    hamlets = list(db.units.find({"parent": {"$in": commune_ids}}))
    at_district = list(db.party_organizations.find({"unit": district_id}))
    households, population = registry_of(db, [h["_id"] for h in hamlets])
    declared = (sum(h["households"] for h in hamlets), sum(h["population"] for h in hamlets))
    report = {
        "communes": len(communes),
        "commune_kinds": count_words(UNIT_KIND[c["kind"]].lower() for c in communes),
        "hamlets": len(hamlets),
        "hamlet_kinds": count_words(UNIT_KIND[h["kind"]].lower() for h in hamlets),
        "households": households,
        "population": population,
        # The units' declared statistics, printed in words when they are not the records'.
        "declared": declared if declared != (households, population) else None,
        "disadvantaged": db.units.count_documents({"parent": {"$in": commune_ids}, "disadvantaged": True}),
        "organizations": db.party_organizations.count_documents({"ancestors": district_id}),
        "party_kinds": count_words(
            PARTY_KIND[o["kind"]] for o in db.party_organizations.find({"ancestors": district_id})
        ),
        "members": members_in(district_id),
        "district_organizations": len(at_district),
        "district_kinds": count_words(PARTY_KIND[o["kind"]] for o in at_district),
        "district_members": members_at.get(district_id, 0),
        "by_residence": db.people.count_documents(
            {"ancestors": district_id, "party_organization": {"$ne": None}}
        ),
        "communes_rows": [],
    }
    for commune in communes:
        own = list(db.units.find({"parent": commune["_id"]}).sort("sort_name"))
        rows = []
        for hamlet in own:
            cells = [o["name"] for o in organizations_in(hamlet["_id"])]
            rows.append((hamlet, cells, members_in(hamlet["_id"]), registry_of(db, [hamlet["_id"]])))
        counted = registry_of(db, [h["_id"] for h in own])
        stated = (sum(h["households"] for h in own), sum(h["population"] for h in own))
        differing = [(commune, stated)] if stated != counted else []
        differing += [
            (h, (h["households"], h["population"]))
            for h, *_, registered in rows
            if (h["households"], h["population"]) != registered
        ]
        listed = {h["_id"] for h in own}
        others = [o for o in organizations_in(commune["_id"]) if o["unit"] not in listed]
        report["communes_rows"].append(
            {
                "name": f"{UNIT_KIND[commune['kind']]} {commune['name']}",
                "figures": [
                    len(own),
                    sum(bool(h.get("disadvantaged")) for h in own),
                    *counted,
                    len(organizations_in(commune["_id"])),
                    members_in(commune["_id"]),
                ],
                "hamlets": rows,
                "others": [(o["name"], _members_of(db, o["_id"])) for o in others],
                "declared": [
                    (f"{UNIT_KIND[u['kind']].lower()} {u['name']}", *figures) for u, figures in differing
                ],
            }
        )
    return report


def _members_of(db, organization_id):
    return db.people.count_documents({"party_organization": organization_id})


def count_words(words):
    counts = {}
    for word in words:
        counts[word] = counts.get(word, 0) + 1
    return counts


def parse_counts(listed):
    """'20 xã, 1 thị trấn' -> {'xã': 20, 'thị trấn': 1}."""
    found = {}
    for part in listed.split(", "):
        number, word = part.split(" ", 1)
        found[word] = int(number.replace(".", ""))
    return found


class Reading:
    """The document's text, each expected passage struck out as it is found."""

    def __init__(self, text):
        self.text = text

    def take(self, pattern):
        match = re.search(pattern, self.text)
        assert match, f"not printed: {pattern}\n--- in ---\n{self.text[:3000]}"
        self.text = self.text[: match.start()] + " " + self.text[match.end() :]
        return match

    def figures_left(self):
        return re.findall(r"\d[\d.]*", self.text)


def check_report(document, expected):
    """The gathered data and the PDF text both hold every expected figure, and the PDF no other."""
    data = printing.snapshot(document, DAY)["data"]
    totals = data["totals"]
    assert [
        data["communes"],
        totals["hamlets"],
        totals["households"],
        totals["population"],
        totals["disadvantaged"],
        totals["organizations"],
        totals["members"],
    ] == [
        expected[k]
        for k in (
            "communes",
            "hamlets",
            "households",
            "population",
            "disadvantaged",
            "organizations",
            "members",
        )
    ]
    assert data["district_level"]["members"] == expected["district_members"]
    rows = {row[1]: row[2:] for row in data["table"]["rows"]}
    for commune in expected["communes_rows"]:
        assert rows[commune["name"]] == commune["figures"], commune["name"]
    figures = ("hamlets", "disadvantaged", "households", "population", "organizations", "members")
    assert data["table"]["total"][2:] == [expected[k] for k in figures]

    text = Reading(pdf_text(printing.preview(document, DAY)))
    e = expected
    text.take(re.escape(DATE_LINE))
    first = text.take(
        rf"Toàn huyện Lộc Bình có {e['communes']} đơn vị hành chính cấp xã \(([^)]*)\) với "
        rf"{vn(e['hamlets'])} thôn, tổ dân phố \(([^)]*)\); {vn(e['households'])} hộ, "
        rf"{vn(e['population'])} nhân khẩu; "
        rf"{vn(e['disadvantaged'])} thôn đặc biệt khó khăn\."
    )
    assert parse_counts(first[1]) == e["commune_kinds"]
    assert parse_counts(first[2]) == e["hamlet_kinds"]
    registry = "Số hộ, số nhân khẩu được tổng hợp từ hồ sơ hộ gia đình đang quản lý \\(mỗi hộ một hồ sơ\\)"
    if e["declared"]:
        text.take(
            rf"{registry}; theo số liệu thống kê do các đơn vị khai báo, toàn huyện Lộc Bình có "
            rf"{vn(e['declared'][0])} hộ, {vn(e['declared'][1])} nhân khẩu \(chi tiết tại phụ lục\)\."
        )
    else:
        text.take(rf"{registry}\.")
    assert "số liệu thống kê do các đơn vị khai báo" not in text.text
    communes_members = e["members"] - e["district_members"]
    communes_organizations = e["organizations"] - e["district_organizations"]
    assert communes_members == sum(c["figures"][5] for c in e["communes_rows"])
    assert communes_organizations == sum(c["figures"][4] for c in e["communes_rows"])
    party = text.take(
        rf"Về tổ chức đảng: toàn huyện Lộc Bình có {vn(e['organizations'])} tổ chức đảng \(([^)]*)\) với "
        rf"{vn(e['members'])} đảng viên sinh hoạt; trong đó các xã, thị trấn có {vn(communes_organizations)} "
        rf"tổ chức đảng với {vn(communes_members)} đảng viên, cấp huyện có {vn(e['district_organizations'])} "
        rf"tổ chức đảng \(([^)]*)\) với {vn(e['district_members'])} đảng viên\. "
        r"Đảng viên được tính theo tổ chức đảng nơi sinh hoạt: đảng viên của tổ chức đảng đặt tại xã, "
        r"thôn nào thì được tính cho xã, thôn đó, không tính theo nơi ở\."
    )
    assert parse_counts(party[1]) == e["party_kinds"]
    assert parse_counts(party[2]) == e["district_kinds"]
    residence = r"Tính theo nơi ở, nơi công tác \(như danh sách cán bộ, đảng viên\), huyện Lộc Bình có"
    if e["by_residence"] != e["members"]:
        text.take(rf"{residence} {vn(e['by_residence'])} đảng viên\.")
    assert not re.search(residence, text.text)
    for number, commune in enumerate(e["communes_rows"], 1):
        figures = " ".join(vn(n) for n in commune["figures"])
        text.take(rf"\b{number} {re.escape(commune['name'])} {figures}\b")
    text.take(rf"Cấp huyện {vn(e['district_organizations'])} {vn(e['district_members'])}\b")
    text.take(
        rf"Toàn huyện {vn(e['hamlets'])} {vn(e['disadvantaged'])} {vn(e['households'])} "
        rf"{vn(e['population'])} {vn(e['organizations'])} {vn(e['members'])}\b"
    )
    for number, commune in enumerate(e["communes_rows"], 1):
        text.take(rf"\b{number}\. {re.escape(commune['name'])} ")
        for row, (hamlet, cells, members, (households, population)) in enumerate(commune["hamlets"], 1):
            cells_text = f" {re.escape(', '.join(cells))}" if cells else ""
            mark = " x" if hamlet.get("disadvantaged") else ""
            text.take(
                rf"\b{row} {re.escape(UNIT_KIND[hamlet['kind']])} {re.escape(hamlet['name'])} "
                rf"{vn(households)} {vn(population)}{mark}{cells_text} {vn(members)}\b"
            )
        hamlet_members = sum(members for _, _, members, _ in commune["hamlets"])
        hamlet_organizations = sum(len(cells) for _, cells, _, _ in commune["hamlets"])
        h, d, households, population, organizations, members = commune["figures"]
        text.take(rf"Cộng {vn(households)} {vn(population)} {vn(d)} {vn(hamlet_members)}\b")
        others = commune["others"]
        assert hamlet_members + sum(n for _, n in others) == members
        assert hamlet_organizations + len(others) == organizations
        start = (
            rf"{re.escape(commune['name'])} có {vn(organizations)} tổ chức đảng với {vn(members)} đảng viên"
        )
        if commune["declared"]:
            stated = "; ".join(
                f"{re.escape(name)} {vn(h)} hộ, {vn(p)} nhân khẩu" for name, h, p in commune["declared"]
            )
            text.take(
                rf"Số liệu thống kê do đơn vị khai báo, khác số tổng hợp từ hồ sơ hộ gia đình ở bảng trên: "
                rf"{stated}\."
            )
        if not others:
            text.take(rf"{start}, đều ở các thôn, tổ dân phố trên\.")
            continue
        named = (
            re.escape(others[0][0])
            if len(others) == 1
            else "; ".join(rf"{re.escape(name)}: {vn(n)}" for name, n in others)
        )
        text.take(
            rf"{start}: {vn(hamlet_members)} đảng viên của {vn(hamlet_organizations)} tổ chức đảng "
            rf"ở các thôn, tổ dân phố trên \(dòng Cộng\) và {vn(sum(n for _, n in others))} đảng viên "
            rf"sinh hoạt tại tổ chức đảng cấp xã \({named}\)\."
        )
    assert "khai báo" not in text.text
    assert text.figures_left() == []


def expected_cadre_list(db, unit_id):
    listed = {
        "ancestors": unit_id,
        "$or": [{"category": {"$ne": "quan_chung"}}, {"party_organization": {"$ne": None}}],
    }
    members = {"ancestors": unit_id, "party_organization": {"$ne": None}}
    return {
        "total": db.people.count_documents(listed),
        "categories": [
            (CATEGORY[value], n)
            for value in CATEGORY
            if (n := db.people.count_documents({**listed, "category": value}))
        ],
        "members": db.people.count_documents(members),
        "official_members": db.people.count_documents({**members, "category": {"$in": list(OFFICIALS)}}),
        "women": db.people.count_documents({**listed, "gender": "nu"}),
        "minorities": db.people.count_documents({**listed, "ethnicity": {"$nin": ["Kinh", None, ""]}}),
        "names": sorted(p["full_name"] for p in db.people.find(listed, {"full_name": 1})),
    }


def check_cadre_list(document, unit_words, expected, pdf=True):
    frozen = printing.snapshot(document, DAY)
    data = frozen["data"]
    counts = data["counts"]
    for key in ("total", "members", "official_members", "women", "minorities"):
        assert counts[key] == expected[key], key
    assert [(name.lower(), n) for name, n in counts["categories"]] == expected["categories"]
    assert sorted(row[1] for row in data["table"]["rows"]) == expected["names"]
    assert [row[0] for row in data["table"]["rows"]] == list(range(1, expected["total"] + 1))
    if pdf:
        text = pdf_text(printing.preview(document, DAY))
    else:  # the same template, printed as HTML: a long list's PDF takes a while
        html = printing.html(document, frozen, DAY, draft=True)
        text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    # The header's date and the body up to the annex (HTML: from the title's dashes, past <head>).
    text = text[: text.index("PHỤ LỤC")]
    reading = Reading(text if pdf else text[text.index("-----") :])
    if pdf:
        reading.take(re.escape(DATE_LINE))
    categories = "; ".join(f"{name} {vn(n)}" for name, n in expected["categories"])
    reading.take(
        rf"Tổng số cán bộ, đảng viên có nơi ở, nơi công tác thuộc {unit_words} là {vn(expected['total'])} "
        rf"người, gồm: {re.escape(categories)}\. Trong tổng số có {vn(expected['members'])} đảng viên "
        rf"\(kể cả {vn(expected['official_members'])} cán bộ, công chức, người hoạt động không chuyên trách "
        rf"là đảng viên\), {vn(expected['women'])} nữ và {vn(expected['minorities'])} người dân tộc "
        r"thiểu số\."
    )
    assert reading.figures_left() == []


def test_every_figure_of_the_organization_report_matches_the_collections(tree):
    db = get_db()
    document = printing.new_draft("bao_cao_to_chuc", body(tree["district"]), tree["district"]).save()
    expected = expected_report(db, tree["district"].pk)
    # The district's own organizations and their members are in the totals...
    assert (expected["district_organizations"], expected["district_members"]) == (3, 6)
    assert (expected["organizations"], expected["members"]) == (9, 34)
    # ...and members living elsewhere than they attend make the two definitions differ.
    assert expected["by_residence"] == 33
    # Households and population are the records' (10 households of 40 people), not the 12 and 51
    # the hamlets declared: Khòn Mùn declared 2 of its 3, Nà Pầy's 3 are not entered.
    assert (expected["households"], expected["population"], expected["declared"]) == (10, 40, (12, 51))
    nam_quan = next(c for c in expected["communes_rows"] if c["name"] == "Xã Nam Quan")
    assert nam_quan["figures"][2:4] == [7, 27]
    assert nam_quan["declared"] == [("xã Nam Quan", 9, 38), ("bản Khòn Mùn", 2, 9), ("thôn Nà Pầy", 3, 12)]
    town = next(c for c in expected["communes_rows"] if c["name"] == "Thị trấn Lộc Bình")
    assert town["declared"] == []
    assert (expected["households"], expected["population"]) == (
        db.households.count_documents({"ancestors": tree["district"].pk}),
        sum(h["size"] for h in db.households.find({"ancestors": tree["district"].pk})),
    )
    check_report(document, expected)


def test_the_organization_report_reads_households_in_one_query_whatever_the_number_of_hamlets(tree):
    """No query per commune or hamlet: a commune more, with hamlets and households, costs none."""
    district = tree["district"]
    document = printing.new_draft("bao_cao_to_chuc", body(district), district).save()

    def queries():
        with query_counter() as counter:
            printing.snapshot(document, DAY)
            return int(counter)  # read once: each read of the counter is itself a query

    before = queries()
    commune = Unit(kind="xa", code="TB", name="Tú Đoạn", parent=district).save()
    for n in range(3):
        hamlet = Unit(kind="thon", code=f"TB{n}", name=f"Thôn số {n}", parent=commune, households=1).save()
        Household(code=f"TB{n}-1", head_name=f"Chủ hộ số {n}", hamlet=hamlet, size=2).save()
    assert queries() == before
    assert printing.snapshot(document, DAY)["data"]["totals"]["households"] == 13


def test_every_figure_of_the_cadre_list_matches_the_collections(tree):
    db = get_db()
    for unit, words in ((tree["district"], "huyện Lộc Bình"), (tree["commune"], "xã Nam Quan")):
        document = printing.new_draft("danh_sach_can_bo", body(tree["district"]), unit).save()
        expected = expected_cadre_list(db, unit.pk)
        check_cadre_list(document, words, expected)
    # Nam Quan's list counts its members by where they live (the agency cell's member in Đoàn
    # Kết, the two of Nà Pầy), the report by where their organization is.
    assert expected["members"] == 21
    report = expected_report(db, tree["district"].pk)
    nam_quan = next(c for c in report["communes_rows"] if c["name"] == "Xã Nam Quan")
    assert nam_quan["figures"][5] == 20


def test_the_demo_district_reports_agree_or_say_why_and_its_names_repeat_no_kind_word(app):
    """One test, as loading the demo takes a while."""
    load_demo(DISTRICT)
    db = get_db()
    district = Unit.objects.get(code="LB")
    party = body(district)
    report = printing.new_draft("bao_cao_to_chuc", party, district).save()
    expected = expected_report(db, district.pk)
    check_report(report, expected)
    # The figures of the issue: 3,662 members, 142 of them in the 20 agency cells; Ái Quốc's 113
    # are its hamlet cells' 86 and its Party committee's 27.
    assert (expected["members"], expected["district_members"]) == (3662, 142)
    ai_quoc = next(c for c in expected["communes_rows"] if c["name"] == "Xã Ái Quốc")
    assert ai_quoc["figures"][5] == 113 and sum(m for _, _, m, _ in ai_quoc["hamlets"]) == 86
    assert ai_quoc["others"] == [("Đảng bộ xã Ái Quốc", 27)]
    # The statistics the report adds up are the household registry's.
    assert expected["households"] == db.households.count_documents({"ancestors": district.pk})
    population = next(db.households.aggregate([{"$group": {"_id": None, "n": {"$sum": "$size"}}}]))["n"]
    assert expected["population"] == population

    cadres = printing.new_draft("danh_sach_can_bo", party, district).save()
    listed = expected_cadre_list(db, district.pk)
    assert listed["members"] == expected["members"] == 3662
    check_cadre_list(cadres, "huyện Lộc Bình", listed, pdf=False)
    nam_quan = Unit.objects.get(kind="xa", name="Nam Quan")
    commune_list = printing.new_draft("danh_sach_can_bo", party, nam_quan).save()
    check_cadre_list(commune_list, "xã Nam Quan", expected_cadre_list(db, nam_quan.pk))

    # No demo name repeats its kind word ("Chi bộ bản Bản Ngần"), nor any word.
    doubled = re.compile(r"\b(\w+) \1\b", re.IGNORECASE)
    names = [f"{UNIT_KIND.get(u['kind'], u['kind'])} {u['name']}" for u in db.units.find()]
    names += [o["name"] for o in db.party_organizations.find()]
    names += [h["head_name"] for h in db.households.find({}, {"head_name": 1})]
    names += [p["full_name"] for p in db.people.find({}, {"full_name": 1})]
    assert [name for name in names if doubled.search(name)] == []
    # "Bản Ngần" is a thôn, named in its cell as "Chi bộ thôn Bản Ngần".
    for unit in db.units.find({"kind": "ban"}):
        assert not unit["name"].lower().startswith("bản "), unit["name"]
    assert db.units.count_documents({"kind": "thon", "name": {"$regex": "^Bản "}}) > 0
