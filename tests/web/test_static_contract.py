"""The static-file contract: kept for a year exactly when the address changes with the file.

Addresses are read from what the app hands the browser (the page's links and ``_dash-config``),
never written by hand, so a Dash upgrade that changes them is checked as it is.
"""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from dash import Dash
from flask.testing import FlaskClient

from dashboard.app import create_app
from dashboard.config import Settings
from tests.clients import client_as

IMMUTABLE = "max-age=31536000"


@pytest.fixture
def app(known_settings: Settings) -> Dash:
    return create_app(known_settings)


@pytest.fixture
def client(app: Dash) -> FlaskClient:
    return client_as(app, "viewer")


def kept_a_year(header: str | None) -> bool:
    """Whether a Cache-Control value lets the browser keep the file a year without asking."""
    parts = {p.strip() for p in (header or "").split(",")}
    return {"public", IMMUTABLE, "immutable"} <= parts and "no-cache" not in parts


def page_links(client: FlaskClient) -> list[str]:
    """Every script and stylesheet address the map page links."""
    return re.findall(r'(?:src|href)="(/[^"]+)"', client.get("/").get_data(as_text=True))


def test_hc010_fingerprinted_bundles_are_immutable(client: FlaskClient) -> None:
    suites = [u for u in page_links(client) if u.startswith("/_dash-component-suites/")]
    assert len(suites) >= 8  # renderer, React, dcc, html, table, Bootstrap components
    for address in suites:
        response = client.get(address)
        assert response.status_code == 200, address
        assert kept_a_year(response.headers.get("Cache-Control")), (address, response.headers.get("Cache-Control"))
        # A re-signed session cookie would make every cached copy miss (and leak through proxies).
        assert "Set-Cookie" not in response.headers and "cookie" not in response.headers.get("Vary", "").lower()


def test_hc011_plotly_comes_from_an_address_named_by_its_content(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    config = json.loads(re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', page,
                                  re.S).group(1))
    plotly = config["plotlyjs_url"]  # what the renderer loads Plotly from
    assert "plotly.min.js" not in page and "package_data" not in plotly  # never the full bundle
    response = client.get(plotly, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.headers.get("Content-Encoding") == "gzip"
    assert kept_a_year(response.headers["Cache-Control"]) and "Set-Cookie" not in response.headers
    assert "cookie" not in response.headers.get("Vary", "").lower()
    # The address names the content: its hash is of the bytes served.
    body = client.get(plotly).data
    assert hashlib.sha256(body).hexdigest()[:16] in plotly.rsplit("/", 1)[1]
    again = client.get(plotly, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and not again.data and "Set-Cookie" not in again.headers
    # Another hash (a page from before a deploy) still gets Plotly, but asked again each time.
    older = re.sub(r"-[0-9a-f]{16}\.min\.js$", "-0123456789abcdef.min.js", plotly)
    assert older != plotly
    stale = client.get(older)
    assert stale.status_code == 200 and stale.data == body and not kept_a_year(stale.headers.get("Cache-Control"))
    assert "no-cache" in stale.headers["Cache-Control"]
    assert client.get(plotly.replace(".min.js", ".js")).status_code == 404


def test_hc012_unfingerprinted_responses_are_not_kept(client: FlaskClient) -> None:
    # Dash's lazily loaded chunks are requested without a fingerprint (Dash 4.4).
    chunk = client.get("/_dash-component-suites/dash/dcc/async-graph.js")
    assert chunk.status_code == 200 and not kept_a_year(chunk.headers.get("Cache-Control"))
    for address in ("/", "/gaps", "/login", "/_dash-layout", "/_dash-dependencies"):
        response = client.get(address)
        assert response.status_code == 200, address
        assert "immutable" not in (response.headers.get("Cache-Control") or ""), address
        assert "max-age=31536000" not in (response.headers.get("Cache-Control") or ""), address
    callback = client.post("/_dash-update-component", json={})
    assert "immutable" not in (callback.headers.get("Cache-Control") or "")


def test_hc013_assets_are_immutable_only_at_their_current_version(client: FlaskClient) -> None:
    linked = [u for u in page_links(client) if u.startswith("/assets/") and "?m=" in u]
    assert any(u.startswith("/assets/app.css?m=") for u in linked)
    for address in linked:
        response = client.get(address)
        assert kept_a_year(response.headers.get("Cache-Control")), address
        assert "Set-Cookie" not in response.headers and "cookie" not in response.headers.get("Vary", "").lower()
    # An address naming another version (an older file, a rolling deploy) is not pinned.
    stale = client.get("/assets/app.css?m=1.5")
    assert stale.status_code == 200 and not kept_a_year(stale.headers.get("Cache-Control"))
    assert stale.cache_control.max_age == 7 * 24 * 3600


def test_hc014_boundaries_are_kept_a_week_and_revalidated(client: FlaskClient) -> None:
    response = client.get("/geodata/districts.geojson")
    assert response.status_code == 200
    assert response.cache_control.max_age == 7 * 24 * 3600 and not response.cache_control.immutable
    assert client.get("/geodata/districts.geojson",
                      headers={"If-None-Match": response.headers["ETag"]}).status_code == 304
