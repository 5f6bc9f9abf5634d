"""Demo localities (issue 12, item 7): Lộc Bình under Nghị quyết 77, as article 04 tells it.

From the article (shared/domain/articles/04-loc-binh-resolution-77.txt): 90 district leaders and
managers in charge of, following or supporting 21/21 communes and 201/201 hamlets; more than 600
commune staff in charge of hamlets and households, at least 2 in each hamlet; 21,320/21,320
households with a party member in charge; Nam Quan's 31 commune staff over its 9 hamlets and its
603/603 households; Đoàn Kết's 16 members in charge of its 63/63 households; Mr. Vi Văn Phong,
deputy head of the district Phòng Nội vụ, supporting Bản Choong - Bản Mìang and Nà Pầy of Sàn
Viên, attending each hamlet cell's meeting every month, and his support (loudspeakers, money for
the culture-house gate, national flags for the families, sand and gravel for the village road).

Invented: which leader has which commune or hamlet (the seven standing leaders take three communes
each; the other leaders, the agency heads and deputies and then agency cadres, two or three
hamlets each), the day the assignments start (15/6/2022, after the resolution of 25/5/2022), the
other cadres' visits (one a month from July 2023, a few months skipped, and a few assignments
not visited since April 2024, to be flagged), every visit's day and wording, and the quantities
and values of Mr. Phong's support. Households are put in charge of the member the household
registry names (`Household.member_in_charge`). The district leaders' assignments are made by one
QUYẾT ĐỊNH phân công of the district committee dated the same day, issued through the register
(number 1 of 2022 in its sequence, unless the database held one before) and named by each of them.
The figures describe 30 June 2024 (`demo.AS_OF`);
the visits go on after it, month by month, up to the day the demo is loaded (none later than it),
so that this month's rate on the home page is a rate, not 0%: those up to June 2024 are the same
whatever the day, and running this again inserts only the visits of months gone by since.
"""

import datetime
import random
from collections import defaultdict

from documents.base import vietnam_today
from documents.demo import insert_new, object_id
from documents.household import Household
from documents.issuing_body import IssuingBody
from documents.locality import LocalityAssignment
from documents.locality_coverage_summary import rebuild
from documents.locality_visit import LocalityVisit, SupportItem
from documents.official_document import OfficialDocument
from documents.person import Person
from documents.unit import Unit

SEED = "loc-binh-dia-ban"
DISTRICT_CODE = "LB"
DECIDED = datetime.date(2022, 6, 15)
DECISION_KIND = "quyet_dinh_phan_cong"
LEADERS = 90
STANDING_LEADERS = 7  # keys LB:leader:1..7 (documents/demo.py DISTRICT_LEADERS)
AGENCIES = 20
PHONG = "LB:7:2"
PHONG_HAMLETS = ("Bản Choong - Bản Mìang", "Nà Pầy")
PHONG_COMMUNE = "Sàn Viên"
COMMUNE_STAFF = ("can_bo", "cong_chuc", "khong_chuyen_trach")
# The other cadres' visits: the months, how often one is skipped, and one assignment in this many
# left without a visit for the last months (flagged on the monthly list).
VISIT_MONTHS = [(2023, month) for month in range(7, 13)] + [(2024, month) for month in range(1, 7)]
SKIPPED_SHARE = 0.07
UNVISITED_EVERY = 40
UNVISITED_SINCE = (2024, 4)
PURPOSES = (("sinh_hoat_chi_bo", 6), ("nam_tinh_hinh", 3), ("kiem_tra", 1))
LEARNED = (
    "Chi bộ sinh hoạt đúng kỳ, nội dung thiết thực; nắm tình hình sản xuất của bà con.",
    "Tình hình an ninh trật tự ổn định; bà con tích cực tham gia xây dựng nông thôn mới.",
    "Nắm tình hình trồng rừng, chăn nuôi và việc thực hiện phần việc của thôn năm 2024.",
)
# Mr. Phong's support, month by month (invented quantities and values, in đồng).
PHONG_SUPPORT = {
    ("Bản Choong - Bản Mìang", 2022, 9): [("Loa đài truyền thanh thôn", 1, "bộ", 8_500_000)],
    ("Bản Choong - Bản Mìang", 2023, 3): [("Kinh phí làm cổng nhà văn hóa thôn", None, None, 10_000_000)],
    ("Bản Choong - Bản Mìang", 2023, 8): [("Cờ Tổ quốc tặng các gia đình", 60, "lá", 3_000_000)],
    ("Bản Choong - Bản Mìang", 2023, 11): [
        ("Cát làm đường giao thông nông thôn", 12, "m³", 3_600_000),
        ("Sỏi làm đường giao thông nông thôn", 10, "m³", 3_500_000),
    ],
    ("Nà Pầy", 2023, 8): [("Cờ Tổ quốc tặng các gia đình", 45, "lá", 2_250_000)],
}
PHONG_LEARNED = (
    "Dự sinh hoạt chi bộ thôn; nắm tình hình, định hướng chi bộ rà soát, vận động quần chúng "
    "để tạo nguồn kết nạp đảng viên."
)


