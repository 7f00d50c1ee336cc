"""The Plotly that dcc.Graph uses: only the traces the dashboard draws, as ES modules (issue 33).

Dash 4.4's renderer never links Plotly in the page: ``dcc.Graph`` loads it the first time a
graph is drawn, from ``window._dashPlotlyJSURL`` (which the renderer takes from the page's
``_dash-config``: ``plotlyjs_url`` when that config says it is not serving locally, else the
fixed address of the Python package's full ``plotly.min.js``, 1.4 MB compressed), unless
``window.Plotly`` is already there. Here it is, from the first script the page runs:
``assets/00_plotly.js`` makes ``window.Plotly`` the import of this module (a promise dcc.Graph
waits for, then the module itself), and preloads the modules the page's head names
(:func:`module_list`) as soon as Dash's own scripts have arrived: on a slow line Plotly then
crosses it while the page asks for its layout and figures, instead of after them, and does not
hold back the scripts that draw the page's first text. The full one is never asked for; Python
still serves everything locally.

The modules are built from the npm registry by ``make plotly`` (``scripts/plotly_bundle``: the
plotly.js version the Python ``plotly`` package targets, only the traces named there) in two
sets: ``plotly-svg.mjs`` alone, whose maps are Plotly's SVG maps, for the default without online
tiles; and ``plotly.mjs`` with MapLibre's own three modules beside it, so its code crosses the
line once (the build explains why), for maps over configured tiles. A page names only its set
(:func:`page_modules`; the figures are converted to match, ``dashboard/figures/svg_map.py``).
Both are committed in ``dashboard/web/vendor/plotly.js-<version>/``, like
Workbox, so the app needs neither npm nor the internet. Each has a copy compressed at Brotli's
highest quality, sent to browsers that accept Brotli.

They are served from ``/vendor/plotly-<version>-<hash>/<module>``: the hash is of every
module's content, so the address changes exactly when one of them does (they import each other
by relative address, so they share it), and browsers keep them a year without asking again
(``dashboard.web.http_caching``); the service worker keeps them the same way
(``dashboard/templates/sw.js``). An address naming another hash (a page from before a deploy)
gets the current files, asked again each time.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

import dash
from flask import Blueprint, Flask, Response, abort, request
from flask.typing import ResponseReturnValue

from dashboard.web import http_caching
from dashboard.web.script_compression import accepts_brotli

PLOTLY_JS_VERSION = "4.1.1"
FOLDER = Path(__file__).resolve().parent / "vendor" / f"plotly.js-{PLOTLY_JS_VERSION}"
ENTRY = "plotly.mjs"  # default export: Plotly, drawing maps with MapLibre (tiles configured)
SVG_ENTRY = "plotly-svg.mjs"  # default export: Plotly, drawing maps as SVG (no tiles, the default)
# Imported by the MapLibre entry (the map and the code the map and its worker share), and by
# MapLibre's worker: the entry's string for the worker imports maplibre-gl-worker.mjs.
MAPLIBRE_MODULES = (ENTRY, "maplibre-gl.mjs", "maplibre-gl-shared.mjs", "maplibre-gl-worker.mjs")
# A page needs one set: its figures are drawn for one of them (dashboard/figures/svg_map.py).
SVG_MODULES = (SVG_ENTRY,)
MODULES = (SVG_ENTRY, *MAPLIBRE_MODULES)
VENDOR = "vendor/"  # under the app's prefix
MODULE_LIST = "dashboard-plotly-modules"  # the <meta> naming them (assets/00_plotly.js)
_FOLDER_NAME = re.compile(rf"plotly-{re.escape(PLOTLY_JS_VERSION)}-[0-9a-f]{{16}}")

blueprint = Blueprint("plotly_bundle", __name__)


@cache
def _module(name: str) -> tuple[bytes, bytes, str]:
    """A module's bytes, its Brotli copy and the SHA-256 of the bytes."""
    body = (FOLDER / name).read_bytes()
    return body, (FOLDER / f"{name}.br").read_bytes(), hashlib.sha256(body).hexdigest()


@cache
def folder_name() -> str:
    """The modules' folder in their address: the plotly.js version and the first 16 hex digits
    of the SHA-256 of every module's own digest (both sets, which share the folder)."""
    combined = hashlib.sha256("".join(_module(name)[2] for name in MODULES).encode()).hexdigest()
    return f"plotly-{PLOTLY_JS_VERSION}-{combined[:16]}"


@blueprint.get("/" + VENDOR + "<folder>/<name>")
def module(folder: str, name: str) -> ResponseReturnValue:
    """One module: kept a year at its current address, asked again each time at an older one."""
    if not _FOLDER_NAME.fullmatch(folder) or name not in MODULES:
        abort(404)
    body, brotli, digest = _module(name)
    compressed = accepts_brotli()
    # Tags name an encoding as the compression layer's do ("<digest>:gzip", "<digest>:br").
    asked = {tag.partition(":")[0] for tag in request.if_none_match.as_set(include_weak=True)}
    unchanged = digest in asked
    # Not send_file: a streamed file would skip the compression (1.5 MB becomes 0.47 MB). A
    # script either way, so nothing meant for pages (the CSRF cookie) is added to it.
    response = Response(None if unchanged else brotli if compressed else body, status=304 if unchanged else 200,
                        mimetype="text/javascript")
    if compressed and not unchanged:
        # Marked before the compression layer looks: it leaves an encoded response alone.
        response.headers["Content-Encoding"] = "br"
    response.set_etag(f"{digest}:br" if compressed else digest)
    response.vary.add("Accept-Encoding")
    if folder == folder_name():
        http_caching.keep_a_year(response)
    else:
        response.cache_control.no_cache = True
    return response


def page_modules(tiles: bool) -> tuple[str, ...]:
    """The modules a page loads, its entry first: MapLibre's set with online tiles, else the SVG one."""
    return MAPLIBRE_MODULES if tiles else SVG_MODULES


def module_urls(prefix: str, tiles: bool) -> list[str]:
    """The address of each module the page loads under the app's request prefix, the entry first."""
    return [f"{prefix}{VENDOR}{folder_name()}/{name}" for name in page_modules(tiles)]


def module_list(prefix: str, tiles: bool) -> str:
    """A ``<meta>`` naming every module the page loads (MapLibre's worker's too), for the head:
    ``assets/00_plotly.js`` preloads them once Dash's own scripts have arrived. MapLibre's worker
    imports its module into a module map of its own, from the browser's cache; the service worker
    keeps the files the page names (``assets/01_offline.js``), which the worker's requests are not."""
    return f'\n        <meta name="{MODULE_LIST}" content="{" ".join(module_urls(prefix, tiles))}">'


def install(app: dash.Dash, server: Flask, tiles: bool) -> str:
    """Serve the modules and name the page's entry as its Plotly; returns its address.

    The page's ``_dash-config`` is read by the renderer, which takes ``plotlyjs_url`` from it
    when ``serve_locally`` is false there (dcc.Graph would load that address as a classic
    script, which a module is not: ``assets/00_plotly.js`` imports it first), and by that
    script.
    """
    server.register_blueprint(blueprint, url_prefix=app.config.routes_pathname_prefix.rstrip("/") or None)
    url = module_urls(app.config.requests_pathname_prefix, tiles)[0]
    config = app._config

    def _config() -> dict:
        return {**config(), "serve_locally": False, "plotlyjs_url": url}

    app._config = _config
    return url
