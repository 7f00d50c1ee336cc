"""The map legend, read from the figure: every trace that should be listed says so in its
``meta`` (``figures.style.legend_meta``). Drawn as HTML beside the map, it never covers
the map, wraps on a phone, and screen readers can read it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import plotly.graph_objects as go
from plotly.basedatatypes import BaseTraceType

from dashboard.figures.style import LegendItem


@dataclass(frozen=True)
class LegendSection:
    """A heading (the metric, or a layer) and its entries."""

    title: str
    items: tuple[LegendItem, ...]


def legend_sections(figure: go.Figure | Iterable[BaseTraceType]) -> list[LegendSection]:
    """Sections in drawing order, entries in order, each entry once, from a figure or its traces."""
    sections: dict[str, list[LegendItem]] = {}
    for trace in figure.data if isinstance(figure, go.Figure) else figure:
        meta = trace.meta if isinstance(trace.meta, dict) else None
        if not meta or "legend" not in meta:
            continue
        entries = sections.setdefault(meta["legend_section"], [])
        for raw in meta["legend"]:
            item = LegendItem(**raw)
            if item not in entries:
                entries.append(item)
    return [LegendSection(title, tuple(items)) for title, items in sections.items()]
