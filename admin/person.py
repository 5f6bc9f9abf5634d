"""Views of people, their party membership and the posts they hold."""

import datetime

from bson import ObjectId
from flask import url_for
from flask_admin.contrib.mongoengine.filters import BaseMongoEngineFilter, FilterEqual

from admin import scope
from admin.base import RegistryView, SearchLoader
from admin.filters import PartyMemberFilter, PickedFilter, UnderUnitFilter, number_range
from admin.formatters import current_positions, positions_history, reference_link
from admin.forms import SubForm
from documents.constants import GENDERS, PERSON_CATEGORIES
from documents.party_organization import PartyOrganization
from documents.unit import Unit


class UnderOrganizationFilter(PickedFilter):
    """Members of one party organization or of any below it (a commune's committee and its
    cells), as the recruitment summary counts its admissions (`documents.recruitment.admitted`)."""

    picker = "party_organization"
    placeholder = "Gõ tên tổ chức đảng (không cần dấu)"

    def __init__(self):
        super().__init__(column=None, name="Sinh hoạt tại tổ chức đảng (kể cả trực thuộc)")

    def apply(self, query, value):
        from documents.recruitment import organization_ids

        pk = ObjectId(value)
        return query.filter(party_organization__in=list(organization_ids([pk])[pk]))

    @staticmethod
    def chosen_label(value):
        raw = scope.visible_filter(PartyOrganization)
        match = {"$and": [{"_id": ObjectId(value)}, raw]} if raw else {"_id": ObjectId(value)}
        row = PartyOrganization._get_collection().find_one(match, {"name": 1})
        return row["name"] if row else None


class AdmittedInYearFilter(BaseMongoEngineFilter):
    """Those admitted to the Party in one year (their admission day in it)."""

    def __init__(self):
        super().__init__(column=None, name="Năm vào Đảng")

    def validate(self, value):
        return str(value).isdigit() and len(str(value)) == 4

    def apply(self, query, value):
        year = int(value)
        return query.filter(
            admitted_on__gte=datetime.date(year, 1, 1), admitted_on__lte=datetime.date(year, 12, 31)
        )

    def operation(self):
        return "là"


# The list's filters (their index is in the list's addresses: keep new ones at the end).
FILTERS = {
    "unit": UnderUnitFilter(),
    "category": FilterEqual("category", "Đối tượng", options=PERSON_CATEGORIES),
    "gender": FilterEqual("gender", "Giới tính", options=GENDERS),
    "member": PartyMemberFilter(),
    "born_after": number_range("birth_year", "Năm sinh")[0],
    "born_before": number_range("birth_year", "Năm sinh")[1],
    "organization": UnderOrganizationFilter(),
    "admitted_in": AdmittedInYearFilter(),
}
INDEX = {name: index for index, name in enumerate(FILTERS)}


def person_list(**criteria):
    """The address of the people list holding those `criteria` name ({"organization": id,
    "admitted_in": 2022}: the members the recruitment summary counts)."""
    args = {f"flt{n}_{INDEX[name]}": str(value) for n, (name, value) in enumerate(criteria.items()) if value}
    return url_for("person.index_view", **args)


class PersonView(RegistryView):
    count_noun = "người"
    column_list = ["full_name", "gender", "birth_year", "category", "unit", "party_organization", "posts"]
    column_labels = {"posts": "Chức vụ hiện nay"}
    column_sortable_list = [("full_name", "sort_name"), "birth_year", "category"]
    column_filters = list(FILTERS.values())
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
