"""The read API: token auth, the same figures as the CLI, scope, suppression and JSON errors."""

from __future__ import annotations

from dataclasses import replace

import pytest
from flask.testing import FlaskClient

from dashboard.app import create_app
from dashboard.commands.accounts import create_token, revoke_tokens
from dashboard.config import Settings
from dashboard.core.indicators import INDICATOR_KEYS
from dashboard.db import Database
from tests import known_data as known

SYLHET, KHULNA, GOLAPGANJ = "BD6091", "BD4047", "BD60910038"


def _token(settings: Settings, username: str) -> str:
    database = Database(settings.database_url)
    with database.session() as session:
        token = create_token(session, username)
    database.dispose()
    return token


@pytest.fixture
def client(known_settings: Settings) -> FlaskClient:
    return create_app(known_settings).server.test_client()


def _get(client: FlaskClient, path: str, token: str | None) -> tuple[int, object]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = client.get(path, headers=headers)
    assert response.mimetype == "application/json" and response.headers["Cache-Control"] == "no-store"
    return response.status_code, response.get_json()


def test_ap001_summary_has_the_cli_keys_and_counts_what_the_data_holds(client: FlaskClient,
                                                                       known_settings: Settings) -> None:
    status, body = _get(client, "/api/v1/areas/BD/summary", _token(known_settings, "hq"))
    assert status == 200 and body["pcode"] == "BD"  # type: ignore[index]
    assert set(INDICATOR_KEYS) <= set(body)  # type: ignore[arg-type]
    assert body["returnees_profiled"] == known.RETURNEES and body["migration_fairs"] == known.FAIRS  # type: ignore[index]
    status, sylhet = _get(client, f"/api/v1/areas/{SYLHET}/summary?from=2018-01-01&until=2018-12-31",
                          _token(known_settings, "hq"))
    assert status == 200 and sylhet["returnees_profiled"] == known.SYLHET_WOMEN + known.SYLHET_MEN  # type: ignore[index]


def test_ap002_children_list_each_district_or_upazila(client: FlaskClient, known_settings: Settings) -> None:
    token = _token(known_settings, "hq")
    status, districts = _get(client, "/api/v1/areas/BD/children", token)
    assert status == 200 and len(districts) == 64  # type: ignore[arg-type]
    by_pcode = {row["pcode"]: row for row in districts}  # type: ignore[union-attr]
    assert by_pcode[KHULNA]["returnees_profiled"] == known.KHULNA_MEN and by_pcode[KHULNA]["name_bn"] == "খুলনা"
    status, upazilas = _get(client, f"/api/v1/areas/{SYLHET}/children", token)
    assert {row["pcode"] for row in upazilas if row["returnees_profiled"]} == {GOLAPGANJ}  # type: ignore[union-attr]
    assert _get(client, f"/api/v1/areas/{GOLAPGANJ}/children", token)[0] == 404


def test_ap003_errors_are_json_with_the_right_status(client: FlaskClient, known_settings: Settings) -> None:
    officer = _token(known_settings, "officer")
    assert _get(client, "/api/v1/areas/BD/summary", None)[0] == 401
    assert _get(client, "/api/v1/areas/BD/summary", "pt_not-a-token")[0] == 401
    assert _get(client, f"/api/v1/areas/{KHULNA}/summary", officer) == (403, {
        "error": f"{KHULNA} is outside your districts", "status": 403})
    assert _get(client, "/api/v1/areas/BD/children", officer)[0] == 403
    assert _get(client, f"/api/v1/providers?district={KHULNA}", officer)[0] == 403
    assert _get(client, "/api/v1/areas/BD9999/summary", officer)[0] == 404
    assert _get(client, "/api/v1/areas/Sylhet/summary", officer)[0] == 400
    assert _get(client, f"/api/v1/areas/{SYLHET}/summary?from=2019-02-30", officer)[0] == 400
    assert _get(client, f"/api/v1/areas/{SYLHET}/summary?from=2019-12-01&until=2019-01-01", officer)[0] == 400


def test_ap004_a_district_user_sees_only_their_district_with_small_counts_perturbed(
        known_settings: Settings) -> None:
    client = create_app(replace(known_settings, suppression_threshold=6)).server.test_client()
    officer = _token(known_settings, "officer")
    status, body = _get(client, f"/api/v1/areas/{SYLHET}/summary", officer)
    # Sylhet's 5 returnees (3 + 2): under the threshold of 6, each count is published as 0 or 6,
    # never as itself, and the answer says which values are perturbed.
    assert status == 200
    for key in ("returnees_profiled", "returnees_eu", "returnees_transit"):
        assert body[key] in (0, 6), key  # type: ignore[index]
    assert "returnees_profiled" in body["perturbed"] and "migration_fairs" not in body["perturbed"]  # type: ignore[index]
    assert _get(client, f"/api/v1/areas/{SYLHET}/summary", officer)[1] == body  # asked again: the same
    hq = _get(client, f"/api/v1/areas/{SYLHET}/summary", _token(known_settings, "hq"))[1]
    assert hq["returnees_profiled"] == known.SYLHET_WOMEN + known.SYLHET_MEN  # type: ignore[index]
    assert hq["perturbed"] == []  # type: ignore[index]
    providers = _get(client, "/api/v1/providers", officer)[1]
    assert known.KHULNA_PROVIDER not in str(providers)


def test_ap005_a_revoked_token_opens_nothing(client: FlaskClient, known_settings: Settings) -> None:
    token = _token(known_settings, "viewer")
    assert _get(client, "/api/v1/areas/BD/summary", token)[0] == 200
    database = Database(known_settings.database_url)
    with database.session() as session:
        revoke_tokens(session, "viewer")
    database.dispose()
    assert _get(client, "/api/v1/areas/BD/summary", token)[0] == 401


def test_ap006_a_token_does_not_open_the_pages(client: FlaskClient, known_settings: Settings) -> None:
    token = _token(known_settings, "hq")
    assert client.get("/", headers={"Authorization": f"Bearer {token}"}).status_code == 302
    assert client.get("/_dash-layout", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_ap007_every_endpoint_is_in_the_openapi_file(known_settings: Settings) -> None:
    from dashboard.config import PROJECT_ROOT

    spec = (PROJECT_ROOT / "docs" / "openapi.yaml").read_text(encoding="utf-8")
    rules = [r.rule for r in create_app(known_settings).server.url_map.iter_rules() if r.rule.startswith("/api/v1")]
    assert len(rules) == 3
    for rule in rules:
        assert f"  {rule.removeprefix('/api/v1').replace('<', '{').replace('>', '}')}:" in spec, rule
