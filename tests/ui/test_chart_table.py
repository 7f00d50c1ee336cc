"""The "Show as table" tables: what the browser receives is what Dash's own components would send."""

from __future__ import annotations

import json
from typing import Any

from dash import html
from plotly.utils import PlotlyJSONEncoder

from dashboard.ui import chart_table


def _sent(component: Any) -> Any:
    """The component as a callback's answer carries it to the browser."""
    return json.loads(json.dumps(component, cls=PlotlyJSONEncoder))


def test_ct001_rows_reach_the_browser_as_dash_html_elements() -> None:
    # The body is written as JSON for speed; it must be exactly what html.Tr/Th/Td would send.
    rows = [["Sylhet Sadar", 1234, 3.25, None, "<5"], ["Beanibazar", 0, 12.0, True, "৭"]]
    expected = html.Tbody([
        html.Tr([html.Th("Sylhet Sadar", scope="row"), html.Td("1,234", className="text-end"),
                 html.Td("3.2", className="text-end"), html.Td("–", className="text-end"),
                 html.Td("<5", className="text-end")]),
        html.Tr([html.Th("Beanibazar", scope="row"), html.Td("0", className="text-end"),
                 html.Td("12.0", className="text-end"), html.Td("True", className="text-end"),
                 html.Td("৭", className="text-end")]),
    ])
    table = chart_table.table(["Upazila", "People", "Rate", "Plan", "Note"], rows, "en", decimals=1)
    assert _sent(table.children[1]) == _sent(expected)
    assert _sent(table.children[0]) == _sent(html.Thead(html.Tr([html.Th(h, scope="col") for h in
                                                                 ["Upazila", "People", "Rate", "Plan", "Note"]])))


def test_ct002_bangla_tables_write_bangla_digits() -> None:
    table = _sent(chart_table.table(["উপজেলা", "সংখ্যা"], [["সিলেট সদর", 1234]], "bn"))
    row = table["props"]["children"][1]["props"]["children"][0]["props"]["children"]
    assert [cell["props"]["children"] for cell in row] == ["সিলেট সদর", "১,২৩৪"]
