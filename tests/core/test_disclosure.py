"""The disclosure layer (dashboard/core/disclosure.py): the perturbation table's promises, the shipped
table against its generator, derived values from published counts only, and a statistical check
that differencing two cells no longer gives away the people between them."""

from __future__ import annotations

import subprocess
import sys
from collections import defaultdict
from datetime import date
from fractions import Fraction
from pathlib import Path
from random import Random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.core import disclosure
from dashboard.core.disclosure import (
    KEY_RANGE,
    MAX_ADJUSTMENT,
    MAX_COUNT,
    PerturbationTableError,
    Published,
    cell_key,
    change,
    distance_band,
    load_table,
    median_km,
    per_100,
    perturbation_table,
    progress,
    publish,
    record_key,
    share,
    snap_to_months,
    whole_km,
)
from dashboard.core.privacy import Hidden

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "make_perturbation_table.py"
TABLED_THRESHOLDS = sorted({threshold for threshold, _count in perturbation_table()})

counts = st.integers(min_value=0, max_value=10 * MAX_COUNT)
key_sums = st.integers(min_value=0, max_value=10**12)
thresholds = st.sampled_from(TABLED_THRESHOLDS)


def distribution(count: int, threshold: int) -> dict[int, Fraction]:
    """Published value -> probability over a uniform cell key, read from the loaded table."""
    ends, values = perturbation_table()[threshold, min(count, MAX_COUNT)]
    out: dict[int, Fraction] = {}
    start = 0
    for end, value in zip(ends, values, strict=True):
        out[value + count - min(count, MAX_COUNT)] = Fraction(end - start + 1, KEY_RANGE)
        start = end + 1
    return out


# --- the table's promises, through publish() ------------------------------------------------


def test_the_shipped_table_has_the_default_threshold_and_every_small_one() -> None:
    assert list(range(1, 11)) == TABLED_THRESHOLDS


@given(counts, key_sums, thresholds)
def test_the_same_cell_always_publishes_the_same_value(count: int, key_sum: int, threshold: int) -> None:
    first = publish(count, key_sum, threshold)
    assert publish(count, key_sum, threshold) == first
    # only the cell key matters: adding whole rounds of R to the key sum changes nothing
    assert publish(count, key_sum + 7 * KEY_RANGE, threshold) == first


@given(counts, key_sums, thresholds)
def test_published_values_are_never_negative_nor_below_the_threshold(count: int, key_sum: int,
                                                                     threshold: int) -> None:
    value = publish(count, key_sum, threshold)
    assert value >= 0
    assert not 0 < value < threshold
    if count == 0:
        assert value == 0
    if 0 < count < threshold:
        assert value in (0, threshold)


@given(st.integers(min_value=0, max_value=10**6), key_sums, thresholds)
def test_counts_from_threshold_plus_d_move_at_most_d(count: int, key_sum: int, threshold: int) -> None:
    value = publish(count, key_sum, threshold)
    if count >= threshold + MAX_ADJUSTMENT:
        assert abs(value - count) <= MAX_ADJUSTMENT
    if count >= threshold:
        assert threshold <= value <= count + MAX_ADJUSTMENT


def test_every_key_of_every_count_keeps_the_promises_at_the_default_threshold() -> None:
    """Exhaustive at threshold 5, and the mean over all R cell keys is the count exactly."""
    for count in range(MAX_COUNT + 1):
        values = [publish(count, key, 5) for key in range(KEY_RANGE)]
        assert sum(values) == count * KEY_RANGE, count  # zero-mean adjustment, exactly
        assert all(v == 0 or v >= 5 for v in values)


@pytest.mark.parametrize("threshold", TABLED_THRESHOLDS)
def test_the_adjustment_has_mean_zero_for_every_count(threshold: int) -> None:
    for count in [*range(MAX_COUNT + 1), MAX_COUNT + 1, 250, 10**6]:
        mean = sum(value * p for value, p in distribution(count, threshold).items())
        assert mean == count, (threshold, count)  # exact: R = 2520 = lcm(1..10), no rounding left


