"""``create_app``: settings, then database and cache, sign-in and security, then components and routes."""

from __future__ import annotations

import logging
import secrets
from html import escape
from typing import Any

import dash
import dash_bootstrap_components as dbc  # noqa: F401  (registers the component suite)
from flask import Flask
from flask.json.provider import DefaultJSONProvider
from flask_caching import Cache

from dashboard.config import DEFAULT_SECRET_KEY, PROJECT_ROOT, Settings, load_settings, refuse_unsafe_production
from dashboard.core import digits, reads
from dashboard.core.cache import code_version
from dashboard.core.privacy import Hidden
from dashboard.db import Database
from dashboard.features.imports.uploads import blueprint as uploads_blueprint
from dashboard.i18n import t
from dashboard.runtime import Runtime
from dashboard.ui import error_alert, registry
from dashboard.web import answer_json, dash_scripts, heap, http_caching, offline, plotly_bundle, script_compression
from dashboard.web.auth import blueprint as auth_blueprint
from dashboard.web.auth import init_auth
from dashboard.web.frame import shell
from dashboard.web.frame.pages import register_pages
from dashboard.web.routes.api import blueprint as api_blueprint
from dashboard.web.routes.boundaries import blueprint as boundaries_blueprint
from dashboard.web.routes.brief import blueprint as brief_blueprint
from dashboard.web.routes.health import blueprint as health_blueprint
from dashboard.web.routes.health import report_services
from dashboard.web.routes.map_print import blueprint as map_print_blueprint
from dashboard.web.security import init_security

log = logging.getLogger(__name__)


def _cache(settings: Settings) -> Cache:
    config: dict[str, Any] = {
        "CACHE_TYPE": settings.cache_type,
        "CACHE_DEFAULT_TIMEOUT": settings.cache_timeout,
        "CACHE_REDIS_URL": settings.cache_redis_url,
        "CACHE_KEY_PREFIX": f"prottasha:{code_version()}:",
    }
    if settings.cache_type == "RedisCache":
        # A Redis that does not answer within these counts as down (dashboard.core.cache then goes
        # without it for a while): a hung cache must not hang every page.
        config["CACHE_OPTIONS"] = {"socket_connect_timeout": 1.0, "socket_timeout": 2.0}
    return Cache(config=config)


# Every page shows Bangla, at least the language button's word, drawn on an English page by a
# 3 kB face of its glyphs (assets/app.css): fetched at once rather than when the header is first
# drawn. The regular Bengali face (70 kB) is fetched at once only where pages start in Bangla;
# elsewhere when Bangla text first needs it, and kept by the service worker for a switch to
# Bangla offline once Plotly's modules have arrived (assets/01_offline.js). The bold face is kept
# only once a page has used it: offline without it, the browser thickens the regular one.
LABEL_FONT = "fonts/NotoSansBengali-Label.woff2"
BANGLA_FONT = "fonts/NotoSansBengali-Regular.woff2"
# The head's list of the fonts assets/01_offline.js asks the service worker to keep.
FONT_LIST = "dashboard-fonts"


def _index_page(index: str, fonts: tuple[str, ...], lang: str, root: str = "/", filter_paths: tuple[str, ...] = (),
                preload: str = "", kept: tuple[str, ...] = ()) -> str:
    """Dash's page with ``fonts`` preloaded, a document language from the first
    byte (the language switch updates it; screen readers need one before it runs), and a
    skeleton of the page shown until the app's scripts draw it (assets/loading.css), in
    place of Dash's bare English "Loading...": on a slow line the scripts take seconds.
    ``filter_paths``: the pages that show the frame's filters, whose space the browser keeps
    from the first paint (assets/filter_frame.js), so the page does not jump when they appear.
    ``preload``: more for the head (the list of Plotly's modules, which the first graph needs
    and ``assets/00_plotly.js`` preloads). ``kept``: fonts for the service worker to keep."""
    link = "".join(f'<link rel="preload" href="{href}" as="font" type="font/woff2" crossorigin>' for href in fonts)
    link += preload
    if kept:
        link += f'\n        <meta name="{FONT_LIST}" content="{escape(" ".join(kept))}">'
    # Installable (issue 31): the manifest names the app in both languages (dashboard/web/offline.py).
    link += (f'\n        <link rel="manifest" href="{root}manifest.webmanifest?lang={lang}">'
             f'\n        <meta name="theme-color" content="{offline.THEME}">'
             f'\n        <link rel="apple-touch-icon" href="{root}assets/icons/apple-touch-icon.png">')
    boot = ('<div class="app-boot" role="status"><div class="app-boot-header"></div>'
            f'<span class="visually-hidden">{escape(t("loading.page", lang))}</span>'
            '<div class="container-fluid pt-3" aria-hidden="true"><div class="app-skeleton-line w-25"></div>'
            '<div class="app-skeleton-line w-50"></div><div class="app-skeleton-block"></div></div></div>')
    html_tag = f'<html lang="{lang}" data-filter-paths="{escape(" ".join(filter_paths))}">'
    return (index.replace("<html>", html_tag, 1).replace("{%css%}", link + "\n        {%css%}", 1)
            .replace("{%app_entry%}", boot + "{%app_entry%}", 1))


def _secret_key(settings: Settings) -> str:
    """The configured key; in development without one, a random key kept in instance/ so
    sessions survive a restart (a key known to everyone would let anyone forge a session)."""
    if settings.secret_key != DEFAULT_SECRET_KEY:
        return settings.secret_key
    path = PROJECT_ROOT / "instance" / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


