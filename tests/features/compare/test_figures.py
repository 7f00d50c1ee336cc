"""The comparison page's charts: each district's series in its own cell under its own name, each
rate's dots on their own row, and every figure as Plotly itself would accept it.

The charts are written as JSON on a grid Plotly computes once per shape
(``dashboard.figures.subplots``); these tests read what a browser would be sent."""

from __future__ import annotations

import json
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from dashboard.features.compare.figures import months_between, overlaid, peer_dots, small_multiples
from dashboard.features.compare.rules import RATE_KEYS, PeerStanding
from dashboard.figures.style import safe
from dashboard.figures.subplots import grid_layout
from dashboard.i18n import t
from geodata import admin_areas

# Four districts made up for the test, each with its own monthly counts (distinct, so a line
# drawn in the wrong cell is seen).
DISTRICTS = ("BD6091", "BD3026", "BD3054", "BD6058")
MONTHS = [201901, 201902, 201903]
SERIES = {"BD6091": {201901: 4, 201902: 7}, "BD3026": {201903: 11}, "BD3054": {201901: 1, 201902: 2, 201903: 3},
          "BD6058": {}}
# The marks' names as the legend shows them (HTML-escaped: the apostrophe in "Peers' median").
MEDIAN, BEST = safe(t("compare.peer_median", "en")), safe(t("compare.peer_best", "en"))
EXPECTED_Y = {"BD6091": [4, 7, 0], "BD3026": [0, 0, 11], "BD3054": [1, 2, 3], "BD6058": [0, 0, 0]}


def _sent(figure: dict[str, Any]) -> dict[str, Any]:
    """The figure as the browser receives it."""
    return json.loads(pio.to_json(figure, validate=False, engine="json"))


def _validated(figure: dict[str, Any]) -> dict[str, Any]:
    """The same figure put through Plotly's validation of every property (which raises on an
    unknown or malformed one)."""
    return json.loads(pio.to_json(go.Figure(figure), validate=True, engine="json"))


def _axis(layout: dict[str, Any], ref: str) -> dict[str, Any]:
    return layout[ref[0] + "axis" + ref[1:]]


def _overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_cf001_each_district_has_its_own_cell_under_its_name(lang: str) -> None:
    sent = _sent(small_multiples(SERIES, DISTRICTS, MONTHS, "Returnees", lang))
    assert sent == _validated(small_multiples(SERIES, DISTRICTS, MONTHS, "Returnees", lang))
    layout, cells = sent["layout"], []
    assert len(sent["data"]) == len(DISTRICTS)
    for district, trace in zip(DISTRICTS, sent["data"], strict=True):
        name = admin_areas()[district].name(lang)
        assert trace["name"] == name and trace["y"] == EXPECTED_Y[district]
        x_axis, y_axis = _axis(layout, trace["xaxis"]), _axis(layout, trace["yaxis"])
        cells.append((x_axis["domain"], y_axis["domain"]))
        # The cell's title is its district's name, centred over the cell.
        (title,) = [a for a in layout["annotations"] if a["text"] == name]
        assert x_axis["domain"][0] < title["x"] < x_axis["domain"][1]
        assert title["y"] >= y_axis["domain"][1]
    # Four districts: two rows of up to three; no two cells overlap.
    assert len({(tuple(x), tuple(y)) for x, y in cells}) == 4
    assert not any(_overlap(a[0], b[0]) and _overlap(a[1], b[1]) for i, a in enumerate(cells) for b in cells[i + 1:])
    assert len({tuple(y) for _x, y in cells}) == 2
    # One scale for all: every y axis but one follows that one (shared axes), from zero, ticks up to 11.
    y_axes = {k[:1] + k[5:]: v for k, v in layout.items() if k.startswith("yaxis")}
    (leader,) = {a.get("matches") for a in y_axes.values()} - {None}
    assert [ref for ref, a in y_axes.items() if "matches" not in a] == [leader]
    assert all(max(a["tickvals"]) >= 11 and a["rangemode"] == "tozero" for a in y_axes.values())


def test_cf002_each_rate_has_its_own_row_with_the_district_its_peers_median_and_best() -> None:
    standings = {key: PeerStanding(0.1 * n + 0.05, 0.1 * n, 0.1 * n + 0.3, 3) for n, key in enumerate(RATE_KEYS)}
    figure = peer_dots(standings, "Sylhet", "en")
    sent = _sent(figure)
    assert sent == _validated(figure)
    layout = sent["layout"]
    rows = {}
    for trace in sent["data"]:
        rows.setdefault(trace["xaxis"], []).append(trace)
    assert len(rows) == len(RATE_KEYS)
    domains = [_axis(layout, ref.replace("x", "y"))["domain"] for ref in rows]
    assert not any(_overlap(a, b) for i, a in enumerate(domains) for b in domains[i + 1:])
    for n, traces in enumerate(rows.values()):
        marks = {tr["name"]: tr["x"] for tr in traces if tr["mode"] == "markers"}
        assert marks == {MEDIAN: [0.1 * n], BEST: [0.1 * n + 0.3], "Sylhet": [0.1 * n + 0.05]}
        (spread,) = [tr for tr in traces if tr["mode"] == "lines"]
        assert spread["x"] == [0.1 * n, 0.1 * n + 0.3]
    # The legend names each mark once, not once per row.
    assert sum(tr.get("showlegend", True) for tr in sent["data"] if tr["mode"] == "markers") == 3
    assert len(layout["annotations"]) == len(RATE_KEYS)


def test_cf003_a_hidden_value_is_named_and_not_drawn() -> None:
    figure = _sent(peer_dots({RATE_KEYS[0]: PeerStanding(None, 0.4, 0.9, 3)}, "Sylhet", "bn"))
    (district,) = [tr for tr in figure["data"] if tr.get("name") == "Sylhet"]
    assert district["x"] == [None] and "Sylhet: –" in district["hovertemplate"]
    assert figure["layout"]["xaxis"]["ticktext"][0] == "০.০"


def test_cf004_overlaid_lines_differ_by_colour_and_dash_and_pass_validation() -> None:
    figure = overlaid(SERIES, DISTRICTS, MONTHS, "Returnees", "en")
    sent = _sent(figure)
    assert sent == _validated(figure)
    assert [tr["y"] for tr in sent["data"]] == [EXPECTED_Y[d] for d in DISTRICTS]
    assert len({(tr["line"]["color"], tr["line"]["dash"]) for tr in sent["data"]}) == len(DISTRICTS)
    assert months_between(201911, 202002) == [201911, 201912, 202001, 202002]


def test_cf005_a_grid_handed_out_is_the_caller_s_own() -> None:
    first = grid_layout(2, 1, ["a", "b"])
    first["xaxis"]["domain"] = [0, 0.1]
    first["annotations"][0]["text"] = "changed"
    again = grid_layout(2, 1, ["c", "d"])
    assert again["xaxis"]["domain"] == [0.0, 1.0] and [a["text"] for a in again["annotations"]] == ["c", "d"]
