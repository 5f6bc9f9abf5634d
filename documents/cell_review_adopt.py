"""Moving a stand-alone checklist kind and its records into the quality reviews of cells (issue
14): the demo's cell-meeting checklist ("sinh_hoat_chi_bo") was defined before reviews had a
family of their own, as a kind of its own.

`adopt(code, cell_field, day_field=None, year=None, retire=())` turns the definition into a kind
of the family ("cell_review") and each of its records into a `CellReview` under the same id, by
the move models and work items use (`documents.local_work_adopt.move_kind`): every value kept as
stored, the record's name as the review's title, its cell read from the kind's field
`cell_field`, its day from `day_field` (the review's day; its year, and its period: a day of the
first half is the 6-month review, a later one the year's) or, without one, the `year` given with
the year's review. Those two fields are retired (the review's own fields hold them), and so are
those named in `retire`; their values stay on the records. History, files and the one
transaction are the move's: run twice, the second run moves nothing.
"""

import datetime

from documents.cell_review import CellReview
from documents.form_definition import FormDefinition
from documents.local_work_adopt import NotAdopted, move_kind
from documents.party_organization import PartyOrganization

ACTION = "adopt_review"
HALF_YEAR_LAST_MONTH = 6


def adopt(code, cell_field, day_field=None, year=None, retire=()):
    """Move the stand-alone kind `code` and its records into the reviews; return how many records
    moved (0 when it was moved before). Raises NotAdopted, naming the record, when one of them
    would not be a valid review (no cell, a committee, ...)."""
    definition = FormDefinition.objects(code=code, family="standalone").first()
    if definition is not None:
        for key in (cell_field, day_field):
            if key and definition.field(key) is None:
                raise NotAdopted(f"«{definition.name}» không có trường mã «{key}».")

    def build(record):
        day = record.values.get(day_field) if day_field else None
        day = day.date() if isinstance(day, datetime.datetime) else day  # defined dates are stored as times
        cell = record.values.get(cell_field)
        return CellReview(
            organization=PartyOrganization.objects(pk=cell).first() if cell else None,
            year=day.year if day else year,
            period="6_thang" if day and day.month <= HALF_YEAR_LAST_MONTH else "12_thang",
            reviewed_on=day,
            title=record.name,
        )

    retired = [key for key in (cell_field, day_field, *retire) if key]
    return move_kind(code, CellReview, build, retire=retired, action=ACTION)