@given(st.integers(min_value=MAX_COUNT + 1, max_value=10**9), key_sums)
def test_counts_above_c_take_cs_adjustment(count: int, key_sum: int) -> None:
    assert publish(count, key_sum, 5) - count == publish(MAX_COUNT, key_sum, 5) - MAX_COUNT


def test_small_counts_round_to_zero_or_the_threshold_with_the_right_odds() -> None:
    for count in range(1, 5):
        assert distribution(count, 5) == {0: 1 - Fraction(count, 5), 5: Fraction(count, 5)}
    for count in range(7, 120):
        assert distribution(count, 5) == {count + a: Fraction(1, 5) for a in range(-2, 3)}


def test_a_negative_count_or_an_untabled_threshold_is_refused() -> None:
    with pytest.raises(ValueError):
        publish(-1, 0, 5)
    with pytest.raises(ValueError, match="threshold 11"):
        publish(3, 0, 11)


@given(key_sums, key_sums)
def test_cell_keys_compose_so_summaries_can_carry_key_sums(a: int, b: int) -> None:
    assert cell_key(a + b) == (cell_key(a) + cell_key(b)) % KEY_RANGE
    assert 0 <= cell_key(a) < KEY_RANGE


def test_record_keys_are_in_range_and_seedable() -> None:
    assert all(0 <= record_key() < KEY_RANGE for _ in range(200))
    assert [record_key(Random(1)) for _ in range(3)] == [record_key(Random(1)) for _ in range(3)]


# --- the shipped CSV ----------------------------------------------------------------------


def test_the_shipped_table_is_what_the_generator_writes(tmp_path: Path) -> None:
    out = tmp_path / "perturbation.csv"
    subprocess.run([sys.executable, str(SCRIPT), "--out", str(out)], check=True, cwd=ROOT)
    assert out.read_bytes() == disclosure.TABLE_PATH.read_bytes()
    assert load_table(out) == perturbation_table()


def test_the_generator_refuses_parameters_that_cannot_be_exact(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path / "x.csv"), "--key-range", "4096"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode != 0 and "multiple of" in result.stderr


def _write_table(path: Path, edit: dict[tuple[int, int, int], int] | None = None, drop: int | None = None) -> Path:
    """The shipped threshold-5 rows, with some published values changed or one row left out."""
    lines = disclosure.TABLE_PATH.read_text().splitlines()
    kept = [lines[0]]
    for number, line in enumerate(lines[1:]):
        threshold, count, first, last, value = map(int, line.split(","))
        if threshold != 5 or number == drop:
            continue
        value = (edit or {}).get((count, first, last), value)
        kept.append(f"{threshold},{count},{first},{last},{value}")
    path.write_text("\n".join(kept) + "\n")
    return path


def test_a_table_with_a_gap_or_a_forbidden_value_is_refused_at_load(tmp_path: Path) -> None:
    assert set(load_table(_write_table(tmp_path / "ok.csv"))) == {(5, c) for c in range(MAX_COUNT + 1)}
    first_row_of_count_60 = next(i for i, line in enumerate(disclosure.TABLE_PATH.read_text().splitlines()[1:])
                                 if line.startswith("5,60,"))
    with pytest.raises(PerturbationTableError, match="count 60"):
        load_table(_write_table(tmp_path / "gap.csv", drop=first_row_of_count_60))
    with pytest.raises(PerturbationTableError, match="below the threshold"):
        load_table(_write_table(tmp_path / "three.csv", edit={(3, 1008, 2519): 3}))
    with pytest.raises(PerturbationTableError, match="more than 2"):
        load_table(_write_table(tmp_path / "far.csv", edit={(60, 0, 503): 50}))
    with pytest.raises(PerturbationTableError, match="not 0 or 5"):
        load_table(_write_table(tmp_path / "seven.csv", edit={(3, 1008, 2519): 7}))
    with pytest.raises(PerturbationTableError, match="average"):
        load_table(_write_table(tmp_path / "biased.csv", edit={(60, 0, 503): 59}))


# --- derived values: from published values only, rounded to what the reader needs ------------


