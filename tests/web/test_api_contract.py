"""The read API against its contract, docs/openapi.yaml, checked by the tools its clients use.

The document must load as YAML and validate as OpenAPI 3 (a client's code generator reads it,
not our substring search); its paths must be the app's; and schemathesis, driving the app in
process with real tokens, must find no request the contract allows that the server answers with
a 5xx, an undocumented status, another content type or a body outside the documented schema,
and no request the contract forbids that the server accepts.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
import schemathesis
import yaml
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from dashboard.app import create_app
from dashboard.config import PROJECT_ROOT, Settings
from tests.web.test_api import SYLHET, _token

SPEC = PROJECT_ROOT / "docs" / "openapi.yaml"
PREFIX = "/api/v1"
# The checks a contract test makes of every answer; not_a_server_error is schemathesis' own.
CHECKS = [schemathesis.checks.not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]
# Enough to reach every branch of three small read endpoints; derandomized, so a failure is the
# same failure on every run and machine.
EXAMPLES = 25
CONTRACT_SETTINGS = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                             suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                                    HealthCheck.function_scoped_fixture])


def _document() -> dict[str, Any]:
    return yaml.safe_load(SPEC.read_text(encoding="utf-8"))


@pytest.fixture
def server(known_settings: Settings) -> Flask:
    """The app's Flask server on the hand-countable data set."""
    return create_app(known_settings).server


def _is_json_error(response: Any, status: int) -> dict[str, Any]:
    """The body of a documented error answer, after checking its status and shape."""
    assert response.status_code == status, response.get_data(as_text=True)[:200]
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error", "status"} and body["status"] == status and body["error"]
    return body


def test_ac001_the_document_is_yaml_and_valid_openapi() -> None:
    document = _document()
    validate(document)  # raises with the first error
    assert document["servers"] == [{"url": PREFIX}]


def test_ac002_the_documented_paths_are_the_apps(server: Flask) -> None:
    rules = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix(PREFIX))
             for rule in server.url_map.iter_rules() if rule.rule.startswith(PREFIX + "/")}
    assert rules == set(_document()["paths"])
    methods = {rule.rule: rule.methods for rule in server.url_map.iter_rules() if rule.rule.startswith(PREFIX)}
    assert all(allowed == {"GET", "HEAD", "OPTIONS"} for allowed in methods.values()), methods
    assert all(set(operations) == {"get"} for operations in _document()["paths"].values())


@pytest.fixture(params=["hq", "officer"])
def caller(request: pytest.FixtureRequest, server: Flask, known_settings: Settings) -> tuple[Flask, dict[str, str]]:
    """The app and the headers of one user's requests: headquarters, then a Sylhet district officer."""
    # Identity: schemathesis asks for gzip, which the app gives (Flask-Compress) and an HTTP client
    # undoes, but the in-process WSGI transport hands the compressed bytes to the checks as they are.
    return server, {"Authorization": f"Bearer {_token(known_settings, request.param)}",
                    "Accept-Encoding": "identity"}


# Loaded at import: schema.parametrize() makes one test per operation at collection. (The lazy
# schemathesis.pytest.from_fixture does not run under pytest 9: it reads Function._nodeid.)
schema = schemathesis.openapi.from_path(SPEC)
# Both what the contract allows (each answer must be as documented) and what it forbids (each
# must be refused with a 4xx): the coverage phase adds the edges, e.g. empty, null and repeated
# values, other methods, unknown parameters. The token is ours, so no Authorization is generated.
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                                with_security_parameters=False)


@schema.parametrize()
@CONTRACT_SETTINGS
def test_ac003_every_request_is_answered_as_the_document_says(case: Any,
                                                               caller: tuple[Flask, dict[str, str]]) -> None:
    """Examples (the document's BD6091 and 2018 dates), edge cases and generated requests, for each
    operation and user: mostly P-codes of no area (404) or outside a district user's scope (403)."""
    server, headers = caller
    case.call_and_validate(app=server, headers=headers, checks=CHECKS, additional_checks=[negative_data_rejection])


@pytest.mark.parametrize("user", ["hq", "officer"])
def test_ac004_figures_in_scope_are_what_the_schema_describes(known_settings: Settings, user: str) -> None:
    """The generated P-codes seldom hit an area in scope; these do. With every count under the
    threshold, a district user's figures are all perturbed and must still be the documented ``Count``."""
    client: FlaskClient = create_app(replace(known_settings, suppression_threshold=10)).server.test_client()
    headers = {"Authorization": f"Bearer {_token(known_settings, user)}"}
    for path in (f"/api/v1/areas/{SYLHET}/summary", f"/api/v1/areas/{SYLHET}/children",
                 f"/api/v1/providers?district={SYLHET}"):
        response = client.get(path, headers=headers)
        assert response.status_code == 200 and response.mimetype == "application/json", path
        documented = path.partition("?")[0].removeprefix(PREFIX).replace(SYLHET, "{pcode}")
        schema[documented]["GET"].validate_response(response)
    figures = client.get(f"/api/v1/areas/{SYLHET}/summary", headers=headers).get_json()
    # Sylhet's 5 returnees: exact at headquarters; for the officer 0 or 10 (under the threshold of 10).
    assert figures["returnees_profiled"] in ((5,) if user == "hq" else (0, 10))
    assert bool(figures["perturbed"]) == (user == "officer")


