"""The map's legend, drawn beside the map (never over it) from the figure's own traces."""

from __future__ import annotations

from dash import html

from dashboard.figures.legend import LegendSection


def _swatch(colour: str, form: str) -> html.Span:
    # The swatch repeats the form the map draws (area, translucent circle, ringed dot,
    # ring, white-edged disc): layers differ by shape as well as colour.
    return html.Span(className=f"legend-swatch legend-{form}", style={"--swatch": colour},
                     **{"aria-hidden": "true"})


def legend(sections: list[LegendSection]) -> list[html.Div]:
    """One block per section (the metric's classes, then each layer), entries as a list."""
    return [html.Div(className="legend-section", children=[
        html.Div(section.title, className="legend-title"),
        html.Ul(className="legend-items", children=[
            html.Li([_swatch(item.colour, item.form), html.Span(item.label)]) for item in section.items
        ]),
    ]) for section in sections]
