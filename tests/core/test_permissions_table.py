"""Who may do what: ``GRANTS`` against a table written here, cell by cell, and each action
tried once through the HTTP surface by a role that may and a role that may not.

The table is the statement of the rules (README, "Accounts, roles and privacy"); the code
must match it, and a change to either is a change to both.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from flask.testing import FlaskClient

from dashboard.core.access import GRANTS, Action, Role
from dashboard.i18n import t
from tests.clients import client_as
from tests.dash_requests import callback_requests, page_ids, post

# role:            hq_admin  hq_analyst  district_officer  dcc_member  viewer
TABLE = """
view                  Y         Y           Y               Y           Y
see_small_counts      Y         Y           .               .           .
view_points           Y         Y           Y               .           .
export                Y         Y           Y               Y           Y
export_rows           Y         Y           Y               .           .
import                Y         .           Y               .           .
undo_import           Y         .           .               .           .
edit_targets          Y         .           .               .           .
edit_dcc              Y         .           Y               Y           .
manage_users          Y         .           .               .           .
"""
ROLES = (Role.HQ_ADMIN, Role.HQ_ANALYST, Role.DISTRICT_OFFICER, Role.DCC_MEMBER, Role.VIEWER)
EXPECTED = {(Action(row.split()[0]), role): mark == "Y"
            for row in TABLE.strip().splitlines() for role, mark in zip(ROLES, row.split()[1:], strict=True)}
SYLHET, GOLAPGANJ = "BD6091", "BD60910038"
REFUSED = t("error.not_permitted", "en")


def test_pt001_the_table_names_every_action_and_role() -> None:
    assert {action for action, _role in EXPECTED} == set(Action)
    assert set(ROLES) == set(Role)


@pytest.mark.parametrize(("action", "role"), sorted(EXPECTED))
def test_pt002_grants_match_the_table_cell_by_cell(action: Action, role: Role) -> None:
    assert (action in GRANTS[role]) == EXPECTED[(action, role)]


# --- each action through the HTTP surface ------------------------------------------------

@pytest.fixture
def app(full_cell_app: Any) -> Any:
    """The hand-countable data (Sylhet: 3 + 2 returnees) plus a grid cell a role allowed points may see."""
    return full_cell_app


def _fire(client: FlaskClient, output: str, trigger: str, values: dict[str, Any], search: str = "") -> str:
    """Send one callback (the one writing ``output``, fired by ``trigger``) as the page would."""
    dependencies = [cb for cb in client.get("/_dash-dependencies").get_json() if output in cb["output"]]
    assert dependencies, f"no callback writes {output}"
    requests = [r for r in callback_requests(dependencies, page_ids(client, search), values)
                if r.trigger.startswith(trigger) or trigger in r.trigger]
    assert requests, f"no request for {output} fired by {trigger}"
    return post(client, requests[0].body).get_data(as_text=True)


def _map_download(client: FlaskClient, search: str, what: str) -> str:
    item = {"format": "csv", "type": "map-download", "what": what}
    return _fire(client, "district-map-download.data", "map-download", {
        json.dumps(item, separators=(",", ":"), sort_keys=True) + ".n_clicks": 1, "n_clicks": 1,
        "search": search, "data": "en"}, search)


def test_pt010_view_signed_in_or_not(app: Any) -> None:
    assert client_as(app, "viewer").get("/").status_code == 200
    anonymous = app.server.test_client().get("/")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


def _component(node: Any, ident: str) -> Any:
    """The props of the component ``ident`` anywhere in an answer."""
    if isinstance(node, dict):
        if node.get("props", {}).get("id") == ident:
            return node["props"]
        children = node.values()
    elif isinstance(node, list):
        children = node
    else:
        return None
    return next((found for child in children if (found := _component(child, ident)) is not None), None)


def test_pt011_see_small_counts(app: Any) -> None:
    """Sylhet's 2 men: exact for headquarters, perturbed for a district officer."""
    search = f"?district={SYLHET}&sex=male"
    values = {"search": search, "data": "en"}

    def profiled(username: str) -> Any:
        body = _fire(client_as(app, username), "kpi-cards.children", "map-state.search", values, search)
        return _component(json.loads(body), "kpi-returnees_profiled")["children"]

    assert profiled("hq") == "2"
    assert profiled("officer") in ("0", "5")  # perturbed: never the 2 it is


def test_pt012_view_points(app: Any) -> None:
    search = f"?district={SYLHET}&points=1&layers=returnees"
    values = {"search": search, "data": "en"}
    grid = t("map.grid_cell", "en")
    assert grid in _fire(client_as(app, "officer"), "district-map-figure.data", "map-state.search", values, search)
    assert grid not in _fire(client_as(app, "member"), "district-map-figure.data", "map-state.search", values, search)


