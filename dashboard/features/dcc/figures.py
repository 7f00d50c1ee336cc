"""The DCC page's chart: meetings held against those expected, quarter by quarter. Pure: data in,
figure out."""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from dashboard.core.dcc import Quarter
from dashboard.figures.axes import hover_numbers, number_ticks
from dashboard.figures.style import chart_style
from dashboard.figures.template import default_template
from dashboard.i18n import format_digits, t


def quarter_labels(quarters: list[Quarter], lang: str) -> list[str]:
    """Each quarter as the page names it ("Q2 2019"), in the language."""
    return [t("dcc.quarter", lang, year=format_digits(str(q.year), lang), number=format_digits(str(q.number), lang))
            for q in quarters]


def rhythm_figure(quarters: list[Quarter], lang: str) -> dict[str, Any]:
    """Bars of the meetings held and a dashed line of those expected, per quarter.

    Written as the JSON Plotly would make, not through Plotly's objects: building it through
    ``go.Bar``, ``update_layout`` and ``update_yaxes`` took 30 ms of the DCC page's 40 ms answer
    on the demo data, and even wrapped in ``go.Figure`` unvalidated it was copied whole
    (``to_dict``'s deepcopy) when the answer was written: 5 ms of the tracker's answer at scale
    1000 under cProfile (``tests/features/dcc/test_figures.py`` puts the result through
    Plotly's validation)."""
    labels = quarter_labels(quarters, lang)
    held, expected = [q.held for q in quarters], [q.expected for q in quarters]
    traces: list[dict[str, Any]] = [
        {"type": "bar", "x": labels, "y": held, "name": t("dcc.meetings_held", lang),
         "customdata": hover_numbers(held, lang), "marker": {"color": "#0072B2"},
         "hovertemplate": "%{x}: %{customdata}<extra></extra>"},
        {"type": "scatter", "x": labels, "y": expected, "mode": "lines+markers",
         "customdata": hover_numbers(expected, lang), "name": t("dcc.meetings_expected", lang),
         "line": {"color": "#D55E00", "dash": "dash"}, "hovertemplate": "%{x}: %{customdata}<extra></extra>"}]
    layout = {
        "template": deepcopy(default_template()),
        "height": 260, "margin": {"l": 30, "r": 10, "t": 30, "b": 90}, **chart_style(),
        # At the foot of the chart: at the top it covered the title, and just under the axis a
        # phone's slanted quarter labels.
        "legend": {"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0},
        "title": {"text": t("dcc.rhythm", lang), "font": {"size": 13}, "x": 0},
        "yaxis": {"rangemode": "tozero", "gridcolor": "#eeeeee", **number_ticks(max(held + expected, default=0), lang)},
        # The margin grows to fit the quarter labels, which a phone slants (Bangla ones are long):
        # explicit, not left to the default template (tests/integration/test_dcc_phone.py).
        "xaxis": {"automargin": True},
    }
    return {"data": traces, "layout": layout}
