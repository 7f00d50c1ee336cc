"""What a map layer is, and the registry the map composes from.

A layer is data in, traces out: ``load`` asks ``dashboard.queries`` for what it
needs, ``traces`` turns that into Plotly traces with no I/O, and ``rows`` into
the table a user can download. Adding a layer means
adding one module that calls :func:`register`, and its test.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.basedatatypes import BaseTraceType
from sqlalchemy.orm import Session

from dashboard.core.filters import Filters
from dashboard.core.hotline import HotlineChoice
from dashboard.core.metrics import DEFAULT_BREAKDOWN
from dashboard.core.scope import Scope
from dashboard.figures.style import safe  # noqa: F401  (the layers' hover helper, kept importable from here)


@dataclass(frozen=True)
class LayerView:
    """What the map currently shows: language, zoomed district, filters, how returnees are
    coloured, which hotline calls are counted, and whether individual points are shown. ``points`` is true only when the
    user asked for them at district zoom *and* the actor may see them (decided by
    ``dashboard.core.access``, never by a layer)."""

    lang: str = "en"
    district: str | None = None
    filters: Filters = field(default_factory=Filters)
    points: bool = False
    breakdown: str = DEFAULT_BREAKDOWN
    hotline: HotlineChoice = field(default_factory=HotlineChoice)

    def area_filters(self) -> Filters:
        """The user's filters, narrowed to the zoomed district unless a smaller area is chosen."""
        return self.filters.replace(area=self.filters.area or self.district)

    def data_key(self) -> tuple[object, ...]:
        """Everything a layer's data depends on (not the language): part of its cache key."""
        return (self.district, self.filters, self.points, self.breakdown, self.hotline)


def _shown_as_loaded(data: Any, _threshold: int) -> Any:
    return data


def _no_reason(_data: Any) -> str | None:
    return None


@dataclass(frozen=True)
class MapLayer:
    """One overlay: a key, a label in the message catalogue, and its functions.

    ``protect(data, threshold)`` returns what may be shown to someone below
    headquarters (small counts of returnees hidden); layers about events or places
    show their data as loaded. ``why_empty(data)`` names, when a layer draws nothing, a more
    precise reason than "nothing here" (the message ``layer.none.<key>.<reason>``), or None.
    ``table(data, view)``, when given, is the layer as a short table shown under the map.
    """

    key: str
    label_key: str
    default_on: bool
    order: int  # drawing order: lower is drawn first (underneath)
    load: Callable[[Session, Scope, LayerView], Any]
    traces: Callable[[Any, LayerView], list[BaseTraceType]]
    rows: Callable[[Any, LayerView], pd.DataFrame]
    protect: Callable[[Any, int], Any] = _shown_as_loaded
    why_empty: Callable[[Any], str | None] = _no_reason
    # Optional: (header, rows) the map's "Show as table" lists under the areas, for a layer whose
    # drawing a screen reader cannot read otherwise (the referral flows' lines).
    table: Callable[[Any, LayerView], tuple[list[str], list[list[Any]]]] | None = None


REGISTRY: dict[str, MapLayer] = {}


def register(layer: MapLayer) -> MapLayer:
    """Add a layer to the map; keys must be unique."""
    if layer.key in REGISTRY:
        raise ValueError(f"map layer {layer.key!r} is registered twice")
    REGISTRY[layer.key] = layer
    return layer


def ordered_layers() -> list[MapLayer]:
    """Registered layers in drawing order."""
    return sorted(REGISTRY.values(), key=lambda layer: layer.order)


def marker_sizes(values: Sequence[float], largest: float = 32.0, smallest: float = 5.0) -> list[float]:
    """Proportional-symbol sizes: area, not radius, proportional to the value; in tenths of a
    pixel, finer than a screen draws (a district's 4,400 fairs sent 17 digits per size, a
    sixth of the map's answer)."""
    top = max(values, default=0) or 1
    return [round(max(smallest, largest * (v / top) ** 0.5), 1) for v in values]


def map_points(**props: Any) -> go.Scattermap:
    """A Scattermap trace built without Plotly's per-element validation.

    Validation walks every element of every array (a district's fairs took 0.4 s of a 1.2 s
    map render at national scale), and these traces are built by our own code from typed
    rows, not from user input. ``tests/layers/test_registry.py`` draws every layer and
    validates the result strictly, so a malformed property still fails there.
    """
    return go.Scattermap(_validate=False, **props)


def trace_json(trace: BaseTraceType) -> dict[str, Any]:
    """The trace as the dict Dash sends: ``to_plotly_json()`` without its deep copy.

    The copy protects a figure from later changes to the returned dict; the map's dicts are
    only serialised, and copying a district's fairs (4,400 hovers, sizes and positions) took
    a quarter of a map render at national scale. Plotly keeps a trace's properties in
    ``_props``; ``tests/layers/test_registry.py`` checks this equals ``to_plotly_json()``
    for every layer, so a Plotly release that changes that fails there, not on screen.
    """
    return dict(trace._props or {})


def ringed_markers(lat: list[float], lon: list[float], sizes: list[float], fill: str, ring: str,
                   ring_width: float, halo: str | None = None, **top: object) -> list[BaseTraceType]:
    """Markers with a ring: a slightly larger ``ring``-coloured marker under each ``fill`` one,
    and with ``halo`` a thin circle of that colour around the ring.

    MapLibre draws circles only (other symbols need an online sprite sheet) and Plotly's
    map markers have no outline, so a ring is two stacked circles. A dark dot with a dark ring
    vanishes on the map's darkest classes; a white halo keeps it apart from any fill. ``top``
    (name, hover, legend meta ...) goes on the upper trace; the lower ones are silent.
    """
    under = [(ring, ring_width)] if halo is None else [(halo, ring_width + HALO_WIDTH), (ring, ring_width)]
    return [
        *(map_points(lat=lat, lon=lon, mode="markers", hoverinfo="skip", showlegend=False,
                     marker={"size": [round(s + 2 * width, 1) for s in sizes], "color": colour})
          for colour, width in under),
        map_points(lat=lat, lon=lon, mode="markers", marker={"size": sizes, "color": fill}, **top),
    ]


# How far a halo reaches beyond a marker's ring, in pixels.
HALO_WIDTH = 1.5


