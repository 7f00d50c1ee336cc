"""The fair comparison reads only the events that could count for one of the recent fairs: those
in a fair's days and inside the box its radius fits in, and every event without a location.

People are placed at distances this test chooses (a kilometre of latitude is 1/111.195 of a
degree on the mean-radius sphere; of longitude, that over the cosine of the latitude), just
inside the radius to the north and to the east and well outside it; a box cut too narrow in
either direction, a window cut short or a cache kept across radii loses one of them.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pytest

from dashboard.app import create_app
from dashboard.config import load_settings
from dashboard.core.access import Actor, Role
from dashboard.core.scope import Scope
from dashboard.db import Database
from dashboard.features.gaps.data import fair_effects
from dashboard.features.gaps.queries import FairSurroundings, activity_near_fairs
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
OFFICIAL_NEAR = {"PR-NORTH", "PR-EAST", "PR-SOUTHWEST"}
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


def _box(radius_km: float) -> tuple[float, float, float, float]:
    # Half a kilometre wider than the radius each way: generous, and still short of PR-FAR-EAST.
    return (VENUE[0] - (radius_km + 0.5) * KM_OF_LATITUDE, VENUE[0] + (radius_km + 0.5) * KM_OF_LATITUDE,
            VENUE[1] - (radius_km + 0.5) * KM_OF_LONGITUDE, VENUE[1] + (radius_km + 0.5) * KM_OF_LONGITUDE)


def test_fs001_only_events_in_a_fair_s_days_and_box_are_read(empty_db: Database) -> None:
    with empty_db.session() as session:
        _load(session)
        session.commit()
        around = [FairSurroundings(date(2018, 12, 1), date(2019, 5, 30), _box(RADIUS_KM))]
        # The whole of 2018-2019 asked: only the fair's days and box narrow it.
        profiled, referrals = activity_near_fairs(session, Scope.national(), f.SYLHET, date(2018, 1, 1),
                                                  date(2019, 12, 31), around)
        everything, _ = activity_near_fairs(session, Scope.national(), f.SYLHET, date(2018, 1, 1), date(2019, 12, 31))
    # Four near the fair in its days (three within the radius, one just outside the circle
    # but inside its box), and the one with no location; not the far one, nor the late one.
    assert int(profiled["events"].sum()) == 5 and profiled["lat"].isna().sum() == 1
    assert int(everything["events"].sum()) == 7  # without surroundings, every day and place
    near = {(round(lat, 4), round(lon, 4)) for lat, lon in profiled[["lat", "lon"]].dropna().itertuples(index=False)}
    assert near == {tuple(round(v, 4) for v in _where(north, east)) for code, north, east, day in PEOPLE
                    if code in OFFICIAL_NEAR | {"PR-CORNER"}}
    assert int(referrals["events"].sum()) == 4  # the located people's referrals near the fair, in its days


def test_fs002_a_fair_without_a_simple_box_keeps_its_days_only(empty_db: Database) -> None:
    with empty_db.session() as session:
        _load(session)
        session.commit()
        profiled, _ = activity_near_fairs(session, Scope.national(), f.SYLHET, date(2018, 1, 1), date(2019, 12, 31),
                                          [FairSurroundings(date(2018, 12, 1), date(2019, 5, 30), None)])
    assert int(profiled["events"].sum()) == 6  # the far one too; still not the late one


@pytest.fixture(scope="module")
def app(new_sqlite: Any) -> Any:
    with new_sqlite("fair-surroundings") as (url, session):
        _load(session)
    # A cache that keeps answers: a comparison drawn at one radius must not answer another.
    return create_app(load_settings({}, database_url=url, cache_type="SimpleCache"))


def test_fs003_the_comparison_counts_each_radius_s_own_people(as_actor: Any) -> None:
    as_actor(HQ)
    small = fair_effects(f.SYLHET, 2).iloc[0]
    wide = fair_effects(f.SYLHET, RADIUS_KM).iloc[0]
    wider = fair_effects(f.SYLHET, 20).iloc[0]
    assert small.profiled_before == 1  # PR-NOWHERE, placed at the venue (Golapganj's centre)
    assert wide.profiled_before == 1 + 3  # and the three within 10 km, 8.5-9.5 km away
    assert wider.profiled_before == 1 + 3 + 2  # and PR-CORNER and PR-FAR-EAST, 12.7 and 15 km away
    assert (small.referrals_before, wide.referrals_before, wider.referrals_before) == (0, 3, 5)
    assert wider.profiled_after == 0  # PR-LATE is 153 days after: outside the 90-day window
