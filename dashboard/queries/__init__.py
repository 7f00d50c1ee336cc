"""The only door to the database. Every function takes a Session, a Scope and Filters,
and aggregates in SQL so results stay small at national scale."""

from dashboard.queries.areas import (
    AreaTooLarge,
    returnee_breakdown_by_upazila,
    returnee_countries,
    returnee_points,
)
from dashboard.queries.governance import DccActivity, dcc_activity
from dashboard.queries.indicators import (
    PEOPLE_INDICATORS,
    indicators_by_area,
    indicators_by_area_over,
    programme_indicators,
    programme_indicators_over,
)
from dashboard.queries.metrics import area_metric, returnee_cells, returnees_profiled
from dashboard.queries.places import (
    FairPoint,
    FairsInDistrict,
    ProviderPoint,
    fair_points,
    fairs_per_district,
    provider_counts,
    provider_points,
)
from dashboard.queries.targets import targets_for

__all__ = [
    "PEOPLE_INDICATORS",
    "AreaTooLarge",
    "DccActivity",
    "FairPoint",
    "FairsInDistrict",
    "ProviderPoint",
    "area_metric",
    "dcc_activity",
    "fair_points",
    "fairs_per_district",
    "indicators_by_area",
    "indicators_by_area_over",
    "programme_indicators",
    "programme_indicators_over",
    "provider_counts",
    "provider_points",
    "returnee_breakdown_by_upazila",
    "returnee_cells",
    "returnee_countries",
    "returnee_points",
    "returnees_profiled",
    "targets_for",
]
