import datetime
import io
from fractions import Fraction

from mongoengine.connection import get_db
from pypdf import PdfReader

from documents import Unit
from documents.base import vietnam_today
from documents.demo import AS_OF, DISTRICT, load_demo
from documents.demo_locality import load_localities
from documents.locality import LocalityRule, running
from documents.locality_visits import not_visited, visit_rate
from documents.official_document import pdfs


def test_demo_localities_give_the_articles_figures(app):
    """One test, as loading the demo takes a while: every figure counted straight from MongoDB."""
    load_demo(DISTRICT)
    db = get_db()
    today = vietnam_today()
    units = {u["_id"]: u for u in db.units.find({}, {"kind": 1, "name": 1, "parent": 1, "code": 1})}
    district = next(u for u in units.values() if u["kind"] == "huyen" and u["name"] == "Lộc Bình")
    communes = {pk for pk, u in units.items() if u.get("parent") == district["_id"]}
    hamlets = {pk for pk, u in units.items() if u.get("parent") in communes}
    assert (len(communes), len(hamlets)) == (21, 201)
    people = {
        p["_id"]: p for p in db.people.find({"ancestors": district["_id"]}, {"unit": 1, "full_name": 1})
    }
    # Lộc Bình's only: Bình Phú's and An Định's (documents/demo_party_cell.py) stand beside them.
    on_day = list(db.locality_assignments.find({**running(AS_OF), "ancestors": district["_id"]}))

    # 90 district cadres over 21/21 communes and 201/201 hamlets.
    from_district = [a for a in on_day if people[a["person"]]["unit"] == district["_id"]]
    assert len({a["person"] for a in from_district}) == 90
    assert {a["unit"] for a in from_district} == communes | hamlets

    # 600+ commune staff, at least 2 in each hamlet; Nam Quan's 31 over its 9 hamlets.
    from_communes = [a for a in on_day if people[a["person"]]["unit"] in communes and not a.get("households")]
    assert len({a["person"] for a in from_communes}) > 600
    staff_per_hamlet = {h: {a["person"] for a in from_communes if a["unit"] == h} for h in hamlets}
    assert min(len(staff) for staff in staff_per_hamlet.values()) >= 2
    nam_quan = next(pk for pk in communes if units[pk]["name"] == "Nam Quan")
    nam_quan_staff = {a["person"] for a in from_communes if units[a["unit"]]["parent"] == nam_quan}
    assert len(nam_quan_staff) == 31 and sum(units[h]["parent"] == nam_quan for h in hamlets) == 9

    # 21,320/21,320 households with a party member in charge, each where it is.
    covered = {h for a in on_day for h in a.get("households", [])}
    households = {h["_id"]: h["hamlet"] for h in db.households.find({}, {"hamlet": 1})}
    assert len(households) == 21_320 and covered == set(households)
    for a in on_day:
        if a.get("households"):
            assert {households[h] for h in a["households"]} == {a["unit"]}
            assert db.people.find_one({"_id": a["person"]})["party_organization"] is not None
    nam_quan_households = [h for h, hamlet in households.items() if units[hamlet]["parent"] == nam_quan]
    assert len(nam_quan_households) == 603 and covered >= set(nam_quan_households)
    doan_ket = next(pk for pk in hamlets if units[pk]["name"] == "Đoàn Kết")
    members = [a for a in on_day if a["unit"] == doan_ket and a.get("households")]
    assert len(members) == 16 and sum(len(a["households"]) for a in members) == 63
    secretary = db.people.find_one({"unit": doan_ket, "positions.title": "Bí thư Chi bộ"})
    assert secretary["full_name"] == "Triệu Tiến Lương"

    # Mr. Vi Văn Phong supports two hamlets of Sàn Viên and attends their cells every month.
    phong = db.people.find_one({"full_name": "Vi Văn Phong"})
    assert phong["unit"] == district["_id"]
    assert "Phó Trưởng Phòng Nội vụ huyện Lộc Bình" in [p["title"] for p in phong["positions"]]
    his = list(db.locality_assignments.find({"person": phong["_id"]}))
    assert sorted(units[a["unit"]]["name"] for a in his) == ["Bản Choong - Bản Mìang", "Nà Pầy"]
    assert {units[units[a["unit"]]["parent"]]["name"] for a in his} == {"Sàn Viên"}
    assert {a["role"] for a in his} == {"ho_tro"}
    for assignment in his:
        visits = list(db.locality_visits.find({"assignment": assignment["_id"]}))
        months = {(v["day"].year, v["day"].month) for v in visits}
        day_of_month = visits[0]["day"].day  # the 5th or the 6th
        owed = [m for m in months_from((2022, 7), today) if datetime.date(*m, day_of_month) <= today]
        assert sorted(months) == owed and len(visits) == len(owed)  # one a month, from July 2022
        assert len([m for m in owed if m <= (2024, 6)]) == 24  # to June 2024, as the article has it
        assert all(v["person"] == phong["_id"] and v["unit"] == assignment["unit"] for v in visits)
    choong = next(a for a in his if units[a["unit"]]["name"] == "Bản Choong - Bản Mìang")
    given = [item for v in db.locality_visits.find({"assignment": choong["_id"]}) for item in v["support"]]
    kinds = " ".join(item["kind"] for item in given)
    for thing in ("Loa đài", "cổng nhà văn hóa", "Cờ Tổ quốc", "Cát", "Sỏi"):
        assert thing in kinds
    total = sum(v["support_value"] for v in db.locality_visits.find({"assignment": choong["_id"]}))
    assert total == sum(item.get("value") or 0 for item in given) == 28_600_000

    # The visits go on after the day the figures describe, up to today and never after it; last
    # month's rate is a rate, and only the assignments left unvisited since April 2024 are flagged.
    tomorrow = datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time())
    assert db.locality_visits.count_documents({"day": {"$gte": tomorrow}}) == 0
    check_last_month(db, district, today)

    # March 2024: the district's visit rate against a count by hand from the raw records, and
    # Phong, who attends both cells every month, is never among those who have not visited.
    check_march_2024(db, district, phong)

    # The district committee's decision of 15/6/2022, issued through the register, lists and is
    # named by its 222 assignments; its PDF is stored and says 90 cadres over 222 localities.
    check_decision(db, district, from_district)

    # Loading again inserts nothing.
    assert load_localities() == {"locality_assignments": 0, "locality_visits": 0, "official_documents": 0}

    # The models and work items of 2024, loaded after the localities (their followers).
    check_local_works(db, district)


