"""The installable app (issue 31): manifest, service worker, and what a browser may keep to read offline.

* ``/manifest.webmanifest``: names in English and Bangla, icons (``assets/icons/``, drawn by
  ``scripts/make_icons.py``), start URL, standalone display.
* ``/sw.js``: the service worker (``dashboard/templates/sw.js``), served from the app's own
  origin so its scope is the whole app. It is built on Workbox, vendored in
  ``dashboard/web/vendor/workbox-<version>/`` (MIT, from the npm registry: ``make workbox``) and
  served from here, so neither ``make run`` nor the browser needs the internet. The worker keeps
  only public files (scripts, styles, fonts, boundaries, the page skeleton); nothing of a user.
* Two headers on Dash's answers tell the page's script (``assets/01_offline.js``) what it may
  keep in IndexedDB: ``X-Offline-User`` (an opaque key of the signed-in user, so a change of
  user wipes the previous one's views) and ``X-Offline-Keep`` (days, on answers that may be
  kept: the frame and the views' figures, cards, detail and timeline, already suppressed and
  perturbed; never files, grids of rows, individual points or the answers to writes).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, Response, abort, current_app, jsonify, render_template, request, send_from_directory
from flask.typing import ResponseReturnValue
from flask_login import current_user

from dashboard.config import Settings
from dashboard.core.cache import code_version
from dashboard.i18n import t
from dashboard.runtime import runtime
from dashboard.web.frame.keep_offline import Refused, district_plan

WORKBOX_VERSION = "7.4.1"
WORKBOX_DIR = Path(__file__).resolve().parent / "vendor" / f"workbox-{WORKBOX_VERSION}"
WORKBOX_PATH = f"/sw/workbox-{WORKBOX_VERSION}/"
THEME = "#0b4f6c"  # --app-primary in assets/app.css
PUBLIC_PATHS = ("/sw.js", "/sw/", "/manifest.webmanifest")
USER_HEADER, KEEP_HEADER, SHELL_HEADER = "X-Offline-User", "X-Offline-Keep", "X-Offline-Shell"
YEAR = 365 * 24 * 3600

# Answers kept for reading offline: the frame and the views (map, cards, detail, DCC page, gaps,
# compare's charts, help), by the component ids they write. Anything else, on a page added later
# too, is not kept until it is named here.
KEPT_PREFIXES = ("page-", "filter-", "header-", "help-", "map-", "district-map", "kpi-", "upazila-detail", "dcc-",
                 "gaps-", "compare-")
KEPT_IDS = frozenset({"browser-text", "language-store", "i18n-text"})
# Never kept, though their prefix is: the answers to writes, and a grid of rows.
NEVER_IDS = frozenset({"dcc-form-message", "dcc-changed", "dcc-notice", "compare-ranking"})
# Individual returnees on the map (coarsened, but row-level): a view showing them is not kept.
POINTS = "points=1"

blueprint = Blueprint("offline", __name__)


def output_ids(output: str) -> list[tuple[str, str]]:
    """(component id, property) of each output a Dash callback request names.

    ``output`` is Dash's string: ``id.prop``, or ``..a.prop...b.prop..`` for several; a
    pattern-matching id is JSON (its ``type`` names it here); ``@hash`` marks a duplicate output.
    """
    parts = output[2:-2].split("...") if output.startswith("..") and output.endswith("..") else [output]
    found = []
    for part in parts:
        if part.startswith("{") and "}" in part:
            end = part.rindex("}")
            try:
                spec = json.loads(part[:end + 1])
            except ValueError:
                spec = {}
            name, prop = str(spec.get("type", "")) if isinstance(spec, dict) else "", part[end + 2:]
        else:
            name, _, prop = part.partition(".")
        found.append((name, prop.partition("@")[0]))
    return found


def _values(items: Any) -> Iterable[Any]:
    for item in items if isinstance(items, list) else []:
        if isinstance(item, list):
            yield from _values(item)
        elif isinstance(item, dict):
            yield item.get("value")


def keepable(body: Any) -> bool:
    """Whether the answer to this callback request may be kept in the browser to read offline."""
    if not isinstance(body, dict) or not isinstance(body.get("output"), str):
        return False
    for name, prop in output_ids(body["output"]):
        if name in NEVER_IDS or "download" in name or prop == "contents":
            return False
        if name not in KEPT_IDS and not name.startswith(KEPT_PREFIXES):
            return False
    asked = [*_values(body.get("inputs")), *_values(body.get("state"))]
    return not any(isinstance(value, str) and POINTS in value for value in asked)


def user_key(user_id: object) -> str:
    """An opaque, stable key of a user for the browser's store: it names no one, and cannot be
    turned back into the user id without the server's secret."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, f"offline-user:{user_id}".encode(), hashlib.sha256).hexdigest()[:24]


