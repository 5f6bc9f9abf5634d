"""Views of households and the party member in charge of each."""

from flask_admin.contrib.mongoengine.filters import FilterEqual

from admin.base import RegistryView, SearchLoader
from admin.filters import UnderUnitFilter, number_range
from admin.formatters import reference_link
from admin.unit import NON_HAMLET_KINDS
from documents.constants import POVERTY_STATUSES
from documents.person import Person
from documents.unit import Unit


class HouseholdView(RegistryView):
    count_noun = "hộ"
    column_list = ["code", "head_name", "hamlet", "size", "poverty", "member_in_charge"]
    # The hamlet has its own column: the export adds only the commune above it.
    export_unit_levels = ((3, "Xã, phường"),)
    column_sortable_list = ["code", ("head_name", "sort_name"), "size"]
    column_filters = [
        UnderUnitFilter(),
        FilterEqual("poverty", "Hộ nghèo", options=POVERTY_STATUSES),
        *number_range("size", "Số nhân khẩu"),
    ]
    column_formatters = {
        "hamlet": reference_link("unit"),
        "member_in_charge": reference_link("person"),
    }
    default_sort = "code"
    unique_field = "code"

    place_field = "hamlet"
    form_columns = ["code", "head_name", "hamlet", "size", "poverty", "member_in_charge"]
    form_ajax_refs = {
        "hamlet": SearchLoader("hamlet", Unit, query={"kind": {"$nin": NON_HAMLET_KINDS}}),
        "member_in_charge": SearchLoader(
            "member_in_charge", Person, query={"party_organization": {"$ne": None}}
        ),
    }
