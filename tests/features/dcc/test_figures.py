"""The DCC page's meeting rhythm chart, read as the browser receives it and put through
Plotly's own validation (the chart is written as JSON, not through Plotly's objects)."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio

from dashboard.core.dcc import Quarter
from dashboard.features.dcc.figures import rhythm_figure

QUARTERS = [Quarter(2019, 1, held=0, expected=1), Quarter(2019, 2, held=3, expected=1),
            Quarter(2019, 3, held=1, expected=1), Quarter(2019, 4, held=12, expected=1)]


def _sent(figure: dict) -> dict:
    return json.loads(pio.to_json(figure, validate=False, engine="json"))


def test_df001_bars_held_a_dashed_line_expected_per_quarter_in_bangla() -> None:
    figure = rhythm_figure(QUARTERS, "bn")
    sent = _sent(figure)
    assert sent == json.loads(pio.to_json(go.Figure(figure), validate=True, engine="json"))
    bars, line = sent["data"]
    assert bars["type"] == "bar" and bars["y"] == [0, 3, 1, 12]
    assert line["mode"] == "lines+markers" and line["y"] == [1, 1, 1, 1] and line["line"]["dash"] == "dash"
    assert bars["x"] == line["x"] and len(set(bars["x"])) == 4
    assert all("২০১৯" in label for label in bars["x"]) and bars["customdata"] == ["০", "৩", "১", "১২"]
    axis = sent["layout"]["yaxis"]
    assert axis["rangemode"] == "tozero" and max(axis["tickvals"]) >= 12
    assert sent["layout"]["xaxis"]["automargin"] is True  # room for a phone's slanted labels
    assert sent["layout"]["legend"]["y"] == 0  # at the foot, clear of the title


def test_df002_a_chart_is_its_own() -> None:
    first = rhythm_figure(QUARTERS, "en")
    # Changed after it is made (as a caller may), it leaves the next chart as it was.
    first["layout"]["font"]["size"] = 30
    first["layout"]["template"]["layout"]["colorway"] = ["#000000"]
    second = rhythm_figure(QUARTERS, "en")
    assert second["layout"]["font"]["size"] == 12
    assert second["layout"]["template"]["layout"]["colorway"] != ["#000000"]
