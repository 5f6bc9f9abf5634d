"""Deterministic demo data: Lộc Bình district as Resolution 77 describes it, or a whole province."""

import datetime
import hashlib
import itertools
import logging
import random
from dataclasses import dataclass, field

from bson import ObjectId
from pymongo.errors import BulkWriteError

from documents.constants import UNIT_KIND_CHOICES, label
from documents.form_definition import remembering_extensions
from documents.household import Household
from documents.party_organization import PartyOrganization
from documents.person import Person, Position
from documents.text import fold
from documents.unit import Unit

logger = logging.getLogger(__name__)

SEED = "loc-binh-nq77"
# The data describe mid-2024, two years into Resolution 77, whatever day they are loaded.
AS_OF = datetime.date(2024, 6, 30)
BATCH_SIZE = 5_000
DUPLICATE_KEY = 11000
DOCUMENTS = (Unit, PartyOrganization, Person, Household)


@dataclass(frozen=True)
class KnownCommune:
    """What the articles say about one commune; None where they say nothing."""

    name: str
    hamlets: int | None = None
    households: int | None = None
    staff: int | None = None
    hamlet_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class KnownHamlet:
    name: str
    households: int
    residents: int
    members: int
    secretary: str | None = None


@dataclass(frozen=True)
class DistrictPlan:
    """How large one generated district is, and the real facts it must show."""

    name: str
    code: str
    towns: tuple[str, ...]
    communes: int
    hamlets: int
    households: int
    disadvantaged: int
    members_per_household: float
    commune_staff: int = 30
    commune_names: tuple[str, ...] = ()
    known_communes: tuple[KnownCommune, ...] = ()
    known_hamlets: tuple[KnownHamlet, ...] = ()


@dataclass(frozen=True)
class DemoScale:
    """A province and the districts generated in it."""

    province: str
    province_code: str
    districts: tuple[DistrictPlan, ...]


LOC_BINH = DistrictPlan(
    name="Lộc Bình",
    code="LB",
    towns=("Lộc Bình",),
    communes=21,
    hamlets=201,
    households=21_320,
    disadvantaged=100,
    members_per_household=0.14,
    commune_names=(
        "Ái Quốc", "Đồng Bục", "Hữu Khánh", "Hữu Lân", "Khánh Xuân", "Khuất Xá", "Lợi Bác",
        "Mẫu Sơn", "Minh Hiệp", "Nam Quan", "Nhượng Bạn", "Sàn Viên", "Tam Gia", "Thống Nhất",
        "Tĩnh Bắc", "Tú Đoạn", "Tú Mịch", "Xuân Dương", "Yên Khoái",
    ),
    known_communes=(
        KnownCommune("Nam Quan", hamlets=9, households=603, staff=31, hamlet_names=("Khòn Mùn",)),
        KnownCommune("Ái Quốc", hamlet_names=("Đoàn Kết",)),
        KnownCommune("Sàn Viên", hamlet_names=("Bản Choong - Bản Mìang", "Nà Pầy")),
    ),
    known_hamlets=(
        KnownHamlet("Đoàn Kết", households=63, residents=276, members=16, secretary="Triệu Tiến Lương"),
    ),
)  # fmt: skip  # word lists read better filled than one a line

# People article 04 names, by the key they are generated under: the deputy head of Phòng Nội vụ
# (the seventh agency) of Lộc Bình, who supports two hamlets of Sàn Viên (documents/demo_locality.py).
NAMED_PEOPLE = {"LB:7:2": "Vi Văn Phong"}

# The other districts of Lạng Sơn: name, code, district town.
OTHER_DISTRICTS = (
    ("Cao Lộc", "CL", "Cao Lộc"),
    ("Văn Lãng", "VL", "Na Sầm"),
    ("Tràng Định", "TD", "Thất Khê"),
    ("Bình Gia", "BG", "Bình Gia"),
    ("Văn Quan", "VQ", "Văn Quan"),
    ("Bắc Sơn", "BS", "Bắc Sơn"),
    ("Hữu Lũng", "HL", "Hữu Lũng"),
    ("Chi Lăng", "CLG", "Đồng Mỏ"),
    ("Đình Lập", "DL", "Đình Lập"),
)

DISTRICT = DemoScale(province="Lạng Sơn", province_code="LS", districts=(LOC_BINH,))
PROVINCE = DemoScale(
    province="Lạng Sơn",
    province_code="LS",
    districts=(
        LOC_BINH,
        *(
            DistrictPlan(
                name=name,
                code=code,
                towns=(town,),
                communes=20,
                hamlets=190,
                households=20_000,
                disadvantaged=60,
                members_per_household=0.22,
            )
            for name, code, town in OTHER_DISTRICTS
        ),
    ),
)

