"""Views of party organizations, with member counts derived from the people registry."""

from flask import g
from flask_admin.contrib.mongoengine.filters import FilterEqual

from admin.base import RegistryView, SearchLoader
from admin.filters import UnderUnitFilter
from admin.formatters import member_count, reference_link
from documents.constants import PARTY_ORGANIZATION_KINDS
from documents.party_organization import PartyOrganization
from documents.unit import Unit


class PartyOrganizationView(RegistryView):
    count_noun = "tổ chức đảng"
    column_list = ["name", "kind", "unit", "parent", "members"]
    column_labels = {"members": "Số đảng viên"}
    column_sortable_list = [("name", "sort_name"), "kind"]
    column_filters = [
        UnderUnitFilter(),
        FilterEqual("kind", "Loại", options=PARTY_ORGANIZATION_KINDS),
    ]
    column_formatters = {
        "unit": reference_link("unit"),
        "parent": reference_link("party_organization"),
        "members": member_count,
    }

    place_field = "unit"
    form_columns = ["name", "kind", "unit", "parent", "meeting_day"]
    form_ajax_refs = {
        "unit": SearchLoader("unit", Unit),
        "parent": SearchLoader("parent", PartyOrganization),
    }

    def load_references(self, rows):
        g.member_counts = PartyOrganization.objects.member_counts(rows)
        return super().load_references(rows)
