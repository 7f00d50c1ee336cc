"""Plotly's default template, as ``go.Figure()`` puts it in every figure's layout.

Figures written as JSON rather than through Plotly's validated objects (the map's
choropleth, the cohort curves) carry it too, so they look and serialise exactly as the
validated ones did.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import plotly.graph_objects as go


@cache
def default_template() -> dict[str, Any]:
    """The template's JSON, read once; callers deep-copy it before handing it on."""
    template: dict[str, Any] = go.Figure().to_plotly_json()["layout"]["template"]
    return template