COMMUNE_FIRST_WORDS = (
    "Tân", "Hòa", "Hồng", "Quang", "Minh", "Hưng", "Vĩnh", "Đồng", "Xuân", "Bình", "Thiện", "Yên",
    "Trùng", "Chiến", "Hoàng", "Vân",
)  # fmt: skip  # word lists read better filled than one a line
COMMUNE_LAST_WORDS = (
    "Thắng", "Phong", "Trung", "Sơn", "Lập", "Thành", "Hòa", "Khánh", "Tiến", "Việt", "Hưng", "Lợi",
    "Thịnh", "Long", "An", "Phúc", "Yên", "Lộc", "Mộng", "Quý",
)  # fmt: skip  # word lists read better filled than one a line
HAMLET_FIRST_WORDS = ("Nà", "Khòn", "Pò", "Khuổi", "Bản", "Còn", "Pác", "Khau", "Lủng", "Bó", "Phai", "Nặm")
HAMLET_LAST_WORDS = (
    "Pầy", "Mùn", "Slèo", "Cáy", "Mò", "Luông", "Rọ", "Tẳng", "Đon", "Lạn", "Coóc", "Hin", "Thàm",
    "Mạ", "Chang", "Pheo", "Sla", "Ngần", "Làng", "Quang", "Kéo", "Vài", "Pục", "Dẻ",
)  # fmt: skip  # word lists read better filled than one a line
KINH_HAMLET_NAMES = (
    "Đoàn Kết", "Thống Nhất", "Tân Lập", "Hòa Bình", "Quyết Thắng", "Tiến Bộ", "Phúc Tình",
    "Minh Khai", "Lao Động", "Bắc Hòa", "Tân Tiến", "Trung Tâm",
)  # fmt: skip  # word lists read better filled than one a line
HAMLET_NAMES = (
    *(f"{first} {last}" for first in HAMLET_FIRST_WORDS for last in HAMLET_LAST_WORDS),
    *KINH_HAMLET_NAMES,
)

FAMILY_NAMES = (
    "Nguyễn", "Trần", "Lê", "Hoàng", "Hà", "Lý", "Nông", "Vi", "Lương", "Đặng", "Chu", "Lăng",
    "Lộc", "Mông", "Dương", "Lành", "Hứa", "Tô", "Triệu", "Phùng", "Lục", "Đinh", "Phạm", "Mã",
)  # fmt: skip  # word lists read better filled than one a line
DAO_FAMILY_NAMES = ("Triệu", "Bàn", "Đặng", "Lý", "Chìu")
COMMON_MIDDLE_NAMES = {"nam": "Văn", "nu": "Thị"}
MIDDLE_NAMES = {
    "nam": ("Đức", "Quang", "Tiến", "Hữu", "Công", "Mạnh", "Trọng"),
    "nu": ("Thu", "Ngọc", "Hồng", "Kim", "Bích", "Diệu"),
}
GIVEN_NAMES = {
    "nam": (
        "Ly", "Hợp", "Phong", "Lương", "Hùng", "Dũng", "Tuấn", "Thắng", "Cường", "Hải", "Long", "Quân",
        "Sơn", "Tùng", "Bình", "Khánh", "Nam", "Thành", "Trung", "Vinh", "Hiếu", "Đông", "Lâm",
        "Toàn", "Kiên", "Chiến", "Hưng", "Quyết", "Tâm", "Định",
    ),
    "nu": (
        "Hà", "Lan", "Hương", "Mai", "Hoa", "Huệ", "Hằng", "Thảo", "Linh", "Nga", "Duyên", "Nhung",
        "Thủy", "Yến", "Trang", "Liên", "Oanh", "Phương", "Hạnh", "Dung", "Tuyết", "Vân", "Loan",
        "Ngân", "Hiền", "Thơm", "Quyên", "Nhàn", "Hậu", "Xuân",
    ),
}  # fmt: skip  # word lists read better filled than one a line
# Lộc Bình is mostly Nùng and Tày.
ETHNICITIES = ("Nùng", "Tày", "Kinh", "Dao", "Hoa")
ETHNICITY_WEIGHTS = (55, 27, 13, 4, 1)
FEMALE_SHARE = 0.38
FEMALE_HEAD_SHARE = 0.2
BIRTH_YEARS = (1950, 2004)
OFFICIAL_BIRTH_YEARS = (1965, 1998)
LEADER_BIRTH_YEARS = (1962, 1985)
HAMLET_LEADER_BIRTH_YEARS = (1955, 1995)
# Household sizes 1 to 8; about 4.05 people a household, as 86,000+ people in 21,320 households.
SIZE_WEIGHTS = (5, 11, 20, 28, 19, 10, 5, 2)
HAMLET_HOUSEHOLDS = (40, 200)
HAMLETS_PER_COMMUNE = (5, 16)
MIN_CELL_MEMBERS = 6
MEMBER_SHARE = 0.8
HISTORY_SHARE = 0.35
# Share of poor and near-poor households in disadvantaged hamlets and elsewhere.
POVERTY_SHARES = {True: (0.22, 0.10), False: (0.08, 0.10)}

