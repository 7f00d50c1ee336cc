"""Dash's first scripts without @babel/polyfill: regenerator-runtime alone in its place (issue 33).

Dash 4.4 (its renderer 3.4) puts @babel/polyfill 7.12 (core-js 2 and regenerator-runtime: 99 kB,
30 kB compressed, a sixth of a second on a 1.6 Mbit/s line) first on every page, for browsers
older than ES2015. This app already needs ES2020 (Plotly's modules and MapLibre's module worker,
``scripts/plotly_bundle/build.js``), and in such a browser core-js 2 fills in nothing Dash's
scripts need: it adds only what is missing, besides ``setImmediate``, which dcc and the table
use only where it exists. What Dash's scripts still take from it is the global ``regeneratorRuntime``
that Babel's output for generator and async functions calls (the renderer, dcc's lazily loaded
components, the table). So that runtime, ``runtime.js`` of regenerator-runtime as npm publishes
it (MIT, 6 kB compressed; ``make regenerator``), takes the polyfill's place, before React and
every component's script.

It is served as Dash serves its own files, from this package's vendor folder: a fingerprinted
address under ``_dash-component-suites/``, kept a year (``dashboard.web.http_caching``),
compressed once per process (``dashboard.web.script_compression``), kept by the service worker.

Dash has no setting for its first scripts: they are the module-level list
``dash._dash_renderer._js_dist_dependencies``, changed here once per process (every Dash app in
it is this one). :func:`install` fails at start-up if a Dash release changes what it expects.
"""

from __future__ import annotations

from typing import Any

from dash import _dash_renderer

NAMESPACE = "dashboard.web.vendor"
RUNTIME = "regenerator-runtime-0.14.1/runtime.js"
POLYFILL = "deps/polyfill@7.12.1.min.js"
_POLYFILL_URL = "@babel/polyfill@7.12.1/"


def install() -> None:
    """Put regenerator-runtime where Dash lists @babel/polyfill (idempotent)."""
    dependencies: list[dict[str, Any]] = _dash_renderer._js_dist_dependencies
    if any(entry.get("namespace") == NAMESPACE for entry in dependencies):
        return
    dash_entries = [entry for entry in dependencies if entry.get("namespace") == "dash"]
    if len(dash_entries) != 1 or any(POLYFILL not in dash_entries[0]["relative_package_path"][mode]
                                     for mode in ("prod", "dev")):
        raise RuntimeError(f"Dash no longer lists {POLYFILL}: review dashboard/web/dash_scripts.py")
    (dash_entry,) = dash_entries
    for mode in ("prod", "dev"):
        dash_entry["relative_package_path"][mode].remove(POLYFILL)
        dash_entry["external_url"][mode] = [url for url in dash_entry["external_url"][mode] if _POLYFILL_URL not in url]
    # Served locally only (the app never names a CDN): no external address.
    dependencies.insert(0, {"relative_package_path": {"prod": [RUNTIME], "dev": [RUNTIME]}, "namespace": NAMESPACE})
