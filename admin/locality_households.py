"""The page that puts a hamlet's party members in charge of its households in bulk (Phân công hộ
gia đình): pick a hamlet and a day, spread the households evenly over the members (Chia đều, done
by the server so it works without JavaScript), adjust by hand, save (documents/locality_households.py).

Who may do what: anyone who sees the hamlet sees its plan; only accounts that may write (editors
whose scope covers the hamlet, admins) may spread or save, checked on the route. A running
assignment a body made is changed only by that body's staff, as on the assignment's own form."""

from bson import ObjectId
from flask import abort, flash, redirect, request
from flask_admin import BaseView, expose
from mongoengine.errors import NotUniqueError, ValidationError

from admin import scope
from admin.auth import current_user
from admin.base import SecureMixin
from admin.forms import TokenForm, error_text
from documents import locality_households as bulk
from documents.base import StaleRecord
from documents.constants import COMMUNE_LEVEL, HAMLET_LEVEL, UNIT_LEVELS
from documents.form_definition import read_day
from documents.official_document import vietnam_today
from documents.person import Person
from documents.unit import Unit, in_sentence

NAME = "Phân công hộ gia đình"
COMMUNE_KINDS = [kind for kind, level in UNIT_LEVELS.items() if level == COMMUNE_LEVEL]
HAMLET_KINDS = [kind for kind, level in UNIT_LEVELS.items() if level == HAMLET_LEVEL]
STALE = (
    "Phân công hộ của thôn vừa được người khác thay đổi trong lúc anh/chị đang sửa: "
    "hãy tải lại trang rồi làm lại."
)
NOT_BODY_STAFF = (
    "Hộ này đang được phụ trách theo quyết định của cấp trên: chỉ cán bộ của cấp đó được thay đổi."
)
NOT_A_HOUSEHOLD = "Biểu mẫu có hộ không hợp lệ: hãy tải lại trang rồi làm lại."
NOT_A_PERSON = "Người phụ trách không hợp lệ."
NOT_A_MEMBER = "không thuộc chi bộ của thôn"
HELD_ELSEWHERE = "theo phân công ở {place}"


def register(admin_site, category):
    admin_site.add_view(LocalityHouseholdsView(name=NAME, category=category, endpoint="locality_households"))


