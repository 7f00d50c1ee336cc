"""The cell key method: the one place where true counts of returnees become published ones.

Below headquarters a count is never shown as it is. Every returnee gets a secret *record key*
(:func:`record_key`) when stored; a cell's *key sum* is computed in SQL beside its ``COUNT(*)``
(``SUM(record_key)``; sums compose, so summary tables can carry them), and :func:`publish` looks the
pair (count, key sum mod :data:`KEY_RANGE`) up in the perturbation table ``perturbation.csv``
(written by ``scripts/make_perturbation_table.py``, whose docstring explains the construction):

* 0 stays 0; counts 1..threshold-1 are published as 0 or the threshold, unbiased;
* larger counts move by at most :data:`MAX_ADJUSTMENT`, uniformly, never into 1..threshold-1;
* the same set of people always gives the same number, so asking again reveals nothing, while
  two different sets (a total and a part) get independent noise, so their difference does not
  give away the people between them. ``docs/privacy.md`` states the threat model and what is left.

Shares, rates, progress and changes are derived from *published* values only: the functions take
:data:`Published` (what :func:`publish` or, at headquarters, :func:`exact` returns), so the type
checker refuses a true count handed to them by mistake.
"""

from __future__ import annotations

import calendar
import csv
import math
import secrets
from bisect import bisect_left
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from random import Random
from typing import NewType

from dashboard.core.privacy import Hidden

# R: cell keys are 0..R-1. 2520 = lcm(1..10), so every probability in the table is a whole number
# of keys and every count's published values average to the count exactly, for any threshold
# from 1 to 10 (a power of two such as 4096 cannot split keys in fifths). Key sums stay small
# enough for a 64-bit SUM: 2520 x 10^9 records is far below 2^63.
KEY_RANGE = 2520
# D: counts at or above threshold + D move by -D..+D; 2 keeps a count of 60 within 58..62.
MAX_ADJUSTMENT = 2
# C: counts above C reuse the adjustment of count C at the same cell key.
MAX_COUNT = 100
TABLE_PATH = Path(__file__).with_name("perturbation.csv")
# Queries name a count's key sum after it: "returnees_profiled" and "returnees_profiled#key".
KEY_SUFFIX = "#key"


def key_name(figure: str) -> str:
    """The name a query gives the key sum of the count named ``figure``."""
    return figure + KEY_SUFFIX

Published = NewType("Published", int)
"""A count that went through :func:`publish` (or :func:`exact` where exact counts may be seen)."""


class PerturbationTableError(ValueError):
    """The shipped perturbation table is incomplete or breaks one of its promises."""


def record_key(rng: Random | None = None) -> int:
    """A new record's key, uniform in ``[0, KEY_RANGE)``; from ``secrets`` unless a seeded ``rng``
    is given (tests and demo data). Stored with the record, never shown or exported."""
    return rng.randrange(KEY_RANGE) if rng is not None else secrets.randbelow(KEY_RANGE)


def cell_key(key_sum: int) -> int:
    """A cell's key: the sum of its records' keys modulo ``KEY_RANGE``."""
    return key_sum % KEY_RANGE


# (threshold, count) -> (last cell key of each run, published value of each run), for bisect
_Runs = tuple[tuple[int, ...], tuple[int, ...]]


def load_table(path: Path = TABLE_PATH) -> dict[tuple[int, int], _Runs]:
    """Read and check a perturbation table: for every threshold in it, every count 0..MAX_COUNT
    covers every cell key exactly once, and what it publishes keeps the table's promises (0 for 0;
    never negative; never 1..threshold-1; small counts 0 or the threshold; within MAX_ADJUSTMENT
    from threshold + MAX_ADJUSTMENT; the mean over all keys equal to the count)."""
    runs: dict[tuple[int, int], list[tuple[int, int, int]]] = {}
    with path.open(newline="", encoding="utf-8") as file:
        reader = csv.DictReader(file)
        for line in reader:
            threshold, count = int(line["threshold"]), int(line["count"])
            first, last = int(line["cell_key_from"]), int(line["cell_key_to"])
            runs.setdefault((threshold, count), []).append((first, last, int(line["published"])))
    thresholds = {threshold for threshold, _ in runs}
    if not thresholds:
        raise PerturbationTableError(f"{path}: no rows")
    table: dict[tuple[int, int], _Runs] = {}
    for threshold in sorted(thresholds):
        for count in range(MAX_COUNT + 1):
            pieces = sorted(runs.pop((threshold, count), []))
            where = f"{path}: threshold {threshold}, count {count}"
            expected_first = 0
            for first, last, value in pieces:
                if first != expected_first or last < first:
                    raise PerturbationTableError(f"{where}: cell keys not covered exactly once at {expected_first}")
                expected_first = last + 1
                _check_value(count, value, threshold, where)
            if expected_first != KEY_RANGE:
                raise PerturbationTableError(f"{where}: cell keys end at {expected_first - 1}, not {KEY_RANGE - 1}")
            # zero-mean adjustment: over all cell keys the published values average to the count
            if sum((last - first + 1) * value for first, last, value in pieces) != count * KEY_RANGE:
                raise PerturbationTableError(f"{where}: published values do not average to the count")
            table[threshold, count] = (tuple(p[1] for p in pieces), tuple(p[2] for p in pieces))
    if runs:
        raise PerturbationTableError(f"{path}: rows outside counts 0..{MAX_COUNT}: {sorted(runs)[:3]}")
    return table


