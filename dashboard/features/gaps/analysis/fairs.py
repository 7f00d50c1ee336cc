"""Activity near job fairs in the weeks before and after each one."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
import pandas as pd

from dashboard.features.gaps.analysis._frames import require
from dashboard.features.gaps.analysis.geo import EARTH_RADIUS_KM, check_radius, haversine_km

FAIR_COLUMNS = ("fair_id", "venue", "held_on", "lat", "lon")
FAIR_EFFECT_COLUMNS = (
    "fair_id", "venue", "held_on", "profiled_before", "profiled_after", "referrals_before", "referrals_after",
)


def fair_effect(
    fairs: pd.DataFrame, profiled: pd.DataFrame, referrals: pd.DataFrame, radius_km: float, window_days: int = 90
) -> pd.DataFrame:
    """Returnees profiled and referrals made near each fair, before versus after it.

    ``fairs``: ``fair_id, venue, held_on, lat, lon`` (every fair needs a location);
    ``profiled``: ``lat, lon, profiled_on`` of placed returnees; ``referrals``: ``lat, lon,
    referred_on``. An event counts for a fair when it lies within ``radius_km``
    (great-circle, inclusive) of the venue and on day d with
    ``held_on - window_days <= d < held_on`` (before) or ``held_on < d <= held_on + window_days``
    (after). Events on the fair day itself count in neither: the day mixes both sides.
    Dates are compared as calendar days (any time of day is dropped); events without a
    date or location are ignored. An event near two fairs counts for both.

    This is a plain before/after comparison, not a causal estimate: seasonal patterns,
    other activities and how the programme grew all move these counts too.

    When an events frame has a column ``key_sum`` (the record keys of its people,
    ``dashboard.core.disclosure``; an event row may stand for several), columns
    ``<name>_before_key`` and ``<name>_after_key`` follow: the key sum of each count's events.

    Returns columns ``FAIR_EFFECT_COLUMNS`` (then any key sums), one row per fair, in input order.
    """
    radius = check_radius(radius_km)
    if window_days < 0:
        raise ValueError(f"window_days must be >= 0, got {window_days!r}")
    fairs = require(fairs, FAIR_COLUMNS, "fairs")
    profiled = require(profiled, ("lat", "lon", "profiled_on"), "profiled")
    referrals = require(referrals, ("lat", "lon", "referred_on"), "referrals")
    if fairs[["lat", "lon"]].isna().to_numpy().any():
        raise ValueError("fairs has rows without a location")
    out = fairs[["fair_id", "venue", "held_on"]].reset_index(drop=True)
    held = _days(fairs["held_on"])
    keys: list[str] = []
    for name, events, date_column in (("profiled", profiled, "profiled_on"), ("referrals", referrals, "referred_on")):
        when = _days(events[date_column])
        before, after = _count_near(fairs, held, events, when, radius, window_days)
        out[f"{name}_before"], out[f"{name}_after"] = before, after
        if "key_sum" in events.columns:
            weights = events["key_sum"].to_numpy(dtype=np.int64)
            before, after = _count_near(fairs, held, events, when, radius, window_days, weights)
            out[f"{name}_before_key"], out[f"{name}_after_key"] = before, after
            keys += [f"{name}_before_key", f"{name}_after_key"]
    return out[[*FAIR_EFFECT_COLUMNS, *keys]]


def _days(dates: pd.Series) -> npt.NDArray[np.datetime64]:
    """Calendar days (``datetime64[D]``, NaT when missing) of dates, datetimes or ISO strings."""
    parsed = pd.to_datetime(pd.Series(dates))
    if parsed.dt.tz is not None:
        parsed = parsed.dt.tz_localize(None)  # keep the local calendar day the date was recorded on
    return parsed.to_numpy().astype("datetime64[D]")


def _count_near(
    fairs: pd.DataFrame, held: npt.NDArray[np.datetime64], events: pd.DataFrame,
    when: npt.NDArray[np.datetime64], radius_km: float, window_days: int,
    weights: npt.NDArray[np.int64] | None = None,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Per fair, events within radius in the window before and in the window after (with
    ``weights``, one per event, the sum of their weights instead of their number).

    Events are sorted by day once; each fair then measures distances only to the events
    of its own 2 x ``window_days`` (a binary search finds them), so memory stays linear
    even when a district holds thousands of fairs and hundreds of thousands of events
    (all pairs within 50 km would not fit in memory).
    """
    dated = ~np.isnat(when)
    order = np.argsort(when[dated], kind="stable")
    days = when[dated][order]
    lat = events["lat"].to_numpy(dtype="float64")[dated][order]
    lon = events["lon"].to_numpy(dtype="float64")[dated][order]
    weight = (np.ones(len(events), dtype=np.int64) if weights is None else weights)[dated][order]
    window = np.timedelta64(window_days, "D")
    fair_lat, fair_lon = fairs["lat"].to_numpy(dtype="float64"), fairs["lon"].to_numpy(dtype="float64")
    before = np.zeros(len(fairs), dtype=np.int64)
    after = np.zeros(len(fairs), dtype=np.int64)
    for k, day in enumerate(held):
        if np.isnat(day):
            continue  # an undated fair has no before or after
        # Before: [day - window, day); after: (day, day + window]; the fair day in neither.
        first = int(np.searchsorted(days, day - window, side="left"))
        fair_day = int(np.searchsorted(days, day, side="left"))
        next_day = int(np.searchsorted(days, day, side="right"))
        last = int(np.searchsorted(days, day + window, side="right"))
        before[k] = _within(fair_lat[k], fair_lon[k], lat[first:fair_day], lon[first:fair_day],
                            weight[first:fair_day], radius_km)
        after[k] = _within(fair_lat[k], fair_lon[k], lat[next_day:last], lon[next_day:last], weight[next_day:last],
                           radius_km)
    return before, after