def check_local_works(db, district):
    """Lộc Bình 2024 on 30/6/2024: the article's sentence from the summary, each state also
    counted record by record, every commune with a model and every hamlet with a work item, each
    followed by someone in charge of its place that day, and Đoàn Kết's goats and forest."""
    from collections import Counter

    from documents import LocalWork
    from documents.demo_local_work import load_local_works
    from documents.local_work_summary import summary

    lb = Unit.objects(pk=district["_id"]).get()
    found = summary(lb, 2024, day=AS_OF)
    assert found.sentence() == (
        "8/22 mô hình hoàn thành kế hoạch năm, 14/22 đảm bảo tiến độ; "
        "82/235 công trình, phần việc hoàn thành, 153/235 đảm bảo tiến độ"
    )
    works = list(LocalWork.objects(ancestors=lb.pk, year=2024))
    by_hand = Counter((w.category == "mo_hinh", w.state_on(AS_OF)) for w in works)
    assert by_hand == {
        (True, "finished"): 8,
        (True, "on_schedule"): 14,
        (False, "finished"): 82,
        (False, "on_schedule"): 153,
    }
    assert (found.communes_without, found.hamlets_without) == ([], []) and (
        found.communes,
        found.hamlets,
    ) == (21, 201)
    on_day = {(a["person"], a["unit"]) for a in db.locality_assignments.find(running(AS_OF))}
    # A model by the district leader in charge of its commune, a work item by a cadre of its hamlet.
    assert all(
        (w.follower.pk, (w.commune if w.category == "mo_hinh" else w.hamlet).pk) in on_day for w in works
    )
    goats = next(w for w in works if w.kind == "mo_hinh_rung_de")
    assert (
        goats.hamlet.name,
        goats.commune.name,
        goats.values["dien_tich_trong"],
        goats.values["so_de"],
    ) == ("Đoàn Kết", "Ái Quốc", 70, 130)
    assert [t.percent_text for t in goats.targets] == ["155,6%", "106,7%"]
    assert LocalWork.objects(name__contains="Đồng Diễn").count() == 1
    assert load_local_works() == {"form_definitions": 0, "local_works": 0}


