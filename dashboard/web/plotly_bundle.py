"""The Plotly that dcc.Graph loads: a bundle with only the traces the dashboard draws (issue 33).

Dash 4.4's renderer never links Plotly in the page: ``dcc.Graph`` loads it the first time a
graph is drawn, from ``window._dashPlotlyJSURL``, which the renderer takes from the page's
``_dash-config`` (``plotlyjs_url`` when that config says it is not serving locally, else the
fixed address of the Python package's full ``plotly.min.js``, 1.4 MB compressed). So the config
names this bundle instead, and the full one is never asked for; Python still serves everything
locally.

The bundle is built from the npm registry by ``make plotly`` (``scripts/plotly_bundle``: the
plotly.js version the Python ``plotly`` package targets, only the traces named there) and
committed in ``dashboard/web/vendor/plotly.js-<version>/``, like Workbox, so the app needs
neither npm nor the internet. It is served at ``/vendor/plotly-<version>-<hash>.min.js``: the
hash is of the file's content, so the address changes exactly when the file does and browsers
keep it a year without asking again (``dashboard.web.http_caching``); the service worker keeps it
the same way (``dashboard/templates/sw.js``). An address naming another hash (a page from before
a deploy) gets the current file, asked again each time.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

import dash
from flask import Blueprint, Flask, Response, abort, request
from flask.typing import ResponseReturnValue

PLOTLY_JS_VERSION = "4.1.1"
BUNDLE = Path(__file__).resolve().parent / "vendor" / f"plotly.js-{PLOTLY_JS_VERSION}" / "plotly-dashboard.min.js"
VENDOR = "vendor/"  # under the app's prefix
YEAR = 365 * 24 * 3600
_NAME = re.compile(rf"plotly-{re.escape(PLOTLY_JS_VERSION)}-[0-9a-f]{{16}}\.min\.js")

blueprint = Blueprint("plotly_bundle", __name__)


@cache
def _content() -> tuple[bytes, str]:
    body = BUNDLE.read_bytes()
    return body, hashlib.sha256(body).hexdigest()


def bundle_name() -> str:
    """The bundle's file name in its address: the plotly.js version and the first 16 hex digits
    of the SHA-256 of its content."""
    return f"plotly-{PLOTLY_JS_VERSION}-{_content()[1][:16]}.min.js"


@blueprint.get("/" + VENDOR + "<name>")
def bundle(name: str) -> ResponseReturnValue:
    """The bundle: kept a year at its current address, asked again each time at an older one."""
    if not _NAME.fullmatch(name):
        abort(404)
    body, digest = _content()
    # The compression layer sends the tag as "<digest>:gzip" (or ":br"), and gets it back so.
    asked = {tag.partition(":")[0] for tag in request.if_none_match.as_set(include_weak=True)}
    # Not send_file: a streamed file would skip the compression (3 MB becomes 0.9 MB). A script
    # either way, so nothing meant for pages (the CSRF cookie) is added to it.
    response = Response(None if digest in asked else body, status=304 if digest in asked else 200,
                        mimetype="text/javascript")
    response.set_etag(digest)
    if name == bundle_name():
        response.cache_control.public = True
        response.cache_control.max_age = YEAR
        response.cache_control.immutable = True
    else:
        response.cache_control.no_cache = True
    return response


def install(app: dash.Dash, server: Flask) -> str:
    """Serve the bundle and make ``dcc.Graph`` load it instead of the full Plotly; returns its address.

    The page's ``_dash-config`` is read only by the renderer, which takes ``plotlyjs_url`` from
    it when ``serve_locally`` is false there; that is the one thing the changed value does.
    """
    server.register_blueprint(blueprint, url_prefix=app.config.routes_pathname_prefix.rstrip("/") or None)
    url = f"{app.config.requests_pathname_prefix}{VENDOR}{bundle_name()}"
    config = app._config

    def _config() -> dict:
        return {**config(), "serve_locally": False, "plotlyjs_url": url}

    app._config = _config
    return url
