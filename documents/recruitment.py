"""Member recruitment (kết nạp đảng viên; article 05, BRIEF.md section 5): a target per party
organization and year, the admissions counted from the people registry's admission dates
(`Person.admitted_on`) of the members of the organization and of those below it, with percent
achieved under the target rules of breakthrough tasks (6 admitted against 5: 120%); and the
candidates on their way, each step of `ADMISSION_STAGES` dated when done, so a cell sees its
sources and where each person stands (`pipeline`)."""

import datetime

from mongoengine import (
    DENY,
    DateField,
    EmbeddedDocument,
    EmbeddedDocumentField,
    IntField,
    ListField,
    QuerySet,
    ReferenceField,
    StringField,
)

from documents import text
from documents.base import RegistryDocument, field_error, unit_path, vietnam_today
from documents.breakthrough_target import Target
from documents.constants import ADMISSION_STAGES, CANDIDATE_SOURCES, CELL_KINDS, label

FIRST_YEAR = 2000
YEARS_AHEAD = 5
STAGE_ORDER = {stage: n for n, (stage, _) in enumerate(ADMISSION_STAGES)}
INTRODUCERS = 2
# The steps from the ceremony on: a candidate who reached them is a member already.
ADMITTED_STAGES = ("ket_nap", "du_bi", "chinh_thuc")


def organization_ids(organization_pks):
    """{organization id: the ids of it and of every organization below it}."""
    from documents.party_organization import PartyOrganization

    found = {pk: {pk} for pk in organization_pks}
    for row in PartyOrganization.objects(parents__in=list(found)).only("parents").as_pymongo():
        for parent in row["parents"]:
            if parent in found:
                found[parent].add(row["_id"])
    return found


def admitted(organization_pks, year):
    """{organization id: people admitted in `year` who are members of it or of one below it},
    counted from the people registry in one aggregation."""
    from documents.person import Person

    belongs = organization_ids(organization_pks)
    every = sorted(set().union(*belongs.values())) if belongs else []
    first, last = datetime.datetime(year, 1, 1), datetime.datetime(year, 12, 31)
    rows = Person._get_collection().aggregate(
        [
            {"$match": {"party_organization": {"$in": every}, "admitted_on": {"$gte": first, "$lte": last}}},
            {"$group": {"_id": "$party_organization", "n": {"$sum": 1}}},
        ]
    )
    per_organization = {row["_id"]: row["n"] for row in rows}
    return {pk: sum(per_organization.get(o, 0) for o in orgs) for pk, orgs in belongs.items()}


class RecruitmentTargetQuerySet(QuerySet):
    def under(self, unit):
        return self.filter(ancestors=unit.pk)


class RecruitmentTarget(RegistryDocument):
    label = "Chỉ tiêu kết nạp đảng viên"
    extended_as = "recruitment_target"
    organization = ReferenceField(
        "PartyOrganization", required=True, reverse_delete_rule=DENY, verbose_name="Tổ chức đảng"
    )
    year = IntField(required=True, verbose_name="Năm")
    target = IntField(required=True, min_value=1, max_value=100_000, verbose_name="Chỉ tiêu (đảng viên)")
    source = StringField(max_length=300, verbose_name="Theo nghị quyết, kế hoạch")

    meta = {
        "collection": "recruitment_targets",
        "queryset_class": RecruitmentTargetQuerySet,
        "ordering": ["-year", "sort_name"],
        "indexes": [
            {"fields": ["organization", "year"], "unique": True},
            ("sort_name", "_id"),
            ("ancestors", "year"),
            "search_terms",
            "search_exact",
        ],
    }

    def __str__(self):
        return f"{getattr(self.organization, 'name', '')} năm {self.year}: {self.target} đảng viên"

    def name_key(self):
        return text.sort_key(getattr(self.organization, "name", "") or "")

    def search_texts(self):
        return [getattr(self.organization, "name", ""), self.source]

    def place_ancestors(self):
        return unit_path(self.organization.unit) if self.organization else []

    def measured(self):
        """The target as a breakthrough target (from 0 to the target, higher is better)."""
        return Target(indicator="Kết nạp đảng viên", measure="đảng viên", baseline=0, target=self.target)

    def percent_of(self, admitted_count):
        return self.measured().percent_of(admitted_count)

    def clean(self):
        this_year = vietnam_today().year
        if self.year is not None and not FIRST_YEAR <= self.year <= this_year + YEARS_AHEAD:
            raise field_error("year", f"Năm phải từ {FIRST_YEAR} đến {this_year + YEARS_AHEAD}.")
        super().clean()


class AdmissionStep(EmbeddedDocument):
    """One step done on the way to admission, and when."""

    stage = StringField(required=True, choices=ADMISSION_STAGES, verbose_name="Bước")
    day = DateField(required=True, verbose_name="Ngày")
    note = StringField(max_length=500, verbose_name="Ghi chú")

    def __str__(self):
        day = f"{self.day:%d/%m/%Y}" if self.day else ""
        return f"{label(ADMISSION_STAGES, self.stage)} ({day})"


