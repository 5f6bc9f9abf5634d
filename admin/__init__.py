"""The console's views, registered in menu order."""

from admin import (
    breakthrough_rating,
    cell_meeting,
    cell_review,
    local_work,
    locality,
    recruitment,
    resolution_indicator,
)
from admin.breakthrough import BreakthroughTaskView
from admin.breakthrough_summary import BreakthroughSummaryView
from admin.custom_record import RecordView
from admin.form_definition import FormDefinitionView
from admin.household import HouseholdView
from admin.issuing_body import IssuingBodyView
from admin.job import JobView
from admin.official_document import OfficialDocumentView
from admin.party_organization import PartyOrganizationView
from admin.person import PersonView
from admin.trash import TrashView
from admin.unit import UnitView
from admin.user import UserView
from documents import (
    BreakthroughTask,
    CustomRecord,
    FormDefinition,
    Household,
    IssuingBody,
    OfficialDocument,
    PartyOrganization,
    Person,
    Unit,
    User,
)

REGISTRY = "Danh mục"
DOCUMENTS = "Văn bản"
TASKS = "Việc đột phá, đổi mới"


def register_views(admin_site):
    admin_site.add_view(UnitView(Unit, name="Đơn vị hành chính", category=REGISTRY, endpoint="unit"))
    admin_site.add_view(
        PartyOrganizationView(
            PartyOrganization, name="Tổ chức đảng", category=REGISTRY, endpoint="party_organization"
        )
    )
    admin_site.add_view(PersonView(Person, name="Nhân sự", category=REGISTRY, endpoint="person"))
    admin_site.add_view(HouseholdView(Household, name="Hộ gia đình", category=REGISTRY, endpoint="household"))
    admin_site.add_view(
        BreakthroughTaskView(
            BreakthroughTask, name="Việc đột phá", category=TASKS, endpoint="breakthrough_task"
        )
    )
    admin_site.add_view(
        BreakthroughSummaryView(name="Tổng hợp", category=TASKS, endpoint="breakthrough_summary")
    )
    breakthrough_rating.register(admin_site, TASKS)
    locality.register(admin_site)
    local_work.register(admin_site)
    cell_meeting.register(admin_site)
    cell_review.register(admin_site)
    resolution_indicator.register(admin_site)
    recruitment.register(admin_site)
    admin_site.add_view(RecordView(CustomRecord, name="Hồ sơ theo biểu mẫu", endpoint="record"))
    admin_site.add_view(
        OfficialDocumentView(
            OfficialDocument, name="Sổ văn bản đi", category=DOCUMENTS, endpoint="official_document"
        )
    )
    admin_site.add_view(JobView(name="Công việc", endpoint="job"))
    admin_site.add_view(TrashView(name="Thùng rác", endpoint="trash"))
    admin_site.add_view(
        FormDefinitionView(FormDefinition, name="Biểu mẫu", category="Quản trị", endpoint="form_definition")
    )
    admin_site.add_view(
        IssuingBodyView(IssuingBody, name="Cơ quan ban hành", category="Quản trị", endpoint="issuing_body")
    )
    admin_site.add_view(UserView(User, name="Tài khoản", category="Quản trị", endpoint="user"))
