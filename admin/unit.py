"""Views of administrative units."""

from flask_admin.contrib.mongoengine.filters import BooleanEqualFilter, FilterEqual

from admin.base import RegistryView, SearchLoader
from admin.filters import UnderUnitFilter, number_range
from admin.formatters import reference_link
from documents.constants import HAMLET_LEVEL, UNIT_KIND_CHOICES, UNIT_LEVELS
from documents.unit import Unit

NON_HAMLET_KINDS = [kind for kind, level in UNIT_LEVELS.items() if level < HAMLET_LEVEL]


class UnitView(RegistryView):
    count_noun = "đơn vị"
    column_list = ["code", "name", "kind", "parent", "households", "population", "disadvantaged"]
    column_sortable_list = ["code", ("name", "sort_name"), "kind", "households", "population"]
    column_filters = [
        UnderUnitFilter(),
        FilterEqual("kind", "Loại", options=UNIT_KIND_CHOICES),
        BooleanEqualFilter("disadvantaged", "Đặc biệt khó khăn"),
        *number_range("households", "Số hộ"),
        *number_range("population", "Số dân"),
    ]
    column_formatters = {"parent": reference_link("unit")}
    unique_field = "code"

    place_field = "parent"
    form_columns = ["kind", "code", "name", "parent", "households", "population", "disadvantaged"]
    form_ajax_refs = {"parent": SearchLoader("parent", Unit, query={"kind": {"$in": NON_HAMLET_KINDS}})}
