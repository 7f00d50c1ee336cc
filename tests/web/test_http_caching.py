"""Static files are fetched once on a slow line: long-lived when their address changes with them."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path

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


def test_hc002_fonts_have_content_hashed_addresses_kept_a_year(known_settings: Settings) -> None:
    """The style sheet names each font with ?v= and its content's hash (checked here against
    the file itself), the page preloads the very address the style sheet uses, and that address
    is kept a year; a stale or made-up ?v= is not (a changed font must not be pinned)."""
    assets = Path(__file__).resolve().parents[2] / "assets"
    css = (assets / "app.css").read_text(encoding="utf-8")
    named = re.findall(r'url\("(fonts/[^"?]+)\?v=([0-9a-f]+)"\)', css)
    assert len(named) == 5 and not re.search(r'url\("fonts/[^"?]+"\)', css), "a font without its ?v="
    for relative, version in named:
        assert version == hashlib.sha256((assets / relative).read_bytes()).hexdigest()[:12], \
            f"assets/app.css names {relative} with an old hash: update its ?v="
    address = {relative.rsplit("-", 1)[1]: f"/assets/{relative}?v={version}" for relative, version in named}
    regular, label = address["Regular.woff2"], address["Label.woff2"]
    client = client_as(create_app(known_settings), "viewer")
    page = client.get("/").get_data(as_text=True)
    # An English page preloads the button's face only (else the browser fetches it twice); it
    # names the regular Bengali face for the service worker to keep (the bold one costs 74 kB more).
    assert re.findall(r'<link rel="preload" href="([^"]+)" as="font"', page) == [label]
    kept = re.search(r'<meta name="dashboard-fonts" content="([^"]+)">', page)
    assert kept and kept.group(1).split() == [regular]
    # Where pages start in Bangla, the whole face is preloaded too.
    bangla = client_as(create_app(dataclasses.replace(known_settings, default_language="bn")), "viewer")
    assert re.findall(r'<link rel="preload" href="([^"]+)" as="font"',
                      bangla.get("/").get_data(as_text=True)) == [label, regular]
    kept = client.get(regular)
    assert kept.status_code == 200 and kept.cache_control.max_age == 365 * 24 * 3600 and kept.cache_control.immutable
    stale = client.get(regular.split("?v=")[0] + "?v=000000000000")
    assert stale.status_code == 200 and stale.cache_control.max_age == 7 * 24 * 3600
    assert not stale.cache_control.immutable