def load_localities():
    """Insert what is missing of Lộc Bình's assignments and visits; return how many went in."""
    district = Unit.objects(kind="huyen", code=DISTRICT_CODE).first()
    if district is None:
        return {}
    LocalityAssignment.ensure_indexes()
    LocalityVisit.ensure_indexes()
    rng = random.Random(SEED)
    demo = LocalityDemo()
    communes = list(Unit.objects(parent=district).order_by("code"))
    hamlets = {commune.pk: list(Unit.objects(parent=commune).order_by("code")) for commune in communes}
    district_body = IssuingBody.objects(pk=object_id("issuing_bodies", "huyen_uy")).first()
    _district_leaders(demo, rng, district, communes, hamlets, district_body)
    for commune in communes:
        _commune_staff(demo, rng, commune, hamlets[commune.pk])
        for hamlet in hamlets[commune.pk]:
            _households(demo, hamlet)
    inserted = demo.finish()
    rebuild()  # the households coverage summaries: the inserts bypassed the saves that keep them
    inserted["official_documents"] = district_decision(district, district_body)
    return inserted


def district_decision(district, body):
    """Issue, through the register, the district committee's decision putting its cadres in charge
    of the communes and hamlets, dated `DECIDED`, unless one is issued already (one numbered but
    not printed is finished); its assignments are recorded as made by it (`numbered`). Returns how
    many documents went in."""
    from exports import official_document as printing  # exports build on documents

    if body is None:
        return 0
    found = OfficialDocument.objects(kind=DECISION_KIND, body=body, unit=district, status__ne="draft").first()
    if found is not None:
        if found.status == "issuing":
            printing.finish(found)
        return 0
    draft = printing.new_draft(DECISION_KIND, body, district, parameters={"date": DECIDED.isoformat()})
    draft.save()
    printing.issue(draft, DECIDED)
    return 1


class LocalityDemo:
    """Collects assignments and visits, each validated as a save would, and inserts what is missing."""

    def __init__(self):
        self.assignments = []
        self.visits = []

    def assign(self, key, person, unit, *, role="phu_trach", body=None, households=()):
        assignment = LocalityAssignment(
            id=object_id("locality_assignments", key),
            person=person,
            role=role,
            unit=unit,
            households=list(households),
            start=DECIDED,
            body=body,
        )
        assignment.validate()
        self.assignments.append(assignment.to_mongo())
        return assignment

    def visit(self, assignment, day, purpose, learned, support=()):
        visit = LocalityVisit(
            id=object_id("locality_visits", f"{assignment.pk}:{day.isoformat()}"),
            assignment=assignment,
            day=day,
            purpose=purpose,
            learned=learned,
            support=[SupportItem(kind=k, quantity=q, measure=m, value=v) for k, q, m, v in support],
        )
        visit.validate()
        self.visits.append(visit.to_mongo())

    def monthly_visits(self, rng, assignment, *, unvisited=False):
        """One visit a month over `VISIT_MONTHS`, then up to today (`later_months`), a few skipped;
        none since `UNVISITED_SINCE` when `unvisited`. The months after `VISIT_MONTHS` draw from
        their own generator, so that those before are the same whatever the day."""
        purposes, weights = zip(*PURPOSES, strict=True)
        today = vietnam_today()
        later = random.Random(f"{SEED}:{assignment.pk}")
        for months, draw in ((VISIT_MONTHS, rng), (later_months(today), later)):
            for year, month in months:
                skipped = draw.random() < SKIPPED_SHARE
                if skipped or (unvisited and (year, month) >= UNVISITED_SINCE):
                    continue
                day = datetime.date(year, month, draw.randint(3, 28))
                purpose, learned = draw.choices(purposes, weights)[0], draw.choice(LEARNED)
                if day <= today:  # this month's, once their day has come
                    self.visit(assignment, day, purpose, learned)

    def finish(self):
        return {
            "locality_assignments": insert_new(LocalityAssignment._get_collection(), self.assignments),
            "locality_visits": insert_new(LocalityVisit._get_collection(), self.visits),
        }