def _check_value(count: int, value: int, threshold: int, where: str) -> None:
    if value < 0 or 0 < value < threshold:
        raise PerturbationTableError(f"{where}: publishes {value}, which is negative or below the threshold")
    if 0 < count < threshold and value not in (0, threshold):
        raise PerturbationTableError(f"{where}: a small count publishes {value}, not 0 or {threshold}")
    if count >= threshold and value == 0:
        raise PerturbationTableError(f"{where}: a count at or above the threshold publishes 0")
    if count == 0 and value != 0:
        raise PerturbationTableError(f"{where}: an empty cell publishes {value}")
    if count >= threshold + MAX_ADJUSTMENT and abs(value - count) > MAX_ADJUSTMENT:
        raise PerturbationTableError(f"{where}: publishes {value}, more than {MAX_ADJUSTMENT} away")


@lru_cache(maxsize=1)
def perturbation_table() -> dict[tuple[int, int], _Runs]:
    """The shipped table, read and checked once per process."""
    return load_table(TABLE_PATH)


def publish(count: int, key_sum: int, threshold: int) -> Published:
    """The published value of a cell of ``count`` returnees whose record keys sum to ``key_sum``.

    Deterministic in (count, cell key): the same people give the same number every time."""
    if count < 0:
        raise ValueError(f"a count cannot be negative: {count}")
    if count == 0:
        return Published(0)
    table = perturbation_table()
    tabled = min(count, MAX_COUNT)
    runs = table.get((threshold, tabled))
    if runs is None:
        raise ValueError(f"no perturbation table for threshold {threshold}; run scripts/make_perturbation_table.py")
    ends, values = runs
    value = values[bisect_left(ends, cell_key(key_sum))]
    # above C, C's adjustment at the same key (C >= threshold + D, so the result stays >= threshold)
    return Published(value + (count - tabled))


def exact(count: int) -> Published:
    """A true count where its reader may see it exactly (headquarters): derived values still
    go through the same functions, so the rounding is the same for everyone."""
    return Published(count)