def _names(lang: str) -> dict[str, str]:
    return {"name": t("app.title", lang), "short_name": t("app.short_name", lang),
            "description": t("app.install_description", lang)}


@blueprint.get("/manifest.webmanifest")
def manifest() -> ResponseReturnValue:
    """The web app manifest, in the configured language (``?lang=en|bn`` for the other); the
    other language's names under ``translations``, as the manifest-translations proposal has it."""
    default = runtime().settings.default_language
    lang = request.args.get("lang", default)
    lang = lang if lang in ("en", "bn") else default
    other = "bn" if lang == "en" else "en"
    root = request.script_root + "/"
    icons = [{"src": f"{root}assets/icons/{name}", "sizes": size, "type": "image/png", "purpose": purpose}
             for name, size, purpose in (("icon-192.png", "192x192", "any"), ("icon-512.png", "512x512", "any"),
                                         ("icon-maskable-512.png", "512x512", "maskable"))]
    body = {**_names(lang), "lang": lang, "dir": "ltr", "id": root, "start_url": root, "scope": root,
            "display": "standalone", "background_color": "#ffffff", "theme_color": THEME, "icons": icons,
            "translations": {other: _names(other)}}
    response = Response(json.dumps(body, ensure_ascii=False), mimetype="application/manifest+json")
    response.cache_control.no_cache = True
    return response


@blueprint.get("/sw.js")
def service_worker() -> ResponseReturnValue:
    """The service worker: asked again on every visit (no-cache), so a deploy reaches every browser."""
    root = request.script_root
    body = render_template("sw.js", workbox=root + WORKBOX_PATH, root=root + "/",
                           version=f"{code_version()}-{WORKBOX_VERSION}")
    response = Response(body, mimetype="text/javascript")
    response.headers["Service-Worker-Allowed"] = root + "/"
    response.cache_control.no_cache = True
    return response


@blueprint.get(WORKBOX_PATH + "<name>")
def workbox_file(name: str) -> ResponseReturnValue:
    """One of the vendored Workbox files; its address names its version, so it is kept a year."""
    if not name.endswith(".js") or not (WORKBOX_DIR / name).is_file():
        abort(404)
    response = send_from_directory(WORKBOX_DIR, name, mimetype="text/javascript", max_age=YEAR)
    response.cache_control.immutable = True
    response.cache_control.public = True
    return response


@blueprint.get("/offline/district/<code>")
def keep_district(code: str) -> ResponseReturnValue:
    """What to fetch to keep a district of the user's available offline (``keep_offline``), as
    JSON; a district outside the user's scope is refused (403) with the reason in words."""
    lang = request.args.get("lang", runtime().settings.default_language)
    try:
        response = jsonify(district_plan(code, lang if lang in ("en", "bn") else "en"))
    except Refused as refused:
        response = jsonify({"error": refused.message})
        response.status_code = refused.status
    response.headers["Cache-Control"] = "no-store"
    return response


def install(server: Flask, settings: Settings) -> None:
    """Mark Dash's answers with what the browser may keep (see the module's docstring)."""
    server.register_blueprint(blueprint)

    @server.after_request
    def _offline_headers(response: Response) -> Response:
        path = request.path
        if response.mimetype == "text/html" and request.method == "GET" and response.status_code == 200 \
                and not response.direct_passthrough and b'id="_dash-config"' in response.get_data():
            # Dash's page: the same for everyone, the skeleton the service worker opens offline.
            response.headers[SHELL_HEADER] = "1"
            return response
        if not path.startswith(("/_dash-layout", "/_dash-dependencies", "/_dash-update-component")) \
                or response.status_code != 200 or not current_user.is_authenticated:
            return response
        response.headers[USER_HEADER] = user_key(current_user.id)
        if settings.offline_days > 0 and (request.method == "GET" or keepable(request.get_json(silent=True))):
            response.headers[KEEP_HEADER] = str(settings.offline_days)
        return response
