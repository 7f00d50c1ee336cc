"""The fair comparison counts, for each radius, the people within it in the fair's window: those
just inside the radius to the north and to the east, those outside it, one outside the window and
one without a location (placed at their upazila's centre, where the fair is held).

People are placed at distances this test chooses (a kilometre of latitude is 1/111.195 of a
degree on the mean-radius sphere; of longitude, that over the cosine of the latitude). The app
keeps answers in a cache, as in production: a radius asked after another gets its own count.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pytest

from dashboard.app import create_app
from dashboard.config import load_settings
from dashboard.core.access import Actor, Role
from dashboard.features.gaps.data import fair_effects
from dashboard.models.vocabulary import Service
from geodata import admin_areas
from tests import factories as f

# The fair is held at Golapganj's centre, where the one returnee without a location is placed.
VENUE = (admin_areas()[f.GOLAPGANJ].center_lat, admin_areas()[f.GOLAPGANJ].center_lon)
HELD = date(2019, 3, 1)
RADIUS_KM = 10.0
KM_OF_LATITUDE = 1 / 111.195
KM_OF_LONGITUDE = KM_OF_LATITUDE / math.cos(math.radians(VENUE[0]))
BEFORE, LONG_AFTER = date(2019, 2, 1), date(2019, 8, 1)  # 28 days before; 153 days after (past 90)
# (code, km north, km east, day profiled): who lives where.
PEOPLE = (
    ("PR-NORTH", 0.95 * RADIUS_KM, 0.0, BEFORE),
    ("PR-EAST", 0.0, 0.95 * RADIUS_KM, BEFORE),
    ("PR-SOUTHWEST", -0.6 * RADIUS_KM, -0.6 * RADIUS_KM, BEFORE),  # 8.5 km away
    ("PR-CORNER", 0.9 * RADIUS_KM, 0.9 * RADIUS_KM, BEFORE),  # 12.7 km: outside the circle, inside its box
    ("PR-FAR-EAST", 0.0, 1.5 * RADIUS_KM, BEFORE),
    ("PR-LATE", 0.0, 0.0, LONG_AFTER),
)
HQ = Actor("hq", Role.HQ_ANALYST)


def _where(km_north: float, km_east: float) -> tuple[float, float]:
    return VENUE[0] + km_north * KM_OF_LATITUDE, VENUE[1] + km_east * KM_OF_LONGITUDE


def _load(session: Any) -> None:
    for code, north, east, day in PEOPLE:
        lat, lon = _where(north, east)
        person = f.returnee(session, upazila=f.GOLAPGANJ, code=code, lat=lat, lon=lon, profiled_on=day)
        f.assistance(session, person, Service.LEGAL_SUPPORT, referred_on=day, completed_on=day)
    f.returnee(session, upazila=f.GOLAPGANJ, code="PR-NOWHERE", profiled_on=BEFORE)  # placed in Golapganj later
    f.fair(session, upazila=f.GOLAPGANJ, held_on=HELD, venue="Golapganj ground", lat=VENUE[0], lon=VENUE[1])


@pytest.fixture(scope="module")
def app(new_sqlite: Any) -> Any:
    with new_sqlite("fair-surroundings") as (url, session):
        _load(session)
    # A cache that keeps answers: a comparison drawn at one radius must not answer another.
    return create_app(load_settings({}, database_url=url, cache_type="SimpleCache"))


def test_fs001_the_comparison_counts_each_radius_s_own_people(as_actor: Any) -> None:
    as_actor(HQ)
    small = fair_effects(f.SYLHET, 2).iloc[0]
    wide = fair_effects(f.SYLHET, RADIUS_KM).iloc[0]
    wider = fair_effects(f.SYLHET, 20).iloc[0]
    assert small.profiled_before == 1  # PR-NOWHERE, placed at the venue (Golapganj's centre)
    assert wide.profiled_before == 1 + 3  # and the three within 10 km, 8.5-9.5 km away
    assert wider.profiled_before == 1 + 3 + 2  # and PR-CORNER and PR-FAR-EAST, 12.7 and 15 km away
    assert (small.referrals_before, wide.referrals_before, wider.referrals_before) == (0, 3, 5)
    assert wider.profiled_after == 0  # PR-LATE is 153 days after: outside the 90-day window
