"""How long browsers keep static files: the slow office connection should fetch each once.

Dash names its own JavaScript bundles with a version and a fingerprint and caches them for a
year. Our ``assets/`` files are linked with ``?m=<modified time>``, so a changed file gets a
new address: those are kept for a year too. Files linked without it (fonts named in the CSS)
are kept for a week, then revalidated by ETag (a 304 costs a few hundred bytes).
"""

from __future__ import annotations

from flask import Flask, Response, request

YEAR = 365 * 24 * 3600
WEEK = 7 * 24 * 3600


def install(server: Flask, assets_path: str = "/assets/") -> None:
    """Set the cache lifetime of every successful response under ``assets_path``."""

    @server.after_request
    def _asset_lifetime(response: Response) -> Response:
        if response.status_code in (200, 304) and request.path.startswith(assets_path):
            response.cache_control.no_cache = None  # Flask's send_file adds it: revalidate every time
            response.cache_control.public = True
            response.cache_control.max_age = YEAR if request.args.get("m") else WEEK
            if request.args.get("m"):
                response.cache_control.immutable = True
        return response
