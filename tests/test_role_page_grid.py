"""Every role × every page × a few states, on data with small counts, in both languages.

The grid is generated, not written: roles come from ``dashboard.core.access.Role`` (one user
each in ``tests.known_data.USERS``), pages from Dash's page registry and callbacks from the
app's own ``/_dash-dependencies``. A new page, role or callback is covered without a new test.

For each signed-in role and each state, every server callback the app declares is sent as
the page would send it (the state in the URL, the language in the store, every download
clicked); each answer must be 200 or 204, carry no "could not be loaded" alert, and no
exception may be logged on the server while it is answered. Every figure a callback draws
has data traces or says in words why it has none, and the map always has its areas.

The data is the scale-1 demo set, in which a district user's upazilas, a filter on women or
a single year give counts below the suppression threshold: the path every district user
takes goes through the hidden-count code (the first version of this module found the map
and the period cards failing for every role below headquarters there).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dash
import pytest
from flask.testing import FlaskClient

from dashboard.app import create_app
from dashboard.config import load_settings
from dashboard.core.access import GRANTS, Action, Role
from dashboard.db import Database
from dashboard.i18n import t
from tests import known_data
from tests.clients import client_as
from tests.conftest import DemoTemplates
from tests.dash_requests import callback_requests, page_ids, post
from tests.map_traces import AREA_TYPES

SYLHET, GOLAPGANJ = "BD6091", "BD60910038"
# A query string carries every page's keys at once: each page reads its own.
OWN = f"district={SYLHET}&districts={SYLHET}&peer={SYLHET}&service=job_placement"
STATES = {
    "landing": "",
    # A score metric for the 6-month survey round on the map (issue 29), and the comparison's
    # scores between two rounds: no state of their own, the plain district view carries them.
    "own district": f"?{OWN}&metric=score_psychosocial&round=6&score_from=3&score_dimension=psychosocial",
    # Every layer on (issue 32's awareness, hotline and referral flows among them) with a hotline
    # choice: no state of their own, so both databases draw them at no extra cost to the grid.
    "own district, 2019": f"?{OWN}&from=2019-01-01&to=2019-12-31&layers=returnees,dcc_activity,awareness,hotline,"
                          "fairs,referral_flows,providers&hotline_topic=legal,reintegration&hotline_referred=yes",
    # Calls per 10,000 returnees (issue 32): its base, women returnees, holds the smallest counts.
    "own district, women": f"?{OWN}&sex=female&metric=hotline_per_10k_returnees",
    # An upazila on the map's timeline (issue 30): a quarter's change in percent, the split view open.
    "an upazila, a timeline step": f"?{OWN}&upazila={GOLAPGANJ}&timeline=quarter&step=2019-Q2&change=pct&split=1",
    "a share, one quarter": f"?{OWN}&metric=plan_share&from=2019-04-01&to=2019-06-30",
}
USER_OF_ROLE = {Role(role): name for name, (role, _districts) in known_data.USERS.items()}
FAILED = t("error.generic", "en")


def test_rg000_every_role_has_a_user_in_the_grid() -> None:
    """A role added to ``Role`` without a test user would silently leave the grid."""
    assert set(USER_OF_ROLE) == set(Role)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def grid_app(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
             demo_templates: DemoTemplates) -> Iterator[dash.Dash]:
    """The app on the demo data (small counts included), with one user per role: on a copy of
    the run's seeded demo database, its own, so the users it adds reach no other test."""
    folder: Path = tmp_path_factory.mktemp(f"grid-{request.param}")
    for url in demo_templates.url(request.param, folder):
        database = Database(url)
        with database.session() as session:
            known_data.add_users(session)
        database.dispose()
        # No cache: every answer is computed, so a failure cannot hide behind a kept answer.
        app = create_app(load_settings({}, database_url=url, cache_type="NullCache"))
        app.server.config["GRID_BACKEND"] = request.param
        yield app


def _values(dependencies: list[dict[str, Any]], search: str, path: str, lang: str) -> dict[str, Any]:
    """What the page sends: the state in every URL, the language in every language store,
    every download clicked; every other store and control as it starts (None). Nothing
    that writes is clicked: the grid shares its database."""
    values: dict[str, Any] = {"search": search, "pathname": path}
    for callback in dependencies:
        for spec in (*callback.get("inputs", []), *callback.get("state", [])):
            key, ident = f"{spec['id']}.{spec['property']}", spec["id"]
            if spec["property"] == "data" and "language" in ident:
                values[key] = lang
            elif spec["property"] == "n_clicks" and ident.startswith("{") and (
                    "download" in ident or "dcc-minutes" in ident):
                values[key] = 1
            elif spec["property"] not in values:
                values.setdefault(key, None)
    return values