def test_share_is_hidden_below_the_threshold_none_at_zero_and_a_whole_percent() -> None:
    assert share(Published(2), Published(4), 5) == Hidden(5)
    assert share(Published(0), Published(0), 5) is None
    assert share(Published(1), Published(3), 5) == Hidden(5)  # publish() never gives 3; hidden all the same
    assert share(Published(5), Published(7), 5) == 71  # 71.43 -> 71
    assert share(Published(1), Published(8), 5) == 13  # 12.5 -> 13, half up (not banker's 12)
    assert share(Published(61), Published(60), 5) == 100  # a perturbed part above its total: capped
    assert isinstance(share(Published(17), Published(60), 5), int)


def test_per_100_has_one_decimal_and_the_same_hiding() -> None:
    assert per_100(Published(5), Published(7), 5) == 71.4
    assert per_100(Published(1), Published(16), 5) == 6.3  # 6.25 -> 6.3, half up
    assert per_100(Published(90), Published(60), 5) == 150.0
    assert per_100(Published(3), Published(4), 5) == Hidden(5)
    assert per_100(Published(0), Published(0), 5) is None


def test_progress_and_change() -> None:
    assert progress(Published(58), 120) == 48  # 48.33
    assert progress(Published(130), 120) == 108
    assert progress(Published(10), 0) is None
    assert disclosure.ratio is progress
    assert change(Published(62), Published(55)) == 7
    assert change(Published(0), Published(5)) == -5


def test_distance_bands_and_median_km() -> None:
    assert [distance_band(km) for km in (0, 4.99, 5, 9.9, 10, 24.9, 25, 310)] == \
        ["0–5", "0–5", "5–10", "5–10", "10–25", "10–25", "25+", "25+"]
    with pytest.raises(ValueError):
        distance_band(-1)
    with pytest.raises(ValueError):
        distance_band(float("nan"))
    assert median_km([], 5) is None
    assert median_km([1.2, 3.4, 7.7, 8.1], 5) == Hidden(5)
    assert median_km([1.2, 3.4, 7.5, 8.1, 40.0], 5) == 8  # 7.5 -> 8, half up
    assert median_km([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], 5) == 4  # 3.5 -> 4
    assert median_km([9.0, 2.0, 30.0], 5, [0, 3, 2]) == 2  # 2 2 2 30 30: the 9 km place has nobody


def test_a_median_taken_elsewhere_is_published_by_the_same_rule() -> None:
    """The gap table takes its medians in numpy; below headquarters they are published as
    median_km's are: nothing for no one, hidden under the threshold, whole km half up."""
    assert whole_km(float("nan"), 0, 5) is None
    assert whole_km(3.2, 4, 5) == Hidden(5)
    assert whole_km(3.2, 1, 5) == Hidden(5)
    assert whole_km(7.5, 5, 5) == 8
    assert whole_km(7.49, 5, 5) == 7
    assert whole_km(0.4, 900, 5) == 0
    assert isinstance(whole_km(12.5, 6, 5), int)


def test_periods_snap_to_whole_months() -> None:
    assert snap_to_months(date(2024, 2, 10), date(2024, 2, 12)) == (date(2024, 2, 1), date(2024, 2, 29))
    assert snap_to_months(date(2023, 11, 30), date(2024, 1, 1)) == (date(2023, 11, 1), date(2024, 1, 31))
    with pytest.raises(ValueError):
        snap_to_months(date(2024, 3, 1), date(2024, 2, 1))


# --- differencing, statistically -------------------------------------------------------------

# The attack of issue 26: Sylhet all 60 minus men 56 = women 4. Parts are uniform on 0..96 and the
# difference k uniform on 1..4, so guessing k is right 1 time in 4. The expected bounds, from the
# table: the naive attacker (published total - published part == k) is right exactly when the two
# independent uniform -2..+2 adjustments cancel, 1/5 (a little less here, because small cells round
# to 0 or 5); the best possible attacker, who knows the whole table and the prior and picks the
# most likely k for each observed pair, is right at most 2/5 (computed exactly below).
GUESSING = Fraction(1, 4)
NAIVE_BOUND = Fraction(1, 2 * MAX_ADJUSTMENT + 1)
BEST_BOUND = Fraction(2, 5)
PARTS = range(0, MAX_COUNT - 4 + 1)
DIFFERENCES = (1, 2, 3, 4)


