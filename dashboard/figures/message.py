"""A chart that says in words why it has nothing to draw, instead of empty axes."""

from __future__ import annotations

from typing import Any

from dashboard.figures.style import FONT


def message_figure(text: str, height: int = 120) -> dict[str, Any]:
    """No traces, no axes: one line of text where the chart would be."""
    return {"data": [], "layout": {"xaxis": {"visible": False}, "yaxis": {"visible": False}, "height": height,
                                   "margin": {"l": 0, "r": 0, "t": 0, "b": 0}, "font": FONT,
                                   "annotations": [{"text": text, "showarrow": False, "font": {"size": 14}}]}}