class _Tracebacks(logging.Handler):
    """Every log record that carries an exception, or is an error, while the grid runs."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info or record.levelno >= logging.ERROR:
            self.records.append(record)


@pytest.fixture
def tracebacks() -> Iterator[_Tracebacks]:
    handler = _Tracebacks()
    logging.getLogger().addHandler(handler)
    yield handler
    logging.getLogger().removeHandler(handler)


def _figures(node: Any) -> Iterator[dict[str, Any]]:
    """Every Plotly figure in an answer (a dict with a list of traces and a layout)."""
    if isinstance(node, dict):
        if isinstance(node.get("data"), list) and isinstance(node.get("layout"), dict):
            yield node
        for value in node.values():
            yield from _figures(value)
    elif isinstance(node, list):
        for item in node:
            yield from _figures(item)


def _explains_itself(figure: dict[str, Any]) -> bool:
    return bool(figure["data"]) or any(a.get("text") for a in figure["layout"].get("annotations") or [])


def _sweep(client: FlaskClient, search: str, lang: str, tracebacks: _Tracebacks) -> list[str]:
    """Send every callback for one state; the problems found, each naming its callback."""
    dependencies = client.get("/_dash-dependencies").get_json()
    problems = []
    requests = list(callback_requests(dependencies, page_ids(client, search), _values(dependencies, search, "/", lang)))
    assert len(requests) > 40, "too few callbacks exercised: the request builder is broken"
    map_drawn = False
    for request in requests:
        before = len(tracebacks.records)
        response = post(client, request.body)
        body = response.get_data(as_text=True)
        where = f"{request.output} (fired by {request.trigger})"
        if response.status_code not in (200, 204):
            problems.append(f"{where}: status {response.status_code}")
        if FAILED in body:
            problems.append(f"{where}: 'could not be loaded'")
        for record in tracebacks.records[before:]:
            problems.append(f"{where}: logged {record.getMessage()} {record.exc_info[1]!r}" if record.exc_info
                            else f"{where}: logged {record.getMessage()}")
        if response.status_code == 200 and body:
            answer = json.loads(body).get("response", {})
            for figure in _figures(answer):
                if not _explains_itself(figure):
                    problems.append(f"{where}: a figure with no traces and no words")
            drawn = answer.get("district-map-figure", {}).get("data")
            if drawn is not None:
                map_drawn = True
                if not any(trace.get("type") in AREA_TYPES for trace in drawn.get("data", [])):
                    problems.append(f"{where}: the map has no areas")
    if not map_drawn:
        problems.append("the map was never drawn")
    return problems


@pytest.mark.parametrize("role", sorted(Role))
@pytest.mark.parametrize("lang", ["en", "bn"])
def test_rg001_every_callback_answers_every_role_without_an_error(grid_app: dash.Dash, role: Role, lang: str,
                                                                  tracebacks: _Tracebacks) -> None:
    if lang == "bn" and grid_app.server.config["GRID_BACKEND"] == "postgresql":
        # The language changes words and digits, never a query: Bangla is swept on SQLite,
        # and PostgreSQL runs every query of the English sweep (keeps make test short).
        return
    client = client_as(grid_app, USER_OF_ROLE[role])
    # PostgreSQL runs the states whose queries differ most (national, a period, an upazila);
    # SQLite all of them. Both take the same code paths for the rest.
    states = STATES if grid_app.server.config["GRID_BACKEND"] == "sqlite" else {
        name: STATES[name]
        for name in ("landing", "own district, 2019", "an upazila, a timeline step", "a share, one quarter")}
    problems = {name: found for name, search in states.items()
                if (found := _sweep(client, search, lang, tracebacks))}
    assert not problems, f"{role} in {lang}:\n" + "\n".join(
        f"  [{name}] {problem}" for name, found in problems.items() for problem in found)


def _page(client: FlaskClient, path: str) -> str:
    """The router's answer for ``path`` (the page's layout, or the "not permitted" notice)."""
    dependencies = client.get("/_dash-dependencies").get_json()
    router = next(cb for cb in dependencies if "page-content.children" in cb["output"])
    outputs = router["output"][2:-2].split("...") if router["output"].startswith("..") else [router["output"]]
    return post(client, {
        "output": router["output"],
        "outputs": [{"id": o.rpartition(".")[0], "property": o.rpartition(".")[2]} for o in outputs],
        "inputs": [{"id": "page-url", "property": "pathname", "value": path}],
        "state": [{"id": "page-url", "property": "search", "value": f"?{OWN}"},
                  {"id": "language-store", "property": "data", "value": "en"}],
        "changedPropIds": ["page-url.pathname"]}).get_data(as_text=True)


@pytest.mark.parametrize("role", sorted(Role))
def test_rg002_each_role_opens_exactly_the_pages_it_may(grid_app: dash.Dash, role: Role,
                                                        tracebacks: _Tracebacks) -> None:
    client = client_as(grid_app, USER_OF_ROLE[role])
    refused = t("page.not_permitted", "en")
    for page in dash.page_registry.values():
        body = _page(client, page["path"])
        assert FAILED not in body
        assert (refused in body) == (page["permission"] not in GRANTS[role]), (role, page["path"])
    assert not tracebacks.records


def test_rg003_the_grid_reaches_the_small_counts(grid_app: dash.Dash) -> None:
    """The grid's data is what makes it worth running: Sylhet's upazilas in 2019 hold counts
    of 1 to 4 (headquarters sees them), which a DCC member's answers publish as 0 or 5 or more."""
    search = STATES["own district, 2019"]

    def upazila_counts(role: Role) -> list[int]:
        client = client_as(grid_app, USER_OF_ROLE[role])
        dependencies = client.get("/_dash-dependencies").get_json()
        render = [cb for cb in dependencies if "district-map-figure.data" in cb["output"]]
        request = next(iter(callback_requests(render, page_ids(client, search), _values(render, search, "/", "en"))))
        answer = json.loads(post(client, request.body).get_data(as_text=True))["response"]
        figure = answer["district-map-figure"]["data"]
        areas = [trace for trace in figure["data"] if trace.get("type") in AREA_TYPES and trace.get("customdata")]
        return [int(custom[1].replace(",", "")) for trace in areas for custom in trace["customdata"]
                if len(custom) > 1 and custom[1].replace(",", "").isdigit()]

    assert any(1 <= n <= 4 for n in upazila_counts(Role.HQ_ANALYST))
    member = upazila_counts(Role.DCC_MEMBER)
    assert member and not any(1 <= n <= 4 for n in member)
    assert Action.SEE_SMALL_COUNTS not in GRANTS[Role.DCC_MEMBER]
