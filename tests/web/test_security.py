"""Hardening: headers on every response, size limits, production refusing unsafe settings,
hostile text made inert, and out-of-range dates in a shared link."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dashboard.app import create_app
from dashboard.config import DEFAULT_SECRET_KEY, Settings, load_settings
from dashboard.queries import ProviderPoint
from layers import REGISTRY, LayerView
from layers.providers import ProviderLayerData
from tests.clients import client_as


def test_se001_security_headers_on_every_response(known_settings: Settings) -> None:
    app = create_app(known_settings)
    client = client_as(app, "hq")
    for path in ("/", "/login", "/_dash-layout", "/healthz", "/assets/app.css"):
        headers = client.get(path).headers
        policy = headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'self'" in policy and "unsafe-eval" not in policy
        assert "script-src 'self' 'sha256-" in policy  # inline scripts only by hash
        assert headers["X-Content-Type-Options"] == "nosniff" and headers["X-Frame-Options"] == "SAMEORIGIN"
        assert headers["Referrer-Policy"] == "same-origin"
        assert "Werkzeug" not in headers.get("Server", "") and "Python" not in headers.get("Server", "")


def _directives(policy: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in policy.split(";"))}


@pytest.mark.parametrize("tile_url, origin", [
    ("", None), ("https://tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org"),
    ("http://10.1.2.3:8080/osm/{z}/{x}/{y}.png", "http://10.1.2.3:8080")])
def test_se006_only_the_configured_tile_server_is_let_in(known_settings: Settings, tile_url: str,
                                                        origin: str | None) -> None:
    client = client_as(create_app(replace(known_settings, tile_url=tile_url)), "hq")
    policy = _directives(client.get("/").headers["Content-Security-Policy"])
    outside = {value for values in policy.values() for value in values
               if value.startswith(("http:", "https:")) or "." in value}
    assert outside == ({origin} if origin else set())  # no other host, and none without tiles
    if origin:
        assert origin in policy["img-src"] and origin in policy["connect-src"]
        assert origin not in policy["script-src"] and origin not in policy["default-src"]


def test_se002_bodies_above_the_limit_are_refused_with_413(known_settings: Settings) -> None:
    app = create_app(replace(known_settings, max_request_bytes=1000, max_upload_bytes=5000))
    client = client_as(app, "hq")
    too_big = client.post("/_dash-update-component", data=b"x" * 1001, content_type="application/json")
    assert too_big.status_code == 413 and "larger than this server accepts" in too_big.get_data(as_text=True)
    assert app.server.test_client().post("/login", data={"username": "x" * 2000}).status_code == 413


@pytest.mark.parametrize("change, reason", [
    ({"secret_key": DEFAULT_SECRET_KEY}, "SECRET_KEY"),
    ({"secret_key": "short"}, "SECRET_KEY"),
    ({"secret_key": "k" * 40, "debug": True}, "DEBUG"),
])
def test_se003_production_refuses_unsafe_settings_and_says_why(tmp_path: object, change: dict[str, object],
                                                               reason: str) -> None:
    settings = load_settings({}, database_url=f"sqlite:///{tmp_path}/p.db", env="production", **change)
    with pytest.raises(SystemExit, match=reason):
        create_app(settings)


def test_se004_development_never_signs_sessions_with_a_known_key(tmp_path: object) -> None:
    app = create_app(load_settings({}, database_url=f"sqlite:///{tmp_path}/d.db"))
    assert app.server.secret_key != DEFAULT_SECRET_KEY and len(app.server.secret_key) >= 32


def test_se005_hostile_text_in_hovers_is_escaped() -> None:
    point = ProviderPoint(1, '<a href="javascript:alert(1)">x</a>', "<b>org</b>", "ngo", "BD40470030", 22.8,
                          89.4, "<img src=x onerror=alert(1)>", ("legal_support",))
    traces = REGISTRY["providers"].traces(ProviderLayerData(points=[point]), LayerView(district="BD4047"))
    text = str([trace.customdata for trace in traces if trace.customdata is not None])
    assert "<a href" not in text and "<img" not in text and "&lt;a href=" in text


def test_se006_dates_far_outside_the_programme_in_a_link_do_not_break_the_cards(known_settings: Settings) -> None:
    from tests.dash_requests import post

    client = client_as(create_app(known_settings), "hq")
    deps = client.get("/_dash-dependencies").get_json()
    cards = next(cb for cb in deps if cb["output"].startswith("..kpi-cards.children"))
    for search in ("?from=0001-01-01&to=9999-12-31", "?from=2019-12-31&to=2019-01-01"):
        response = post(client, {
            "output": cards["output"], "changedPropIds": ["map-state.search"], "state": [],
            "outputs": [{"id": "kpi-cards", "property": "children"}, {"id": "kpi-heading", "property": "children"},
                        {"id": "kpi-period", "property": "children"}],
            "inputs": [{"id": "map-state", "property": "search", "value": search},
                       {"id": "map-language", "property": "data", "value": "en"}]})
        assert response.status_code == 200, search
    assert "before it starts" in response.get_data(as_text=True)