HEADMAN_TITLES = {"thon": "Trưởng thôn", "ban": "Trưởng bản", "khu_pho": "Trưởng khu phố"}
PARTY_COMMITTEE_WORDS = ("Đảng ủy", "Huyện ủy")
# Where a title names a term, posts start when the term did: (words, year, first month, last month).
TERM_STARTS = (
    (("Chi bộ",), 2022, 3, 5),
    (PARTY_COMMITTEE_WORDS, 2020, 6, 9),
    (("HĐND", "UBND"), 2021, 6, 7),
    (tuple(HEADMAN_TITLES.values()), 2022, 11, 12),
)

# Posts of the commune staff, in the order they are filled; {xa} is "xã" or "thị trấn".
COMMUNE_POSTS = (
    ("can_bo", ("Bí thư Đảng ủy", "Chủ tịch HĐND {xa}")),
    ("can_bo", ("Phó Bí thư Thường trực Đảng ủy",)),
    ("can_bo", ("Phó Bí thư Đảng ủy", "Chủ tịch UBND {xa}")),
    ("can_bo", ("Phó Chủ tịch HĐND {xa}",)),
    ("can_bo", ("Phó Chủ tịch UBND {xa}",)),
    ("can_bo", ("Phó Chủ tịch UBND {xa}",)),
    ("can_bo", ("Ủy viên Ban Thường vụ Đảng ủy", "Chủ tịch Ủy ban MTTQ Việt Nam {xa}")),
    ("can_bo", ("Bí thư Đoàn {xa}",)),
    ("can_bo", ("Chủ tịch Hội Liên hiệp Phụ nữ {xa}",)),
    ("can_bo", ("Chủ tịch Hội Nông dân {xa}",)),
    ("can_bo", ("Chủ tịch Hội Cựu chiến binh {xa}",)),
    ("cong_chuc", ("Chỉ huy trưởng Ban Chỉ huy Quân sự {xa}",)),
    ("cong_chuc", ("Công chức Văn phòng - Thống kê",)),
    ("cong_chuc", ("Công chức Văn phòng - Thống kê",)),
    ("cong_chuc", ("Công chức Địa chính - Xây dựng",)),
    ("cong_chuc", ("Công chức Địa chính - Nông nghiệp - Môi trường",)),
    ("cong_chuc", ("Công chức Tài chính - Kế toán",)),
    ("cong_chuc", ("Công chức Tư pháp - Hộ tịch",)),
    ("cong_chuc", ("Công chức Tư pháp - Hộ tịch",)),
    ("cong_chuc", ("Công chức Văn hóa - Xã hội",)),
    ("cong_chuc", ("Công chức Văn hóa - Xã hội",)),
    ("khong_chuyen_trach", ("Văn phòng Đảng ủy",)),
    ("khong_chuyen_trach", ("Phó Chỉ huy trưởng Ban Chỉ huy Quân sự {xa}",)),
    ("khong_chuyen_trach", ("Phó Chủ tịch Ủy ban MTTQ Việt Nam {xa}",)),
    ("khong_chuyen_trach", ("Phó Bí thư Đoàn {xa}",)),
    ("khong_chuyen_trach", ("Phó Chủ tịch Hội Liên hiệp Phụ nữ {xa}",)),
    ("khong_chuyen_trach", ("Phó Chủ tịch Hội Nông dân {xa}",)),
    ("khong_chuyen_trach", ("Phó Chủ tịch Hội Cựu chiến binh {xa}",)),
    ("khong_chuyen_trach", ("Chủ tịch Hội Người cao tuổi {xa}",)),
    ("khong_chuyen_trach", ("Chủ tịch Hội Chữ thập đỏ {xa}",)),
)
EXTRA_COMMUNE_POST = ("khong_chuyen_trach", ("Nhân viên Thú y {xa}",))

