"""The province of the breakthrough-task benchmark (issue 11): 20,000 cadres and 60,000 tasks.

Tỉnh Thử Tải (code BT): 10 districts of 10 communes of 5 hamlets; 2,000 cadres in each district
(200 in each commune, some at the district), 3 tasks each from 2021 to 2025 (a year's tasks and
terms 2021–2025), given by the district's Huyện ủy and UBND huyện or the commune's Đảng ủy, with
1 to 3 targets, 0 to 3 check-ins and every state. Generated once (about four minutes) into its own
database and reused; every record is validated as a save would (`validate`), then bulk-inserted.
"""

import datetime
import random

from bson import ObjectId

from documents import BreakthroughTask, IssuingBody, Person, Position, Unit
from documents.breakthrough import CheckIn, Reading, Target

DISTRICTS = 10
COMMUNES = 10
HAMLETS = 5
CADRES = 20_000
TASKS_PER_CADRE = 3
YEARS = (2021, 2022, 2023, 2024, 2025)
BATCH = 5_000
STATES = ("assigned", "in_progress", "in_progress", "finished", "exceeded", "not_finished", "carried_over")
POSTS = ("Bí thư Đảng ủy", "Chủ tịch UBND", "Phó Chủ tịch UBND", "Công chức Văn phòng", "Bí thư Chi bộ")
INDICATORS = (("Kết nạp đảng viên", "người"), ("Trồng rừng", "ha"), ("Thu nhập bình quân", "triệu đồng"))


def generate():
    """The province, once; returns its first district (the one the benchmark times)."""
    province = Unit.objects(code="BT").first()
    if province is not None and BreakthroughTask.objects.count() >= CADRES * TASKS_PER_CADRE:
        return Unit.objects(code="BT-01").get()
    rng = random.Random(11)
    province = province or Unit(kind="tinh", code="BT", name="Thử Tải").save()
    people, tasks = [], []
    per_district = CADRES // DISTRICTS
    for d in range(1, DISTRICTS + 1):
        district = _unit("huyen", f"BT-{d:02d}", f"Số {d}", province)
        bodies = [
            _body(district, "HU", f"Huyện ủy huyện Số {d}", "dang_36", "Đảng bộ tỉnh Thử Tải"),
            _body(district, "UBND", f"Ủy ban nhân dân huyện Số {d}", "nha_nuoc_30", "UBND tỉnh Thử Tải"),
        ]
        communes = []
        for c in range(1, COMMUNES + 1):
            commune = _unit("xa", f"BT-{d:02d}-{c:02d}", f"Số {d}.{c}", district)
            hamlets = [
                _unit("thon", f"{commune.code}-{h}", f"Thôn {h}", commune) for h in range(1, HAMLETS + 1)
            ]
            own = _body(commune, "ĐU", f"Đảng ủy xã Số {d}.{c}", "dang_36", f"Đảng bộ huyện Số {d}")
            communes.append((commune, hamlets, own))
        for n in range(per_district):
            commune, hamlets, own = communes[n % COMMUNES]
            place = rng.choice([commune, *hamlets])
            person = Person(
                pk=ObjectId(),
                full_name=f"Cán Bộ {d:02d} {n:05d}",
                gender=rng.choice(("nam", "nu")),
                birth_year=rng.randint(1965, 1995),
                category="can_bo",
                unit=commune,
                positions=[Position(title=rng.choice(POSTS), start=datetime.date(2021, 1, 1))],
            )
            person.validate()
            people.append(person.to_mongo())
            for t in range(TASKS_PER_CADRE):
                task = _task(rng, person, rng.choice([*bodies, own, own]), place, t)
                tasks.append(task.to_mongo())
            if len(tasks) >= BATCH:
                _flush(people, tasks)
    _flush(people, tasks)
    for document in (Person, BreakthroughTask, IssuingBody, Unit):
        document.ensure_indexes()
    return Unit.objects(code="BT-01").get()


def _flush(people, tasks):
    if people:
        Person._get_collection().insert_many(people)
    if tasks:
        BreakthroughTask._get_collection().insert_many(tasks)
    people.clear()
    tasks.clear()


def _unit(kind, code, name, parent):
    return Unit.objects(code=code).first() or Unit(kind=kind, code=code, name=name, parent=parent).save()


def _body(unit, abbreviation, name, rule_book, parent_name):
    found = IssuingBody.objects(unit=unit, abbreviation=abbreviation).first()
    if found is not None:
        return found
    return IssuingBody(
        unit=unit,
        name=name,
        parent_name=parent_name,
        abbreviation=abbreviation,
        rule_book=rule_book,
        place_name=unit.name,
        authority="T/M Ban Thường vụ" if rule_book == "dang_36" else "TM. Ủy ban nhân dân",
        signer_post="Bí thư" if rule_book == "dang_36" else "Chủ tịch",
        signer_name="Nguyễn Văn An",
        numbering="loai_nhiem_ky" if rule_book == "dang_36" else "chung_nam",
        term_start=datetime.date(2020, 8, 1),
        filing_line="Lưu Văn phòng",
    ).save()


def _task(rng, person, body, place, number):
    term = rng.random() < 0.4
    start = 2021 if term else rng.choice(YEARS)
    end = 2025 if term else start
    targets = []
    for k in range(1, rng.randint(1, 3) + 1):
        indicator, measure = rng.choice(INDICATORS)
        baseline = rng.randint(0, 50)
        targets.append(
            Target(key=f"c{k}", indicator=indicator, measure=measure, baseline=baseline, target=baseline + 50)
        )
    check_ins = []
    for c in range(rng.randint(0, 3)):
        day = datetime.date(min(start + c, end), rng.randint(1, 12), rng.randint(1, 28))
        readings = [Reading(key=t.key, value=t.baseline + rng.randint(0, 70)) for t in targets]
        check_ins.append(CheckIn(day=day, readings=readings, by="bench"))
    state = rng.choice(STATES)
    if state == "exceeded":
        state = "finished"  # exceeded is only given above 100%: the generator does not check it
    task = BreakthroughTask(
        pk=ObjectId(),
        content=f"Việc đột phá số {number + 1} của {person.full_name}",
        person=person,
        post=person.positions[0].title,
        body=body,
        origin=rng.choice(("duoc_giao", "tu_dang_ky", "giao_them")),
        period_kind="nhiem_ky" if term else "nam",
        start_year=start,
        end_year=end,
        unit=place,
        targets=targets,
        check_ins=check_ins,
        state=state,
    )
    task.validate()
    return task
