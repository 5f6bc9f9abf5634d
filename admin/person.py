"""Views of people, their party membership and the posts they hold."""

from flask_admin.contrib.mongoengine.filters import FilterEqual

from admin.base import RegistryView, SearchLoader
from admin.filters import PartyMemberFilter, UnderUnitFilter, number_range
from admin.formatters import current_positions, positions_history, reference_link
from admin.forms import SubForm
from documents.constants import GENDERS, PERSON_CATEGORIES
from documents.party_organization import PartyOrganization
from documents.unit import Unit


class PersonView(RegistryView):
    count_noun = "người"
    column_list = ["full_name", "gender", "birth_year", "category", "unit", "party_organization", "posts"]
    column_labels = {"posts": "Chức vụ hiện nay"}
    column_sortable_list = [("full_name", "sort_name"), "birth_year", "category"]
    column_filters = [
        UnderUnitFilter(),
        FilterEqual("category", "Đối tượng", options=PERSON_CATEGORIES),
        FilterEqual("gender", "Giới tính", options=GENDERS),
        PartyMemberFilter(),
        *number_range("birth_year", "Năm sinh"),
    ]
    column_formatters = {
        "unit": reference_link("unit"),
        "party_organization": reference_link("party_organization"),
        "posts": current_positions,
    }
    column_formatters_detail = {
        "unit": reference_link("unit"),
        "party_organization": reference_link("party_organization"),
        "positions": positions_history,
    }

    place_field = "unit"
    form_columns = [
        "full_name",
        "gender",
        "birth_year",
        "ethnicity",
        "category",
        "unit",
        "party_organization",
        "admitted_on",
        "official_on",
        "positions",
    ]
    form_ajax_refs = {
        "unit": SearchLoader("unit", Unit),
        "party_organization": SearchLoader("party_organization", PartyOrganization),
    }
    form_subdocuments = {
        "positions": {
            "form_subdocuments": {
                None: {
                    "form_base_class": SubForm,
                    "form_columns": ["title", "organization", "unit", "start", "end"],
                    "form_ajax_refs": {
                        "organization": SearchLoader("positions-organization", PartyOrganization),
                        "unit": SearchLoader("positions-unit", Unit),
                    },
                }
            }
        }
    }