DISTRICT_LEADERS = (
    ("Bí thư Huyện ủy", "Chủ tịch HĐND huyện"),
    ("Phó Bí thư Thường trực Huyện ủy",),
    ("Phó Bí thư Huyện ủy", "Chủ tịch UBND huyện"),
    ("Ủy viên Ban Thường vụ Huyện ủy", "Phó Chủ tịch HĐND huyện"),
    ("Ủy viên Ban Thường vụ Huyện ủy", "Phó Chủ tịch UBND huyện"),
    ("Phó Chủ tịch UBND huyện",),
    ("Phó Chủ tịch UBND huyện",),
)
# District agencies with a party cell of their own: name, title of the head, of a deputy.
AGENCIES = (
    ("Văn phòng Huyện ủy", "Chánh", "Phó Chánh"),
    ("Ban Tổ chức Huyện ủy", "Trưởng", "Phó Trưởng"),
    ("Ủy ban Kiểm tra Huyện ủy", "Chủ nhiệm", "Phó Chủ nhiệm"),
    ("Ban Tuyên giáo Huyện ủy", "Trưởng", "Phó Trưởng"),
    ("Ban Dân vận Huyện ủy", "Trưởng", "Phó Trưởng"),
    ("Văn phòng HĐND và UBND", "Chánh", "Phó Chánh"),
    ("Phòng Nội vụ", "Trưởng", "Phó Trưởng"),
    ("Phòng Tài chính - Kế hoạch", "Trưởng", "Phó Trưởng"),
    ("Phòng Nông nghiệp và Phát triển nông thôn", "Trưởng", "Phó Trưởng"),
    ("Phòng Tài nguyên và Môi trường", "Trưởng", "Phó Trưởng"),
    ("Phòng Giáo dục và Đào tạo", "Trưởng", "Phó Trưởng"),
    ("Phòng Văn hóa và Thông tin", "Trưởng", "Phó Trưởng"),
    ("Phòng Lao động - Thương binh và Xã hội", "Trưởng", "Phó Trưởng"),
    ("Phòng Kinh tế và Hạ tầng", "Trưởng", "Phó Trưởng"),
    ("Phòng Tư pháp", "Trưởng", "Phó Trưởng"),
    ("Trung tâm Y tế", "Giám đốc", "Phó Giám đốc"),
    ("Trung tâm Văn hóa, Thể thao và Truyền thông", "Giám đốc", "Phó Giám đốc"),
    ("Kho bạc Nhà nước", "Giám đốc", "Phó Giám đốc"),
    ("Hạt Kiểm lâm", "Hạt trưởng", "Phó Hạt trưởng"),
    ("Bảo hiểm xã hội", "Giám đốc", "Phó Giám đốc"),
)
AGENCY_STAFF = (4, 8)


@dataclass
class HamletPlan:
    """A hamlet before it is built: its household sizes and how many members its cell has."""

    name: str
    kind: str
    known: KnownHamlet | None = None
    sizes: list[int] = field(default_factory=list)
    members: int = 0
    disadvantaged: bool = False


@dataclass
class CommunePlan:
    """A commune before it is built, with its hamlets."""

    name: str
    kind: str
    code: str
    staff: int
    hamlets: list[HamletPlan]

    @property
    def households(self):
        return sum(len(hamlet.sizes) for hamlet in self.hamlets)

    @property
    def population(self):
        return sum(sum(hamlet.sizes) for hamlet in self.hamlets)


@dataclass(frozen=True)
class Seat:
    """Where posts are held: a unit, its party committee and, below it, a party cell."""

    unit: Unit
    committee: PartyOrganization
    cell: PartyOrganization | None = None


def load_forms():
    from documents.demo_forms import load_forms

    return load_forms()


def adopt_model_kinds():
    from documents.demo_forms import adopt_model_kinds

    return adopt_model_kinds()


def load_demo(scale=DISTRICT):
    """Load `scale` into the connected database; return how many documents each collection gained.

    Loading again inserts nothing, and completes a load that was interrupted. A database holds
    one scale: Lộc Bình is the same in both, but the province totals differ, so loading the
    other scale on top raises ValueError.
    """
    for document in DOCUMENTS:
        document.ensure_indexes()
    districts = []
    for plan in scale.districts:
        rng = random.Random(f"{SEED}:{plan.code}")
        districts.append((plan, rng, plan_communes(plan, rng)))
    every_commune = [commune for _, _, communes in districts for commune in communes]
    province = _unit(scale.province_code, "tinh", scale.province, None, every_commune)
    _refuse_other_scale(province)
    with remembering_extensions():
        return _load(scale, districts, province)


def _load(scale, districts, province):
    loader = Loader()
    loader.add(province)
    province_committee = loader.add(
        _organization("dang_bo_tinh", f"Đảng bộ tỉnh {scale.province}", province, None)
    )
    for plan, rng, communes in districts:
        _load_district(loader, plan, rng, communes, province, province_committee)
        logger.info("demo: district %s generated", plan.name)
    counts = loader.finish()
    counts.update(load_forms())
    counts.update(adopt_model_kinds())
    from documents.demo_bodies import load_bodies

    counts.update(load_bodies())
    from documents.demo_breakthrough import load_breakthrough

    for name, inserted in load_breakthrough().items():  # Tuyên Quang: its own tree, beside this one
        counts[name] = counts.get(name, 0) + inserted
    from documents.demo_locality import load_localities

    counts.update(load_localities())
    from documents.demo_local_work import load_local_works

    for name, inserted in load_local_works().items():  # after the localities: who follows each
        counts[name] = counts.get(name, 0) + inserted
    from documents.demo_party_cell import load_party_cells

    for name, inserted in load_party_cells().items():  # after the localities: visits follow meetings
        counts[name] = counts.get(name, 0) + inserted
    logger.info("demo: inserted %s", counts)
    return counts


