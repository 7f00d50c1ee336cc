"""Reading a layer's traces as the legend does: the ones that carry a legend entry."""

from __future__ import annotations

from plotly.basedatatypes import BaseTraceType


def listed(traces: list[BaseTraceType]) -> list[BaseTraceType]:
    """The traces with a legend entry (a ringed marker's silent lower circle is left out)."""
    return [trace for trace in traces if isinstance(trace.meta, dict) and "legend" in trace.meta]


def legend_colour(trace: BaseTraceType) -> str:
    """The colour a trace's legend entry shows."""
    return trace.meta["legend"][0]["colour"]
