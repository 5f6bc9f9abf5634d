"""Lộc Bình's models and work items of 2024 (article 04): "21/21 xã, thị trấn lựa chọn được 22 mô
hình và 201/201 thôn, khu phố lựa chọn được 235 phần việc, công trình", and on 30 June 2024
(`demo.AS_OF`) "8/22 mô hình … hoàn thành kế hoạch năm, 14/22 … đảm bảo tiến độ; 82/235 công
trình, phần việc … hoàn thành kế hoạch năm, 153/235 … đảm bảo tiến độ".

The three model kinds adopted from stand-alone kinds (`demo_forms.ADOPTED`) keep their records:
Đoàn Kết's forest and goats (Ái Quốc: 70 ha of acacia and pine against the cell's 45, 132 goats,
finished), Khòn Mùn's nhân trần (finished) and Nam Quan's waste sorting (on schedule); they get
their targets and updates here, as an edit with its history entry. Each of the other 19 communes
has one model (invented: fattened buffalo and cows, herbs, waste sorting; 6 finished, 13 on
schedule); each hamlet one work item and 34 of them a second (invented roads, street lights and
clean-ups; 82 finished, 153 on schedule). Every record is followed by the cadre in charge (phụ
trách) of its commune or hamlet in the locality assignments running on 30 June 2024, the one from
the highest level first: mostly the district's leaders, a commune cadre where none is. Beside Lộc
Bình, the waste-sorting model of Hợp Thành (Tuyên Quang) run in Đồng Diễn (article 02). Running
this again inserts nothing.
"""

import datetime
import random

from documents import demo
from documents.base import record_exists
from documents.breakthrough_target import Target
from documents.form_definition import FieldDefinition, FormDefinition, ensure_extension_indexes
from documents.local_work import LocalWork
from documents.locality import LocalityAssignment, running
from documents.unit import Unit

SEED = "loc-binh-mo-hinh"
YEAR = 2024
DAY = demo.AS_OF
MARCH, APRIL = datetime.date(YEAR, 3, 31), datetime.date(YEAR, 4, 30)
BY = "dữ liệu mẫu"
MODELS_FINISHED, MODELS = 8, 22
ITEMS_FINISHED, ITEMS = 82, 235


def F(key, label, type, **options):  # noqa: N802 - reads as a table of fields
    return FieldDefinition(key=key, label=label, type=type, **options)


# fmt: off
KINDS = [
    FormDefinition(code="mo_hinh_vo_beo", name="Mô hình vỗ béo trâu, bò", family="local_work",
                   fields=[
        F("loai", "Vật nuôi", "choices", choices=["Trâu", "Bò"], in_list=True),
        F("so_ho", "Số hộ tham gia", "integer", measure="hộ", min_value=0, in_list=True),
    ]),
    FormDefinition(code="cong_trinh_duong", name="Công trình đường bê tông thôn", family="local_work",
                   fields=[
        F("chieu_dai", "Chiều dài", "decimal", measure="m", min_value=0, in_list=True),
        F("kinh_phi", "Kinh phí", "money", min_value=0),
        F("ngay_cong", "Ngày công Nhân dân đóng góp", "integer", min_value=0),
    ]),
    FormDefinition(code="phan_viec_thap_sang", name="Phần việc thắp sáng đường quê", family="local_work",
                   fields=[
        F("so_bong", "Số bóng đèn", "integer", measure="bóng", min_value=0, in_list=True),
    ]),
    FormDefinition(code="phan_viec_ve_sinh", name="Phần việc vệ sinh môi trường thôn", family="local_work",
                   fields=[
        F("ho_tham_gia", "Hộ tham gia", "integer", measure="hộ", min_value=0, in_list=True),
    ]),
]
# The adopted records' targets: (indicator, measure, baseline, target, [(day, actual)]).
ADOPTED_TARGETS = {
    "doan-ket-2024": [
        ("Diện tích rừng trồng mới (keo, thông)", "ha", 0, 45, [(MARCH, 30), (DAY, 70)]),
        ("Đàn dê", "con", 100, 130, [(MARCH, 115), (DAY, 132)]),
    ],
    "khon-mun-2024": [
        ("Diện tích trồng nhân trần", "ha", 0, 5, [(APRIL, 3), (DAY, 5.5)]),
    ],
    "nam-quan-rac-2024": [
        ("Hộ tham gia phân loại rác", "hộ", 0, 603, [(MARCH, 150), (DAY, 410)]),
    ],
}
# What each commune's model and each hamlet's work item may be: (kind, category, name, indicator,
# measure, lowest and highest target, values for the kind's own fields).
MODEL_CHOICES = [
    ("mo_hinh_vo_beo", "Vỗ béo trâu, bò hàng hóa", "Số con trâu, bò vỗ béo", "con", 40, 150),
    ("trong_duoc_lieu", "Trồng cây dược liệu", "Diện tích trồng", "ha", 3, 20),
    ("phan_loai_rac", "Phân loại rác thải tại nguồn", "Hộ tham gia phân loại rác", "hộ", 150, 600),
]
ITEM_CHOICES = [
    ("cong_trinh_duong", "cong_trinh", "Bê tông hóa đường", "Chiều dài đường bê tông", "m", 150, 900),
    ("phan_viec_thap_sang", "phan_viec", "Thắp sáng đường quê", "Số bóng đèn lắp", "bóng", 10, 60),
    ("phan_viec_ve_sinh", "phan_viec", "Ra quân vệ sinh môi trường", "Số buổi tổng vệ sinh", "buổi", 6, 12),
]
# fmt: on