class Loader:
    """Validates documents and inserts them in batches, leaving those already stored alone."""

    def __init__(self):
        self.rows = {document: [] for document in DOCUMENTS}
        self.inserted = dict.fromkeys(DOCUMENTS, 0)

    def add(self, doc):
        doc.validate()
        rows = self.rows[type(doc)]
        rows.append(doc.to_mongo())
        if len(rows) >= BATCH_SIZE:
            self.flush(type(doc))
        return doc

    def flush(self, document):
        rows, self.rows[document] = self.rows[document], []
        if rows:
            self.inserted[document] += insert_new(document._get_collection(), rows)

    def finish(self):
        for document in DOCUMENTS:
            self.flush(document)
        return {document._get_collection_name(): n for document, n in self.inserted.items()}


def insert_new(collection, rows):
    """Insert `rows`, skipping those whose keys are already taken; return how many went in."""
    if not rows:
        return 0
    try:
        return len(collection.insert_many(rows, ordered=False).inserted_ids)
    except BulkWriteError as exc:
        details = exc.details
        if details.get("writeConcernErrors") or any(
            error["code"] != DUPLICATE_KEY for error in details["writeErrors"]
        ):
            raise
        return details["nInserted"]


def _refuse_other_scale(province):
    """Stop before inserting if the database holds the demo of another scale."""
    stored = Unit._get_collection().find_one({"_id": province.pk}, {"households": 1})
    if stored is not None and stored.get("households") != province.households:
        raise ValueError(
            f"The database already holds another demo ({stored.get('households')} households "
            f"in {province}); load this one into an empty database."
        )


def object_id(collection, key):
    """The same ObjectId for the same demo record on every run."""
    return ObjectId(hashlib.sha1(f"demo:{collection}:{key}".encode()).digest()[:12])


# Planning: names and numbers only, so that every total is known before any unit is built.


def plan_communes(plan, rng):
    """The communes of a district, with their hamlets, household sizes and cell members."""
    known = {commune.name: commune for commune in plan.known_communes}
    names = [*plan.towns, *plan.commune_names]
    names += _new_names(rng, COMMUNE_FIRST_WORDS, COMMUNE_LAST_WORDS, plan.communes - len(names), names)
    hamlet_counts = _hamlet_counts(rng, plan, names, known)
    taken = set()
    communes = []
    for number, name in enumerate(names):
        facts = known.get(name, KnownCommune(name))
        kind = "thi_tran" if number < len(plan.towns) else "xa"
        communes.append(
            CommunePlan(
                name=name,
                kind=kind,
                code=f"{plan.code}-{_abbreviation(name, taken)}",
                staff=facts.staff or plan.commune_staff,
                hamlets=_plan_hamlets(rng, plan, kind, hamlet_counts[name], facts.hamlet_names),
            )
        )
    _plan_households(rng, plan, communes, known)
    _plan_members(rng, plan, communes)
    _flag_disadvantaged(rng, plan, communes)
    return communes


def _new_names(rng, first_words, last_words, count, taken):
    pool = [f"{first} {last}" for first in first_words for last in last_words if first != last]
    return rng.sample([name for name in pool if name not in taken], count)


def _hamlet_counts(rng, plan, names, known):
    fixed = {name: known[name].hamlets for name in names if name in known and known[name].hamlets}
    free = [name for name in names if name not in fixed]
    spread = _spread(rng, plan.hamlets - sum(fixed.values()), len(free), *HAMLETS_PER_COMMUNE)
    return fixed | dict(zip(free, spread, strict=True))


def _abbreviation(name, taken):
    """Initials of `name` ('Nam Quan' -> 'NQ'), lengthened until no other commune has them."""
    words = fold(name).upper().split()
    initials = "".join(word[0] for word in words)
    candidates = itertools.chain(
        [initials],
        (initials + letter for letter in words[-1][1:]),
        (f"{initials}{n}" for n in itertools.count(2)),
    )
    code = next(candidate for candidate in candidates if candidate not in taken)
    taken.add(code)
    return code


def _plan_hamlets(rng, plan, commune_kind, count, known_names):
    known = {hamlet.name: hamlet for hamlet in plan.known_hamlets}
    pool = [name for name in HAMLET_NAMES if name not in known and name not in known_names]
    names = [*known_names, *rng.sample(pool, count - len(known_names))]
    return [
        HamletPlan(name, _hamlet_kind(rng, commune_kind, name, name in known_names), known.get(name))
        for name in names
    ]


def _hamlet_kind(rng, commune_kind, name, named_in_articles):
    """A hamlet is never of the kind its name begins with: "Bản Ngần" is a thôn, not "Bản Bản Ngần"."""
    if commune_kind == "thi_tran":
        return "khu_pho"
    if named_in_articles or rng.random() >= 0.15 or _repeats_kind_word("ban", name):
        return "thon"
    return "ban"


