"""Service-gap analysis as plain functions on pandas and numpy (no Dash, no SQL).

``gaps`` holds the definitions shown to users, ``geo`` distances, ``sites`` where a new
provider would help, ``fairs`` activity around fairs; their public names are gathered here.
"""

from dashboard.features.gaps.analysis.fairs import FAIR_EFFECT_COLUMNS, fair_effect
from dashboard.features.gaps.analysis.gaps import (
    GAP_COLUMNS,
    Placement,
    add_nearest_km,
    gap_by_upazila,
    gap_table,
    place,
    unreached_returnees,
    weighted_median,
)
from dashboard.features.gaps.analysis.geo import EARTH_RADIUS_KM, haversine_km, nearest_km
from dashboard.features.gaps.analysis.sites import SITE_COLUMNS, suggest_sites

__all__ = [
    "EARTH_RADIUS_KM",
    "FAIR_EFFECT_COLUMNS",
    "GAP_COLUMNS",
    "SITE_COLUMNS",
    "Placement",
    "add_nearest_km",
    "fair_effect",
    "gap_by_upazila",
    "gap_table",
    "haversine_km",
    "nearest_km",
    "place",
    "suggest_sites",
    "unreached_returnees",
    "weighted_median",
]
