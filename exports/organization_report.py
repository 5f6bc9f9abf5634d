"""Báo cáo tình hình tổ chức of a district: its communes and hamlets by kind, households,
population, disadvantaged hamlets, party organizations and members, with a table per commune.

Every figure comes from three named queries and is added up from their rows: `Unit.objects.under`
(the units, their kinds and disadvantaged hamlets), `Household.objects.under(...).per_hamlet()`
(households and population: the household registry, as the household list counts them) and
`PartyOrganization.objects.under(...).with_members()`. A party member counts where the
organization they attend is placed (its unit), not where they live, so a commune's row, its annex
and the district's total always add up. The other definitions are named beside them in words when
they differ: members by their own place (`Person.objects.party_members_under`, the cadre list's),
and the households and population each unit declared (`Unit.households`, `Unit.population`)."""

from collections import Counter

from documents import Household, PartyOrganization, Person, Unit
from documents.constants import PARTY_ORGANIZATION_KINDS, UNIT_KIND_CHOICES, label
from documents.unit import in_sentence

DOCUMENT_TYPE = "BC"
TEMPLATE = "documents/organization_report.html"
COMMUNE_COLUMNS = ("STT", "Xã, thị trấn", "Số thôn, tổ", "Thôn ĐBKK", "Số hộ", "Số dân", "Tổ chức đảng",
                   "Đảng viên")  # fmt: skip  # the columns read as the table's header row
HAMLET_COLUMNS = ("STT", "Thôn, tổ dân phố", "Số hộ", "Số dân", "Đặc biệt khó khăn", "Chi bộ", "Đảng viên")
FIGURES = ("hamlets", "disadvantaged", "households", "population", "organizations", "members")
UNIT_FIELDS = ("kind", "name", "parent", "households", "population", "disadvantaged")
DISTRICT_LEVEL = "Cấp huyện"


def summary(unit, document_type, parameters=None):
    return f"tình hình tổ chức các xã, thị trấn và thôn, tổ dân phố {in_sentence(unit)}"


def rows(document):
    """The rows the report prints, counted: a row for each commune, and for each hamlet in its table."""
    return Unit.objects.under(document.unit).count()


def gather(document, as_of):
    district = document.unit
    units = list(Unit.objects.under(district).only(*UNIT_FIELDS).order_by("sort_name").as_pymongo())
    communes = [u for u in units if u.get("parent") == district.pk]
    hamlets_of = {}
    for unit in units:
        hamlets_of.setdefault(unit.get("parent"), []).append(unit)
    registry = Household.objects.under(district).per_hamlet()
    organizations = PartyOrganization.objects.under(district).with_members()
    # Organizations by the commune they are placed in (None: at the district itself) and by place.
    in_commune, at_place = {}, {}
    for organization in organizations:
        path = organization["ancestors"]
        below = path[path.index(district.pk) + 1 :]
        in_commune.setdefault(below[0] if below else None, []).append(organization)
        at_place.setdefault(organization["unit"], []).append(organization)

    commune_rows, commune_tables = [], []
    totals, declared_total = Counter(), Counter()
    for number, commune in enumerate(communes, 1):
        hamlets = hamlets_of.get(commune["_id"], [])
        figures = _figures(commune, hamlets, in_commune.get(commune["_id"], []), registry)
        declared = _declared(commune, hamlets)
        totals.update(figures)
        declared_total.update(declared)
        name = _name(commune)
        commune_rows.append([number, name, *figures.values()])
        rows = [
            _hamlet_row(n, h, at_place.get(h["_id"], []), _registered(h, registry))
            for n, h in enumerate(hamlets, 1)
        ]
        listed = {h["_id"] for h in hamlets}
        others = [o for o in in_commune.get(commune["_id"], []) if o["unit"] not in listed]
        commune_tables.append(
            {
                "name": name,
                "columns": list(HAMLET_COLUMNS),
                "rows": rows,
                "numeric": [2, 3, 6],
                "centered": [4],
                "widths": [6, 24, 9, 10, 12, 28, 11],
                "total": [
                    "",
                    "Cộng",
                    *(figures[k] for k in ("households", "population", "disadvantaged")),
                    "",
                    sum(row[-1] for row in rows),
                ],
                # What the commune's row counts beyond its hamlets: the organizations at the
                # commune itself (its Party committee, agency cells) and their members.
                "organizations": figures["organizations"],
                "members": figures["members"],
                "hamlet_organizations": figures["organizations"] - len(others),
                "hamlet_members": figures["members"] - sum(o["members"] for o in others),
                "others": [[o["name"], o["members"]] for o in others],
                # [unit, households, population] the commune and its hamlets declared, where it is
                # not what the registry counts.
                "declared": [
                    [_name(unit, sentence=True), own["households"], own["population"]]
                    for unit, own, counted in (
                        (commune, declared, figures),
                        *((h, _declared(h, []), _registered(h, registry)) for h in hamlets),
                    )
                    if _differing(own, counted)
                ],
            }
        )
    communes_total = dict(totals)
    at_district = in_commune.get(None, [])
    district_level = {
        "organizations": len(at_district),
        "members": sum(o["members"] for o in at_district),
        "kinds": sorted(Counter(label(PARTY_ORGANIZATION_KINDS, o["kind"]) for o in at_district).items()),
    }
    totals["organizations"] += district_level["organizations"]
    totals["members"] += district_level["members"]
    rows = list(commune_rows)
    if at_district:
        rows.append(
            ["", DISTRICT_LEVEL, "", "", "", "", district_level["organizations"], district_level["members"]]
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
        "communes_total": communes_total,
        "district_level": district_level,
        "members_by_residence": Person.objects.party_members_under(district).count(),
        "declared": _differing(dict(declared_total), totals),
        "table": {
            "columns": list(COMMUNE_COLUMNS),
            "rows": rows,
            "numeric": [2, 3, 4, 5, 6, 7],
            "widths": [6, 24, 11, 10, 11, 12, 14, 12],
            "total": ["", "Toàn huyện", *(totals[key] for key in FIGURES)],
        },
        "commune_tables": commune_tables,
    }