def _repeats_kind_word(kind, name):
    """Whether `name` begins with the word of `kind`, which is written before it ("Bản Bản Ngần")."""
    return f"{name} ".lower().startswith(f"{_kind_word(kind)} ")


def _plan_households(rng, plan, communes, known):
    """Household sizes of every hamlet, matching the totals the articles give."""
    rest, remaining = [], plan.households
    for commune in communes:
        for hamlet in commune.hamlets:
            if hamlet.known:
                hamlet.sizes = _sizes(rng, hamlet.known.households, hamlet.known.residents)
        free = [hamlet for hamlet in commune.hamlets if not hamlet.known]
        fixed = sum(len(hamlet.sizes) for hamlet in commune.hamlets if hamlet.known)
        total = known.get(commune.name, KnownCommune(commune.name)).households
        if total:
            _fill_hamlets(rng, free, total - fixed)
            remaining -= total
        else:
            rest += free
            remaining -= fixed
    _fill_hamlets(rng, rest, remaining)


def _fill_hamlets(rng, hamlets, households):
    counts = _spread(rng, households, len(hamlets), *HAMLET_HOUSEHOLDS)
    for hamlet, count in zip(hamlets, counts, strict=True):
        hamlet.sizes = _sizes(rng, count)


def _plan_members(rng, plan, communes):
    for commune in communes:
        for hamlet in commune.hamlets:
            if hamlet.known:
                hamlet.members = hamlet.known.members
            else:
                share = plan.members_per_household * rng.uniform(0.8, 1.2)
                hamlet.members = max(MIN_CELL_MEMBERS, round(len(hamlet.sizes) * share))


def _flag_disadvantaged(rng, plan, communes):
    rural = [hamlet for commune in communes for hamlet in commune.hamlets if hamlet.kind != "khu_pho"]
    for hamlet in rng.sample(rural, min(plan.disadvantaged, len(rural))):
        hamlet.disadvantaged = True


def _sizes(rng, count, residents=None):
    sizes = rng.choices(range(1, len(SIZE_WEIGHTS) + 1), weights=SIZE_WEIGHTS, k=count)
    if residents is not None:
        _nudge(rng, sizes, residents, 1, len(SIZE_WEIGHTS))
    return sizes


def _spread(rng, total, count, low, high):
    """`count` random whole numbers between `low` and `high` that add up to `total`."""
    mode = min(high, max(low, total / count))
    draws = [rng.triangular(low, high, mode) for _ in range(count)]
    scale = total / sum(draws)
    return _nudge(rng, [min(high, max(low, round(d * scale))) for d in draws], total, low, high)


def _nudge(rng, values, total, low, high):
    """Move `values` one step at a time, between `low` and `high`, until they add up to `total`."""
    if not low * len(values) <= total <= high * len(values):
        raise ValueError(f"{len(values)} numbers between {low} and {high} cannot add up to {total}.")
    gap = total - sum(values)
    while gap:
        step = 1 if gap > 0 else -1
        index = rng.randrange(len(values))
        if low <= values[index] + step <= high:
            values[index] += step
            gap -= step
    return values


# Building: documents whose references are the in-memory parents, validated and loaded in order.


def _load_district(loader, plan, rng, communes, province, province_committee):
    district = loader.add(_unit(plan.code, "huyen", plan.name, province, communes))
    committee = loader.add(
        _organization("dang_bo_huyen", f"Đảng bộ huyện {plan.name}", district, province_committee)
    )
    cells = _load_agencies(loader, rng, plan, Seat(district, committee))
    # The district leaders attend the cell of the Huyện ủy office, the first agency.
    leaders_seat = Seat(district, committee, cells[0])
    for number, titles in enumerate(DISTRICT_LEADERS, 1):
        loader.add(
            _person(
                rng,
                f"{plan.code}:leader:{number}",
                leaders_seat,
                "can_bo",
                titles=titles,
                member=True,
                born=LEADER_BIRTH_YEARS,
            )
        )
    for commune in communes:
        _load_commune(loader, rng, commune, district, committee)


def _load_agencies(loader, rng, plan, seat):
    """The party cells of the district agencies, with their staff; returns the cells."""
    cells = []
    for number, (agency, head, deputy) in enumerate(AGENCIES, 1):
        name = f"{agency} {plan.name}" if "Huyện ủy" in agency else f"{agency} huyện {plan.name}"
        cell = loader.add(
            _organization(
                "chi_bo_co_so", f"Chi bộ {name}", seat.unit, seat.committee, f"{plan.code}:{number}"
            )
        )
        cells.append(cell)
        category = "can_bo" if "Huyện ủy" in agency else "cong_chuc"
        head_titles = (f"{head} {name}", "Bí thư Chi bộ")
        if "Huyện ủy" in agency and not agency.startswith("Văn phòng"):
            head_titles = ("Ủy viên Ban Thường vụ Huyện ủy", *head_titles)
        staff = [head_titles, (f"{deputy} {name}", "Phó Bí thư Chi bộ")]
        staff += [()] * rng.randint(*AGENCY_STAFF)
        for index, titles in enumerate(staff, 1):
            loader.add(
                _person(
                    rng,
                    f"{plan.code}:{number}:{index}",
                    Seat(seat.unit, seat.committee, cell),
                    category,
                    titles=titles,
                    member=bool(titles) or rng.random() < MEMBER_SHARE,
                    born=LEADER_BIRTH_YEARS if titles else OFFICIAL_BIRTH_YEARS,
                )
            )
    return cells


