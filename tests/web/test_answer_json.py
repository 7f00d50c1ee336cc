"""Callback answers are written by orjson (``dashboard.web.answer_json``) and say exactly what
Plotly's encoder said: the same JSON value for every kind of value an answer holds, and for the
real answers of the map as a district officer sees them."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import IntEnum, StrEnum
from typing import Any, NamedTuple

import dash._callback
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io
import pytest
from dash import dcc, html
from plotly.io.json import to_json_plotly

from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.core.privacy import Hidden
from dashboard.web import answer_json
from tests.clients import client_as
from tests.dash_requests import callback_requests, page_ids, post


def _strict(text: str) -> Any:
    """Parsed as strict JSON: NaN or Infinity in the text fail (a browser's JSON.parse refuses them)."""
    def refuse(constant: str) -> None:
        raise ValueError(f"not JSON: {constant}")
    return json.loads(text, parse_constant=refuse)


class Colour(StrEnum):
    RED = "red"


class Step(IntEnum):
    FIRST = 1


class Place(NamedTuple):
    pcode: str
    people: int


VALUES: dict[str, Any] = {
    "not a number and infinities": {"z": [1.5, math.nan, math.inf, -math.inf]},
    "numpy arrays and scalars": {"x": np.arange(4), "y": np.array([0.5, np.nan]), "n": np.int64(7),
                                 "f": np.float32(2.5)},
    "dates and times": [date(2019, 1, 31), datetime(2020, 2, 29, 13, 5, 7), datetime(2020, 1, 1, tzinfo=UTC),
                        pd.Timestamp("2021-03-04")],
    "decimals, enums, tuples, keys that are numbers": {"d": Decimal("1.25"), "e": Colour.RED, "i": Step.FIRST,
                                                         "t": (1, 2), 5: "five"},
    "a hidden count": {"value": Hidden(5)},
    "named tuples": {"places": [Place("BD6091", 12)]},
    "Bangla and markup": {"text": "সিলেট <b>৫</b> & \"quoted\" \u2028 line"},
    "components and figures": html.Div([html.H2("Sylhet"), dcc.Graph(
        figure=go.Figure(go.Scattermap(lat=[24.9], lon=[91.8], customdata=[["সিলেট", "<5"]])))]),
    "a data frame's records": pd.DataFrame({"a": [1, 2], "b": [0.5, None]}).to_dict("records"),
}


@pytest.mark.parametrize("name", list(VALUES))
def test_aj001_each_kind_of_value_is_written_as_plotly_writes_it(name: str) -> None:
    value = {"response": {"out": {"children": VALUES[name]}}, "multi": True}
    assert _strict(answer_json.to_json(value)) == _strict(to_json_plotly(value, engine="json"))


def test_aj002_the_app_answers_callbacks_with_it() -> None:
    # If a Dash release moves the name, answers would silently go back to the slow encoder.
    create_app()
    assert dash._callback.to_json is answer_json.to_json
    # and everything else Plotly writes keeps the encoder it had before orjson was installed
    assert plotly.io.json.config.default_engine == "json"


def test_aj003_the_map_answers_of_a_district_officer_are_unchanged(fresh_known_settings: Settings,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    client = client_as(create_app(fresh_known_settings), "officer")
    search = "?district=BD6091&layers=returnees,providers,fairs,dcc_activity,awareness,referral_flows,hotline"
    deps = client.get("/_dash-dependencies").get_json()
    drawn = [cb for cb in deps if any(o in cb["output"] for o in ("district-map-figure.data", "kpi-cards.children",
                                                                   "upazila-detail.className"))]
    requests = list(callback_requests(drawn, page_ids(client, search), {"search": search}))
    assert requests

    def answers() -> list[Any]:
        out = []
        for request in requests:
            response = post(client, request.body)
            out.append((response.status_code, _strict(response.get_data(as_text=True)) if response.data else None))
        return out

    ours = answers()
    monkeypatch.setattr(dash._callback, "to_json", to_json_plotly)  # what Dash itself calls
    assert ours == answers()
    assert any(status == 200 and "scattermap" in json.dumps(body) for status, body in ours), "no map was drawn"