class CandidateQuerySet(QuerySet):
    def under(self, unit):
        return self.filter(ancestors=unit.pk)


class Candidate(RegistryDocument):
    """A person on the way to admission in a cell: where they come from, the steps done, the
    members introducing them; `stage` is the furthest step done."""

    label = "Quần chúng phấn đấu vào Đảng"
    extended_as = "candidate"
    person = ReferenceField("Person", required=True, reverse_delete_rule=DENY, verbose_name="Người phấn đấu")
    organization = ReferenceField(
        "PartyOrganization", required=True, reverse_delete_rule=DENY, verbose_name="Chi bộ"
    )
    source = StringField(required=True, choices=CANDIDATE_SOURCES, verbose_name="Nguồn")
    steps = ListField(EmbeddedDocumentField(AdmissionStep), verbose_name="Các bước đã làm")
    introducers = ListField(
        ReferenceField("Person", reverse_delete_rule=DENY), verbose_name="Đảng viên giới thiệu"
    )
    note = StringField(max_length=2000, verbose_name="Ghi chú")
    # Set on every save: the furthest step done and its day.
    stage = StringField(choices=ADMISSION_STAGES, verbose_name="Đang ở bước")
    stage_day = DateField(verbose_name="Ngày của bước")

    meta = {
        "collection": "candidates",
        "queryset_class": CandidateQuerySet,
        "ordering": ["sort_name"],
        "indexes": [
            ("sort_name", "_id"),
            ("ancestors", "stage"),
            ("organization", "stage"),
            {"fields": ["person"], "unique": True},
            "search_terms",
            "search_exact",
        ],
    }

    def __str__(self):
        return getattr(self.person, "full_name", "") or ""

    def name_key(self):
        return getattr(self.person, "sort_name", "") or ""

    def search_texts(self):
        return [getattr(self.person, "full_name", ""), getattr(self.organization, "name", "")]

    def place_ancestors(self):
        return unit_path(self.organization.unit) if self.organization else []

    @property
    def stage_text(self):
        return label(ADMISSION_STAGES, self.stage) if self.stage else "Chưa bắt đầu"

    def clean(self):
        organization = self.organization
        if organization is not None and organization.kind not in CELL_KINDS:
            raise field_error("organization", f"{organization.name} không phải là chi bộ.")
        person = self.person
        admitted_on = getattr(person, "admitted_on", None)
        if admitted_on and not any(step.stage in ADMITTED_STAGES for step in self.steps):
            raise field_error(
                "person", f"{person.full_name} đã là đảng viên (vào Đảng ngày {admitted_on:%d/%m/%Y})."
            )
        today = vietnam_today()
        seen = set()
        for step in self.steps:
            if step.stage in seen:
                raise field_error("steps", f"Bước «{label(ADMISSION_STAGES, step.stage)}» ghi hai lần.")
            seen.add(step.stage)
            if step.day and step.day > today:
                raise field_error("steps", "Ngày của một bước không được sau hôm nay: chỉ ghi bước đã làm.")
        done = sorted((s for s in self.steps if s.stage and s.day), key=lambda s: STAGE_ORDER[s.stage])
        for before, after in zip(done, done[1:], strict=False):
            if after.day < before.day:
                raise field_error(
                    "steps",
                    f"«{label(ADMISSION_STAGES, after.stage)}» ({after.day:%d/%m/%Y}) không thể trước "
                    f"«{label(ADMISSION_STAGES, before.stage)}» ({before.day:%d/%m/%Y}).",
                )
        self.steps = done
        self.stage = done[-1].stage if done else None
        self.stage_day = done[-1].day if done else None
        if len(self.introducers) > INTRODUCERS:
            raise field_error("introducers", f"Tối đa {INTRODUCERS} đảng viên giới thiệu.")
        for introducer in self.introducers:
            if getattr(introducer, "party_organization", None) is None:
                raise field_error("introducers", f"{introducer.full_name} không phải là đảng viên.")
        super().clean()


def pipeline(unit, scope=None):
    """{"stages": {stage: n}, "sources": {source: n}, "total": n} of the candidates under `unit`
    within `scope` (the account's raw filter), in one aggregation; every stage and source is there."""
    match = {"ancestors": unit.pk}
    if scope:
        match = {"$and": [match, scope]}
    rows = Candidate._get_collection().aggregate(
        [
            {"$match": match},
            {
                "$facet": {
                    "stages": [{"$group": {"_id": "$stage", "n": {"$sum": 1}}}],
                    "sources": [{"$group": {"_id": "$source", "n": {"$sum": 1}}}],
                }
            },
        ]
    )
    found = next(rows)
    stages = {stage: 0 for stage, _ in (("", ""), *ADMISSION_STAGES)}
    for row in found["stages"]:
        stages[row["_id"] or ""] = row["n"]
    sources = dict.fromkeys((source for source, _ in CANDIDATE_SOURCES), 0)
    for row in found["sources"]:
        sources[row["_id"]] = row["n"]
    return {"stages": stages, "sources": sources, "total": sum(stages.values())}
