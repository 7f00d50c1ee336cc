"""Service-gap analysis as plain functions on pandas and numpy (no Dash, no SQL).

``gaps`` holds the definitions shown to users and re-exports everything public here.
"""

from dashboard.analysis.gaps import (
    EARTH_RADIUS_KM,
    FAIR_EFFECT_COLUMNS,
    GAP_COLUMNS,
    SITE_COLUMNS,
    Placement,
    add_nearest_km,
    fair_effect,
    gap_by_upazila,
    haversine_km,
    nearest_km,
    place,
    suggest_sites,
    unreached_returnees,
)

__all__ = [
    "EARTH_RADIUS_KM",
    "FAIR_EFFECT_COLUMNS",
    "GAP_COLUMNS",
    "SITE_COLUMNS",
    "Placement",
    "add_nearest_km",
    "fair_effect",
    "gap_by_upazila",
    "haversine_km",
    "nearest_km",
    "place",
    "suggest_sites",
    "unreached_returnees",
]
