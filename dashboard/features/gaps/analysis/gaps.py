"""Service gaps: where returnees in need of a service are beyond reach of anyone offering it.

Definitions, as shown to users:

* A returnee is *in need* of service S when S is among their needs and they have no
  assistance for S with outcome ``received``. The caller selects those in SQL; the
  functions here see only the in-need returnees for one service.
* A returnee's *location* is their stored coarse location, or their upazila's centroid
  when they have none (``place``).
* Distance is the great-circle distance (Earth radius 6371.0088 km) to the nearest
  provider offering S, in any district: providers over a district border count.
* A returnee is *reached* when that distance is <= R km, *unreached* otherwise, also
  when nobody offers S.

Plain functions on pandas/numpy; nothing here knows about Dash or SQL.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from dashboard.features.gaps.analysis._frames import require
from dashboard.features.gaps.analysis.geo import check_radius, nearest_km

__all__ = ["GAP_COLUMNS", "Placement", "add_nearest_km", "gap_by_upazila", "gap_table", "place", "unreached_returnees",
           "weighted_median"]

RETURNEE_COLUMNS = ("upazila_pcode", "lat", "lon")
CENTROID_COLUMNS = ("upazila_pcode", "lat", "lon")
PROVIDER_COLUMNS = ("provider_id", "upazila_pcode", "lat", "lon", "capacity_per_month")
GAP_COLUMNS = ("pcode", "in_need", "unreached", "share_unreached", "providers", "capacity", "median_km")


@dataclass(frozen=True)
class Placement:
    """The result of ``place``.

    ``frame``: the located returnees (input columns plus boolean ``at_centroid``);
    ``at_centroid``: how many of them were placed at their upazila's centroid;
    ``unlocated``: how many were dropped, having neither a location nor a known upazila centroid.
    """

    frame: pd.DataFrame
    at_centroid: int
    unlocated: int


def place(returnees: pd.DataFrame, centroids: pd.DataFrame) -> Placement:
    """Give every returnee a location: their stored one, else their upazila's centroid.

    ``returnees``: ``upazila_pcode, lat, lon``, one row per person (lat/lon may be NaN);
    ``centroids``: ``upazila_pcode, lat, lon``, one row per upazila. A stored location
    counts only when both lat and lon are present. Returnees with no stored location
    whose upazila has no centroid are dropped and counted in ``unlocated``; those with a
    stored location are kept whatever their upazila. Returns a copy (index reset); extra
    input columns are kept.
    """
    returnees = require(returnees, RETURNEE_COLUMNS, "returnees")
    centroids = require(centroids, CENTROID_COLUMNS, "centroids")
    known = centroids.dropna(subset=["upazila_pcode", "lat", "lon"])
    if known["upazila_pcode"].duplicated().any():
        # Two centroids for one upazila would silently place people at either; refuse.
        raise ValueError("centroids has more than one row for an upazila")
    by_pcode = known.set_index("upazila_pcode")
    frame = returnees.copy()
    lat, lon = frame["lat"].astype("float64"), frame["lon"].astype("float64")
    stored = lat.notna() & lon.notna()
    # Only those without a stored location need their upazila's centre (usually a few).
    missing = frame.loc[~stored, "upazila_pcode"]
    centre_lat = missing.map(by_pcode["lat"]).astype("float64").reindex(frame.index)
    centre_lon = missing.map(by_pcode["lon"]).astype("float64").reindex(frame.index)
    frame["lat"], frame["lon"] = lat.where(stored, centre_lat), lon.where(stored, centre_lon)
    frame["at_centroid"] = ~stored & centre_lat.notna()
    located = stored | frame["at_centroid"]
    frame = frame.loc[located].reset_index(drop=True)
    return Placement(frame, int(frame["at_centroid"].sum()), int((~located).sum()))


def add_nearest_km(placed: pd.DataFrame, providers: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``placed`` with column ``km``: great-circle distance to the nearest provider.

    ``placed`` must be located (the frame of a ``Placement``); ``providers`` needs ``lat, lon``
    and should be those offering the service. ``km`` is ``inf`` when no provider has a location.
    """
    placed = require(placed, ("lat", "lon"), "placed")
    providers = require(providers, ("lat", "lon"), "providers")
    lat, lon = placed["lat"].to_numpy(dtype="float64"), placed["lon"].to_numpy(dtype="float64")
    if not (np.isfinite(lat) & np.isfinite(lon)).all():
        raise ValueError("placed has rows without a location; pass the frame from place()")
    out = placed.copy()
    out["km"] = nearest_km(lat, lon, providers["lat"].to_numpy(dtype="float64"),
                           providers["lon"].to_numpy(dtype="float64"))
    return out


def unreached_returnees(placed: pd.DataFrame, providers: pd.DataFrame, radius_km: float) -> pd.DataFrame:
    """The rows of ``placed`` whose nearest provider is farther than ``radius_km`` (or absent).

    Adds column ``km`` as ``add_nearest_km`` does. This is what ``suggest_sites`` takes as
    its ``unreached`` argument.
    """
    radius = check_radius(radius_km)
    with_km = add_nearest_km(placed, providers)
    return with_km.loc[~(with_km["km"] <= radius)].reset_index(drop=True)


