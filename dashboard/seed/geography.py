"""Where demo people and places are: district and upazila weights, points inside polygons."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import shapely
from shapely.geometry import shape

from dashboard.seed.calibration import FEATURED_UPAZILAS, HIGH_MIGRATION_DISTRICTS
from geodata import Level, areas_at, boundaries
from geodata.gazetteer import resolve


@dataclass(frozen=True)
class DemoGeography:
    """Upazila P-codes (sorted) with the share of returnees each one gets."""

    upazilas: np.ndarray  # of str
    districts: np.ndarray  # parent district of each upazila
    returnee_weight: np.ndarray
    high_migration: tuple[str, ...]  # district P-codes, in HIGH_MIGRATION_DISTRICTS order


def demo_geography(rng: np.random.Generator) -> DemoGeography:
    """Weights calibrated to the high-migration districts, with random variety within them."""
    high = {resolve(name, Level.DISTRICT).pcode: share for name, share in HIGH_MIGRATION_DISTRICTS.items()}
    featured = {resolve(up, Level.UPAZILA, within=resolve(dist, Level.DISTRICT).pcode).pcode: share
                for (dist, up), share in FEATURED_UPAZILAS.items()}
    districts = sorted(a.pcode for a in areas_at(Level.DISTRICT))
    others = [d for d in districts if d not in high]
    rest = 1.0 - sum(high.values())
    other_weights = rng.gamma(1.2, size=len(others))
    district_share = dict(high) | dict(zip(others, rest * other_weights / other_weights.sum(), strict=True))

    upazilas, parents, weights = [], [], []
    for district in districts:
        children = sorted(a.pcode for a in areas_at(Level.UPAZILA, district))
        within = rng.dirichlet(np.full(len(children), 0.9))
        fixed = {p: featured[p] for p in children if p in featured}
        if fixed:
            free = [i for i, p in enumerate(children) if p not in fixed]
            within[free] *= (1 - sum(fixed.values())) / within[free].sum()
            for i, p in enumerate(children):
                within[i] = fixed.get(p, within[i])
        upazilas += children
        parents += [district] * len(children)
        weights += list(within * district_share[district])
    weight = np.asarray(weights)
    return DemoGeography(np.asarray(upazilas), np.asarray(parents), weight / weight.sum(), tuple(high))


@lru_cache(maxsize=1)
def _polygons() -> dict[str, shapely.Geometry]:
    polygons = {f["id"]: shape(f["geometry"]) for f in boundaries(Level.UPAZILA)["features"]}
    for polygon in polygons.values():
        shapely.prepare(polygon)
    return polygons


def points_in(upazila_codes: np.ndarray, rng: np.random.Generator, decimals: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """A random point inside each given upazila (rejection sampling in its bounding box)."""
    lat = np.empty(len(upazila_codes))
    lon = np.empty(len(upazila_codes))
    polygons = _polygons()
    for code in np.unique(upazila_codes):
        idx = np.flatnonzero(upazila_codes == code)
        polygon = polygons[code]
        minx, miny, maxx, maxy = polygon.bounds
        found_x: list[np.ndarray] = []
        found_y: list[np.ndarray] = []
        needed = len(idx)
        while needed > 0:
            batch = max(64, needed * 3)
            xs = rng.uniform(minx, maxx, batch)
            ys = rng.uniform(miny, maxy, batch)
            inside = shapely.contains_xy(polygon, xs, ys)
            found_x.append(xs[inside][:needed])
            found_y.append(ys[inside][:needed])
            needed -= len(found_x[-1])
        lon[idx] = np.concatenate(found_x)
        lat[idx] = np.concatenate(found_y)
    return np.round(lat, decimals), np.round(lon, decimals)
