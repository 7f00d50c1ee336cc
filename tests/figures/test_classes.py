"""Legend classes never repeat or overlap, whatever the data (a property test over skewed data)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.figures.classes import quantile_classes

skewed = st.lists(st.one_of(st.integers(0, 3), st.integers(0, 100_000)).map(float), min_size=1, max_size=80)
shares = st.lists(st.floats(0, 100, allow_nan=False), min_size=1, max_size=80)


@given(skewed, st.integers(0, 1))
@settings(max_examples=300, deadline=None)
def test_cl001_classes_are_distinct_ordered_and_cover_every_value(values: list[float], decimals: int) -> None:
    classes = quantile_classes(values, decimals)
    assert classes is not None and 1 <= len(classes.ranges) <= 5
    previous_high = None
    for low, high in classes.ranges:
        assert low <= high
        assert previous_high is None or low > previous_high  # no overlap, no repeat
        previous_high = high
    labels = classes.labels("en")
    assert len(set(labels)) == len(labels)
    for value in values:
        low, high = classes.ranges[classes.index(value)]
        assert low <= round(value, decimals) <= high


@given(shares)
@settings(max_examples=200, deadline=None)
def test_cl002_shares_shown_without_decimals_never_overlap_either(values: list[float]) -> None:
    labels = quantile_classes(values, 0).labels("en", "%")  # type: ignore[union-attr]
    assert len(set(labels)) == len(labels)


def test_cl003_the_cases_users_saw() -> None:
    assert quantile_classes([0, 0, 0, 2, 3]).labels("en") == ["0", "2", "3"]  # type: ignore[union-attr]
    assert quantile_classes([3, 3, 3]).labels("en") == ["3"]  # type: ignore[union-attr]
    classes = quantile_classes([0, 1, 2, 3, 4, 5, 6, 7, 8, 100])
    assert classes is not None and classes.labels("en") == ["0–1", "2–3", "4–5", "6–7", "8–100"]
    assert classes.labels("bn")[-1] == "৮–১০০"
    assert quantile_classes([]) is None
    assert quantile_classes([0.12, 0.14], 1).labels("en") == ["0.1"]  # equal once rounded: one class
