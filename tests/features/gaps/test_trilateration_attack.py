"""Trilateration through the follow-up lists: can a district officer place a person?

The attacker knows every provider's point (the gaps map shows them) and may download the
follow-up list of each of the twelve services at any radius the slider allows. A person in
need of every service appears on a list exactly when their nearest provider of that service is
farther than the radius, so sweeping the radius a km at a time would give twelve distances to
1 km, and twelve rings around known points meet in one place. Below headquarters the list is
drawn at band edges only and shows bands, so the rings are 5-15 km wide.

The test plays this attack on a grid of 0.01 degree (about 1 km, the precision of a stored
location) and counts, per person, the grid points consistent with everything the officer was
told. Headquarters' list (distances to 0.1 km) is the control: the same attack pins each person
to a point or two there, so the attack is real; below headquarters no one may be pinned.
Distances are computed here with the haversine formula, independently of the app's code.
"""

from __future__ import annotations

import math
from random import Random
from typing import Any

import numpy as np
import pytest

from dashboard.app import create_app
from dashboard.config import load_settings
from dashboard.core.access import Actor, Role
from dashboard.features.gaps.data import follow_up_list
from dashboard.models.vocabulary import Service
from tests import factories as f

T = 5
RADII = range(2, 51)  # the slider's whole km (gap_finder MIN_RADIUS..MAX_RADIUS)
SERVICES = list(Service)
# Sylhet's heart: the box people and providers are drawn in and the attacker searches.
LAT, LON = (24.70, 25.10), (91.70, 92.20)
GRID = 0.01
_rng = Random(2026)
PEOPLE = [(round(_rng.uniform(24.80, 25.00), 2), round(_rng.uniform(91.80, 92.10), 2)) for _ in range(6)]
PROVIDERS = {service: [(_rng.uniform(*LAT), _rng.uniform(*LON)) for _ in range(2)] for service in SERVICES}
OFFICER = Actor("officer", Role.DISTRICT_OFFICER, frozenset({f.SYLHET}))
HQ = Actor("hq", Role.HQ_ANALYST)
BANDS = {"0–5": (0.0, 5.0), "5–10": (5.0, 10.0), "10–25": (10.0, 25.0), "25+": (25.0, math.inf)}


def _km(lat: Any, lon: Any, lat2: float, lon2: float) -> Any:
    """Great-circle distance in km (haversine, mean Earth radius)."""
    p1, p2 = np.radians(lat), math.radians(lat2)
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * math.cos(p2) * np.sin(np.radians(lon2 - lon) / 2) ** 2
    return 2 * 6371.0088 * np.arcsin(np.sqrt(a))


@pytest.fixture(scope="module")
def app(new_sqlite: Any) -> Any:
    with new_sqlite("trilateration") as (url, session):
        for lat, lon in PEOPLE:
            f.need(session, f.returnee(session, upazila=f.GOLAPGANJ, lat=lat, lon=lon), *SERVICES)
        for service, points in PROVIDERS.items():
            for lat, lon in points:
                f.provider(session, upazila=f.GOLAPGANJ, services=(service,), lat=lat, lon=lon)
    return create_app(load_settings({}, database_url=url, cache_type="SimpleCache", suppression_threshold=T))


def _intervals(as_actor: Any, actor: Actor) -> dict[str, dict[Service, tuple[float, float]]]:
    """Per person code and service, the (low, high] km the attacker can bound the distance to
    the nearest provider by, from every list of every radius."""
    bounds: dict[str, dict[Service, tuple[float, float]]] = {}
    for service in SERVICES:
        for radius in RADII:
            as_actor(actor)
            table = follow_up_list(f.SYLHET, service, radius)
            on_list = set(table["returnee_code"])
            drawn_at = table.attrs["radius_km"]
            for code in on_list:
                low, high = bounds.setdefault(code, {}).get(service, (0.0, math.inf))
                bounds[code][service] = (max(low, drawn_at), high)
            for row in table.itertuples(index=False):
                low, high = bounds[row.returnee_code][service]
                if "nearest_provider_km" in table.columns:  # headquarters: km to 0.1
                    km = float(row.nearest_provider_km)
                    bounds[row.returnee_code][service] = (max(low, km - 0.05), min(high, km + 0.05))
                else:
                    band_low, band_high = BANDS[row.distance_band]
                    bounds[row.returnee_code][service] = (max(low, band_low), min(high, band_high))
            # Everyone off the list at this radius is within it (the attacker learns that too).
            for code in set(bounds) - on_list:
                low, high = bounds[code].get(service, (0.0, math.inf))
                bounds[code][service] = (low, min(high, drawn_at))
    return bounds


def _candidates(bounds: dict[Service, tuple[float, float]]) -> list[tuple[float, float]]:
    """The grid points whose nearest provider of each service lies within the attacker's bounds."""
    lats = np.arange(LAT[0], LAT[1] + GRID / 2, GRID)
    lons = np.arange(LON[0], LON[1] + GRID / 2, GRID)
    grid_lat, grid_lon = (a.ravel() for a in np.meshgrid(lats, lons, indexing="ij"))
    keep = np.ones(grid_lat.shape, dtype=bool)
    for service, (low, high) in bounds.items():
        nearest = np.min([_km(grid_lat, grid_lon, lat, lon) for lat, lon in PROVIDERS[service]], axis=0)
        # Half a grid step of slack: the stored point is a grid point, the bounds are for it.
        keep &= (nearest >= low - 0.8) & (nearest <= high + 0.8)
    return list(zip(grid_lat[keep].round(2), grid_lon[keep].round(2), strict=True))


def _pinned(as_actor: Any, actor: Actor) -> tuple[int, list[int]]:
    """How many people the attack places within one grid step of their stored point, with the
    size of each person's consistent region."""
    pinned, sizes = 0, []
    for bounds in _intervals(as_actor, actor).values():
        region = _candidates(bounds)
        sizes.append(len(region))
        # Who is this? The test knows: the person whose stored point is in the region.
        true = [p for p in PEOPLE if (p[0], p[1]) in region]
        if true and all(abs(lat - true[0][0]) <= GRID + 1e-9 and abs(lon - true[0][1]) <= GRID + 1e-9
                        for lat, lon in region):
            pinned += 1
    return pinned, sizes


def test_tr001_headquarters_exact_distances_place_people(as_actor: Any) -> None:
    """The control: with distances to 0.1 km the rings meet at the person's point."""
    pinned, sizes = _pinned(as_actor, HQ)
    assert pinned >= len(PEOPLE) - 1, sizes


def test_tr002_below_headquarters_no_one_is_placed(as_actor: Any) -> None:
    pinned, sizes = _pinned(as_actor, OFFICER)
    assert len(sizes) == len(PEOPLE)  # everyone was on some list: the attacker had material
    assert pinned == 0, sizes
    # Each person is somewhere in a region of several square km, not a point or two: at Sylhet's
    # density (about 1,000 people per km²) thousands live in it. (Seen: 10-30 grid points.)
    assert min(sizes) >= 8, sizes


def test_tr003_the_list_below_headquarters_is_drawn_at_band_edges(as_actor: Any) -> None:
    drawn = set()
    for radius in RADII:
        as_actor(OFFICER)
        drawn.add(follow_up_list(f.SYLHET, Service.LEGAL_SUPPORT, radius).attrs["radius_km"])
    assert drawn == {5.0, 10.0, 25.0}
    as_actor(HQ)
    assert follow_up_list(f.SYLHET, Service.LEGAL_SUPPORT, 12).attrs["radius_km"] == 12
