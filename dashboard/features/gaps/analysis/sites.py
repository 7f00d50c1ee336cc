"""Where a new service point would reach the most currently unreached returnees."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import sparse

from dashboard.features.gaps.analysis._frames import require
from dashboard.features.gaps.analysis.geo import check_radius, pairs_within

SITE_COLUMNS = ("site", "kind", "lat", "lon", "newly_reached")
CANDIDATE_COLUMNS = ("site", "kind", "lat", "lon")


SITES = 5  # suggested sites the gap finder shows


def suggest_sites(unreached: pd.DataFrame, candidates: pd.DataFrame, radius_km: float,
                  count: int = SITES) -> pd.DataFrame:
    """Up to ``count`` candidate sites, picked greedily to reach the most unreached returnees.

    ``unreached``: ``lat, lon`` of the returnees currently unreached (see
    ``gaps.unreached_returnees``); ``candidates``: ``site, kind, lat, lon`` with kind one of
    "upazila", "fair_venue", "provider". Each pick is the candidate that brings the most
    still-uncovered returnees within ``radius_km`` (great-circle, inclusive); people
    covered by an earlier pick do not count again. Ties go to the candidate first in input
    order. Picking stops after ``count`` sites or when no candidate adds anyone, so every
    row has ``newly_reached`` > 0. Greedy picks are not guaranteed optimal, but each pick's
    figure is exact. Rows without a location (either side) are ignored.

    When ``unreached`` has a column ``key_sum`` (record keys, ``dashboard.core.disclosure``; sums
    compose), a last column ``newly_reached_key`` gives the key sum of each pick's newly reached
    people, so the page can publish that count as a cell of its own. When it has a column
    ``people``, each row stands for that many returnees (a place and how many live there).

    Returns columns ``SITE_COLUMNS``, in pick order.
    """
    radius = check_radius(radius_km)
    if count < 0:
        raise ValueError(f"count must be >= 0, got {count!r}")
    unreached = require(unreached, ("lat", "lon"), "unreached")
    candidates = require(candidates, CANDIDATE_COLUMNS, "candidates").reset_index(drop=True)
    # Coarse locations repeat (many people per ~1 km cell, many fairs at one venue): the
    # coverage matrix is built over distinct points and distinct candidate places, with each
    # point weighted by its people. Same picks and figures, but its size no longer grows with
    # the number of people (a 50 km radius over 200,000 rows would otherwise be ~10^9 pairs).
    keyed = "key_sum" in unreached.columns
    if not count:  # nothing to pick (the exports and the brief): no points to gather either
        return _picked(candidates, [], [], [] if keyed else None)
    located = unreached[["lat", "lon"]].astype("float64").assign(
        key_sum=unreached["key_sum"].astype("int64") if keyed else 0,
        people=unreached["people"].astype("int64") if "people" in unreached.columns else 1).dropna()
    points = located.groupby(["lat", "lon"], sort=False).agg(
        people=("people", "sum"), key_sum=("key_sum", "sum")).reset_index()
    places = candidates.drop_duplicates(subset=["lat", "lon"], keep="first")
    cover = _coverage(places, points, radius)
    chosen, gains = _greedy(cover, points["people"].to_numpy(dtype=np.int64), count)
    keys = _newly_covered_sums(cover, chosen, points["key_sum"].to_numpy(dtype=np.int64)) if keyed else None
    return _picked(candidates, [int(places.index[c]) for c in chosen], gains, keys)


def _picked(candidates: pd.DataFrame, picks: list[int], gains: list[int], keys: list[int] | None) -> pd.DataFrame:
    """The rows ``picks`` of ``candidates`` with how many each newly reaches (and their key sum)."""
    out = candidates.iloc[picks][list(CANDIDATE_COLUMNS)].reset_index(drop=True)
    out["lat"], out["lon"] = out["lat"].astype("float64"), out["lon"].astype("float64")
    out["newly_reached"] = np.asarray(gains, dtype=np.int64)
    if keys is not None:
        out["newly_reached_key"] = np.asarray(keys, dtype=np.int64)
    return out


def _newly_covered_sums(cover: sparse.csr_array, chosen: list[int], weights: npt.NDArray[np.int64]) -> list[int]:
    """For picks in order, the sum of ``weights`` over the columns each covers first (the same
    columns whose people ``_greedy`` counted for it)."""
    covered = np.zeros(cover.shape[1], dtype=bool)
    sums = []
    for row in chosen:
        columns = cover.indices[cover.indptr[row] : cover.indptr[row + 1]]
        new = columns[~covered[columns]]
        sums.append(int(weights[new].sum()))
        covered[new] = True
    return sums


def _coverage(candidates: pd.DataFrame, points: pd.DataFrame, radius_km: float) -> sparse.csr_array:
    """Candidates x points, 1 where the point is within ``radius_km`` of the candidate."""
    i, j = pairs_within(candidates["lat"].to_numpy(dtype="float64"), candidates["lon"].to_numpy(dtype="float64"),
                        points["lat"].to_numpy(dtype="float64"), points["lon"].to_numpy(dtype="float64"), radius_km)
    # pairs_within returns each pair once, so csr sums nothing: entries are 0/1.
    return sparse.csr_array((np.ones(i.size, dtype=np.int64), (i, j)), shape=(len(candidates), len(points)))


def _greedy(cover: sparse.csr_array, weights: npt.NDArray[np.int64], count: int) -> tuple[list[int], list[int]]:
    """Greedy maximum weighted coverage on ``cover``: picked rows and the weight of the new
    columns each covered."""
    uncovered = weights.astype(np.int64, copy=True)
    picks: list[int] = []
    gains: list[int] = []
    if cover.shape[0] == 0:
        return picks, gains
    # One loop turn per pick, never per person: each turn is a sparse product over all pairs.
    for _ in range(count):
        gain = cover @ uncovered
        best = int(np.argmax(gain))  # argmax takes the first of equal maxima: input order
        if gain[best] <= 0:
            break
        picks.append(best)
        gains.append(int(gain[best]))
        uncovered[cover.indices[cover.indptr[best] : cover.indptr[best + 1]]] = 0
    return picks, gains
