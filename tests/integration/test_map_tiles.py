"""With online tiles configured, MapLibre draws the map over them (dashboard/figures/svg_map.py).

Without tiles the maps are Plotly's SVG maps (every other browser test); here a tile server of the
test's own, on another origin, stands in for the operator's, so the MapLibre build, the page's
choice of it and the content security policy that must let its tiles in are all checked.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from dash.testing.composite import DashComposite

from dashboard.app import create_app
from dashboard.config import Settings
from tests.integration.helpers import sign_in, until, wait_for_plots

TILE = (Path(__file__).resolve().parents[2] / "assets" / "icons" / "icon-192.png").read_bytes()
_GRAPH = "document.querySelector('#district-map .js-plotly-plot')"


class _Tiles(BaseHTTPRequestHandler):
    asked: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).asked.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Access-Control-Allow-Origin", "*")  # MapLibre fetches tiles with CORS
        self.send_header("Content-Length", str(len(TILE)))
        self.end_headers()
        self.wfile.write(TILE)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def tile_server() -> Iterator[str]:
    _Tiles.asked.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Tiles)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://localhost:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def test_mt001_a_dcc_member_s_map_is_drawn_by_maplibre_over_the_configured_tiles(
        dash_duo: DashComposite, known_settings: Settings, tile_server: str) -> None:
    settings = replace(known_settings, tile_url=tile_server + "/{z}/{x}/{y}.png", tile_attribution="Test tiles")
    sign_in(dash_duo, create_app(settings), "member", "/?district=BD6091")
    dash_duo.wait_for_element("#district-map .maplibregl-canvas", timeout=30)
    until(dash_duo, lambda: dash_duo.driver.execute_script(
        f"const g = {_GRAPH}; return !!g && !!g.data && g.data.some(t => t.type === 'choroplethmap'"
        " && t.locations.length > 0);"), timeout=30)
    wait_for_plots(dash_duo, timeout=30)
    until(dash_duo, lambda: len(_Tiles.asked) > 0, timeout=20)  # the tiles came through the policy
    assert all(path.endswith(".png") and path.count("/") == 3 for path in _Tiles.asked)
    assert dash_duo.driver.execute_script(
        "return [...document.querySelectorAll('script[type=module], link[rel=modulepreload]')]"
        ".some(e => /maplibre-gl\\.mjs$/.test(e.href || e.src || ''));")
    assert "Test tiles" in dash_duo.find_element("#district-map").text  # the attribution is shown
    assert dash_duo.get_logs() == []
