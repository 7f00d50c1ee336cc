"""The data model. Importing this package registers every table on ``Base.metadata``."""

from dashboard.models.accounts import ApiToken, AuditEvent, User, UserDistrict
from dashboard.models.activities import AwarenessActivity, FairProvider, HotlineCall, MigrationFair
from dashboard.models.base import Base
from dashboard.models.geography import AdminAreaRow
from dashboard.models.governance import (
    ActionItem,
    Dcc,
    DccMeeting,
    MeetingAttendance,
    MeetingDecision,
    Target,
)
from dashboard.models.imports import ImportBatch, ImportChange
from dashboard.models.meta import DataVersion
from dashboard.models.providers import Provider, ProviderService
from dashboard.models.returnees import Assistance, Returnee, ReturneeNeed, ReturneeVulnerability

__all__ = [
    "ActionItem",
    "AdminAreaRow",
    "ApiToken",
    "Assistance",
    "AuditEvent",
    "AwarenessActivity",
    "Base",
    "DataVersion",
    "Dcc",
    "DccMeeting",
    "FairProvider",
    "HotlineCall",
    "ImportBatch",
    "ImportChange",
    "MeetingAttendance",
    "MeetingDecision",
    "MigrationFair",
    "Provider",
    "ProviderService",
    "Returnee",
    "ReturneeNeed",
    "ReturneeVulnerability",
    "Target",
    "User",
    "UserDistrict",
]