def _name(unit, sentence=False):
    """ "Thôn Nặm Mùn" as a row names it, "thôn Nặm Mùn" inside a sentence."""
    kind = label(UNIT_KIND_CHOICES, unit["kind"])
    return f"{kind.lower() if sentence else kind} {unit['name']}"


def _kinds(units):
    """[kind name, count] of `units`, most numerous first: [["thôn", 167], ["bản", 24]...]."""
    counts = Counter(label(UNIT_KIND_CHOICES, u["kind"]).lower() for u in units)
    return [[name, n] for name, n in counts.most_common()]


def _figures(commune, hamlets, organizations, registry):
    """A commune's row: its hamlets, the registry's households and population in it, and the
    party organizations placed in it (at the commune or below) with their members."""
    registered = [_registered(unit, registry) for unit in (commune, *hamlets)]
    return {
        "hamlets": len(hamlets),
        "disadvantaged": sum(bool(h.get("disadvantaged")) for h in hamlets),
        "households": sum(r["households"] for r in registered),
        "population": sum(r["population"] for r in registered),
        "organizations": len(organizations),
        "members": sum(o["members"] for o in organizations),
    }


def _registered(unit, registry):
    """The households of the registry at `unit` and their Số nhân khẩu added up."""
    row = registry.get(unit["_id"], {})
    return {"households": row.get("households", 0), "population": row.get("population", 0)}


def _declared(commune, hamlets):
    """The households and population a unit declared (its stored "Số hộ", "Số dân"): its hamlets'
    added up, its own when they declared none."""
    keys = ("households", "population")
    return {key: sum(h.get(key, 0) for h in hamlets) or commune.get(key, 0) for key in keys}


def _differing(declared, figures):
    """`declared` when it is not what the registry counts, else None."""
    same = all(declared.get(key, 0) == figures.get(key, 0) for key in ("households", "population"))
    return None if same else declared


def _hamlet_row(number, hamlet, organizations, registered):
    return [
        number,
        _name(hamlet),
        registered["households"],
        registered["population"],
        "x" if hamlet.get("disadvantaged") else "",
        ", ".join(o["name"] for o in organizations),
        sum(o["members"] for o in organizations),
    ]