def later_months(today):
    """(year, month) from the month after `VISIT_MONTHS` to `today`'s."""
    year, month = VISIT_MONTHS[-1]
    months = []
    while True:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        if (year, month) > (today.year, today.month):
            return months
        months.append((year, month))


def district_leaders(district):
    """The 90 district cadres put in charge, in the order they are given places: the standing
    leaders, the agencies' heads and deputies, then agency cadres."""
    code = district.code
    keys = [f"{code}:leader:{n}" for n in range(1, STANDING_LEADERS + 1)]
    keys += [f"{code}:{agency}:{index}" for agency in range(1, AGENCIES + 1) for index in (1, 2)]
    keys += [f"{code}:{agency}:{index}" for index in range(3, 11) for agency in range(1, AGENCIES + 1)]
    found = {person.pk: person for person in Person.objects(pk__in=[object_id("person", k) for k in keys])}
    people = [found[object_id("person", key)] for key in keys if object_id("person", key) in found]
    return people[:LEADERS]


def _district_leaders(demo, rng, district, communes, hamlets, body):
    leaders = district_leaders(district)
    standing, phong = leaders[:STANDING_LEADERS], object_id("person", PHONG)
    for number, commune in enumerate(communes):
        person = standing[number % STANDING_LEADERS]
        assignment = demo.assign(f"district:{commune.code}", person, commune, body=body)
        demo.monthly_visits(rng, assignment)
    others = [person for person in leaders if person.pk != phong]
    places = [hamlet for commune in communes for hamlet in hamlets[commune.pk]]
    supported = [h for h in places if h.name in PHONG_HAMLETS and h.parent.name == PHONG_COMMUNE]
    rest = [hamlet for hamlet in places if hamlet not in supported]
    for number, hamlet in enumerate(rest):
        person = others[number % len(others)]
        assignment = demo.assign(f"district:{hamlet.code}", person, hamlet, body=body)
        demo.monthly_visits(rng, assignment, unvisited=number % UNVISITED_EVERY == UNVISITED_EVERY - 1)
    for hamlet in supported:
        _phong(demo, hamlet, Person.objects.get(pk=phong), body)


def _phong(demo, hamlet, person, body):
    """Mr. Phong supports the hamlet and attends its cell's meeting every month, with his support."""
    assignment = demo.assign(f"district:{hamlet.code}", person, hamlet, role="ho_tro", body=body)
    year, month = DECIDED.year, DECIDED.month
    today = vietnam_today()
    while (year, month) <= (today.year, today.month):
        day = datetime.date(year, month, 5 if hamlet.name == PHONG_HAMLETS[0] else 6)
        if DECIDED <= day <= today:
            support = PHONG_SUPPORT.get((hamlet.name, year, month), ())
            purpose = "ho_tro" if support else "sinh_hoat_chi_bo"
            demo.visit(assignment, day, purpose, PHONG_LEARNED, support)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _commune_staff(demo, rng, commune, hamlets):
    """Each of the commune's staff follows one hamlet or two, and each hamlet has at least two."""
    staff = list(Person.objects(unit=commune, category__in=COMMUNE_STAFF).order_by("full_name", "id"))
    if len(staff) < 2 or not hamlets:
        return
    body = IssuingBody.objects(unit=commune, rule_book="dang_36").first()
    for slot in range(max(len(staff), 2 * len(hamlets))):
        person, hamlet = staff[slot % len(staff)], hamlets[slot % len(hamlets)]
        assignment = demo.assign(f"commune:{hamlet.code}:{person.pk}", person, hamlet, body=body)
        demo.monthly_visits(rng, assignment)


def _households(demo, hamlet):
    """Each member of the hamlet's cell in charge of the households the registry names."""
    held = defaultdict(list)
    for row in Household.objects(hamlet=hamlet).order_by("code").only("member_in_charge").as_pymongo():
        if row.get("member_in_charge"):
            held[row["member_in_charge"]].append(row["_id"])
    members = {person.pk: person for person in Person.objects(pk__in=list(held))}
    for member_id, households in sorted(held.items()):
        demo.assign(
            f"households:{hamlet.code}:{member_id}", members[member_id], hamlet, households=households
        )