def _load_commune(loader, rng, plan, district, district_committee):
    commune = loader.add(_unit(plan.code, plan.kind, plan.name, district, [plan]))
    word = _kind_word(plan.kind)
    committee = loader.add(
        _organization("dang_bo_co_so", f"Đảng bộ {word} {plan.name}", commune, district_committee)
    )
    seat = Seat(commune, committee)
    posts = COMMUNE_POSTS[: plan.staff] + (EXTRA_COMMUNE_POST,) * (plan.staff - len(COMMUNE_POSTS))
    for number, (category, templates) in enumerate(posts, 1):
        titles = tuple(template.format(xa=word) for template in templates)
        member = (
            category == "can_bo"
            or any(_is_committee_title(title) for title in titles)
            or rng.random() < MEMBER_SHARE
        )
        loader.add(
            _person(
                rng,
                f"{plan.code}:{number}",
                seat,
                category,
                titles=titles,
                member=member,
                born=OFFICIAL_BIRTH_YEARS,
            )
        )
    household_numbers = itertools.count(1)
    for number, hamlet in enumerate(plan.hamlets, 1):
        _load_hamlet(loader, rng, hamlet, f"{plan.code}-{number:02d}", seat, household_numbers)


def _load_hamlet(loader, rng, plan, code, commune_seat, household_numbers):
    hamlet = loader.add(_unit(code, plan.kind, plan.name, commune_seat.unit, hamlet_plan=plan))
    cell = loader.add(
        _organization("chi_bo", f"Chi bộ {_kind_word(plan.kind)} {plan.name}", hamlet, commune_seat.committee)
    )
    seat = Seat(hamlet, commune_seat.committee, cell)
    people = [loader.add(person) for person in _hamlet_people(rng, plan, code, seat)]
    members = [person for person in people if person.party_organization is not None]
    rng.shuffle(members)
    commune_code = commune_seat.unit.code
    for index, size in enumerate(plan.sizes):
        code = f"{commune_code}-{next(household_numbers):04d}"
        loader.add(_household(rng, code, hamlet, size, members[index % len(members)]))


def _hamlet_people(rng, plan, code, seat):
    """The cell's members, its secretary and deputy, the hamlet head, and a few non-members."""
    headman = HEADMAN_TITLES[plan.kind]
    roll = rng.random()
    if plan.known or roll < 0.45:
        leaders = [("Bí thư Chi bộ", headman), ("Phó Bí thư Chi bộ",)]
    elif roll < 0.94:
        leaders = [("Bí thư Chi bộ",), ("Phó Bí thư Chi bộ", headman)]
    else:
        leaders = [("Bí thư Chi bộ",), ("Phó Bí thư Chi bộ",)]
    keys = (f"{code}:{n}" for n in itertools.count(1))
    people = [
        _person(
            rng,
            next(keys),
            seat,
            "khong_chuyen_trach",
            titles=titles,
            member=True,
            born=HAMLET_LEADER_BIRTH_YEARS,
        )
        for titles in leaders
    ]
    if plan.known and plan.known.secretary:
        people[0].full_name, people[0].gender = plan.known.secretary, "nam"
    people += [
        _person(rng, next(keys), seat, "dang_vien", member=True) for _ in range(plan.members - len(leaders))
    ]
    if not any(headman in titles for titles in leaders):
        people.append(
            _person(
                rng, next(keys), seat, "khong_chuyen_trach", titles=(headman,), born=HAMLET_LEADER_BIRTH_YEARS
            )
        )
    people += [_person(rng, next(keys), seat, "quan_chung") for _ in range(rng.randint(0, 2))]
    return people


def _unit(code, kind, name, parent, communes=(), hamlet_plan=None):
    """A unit whose households and population are the sums over `communes`, or one hamlet's."""
    hamlets = [hamlet_plan] if hamlet_plan else [hamlet for commune in communes for hamlet in commune.hamlets]
    return Unit(
        id=object_id("unit", code),
        kind=kind,
        code=code,
        name=name,
        parent=parent,
        households=sum(len(hamlet.sizes) for hamlet in hamlets),
        population=sum(sum(hamlet.sizes) for hamlet in hamlets),
        disadvantaged=bool(hamlet_plan and hamlet_plan.disadvantaged),
    )


