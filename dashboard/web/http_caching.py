"""How long browsers keep static files: the slow office connection should fetch each once.

Only an address that changes whenever its file changes may be kept for a year without asking
again (``public, max-age=31536000, immutable``):

* Dash's bundles under ``/_dash-component-suites/`` whose file name carries Dash's fingerprint
  (``dash_renderer.v4_4_1m1796226419.min.js``: the package version and the file's modified
  time). Dash itself sends only ``max-age`` on them, so browsers still revalidate on reload.
* The Plotly modules ``dcc.Graph`` uses (``/vendor/plotly-<version>-<content hash>/plotly.mjs``
  and MapLibre's beside it, ``dashboard.web.plotly_bundle``, which sets their lifetime): only the
  traces drawn here, in place of the Python package's full ``plotly.min.js`` (1.4 MB
  compressed), which Dash 4.4's renderer would ask for by a fixed address.
* Our ``assets/`` files named with ``?v=<content hash>`` (:func:`content_version`, the first
  hex digits of the file's SHA-256) when that is the file's hash now: the fonts, which the
  style sheet names (Dash stamps only the files it links itself), and their preload link.
* Our ``assets/`` files linked with Dash's ``?m=<modified time>``, when that time is the file's
  current one. It is not a content hash, but Dash gives no hook for one and every way this
  app is deployed (a checkout, a copy, an image build) rewrites a changed file, which gives it a
  new time and so a new address. The check that ``m`` is the file's own time keeps a server
  still holding an older file (a rolling deploy) from pinning it under the new address.

Everything else is asked again, and answered by ETag (a few hundred bytes) when unchanged:
Dash's unfingerprinted files (its lazily loaded ``async-*.js`` chunks, which Dash 4.4 requests
without a fingerprint) every time, assets asked for without a current ``?m=`` or ``?v=`` after
a week. Pages, layout, dependencies and callbacks are never made long-lived here
(``dashboard.web.security`` marks Dash's requests ``no-store``).
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

from dash.fingerprint import check_fingerprint
from flask import Flask, Response, request, session

YEAR = 365 * 24 * 3600
WEEK = 7 * 24 * 3600
SUITES = "_dash-component-suites/"


def content_version(path: Path) -> str:
    """The ``?v=`` of a content-hashed address: the first 12 hex digits of the file's SHA-256
    (read again only when its size or modified time changes)."""
    stat = path.stat()
    return _digest(str(path), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=64)
def _digest(path: str, _size: int, _modified: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def _current_content(assets_folder: Path, relative: str, version: str) -> bool:
    """Whether ``?v=version`` is the asset's content hash now."""
    try:
        return version == content_version(assets_folder / relative)
    except OSError:
        return False


def keep_a_year(response: Response) -> None:
    """Mark a response whose address changes with its content: kept a year, never asked again."""
    response.cache_control.no_cache = None  # Flask's send_file adds it: revalidate every time
    response.cache_control.public = True
    response.cache_control.max_age = YEAR
    response.cache_control.immutable = True


def _without_session(response: Response) -> None:
    """Keep the signed-in session out of a static response.

    The session cookie is re-signed on every request (the idle timeout), so Flask would add a
    fresh ``Set-Cookie`` and ``Vary: Cookie`` to every file: the browser then finds its cached
    copy made for another cookie and downloads Plotly again on each page, and a shared proxy
    keeping a ``public`` response could hand one user's session to the next. Nothing about a
    static file depends on who asks, and fetching one is not activity that should extend a session.
    """
    if session.permanent:
        session.permanent = False  # this response only: the cookie is not written at all
    session.modified = False
    session.accessed = False
    response.vary.discard("Cookie")


def _current_asset_version(assets_folder: Path, relative: str, version: str) -> bool:
    """Whether ``?m=version`` is the modified time Dash gives the asset now (as Dash writes it)."""
    try:
        return float(version) == os.stat(assets_folder / relative).st_mtime
    except (OSError, ValueError):
        return False


def install(server: Flask, assets_path: str = "/assets/", suites_path: str = "/" + SUITES,
            assets_folder: str | Path | None = None, vendor_path: str = "/vendor/") -> None:
    """Set the cache lifetime of every successful static response (assets and Dash's bundles);
    keep the session out of those and of the vendored files under ``vendor_path``."""
    folder = Path(assets_folder) if assets_folder else None

    @server.after_request
    def _static_lifetime(response: Response) -> Response:
        if response.status_code not in (200, 304):
            return response
        path = request.path
        if path.startswith(suites_path):
            if check_fingerprint(path)[1]:
                keep_a_year(response)
            else:
                # Same address across Dash and Plotly upgrades: ask every time (an ETag 304).
                response.cache_control.max_age = None
                response.cache_control.no_cache = True
        elif path.startswith(assets_path):
            version, content = request.args.get("m"), request.args.get("v")
            relative = path[len(assets_path):]
            if (version and (folder is None or _current_asset_version(folder, relative, version))) or \
                    (content and folder is not None and _current_content(folder, relative, content)):
                keep_a_year(response)
            else:
                response.cache_control.no_cache = None
                response.cache_control.immutable = False
                response.cache_control.public = True
                response.cache_control.max_age = WEEK
        return response


    def _static_without_session(response: Response) -> Response:
        if request.path.startswith((suites_path, assets_path, vendor_path)):
            _without_session(response)
        return response

    # Last of all after-request hooks (they run in reverse): Flask-Login's reads the session too.
    server.after_request_funcs.setdefault(None, []).insert(0, _static_without_session)