class LocalityHouseholdsView(SecureMixin, BaseView):
    @expose("/", methods=("GET", "POST"))
    def index(self):
        hamlet = self.chosen_hamlet(request.args.get("hamlet"))
        communes = self.communes()
        commune = self.chosen_commune(request.args.get("commune"), hamlet, communes)
        if hamlet is not None and commune is not None and bulk.ref_id(hamlet, "parent") != commune.pk:
            hamlet = None  # the commune was changed without JavaScript: pick among its hamlets
        picker = {
            "communes": communes,
            "commune": commune,
            "hamlets": self.hamlets(commune, communes),
            "hamlet": hamlet,
            "typed_day": request.args.get("day", "").strip()[:20],
        }
        if hamlet is None:
            picker["typed_day"] = picker["typed_day"] or f"{vietnam_today():%d/%m/%Y}"
            return self.render("admin/locality/households.html", picker=picker, hamlet=None, errors={})
        may_edit = bool(current_user().can_write)
        if request.method == "POST" and not may_edit:
            abort(403)
        errors, notice = {}, None
        day = self.chosen_day(picker["typed_day"], errors)
        picker["typed_day"] = picker["typed_day"] or f"{day:%d/%m/%Y}"
        form = TokenForm(request.form if request.method == "POST" else None)
        members = bulk.members(hamlet, day)
        homes = bulk.households(hamlet)
        holders = bulk.holders(hamlet, day)
        saved = bulk.held(hamlet, day, holders)
        chosen = dict(saved)
        if request.method == "POST":
            typed = self.typed_plan(homes, errors)
            chosen.update({k: v for k, v in typed.items() if k in {h.pk for h in homes}})
            if not form.validate():
                errors["form"] = " ".join(form.csrf_token.errors)
            elif request.form.get("action") == "spread":
                chosen = bulk.spread(members, homes, chosen)
                notice = self.spread_notice(members, homes)
            elif not errors:
                errors = self.save(hamlet, day, typed)
                if not errors:
                    flash(f"Đã lưu phân công hộ gia đình của {hamlet} từ ngày {day:%d/%m/%Y}.", "success")
                    return redirect(self.get_url(".index", hamlet=hamlet.pk, day=f"{day:%d/%m/%Y}"))
        elif may_edit and "day" not in errors:
            errors.update(self.day_problem(hamlet, day))
        shown = {f"household-{h.pk}" for h in homes}
        for name in [n for n in errors if n.startswith("household-") and n not in shown]:
            errors["form"] = errors.pop(name)  # a household no longer of the hamlet: no row to show it at
        parent = Unit.objects(pk=bulk.ref_id(hamlet, "parent")).only("kind", "name").first()
        return self.render(
            "admin/locality/households.html",
            picker=picker,
            hamlet=hamlet,
            place=in_sentence(parent) if parent else "",
            day=day,
            may_edit=may_edit,
            form=form,
            errors=errors,
            notice=notice,
            **self.plan_data(members, homes, saved, chosen, errors, self.held_elsewhere(hamlet, holders)),
            covered=(len(holders), len(homes)),
        )

    # What was asked for

    @staticmethod
    def chosen_hamlet(value):
        """The hamlet `?hamlet=` names, if the account sees it; anything else is not found."""
        if not value:
            return None
        if not ObjectId.is_valid(value):
            abort(404)
        found = scope.visible(Unit.objects(pk=ObjectId(value), kind__in=HAMLET_KINDS)).first()
        if found is None:
            abort(404)
        return found

    @staticmethod
    def chosen_commune(value, hamlet, communes):
        """The commune `?commune=` names (if the account sees it), else the hamlet's (if seen), else
        the only one the account sees."""
        if value:
            if not ObjectId.is_valid(value):
                abort(404)
            found = scope.visible(Unit.objects(pk=ObjectId(value), kind__in=COMMUNE_KINDS)).first()
            if found is None:
                abort(404)
            return found
        ids = [pk for pk, _ in communes]
        wanted = bulk.ref_id(hamlet, "parent") if hamlet is not None else (ids[0] if len(ids) == 1 else None)
        return Unit.objects(pk=wanted).first() if wanted in ids else None

    @staticmethod
    def communes():
        """[(id, name)] of the communes the account sees, in name order; named with their district
        when they lie in more than one (names repeat from one district to the next)."""
        rows = list(
            scope.visible(Unit.objects(kind__in=COMMUNE_KINDS))
            .order_by("sort_name", "id")
            .only("kind", "name", "parent")
        )
        parents = {bulk.ref_id(row, "parent") for row in rows}
        if len(parents) < 2:
            return [(row.pk, str(row)) for row in rows]
        names = {u.pk: in_sentence(u) for u in Unit.objects(pk__in=list(parents)).only("kind", "name")}
        return [(row.pk, f"{row}, {names.get(bulk.ref_id(row, 'parent'), '')}") for row in rows]

    @staticmethod
    def hamlets(commune, communes):
        """[(id, name)] of the hamlets to pick from, in name order: the chosen commune's; none until
        a commune is chosen (a province holds thousands); those the account sees when it sees no
        commune (an account of a hamlet)."""
        found = scope.visible(Unit.objects(kind__in=HAMLET_KINDS))
        if commune is not None:
            found = found.filter(parent=commune.pk)
        elif communes:
            return []
        return [(row.pk, str(row)) for row in found.order_by("sort_name", "id").only("kind", "name")]

    @staticmethod
    def chosen_day(typed, errors):
        """The day typed (dd/mm/yyyy), Vietnam's today when none; a bad one is refused at `day`."""
        if not typed:
            return vietnam_today()
        try:
            return read_day(typed).date()
        except ValueError as exc:
            errors["day"] = str(exc)
            return vietnam_today()

    @staticmethod
    def day_problem(hamlet, day):
        """{"day": why the plan may not be saved from `day`}, told before anyone tries."""
        try:
            bulk.check_day(hamlet, day)
        except ValidationError as exc:
            return {"day": exc.errors["day"].message}
        return {}

    @staticmethod
    def typed_plan(homes, errors):
        """{household id: person id or None} from the form's selects, one per household shown;
        a value that is no id is refused at its household."""
        plan = {}
        shown = {str(h.pk): h.pk for h in homes}
        for name, value in request.form.items():
            if not name.startswith("household-"):
                continue
            key = name.removeprefix("household-")
            if key not in shown:
                if ObjectId.is_valid(key):
                    plan[ObjectId(key)] = ObjectId(value) if ObjectId.is_valid(value) else None
                else:
                    errors["form"] = NOT_A_HOUSEHOLD
                continue
            if value and not ObjectId.is_valid(value):
                errors[name] = NOT_A_PERSON
                continue
            plan[shown[key]] = ObjectId(value) if value else None
        return plan

    # Writing

    def save(self, hamlet, day, plan):
        """Save the plan; {field: message} when refused, nothing written then."""
        try:
            errors = self.body_problems(hamlet, day, plan)
            if not errors:
                bulk.apply(hamlet, day, plan, by=current_user())
        except ValidationError as exc:
            fields = {
                name: getattr(error, "message", str(error)) for name, error in (exc.errors or {}).items()
            }
            return {
                name if name == "day" or name.startswith("household-") else "form": message
                for name, message in fields.items()
            } or {"form": error_text(exc)}
        except (StaleRecord, NotUniqueError):
            return {"form": STALE}
        return errors

    @staticmethod
    def body_problems(hamlet, day, plan):
        """{household field: message} of households the plan moves off a running assignment made by
        a body outside the account's scope (as `LocalityAssignmentView.may_change` refuses)."""
        changed = bulk.changes(hamlet, day, plan)
        problems = {}
        for assignment in bulk.running_assignments(hamlet, day):
            person = bulk.ref_id(assignment, "person")
            if person in changed and assignment.body is not None and not scope.sees_loaded(assignment.body):
                before, after = changed[person]
                for household in before - after:
                    problems[f"household-{household}"] = NOT_BODY_STAFF
        return problems

    # What the page shows

    @staticmethod
    def spread_notice(members, homes):
        if not members:
            return "Thôn chưa có đảng viên nào để giao hộ."
        return (
            f"Đã chia đều {len(homes)} hộ cho {len(members)} đảng viên (chưa lưu): "
            "kiểm tra, sửa nếu cần rồi bấm «Lưu»."
        )

    @staticmethod
    def held_elsewhere(hamlet, holders):
        """{person id: the place whose assignment they hold households of `hamlet` by} for the
        households moved here and not yet given to anyone here."""
        places = {unit for _, unit in holders.values() if unit != hamlet.pk}
        names = {u.pk: str(u) for u in Unit.objects(pk__in=list(places)).only("kind", "name")}
        return {person: names.get(unit, "?") for person, unit in holders.values() if unit != hamlet.pk}

    @staticmethod
    def plan_data(members, homes, saved, chosen, errors, elsewhere):
        """Plain data for the template: the people with the households they hold on the day
        (`saved`) and in the table (`chosen`): the members, then anyone else a household is with
        (moved here under another hamlet's assignment, `elsewhere`, or no longer of the cell), and
        the households with their choice and error."""
        known = {p.pk for p in members}
        strangers = {chosen.get(h.pk) for h in homes} - known - {None}
        others = {p.pk: p for p in Person.objects(pk__in=list(strangers)).only("full_name", "sort_name")}
        notes = {pk: HELD_ELSEWHERE.format(place=elsewhere[pk]) for pk in others if pk in elsewhere}
        notes |= {pk: NOT_A_MEMBER for pk in others if pk not in elsewhere}
        options = [(str(p.pk), p.full_name) for p in members]
        rows = []
        for home in homes:
            person = chosen.get(home.pk)
            extra = []
            if person in others:
                extra = [(str(person), f"{others[person].full_name} ({notes[person]})")]
            rows.append(
                {
                    "field": f"household-{home.pk}",
                    "code": home.code,
                    "head": home.head_name,
                    "size": home.size,
                    "chosen": str(person) if person else "",
                    "saved": str(saved[home.pk]) if saved.get(home.pk) else "",
                    "options": [*options, *extra],
                    "error": errors.get(f"household-{home.pk}"),
                }
            )
        names = dict(options) | {str(k): p.full_name for k, p in others.items()}
        for row in rows:
            row["member"] = names.get(row["chosen"], "")
        ids = {h.pk for h in homes}
        outside = sorted(others.values(), key=lambda p: (p.sort_name or "", str(p.pk)))
        people = [
            {
                "id": str(p.pk),
                "name": p.full_name,
                "note": notes.get(p.pk, ""),
                "saved": sum(1 for h, m in saved.items() if m == p.pk and h in ids),
                "chosen": sum(1 for h in homes if chosen.get(h.pk) == p.pk),
            }
            for p in [*members, *outside]
        ]
        unassigned = sum(1 for h in homes if chosen.get(h.pk) is None)
        unassigned_saved = sum(1 for h in homes if saved.get(h.pk) is None)
        return {
            "people": people,
            "rows": rows,
            "unassigned": unassigned,
            "unassigned_saved": unassigned_saved,
        }
