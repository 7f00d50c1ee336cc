"""Static files are fetched once on a slow line: long-lived when their address changes with them."""

from __future__ import annotations

from dashboard.app_factory import create_app
from dashboard.config import Settings
from tests.clients import client_as


def test_hc001_static_files_are_kept_by_the_browser(known_settings: Settings) -> None:
    client = client_as(create_app(known_settings), "viewer")
    fingerprinted = client.get("/assets/app.css?m=1795563530.5")
    assert fingerprinted.status_code == 200
    assert fingerprinted.cache_control.max_age == 365 * 24 * 3600 and fingerprinted.cache_control.immutable
    font = client.get("/assets/fonts/NotoSansBengali-Regular.woff2")
    assert font.status_code == 200 and font.cache_control.max_age == 7 * 24 * 3600
    assert not font.cache_control.immutable
    assert client.get("/assets/fonts/NotoSansBengali-Regular.woff2",
                      headers={"If-None-Match": font.headers["ETag"]}).status_code == 304
    # Figures about people are never kept.
    assert client.get("/_dash-layout").headers["Cache-Control"] == "no-store"