def _half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half up, in integers (no float ties, no banker's rounding)."""
    return (2 * numerator + denominator) // (2 * denominator)


def share(part: Published, base: Published, threshold: int) -> int | Hidden | None:
    """``part`` as a whole percent of ``base``: ``None`` for a base of 0, hidden when the published
    base is below the threshold. Capped at 100: a perturbed part can exceed its perturbed total,
    and a reader should not see 101 %."""
    if base == 0:
        return None
    if base < threshold:
        return Hidden(threshold)
    return min(100, _half_up(100 * part, base))


def per_100(events: Published, base: Published, threshold: int) -> float | Hidden | None:
    """``events`` per 100 of ``base``, to one decimal (not capped: events can outnumber people);
    ``None`` for a base of 0, hidden when the published base is below the threshold."""
    if base == 0:
        return None
    if base < threshold:
        return Hidden(threshold)
    return _half_up(1000 * events, base) / 10


def progress(published: Published, target: int) -> int | None:
    """A published count as a whole percent of a (public, programme) target; ``None`` without one."""
    if target <= 0:
        return None
    return _half_up(100 * published, target)


ratio = progress


def change(now: Published, before: Published) -> int:
    """The change between two published counts (both perturbed: the change carries both noises)."""
    return now - before


DISTANCE_BANDS: tuple[tuple[float, str], ...] = ((5.0, "0–5"), (10.0, "5–10"), (25.0, "10–25"))
LAST_BAND = "25+"


def distance_band(km: float) -> str:
    """The band a distance in km falls in (lower bound included): 0–5, 5–10, 10–25 or 25+.
    Below headquarters distances are shown only as bands, so they cannot be used to trilaterate."""
    if math.isnan(km) or km < 0:
        raise ValueError(f"not a distance: {km}")
    for upper, label in DISTANCE_BANDS:
        if km < upper:
            return label
    return LAST_BAND


def band_radius(radius_km: float) -> float:
    """The radius a follow-up list below headquarters is drawn at: the largest band edge not
    above ``radius_km`` (the first edge for smaller radii). Were any whole km allowed, being on
    the list at 11 km and off it at 12 km would give a person's distance to 1 km whatever the
    band column says, and twelve services' providers would then place them (trilateration)."""
    edges = [upper for upper, _label in DISTANCE_BANDS]
    return max((edge for edge in edges if edge <= radius_km), default=edges[0])


def median_km(values: Sequence[float], threshold: int, people: Sequence[int] | None = None) -> int | Hidden | None:
    """The median distance of a group in whole km; ``None`` for no one, hidden for fewer than
    ``threshold`` people (a median of 1 or 2 is a person's distance). With ``people``, each
    value is that many people's (a place and how many live there), as if repeated."""
    if people is None:
        people = [1] * len(values)
    pairs = sorted((value, count) for value, count in zip(values, people, strict=True) if count > 0)
    total = sum(count for _value, count in pairs)
    return whole_km(_nth_median(pairs, total) if total else math.nan, total, threshold)


def whole_km(median: float, people: int, threshold: int) -> int | Hidden | None:
    """A median distance already taken over ``people`` people (each counted, as in
    :func:`median_km`), as published: ``None`` for no one, hidden for fewer than ``threshold``,
    else whole km, half up. For a caller that has the exact median from its own arithmetic (the
    gap table's, in numpy) and should not sort the distances a second time."""
    if not people:
        return None
    if people < threshold:
        return Hidden(threshold)
    return math.floor(median + 0.5)


def _nth_median(pairs: Sequence[tuple[float, int]], total: int) -> float:
    """The median of sorted (value, count) pairs, as ``statistics.median`` of the repeated values."""
    wanted = sorted({(total - 1) // 2, total // 2})
    found: list[float] = []
    seen = 0
    for value, count in pairs:
        seen += count
        while wanted and wanted[0] < seen:
            found.append(value)
            wanted.pop(0)
        if not wanted:
            break
    return found[0] if len(found) == 1 or found[0] == found[1] else (found[0] + found[1]) / 2


def snap_to_months(start: date, end: date) -> tuple[date, date]:
    """A period widened to whole calendar months: the first of ``start``'s month to the last day
    of ``end``'s. Below headquarters every period is, so moving a boundary by a day cannot
    isolate the people who arrived on it."""
    if start > end:
        raise ValueError(f"the period starts after it ends: {start} > {end}")
    last_day = calendar.monthrange(end.year, end.month)[1]
    return start.replace(day=1), end.replace(day=last_day)


# A mean score (0-1) shown below headquarters moves by at most this much, by its cell key.
MEAN_ADJUSTMENT = 0.02


def mean_score(total: float, count: int, key_sum: int, threshold: int | None) -> float | Hidden | None:
    """The mean of ``count`` people's scores (``total`` their sum, each 0-1) as published, to
    two decimals: ``None`` for nobody; at headquarters (``threshold`` None) exact; below it hidden
    when the published number of people is at most the threshold, else moved by up to ``MEAN_ADJUSTMENT``,
    drawn from the cell key like a count's adjustment (the same people always give the same
    mean; two overlapping groups get independent moves, so their difference does not give one
    person's score: in a group of n, one score moves the mean by at most 1/n)."""
    if count == 0:
        return None
    mean = total / count
    if threshold is None:
        return round(mean, 2)
    # Hidden when the *published* number is at most the threshold, as a median distance is: 1 to
    # 4 people can publish as 5, and a mean moved by 0.02 would still be one or two people's,
    # while hiding only true small groups would tell which 5s are really 5.
    if count < threshold or publish(count, key_sum, threshold) <= threshold:
        return Hidden(threshold)
    position = (cell_key(key_sum) * 7919) % KEY_RANGE  # a scramble of the key, uniform over 0..R-1
    adjustment = MEAN_ADJUSTMENT * (2 * position / (KEY_RANGE - 1) - 1)
    return round(min(1.0, max(0.0, mean + adjustment)), 2)