def load_local_works():
    """Insert what is missing of the demo's 2024 models and work items; return how many went in."""
    from documents.demo_forms import ADOPTED

    district = Unit.objects(kind="huyen", code="LB").first()
    if district is None:
        return {}
    LocalWork.ensure_indexes()
    counts = {"form_definitions": _kinds()}
    rng = random.Random(SEED)
    communes = list(Unit.objects(parent=district).order_by("code"))
    hamlets = [h for c in communes for h in Unit.objects(parent=c).order_by("code")]
    followers = _followers()
    works = []
    adopted = _adopted(followers, {code for code, *_ in ADOPTED})
    with_model = {w.commune.pk for w in adopted}
    others = [c for c in communes if c.pk not in with_model]
    finished_models = MODELS_FINISHED - sum(w.state_on(DAY) == "finished" for w in adopted)
    done = set(rng.sample(range(len(others)), finished_models))
    for n, commune in enumerate(others):
        kind, name, indicator, measure, low, high = MODEL_CHOICES[n % len(MODEL_CHOICES)]
        works.append(
            _work(
                rng,
                f"model-{commune.code}",
                kind,
                "mo_hinh",
                f"{name} {_in(commune)}",
                commune,
                None,
                (indicator, measure, low, high),
                n in done,
                followers.get(commune.pk),
            )
        )
    seconds = set(rng.sample(range(len(hamlets)), ITEMS - len(hamlets)))
    places = [(h, 1) for h in hamlets] + [(hamlets[n], 2) for n in sorted(seconds)]
    finished = set(rng.sample(range(len(places)), ITEMS_FINISHED))
    for n, (hamlet, number) in enumerate(places):
        kind, category, name, indicator, measure, low, high = ITEM_CHOICES[(n + number) % len(ITEM_CHOICES)]
        works.append(
            _work(
                rng,
                f"item-{hamlet.code}-{number}",
                kind,
                category,
                f"{name} {_in(hamlet)}",
                None,
                hamlet,
                (indicator, measure, low, high),
                n in finished,
                followers.get(hamlet.pk),
            )
        )
    works += _dong_dien(rng)
    rows = []
    for work in works:
        if not record_exists(LocalWork, work.pk):
            work.validate()
            rows.append(work.to_mongo())
    counts["local_works"] = demo.insert_new(LocalWork._get_collection(), rows)
    return counts


def _kinds():
    rows = []
    for definition in KINDS:
        definition.pk = demo.object_id("form_definitions", definition.code)
        definition.validate()
        rows.append(definition.to_mongo())
    inserted = demo.insert_new(FormDefinition._get_collection(), rows)
    ensure_extension_indexes("local_work")
    return inserted


