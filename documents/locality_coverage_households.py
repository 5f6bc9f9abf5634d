"""The households figure of `documents.locality_coverage` (issue 12, item 2), read from the
per-hamlet summaries kept on write (`documents.locality_coverage_summary`), not from 200,000
households.

A household counts where it is now, once, whichever assignment lists it. The unit's hamlets are
read from the tree; each hamlet's summary says how many households it holds and how many are
covered on any day. The gaps are read only for the hamlets short on the day: their households'
holes, stored with the summary, by code (those just recomputed, from memory).
"""

from documents.locality_coverage_summary import gap_rows, summaries, uncovered
from documents.unit import Unit


def household_figure(hamlet_filter, day, skip, limit, few):
    """(covered, total, ids of the gaps from the `skip`-th, at most `limit`, by code) of the
    households of the hamlets matching `hamlet_filter` (a raw filter on units) on `day`."""
    hamlets = [row["_id"] for row in Unit._get_collection().find(hamlet_filter, projection={"_id": 1})]
    found = summaries(hamlets, few)
    short, total, covered = [], 0, 0
    for pk in hamlets:
        summary = found[pk]
        on_day = summary.covered(day)
        total, covered = total + summary.households, covered + on_day
        if on_day < summary.households:
            short.append(pk)
    if not limit or not short:
        return covered, total, []
    here = [pk for pk in short if found[pk].rows is None]
    rows = gap_rows(here, day, skip, limit)
    for pk in short:
        if found[pk].rows is not None:
            rows.extend(uncovered(found[pk], day))
    return covered, total, [pk for _, pk in sorted(rows)[skip : skip + limit]]
