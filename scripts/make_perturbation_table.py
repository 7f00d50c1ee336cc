"""Write the cell key method's perturbation table, ``dashboard/core/perturbation.csv``:
``python scripts/make_perturbation_table.py [--out FILE] [--key-range R] [--max-adjustment D]
[--max-count C] [--thresholds 1,2,...]``.

How the table is used (``dashboard/core/disclosure.py``): every returnee carries a secret record key,
uniform in ``[0, R)``; a cell's key is the sum of its records' keys modulo ``R``, so it is uniform
in ``[0, R)`` for any non-empty cell and the same for the same set of people. The table maps
(threshold, true count, cell key) to the published count. Each row says: for this threshold and
count, cell keys ``cell_key_from`` to ``cell_key_to`` (both inclusive) publish ``published``. A
count's rows cover ``0 .. R-1`` once, so the share of keys giving a value *is* its probability.

Parameters (defaults in brackets):

* ``R`` [2520] the cell key range. 2520 is the least common multiple of 1..10, so every
  probability below is a whole number of keys: the mean published value equals the true count
  *exactly*, for every threshold from 1 to 10 (with R = 256 or 4096 the 0-or-5 rounding of small
  counts could only be unbiased to within 5/(2R)).
* ``D`` [2] the largest adjustment of a count at or above ``threshold + D``.
* ``C`` [100] the largest count with rows of its own; a larger count ``n`` takes the adjustment
  of count ``C`` at the same key (``published = n + table(C, key) - C``), which is the full
  ``-D..+D`` pattern since ``C >= threshold + D``.
* thresholds [1..10] one table per threshold: the threshold is a runtime setting, and a change of
  setting must not need a new release of this file.

Construction, per threshold ``T`` and count ``c`` (exact integers, no floating point, so the file
is byte-for-byte reproducible and a test regenerates and compares it):

* ``c = 0``: published 0. An empty cell has no records and so nothing to perturb.
* ``1 <= c < T``: published ``0`` or ``T`` (never 1..T-1), ``T`` with probability ``c / T``, so the
  mean is ``c``. This is unbiased random rounding to the base ``T`` (ABS and ONS both publish small
  counts only as 0 or the threshold).
* ``c >= T``: published ``c + a`` with ``a`` uniform on ``-w..+w``, ``w = min(D, c - T)``. So
  ``c >= T + D`` gets the full uniform ``-D..+D`` (mean 0, variance ``D(D+1)/3``, 2 for D = 2),
  and the counts just above the threshold get the widest symmetric window that cannot fall
  into 1..T-1 (``c = T`` is published as it is: a published T is already ambiguous, since counts
  1..T-1 round up to it). Uniform is the most uncertain distribution on a bounded range: it
  minimises the chance that two independent adjustments cancel (``1 / (2D + 1)``), which is
  exactly what an attacker differencing two cells needs.

Within a count the keys are laid out in order of published value; the order does not matter for
protection, because two different cells' keys are independent (their difference is a sum of
record keys no one outside the server knows).
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

KEY_RANGE = 2520
MAX_ADJUSTMENT = 2
MAX_COUNT = 100
THRESHOLDS = tuple(range(1, 11))
OUT = Path(__file__).resolve().parent.parent / "dashboard" / "core" / "perturbation.csv"
HEADER = ("threshold", "count", "cell_key_from", "cell_key_to", "published")


def distribution(count: int, threshold: int, key_range: int, max_adjustment: int) -> list[tuple[int, int]]:
    """(published value, number of cell keys giving it) for one count, in order of value; the
    numbers sum to ``key_range`` and the key-weighted mean is exactly ``count``."""
    if count == 0:
        return [(0, key_range)]
    if count < threshold:
        up = count * key_range // threshold
        return [(value, keys) for value, keys in ((0, key_range - up), (threshold, up)) if keys]
    width = min(max_adjustment, count - threshold)
    each = key_range // (2 * width + 1)
    return [(count + a, each) for a in range(-width, width + 1)]


def rows(key_range: int = KEY_RANGE, max_adjustment: int = MAX_ADJUSTMENT, max_count: int = MAX_COUNT,
         thresholds: Sequence[int] = THRESHOLDS) -> Iterator[tuple[int, int, int, int, int]]:
    """Every row of the table: (threshold, count, first cell key, last cell key, published)."""
    for threshold in thresholds:
        for count in range(max_count + 1):
            start = 0
            for value, keys in distribution(count, threshold, key_range, max_adjustment):
                yield threshold, count, start, start + keys - 1, value
                start += keys


def check_parameters(key_range: int, max_adjustment: int, max_count: int, thresholds: Sequence[int]) -> None:
    """Refuse parameters for which the construction is not exact or not complete."""
    if not thresholds or min(thresholds) < 1:
        raise ValueError("thresholds must be whole numbers from 1")
    if max_adjustment < 0:
        raise ValueError("the maximum adjustment must not be negative")
    if max_count < max(thresholds) + max_adjustment:
        # above C the pattern of C is reused, and it must be the full -D..+D one
        raise ValueError("the largest tabled count must be at least the largest threshold plus D")
    # every probability must be a whole number of keys: c/T needs T | R, the windows need (2w+1) | R
    needed = math.lcm(*thresholds, *(2 * w + 1 for w in range(max_adjustment + 1)))
    if key_range % needed:
        raise ValueError(f"the key range must be a multiple of {needed} for exact means")


def main(argv: Sequence[str] | None = None) -> int:
    """Write the table as CSV (the command line above)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--key-range", type=int, default=KEY_RANGE)
    parser.add_argument("--max-adjustment", type=int, default=MAX_ADJUSTMENT)
    parser.add_argument("--max-count", type=int, default=MAX_COUNT)
    parser.add_argument("--thresholds", default=",".join(map(str, THRESHOLDS)),
                        help="comma-separated, e.g. 5 or 1,2,3,4,5,6,7,8,9,10")
    args = parser.parse_args(argv)
    thresholds = tuple(sorted({int(t) for t in args.thresholds.split(",")}))
    try:
        check_parameters(args.key_range, args.max_adjustment, args.max_count, thresholds)
    except ValueError as error:
        parser.error(str(error))
    with args.out.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows(args.key_range, args.max_adjustment, args.max_count, thresholds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
