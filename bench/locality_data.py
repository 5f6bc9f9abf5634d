"""The province of the localities benchmark (issue 12): 2,000 hamlets, 200,000 households, about
20,000 assignments and a year of visits.

Tỉnh Phủ Khắp (code PK): 10 districts of 20 communes of 10 hamlets of 100 households. Each commune
has a district leader in charge; each hamlet a district leader and two commune staff (some one
only), and seven party members in charge of its households. A few gaps on purpose: one hamlet in
fifty has no leader from above, one in twenty a single commune staff, one household in a hundred
no member; one assignment in ten ended mid-year. The cadres' visits run from December 2025 to
November 2026, about one a month each, with months skipped. Generated once into its own database
and reused; every record is validated as a save would (`validate`), then bulk-inserted, past the
saves that keep the households coverage summaries: those missing or stale are computed at the end
(`summarize`).
"""

import datetime
import random
import time

from bson import ObjectId

from documents import (
    Household,
    LocalityAssignment,
    LocalityVisit,
    PartyOrganization,
    Person,
    Position,
    Unit,
)
from documents.locality_visit import SupportItem

DB_NAME = "bantochuc_bench_localities"
DISTRICTS = 10
COMMUNES = 20
HAMLETS = 10
HOUSEHOLDS = 100
MEMBERS = 7
LEADERS = 90  # district leaders in each district
COMMUNE_STAFF = 30
START = datetime.date(2022, 6, 1)
# The day the benchmark measures on, and the year of visits before it.
DAY = datetime.date(2026, 11, 30)
FIRST_MONTH = (2025, 12)
BATCH = 10_000
SUPPORT = (("Loa đài", "chiếc", 3_000_000), ("Cờ Tổ quốc", "lá", 50_000), ("Xi măng", "tấn", 1_800_000))


def generate():
    """The province, once; returns it (the benchmark also times its first commune)."""
    province = Unit.objects(code="PK").first()
    if province is not None and LocalityVisit.objects.count() > 0:
        summarize()
        return province
    rng = random.Random(12)
    province = province or Unit(kind="tinh", code="PK", name="Phủ Khắp").save()
    writer = Writer()
    for d in range(1, DISTRICTS + 1):
        district = _unit("huyen", f"PK-{d:02d}", f"Số {d}", province)
        leaders = [
            writer.person(f"Lãnh Đạo {d:02d} {n:03d}", district, "Trưởng phòng") for n in range(LEADERS)
        ]
        for c in range(1, COMMUNES + 1):
            commune = _unit("xa", f"PK-{d:02d}-{c:02d}", f"Số {d}.{c}", district)
            staff = [
                writer.person(f"Cán Bộ Xã {d:02d}.{c:02d} {n:02d}", commune, "Công chức")
                for n in range(COMMUNE_STAFF)
            ]
            writer.assign(rng, rng.choice(leaders), commune)
            for h in range(1, HAMLETS + 1):
                hamlet = _unit("thon", f"{commune.code}-{h:02d}", f"Thôn {h}", commune)
                _hamlet(rng, writer, hamlet, leaders, staff)
        writer.flush()
    writer.flush(final=True)
    for document in (Unit, Person, Household, LocalityAssignment, LocalityVisit, PartyOrganization):
        document.ensure_indexes()
    summarize()
    return province


def summarize():
    """The households coverage summary of every hamlet, those missing or stale computed and stored
    (the inserts bypass the saves that keep them); prints how long that took, if anything was done."""
    from documents.locality_coverage import HAMLET_KINDS, HOUSEHOLD_IDS
    from documents.locality_coverage_summary import HouseholdCoverage, summaries

    hamlets = Unit.objects(kind__in=HAMLET_KINDS).distinct("id")
    fresh = HouseholdCoverage.objects(__raw__={"$expr": {"$eq": ["$computed", "$generation"]}}).count()
    if fresh >= len(hamlets):
        return
    started = time.perf_counter()
    summaries(hamlets, HOUSEHOLD_IDS)
    took = time.perf_counter() - started
    print(f"coverage summaries of {len(hamlets) - fresh} hamlets computed in {took:.1f} s")


