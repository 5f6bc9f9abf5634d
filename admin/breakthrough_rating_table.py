"""The evaluation table of a unit in the console: its cadres' tasks, points and ratings for a
year or quarter, the quota check, and the button that opens (or creates) a cadre's evaluation.
A part of `CadreRatingView` (admin/breakthrough_rating.py), which checks who may do what."""

from bson import ObjectId
from flask import abort, flash, redirect, request
from flask_admin import expose
from mongoengine.errors import NotUniqueError, ValidationError

from admin import scope
from admin.auth import current_user
from admin.forms import TokenForm
from documents import text
from documents.base import vietnam_today
from documents.breakthrough_rating import CadreRating
from documents.breakthrough_rating_table import rating_table
from documents.constants import QUARTERS, RATING_STATES, UNIT_KIND_CHOICES, UNIT_LEVELS, label
from documents.issuing_body import IssuingBody
from documents.person import Person
from documents.unit import Unit

# The units the table may be drawn for: provinces, districts and communes (not hamlets).
TABLE_LEVELS = (1, 2, 3)
FIRST_YEAR = 2000
# Cadres a page of the table shows (a district's has thousands); the figures above count them all.
TABLE_PAGE = 50


class EvaluationTable:
    """The table's routes, mixed into the evaluations' view."""

    @expose("/open/", methods=["POST"])
    def open_view(self):
        """Open the evaluation of a cadre in a post for a period, creating it (its points proposed
        from the tasks) when there is none yet."""
        if not self.can_edit:
            abort(403)
        person_id, body_id = request.form.get("person", ""), request.form.get("body", "")
        if not ObjectId.is_valid(person_id) or not scope.sees(Person, ObjectId(person_id)):
            abort(404)
        year, quarter = _year(request.form.get("year")), _quarter(request.form.get("quarter"))
        post = (request.form.get("post") or "").strip()[:200]
        back = self.get_url(
            ".table_view", unit=request.form.get("unit", ""), year=year, quarter=quarter or ""
        )
        form = TokenForm(request.form)
        if not form.validate() or year is None:
            flash(" ".join(form.csrf_token.errors) or "Năm không hợp lệ.", "error")
            return redirect(back)
        found = (
            self.get_query().filter(person=ObjectId(person_id), post=post, year=year, quarter=quarter).first()
        )
        if found is not None:
            return self._back(found)
        if not ObjectId.is_valid(body_id) or not scope.sees(
            IssuingBody, ObjectId(body_id), scope.reachable_filter
        ):
            abort(404)
        model = CadreRating(
            person=Person.objects.get(pk=person_id),
            post=post,
            body=IssuingBody.objects.get(pk=body_id),
            year=year,
            quarter=quarter,
        )
        try:
            model.save()
        except (ValidationError, NotUniqueError) as exc:
            flash(f"Chưa tạo được đánh giá: {getattr(exc, 'message', exc)}", "error")
            return redirect(back)
        return self._back(model)

    @expose("/table/")
    def table_view(self):
        units = self.table_units()
        own = scope.scope_unit_id(current_user())
        unit_id = request.args.get("unit") or str(own or (units[0][0] if units else ""))
        if not ObjectId.is_valid(unit_id) or not scope.sees(Unit, ObjectId(unit_id)):
            abort(404)
        unit = Unit.objects.get(pk=unit_id)
        this_year = vietnam_today().year
        year = _year(request.args.get("year")) or this_year
        quarter = _quarter(request.args.get("quarter"))
        table = rating_table(unit, year, quarter)
        pages = max(1, -(-len(table["cadres"]) // TABLE_PAGE))
        try:
            page = min(max(int(request.args.get("page", 1)), 1), pages)
        except ValueError:
            page = 1
        return self.render(
            "admin/breakthrough_rating/table.html",
            shown=table["cadres"][(page - 1) * TABLE_PAGE : page * TABLE_PAGE],
            first=(page - 1) * TABLE_PAGE,
            page=page,
            pages=pages,
            unit=unit,
            units=units,
            year=year,
            years=range(this_year, FIRST_YEAR - 1, -1),
            quarter=quarter,
            quarters=QUARTERS,
            table=table,
            standing_name=self.standing_name,
            level_name=self.level_name,
            state_name=lambda value: label(RATING_STATES, value),
            figure=text.figure,
        )

    def table_units(self):
        """(id, name) of the provinces, districts and communes the account sees, the tree's order."""
        kinds = [kind for kind, level in UNIT_LEVELS.items() if level in TABLE_LEVELS]
        found = scope.visible(Unit.objects(kind__in=kinds)).only("kind", "name", "ancestors").as_pymongo()
        # As `str(unit)` says it, without making a document of each of the ~100 units.
        names = {u["_id"]: f"{label(UNIT_KIND_CHOICES, u.get('kind'))} {u.get('name')}" for u in found}
        depth = {u["_id"]: len(u.get("ancestors", [])) for u in found}
        ordered = sorted(
            found, key=lambda u: [*(names.get(a, "") for a in u.get("ancestors", [])), names[u["_id"]]]
        )
        return [(u["_id"], "— " * depth[u["_id"]] + names[u["_id"]]) for u in ordered]


def _year(value):
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if FIRST_YEAR <= year <= vietnam_today().year else None


def _quarter(value):
    return int(value) if value in ("1", "2", "3", "4") else None
