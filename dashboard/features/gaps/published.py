"""The gap analysis as a reader below headquarters is shown it (``data.gap_analysis``): each
upazila's counts published from the key sums of its places, the share from published counts, the
median distance in whole km over people, and each suggested site's "newly reached" a published
cell. Headquarters sees the analysis as computed."""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from dashboard.core.disclosure import median_km, publish, share
from dashboard.core.privacy import Hidden
from dashboard.features.gaps.analysis import GAP_COLUMNS
from dashboard.features.gaps.analysis.sites import SITE_COLUMNS


class _Upazila(NamedTuple):
    """One upazila's places: their distances and people, in the places' order, and key sum."""

    km: np.ndarray
    people: np.ndarray
    key_sum: int


_NOBODY = _Upazila(np.empty(0, dtype=float), np.empty(0, dtype=np.int64), 0)


def _by_upazila(places: pd.DataFrame) -> dict[str, _Upazila]:
    """``places`` split by upazila in one pass (pandas' groupby, and get_group per upazila, cost
    more than the work for a district's few hundred places). Key sums are summed in int64, exact
    as they must be; a missing one counts 0 and a place without an upazila nowhere, as in a
    groupby."""
    codes, upazilas = pd.factorize(places["upazila_pcode"], sort=False)
    order = np.argsort(codes, kind="stable")  # those without an upazila (-1) first, then left out
    bounds = np.searchsorted(codes[order], np.arange(len(upazilas) + 1))
    km, people = places["km"].to_numpy()[order], places["people"].to_numpy()[order]
    keys = places["key_sum"].fillna(0).to_numpy(dtype=np.int64)[order]
    return {pcode: _Upazila(km[start:stop], people[start:stop], int(keys[start:stop].sum()))
            for pcode, start, stop in zip(upazilas.tolist(), bounds[:-1].tolist(), bounds[1:].tolist(), strict=True)}


def _median(distances: Any, people: Any, published: int, threshold: int) -> int | Hidden | float:
    """An upazila's median distance to the nearest provider, for a reader below headquarters:
    NaN ("–") when its published in-need count is 0, hidden when that count is at most the
    threshold (which 1..threshold-1 people can publish, so hiding every such median gives away
    nothing the count does not), else ``disclosure.median_km`` (whole km); ``inf`` stays
    "nobody offers the service"."""
    if published == 0:
        return float("nan")
    if published <= threshold:
        return Hidden(threshold)
    values = np.asarray(distances, dtype=float).tolist()  # Python floats and ints, made in C
    if math.isinf(min(values, default=0.0)):
        return math.inf
    value = median_km(values, threshold, np.asarray(people, dtype=np.int64).tolist())
    return float("nan") if value is None else value


def published_table(table: pd.DataFrame, places: pd.DataFrame, unreached: pd.DataFrame,
                     threshold: int) -> pd.DataFrame:
    """The per-upazila table as published below headquarters: in need and unreached each a cell
    of its own (key sums of the upazila's places, and of its unreached ones), the share from
    those published counts (whole percent), the median distance in whole km (over the people)."""
    placed, out_of_reach = _by_upazila(places), _by_upazila(unreached)
    rows = []
    for row in table.to_dict("records"):
        pcode = row["pcode"]
        here = placed.get(pcode, _NOBODY)
        need = publish(int(row["in_need"]), here.key_sum, threshold)
        out = publish(int(row["unreached"]), out_of_reach.get(pcode, _NOBODY).key_sum, threshold)
        shared = share(out, need, threshold)
        rows.append(row | {
            "in_need": int(need), "unreached": int(out),
            "share_unreached": float("nan") if shared is None else shared,
            "median_km": _median(here.km, here.people, need, threshold)})
    # object columns: a whole percent stays an int beside NaN and hidden values, as published
    return pd.DataFrame(rows, columns=list(GAP_COLUMNS), dtype=object)


def published_sites(suggestions: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Suggested sites with each "newly reached" a published cell (the key sum of the people
    that pick brings in reach); the key sums themselves never leave the server."""
    suggestions = suggestions.astype(object)
    suggestions["newly_reached"] = pd.Series(
        [int(publish(int(n), int(k), threshold)) for n, k in zip(suggestions["newly_reached"],
                                                                  suggestions["newly_reached_key"], strict=True)],
        index=suggestions.index, dtype=object)
    return suggestions[list(SITE_COLUMNS)]
