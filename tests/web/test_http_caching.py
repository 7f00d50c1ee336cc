"""Static files are fetched once on a slow line: long-lived when their address changes with them."""

from __future__ import annotations

import re

from dashboard.app import create_app
from dashboard.config import Settings
from tests.clients import client_as


def test_hc001_static_files_are_kept_by_the_browser(known_settings: Settings) -> None:
    client = client_as(create_app(known_settings), "viewer")
    linked = re.search(r'href="(/assets/app\.css\?m=[^"]+)"', client.get("/").get_data(as_text=True))
    assert linked, "the page links app.css without its version"
    fingerprinted = client.get(linked.group(1))
    assert fingerprinted.status_code == 200
    assert fingerprinted.cache_control.max_age == 365 * 24 * 3600 and fingerprinted.cache_control.immutable
    assert not fingerprinted.cache_control.no_cache  # else the browser asks again on every visit
    font = client.get("/assets/fonts/NotoSansBengali-Regular.woff2")
    assert font.status_code == 200 and font.cache_control.max_age == 7 * 24 * 3600
    assert not font.cache_control.immutable
    assert client.get("/assets/fonts/NotoSansBengali-Regular.woff2",
                      headers={"If-None-Match": font.headers["ETag"]}).status_code == 304
    # Scripts travel compressed (Dash serves them as text/javascript), Plotly's bundle too.
    page = client.get("/").get_data(as_text=True)
    plotly = re.search(r'"plotlyjs_url": *"([^"]+)"', page)
    assert plotly, "the page names no Plotly"
    script = client.get(plotly.group(1), headers={"Accept-Encoding": "gzip"})
    assert script.headers.get("Content-Encoding") == "gzip"
    assert len(script.data) < 1_000_000  # 3.1 MB as it is
    # Figures about people are never kept.
    assert client.get("/_dash-layout").headers["Cache-Control"] == "no-store"