def _hamlet(rng, writer, hamlet, leaders, staff):
    cell = PartyOrganization(kind="chi_bo", name=f"Chi bộ {hamlet.name} {hamlet.code}", unit=hamlet).save()
    if rng.random() >= 0.02:
        writer.assign(rng, rng.choice(leaders), hamlet)
    for officer in rng.sample(staff, 1 if rng.random() < 0.05 else 2):
        writer.assign(rng, officer, hamlet)
    homes = [writer.household(f"{hamlet.code}-{n:03d}", hamlet) for n in range(HOUSEHOLDS)]
    members = [writer.person(f"Đảng Viên {hamlet.code} {n}", hamlet, None, cell) for n in range(MEMBERS)]
    writer.flush_households()
    covered = [home for home in homes if rng.random() >= 0.01]
    for n, member in enumerate(members):
        writer.assign(rng, member, hamlet, households=covered[n::MEMBERS], visits=False)


class Writer:
    """Records validated, kept and inserted in batches (households first: assignments check them)."""

    def __init__(self):
        self.people, self.households, self.assignments, self.visits = [], [], [], []

    def person(self, name, unit, title, cell=None):
        person = Person(
            pk=ObjectId(),
            full_name=name,
            gender="nam",
            birth_year=1980,
            category="dang_vien" if cell else "can_bo",
            unit=unit,
            party_organization=cell,
            admitted_on=datetime.date(2010, 5, 19) if cell else None,
            positions=[Position(title=title, start=START)] if title else [],
        )
        person.validate()
        self.people.append(person.to_mongo())
        return person

    def household(self, code, hamlet):
        home = Household(pk=ObjectId(), code=code, head_name=f"Chủ Hộ {code}", hamlet=hamlet, size=4)
        home.validate()
        self.households.append(home.to_mongo())
        return home

    def assign(self, rng, person, unit, households=(), visits=True):
        ended = rng.random() < 0.1
        end = datetime.date(2026, rng.randint(1, 10), rng.randint(1, 28)) if ended else None
        assignment = LocalityAssignment(
            pk=ObjectId(),
            person=person,
            unit=unit,
            role="phu_trach" if households else rng.choice(("phu_trach", "theo_doi", "ho_tro")),
            households=list(households),
            start=START,
            end=end,
        )
        assignment.validate()
        self.assignments.append(assignment.to_mongo())
        if visits:
            self._visits(rng, assignment)

    def _visits(self, rng, assignment):
        year, month = FIRST_MONTH
        while (year, month) <= (DAY.year, DAY.month):
            day = datetime.date(year, month, rng.randint(1, 28))
            if rng.random() < 0.85 and assignment.runs_on(day) and day <= DAY:
                kind, measure, price = rng.choice(SUPPORT)
                quantity = rng.randint(1, 5)
                given = [SupportItem(kind=kind, quantity=quantity, measure=measure, value=quantity * price)]
                visit = LocalityVisit(
                    pk=ObjectId(),
                    assignment=assignment,
                    day=day,
                    purpose="sinh_hoat_chi_bo",
                    learned="Nắm tình hình chi bộ",
                    support=given if rng.random() < 0.2 else [],
                )
                visit.validate()
                self.visits.append(visit.to_mongo())
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)

    def flush_households(self):
        if self.households:
            Household._get_collection().insert_many(self.households)
            self.households.clear()

    def flush(self, final=False):
        self.flush_households()
        for document, rows in (
            (Person, self.people),
            (LocalityAssignment, self.assignments),
            (LocalityVisit, self.visits),
        ):
            if rows and (final or len(rows) >= BATCH or document is Person):
                document._get_collection().insert_many(rows)
                rows.clear()


def _unit(kind, code, name, parent):
    return Unit.objects(code=code).first() or Unit(kind=kind, code=code, name=name, parent=parent).save()