def _within(lat: float, lon: float, lats: npt.NDArray[np.float64], lons: npt.NDArray[np.float64],
            weights: npt.NDArray[np.int64], radius_km: float) -> int:
    """The sum of ``weights`` of the points within ``radius_km`` of (lat, lon).

    Only points inside the radius's bounding box are measured: two comparisons a point instead
    of the great-circle formula's ten array operations, which were most of a fair comparison's
    time (a window of a large district holds thousands of returnees, a few near each fair)."""
    if lats.size == 0:
        return 0
    box = _bounding_box(lat, lon, radius_km)
    if box is not None:
        dlat, dlon = box
        near = (np.abs(lats - lat) <= dlat) & (np.abs(lons - lon) <= dlon)
        lats, lons, weights = lats[near], lons[near], weights[near]
    return int(weights[haversine_km(lat, lon, lats, lons) <= radius_km].sum())


def _bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float] | None:
    """Half-widths in degrees (latitude, longitude) of a box holding every point within
    ``radius_km`` of (lat, lon) on the sphere ``haversine_km`` measures, or None where no such
    box is simple (a radius reaching a pole or across the 180th meridian, or no radius limit).

    Along a meridian the distance is the radius over R in radians (d); points within angular
    distance d of one at latitude phi differ from it in longitude by at most asin(sin d / cos phi)
    while the circle holds no pole. Each half-width is widened by a millionth of a degree so
    rounding never drops a point on the circle."""
    if not math.isfinite(radius_km) or math.isnan(lat) or math.isnan(lon):
        return None
    d = radius_km / EARTH_RADIUS_KM
    dlat = math.degrees(d)
    if abs(lat) + dlat >= 90.0:
        return None
    ratio = math.sin(d) / math.cos(math.radians(lat))
    if ratio >= 1.0:
        return None
    dlon = math.degrees(math.asin(ratio))
    if abs(lon) + dlon >= 180.0:
        return None
    return dlat + 1e-6, dlon + 1e-6
