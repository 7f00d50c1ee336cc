"""Grids of small charts written as JSON, on the layout Plotly's ``make_subplots`` computes.

``make_subplots`` followed by ``add_trace(row=, col=)`` and ``update_xaxes`` validates every
property and walks the grid on each call: 40-50 ms for the comparison page's four peer rows
or six districts' small multiples, whatever the data's size, on every answer. The grid's
geometry depends only on its shape, so Plotly computes it once per shape here (its axes'
domains, anchors and shared ranges, a title annotation per cell, the default template), and
each figure copies it, fills in the titles and adds its traces as plain dicts.
``tests/features/compare/test_figures.py`` checks the charts built on it against Plotly's own
validation.
"""

from __future__ import annotations

from copy import deepcopy
from functools import cache
from typing import Any

from plotly.subplots import make_subplots


@cache
def _skeleton(rows: int, cols: int, titles: int, shared: bool, vertical_spacing: float | None) -> dict[str, Any]:
    share: Any = "all" if shared else False
    figure = make_subplots(rows=rows, cols=cols, shared_xaxes=share, shared_yaxes=share,
                           subplot_titles=[f"title {i}" for i in range(titles)],  # replaced by each figure
                           vertical_spacing=vertical_spacing)
    layout: dict[str, Any] = figure.to_plotly_json()["layout"]
    return layout


def grid_layout(rows: int, cols: int, titles: list[str], shared: bool = False,
                vertical_spacing: float | None = None) -> dict[str, Any]:
    """A ``rows`` × ``cols`` grid's layout with ``titles`` over its first cells (row by row),
    as ``make_subplots`` makes it; a new dict the caller may change."""
    layout = deepcopy(_skeleton(rows, cols, len(titles), shared,
                                None if vertical_spacing is None else round(vertical_spacing, 6)))
    for annotation, title in zip(layout.get("annotations", []), titles, strict=True):
        annotation["text"] = title
    return layout


def cell_axes(row: int, col: int, cols: int) -> dict[str, str]:
    """The axes a trace in cell (``row``, ``col``), counted from 1, is drawn on."""
    number = (row - 1) * cols + col
    suffix = "" if number == 1 else str(number)
    return {"xaxis": f"x{suffix}", "yaxis": f"y{suffix}"}


def axis_of(layout: dict[str, Any], ref: str) -> dict[str, Any]:
    """The layout's axis a trace names by ``ref`` ("x", "y2": ``xaxis``, ``yaxis2``)."""
    axis: dict[str, Any] = layout[f"{ref[0]}axis{ref[1:]}"]
    return axis


def update_axes(layout: dict[str, Any], letter: str, **props: Any) -> None:
    """Set ``props`` on every ``letter`` ("x" or "y") axis of the grid, as ``update_xaxes``
    does with flat properties."""
    for key, axis in layout.items():
        if key.startswith(f"{letter}axis"):
            axis.update(deepcopy(props))
