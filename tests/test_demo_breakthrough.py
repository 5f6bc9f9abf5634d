import datetime
import re

from mongoengine.connection import get_db

from admin.breakthrough_filters import CadreUnitFilter
from documents.breakthrough import FINAL_STATES, BreakthroughTask
from documents.breakthrough_conditions import year_filter
from documents.demo import AS_OF, DISTRICT, load_demo
from documents.demo_breakthrough import load_breakthrough

DISTRICT_POSTS = re.compile(
    r"^(Ủy viên Ban Thường vụ Huyện ủy|Bí thư Huyện ủy|Phó Bí thư (Thường trực )?Huyện ủy|Chánh |Trưởng |"
    r"Giám đốc |Chi cục trưởng |Hạt trưởng |Viện trưởng |Chủ tịch |Bí thư Huyện đoàn)"
)
COMMUNE_POSTS = re.compile(r"^(Bí thư Đảng ủy|Phó Bí thư (Thường trực )?Đảng ủy).* (xã|thị trấn) \S")


def in_year(year, **query):
    return {"start_year": {"$lte": year}, "end_year": {"$gte": year}, **query}


def test_demo_breakthrough_tasks_give_the_articles_figures(app):
    """One test, as loading the demo takes a while: every figure counted straight from MongoDB."""
    load_demo(DISTRICT)
    db = get_db()
    unit = {u["code"]: u for u in db.units.find({"code": {"$in": ["LS", "LB", "TQ", "CH", "CH-NL", "SD"]}})}
    bodies = {b["name"]: b for b in db.issuing_bodies.find({"ancestors": unit["TQ"]["_id"]})}
    people = {p["_id"]: p for p in db.people.find({"ancestors": unit["TQ"]["_id"]})}
    tasks = db.breakthrough_tasks

    # Bodies, as their documents print them.
    for district in ("Chiêm Hóa", "Sơn Dương"):
        for name, rule_book, parent in (
            (f"Ban Thường vụ Huyện ủy {district}", "dang_36", "Đảng bộ tỉnh Tuyên Quang"),
            (f"Huyện ủy {district}", "dang_36", "Đảng bộ tỉnh Tuyên Quang"),
            (f"Hội đồng nhân dân huyện {district}", "nha_nuoc_30", "HĐND tỉnh Tuyên Quang"),
            (f"Ủy ban nhân dân huyện {district}", "nha_nuoc_30", "UBND tỉnh Tuyên Quang"),
        ):
            assert (bodies[name]["rule_book"], bodies[name]["parent_name"]) == (rule_book, parent)
    for commune, district in (
        ("Nhân Lý", "Chiêm Hóa"),
        ("Bình Phú", "Chiêm Hóa"),
        ("Hợp Thành", "Sơn Dương"),
    ):
        body = bodies[f"Đảng ủy xã {commune}"]
        assert (body["abbreviation"], body["rule_book"]) == ("ĐU", "dang_36")
        assert body["parent_name"] == f"Đảng bộ huyện {district}"
    assert bodies["Huyện ủy Chiêm Hóa"]["abbreviation"] == "HU"

    # Nhân Lý, 2022: 5 cadres given 18 tasks by the district, 47 officials given 47 by Đảng ủy xã.
    nhan_ly = unit["CH-NL"]["_id"]
    district_ids = [
        bodies[f"{n} Chiêm Hóa"]["_id"]
        for n in ("Huyện ủy", "Hội đồng nhân dân huyện", "Ủy ban nhân dân huyện")
    ]
    given = list(tasks.find(in_year(2022, ancestors=nhan_ly, body={"$in": district_ids})))
    cadres = {t["person"] for t in given}
    assert (len(cadres), len(given)) == (5, 18)
    assert sum(t["start_year"] == t["end_year"] == 2022 for t in given) == 7
    assert sum((t["start_year"], t["end_year"]) == (2021, 2025) for t in given) == 11
    names = {people[p]["full_name"] for p in cadres}
    assert {"Phạm Văn Sử", "Hoàng Văn Thắng", "Ma Doãn Đức", "Hà Thị Hải"} < names
    committee = list(tasks.find(in_year(2022, ancestors=nhan_ly, body=bodies["Đảng ủy xã Nhân Lý"]["_id"])))
    officials = {t["person"] for t in committee}
    assert (len(officials), len(committee)) == (47, 47) and not officials & cadres
    assert {people[p]["category"] for p in officials} == {"can_bo", "cong_chuc", "khong_chuyen_trach"}
    # No other task of 2022 is under Nhân Lý, and each concerns the commune or one of its hamlets.
    assert tasks.count_documents(in_year(2022, ancestors=nhan_ly)) == 65
    places = {nhan_ly, *(u["_id"] for u in db.units.find({"parent": nhan_ly}))}
    assert {t["unit"] for t in given + committee} <= places and len(places) == 12
    by_post = {t["post"]: t for t in committee}
    assert by_post["Phó Bí thư Chi bộ, Trưởng thôn Ba Hai"]["content"] == (
        "Lãnh đạo thực hiện đạt chỉ tiêu tổng đàn trâu, bò; gia đình duy trì 2 con bò sinh sản năm 2022"
    )
    assert by_post["Bí thư Chi bộ thôn Ba Một"]["content"] == "Nâng cao chất lượng sinh hoạt chi bộ"
    assert people[by_post["Bí thư Chi bộ thôn Ba Một"]["person"]]["full_name"] == "Hà Đức Hồ"
    assert people[by_post["Phó Bí thư Chi bộ, Trưởng thôn Ba Hai"]["person"]]["full_name"] == "Hà Đức Vần"

    # Hà Thị Hải's admission target, registered every year: 50% in 2020, 87% in 2021, evaluated.
    hai = next(p for p in cadres if people[p]["full_name"] == "Hà Thị Hải")
    admission = {
        t["start_year"]: t
        for t in tasks.find({"person": hai, "content": {"$regex": "kết nạp đảng viên mới"}})
    }
    assert sorted(admission) == [2020, 2021, 2022]
    assert (admission[2020]["achieved"], admission[2021]["achieved"]) == (50, 87)
    assert {admission[y]["state"] for y in admission} <= set(FINAL_STATES)
    assert {admission[y]["origin"] for y in admission} == {"tu_dang_ky"}

    # Ma Doãn Đức's forest tasks, given extra by UBND huyện: 73,8 ha this year, 630 ha in all.
    duc = next(p for p in cadres if people[p]["full_name"] == "Ma Doãn Đức")
    forest = {t["period_kind"]: t for t in tasks.find({"person": duc, "content": {"$regex": "trồng rừng"}})}
    assert {t["origin"] for t in forest.values()} == {"giao_them"}
    assert {t["body"] for t in forest.values()} == {bodies["Ủy ban nhân dân huyện Chiêm Hóa"]["_id"]}
    assert forest["nam"]["start_year"] == 2022 and forest["nam"]["targets"][0]["actual"] == 73.8
    term = forest["nhiem_ky"]
    assert (term["start_year"], term["end_year"]) == (2021, 2025)
    readings = {c["day"].date(): c["readings"][0]["value"] for c in term["check_ins"]}
    assert readings[datetime.date(2022, 10, 15)] == 630 and len(term["progress"]) == len(readings) >= 3
    assert len(forest["nam"]["progress"]) >= 3

    # One or two term tasks behind the share of the term gone on the day the demo describes.
    first, last = datetime.date(2021, 1, 1), datetime.date(2025, 12, 31)
    share = ((AS_OF - first).days + 1) / ((last - first).days + 1) * 100
    open_terms = [t for t in given if t["period_kind"] == "nhiem_ky" and t["state"] == "in_progress"]
    assert len(open_terms) == 11 and 1 <= sum(t["achieved"] < share for t in open_terms) <= 2

    # Sơn Dương, 2021: 92 cadres given tasks by Ban Thường vụ, 51 at district level.
    son_duong = unit["SD"]["_id"]
    year = list(tasks.find(in_year(2021, ancestors=son_duong)))
    assert len({t["person"] for t in year}) == len(year) == 92
    assert {t["body"] for t in year} == {bodies["Ban Thường vụ Huyện ủy Sơn Dương"]["_id"]}
    district_level = [t for t in year if people[t["person"]]["unit"] == son_duong]
    assert len(district_level) == 51 and all(DISTRICT_POSTS.match(t["post"]) for t in district_level)
    # The task list finds them: the cadres working at the district, tasks of 2021.
    listed = CadreUnitFilter().apply(BreakthroughTask.objects, str(son_duong))
    assert listed.filter(__raw__=year_filter(2021)).count() == 51
    communes = [t for t in year if people[t["person"]]["unit"] != son_duong]
    assert len(communes) == 41 and all(COMMUNE_POSTS.match(t["post"]) for t in communes), [
        t["post"] for t in communes
    ]
    heads = next(t for t in year if "100% trưởng thôn" in t["content"])
    assert people[heads["person"]]["full_name"] == "Đỗ Xuân Phúc"
    target = heads["targets"][0]
    assert (target["baseline"], target["target"], target["measure"]) == (388, 400, "người")
    assert "400 thôn" in heads["plan"] and "12 trưởng thôn" in heads["plan"]
    assert len(heads["solutions"]) == 3
    assert "rà soát, lựa chọn đảng viên ưu tú" in heads["solutions"][0]
    assert "bồi dưỡng kết nạp" in heads["solutions"][1]
    assert "cử công chức xã là đảng viên làm trưởng thôn" in heads["solutions"][2]
    hop_thanh = next(t for t in year if people[t["person"]]["full_name"] == "Hoàng Thế Mạnh")
    qualitative = [t["indicator"] for t in hop_thanh["targets"] if t["direction"] == "qualitative"]
    assert qualitative == ["Tiêu chí môi trường", "Tiêu chí an toàn thực phẩm"]
    assert hop_thanh["post"] == "Phó Bí thư Đảng ủy, Chủ tịch UBND xã Hợp Thành"

    # Every demo task is valid as the console saves it, written without history, and the trees
    # stay apart.
    for task in BreakthroughTask.objects(ancestors=unit["TQ"]["_id"]):
        task.validate()
    assert tasks.count_documents({}) == tasks.count_documents({"ancestors": unit["TQ"]["_id"]}) == 159
    assert db.history.count_documents({"record_id": {"$in": tasks.distinct("_id")}}) == 0
    assert db.units.count_documents({"ancestors": unit["LS"]["_id"]}) == 223
    assert db.units.count_documents({"ancestors": unit["TQ"]["_id"], "ancestors.0": unit["LS"]["_id"]}) == 0
    assert unit["LS"]["households"] == db.households.count_documents({}) == 21_320

    # Loading again inserts nothing and changes nothing.
    stored = {
        name: list(db[name].find({}, {"updated_at": 0})) for name in ("breakthrough_tasks", "issuing_bodies")
    }
    assert set(load_breakthrough().values()) == {0}
    assert {name: list(db[name].find({}, {"updated_at": 0})) for name in stored} == stored