def _followers():
    """{unit id: the person in charge of it on `DAY`}: a commune's district leader (phụ trách
    first), a hamlet's first commune cadre; household assignments left out."""
    found = {}
    rows = LocalityAssignment._get_collection().find(
        {**running(DAY), "households.0": {"$exists": False}},
        {"unit": 1, "person": 1, "role": 1, "level": 1, "assignee_level": 1, "start": 1},
    )
    for row in sorted(
        rows, key=lambda r: (r.get("role") != "phu_trach", r.get("assignee_level") or 9, r["start"], r["_id"])
    ):
        found.setdefault(row["unit"], row["person"])
    return found


def _in(unit):
    from documents.unit import in_sentence

    return in_sentence(unit)


def _targets(rows):
    return [
        Target(indicator=i, measure=m, direction="higher", baseline=b, target=t) for i, m, b, t, _ in rows
    ]


def _adopted(followers, kinds):
    """The adopted demo records of 2024 in Lộc Bình, given their targets and updates once."""
    from documents.person import Person

    found = []
    for key, rows in ADOPTED_TARGETS.items():
        work = LocalWork.objects(pk=demo.object_id("records", key)).first()
        if work is None or work.kind not in kinds:
            continue
        if not work.targets:
            work.targets = _targets(rows)
            work.number_targets()
            person = followers.get(work.commune.pk)
            work.follower = Person.objects(pk=person).first() if person else None
            for day in sorted({day for *_, series in rows for day, _ in series}):
                readings = {
                    t.key: v
                    for t, (*_, series) in zip(work.targets, rows, strict=True)
                    for d, v in series
                    if d == day
                }
                work.add_check_in(day, readings, "Cập nhật tiến độ thực hiện", BY)
            work.save()
        found.append(work)
    return found


def _work(rng, key, kind, category, name, commune, hamlet, target, finished, follower):
    indicator, measure, low, high = target
    planned = rng.randint(low, high)
    share = rng.uniform(1.0, 1.15) if finished else rng.uniform(0.55, 0.95)
    actual = round(planned * share)
    actual = max(actual, planned) if finished else min(actual, planned - 1)  # 9,5 of 10 is not 10
    work = LocalWork(
        pk=demo.object_id("local_works", key),
        kind=kind,
        category=category,
        name=name,
        year=YEAR,
        commune=commune,
        hamlet=hamlet,
        follower=follower,
        plan=f"{indicator} năm {YEAR}: {planned} {measure}.",
        targets=[
            Target(indicator=indicator, measure=measure, direction="higher", baseline=0, target=planned)
        ],
        values=_values(rng, kind, planned),
    )
    work.number_targets()
    work.add_check_in(MARCH, {"c1": round(actual * 0.4)}, "Triển khai thực hiện", BY)
    work.add_check_in(DAY, {"c1": actual}, "Sơ kết 6 tháng", BY)
    return work


def _values(rng, kind, planned):
    return {
        "mo_hinh_vo_beo": {"loai": ["Trâu", "Bò"], "so_ho": rng.randint(10, 40)},
        "trong_duoc_lieu": {
            "cay": rng.choice(["Nhân trần", "Hồi", "Quế", "Trà hoa vàng"]),
            "so_ho": rng.randint(8, 35),
        },
        "phan_loai_rac": {"ho_tham_gia": planned},
        "cong_trinh_duong": {"chieu_dai": planned, "ngay_cong": rng.randint(100, 600)},
        "phan_viec_thap_sang": {"so_bong": planned},
        "phan_viec_ve_sinh": {"ho_tham_gia": rng.randint(40, 120)},
    }[kind]


def _dong_dien(rng):
    """Hợp Thành's (Sơn Dương, Tuyên Quang) waste sorting, run in Đồng Diễn (article 02)."""
    hamlet = Unit.objects(name="Đồng Diễn").first()
    if hamlet is None or hamlet.parent is None:
        return []
    work = _work(
        rng,
        "model-dong-dien",
        "phan_loai_rac",
        "mo_hinh",
        "Điểm thu gom, phân loại rác thải thôn Đồng Diễn",
        Unit.objects(pk=hamlet.parent.pk).first(),
        hamlet,
        ("Hộ tham gia phân loại rác", "hộ", 80, 80),
        False,
        None,
    )
    return [work]