def _organization(kind, name, unit, parent, key=None):
    return PartyOrganization(
        id=object_id("party_organization", key or unit.code), kind=kind, name=name, unit=unit, parent=parent
    )


def _person(rng, key, seat, category, *, titles=(), member=False, born=BIRTH_YEARS):
    """A person of `seat`, member of its cell (or committee) when `member`, holding `titles`."""
    gender = _gender(rng, titles)
    ethnicity = rng.choices(ETHNICITIES, weights=ETHNICITY_WEIGHTS)[0]
    birth_year = rng.randint(*born)
    positions = _positions(rng, titles, birth_year, seat)
    full_name = _full_name(rng, gender, ethnicity)
    if key in NAMED_PEOPLE:
        full_name, gender = NAMED_PEOPLE[key], "nam"
    person = Person(
        id=object_id("person", key),
        full_name=full_name,
        gender=gender,
        birth_year=birth_year,
        ethnicity=ethnicity,
        category=category,
        unit=seat.unit,
        positions=positions,
    )
    if member:
        person.party_organization = seat.cell or seat.committee
        latest = min([AS_OF, *(position.start for position in positions)])
        person.admitted_on = _admission(rng, birth_year, latest)
        official = person.admitted_on.replace(year=person.admitted_on.year + 1)
        person.official_on = official if official <= AS_OF else None
    return person


def _gender(rng, titles):
    if any("Phụ nữ" in title for title in titles):
        return "nu"
    return "nu" if rng.random() < FEMALE_SHARE else "nam"


def _full_name(rng, gender, ethnicity):
    family = rng.choice(DAO_FAMILY_NAMES if ethnicity == "Dao" else FAMILY_NAMES)
    middle = COMMON_MIDDLE_NAMES[gender] if rng.random() < 0.6 else rng.choice(MIDDLE_NAMES[gender])
    return f"{family} {middle} {rng.choice(GIVEN_NAMES[gender])}"


def _admission(rng, birth_year, latest):
    """A day to join the Party, at 18 or later and no later than `latest`."""
    year = rng.randint(birth_year + 18, max(birth_year + 18, min(birth_year + 45, latest.year)))
    return min(_day(rng, year), latest)


def _positions(rng, titles, birth_year, seat):
    """The current posts named by `titles`, now and then after a lower post held before."""
    positions = [_position(title, _start(rng, title, birth_year), seat) for title in titles]
    for current in positions:
        earlier = _earlier_title(current.title)
        if earlier and current.start.year - 5 >= birth_year + 25:
            if rng.random() < HISTORY_SHARE:
                start = current.start.replace(year=current.start.year - 5)
                end = current.start - datetime.timedelta(days=1)
                positions.insert(0, _position(earlier, start, seat, end))
            break
    return positions


def _earlier_title(title):
    """The deputy post one usually holds before a head post: 'Bí thư Chi bộ' -> 'Phó Bí thư Chi bộ'."""
    return f"Phó {title}" if title.startswith(("Bí thư ", "Chủ tịch ")) else None


def _position(title, start, seat, end=None):
    """A post of a party body (a cell or committee) or of the unit, as the title says."""
    if "Chi bộ" in title:
        return Position(title=title, organization=seat.cell, start=start, end=end)
    if _is_committee_title(title):
        return Position(title=title, organization=seat.committee, start=start, end=end)
    return Position(title=title, unit=seat.unit, start=start, end=end)


def _is_committee_title(title):
    return any(word in title for word in PARTY_COMMITTEE_WORDS)


def _start(rng, title, birth_year):
    for words, year, first_month, last_month in TERM_STARTS:
        if any(word in title for word in words):
            return _day(rng, year, first_month, last_month)
    return _day(rng, rng.randint(max(2008, birth_year + 22), 2023))


def _day(rng, year, first_month=1, last_month=12):
    # Days up to the 28th only, so that a date moved by whole years always exists.
    return datetime.date(year, rng.randint(first_month, last_month), rng.randint(1, 28))


def _household(rng, code, hamlet, size, member):
    gender = "nu" if rng.random() < FEMALE_HEAD_SHARE else "nam"
    ethnicity = rng.choices(ETHNICITIES, weights=ETHNICITY_WEIGHTS)[0]
    return Household(
        id=object_id("household", code),
        code=code,
        head_name=_full_name(rng, gender, ethnicity),
        hamlet=hamlet,
        size=size,
        poverty=_poverty(rng, hamlet.disadvantaged),
        member_in_charge=member,
    )


def _poverty(rng, disadvantaged):
    poor, near_poor = POVERTY_SHARES[disadvantaged]
    roll = rng.random()
    if roll < poor:
        return "ngheo"
    if roll < poor + near_poor:
        return "can_ngheo"
    return "khong"


def _kind_word(kind):
    """'xa' -> 'xã', as it stands before a name: 'Đảng bộ xã Nam Quan'."""
    return label(UNIT_KIND_CHOICES, kind).lower()
