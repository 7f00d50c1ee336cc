"""The only door to the database. Every function takes a Session, a Scope and Filters,
and aggregates in SQL so results stay small at national scale."""

from dashboard.queries.areas import returnee_breakdown_by_upazila, returnees_by_area
from dashboard.queries.governance import DccActivity, dcc_activity
from dashboard.queries.indicators import programme_indicators
from dashboard.queries.places import FairPoint, ProviderPoint, fair_points, provider_points
from dashboard.queries.targets import targets_for

__all__ = [
    "DccActivity",
    "FairPoint",
    "ProviderPoint",
    "dcc_activity",
    "fair_points",
    "programme_indicators",
    "provider_points",
    "returnee_breakdown_by_upazila",
    "returnees_by_area",
    "targets_for",
]