def gap_by_upazila(
    placed: pd.DataFrame, providers: pd.DataFrame, radius_km: float, upazilas: Sequence[str]
) -> pd.DataFrame:
    """The service gap per upazila, one row per entry of ``upazilas``, in that order.

    ``placed``: located in-need returnees (``Placement.frame``; needs ``upazila_pcode, lat,
    lon``). Distances are always computed here from ``providers`` (any ``km`` column in
    ``placed`` is ignored), so they cannot be stale. ``providers``: those offering the
    service, ``provider_id, upazila_pcode, lat, lon, capacity_per_month``; all of them are
    candidates for "nearest", whatever their district. Returnees in upazilas not listed
    appear in no row. Columns (``GAP_COLUMNS``):

    * ``in_need``, ``unreached``: counts of in-need returnees placed in the upazila, and of
      those whose nearest provider is farther than ``radius_km`` (or there is none);
    * ``share_unreached``: 100 * unreached / in_need, NaN when in_need is 0;
    * ``providers``: providers in the upazila (by ``upazila_pcode``, with coordinates or not);
    * ``capacity``: the sum of their stated monthly capacity, NaN when none is stated
      (providers with no stated capacity add nothing, so it is a lower bound);
    * ``median_km``: median nearest-provider distance of its in-need returnees, NaN when
      there are none, ``inf`` when nobody offers the service.
    """
    check_radius(radius_km)
    placed = require(placed, ("upazila_pcode", "lat", "lon"), "placed")
    providers = require(providers, PROVIDER_COLUMNS, "providers")
    with_km = add_nearest_km(placed.drop(columns="km", errors="ignore"), providers)
    return gap_table(with_km, providers, radius_km, upazilas)


def gap_table(with_km: pd.DataFrame, providers: pd.DataFrame, radius_km: float, upazilas: Sequence[str],
              weight: str | None = None) -> pd.DataFrame:
    """:func:`gap_by_upazila` on rows whose distance to the nearest provider is already measured
    (column ``km``, from :func:`add_nearest_km`), so a caller measures each place once.

    With ``weight``, each row stands for that many people (a place and how many in-need
    returnees live there): counts are sums of the weights and the median is taken over the
    people, exactly as over one row per person. Without, each row is one person."""
    radius = check_radius(radius_km)
    with_km = require(with_km, ("upazila_pcode", "km"), "with_km")
    providers = require(providers, PROVIDER_COLUMNS, "providers")
    km = with_km["km"].to_numpy(dtype="float64")
    people = (with_km[weight].to_numpy(dtype=np.int64) if weight is not None
              else np.ones(len(with_km), dtype=np.int64))
    rows = pd.DataFrame({"pcode": with_km["upazila_pcode"].to_numpy(), "km": km, "people": people,
                         "unreached": np.where(km <= radius, 0, people)})
    grouped = rows.groupby("pcode")
    demand = grouped[["people", "unreached"]].sum().rename(columns={"people": "in_need"})
    demand["median_km"] = pd.Series({pcode: weighted_median(group["km"].to_numpy(), group["people"].to_numpy())
                                     for pcode, group in grouped}, dtype="float64")
    supply = providers.assign(capacity=providers["capacity_per_month"].astype("float64")).groupby("upazila_pcode")
    out = pd.DataFrame({"pcode": pd.Series(list(upazilas), dtype="str")})
    keys = out["pcode"]
    out["in_need"] = keys.map(demand["in_need"]).fillna(0).astype("int64")
    out["unreached"] = keys.map(demand["unreached"]).fillna(0).astype("int64")
    out["share_unreached"] = (100.0 * out["unreached"] / out["in_need"]).where(out["in_need"] > 0)
    out["providers"] = keys.map(supply.size()).fillna(0).astype("int64")
    out["capacity"] = keys.map(supply["capacity"].sum(min_count=1)).astype("float64")
    out["median_km"] = keys.map(demand["median_km"]).astype("float64")
    return out[list(GAP_COLUMNS)]


def weighted_median(values: npt.ArrayLike, weights: npt.ArrayLike) -> float:
    """The median of ``values`` each repeated ``weights`` times, as it is of the repeated list
    (the middle value, or the mean of the two middle ones for an even total); NaN for nobody.
    Infinite values (nobody offers the service) sort last, as they do in the list."""
    v = np.asarray(values, dtype="float64")
    w = np.asarray(weights, dtype=np.int64)
    keep = w > 0
    v, w = v[keep], w[keep]
    total = int(w.sum())
    if total == 0:
        return math.nan
    order = np.argsort(v, kind="stable")
    v, cumulative = v[order], np.cumsum(w[order])
    low = float(v[np.searchsorted(cumulative, (total - 1) // 2, side="right")])
    high = float(v[np.searchsorted(cumulative, total // 2, side="right")])
    return low if low == high else (low + high) / 2
