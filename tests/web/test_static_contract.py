"""The static-file contract: kept for a year exactly when the address changes with the file.

Addresses are read from what the app hands the browser (the page's links and ``_dash-config``),
never written by hand, so a Dash upgrade that changes them is checked as it is.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from pathlib import Path

import brotli
import pytest
from dash import Dash
from flask.testing import FlaskClient

from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.web import plotly_bundle
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


TILES = "https://tiles.example.org/{z}/{x}/{y}.png"


@pytest.mark.parametrize("tile_url", ["", TILES], ids=["svg-maps", "maplibre-over-tiles"])
def test_hc011_plotly_comes_from_an_address_named_by_its_content(known_settings: Settings, tile_url: str) -> None:
    from dataclasses import replace

    client = client_as(create_app(replace(known_settings, tile_url=tile_url)), "viewer")
    page = client.get("/").get_data(as_text=True)
    config = json.loads(re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', page,
                                  re.S).group(1))
    plotly = config["plotlyjs_url"]  # what the page imports Plotly from (assets/00_plotly.js)
    assert "plotly.min.js" not in page and "package_data" not in plotly  # never the full bundle
    # The head names the entry and, over tiles, the modules it and MapLibre's worker import, from
    # one folder (assets/00_plotly.js preloads them); without tiles the maps are SVG and MapLibre
    # is never named (figures/svg_map).
    named_list = re.search(rf'<meta name="{plotly_bundle.MODULE_LIST}" content="([^"]+)">', page)
    assert named_list, "the page names no Plotly modules"
    preloaded = named_list.group(1).split()
    folder = plotly.rsplit("/", 1)[0]
    names = [u.rsplit("/", 1)[1] for u in preloaded]
    expected = (["plotly.mjs", "maplibre-gl.mjs", "maplibre-gl-shared.mjs", "maplibre-gl-worker.mjs"] if tile_url
                else ["plotly-svg.mjs"])
    assert plotly == preloaded[0] and names == expected and all(u.rsplit("/", 1)[0] == folder for u in preloaded)
    bodies: dict[str, bytes] = {}
    for address in preloaded:
        response = client.get(address, headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
        assert response.status_code == 200 and response.headers.get("Content-Encoding") == "br", address
        assert response.mimetype == "text/javascript"
        assert kept_a_year(response.headers["Cache-Control"]) and "Set-Cookie" not in response.headers
        assert "accept-encoding" in response.headers.get("Vary", "").lower()
        assert "cookie" not in response.headers.get("Vary", "").lower()
        bodies[address] = brotli.decompress(response.data)
        plain = client.get(address, headers={"Accept-Encoding": "identity"})
        assert plain.headers.get("Content-Encoding") is None and plain.data == bodies[address]
        gzipped = client.get(address, headers={"Accept-Encoding": "gzip"})
        assert gzipped.headers.get("Content-Encoding") == "gzip" and gzip.decompress(gzipped.data) == bodies[address]
        # Each tag names its encoding's bytes, and is answered without them when unchanged.
        for headers, tagged in (({"Accept-Encoding": "br"}, response), ({"Accept-Encoding": "gzip"}, gzipped)):
            again = client.get(address, headers={**headers, "If-None-Match": tagged.headers["ETag"]})
            assert again.status_code == 304 and not again.data and "Set-Cookie" not in again.headers
        assert response.headers["ETag"] != gzipped.headers["ETag"] != plain.headers["ETag"]
    entry = bodies[plotly].decode()
    if tile_url:
        # The entry imports the map beside it; the worker is started from the module beside it.
        assert '"./maplibre-gl.mjs"' in entry and '"./maplibre-gl-worker.mjs"' in entry
    else:
        assert "maplibre" not in entry.lower()
    # The folder names the content of every module, both sets': change any module's bytes and
    # its address changes.
    for name in set(plotly_bundle.MODULES) - set(names):
        bodies[f"{folder}/{name}"] = client.get(f"{folder}/{name}", headers={"Accept-Encoding": "identity"}).data
    digests = {address.rsplit("/", 1)[1]: hashlib.sha256(body).hexdigest() for address, body in bodies.items()}
    named = hashlib.sha256("".join(digests[name] for name in plotly_bundle.MODULES).encode()).hexdigest()[:16]
    assert folder.endswith(f"-{named}")
    # Another hash (a page from before a deploy) still gets the modules, but asked again each time.
    older = re.sub(r"-[0-9a-f]{16}$", "-0123456789abcdef", folder) + "/" + names[0]
    assert older != plotly
    stale = client.get(older, headers={"Accept-Encoding": "identity"})
    assert stale.status_code == 200 and stale.data == bodies[plotly]
    assert not kept_a_year(stale.headers.get("Cache-Control")) and "no-cache" in stale.headers["Cache-Control"]
    for unknown in (f"{folder}/plotly.js", f"{folder}/THIRD-PARTY-LICENSES.txt", f"{folder}/plotly.mjs.br",
                    folder.replace("plotly-", "plotly-x") + "/plotly.mjs"):
        assert client.get(unknown).status_code == 404, unknown


def test_hc015_dash_scripts_travel_at_brotli_best(client: FlaskClient) -> None:
    """Dash's bundles, fingerprinted or not, go Brotli-compressed to a browser that takes it (the
    same bytes, about a fifth smaller than the fast compression other responses get), keep their
    cache lifetime and are answered by tag when unchanged; other browsers get the usual encodings."""
    links = page_links(client)
    suites = [u for u in links if u.startswith("/_dash-component-suites/") and u.endswith(".js")]
    core = next(u for u in suites if "dash_core_components.v" in u)
    # The app's own style sheets and scripts too: Bootstrap's holds back the first paint.
    bootstrap = next(u for u in links if u.startswith("/assets/00_bootstrap.min.css?m="))
    offline = next(u for u in links if u.startswith("/assets/01_offline.js?m="))
    for address in (core, "/_dash-component-suites/dash/dcc/async-graph.js", bootstrap, offline):
        plain = client.get(address, headers={"Accept-Encoding": "identity"})
        assert plain.status_code == 200 and "Content-Encoding" not in plain.headers
        best = client.get(address, headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
        assert best.headers.get("Content-Encoding") == "br" and brotli.decompress(best.data) == plain.data
        assert "accept-encoding" in best.headers.get("Vary", "").lower()
        assert len(best.data) < 0.35 * len(plain.data), address
        zstd_size = len(client.get(address, headers={"Accept-Encoding": "zstd"}).data)
        assert len(best.data) < 0.95 * zstd_size, address  # what Chromium got before
        assert kept_a_year(best.headers.get("Cache-Control")) == kept_a_year(plain.headers.get("Cache-Control"))
        gzipped = client.get(address, headers={"Accept-Encoding": "gzip"})
        if address.startswith("/assets/"):  # sent from their file: the compression layer streams no gzip
            # (its choice for streamed files, not this app's): whatever comes, the bytes are the file's
            encoding = gzipped.headers.get("Content-Encoding")
            assert (gzip.decompress(gzipped.data) if encoding == "gzip" else gzipped.data) == plain.data
        else:
            assert gzipped.headers.get("Content-Encoding") == "gzip" and gzip.decompress(gzipped.data) == plain.data
    for address in ("/_dash-component-suites/dash/dcc/async-graph.js", bootstrap):
        chunk = client.get(address, headers={"Accept-Encoding": "br"})
        again = client.get(address, headers={"Accept-Encoding": "br", "If-None-Match": chunk.headers["ETag"]})
        assert again.status_code == 304 and not again.data, address
    # A font is sent as it is (WOFF2 is compressed already).
    font = client.get("/assets/fonts/NotoSansBengali-Label.woff2", headers={"Accept-Encoding": "br"})
    assert font.status_code == 200 and "Content-Encoding" not in font.headers


def test_hc016_regenerator_runtime_comes_first_in_place_of_the_babel_polyfill(client: FlaskClient) -> None:
    """Dash's @babel/polyfill (99 kB) is not on the page; the one part of it Dash's scripts use,
    regenerator-runtime as npm publishes it, is the first script, before React and every
    component's, served and kept as Dash's own files are."""
    page = client.get("/").get_data(as_text=True)
    assert "polyfill" not in page
    scripts = re.findall(r'<script src="(/[^"]+)"', page)
    assert re.fullmatch(r"/_dash-component-suites/dashboard\.web\.vendor/regenerator-runtime-0\.14\.1/"
                        r"runtime\.v0_14_1m\d+\.js", scripts[0]), scripts[:3]
    assert "react@" in scripts[1]
    published = (Path(__file__).resolve().parents[2] / "dashboard/web/vendor/regenerator-runtime-0.14.1/runtime.js")
    plain = client.get(scripts[0], headers={"Accept-Encoding": "identity"})
    assert plain.status_code == 200 and plain.mimetype == "text/javascript" and plain.data == published.read_bytes()
    assert b"regeneratorRuntime = runtime" in plain.data  # it makes the global Dash's scripts call
    best = client.get(scripts[0], headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert best.headers.get("Content-Encoding") == "br" and brotli.decompress(best.data) == plain.data
    assert len(best.data) < 8_000  # 29.6 kB for the polyfill
    assert kept_a_year(best.headers.get("Cache-Control")) and "Set-Cookie" not in best.headers
    # Only the files the page names are served from the package.
    assert client.get("/_dash-component-suites/dashboard.web.vendor/__init__.py").status_code == 404


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
