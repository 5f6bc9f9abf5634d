"""Member recruitment in the console (menu «Chỉ tiêu nghị quyết»): the targets per organization
and year with the admissions counted from the people registry and the percent achieved, the
candidates with the steps they have done, and the summary of a unit and a year: each target met
or not, the candidates by step and by source, each figure a link to the records it counts."""

from flask import request, url_for
from flask_admin import BaseView, expose
from flask_admin.contrib.mongoengine.filters import FilterEqual
from markupsafe import Markup, escape

from admin import scope
from admin.base import RegistryView, SearchLoader, SecureMixin
from admin.breakthrough_summary import BreakthroughSummaryView
from admin.filters import BoundedEqual, UnderUnitFilter
from admin.formatters import reference_link
from admin.forms import SubForm
from admin.person import person_list
from admin.resolution_indicator import CATEGORY, chosen_year
from documents.breakthrough_target import percent_text
from documents.constants import ADMISSION_STAGES, CANDIDATE_SOURCES, CELL_KINDS, label
from documents.party_organization import PartyOrganization
from documents.person import Person
from documents.recruitment import Candidate, RecruitmentTarget, admitted, pipeline
from documents.text import figure
from documents.unit import in_sentence

NOT_STARTED = "chua_bat_dau"
CANDIDATE_FILTERS = {
    "unit": UnderUnitFilter(),
    "stage": FilterEqual("stage", "Đang ở bước", options=ADMISSION_STAGES),
    "source": FilterEqual("source", "Nguồn", options=CANDIDATE_SOURCES),
}
CANDIDATE_INDEX = {name: index for index, name in enumerate(CANDIDATE_FILTERS)}


def candidate_list(**criteria):
    """The address of the candidates list holding those `criteria` name ({"unit": id, "stage": s})."""
    args = {
        f"flt{n}_{CANDIDATE_INDEX[name]}": str(value)
        for n, (name, value) in enumerate((k, v) for k, v in criteria.items() if v)
    }
    return url_for("candidate.index_view", **args)


def _admitted(view, context, model, name):
    return admitted([model.organization.pk], model.year)[model.organization.pk] if model.organization else ""


def _percent(view, context, model, name):
    if model.organization is None:
        return ""
    count = admitted([model.organization.pk], model.year)[model.organization.pk]
    return percent_text(model.percent_of(count))


class RecruitmentTargetView(RegistryView):
    count_noun = "chỉ tiêu"
    column_list = ["organization", "year", "target", "admitted", "percent"]
    column_labels = {"admitted": "Đã kết nạp (theo ngày vào Đảng)", "percent": "Đạt"}
    column_sortable_list = ["year"]
    default_sort = "year"
    default_sort_desc = True
    column_filters = [UnderUnitFilter(), BoundedEqual("year", "Năm")]
    column_formatters = {
        "organization": reference_link("party_organization"),
        "admitted": _admitted,
        "percent": _percent,
    }
    column_formatters_detail = column_formatters
    column_details_list = ["organization", "year", "target", "admitted", "percent", "source", "created_at"]
    column_formatters_export = {"admitted": _admitted, "percent": _percent}
    place_field = "organization"
    unique_field = "year"
    form_columns = ["organization", "year", "target", "source"]
    form_args = {"source": {"description": "Ví dụ: Nghị quyết Đại hội Đảng bộ xã nhiệm kỳ 2020 - 2025."}}
    form_ajax_refs = {"organization": SearchLoader("organization", PartyOrganization)}


def _steps(view, context, model, name):
    return Markup("<br>").join(escape(str(step)) for step in model.steps)


def _introducers(view, context, model, name):
    return "; ".join(getattr(person, "full_name", "") for person in model.introducers)


def _choice(choices):
    return lambda view, context, model, name: (
        label(choices, getattr(model, name)) if getattr(model, name) else ""
    )


