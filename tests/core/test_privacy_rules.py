"""Hidden values (``dashboard.core.privacy``), with the expected results worked out by hand: how a
withheld share reads, and that it is told from numbers and text. Counts of people are
perturbed instead (``test_disclosure.py``); the attacks through the app are in
``test_disclosure_attacks.py`` and ``test_privacy_attacks.py``."""

from __future__ import annotations

import json

import plotly.graph_objects as go

from dashboard.core.privacy import Hidden, hidden, is_hidden, shown

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
