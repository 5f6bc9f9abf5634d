"""A real mongod for the whole session and a clean database for every test."""

import datetime
import io
import re

import pytest
from mongoengine.connection import get_db

from app import create_app
from documents import (
    HistoryEntry,
    Household,
    IssuingBody,
    PartyOrganization,
    Person,
    Position,
    TrashedRecord,
    Unit,
    User,
)
from documents.database import LocalMongod

TEST_DB = "bantochuc_test"
PASSWORD = "mat-khau-thu-nghiem"


@pytest.fixture(scope="session")
def mongod(tmp_path_factory):
    """Fails the whole run, loudly, when mongod cannot start."""
    with LocalMongod(tmp_path_factory.mktemp("mongod")) as server:
        yield server


@pytest.fixture
def app(mongod, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "MONGODB_URI": mongod.uri,
            "MONGODB_DB": TEST_DB,
            "SECRET_KEY": "test-secret",
            # Exact totals whatever the machine's load (the cut-off itself: test_list_counts.py).
            "LIST_COUNT_MS": 10_000,
        }
    )
    _clean(get_db())
    for document in (Unit, PartyOrganization, Person, Household, User, HistoryEntry, TrashedRecord):
        document.ensure_indexes()
    yield app


def _clean(db):
    if not db.name.endswith("_test"):
        raise RuntimeError(f"refusing to clean database {db.name!r}: its name does not end in _test")
    for name in db.list_collection_names(filter={"name": {"$not": {"$regex": "^system\\."}}}):
        db[name].delete_many({})


@pytest.fixture
def client(app):
    return app.test_client()


def make_user(username="admin", role="admin", unit=None):
    user = User(username=username, role=role, unit=unit)
    user.set_password(PASSWORD)
    return user.save()


def csrf_token(client, url):
    """The CSRF token of the form on `url`."""
    import re

    html = client.get(url).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', html
    )
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def login(client, username="admin", password=PASSWORD):
    token = csrf_token(client, "/login")
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token})


@pytest.fixture
def admin_client(client):
    make_user()
    response = login(client)
    assert response.status_code == 302
    return client


@pytest.fixture
def district(app):
    """A small tree: province, district, two communes, three hamlets."""
    province = Unit(kind="tinh", code="20", name="Lạng Sơn").save()
    loc_binh = Unit(kind="huyen", code="186", name="Lộc Bình", parent=province).save()
    nam_quan = Unit(kind="xa", code="06526", name="Nam Quan", parent=loc_binh).save()
    nhan_ly = Unit(kind="xa", code="06527", name="Nhân Lý", parent=loc_binh).save()
    doan_ket = Unit(kind="thon", code="0652601", name="Đoàn Kết", parent=nam_quan, households=63).save()
    na_pai = Unit(kind="thon", code="0652602", name="Nà Pái", parent=nam_quan).save()
    ban_chanh = Unit(kind="thon", code="0652701", name="Bản Chành", parent=nhan_ly).save()
    return dict(
        province=province,
        district=loc_binh,
        nam_quan=nam_quan,
        nhan_ly=nhan_ly,
        doan_ket=doan_ket,
        na_pai=na_pai,
        ban_chanh=ban_chanh,
    )


def stdin(text):
    return io.StringIO(text)


def district_committee(unit, **fields):
    """The district's Party committee as an issuing body (Party layout, numbered per term), saved."""
    values = dict(
        name="Huyện ủy Lộc Bình",
        parent_name="Đảng bộ tỉnh Lạng Sơn",
        abbreviation="HU",
        unit=unit,
        rule_book="dang_36",
        place_name="Lộc Bình",
        authority="T/M Ban Thường vụ",
        signer_post="Phó Bí thư",
        signer_name="Hoàng Văn Nam",
        numbering="loai_nhiem_ky",
        term_start=datetime.date(2025, 8, 1),
        term_end=datetime.date(2030, 7, 31),
    )
    return IssuingBody(**{**values, **fields}).save()


def commune_peoples_committee(unit, **fields):
    """A commune's People's Committee as an issuing body (state layout, one sequence a year), saved."""
    values = dict(
        name="Ủy ban nhân dân xã Nam Quan",
        parent_name="UBND huyện Lộc Bình",
        abbreviation="UBND",
        unit=unit,
        rule_book="nha_nuoc_30",
        place_name="Nam Quan",
        authority="TM. Ủy ban nhân dân",
        signer_post="Chủ tịch",
        signer_name="Vi Văn Hùng",
        numbering="chung_nam",
    )
    return IssuingBody(**{**values, **fields}).save()


@pytest.fixture
def task_place(district):
    """A cadre of Nam Quan, the district committee as the assigning body, and accounts: editors of
    the commune, the district and another commune, and a viewer of the commune."""
    cadre = Person(
        full_name="Hoàng Văn Tâm",
        gender="nam",
        birth_year=1975,
        category="can_bo",
        unit=district["nam_quan"],
        positions=[Position(title="Chủ tịch UBND xã", start=datetime.date(2021, 6, 1))],
    ).save()
    body = district_committee(district["district"])
    make_user("xa", role="editor", unit=district["nam_quan"])
    make_user("huyen", role="editor", unit=district["district"])
    make_user("xakhac", role="editor", unit=district["nhan_ly"])
    make_user("xem", role="viewer", unit=district["nam_quan"])
    return dict(cadre=cadre, body=body, **district)


def field_errors(page, field_id):
    """The error texts shown under the input `field_id` (before the next input of the form)."""
    start = page.index(f'id="{field_id}"')
    after = page[start:]
    following = re.search(r"<(input|select|textarea)\b", after[1:])
    block = after[: following.start() + 1] if following else after
    return [re.sub(r"<[^>]+>", "", e).strip() for e in re.findall(r"<li>(.*?)</li>", block, re.S)]
