"""Small-count suppression, rule by rule, with counts written here and the expected
result worked out by hand (``dashboard.privacy``). The attacks through the app are in
``test_privacy_attacks.py``; these pin each boundary so a changed threshold, comparison or
tie-break fails here first."""

from __future__ import annotations

import json

import plotly.graph_objects as go

from dashboard.privacy import (
    Hidden,
    hidden,
    hide_count,
    hide_group,
    hide_groups,
    hide_share,
    is_hidden,
    shown,
)

H5 = Hidden(5)


def test_pr001_a_hidden_count_reads_as_less_than_the_threshold() -> None:
    assert str(Hidden(5)) == "<5"
    assert str(Hidden(3)) == "<3"
    assert Hidden(10).to_plotly_json() == "<10"
    assert hidden(5) == H5 and hidden(3) != H5
    figure = go.Figure(go.Bar(x=["Sylhet"], y=[1], text=[Hidden(5)]))
    assert json.loads(figure.to_json())["data"][0]["text"] == ["<5"]


def test_pr002_hidden_is_told_from_counts_and_from_its_own_text() -> None:
    assert is_hidden(H5)
    assert not is_hidden(4) and not is_hidden(0) and not is_hidden(None) and not is_hidden("<5")
    assert shown(H5) == "<5" and shown(Hidden(3)) == "<3"
    assert shown(4) == 4 and shown(0) == 0 and shown(None) is None and shown("Sylhet") == "Sylhet"


def test_pr003_one_count_is_hidden_from_one_to_threshold_minus_one() -> None:
    assert hide_count(0, 5) == 0  # nobody: nothing to protect
    assert hide_count(1, 5) == H5
    assert hide_count(4, 5) == H5
    assert hide_count(5, 5) == 5
    assert hide_count(120, 5) == 120
    assert hide_count(2, 3) == Hidden(3) and hide_count(3, 3) == 3
    assert hide_count(-1, 5) == -1  # a change below zero is not a count of people


def test_pr004_one_small_part_beside_its_total_hides_the_next_smallest_too() -> None:
    # 2 + 9 + 30 = 41: with only the 2 hidden, 41 - 9 - 30 would give it away.
    assert hide_group({"a": 2, "b": 30, "c": 9}, 5) == {"a": H5, "b": 30, "c": H5}
    # Two small parts already hide each other: nothing more is hidden.
    assert hide_group({"a": 2, "b": 3, "c": 9}, 5) == {"a": H5, "b": H5, "c": 9}
    # No small part: all shown as they are.
    assert hide_group({"a": 5, "b": 0, "c": 9}, 5) == {"a": 5, "b": 0, "c": 9}
    # The only part: hidden, and there is nothing else to hide.
    assert hide_group({"a": 2}, 5) == {"a": H5}


def test_pr005_the_complementary_part_is_the_smallest_then_first_by_name() -> None:
    assert hide_group({"x": 1, "m": 7, "b": 7, "z": 6}, 5) == {"x": H5, "m": 7, "b": 7, "z": H5}
    assert hide_group({"x": 1, "m": 7, "b": 7}, 5) == {"x": H5, "m": 7, "b": H5}  # tie: "b" before "m"
    assert hide_group({3: 1, 20: 8, 100: 8}, 5) == {3: H5, 20: 8, 100: H5}  # by name: "100" before "20"


def test_pr006_missing_parts_stay_missing_and_are_never_the_complement() -> None:
    assert hide_group({"a": 1, "b": None, "c": 12}, 5) == {"a": H5, "b": None, "c": H5}
    assert hide_group({"a": 1, "b": None}, 5) == {"a": H5, "b": None}
    assert hide_group({"a": None, "b": 8}, 5) == {"a": None, "b": 8}


def test_pr007_a_share_of_fewer_than_threshold_people_is_hidden() -> None:
    assert hide_share(50.0, 4, 5) == H5
    assert hide_share(50.0, 1, 5) == H5
    assert hide_share(50.0, 5, 5) == 50.0
    assert hide_share(0.0, 0, 5) == 0.0  # nobody behind it: nothing to protect
    assert hide_share(None, 3, 5) is None  # no share to hide
    assert hide_share(25.0, 2, 3) == Hidden(3) and hide_share(25.0, 3, 3) == 25.0


def test_pr008_rows_are_suppressed_within_each_area_and_keep_their_order() -> None:
    rows = [("BD6091", "eu", 2), ("BD6091", "transit", 30), ("BD6091", "other", 9),
            ("BD4047", "eu", 8), ("BD4047", "transit", 0)]
    assert hide_groups(rows, 5) == [("BD6091", "eu", H5), ("BD6091", "transit", 30), ("BD6091", "other", H5),
                                    ("BD4047", "eu", 8), ("BD4047", "transit", 0)]
    assert hide_groups([], 5) == []