def test_pt013_export(app: Any) -> None:
    body = _map_download(client_as(app, "viewer"), f"?district={SYLHET}", "areas")
    assert "district-map-download" in body and REFUSED not in body
    anonymous = app.server.test_client().post("/_dash-update-component", json={"output": "district-map-download.data"})
    assert anonymous.status_code in (400, 401)


def test_pt014_export_rows(app: Any) -> None:
    search = f"?district={SYLHET}&points=1&layers=returnees"
    assert "district-map-download" in _map_download(client_as(app, "officer"), search, "returnees")
    refused = _map_download(client_as(app, "member"), search, "returnees")
    assert REFUSED in refused and "content" not in refused


def test_pt015_import(app: Any) -> None:
    def upload(client: FlaskClient) -> tuple[int, dict[str, Any]]:
        data = {"file": (io.BytesIO(b"code,district\n"), "returnees.csv")}
        token = client.get_cookie("_csrf_token")
        answer = client.post("/import/upload", data=data, content_type="multipart/form-data",
                             headers={"X-CSRFToken": token.value} if token else {})
        return answer.status_code, answer.get_json()

    officer, member = client_as(app, "officer"), client_as(app, "member")
    officer.get("/"), member.get("/")
    assert upload(officer)[0] == 200
    # Refused with a code the page's script words in the page's language, English beside it.
    assert upload(member) == (403, {"code": "may_not_import", "params": {},
                                    "error": "your account may not import data"})


def test_pt016_undo_import(app: Any) -> None:
    """Undoing a batch that does not exist: headquarters' administrator is told so; a district
    officer is refused before the batch is even looked up."""
    item = {"batch": 999, "type": "import-undo"}
    values = {"data": "en", "search": ""}
    assert REFUSED not in _undo(client_as(app, "admin"), item, values)
    assert REFUSED in _undo(client_as(app, "officer"), item, values)


def _undo(client: FlaskClient, item: dict[str, Any], values: dict[str, Any]) -> str:
    dependencies = [cb for cb in client.get("/_dash-dependencies").get_json()
                    if any("import-undo" in spec["id"] for spec in cb.get("inputs", []))]
    assert dependencies, "no callback listens to the undo buttons"
    callback = dependencies[0]
    outputs = callback["output"][2:-2].split("...")
    return post(client, {
        "output": callback["output"],
        "outputs": [{"id": o.rpartition(".")[0], "property": o.rpartition(".")[2].split("@")[0]} for o in outputs],
        "inputs": [[{"id": item, "property": "n_clicks", "value": 1}]],
        "state": [{"id": s["id"], "property": s["property"], "value": values.get(s["property"])}
                  for s in callback.get("state", [])],
        "changedPropIds": [json.dumps(item, separators=(",", ":"), sort_keys=True) + ".n_clicks"],
    }).get_data(as_text=True)


def test_pt017_edit_targets(app: Any) -> None:
    values = {"targets-district.value": SYLHET, "targets-indicator.value": "returnees_profiled",
              "targets-year.value": 2019, "targets-value.value": "40", "targets-confirm.value": True,
              "targets-changed.data": 0, "data": "en", "n_clicks": 1}
    saved = t("targets.saved", "en", indicator=t("indicator.returnees_profiled", "en"), district="Sylhet",
              year="2019", value="40")
    assert saved in _fire(client_as(app, "admin"), "targets-message.children", "targets-save", values)
    refused = _fire(client_as(app, "hq"), "targets-message.children", "targets-save", values)
    assert t("targets.not_permitted", "en") in refused and saved not in refused


def test_pt018_edit_dcc(app: Any) -> None:
    search = f"?district={SYLHET}"
    values = {"search": search, "dcc-form-date.date": "2019-03-05", "dcc-form-agenda.value": "Referrals",
              "value": None, "dcc-form-decisions.value": "", "dcc-changed.data": 0, "data": "en", "n_clicks": 1}
    attended = {"type": "dcc-attendance", "department": "demo"}
    values[json.dumps(attended, separators=(",", ":"), sort_keys=True) + ".value"] = True

    def record(username: str) -> str:
        return _fire(client_as(app, username), "dcc-form-message.children", "dcc-form-save", values, search)

    assert t("dcc.not_permitted", "en") not in record("member")
    assert t("dcc.not_permitted", "en") in record("viewer")


def test_pt019_manage_users_has_no_door_on_the_web(app: Any) -> None:
    """Accounts are managed on the command line only (``create-user``, ``users``): no URL of
    the app takes a write to users or tokens, whoever asks."""
    rules = [rule.rule for rule in app.server.url_map.iter_rules()]
    assert not [r for r in rules if any(word in r for word in ("user", "account", "token", "admin"))]
    assert Action.MANAGE_USERS in GRANTS[Role.HQ_ADMIN]
