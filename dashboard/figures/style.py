"""How every figure looks: the shipped font, and one colour scheme per map layer.

Each layer has its own form as well as its own colours (translucent circles,
ringed dots, rings, white-edged discs), so layers are told apart by shape, not
colour alone; a test checks that no colour means two things.
"""

from __future__ import annotations

import html
from copy import deepcopy
from dataclasses import asdict, dataclass
from typing import Any

# The shipped Noto Sans Bengali (assets/fonts, loaded by assets/app.css) is named in
# every figure: Plotly draws legends, hovers and ticks itself, and a machine without a
# Bengali system font would otherwise show Bangla as empty boxes.
FONT_FAMILY = 'system-ui, "Segoe UI", Roboto, "Noto Sans Bengali", "Helvetica Neue", Arial, sans-serif'
FONT = {"family": FONT_FAMILY, "size": 12}
HOVER_LABEL = {"font": {"family": FONT_FAMILY, "size": 13}}


def chart_style() -> dict[str, Any]:
    """What every chart written as JSON shares: the font, the hover label and white plot and
    paper, as fresh copies (a figure's layout may be changed after it is made)."""
    return {"font": dict(FONT), "hoverlabel": deepcopy(HOVER_LABEL), "plot_bgcolor": "white", "paper_bgcolor": "white"}

# Choropleth: ColorBrewer YlGnBu (sequential, safe for colour-vision deficiencies).
CHOROPLETH_SCALE = "YlGnBu"
NO_DATA = "#d9d9d9"
# Areas whose value is hidden below headquarters (fewer than the threshold): darker than
# "no data", because hidden is not missing, and outside every class colour.
HIDDEN = "#969696"

# Returnees: translucent proportional circles in oranges and browns, light to dark in
# the order a returnee moves through the programme.
RETURNEE_COLOURS: dict[str, dict[str, str]] = {
    "return_group": {"eu": "#E69F00", "transit": "#7F3B08"},
    "sex": {"female": "#E69F00", "male": "#7F3B08", "other": "#FDB863"},
    "status": {"profiled": "#FEE0B6", "plan_agreed": "#FDB863", "receiving_support": "#E69F00",
               "reintegrated": "#B35806", "discontinued": "#4D4D4D"},
}
RETURNEE_FALLBACK = "#B35806"

# Service providers: small dots with a dark ring, Paul Tol's cool "muted" colours.
PROVIDER_COLOURS = {"government": "#332288", "ngo": "#117733", "private": "#88CCEE",
                    "financial": "#44AA99", "training": "#999933"}
PROVIDER_FALLBACK = "#555555"
PROVIDER_RING = "#222222"

# DCC activity: rings at the district seat.
DCC_ON_TRACK, DCC_OVERDUE = "#000000", "#CC3311"

# Migration fairs: purple discs with a white edge, newer years darker.
FAIR_COLOURS = ("#C2A5CF", "#9970AB", "#762A83", "#40004B")
WHITE = "#ffffff"


@dataclass(frozen=True)
class LegendItem:
    """One legend entry: text, colour and the form the map draws (area, circle, dot, ring, disc)."""

    label: str
    colour: str
    form: str


def legend_meta(section: str, *items: LegendItem) -> dict[str, object]:
    """What a trace carries in ``meta`` so the legend beside the map can list it under ``section``."""
    return {"legend_section": section, "legend": [asdict(item) for item in items]}


def safe(text: object) -> str:
    """Text made inert for a hover, the one helper every figure and layer uses for names
    (providers, venues, areas, sites): Plotly renders a few HTML tags in hover text, so a
    provider named "<a href=...>" would otherwise become a link, and "<b>" would restyle it.
    A missing name (None, or pandas' NaN from a table) is empty, not "nan"."""
    return html.escape(text) if isinstance(text, str) else ""
