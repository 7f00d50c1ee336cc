"""The data model. Importing this package registers every table on ``Base.metadata``."""

from dashboard.models.accounts import ApiToken, AuditEvent, ReminderSent, User, UserDistrict
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
from dashboard.models.outcomes import Followup
from dashboard.models.providers import Provider, ProviderService
from dashboard.models.returnees import Assistance, Returnee, ReturneeNeed, ReturneeVulnerability
from dashboard.models.rollups import (
    CountryReturneeSummary,
    DistrictAssistanceSummary,
    DistrictAssistanceTotal,
    DistrictAwarenessSummary,
    DistrictOpenNeedSummary,
    DistrictReturneeSummary,
    DistrictReturneeTotal,
    MapReturneeSummary,
    MapReturneeTotal,
    OpenNeedPlaceTotal,
    UpazilaReturneeSummary,
    UpazilaReturneeTotal,
)
from dashboard.models.summaries import (
    ActionItemSummary,
    AssistanceSummary,
    AwarenessSummary,
    HotlineAreaSummary,
    HotlineCallSummary,
    HotlineSummary,
    OpenNeed,
    OutcomeSummary,
    ReferralFlowSummary,
    ReferralFlowTotals,
    ReferralPlace,
    ReturneeSummary,
)

__all__ = [
    "ActionItem",
    "ActionItemSummary",
    "AdminAreaRow",
    "ApiToken",
    "Assistance",
    "AssistanceSummary",
    "AuditEvent",
    "AwarenessActivity",
    "AwarenessSummary",
    "Base",
    "CountryReturneeSummary",
    "DataVersion",
    "Dcc",
    "DccMeeting",
    "DistrictAssistanceSummary",
    "DistrictAssistanceTotal",
    "DistrictAwarenessSummary",
    "DistrictOpenNeedSummary",
    "DistrictReturneeSummary",
    "DistrictReturneeTotal",
    "FairProvider",
    "Followup",
    "HotlineAreaSummary",
    "HotlineCall",
    "HotlineCallSummary",
    "HotlineSummary",
    "ImportBatch",
    "ImportChange",
    "MapReturneeSummary",
    "MapReturneeTotal",
    "MeetingAttendance",
    "MeetingDecision",
    "MigrationFair",
    "OpenNeed",
    "OpenNeedPlaceTotal",
    "OutcomeSummary",
    "Provider",
    "ProviderService",
    "ReferralFlowSummary",
    "ReferralFlowTotals",
    "ReferralPlace",
    "ReminderSent",
    "Returnee",
    "ReturneeNeed",
    "ReturneeSummary",
    "ReturneeVulnerability",
    "Target",
    "UpazilaReturneeSummary",
    "UpazilaReturneeTotal",
    "User",
    "UserDistrict",
]
