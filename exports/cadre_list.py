"""Danh sách cán bộ, đảng viên of a unit: a short covering report with the list as its annex."""

from documents import PartyOrganization, Person, Unit
from documents.constants import GENDERS, PERSON_CATEGORIES, UNIT_KIND_CHOICES, label
from documents.unit import in_sentence

DOCUMENT_TYPE = "BC"
TEMPLATE = "documents/cadre_list.html"
COLUMNS = ("STT", "Họ và tên", "Năm sinh", "Giới tính", "Dân tộc", "Chức vụ hiện nay", "Đơn vị",
           "Nơi sinh hoạt đảng", "Ngày vào Đảng")  # fmt: skip  # the columns read as the table's header row
WIDTHS = (5, 15, 6, 6, 6, 22, 12, 17, 11)
# The category "Đảng viên" is the members who are none of the others: named so in the sentence that
# then counts every member, officials included.
CATEGORY_NAMES = {
    **dict(PERSON_CATEGORIES),
    "dang_vien": "đảng viên không phải cán bộ, công chức, người hoạt động không chuyên trách",
}
OFFICIAL_CATEGORIES = ("can_bo", "cong_chuc", "khong_chuyen_trach")
FIELDS = ("full_name", "birth_year", "gender", "ethnicity", "category", "unit", "party_organization",
          "admitted_on", "positions")  # fmt: skip  # the columns read as the table's header row


def summary(unit, document_type, parameters=None):
    """What the title says after the type's name: a list (DS) does not name itself twice."""
    listed = f"cán bộ, đảng viên {in_sentence(unit)}"
    return listed if document_type == "DS" else f"danh sách {listed}"


def rows(document):
    """The rows the list prints, counted (`exports.document_job` decides from it where to print)."""
    return Person.objects.cadres_and_members_under(document.unit).count()


def gather(document, as_of):
    """The people of the document's unit and the units below it who hold a post or are party
    members, by name (`Person.objects.cadres_and_members_under`); its members are
    `Person.objects.party_members_under`, by where they live or work, wherever they attend."""
    unit = document.unit
    people = list(
        Person.objects.cadres_and_members_under(unit).only(*FIELDS).order_by("sort_name").as_pymongo()
    )
    units = _names(
        Unit, {p["unit"] for p in people}, lambda u: f"{label(UNIT_KIND_CHOICES, u['kind'])} {u['name']}"
    )
    cells = _names(
        PartyOrganization, {p.get("party_organization") for p in people} - {None}, lambda o: o["name"]
    )
    rows = []
    for number, person in enumerate(people, 1):
        admitted = person.get("admitted_on")
        rows.append(
            [
                number,
                person["full_name"],
                str(person["birth_year"]),
                label(GENDERS, person["gender"]),
                person.get("ethnicity") or "",
                "; ".join(_current_posts(person, as_of)) or label(PERSON_CATEGORIES, person["category"]),
                units.get(person["unit"], ""),
                cells.get(person.get("party_organization"), ""),
                admitted.strftime("%d/%m/%Y") if admitted else "",
            ]
        )
    counts = {
        "total": len(people),
        "women": sum(p["gender"] == "nu" for p in people),
        "minorities": sum((p.get("ethnicity") or "Kinh") != "Kinh" for p in people),
        "members": Person.objects.party_members_under(unit).count(),
        "official_members": sum(
            p.get("party_organization") is not None and p["category"] in OFFICIAL_CATEGORIES for p in people
        ),
        "categories": [
            [CATEGORY_NAMES[value], n]
            for value, _ in PERSON_CATEGORIES
            if (n := sum(p["category"] == value for p in people))
        ],
    }
    table = {"columns": list(COLUMNS), "rows": rows, "centered": [2, 3], "widths": list(WIDTHS)}
    return {"unit": in_sentence(unit), "counts": counts, "table": table}


def _current_posts(person, as_of):
    return [
        post["title"]
        for post in person.get("positions", [])
        if post.get("end") is None or post["end"].date() >= as_of
    ]


def _names(document, ids, name):
    """Names of the records `ids`, in one query."""
    return {
        row["_id"]: name(row) for row in document.objects(pk__in=list(ids)).only("name", "kind").as_pymongo()
    }