def _posterior_table() -> dict[tuple[int, int], dict[int, Fraction]]:
    """P(published total, published part, k) under the prior above, from the table exactly."""
    joint: dict[tuple[int, int], dict[int, Fraction]] = defaultdict(lambda: defaultdict(Fraction))
    weight = Fraction(1, len(PARTS) * len(DIFFERENCES))
    for part in PARTS:
        part_dist = distribution(part, 5)
        for k in DIFFERENCES:
            for a, pa in distribution(part + k, 5).items():
                for b, pb in part_dist.items():
                    joint[a, b][k] += weight * pa * pb
    return joint


def test_differencing_recovers_the_hidden_people_no_more_often_than_the_table_allows() -> None:
    # (The old "<5" rule showed 60 and 56 as they are: 60 - 56 gave the 4 women every time.)
    joint = _posterior_table()
    best = sum(max(ks.values()) for ks in joint.values())
    assert best <= BEST_BOUND  # the best any attacker can do, exactly
    guess = {pair: max(ks, key=lambda k: ks[k]) for pair, ks in joint.items()}

    rng = Random(26)  # independent random key sums: total and part differ by k records' keys
    trials = 20_000
    naive = best_attacker = 0
    for _ in range(trials):
        part, k = rng.choice(PARTS), rng.choice(DIFFERENCES)
        key_part = sum(record_key(rng) for _ in range(min(part, 3)))  # any sum: only its residue matters
        key_total = key_part + sum(record_key(rng) for _ in range(k))
        a, b = publish(part + k, key_total, 5), publish(part, key_part, 5)
        naive += a - b == k
        best_attacker += guess[a, b] == k
    # four standard errors of a proportion near 0.2 / 0.4 over 20 000 trials is about 0.011 / 0.014
    assert naive / trials < NAIVE_BOUND + Fraction(11, 1000) < GUESSING
    assert best_attacker / trials < best + Fraction(14, 1000)
    assert abs(best_attacker / trials - best) < Fraction(14, 1000)  # the exact bound is what happens


def test_mean_scores_are_hidden_under_the_threshold_and_moved_a_little_above_it() -> None:
    """Issue 29: a mean score (0-1) follows the count rules: nobody is no value, headquarters
    sees the mean (to two decimals), a reader below sees nothing for a published count under
    the threshold and otherwise the mean moved by at most 0.02, the same every time."""
    from dashboard.core.disclosure import mean_score

    assert mean_score(0.0, 0, 0, 5) is None
    assert mean_score(2.5, 4, 100, None) == 0.62  # 0.625 -> 0.62 (Python rounds halves to even)
    # Three people are hidden whatever their cell publishes (0 or 5): a mean of three is theirs;
    # and so is any group published as 5, or a reader would learn which 5s are really 1 to 4.
    assert {mean_score(1.5, 3, k, 5) for k in range(0, KEY_RANGE, 5)} == {Hidden(5)}
    as_five = next(k for k in range(KEY_RANGE) if publish(6, k, 5) == 5)
    assert mean_score(3.0, 6, as_five, 5) == Hidden(5)
    as_six = next(k for k in range(KEY_RANGE) if publish(6, k, 5) == 6)
    assert mean_score(3.0, 6, as_six, 5) == pytest.approx(0.5, abs=0.021)
    shown = [mean_score(30.0, 60, k, 5) for k in range(0, KEY_RANGE, 7)]
    assert all(isinstance(v, float) and 0.48 <= v <= 0.52 for v in shown)
    assert len(set(shown)) > 3  # the move depends on who is in the cell
    assert mean_score(30.0, 60, 1234, 5) == mean_score(30.0, 60, 1234, 5)
    assert mean_score(59.9, 60, 77, 5) <= 1.0 and mean_score(0.0, 60, 77, 5) >= 0.0
