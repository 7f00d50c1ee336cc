"""Adversarial: each role, signed in, tries to read another district (and more than it may see)
through every callback the app declares, every download and every API endpoint.

Expected values come from ``tests.known_data``: the Khulna provider's and fair's names
appear nowhere but in Khulna's rows, so finding them in a response is a leak.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from flask.testing import FlaskClient

from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.i18n import t
from tests import known_data as known
from tests.clients import client_as
from tests.dash_requests import callback_requests, page_ids, post

KHULNA, SYLHET, DUMURIA = "BD4047", "BD6091", "BD40470030"
ATTACK = (f"?district={KHULNA}&upazila={DUMURIA}&layers=returnees,dcc_activity,awareness,hotline,fairs,"
          "referral_flows,providers&points=1"
          f"&districts={KHULNA}&peer={KHULNA}")
# Names only Khulna's rows hold (place names and P-codes are public: the area picker lists them all).
KHULNA_SECRETS = (known.KHULNA_PROVIDER, known.KHULNA_FAIR_VENUE)
GRID_HOVER = t("map.grid_cell", "en")  # in the hover of returnees per grid cell, nowhere else


def _attack_values() -> dict[str, Any]:
    return {
        "search": ATTACK, "pathname": "/", "data": "en", "n_clicks": 1, "value": KHULNA,
        "clickData": {"points": [{"location": KHULNA}]}, "start_date": None, "end_date": None,
        "district-map-area-click.data": {"area": KHULNA, "at": 1},  # a click on Khulna (features.map.click)
        "map-layer-toggles.value": ["returnees", "dcc_activity", "awareness", "hotline", "fairs", "referral_flows",
                                    "providers"],
        "map-hotline-topics.value": ["legal"], "map-hotline-callers.value": ["family"],
        "map-hotline-referred.value": "yes",
        "map-points.value": True, "map-breakdown.value": "sex", "language-picker.value": "en",
    }


SYLHET_VIEW = ATTACK.replace(KHULNA, SYLHET).replace(DUMURIA, "BD60910038")


def _responses(client: FlaskClient, search: str = ATTACK) -> list[tuple[str, int, str]]:
    deps = client.get("/_dash-dependencies").get_json()
    known_ids = page_ids(client, search)
    out = []
    values = _attack_values() | ({"search": search, "value": SYLHET} if search != ATTACK else {})
    for request in callback_requests(deps, known_ids, values):
        response = post(client, request.body)
        out.append((request.trigger, response.status_code, response.get_data(as_text=True)))
    assert len(out) > 20, "too few callbacks exercised: the request builder is broken"
    return out


@pytest.fixture
def app(known_settings: Settings):  # type: ignore[no-untyped-def]
    return create_app(known_settings)


@pytest.mark.parametrize("role", ["officer", "member"])
def test_pa001_no_callback_gives_a_sylhet_user_anything_about_khulna(app: Any, role: str) -> None:
    for trigger, status, body in _responses(client_as(app, role)):
        assert status in (200, 204), (trigger, status)
        for secret in KHULNA_SECRETS:
            assert secret not in body, f"{secret!r} leaked to {role} through {trigger}"


def test_pa002_the_same_requests_do_reach_khulna_for_headquarters(app: Any) -> None:
    """The attack is real: headquarters, who may see Khulna, gets its data from the same requests."""
    bodies = " ".join(body for _t, _s, body in _responses(client_as(app, "hq")))
    assert all(secret in bodies for secret in KHULNA_SECRETS)
    assert GRID_HOVER in bodies  # and returnees per grid cell


def test_pa003_roles_without_points_never_get_them(full_cell_app: Any) -> None:
    officer = " ".join(body for _t, _s, body in _responses(client_as(full_cell_app, "officer"), SYLHET_VIEW))
    assert GRID_HOVER in officer  # the control: the data holds a cell the officer may see
    for role in ("member", "viewer"):
        for trigger, _status, body in _responses(client_as(full_cell_app, role), SYLHET_VIEW):
            assert GRID_HOVER not in body, (role, trigger)


def test_pa004_anonymous_requests_get_nothing(app: Any) -> None:
    client = app.server.test_client()
    assert client.get("/_dash-dependencies").status_code == 401
    assert client.get("/_dash-layout").status_code == 401
    response = client.post("/_dash-update-component", json={"output": "page-content.children"})
    assert response.status_code in (400, 401)  # refused before any callback runs
    page = client.get(f"/{ATTACK}")
    assert page.status_code == 302 and "/login" in page.headers["Location"]
    for path in ("/api/v1/areas/BD/summary", f"/api/v1/areas/{SYLHET}/children", "/api/v1/providers"):
        answer = client.get(path)
        assert answer.status_code == 401 and answer.get_json()["error"]


def test_pa005_a_refused_request_says_not_permitted(app: Any) -> None:
    client = client_as(app, "officer")
    deps = client.get("/_dash-dependencies").get_json()
    render = next(cb for cb in deps if "district-map-figure.data" in cb["output"])
    request = next(r for r in callback_requests([render], page_ids(client, ATTACK), _attack_values()))
    body = post(client, request.body).get_data(as_text=True)
    assert "Not permitted" in body and "district-map-figure" not in json.dumps(json.loads(body).get("response", {}))


def test_pa006_disclosure_control_is_applied_server_side_in_every_response(known_settings: Settings) -> None:
    # A threshold above Sylhet's five returnees: every Sylhet count is small for the officer,
    # and is published as 0 or 6, so neither the 3 women nor the 2 men appear in any answer.
    app = create_app(replace(known_settings, suppression_threshold=6))
    officer = " ".join(_without_meeting_rhythm(body)
                       for _t, _s, body in _responses(client_as(app, "officer"), SYLHET_VIEW))
    kpi = _without_meeting_rhythm(next(body for _t, _s, body in _responses(client_as(app, "officer"), SYLHET_VIEW)
                                       if "kpi-returnees_profiled" in body))
    assert '"children": "6", "id": "kpi-returnees_profiled"' in kpi or \
        '"children": "0", "id": "kpi-returnees_profiled"' in kpi
    assert f'"{known.SYLHET_WOMEN}"' not in officer  # the 3 women never appear as 3
    assert f'"{known.SYLHET_WOMEN + known.SYLHET_MEN}"' not in officer  # nor the 5 of them


def _without_meeting_rhythm(body: str) -> str:
    """A response without the DCC's meetings-per-quarter chart and table: they count
    meetings against the configured rhythm (3 a quarter), not people, so a "3" there is
    not a person."""
    try:
        answer = json.loads(body)
    except ValueError:
        return body
    for component in ("dcc-rhythm", "dcc-rhythm-table"):
        answer.get("response", {}).pop(component, None)
    return json.dumps(answer)


def _download(client: FlaskClient, search: str, what: str) -> str:
    """Click one item of the map's download menu by a crafted request; the file's text."""
    import base64

    deps = client.get("/_dash-dependencies").get_json()
    callback = next(cb for cb in deps if cb["output"].startswith("district-map-download.data"))
    item = {"format": "csv", "type": "map-download", "what": what}
    body = {"output": callback["output"], "outputs": {"id": "district-map-download", "property": "data"},
            "inputs": [[{"id": item, "property": "n_clicks", "value": 1}]],
            "state": [{"id": "map-state", "property": "search", "value": search},
                      {"id": "map-language", "property": "data", "value": "en"}],
            "changedPropIds": [json.dumps(item, separators=(",", ":")) + ".n_clicks"]}
    data = post(client, body).get_json()["response"]["district-map-download"]["data"]
    return base64.b64decode(data["content"]).decode("utf-8-sig")


def test_pa007_point_downloads_are_grid_cells_that_cannot_be_joined_into_people(app: Any) -> None:
    import io

    import pandas as pd

    from dashboard.ui.exports import ABOUT_LINES

    client = client_as(app, "hq")
    stored = {known.SYLHET_LOCATION, known.KHULNA_LOCATION}
    tables = {}
    for breakdown in ("sex", "status", "return_group"):
        text = _download(client, f"?district={SYLHET}&points=1&breakdown={breakdown}", "returnees")
        tables[breakdown] = pd.read_csv(io.StringIO(text), skiprows=ABOUT_LINES + 1)
    for table in tables.values():
        assert list(table.columns)[:2] == ["cell_lat", "cell_lon"] and "returnees" in table.columns
        assert table["returnees"].sum() == known.SYLHET_WOMEN + known.SYLHET_MEN
        assert len(table) < known.SYLHET_WOMEN + known.SYLHET_MEN  # counts per cell, not a row per person
        assert not {(round(a, 2), round(b, 2)) for a, b in zip(table.cell_lat, table.cell_lon, strict=True)} \
            & {(round(a, 3), round(b, 3)) for a, b in stored}
        assert not set(zip(table.cell_lat, table.cell_lon, strict=True)) & stored  # never a stored point


def test_pa008_exports_and_row_level_views_are_audited(app: Any, known_settings: Settings) -> None:
    from sqlalchemy import select

    from dashboard.db import Database
    from dashboard.models import AuditEvent

    client = client_as(app, "officer")
    _download(client, f"?district={SYLHET}&sex=female", "areas")
    database = Database(known_settings.database_url)
    with database.session() as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.actor == "officer")).all()
    database.dispose()
    export = [e for e in events if e.action == "export"][-1]
    assert export.scope == SYLHET and export.details["filters"] == {"sex": "female"}
    assert export.target.startswith("map-areas")
