"""The named summary of cell reviews and ratings for a unit and a year: the cells under the unit,
how many were rated at each level (the cells not rated named), and which were reviewed at 6 and
at 12 months (those not reviewed named). Three queries, whatever the number of cells."""

from dataclasses import dataclass, field

from documents.cell_rating import CellRating
from documents.cell_review import CellReview
from documents.constants import CELL_KINDS, RATING_LEVELS, REVIEW_PERIODS
from documents.party_organization import PartyOrganization


@dataclass
class ReviewSummary:
    unit: object
    year: int
    cells: list = field(default_factory=list)  # PartyOrganization, by name
    levels: dict = field(default_factory=dict)  # level -> cells rated at it, every level there
    unrated: list = field(default_factory=list)  # cells without a rating of the year
    reviewed: dict = field(default_factory=dict)  # period -> reviews of the year, every period there
    not_reviewed: dict = field(default_factory=dict)  # period -> cells without a review

    @property
    def rated(self):
        return sum(self.levels.values())


def _scoped(query, scope):
    return query.filter(__raw__=scope) if scope else query


def summary(unit, year, scope=None, cells_scope=None):
    """The cells under `unit` (within `cells_scope`) and their reviews and ratings of `year`
    (within `scope`): raw filters of the account, None for all."""
    found = ReviewSummary(unit=unit, year=year)
    cells = PartyOrganization.objects(ancestors=unit.pk, kind__in=list(CELL_KINDS)).order_by("sort_name")
    found.cells = list(_scoped(cells, cells_scope).only("name", "unit", "sort_name"))
    ids = {cell.pk for cell in found.cells}
    ratings = _scoped(CellRating.objects(ancestors=unit.pk, year=year), scope)
    rated = set()
    found.levels = dict.fromkeys((level for level, _ in RATING_LEVELS), 0)
    for row in ratings.only("organization", "level").as_pymongo():
        if row.get("organization") in ids and row.get("level") in found.levels:
            found.levels[row["level"]] += 1
            rated.add(row["organization"])
    found.unrated = [cell for cell in found.cells if cell.pk not in rated]
    reviews = _scoped(CellReview.objects(ancestors=unit.pk, year=year), scope)
    seen = {period: set() for period, _ in REVIEW_PERIODS}
    found.reviewed = {period: 0 for period, _ in REVIEW_PERIODS}
    for row in reviews.only("organization", "period").as_pymongo():
        if row.get("period") in seen and row.get("organization") in ids:
            seen[row["period"]].add(row["organization"])
            found.reviewed[row["period"]] += 1
    found.not_reviewed = {
        period: [cell for cell in found.cells if cell.pk not in cells] for period, cells in seen.items()
    }
    return found
