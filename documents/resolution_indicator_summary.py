"""The named query of resolution indicators for a unit and a year: the resolutions of the
organizations under the unit whose year or term includes it, each with its indicators met
("đạt và vượt"), missed (named) and not yet reported, and the totals ("16/16 chỉ tiêu đạt và
vượt", "24/25")."""

from dataclasses import dataclass, field

from documents.resolution_indicator import ResolutionIndicators, met


@dataclass
class Resolution:
    record: object
    met: list = field(default_factory=list)
    missed: list = field(default_factory=list)
    unreported: list = field(default_factory=list)

    @property
    def total(self):
        return len(self.met) + len(self.missed) + len(self.unreported)


@dataclass
class IndicatorSummary:
    unit: object
    year: int
    resolutions: list = field(default_factory=list)  # [Resolution], by organization then name

    @property
    def total(self):
        return sum(r.total for r in self.resolutions)

    @property
    def met(self):
        return sum(len(r.met) for r in self.resolutions)

    @property
    def missed(self):
        return sum(len(r.missed) for r in self.resolutions)

    @property
    def unreported(self):
        return sum(len(r.unreported) for r in self.resolutions)


def summary(unit, year, scope=None):
    """Resolutions under `unit` covering `year` within `scope` (the account's raw filter)."""
    found = IndicatorSummary(unit=unit, year=year)
    records = ResolutionIndicators.objects.under(unit).covering(year)
    if scope:
        records = records.filter(__raw__=scope)
    rows = []
    for record in records:
        row = Resolution(record=record)
        for target in record.targets:
            reached = met(target)
            (row.unreported if reached is None else row.met if reached else row.missed).append(target)
        rows.append(row)
    # The higher organizations first (the commune's committee before its cells), then by name.
    found.resolutions = sorted(rows, key=_order)
    return found


def _order(row):
    record = row.record
    return (
        len(record.ancestors),
        getattr(record.organization, "sort_name", ""),
        -record.first_year,
        record.sort_name,
    )
