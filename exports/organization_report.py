"""Báo cáo tình hình tổ chức of a district: its communes and hamlets by kind, households,
population, disadvantaged hamlets, party organizations and members, with a table per commune."""

from collections import Counter

from documents import PartyOrganization, Person, Unit
from documents.constants import PARTY_ORGANIZATION_KINDS, UNIT_KIND_CHOICES, label
from documents.unit import in_sentence

DOCUMENT_TYPE = "BC"
TEMPLATE = "documents/organization_report.html"
COMMUNE_COLUMNS = ("STT", "Xã, thị trấn", "Số thôn, tổ", "Thôn ĐBKK", "Số hộ", "Số dân", "Tổ chức đảng",
                   "Đảng viên")  # fmt: skip  # the columns read as the table's header row
HAMLET_COLUMNS = ("STT", "Thôn, tổ dân phố", "Số hộ", "Số dân", "Đặc biệt khó khăn", "Chi bộ", "Đảng viên")
FIGURES = ("hamlets", "disadvantaged", "households", "population", "organizations", "members")
UNIT_FIELDS = ("kind", "name", "parent", "households", "population", "disadvantaged")


def summary(unit):
    return f"tình hình tổ chức các xã, thị trấn và thôn, tổ dân phố {in_sentence(unit)}"


def gather(document, as_of):
    district = document.unit
    below = Unit.objects(ancestors=district.pk, pk__ne=district.pk).only(*UNIT_FIELDS)
    units = list(below.order_by("sort_name").as_pymongo())
    communes = [u for u in units if u.get("parent") == district.pk]
    hamlets_of = {}
    for unit in units:
        hamlets_of.setdefault(unit.get("parent"), []).append(unit)
    organizations = list(
        PartyOrganization.objects(ancestors=district.pk).only("kind", "name", "unit").as_pymongo()
    )
    cells_of = {}
    for organization in organizations:
        cells_of.setdefault(organization["unit"], []).append(organization["name"])
    members_in = Counter()
    for row in Person._get_collection().aggregate(
        [
            {"$match": {"ancestors": district.pk, "party_organization": {"$ne": None}}},
            {"$group": {"_id": "$unit", "n": {"$sum": 1}}},
        ]
    ):
        members_in[row["_id"]] = row["n"]

    commune_rows, commune_tables = [], []
    totals = Counter()
    for number, commune in enumerate(communes, 1):
        hamlets = hamlets_of.get(commune["_id"], [])
        figures = _figures(commune, hamlets, cells_of, members_in)
        totals.update(figures)
        name = f"{label(UNIT_KIND_CHOICES, commune['kind'])} {commune['name']}"
        commune_rows.append([number, name, *figures.values()])
        commune_tables.append(
            {
                "name": name,
                "columns": list(HAMLET_COLUMNS),
                "rows": [_hamlet_row(n, h, cells_of, members_in) for n, h in enumerate(hamlets, 1)],
                "numeric": [2, 3, 6],
                "centered": [4],
                "widths": [6, 24, 9, 10, 12, 28, 11],
                "total": [
                    "",
                    "Cộng",
                    *(figures[k] for k in ("households", "population", "disadvantaged")),
                    "",
                    sum(members_in[h["_id"]] for h in hamlets),
                ],
            }
        )
    return {
        "unit": in_sentence(district),
        "communes": len(communes),
        "commune_kinds": _kinds(communes),
        "hamlet_kinds": _kinds([u for u in units if u.get("parent") != district.pk]),
        "party_kinds": sorted(
            Counter(label(PARTY_ORGANIZATION_KINDS, o["kind"]) for o in organizations).items()
        ),
        "totals": dict(totals),
        "table": {
            "columns": list(COMMUNE_COLUMNS),
            "rows": commune_rows,
            "numeric": [2, 3, 4, 5, 6, 7],
            "widths": [6, 24, 11, 10, 11, 12, 14, 12],
            "total": ["", "Toàn huyện", *(totals[key] for key in FIGURES)],
        },
        "commune_tables": commune_tables,
    }


def _kinds(units):
    """[kind name, count] of `units`, most numerous first: [["thôn", 167], ["bản", 24]...]."""
    counts = Counter(label(UNIT_KIND_CHOICES, u["kind"]).lower() for u in units)
    return [[name, n] for name, n in counts.most_common()]


def _figures(commune, hamlets, cells_of, members_in):
    """A commune's row: its hamlets' figures added up (its own when it has no hamlets)."""
    places = [commune["_id"], *(h["_id"] for h in hamlets)]
    return {
        "hamlets": len(hamlets),
        "disadvantaged": sum(bool(h.get("disadvantaged")) for h in hamlets),
        "households": sum(h.get("households", 0) for h in hamlets) or commune.get("households", 0),
        "population": sum(h.get("population", 0) for h in hamlets) or commune.get("population", 0),
        "organizations": sum(len(cells_of.get(place, [])) for place in places),
        "members": sum(members_in[place] for place in places),
    }


def _hamlet_row(number, hamlet, cells_of, members_in):
    return [
        number,
        f"{label(UNIT_KIND_CHOICES, hamlet['kind'])} {hamlet['name']}",
        hamlet.get("households", 0),
        hamlet.get("population", 0),
        "x" if hamlet.get("disadvantaged") else "",
        ", ".join(cells_of.get(hamlet["_id"], [])),
        members_in[hamlet["_id"]],
    ]
