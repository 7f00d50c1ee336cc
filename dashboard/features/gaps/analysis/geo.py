"""Great-circle distances on the sphere, nearest-neighbour and within-radius queries.

Spatial queries run on a k-d tree over 3-D unit vectors. The straight-line (chord)
distance c between two unit vectors fixes the great-circle distance exactly,
d = 2 R asin(c / 2), and grows with it, so "nearest" and "within r" mean the same in
both. Distances from the queries are converted that way; they agree with
``haversine_km`` to floating-point rounding (well under a micrometre).
"""

from __future__ import annotations

import math
from typing import overload

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

EARTH_RADIUS_KM = 6371.0088  # IUGG mean Earth radius

FloatArray = npt.NDArray[np.float64]
IndexArray = npt.NDArray[np.intp]

# Radius queries search slightly beyond the radius's chord; pairs in the thin band around
# it are decided by converting their chord to km the same way nearest_km does, so "within
# R" here and "nearest <= R" there apply one test, and the bulk of the pairs skips the
# trigonometry.
_CHORD_SLACK = 1e-7
_CHORD_FLOOR = 1e-12
# Upper bound on the pairs one radius query materialises (about 50 bytes each at peak);
# larger queries are split by rows so a generous radius cannot exhaust a web worker's memory.
_MAX_PAIRS_PER_QUERY = 2_000_000


@overload
def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float: ...
@overload
def haversine_km(lat1: npt.ArrayLike, lon1: npt.ArrayLike, lat2: npt.ArrayLike, lon2: npt.ArrayLike) -> FloatArray: ...
def haversine_km(
    lat1: npt.ArrayLike, lon1: npt.ArrayLike, lat2: npt.ArrayLike, lon2: npt.ArrayLike
) -> FloatArray | float:
    """Great-circle distance in km between points given in degrees (inputs broadcast).

    Returns a float for scalar inputs, an array otherwise; NaN where a coordinate is NaN.
    """
    phi1, lam1, phi2, lam2 = (np.radians(np.asarray(v, dtype=np.float64)) for v in (lat1, lon1, lat2, lon2))
    a = np.sin((phi2 - phi1) / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin((lam2 - lam1) / 2) ** 2
    # Rounding can push a just above 1 for antipodal points; arcsin would return NaN.
    km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0)))
    return float(km) if km.ndim == 0 else km


def check_radius(radius_km: float) -> float:
    """``radius_km`` as a float, or ValueError when it is negative or NaN (infinity is allowed)."""
    radius = float(radius_km)
    if math.isnan(radius) or radius < 0:
        raise ValueError(f"radius_km must be >= 0, got {radius_km!r}")
    return radius


def _coords(lat: npt.ArrayLike, lon: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    lat_arr = np.asarray(lat, dtype=np.float64).reshape(-1)
    lon_arr = np.asarray(lon, dtype=np.float64).reshape(-1)
    if lat_arr.shape != lon_arr.shape:
        raise ValueError(f"lat and lon differ in length ({lat_arr.size} vs {lon_arr.size})")
    return lat_arr, lon_arr


def _unit_vectors(lat: FloatArray, lon: FloatArray) -> FloatArray:
    phi, lam = np.radians(lat), np.radians(lon)
    xyz = np.empty((lat.size, 3))
    cos_phi = np.cos(phi)
    np.multiply(cos_phi, np.cos(lam), out=xyz[:, 0])
    np.multiply(cos_phi, np.sin(lam), out=xyz[:, 1])
    np.sin(phi, out=xyz[:, 2])
    return xyz


def _arc_km(chord: FloatArray) -> FloatArray:
    # Chords can exceed 2 by rounding for antipodal points; arcsin would return NaN.
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(chord / 2, 1.0))


def _chord(radius_km: float) -> float:
    # Beyond half the circumference every point on the sphere is in range: chord 2.
    angle = min(radius_km / EARTH_RADIUS_KM, math.pi)
    return 2 * math.sin(angle / 2)