class _HiddenAwareJSON(DefaultJSONProvider):
    """JSON answers (the read API) write a hidden count as "<5", as every table and file does."""

    @staticmethod
    def default(o: Any) -> Any:
        return str(o) if isinstance(o, Hidden) else DefaultJSONProvider.default(o)


def create_app(settings: Settings | None = None) -> dash.Dash:
    """A ready Dash app. Tests pass their own ``settings`` (e.g. a temporary database)."""
    settings = settings or load_settings()
    refuse_unsafe_production(settings)
    server = Flask(__name__, template_folder=str(PROJECT_ROOT / "dashboard" / "templates"))
    server.json = _HiddenAwareJSON(server)
    server.config.update(
        SECRET_KEY=_secret_key(settings),
        # Flask-Compress (Dash's compress=True) compresses only the types listed: GeoJSON
        # (boundaries shrink about fourfold) and text/javascript, the type Dash serves its
        # bundles with (Plotly alone is 4.8 MB, 1.4 MB compressed), must be named.
        COMPRESS_MIMETYPES=["text/html", "text/css", "text/plain", "application/javascript", "text/javascript",
                            "application/json", "application/geo+json", "text/csv", "image/svg+xml"],
    )
    app = dash.Dash(
        __name__,
        server=server,
        title=t("app.title", settings.default_language),
        assets_folder=str(PROJECT_ROOT / "assets"),
        # Pages are registered by dashboard.web.frame.pages (imported once per process, not re-run
        # per app as pages_folder would) and shown by our router (components.router).
        use_pages=True,
        pages_folder="",
        # Page components exist only while their page is shown.
        suppress_callback_exceptions=True,
        # The router sets the document title; Dash's "Updating..." would fight it.
        update_title=None,
        # Everything (Dash, Plotly, Bootstrap CSS, fonts) is served from here: district
        # offices may have no or slow internet.
        serve_locally=True,
        external_stylesheets=[],
        external_scripts=[],
        compress=True,
        on_error=error_alert.on_callback_error,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    cache = _cache(settings)
    cache.init_app(server)
    Runtime(settings, Database(settings.database_url), cache).install(server)
    server.teardown_appcontext(reads.release)
    answer_json.install()
    dash_scripts.install()
    for blueprint in (health_blueprint, boundaries_blueprint, auth_blueprint, api_blueprint, uploads_blueprint,
                      brief_blueprint, map_print_blueprint):
        server.register_blueprint(blueprint)
    init_auth(server, settings)
    report_services(server)
    digits.install(server)
    prefix = app.config.routes_pathname_prefix
    http_caching.install(server, prefix + "assets/", prefix + http_caching.SUITES, app.config.assets_folder,
                         prefix + plotly_bundle.VENDOR)
    script_compression.install(server, prefix + http_caching.SUITES, prefix + "assets/")
    # dcc.Graph uses a Plotly with only the traces drawn here, never the full plotly.min.js.
    plotly_bundle.install(app, server, tiles=bool(settings.tile_url))
    offline.install(server, settings)
    heap.install(server)

    @server.errorhandler(500)
    def _internal_error(_error: Exception) -> tuple[str, int]:
        return t("error.generic", settings.default_language), 500

    # A script address Dash does not serve (a mistyped or made-up path under
    # _dash-component-suites/) is not found, not a server error with a traceback in the log.
    @server.errorhandler(dash.exceptions.DependencyException)
    def _unknown_script(_error: Exception) -> tuple[str, int]:
        return t("error.not_found", settings.default_language), 404

    register_pages()
    app.layout = shell.make_layout(settings.default_language)
    filter_paths = tuple(dash.get_relative_path(page["path"]) for page in dash.page_registry.values()
                         if page.get("filters"))
    # The style sheet names each font by the same content-hashed address (assets/app.css; hc002),
    # so the preloaded file is the one the page uses, and the browser keeps it for a year.
    def font_href(relative: str) -> str:
        return f"{app.get_asset_url(relative)}?v={http_caching.content_version(PROJECT_ROOT / 'assets' / relative)}"

    tiles = bool(settings.tile_url)  # MapLibre draws the maps only over online tiles (figures/svg_map)
    preloaded = (LABEL_FONT, *((BANGLA_FONT,) if settings.default_language == "bn" else ()))
    app.index_string = _index_page(app.index_string, tuple(font_href(f) for f in preloaded), settings.default_language,
                                   app.config.requests_pathname_prefix, filter_paths,
                                   plotly_bundle.module_list(app.config.requests_pathname_prefix, tiles),
                                   kept=(font_href(BANGLA_FONT),))
    registry.bind(app)
    # Every inline script (clientside callbacks, Dash's own) is allowed by its hash. Dash adds
    # the pages router's script while it sets itself up on its first served request; until
    # then (a redirect to sign in) the list is not final and is not kept.
    init_security(server, settings,
                  lambda: app.csp_hashes() if app._got_first_request.get("setup_server") else None)
    return app


def settle_heap() -> None:
    """Keep what a serving process builds out of the garbage collector's full passes: frozen now
    that the app is built, and again as its first requests build what it keeps
    (:mod:`dashboard.web.heap`). Called once per serving process, after :func:`create_app`;
    not by tests, which build many apps in one process and let them go.
    """
    heap.start()