class CandidateView(RegistryView):
    count_noun = "người"
    column_list = ["person", "organization", "source", "stage", "stage_day"]
    column_labels = {"stage_day": "Ngày của bước"}
    column_sortable_list = [("person", "sort_name"), "stage_day"]
    column_filters = list(CANDIDATE_FILTERS.values())
    column_formatters = {
        "person": reference_link("person"),
        "organization": reference_link("party_organization"),
        "source": _choice(CANDIDATE_SOURCES),
        "stage": lambda view, context, model, name: model.stage_text,
    }
    column_formatters_detail = {**column_formatters, "steps": _steps, "introducers": _introducers}
    column_formatters_export = {
        "source": _choice(CANDIDATE_SOURCES),
        "stage": lambda view, context, model, name: model.stage_text,
    }
    column_details_list = [
        *("person", "organization", "source", "stage", "stage_day", "steps", "introducers", "note"),
        *("created_at", "updated_at"),
    ]
    place_field = "organization"
    history_hidden = ("stage", "stage_day")  # the furthest step, on save
    unique_field = "person"
    form_columns = ["person", "organization", "source", "steps", "introducers", "note"]
    form_args = {
        "steps": {"description": "Mỗi bước đã làm một dòng, với ngày làm; bước đang ở là bước xa nhất."},
        "introducers": {"description": "Hai đảng viên chính thức giới thiệu (hoặc đoàn thể)."},
    }
    reference_scopes = {"introducers": scope.reachable_filter}
    form_ajax_refs = {
        "person": SearchLoader("person", Person),
        "organization": SearchLoader(
            "organization", PartyOrganization, query={"kind": {"$in": list(CELL_KINDS)}}
        ),
        "introducers": SearchLoader("introducers", Person, scope_filter=scope.reachable_filter),
    }
    form_subdocuments = {
        "steps": {
            "form_subdocuments": {
                None: {"form_base_class": SubForm, "form_columns": ["stage", "day", "note"]}
            }
        }
    }


class RecruitmentSummaryView(SecureMixin, BaseView):
    """A unit's recruitment in a year: each target with the admissions and percent, and the
    candidates by step and by source."""

    @expose("/")
    def index(self):
        unit = scope.asked_unit(request.args.get("unit"))
        year = chosen_year(request.args.get("year"))
        context = dict(
            unit=unit,
            units=BreakthroughSummaryView.units(unit),
            year=year,
            years=list(range(max(year, chosen_year(None)), year - 6, -1)),
            candidate_list=candidate_list,
            person_list=person_list,
            figure=figure,
            stages=(("", "Chưa làm bước nào"), *ADMISSION_STAGES),
            sources=CANDIDATE_SOURCES,
            percent_text=percent_text,
        )
        if unit is not None:
            targets = list(scope.visible(RecruitmentTarget.objects.under(unit).filter(year=year)))
            targets.sort(key=lambda t: (len(t.ancestors), t.sort_name))  # the committee before its cells
            counts = admitted([t.organization.pk for t in targets], year)
            rows = [(t, counts[t.organization.pk], t.percent_of(counts[t.organization.pk])) for t in targets]
            found = pipeline(unit, scope.visible_filter(Candidate))
            context.update(rows=rows, found=found, place=in_sentence(unit))
        return self.render("admin/recruitment/summary.html", **context)


def register(admin_site):
    admin_site.add_view(
        RecruitmentTargetView(
            RecruitmentTarget,
            name="Chỉ tiêu kết nạp đảng viên",
            category=CATEGORY,
            endpoint="recruitment_target",
        )
    )
    admin_site.add_view(
        CandidateView(Candidate, name="Quần chúng phấn đấu vào Đảng", category=CATEGORY, endpoint="candidate")
    )
    admin_site.add_view(
        RecruitmentSummaryView(name="Tổng hợp kết nạp", category=CATEGORY, endpoint="recruitment_summary")
    )