def nearest_km(
    points_lat: npt.ArrayLike, points_lon: npt.ArrayLike, providers_lat: npt.ArrayLike, providers_lon: npt.ArrayLike
) -> FloatArray:
    """Great-circle distance in km from each point to its nearest provider.

    ``inf`` for every point when there are no providers; NaN for a point without a
    location. Providers without a location are ignored. Uses a k-d tree, so the cost
    grows as points x log(providers), not points x providers.
    """
    lat, lon = _coords(points_lat, points_lon)
    p_lat, p_lon = _coords(providers_lat, providers_lon)
    located = np.isfinite(p_lat) & np.isfinite(p_lon)
    p_lat, p_lon = p_lat[located], p_lon[located]
    known = np.isfinite(lat) & np.isfinite(lon)
    out = np.where(known, np.inf, np.nan)
    if p_lat.size == 0 or not known.any():
        return out
    tree = cKDTree(_unit_vectors(p_lat, p_lon))
    everyone = bool(known.all())  # the usual case: skip two copies of every array
    xyz = _unit_vectors(lat, lon) if everyone else _unit_vectors(lat[known], lon[known])
    # workers=-1: the query dominates the cost and splits cleanly across cores.
    chord, _ = tree.query(xyz, k=1, workers=-1)
    if everyone:
        return _arc_km(chord)
    out[known] = _arc_km(chord)
    return out


def pairs_within(
    a_lat: npt.ArrayLike, a_lon: npt.ArrayLike, b_lat: npt.ArrayLike, b_lon: npt.ArrayLike, radius_km: float
) -> tuple[IndexArray, IndexArray]:
    """Index pairs ``(i, j)`` with point ``a[i]`` within ``radius_km`` (great-circle, inclusive) of ``b[j]``.

    Points without a location pair with nothing. Pairs come in no particular order.
    """
    radius = check_radius(radius_km)
    lat_a, lon_a = _coords(a_lat, a_lon)
    lat_b, lon_b = _coords(b_lat, b_lon)
    ok_a = np.flatnonzero(np.isfinite(lat_a) & np.isfinite(lon_a))
    ok_b = np.flatnonzero(np.isfinite(lat_b) & np.isfinite(lon_b))
    if ok_a.size == 0 or ok_b.size == 0:
        return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp)
    tree_b = cKDTree(_unit_vectors(lat_b[ok_b], lon_b[ok_b]), balanced_tree=False)
    xyz_a = _unit_vectors(lat_a[ok_a], lon_a[ok_a])
    chord = _chord(radius)
    outer, inner = chord * (1 + _CHORD_SLACK) + _CHORD_FLOOR, chord * (1 - _CHORD_SLACK) - _CHORD_FLOOR
    found_i, found_j = [], []
    for rows in _chunks(tree_b.query_ball_point(xyz_a, outer, return_length=True, workers=-1)):
        found = cKDTree(xyz_a[rows]).sparse_distance_matrix(tree_b, outer, output_type="ndarray")
        keep = found["v"] <= inner
        band = np.flatnonzero(~keep)
        keep[band] = _arc_km(found["v"][band]) <= radius
        found_i.append(ok_a[rows.start + found["i"][keep]])
        found_j.append(ok_b[found["j"][keep]])
    return np.concatenate(found_i), np.concatenate(found_j)


def _chunks(counts: npt.NDArray[np.intp]) -> list[slice]:
    """Consecutive row slices holding at most _MAX_PAIRS_PER_QUERY pairs each (a row over it stands alone)."""
    bounds, start, total = [], 0, 0
    for row, count in enumerate(counts.tolist()):
        if total and total + count > _MAX_PAIRS_PER_QUERY:
            bounds.append(slice(start, row))
            start, total = row, 0
        total += count
    bounds.append(slice(start, len(counts)))
    return bounds
