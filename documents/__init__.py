"""MongoEngine documents; every module is imported, referenced ones first, so delete rules register."""

from documents.attachment import Attachment  # isort: skip
from documents.unit import Unit  # isort: skip
from documents.party_organization import PartyOrganization  # isort: skip
from documents.person import Person, Position  # isort: skip
from documents.household import Household  # isort: skip
from documents.form_definition import FieldDefinition, FormDefinition  # isort: skip
from documents.custom_record import CustomRecord  # isort: skip
from documents.issuing_body import IssuingBody  # isort: skip
from documents.official_document import NumberSequence, OfficialDocument  # isort: skip
from documents.breakthrough import BreakthroughTask  # isort: skip
from documents.breakthrough_rating import CadreRating, RatingRule  # isort: skip
from documents.locality import LocalityAssignment, LocalityRule  # isort: skip
from documents.locality_visit import LocalityVisit  # isort: skip
from documents.local_work import LocalWork  # isort: skip
from documents.cell_meeting import CellMeeting, CellMeetingRule  # isort: skip
from documents.cell_review import CellReview, CellReviewRule  # isort: skip
from documents.cell_rating import CellRating, MemberRating  # isort: skip
from documents.resolution_indicator import ResolutionIndicators  # isort: skip
from documents.recruitment import Candidate, RecruitmentTarget  # isort: skip
from documents.user import LoginSession, LoginThrottle, User  # isort: skip
from documents.history import HistoryEntry  # isort: skip
from documents.trash import TrashedRecord  # isort: skip
from documents.job import Job  # isort: skip

__all__ = [
    "Attachment",
    "BreakthroughTask",
    "CadreRating",
    "Candidate",
    "CellMeeting",
    "CellMeetingRule",
    "CellRating",
    "CellReview",
    "CellReviewRule",
    "CustomRecord",
    "LocalWork",
    "FieldDefinition",
    "FormDefinition",
    "HistoryEntry",
    "Household",
    "IssuingBody",
    "Job",
    "LocalityAssignment",
    "LocalityRule",
    "LocalityVisit",
    "LoginSession",
    "LoginThrottle",
    "MemberRating",
    "NumberSequence",
    "OfficialDocument",
    "PartyOrganization",
    "RatingRule",
    "Person",
    "Position",
    "RecruitmentTarget",
    "ResolutionIndicators",
    "TrashedRecord",
    "Unit",
    "User",
]