def check_decision(db, district, from_district):
    decisions = list(db.official_documents.find({"kind": "quyet_dinh_phan_cong"}))
    assert len(decisions) == 1
    decision = decisions[0]
    assert (decision["status"], decision["symbol"], decision["unit"]) == (
        "issued",
        "Số 01-QĐ/HU",
        district["_id"],
    )
    assert decision["issued_on"] == datetime.datetime(2022, 6, 15)
    assert db.number_sequences.find_one({"_id": decision["sequence"]})["last"] == 1
    named = {a["_id"] for a in db.locality_assignments.find({"decision": decision["_id"]})}
    assert named == {a["_id"] for a in from_district} and len(named) == 222
    data = decision["snapshot"]["data"]
    assert (data["people"], data["localities"], data["assignments"]) == (90, 222, 222)
    pdf = pdfs().get(decision["pdf_file"]).read()
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
    assert (
        "Phân công 90 đồng chí cán bộ, đảng viên phụ trách, theo dõi, hỗ trợ 222 địa bàn huyện Lộc Bình"
        in text
    )
    assert "Vi Văn Phong" in text and "Thôn Nà Pầy, xã Sàn Viên" in text


def check_march_2024(db, district, phong):
    first, last = datetime.date(2024, 3, 1), datetime.date(2024, 3, 31)
    expected = made = counted = 0
    per_month = LocalityRule.in_force(last).visits_per_month
    for a in db.locality_assignments.find({"ancestors": district["_id"], "households.0": {"$exists": False}}):
        start, end = a["start"].date(), a["end"].date() if a.get("end") else last
        days = (min(end, last) - max(start, first)).days + 1
        if days <= 0:
            continue
        owed = days * per_month  # in visit-days: visits × 31
        visits = db.locality_visits.count_documents(
            {
                "assignment": a["_id"],
                "day": {"$gte": datetime.datetime(2024, 3, 1), "$lte": datetime.datetime(2024, 3, 31)},
            }
        )
        expected, made, counted = expected + owed, made + visits, counted + min(visits * 31, owed)
    unit = Unit.objects.get(pk=district["_id"])
    rate = visit_rate(unit, (2024, 3))
    assert (rate.expected_days, rate.made, rate.counted_days) == (expected, made, counted)
    assert made > 0 and rate.rate == 100 * Fraction(counted, expected)
    gaps = not_visited(unit, (2024, 3), limit=100_000)
    assert len(gaps.rows) == gaps.total
    assert "Vi Văn Phong" not in {row.person for row in gaps.rows}


def months_from(first, today):
    """(year, month) from `first` to `today`'s month."""
    months, (year, month) = [], first
    while (year, month) <= (today.year, today.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def check_last_month(db, district, today):
    year, month = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
    unit = Unit.objects.get(pk=district["_id"])
    first = datetime.datetime(year, month, 1)
    made = db.locality_visits.count_documents(
        {
            "ancestors": district["_id"],
            "day": {"$gte": first, "$lt": datetime.datetime(today.year, today.month, 1)},
        }
    )
    rate = visit_rate(unit, (year, month))
    assert rate.made == made > 0 and 80 < rate.rate <= 100
    gaps = not_visited(unit, (year, month), limit=100_000)
    left = {
        a["_id"]
        for a in db.locality_assignments.find(
            {"ancestors": district["_id"], "households.0": {"$exists": False}}
        )
    }
    visited_since_april = set(
        db.locality_visits.distinct("assignment", {"day": {"$gte": datetime.datetime(2024, 4, 1)}})
    )
    never_since = left - visited_since_april
    flagged = {getattr(row.assignment, "pk", row.assignment) for row in gaps.rows if row.flagged}
    assert never_since and never_since <= flagged and gaps.flagged == len(flagged) < len(left) / 10