def test_ac005_unknown_paths_under_api_are_json_404s(server: Flask, known_settings: Settings) -> None:
    client: FlaskClient = server.test_client()
    headers = {"Authorization": f"Bearer {_token(known_settings, 'hq')}"}
    for path in ("/api/v1/nope", "/api/nope", "/api/v1/providers/", "/api/v2/areas/BD/summary"):
        _is_json_error(client.get(path, headers=headers), 404)
        _is_json_error(client.post(path, headers=headers), 404)
    _is_json_error(client.get("/api/v1/nope"), 404)  # no token: still a 404, and not the sign-in page


def test_ac006_other_methods_are_json_405s_with_allow(server: Flask, known_settings: Settings) -> None:
    client: FlaskClient = server.test_client()
    headers = {"Authorization": f"Bearer {_token(known_settings, 'hq')}"}
    for path in ("/api/v1/areas/BD/summary", "/api/v1/areas/BD/children", "/api/v1/providers"):
        for method in ("POST", "PUT", "PATCH", "DELETE"):
            response = client.open(path, method=method, headers=headers)
            _is_json_error(response, 405)
            assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert client.get("/api/v1/areas/BD/summary", headers=headers).status_code == 200


def _documented_day(text: str) -> bool:
    """Whether the document's ``Day`` (its pattern and ``format: date``) takes ``text``."""
    pattern = _document()["components"]["schemas"]["Day"]["pattern"]
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return re.search(pattern, text) is not None


def test_ac007_empty_and_out_of_range_values_are_json_400s(server: Flask, known_settings: Settings) -> None:
    """The rule of the document's ``Day``: a real day of 2000-2099, written YYYY-MM-DD; nothing else."""
    client: FlaskClient = server.test_client()
    headers = {"Authorization": f"Bearer {_token(known_settings, 'hq')}"}
    for query in ("until=", "from=", "from=1999-12-31", "until=2100-01-01", "from=2019-W01-1", "from=20190101",
                  "from=2019-1-01", "from=২০১৯-০১-০১", "from=2019-02-29"):
        _is_json_error(client.get(f"/api/v1/areas/BD/summary?{query}", headers=headers), 400)
        assert not _documented_day(query.partition("=")[2]), query
    for query in ("from=2000-01-01", "until=2099-12-31", "from=2020-02-29&until=2020-02-29"):
        assert client.get(f"/api/v1/areas/BD/summary?{query}", headers=headers).status_code == 200, query
        assert all(_documented_day(part.partition("=")[2]) for part in query.split("&"))
    for query in ("district=", "district=BD", "district=BD60910038", "district=BD৬০৯১"):
        _is_json_error(client.get(f"/api/v1/providers?{query}", headers=headers), 400)
    _is_json_error(client.get("/api/v1/providers?district=BD9999", headers=headers), 404)
    # A misspelt or repeated filter is refused, not ignored (which would answer for every day).
    for query in ("untill=2019-01-01", "from=2019-01-01&from=2019-02-01", "district=BD6091"):
        _is_json_error(client.get(f"/api/v1/areas/BD/summary?{query}", headers=headers), 400)
    _is_json_error(client.get("/api/v1/areas/BD৬০/summary", headers=headers), 400)


def test_ac008_no_token_is_a_json_401_on_every_path(server: Flask) -> None:
    client: FlaskClient = server.test_client()
    for path in _document()["paths"]:
        _is_json_error(client.get(PREFIX + path.replace("{pcode}", "BD")), 401)


def test_ac009_a_failure_is_a_json_500_that_tells_nothing(server: Flask, known_settings: Settings,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(_filters: object) -> None:
        raise RuntimeError("connection to server at 10.0.0.5 refused")

    monkeypatch.setattr("dashboard.web.routes.api.programme_figures", fail)
    client: FlaskClient = server.test_client()
    headers = {"Authorization": f"Bearer {_token(known_settings, 'hq')}"}
    body = _is_json_error(client.get("/api/v1/areas/BD/summary", headers=headers), 500)
    assert "10.0.0.5" not in body["error"]
