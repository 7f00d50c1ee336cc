"""The gap analysis as a reader below headquarters is shown it (``data.gap_analysis``): each
upazila's counts published from the key sums of its places, the share from published counts, the
median distance over people in whole km, and each suggested site's "newly reached" a published
cell. Headquarters sees the analysis as computed."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from dashboard.core.disclosure import publish, share, whole_km
from dashboard.core.privacy import Hidden
from dashboard.features.gaps.analysis import GAP_COLUMNS
from dashboard.features.gaps.analysis.sites import SITE_COLUMNS


def _key_sums(rows: pd.DataFrame, upazilas: pd.Index) -> np.ndarray:
    """The key sums of ``rows`` (places) per upazila, in ``upazilas``' order: summed in int64,
    exact as they must be (a float sum would round them); a missing key counts 0, and a row
    without an upazila, or of one not in the table, nowhere (as in a groupby)."""
    where = upazilas.get_indexer(pd.Index(rows["upazila_pcode"]))
    kept = where >= 0
    sums = np.zeros(len(upazilas), dtype=np.int64)
    np.add.at(sums, where[kept], rows["key_sum"].fillna(0).to_numpy(dtype=np.int64)[kept])
    return sums


def _median(exact: float, people: int, published: int, threshold: int) -> int | Hidden | float:
    """An upazila's median distance to the nearest provider (``exact``: the gap table's, over its
    ``people``), for a reader below headquarters: NaN ("–") when its published in-need count is 0,
    hidden when that count is at most the threshold (which 1..threshold-1 people can publish, so
    hiding every such median gives away nothing the count does not), else
    ``disclosure.whole_km``; ``inf`` stays "nobody offers the service"."""
    if published == 0:
        return float("nan")
    if published <= threshold:
        return Hidden(threshold)
    if math.isinf(exact):
        return math.inf
    value = whole_km(exact, people, threshold)
    return float("nan") if value is None else value


def published_table(table: pd.DataFrame, places: pd.DataFrame, unreached: pd.DataFrame,
                     threshold: int) -> pd.DataFrame:
    """The per-upazila table (``gap_table``'s, exact) as published below headquarters: in need and
    unreached each a cell of its own (key sums of the upazila's places, and of its unreached
    ones), the share from those published counts (whole percent), the median distance in whole
    km (the table's median over the people, rounded; not measured again)."""
    upazilas = pd.Index(table["pcode"])
    placed, out_of_reach = _key_sums(places, upazilas), _key_sums(unreached, upazilas)
    in_need = table["in_need"].tolist()  # the true counts: each published, and each median's people
    need = [publish(n, k, threshold) for n, k in zip(in_need, placed.tolist(), strict=True)]
    out = [publish(n, k, threshold) for n, k in zip(table["unreached"].tolist(), out_of_reach.tolist(), strict=True)]
    shares = [share(o, n, threshold) for o, n in zip(out, need, strict=True)]
    medians = [_median(m, people, n, threshold)
               for m, people, n in zip(table["median_km"].tolist(), in_need, need, strict=True)]
    published = table.assign(
        in_need=[int(n) for n in need], unreached=[int(o) for o in out],
        # object columns: a whole percent stays an int beside NaN and hidden values, as published
        share_unreached=pd.Series([float("nan") if v is None else v for v in shares], index=table.index, dtype=object),
        median_km=pd.Series(medians, index=table.index, dtype=object))
    return published[list(GAP_COLUMNS)]


def published_sites(suggestions: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Suggested sites with each "newly reached" a published cell (the key sum of the people
    that pick brings in reach); the key sums themselves never leave the server."""
    if suggestions.empty:  # the exports ask for none (``sites=False``): nothing to publish
        return suggestions[list(SITE_COLUMNS)]
    suggestions = suggestions.astype(object)
    suggestions["newly_reached"] = pd.Series(
        [int(publish(int(n), int(k), threshold)) for n, k in zip(suggestions["newly_reached"],
                                                                  suggestions["newly_reached_key"], strict=True)],
        index=suggestions.index, dtype=object)
    return suggestions[list(SITE_COLUMNS)]
