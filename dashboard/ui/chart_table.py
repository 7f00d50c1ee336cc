""""Show as table": the numbers behind a map or chart, as a plain table a screen reader can
read and a phone can scroll. Each chart's own callback fills its table from the same data
as the figure, so the two never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dash import html

from dashboard.i18n import format_number
from dashboard.ui.text import T

# The charts' mode bars, short. Plotly's full bar (about ten buttons) covered a chart's
# title on a 360 px phone, where touch screens show it all the time, and its select and
# lasso tools mean nothing on these charts. Time series keep zooming into months and back.
SERIES_CONFIG = {"displaylogo": False, "modeBarButtons": [["toImage", "zoom2d", "resetScale2d"]]}
PICTURE_CONFIG = {"displaylogo": False, "modeBarButtons": [["toImage"]]}


def layout(table_id: str, lang: str, opener: str | None = None) -> html.Details:
    """A closed "Show as table" section holding the table ``table_id``'s callback writes.

    With ``opener``, its summary carries that id and counts its clicks (``n_clicks``, odd while
    open: a click or Enter on a summary toggles the section), so a large table can be sent only
    when someone opens it."""
    summary = T("chart.show_table", lang, instance=table_id)
    return html.Details(className="chart-table small mt-1", children=[
        html.Summary(summary) if opener is None else html.Summary(summary, id=opener, n_clicks=0),
        html.Div(id=table_id, className="table-responsive"),
    ])


def is_open(clicks: int | None) -> bool:
    """Whether a section whose summary was clicked ``clicks`` times is open (it starts closed)."""
    return clicks is not None and clicks % 2 == 1


def table(header: Sequence[str], rows: Sequence[Sequence[Any]], lang: str, decimals: int = 0) -> html.Table:
    """A table with a header row; each row's first cell names it. Numbers are written in the
    language's digits; text (a name, "<5" for a suppressed count) as it is."""
    def cell(value: Any) -> str:
        if isinstance(value, bool) or value is None:
            return "–" if value is None else str(value)
        if isinstance(value, (int, float)):
            return format_number(value, lang, 0 if isinstance(value, int) else decimals)
        return format_number(value, lang)

    return html.Table(className="table table-sm table-striped mb-0", children=[
        html.Thead(html.Tr([html.Th(h, scope="col") for h in header])),
        html.Tbody([_element("Tr", [_element("Th", cell(row[0]), scope="row"),
                                    *(_element("Td", cell(v), className="text-end") for v in row[1:])])
                    for row in rows]),
    ])


def _element(tag: str, children: Any, **props: str) -> dict[str, Any]:
    """An HTML element of ``dash.html`` in the JSON form Dash sends it to the browser.

    Written by hand because a table behind a map can hold thousands of cells (the referral
    flows of a district: about 250 rows of 7): as ``html.Td`` objects each is built with
    Dash's argument checks and turned back into this form on the way out, about 30 µs a cell,
    a sixth of a district map's render at scale 1000. The browser receives the same JSON
    either way (``Component.to_plotly_json``)."""
    return {"type": tag, "namespace": "dash_html_components", "props": {"children": children, **props}}
