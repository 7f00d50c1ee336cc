"""What every request passes through: sign-in required, body size limits, security headers.

Hiding a control in the UI is never the protection: every page, layout and callback
request without a signed-in actor is refused here, before Dash sees it, and every
callback then checks the actor's scope (``dashboard.features.map.data``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from flask import Flask, Response, abort, jsonify, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import generate_csrf

from dashboard.config import Settings
from dashboard.core.access import current_actor

# Reachable without signing in: the sign-in page itself, the health check, static files
# (scripts, styles, fonts) and the public boundary files.
# The service worker, its Workbox files and the web app manifest are public too (dashboard/web/offline.py),
# and so are the vendored Plotly modules (dashboard/web/plotly_bundle.py).
PUBLIC_PREFIXES = ("/login", "/logout", "/healthz", "/assets/", "/_dash-component-suites/", "/_favicon.ico",
                   "/geodata/", "/sw.js", "/sw/", "/manifest.webmanifest", "/vendor/")
# Dash's own requests from the page: refused with 401 (a redirect would be parsed as data).
DASH_REQUESTS = ("/_dash-layout", "/_dash-dependencies", "/_dash-update-component", "/_reload-hash")
# Asked for by the page's scripts too (assets/01_offline_keep.js): a 401, not the sign-in page.
SCRIPT_REQUESTS = ("/offline/district/",)
UPLOAD_PATHS = ("/import/upload",)
# Dash's renderer sends this cookie back as the X-CSRFToken header on every callback.
CSRF_COOKIE = "_csrf_token"


def tile_origin(tile_url: str) -> str:
    """The scheme, host and port of the configured tile address ("" when none is configured)."""
    parts = urlsplit(tile_url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""


def content_security_policy(inline_script_hashes: Sequence[str], tiles: str = "") -> str:
    """Only this site's scripts, styles, fonts and images, and the tile server's images when
    the operator configured one (``tiles``, an origin: MapLibre fetches each tile and draws it).

    - ``script-src``: Dash's renderer is started by one inline script, and each clientside
      callback is one more; they are allowed by hash (``Dash.csp_hashes``), no other inline code.
    - ``style-src 'unsafe-inline'``: Plotly and the dropdowns insert <style> elements at run
      time; styles cannot run code, so this is the usual, accepted relaxation.
    - ``worker-src blob:``: MapLibre draws the map in web workers it creates from blob URLs.
    - ``frame-ancestors 'self'``: no other site may frame a page (clickjacking); the app's own
      pages may, to keep a district's views offline (``assets/01_offline_keep.js``).
    """
    hashes = " ".join(inline_script_hashes)  # Dash gives them quoted: 'sha256-...'
    return "; ".join((
        "default-src 'self'",
        f"script-src 'self' {hashes}".strip(),
        "style-src 'self' 'unsafe-inline'",
        f"img-src 'self' data: blob: {tiles}".strip(),
        "font-src 'self' data:",
        f"connect-src 'self' {tiles}".strip(),
        "worker-src 'self' blob:",
        "child-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ))


def init_security(server: Flask, settings: Settings,
                  inline_script_hashes: Callable[[], Sequence[str] | None]) -> None:
    """Install the sign-in gate, size limits and headers on ``server``.

    ``inline_script_hashes`` gives the hashes once they are final (None before): the
    policy is then built once and kept.
    """
    kept: list[str] = []
    tiles = tile_origin(settings.tile_url)

    def _policy() -> str:
        if not kept:
            hashes = inline_script_hashes()
            if hashes is None:  # no page with inline scripts has been served yet
                return content_security_policy((), tiles)
            kept.append(content_security_policy(hashes, tiles))
        return kept[0]
    # A hard cap for bodies of unknown length; the per-path limits below are the real ones.
    server.config["MAX_CONTENT_LENGTH"] = max(settings.max_request_bytes, settings.max_upload_bytes)

    def _gate() -> ResponseReturnValue | None:
        path = request.path
        limit = settings.max_upload_bytes if path.startswith(UPLOAD_PATHS) else settings.max_request_bytes
        if request.content_length is not None and request.content_length > limit:
            abort(413)
        if path.startswith(PUBLIC_PREFIXES) or path.startswith("/api/"):
            return None  # the API answers 401 itself, as JSON
        if current_actor().authenticated:
            return None
        if path.startswith(DASH_REQUESTS + SCRIPT_REQUESTS):
            return jsonify({"error": "sign in first"}), 401
        target = request.path + (f"?{request.query_string.decode()}" if request.query_string else "")
        return redirect(url_for("auth.login_form", next=target) if target != "/" else url_for("auth.login_form"))

    # First of all request hooks: size and sign-in are checked before CSRF tokens or anything else.
    server.before_request_funcs.setdefault(None, []).insert(0, _gate)

    @server.after_request
    def _headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = _policy()
        response.headers["X-Content-Type-Options"] = "nosniff"
        # Framed by no other site (clickjacking), and by the app's own pages: "keep my district
        # offline" opens the district's views in a hidden frame of the page (docs/offline.md). A
        # page of this origin can script the app anyway, so this opens nothing to anyone else.
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        response.headers["Server"] = "dashboard"  # no framework or version banner
        if request.path.startswith(DASH_REQUESTS) or request.path.startswith("/api/"):
            # Figures about vulnerable people: never kept by a shared computer's browser cache.
            response.headers["Cache-Control"] = "no-store"
        if response.mimetype == "text/html" and current_actor().authenticated:
            response.set_cookie(CSRF_COOKIE, generate_csrf(), samesite="Strict",
                                secure=server.config["SESSION_COOKIE_SECURE"], path=request.script_root or "/")
        return response

    @server.errorhandler(413)
    def _too_large(_error: Exception) -> ResponseReturnValue:
        return Response(f"The request is larger than this server accepts ({limit_text(settings)}).",
                        413, mimetype="text/plain")


def limit_text(settings: Settings) -> str:
    """The size limits in words."""
    return (f"{settings.max_request_bytes // (1024 * 1024)} MB, "
            f"uploads {settings.max_upload_bytes // (1024 * 1024)} MB")
