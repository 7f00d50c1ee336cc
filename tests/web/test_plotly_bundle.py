"""The Plotly bundle holds every trace type the app's figures can hold (issue 33).

``dcc.Graph`` uses a Plotly with only some traces (``dashboard/web/plotly_bundle.py``, built by
``make plotly``). A figure with a trace type the bundle lacks draws nothing and says nothing in
the browser, so the two sides are found independently and compared:

* what the code can produce, read from its source: every trace class of
  ``plotly.graph_objects`` it calls (``go.Scattermap(...)``), and every ``"type": "<trace>"`` or
  ``type="<trace>"`` it writes (figures built as dicts), in ``dashboard/`` and ``layers/``.
  Reading the source covers branches that test data may not reach; Plotly Express and the
  figure factory pick trace types at run time, so they may not be used at all;
* what the bundle registers: its entry module imported in Chromium, ``Plotly.PlotSchema.get().traces``.
"""

from __future__ import annotations

import ast
import json
import re
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import brotli
import plotly.graph_objects as go
import pytest
from plotly.basedatatypes import BaseTraceType
from plotly.offline import get_plotlyjs_version
from selenium import webdriver
from selenium.webdriver.chrome.options import Options

from dashboard.web import plotly_bundle
from tests.conftest import CHROME_FLAGS, CHROMIUM

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("dashboard", "layers")
# Every trace type Plotly has, by the name a figure gives it, from the Python package.
TRACE_CLASSES = {name: getattr(go, name) for name in dir(go)
                 if isinstance(getattr(go, name), type) and issubclass(getattr(go, name), BaseTraceType)}
TRACE_TYPES = {cls().type: name for name, cls in TRACE_CLASSES.items()}
IMPLICIT = ("plotly.express", "plotly.figure_factory")
GO = "plotly.graph_objects"


def _trace_type(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) \
        and node.value in TRACE_TYPES else None


def _plotly_names(tree: ast.Module, where: str) -> tuple[set[str], dict[str, str]]:
    """Names this module binds to ``plotly.graph_objects`` (``go``), and to its classes (``Bar``)."""
    modules: set[str] = set()
    classes: dict[str, str] = {}
    refused = f"{where}: {IMPLICIT} choose traces at run time"
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert not any(a.name.startswith(IMPLICIT) for a in node.names), refused
            modules.update(a.asname for a in node.names if a.name == GO and a.asname)
        elif isinstance(node, ast.ImportFrom):
            full = [node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
            assert not any(n.startswith(IMPLICIT) for n in full), refused
            modules.update(a.asname or a.name for a in node.names if f"{node.module}.{a.name}" == GO)
            if node.module == GO:
                classes.update({a.asname or a.name: a.name for a in node.names})
    return modules, classes


def _called_class(func: ast.expr, modules: set[str], classes: dict[str, str]) -> str | None:
    if isinstance(func, ast.Name):
        return classes.get(func.id)
    if isinstance(func, ast.Attribute) and (ast.unparse(func.value) in modules or ast.unparse(func.value) == GO):
        return func.attr
    return None


def traces_in(source: str, where: str) -> set[str]:
    """Trace types one module's code can put in a figure."""
    tree = ast.parse(source, where)
    modules, classes = _plotly_names(tree, where)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            called = _called_class(node.func, modules, classes)
            if called in TRACE_CLASSES:
                found.add(TRACE_CLASSES[called]().type)
            found.update(t for k in node.keywords if k.arg == "type" and (t := _trace_type(k.value)))
        elif isinstance(node, ast.Dict):
            found.update(t for k, v in zip(node.keys, node.values, strict=True)
                         if isinstance(k, ast.Constant) and k.value == "type" and (t := _trace_type(v)))
    return found


# What the bundle leaves out of Plotly (scripts/plotly_bundle/build.js), by the names a figure
# would use: layout parts, axis parts, trace parts, and values.
LEFT_OUT_LAYOUT = {"updatemenus", "sliders", "images", "grid"}
LEFT_OUT_AXIS = {"rangeslider", "rangeselector"}
LEFT_OUT_TRACE = {"error_x", "error_y"}
LEFT_OUT_NAMES = LEFT_OUT_LAYOUT | LEFT_OUT_AXIS | LEFT_OUT_TRACE | {
    "locationmode",  # "country names": the table of names is left out
    "add_layout_image", "update_layout_images",  # images, by plotly.py's figure methods
}
LEFT_OUT_VALUES = {"satellite", "satellite-streets"}  # map styles


def _names_used(node: ast.AST) -> list[str]:
    """Names a piece of code can give a figure part by: dict keys, subscripts, keyword arguments
    (with plotly.py's magic underscores split: ``xaxis_rangeslider_visible``) and methods called."""
    if isinstance(node, ast.Dict):
        return [k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
        return [node.slice.value]
    if isinstance(node, ast.Call):
        names = [k.arg for k in node.keywords if k.arg]
        names += [part for name in names for part in re.split(r"_(?=[a-z])", name)]
        names += [name[start:start + 7] for name in names for start in (name.find("error_"),) if start >= 0]
        return names + ([node.func.attr] if isinstance(node.func, ast.Attribute) else [])
    return []


def left_out_in(source: str, where: str) -> set[str]:
    """The left-out parts of Plotly one module's code names."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source, where)):
        found.update(name for name in _names_used(node) if name in LEFT_OUT_NAMES)
        if isinstance(node, ast.Constant) and node.value in LEFT_OUT_VALUES:
            found.add(str(node.value))
    return found


def declared_traces() -> dict[str, set[str]]:
    """Trace type -> the modules that can produce it, over the app's source."""
    where: dict[str, set[str]] = {}
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = str(path.relative_to(ROOT))
            for trace in traces_in(path.read_text(encoding="utf-8"), relative):
                where.setdefault(trace, set()).add(relative)
    return where


class _Modules(SimpleHTTPRequestHandler):
    """The built modules over HTTP, as JavaScript (a browser imports no module from a file:// page)."""

    extensions_map: ClassVar[dict[str, str]] = {**SimpleHTTPRequestHandler.extensions_map, ".mjs": "text/javascript"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, directory=str(plotly_bundle.FOLDER), **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        pass


# The SVG maps' traces in place of MapLibre's (dashboard/figures/svg_map.py): a page without
# online tiles loads plotly-svg.mjs, which must draw what the map figures hold once converted.
SVG_TRACES = {"choroplethmap": "choropleth", "scattermap": "scattergeo"}


@pytest.fixture(scope="module", params=[plotly_bundle.ENTRY, plotly_bundle.SVG_ENTRY])
def registered(request: pytest.FixtureRequest) -> Iterator[dict[str, object]]:
    """The modules as the browser runs them: the traces each entry registers and its version."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Modules)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    options = Options()
    options.binary_location = CHROMIUM
    for flag in ("--headless", *CHROME_FLAGS):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options)
    try:
        driver.get(f"http://127.0.0.1:{server.server_port}/LICENSE.txt")  # a page of that origin to run in
        driver.set_script_timeout(30)
        found: dict[str, object] = driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            f"import('/{request.param}').then(m => {{ const schema = m.default.PlotSchema.get();"
            " done({traces: Object.keys(schema.traces), layout: Object.keys(schema.layout.layoutAttributes),"
            " axis: Object.keys(schema.layout.layoutAttributes.xaxis), bar: Object.keys(schema.traces.bar.attributes),"
            " version: m.default.version, geo: !!schema.layout.layoutAttributes.geo &&"
            " Object.keys(schema.traces).includes('scattergeo')}); }, e => done({error: String(e)}));")
        if found.get("geo"):
            # The SVG maps' build draws a Mercator map of points (its only projection but d3-geo's own).
            found["mercator_points"] = driver.execute_async_script(
                "const done = arguments[arguments.length - 1]; const div = document.createElement('div');"
                "document.body.appendChild(div);"
                f"import('/{request.param}').then(m => m.default.newPlot(div, [{{type: 'scattergeo', mode: 'markers',"
                " lat: [24, 23], lon: [90, 91]}], {geo: {visible: false, projection: {type: 'mercator'},"
                " lonaxis: {range: [88, 92]}, lataxis: {range: [21, 26]}}}))"
                ".then(() => done(div.querySelectorAll('path.point').length), e => done(String(e)));")
        assert "error" not in found, found
        yield {**found, "entry": request.param}
    finally:
        driver.quit()
        server.shutdown()
        server.server_close()


def test_pb001_the_scan_finds_traces_however_a_figure_is_written() -> None:
    source = ("import plotly.graph_objects as go\nfrom plotly.graph_objects import Heatmap\n"
              "a = go.Figure([go.Bar(x=[1]), Heatmap(z=[[1]])])\n"
              "b = {'data': [{'type': 'table', 'cells': {}}], 'layout': {'type': 'not-a-trace'}}\n"
              "c = dict(type='indicator')\nd = go.Figure().add_trace(go.Scattermap())\n"
              "import plotly.graph_objects\ne = plotly.graph_objects.Pie()\n"
              "from dash import html\nf = html.Table(Indicator('not a trace'))\n")
    assert traces_in(source, "example.py") == {"bar", "heatmap", "table", "indicator", "scattermap", "pie"}
    with pytest.raises(AssertionError, match="run time"):
        traces_in("import plotly.express as px\n", "example.py")
    with pytest.raises(AssertionError, match="run time"):
        traces_in("from plotly import express\n", "example.py")


def test_pb002_every_trace_the_app_can_draw_is_in_the_bundle(registered: dict[str, object]) -> None:
    declared = declared_traces()
    # The map and its layers, the charts of the DCC and compare pages: the scan sees the app.
    assert {"choroplethmap", "scattermap"} <= declared.keys()
    if registered["entry"] == plotly_bundle.SVG_ENTRY:
        assert registered["mercator_points"] == 2
        declared = {SVG_TRACES.get(trace, trace): modules for trace, modules in declared.items()}
        assert {"choroplethmap", "scattermap"}.isdisjoint(registered["traces"])  # type: ignore[arg-type]
    bundle = set(registered["traces"])  # type: ignore[call-overload]
    missing = {trace: sorted(modules) for trace, modules in declared.items() if trace not in bundle}
    assert not missing, f"not in the Plotly bundle (add them to scripts/plotly_bundle/build.js, make plotly): {missing}"
    assert len(bundle) < len(TRACE_TYPES) / 2  # a partial bundle, not the full one vendored by mistake


def test_pb003_the_bundle_is_the_plotly_js_the_python_package_writes_figures_for(
        registered: dict[str, object]) -> None:
    version = get_plotlyjs_version()
    assert registered["version"] == version == plotly_bundle.PLOTLY_JS_VERSION
    package = json.loads((ROOT / "scripts/plotly_bundle/package.json").read_text(encoding="utf-8"))
    assert package["dependencies"]["plotly.js"] == version
    lock = json.loads((ROOT / "scripts/plotly_bundle/package-lock.json").read_text(encoding="utf-8"))
    locked = lock["packages"]["node_modules/plotly.js"]
    assert locked["version"] == version and locked["integrity"].startswith("sha512-")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(rf"^PLOTLY_JS_VERSION := {re.escape(version)}$", makefile, re.M)
    for licence in ("LICENSE.txt", "THIRD-PARTY-LICENSES.txt"):
        assert (plotly_bundle.FOLDER / licence).stat().st_size > 0
    # MapLibre's modules are served as MapLibre ships them: its licence travels with them.
    assert "== maplibre-gl " in (plotly_bundle.FOLDER / "THIRD-PARTY-LICENSES.txt").read_text(encoding="utf-8")


def test_pb004_maplibre_crosses_the_line_once() -> None:
    """Plotly's module imports MapLibre's map beside it, and starts MapLibre's worker from a
    module importing the worker beside it, instead of carrying both (the worker twice over);
    each Brotli copy is its module's bytes."""
    entry = (plotly_bundle.FOLDER / plotly_bundle.ENTRY).read_text(encoding="utf-8")
    shared = (plotly_bundle.FOLDER / "maplibre-gl-shared.mjs").read_text(encoding="utf-8")
    assert re.search(r'import\s*\*\s*as\s*\w+\s*from\s*"\./maplibre-gl\.mjs"', entry)
    assert 'new URL("./maplibre-gl-worker.mjs",import.meta.url)' in entry
    # A run of MapLibre's shared code (its middle, past the module's imports) is not in Plotly's.
    assert shared[len(shared) // 2:len(shared) // 2 + 200] not in entry
    assert len(entry) < 2_000_000  # 3.06 MB with MapLibre and its worker inside
    # The SVG maps' entry carries none of MapLibre (its code, its worker, its style sheet).
    svg = (plotly_bundle.FOLDER / plotly_bundle.SVG_ENTRY).read_text(encoding="utf-8")
    assert "maplibre" not in svg.lower() and shared[len(shared) // 2:len(shared) // 2 + 200] not in svg
    for name in plotly_bundle.MODULES:
        body = (plotly_bundle.FOLDER / name).read_bytes()
        assert brotli.decompress((plotly_bundle.FOLDER / f"{name}.br").read_bytes()) == body, name


def test_pb005_no_figure_uses_what_the_bundle_leaves_out(registered: dict[str, object]) -> None:
    """The bundle leaves parts of Plotly out (menus, sliders, images, grids, range sliders, error
    bars, country names, satellite styles): a figure asking for one would silently lose it. The
    app's figures are written in Python (dashboard/, layers/), which this scans; Plotly's default
    template's error-bar styles are among what is ignored, harmlessly."""
    example = ("fig.update_layout(updatemenus=[{}], xaxis_rangeslider_visible=True)\n"
               "fig.add_layout_image(source='x')\nfig.add_trace(go.Bar(error_y={'array': [1]}))\n"
               "b = {'sliders': [], 'map': {'style': 'satellite'}, 'grid': {'rows': 2}}\n"
               "c = go.Choropleth(locationmode='country names')\nd = {'style': 'white-bg', 'text': 'images'}\n"
               "e = fig['layout']['images']\n")
    assert left_out_in(example, "example.py") == {"updatemenus", "rangeslider", "add_layout_image", "error_y",
                                                  "sliders", "satellite", "grid", "locationmode", "images"}
    assert left_out_in("d = {'style': 'white-bg', 'text': 'images', 'grid_note': 1}\n", "example.py") == set()
    used = {f"{path.relative_to(ROOT)}: {sorted(names)}"
            for folder in SOURCES for path in sorted((ROOT / folder).rglob("*.py"))
            if (names := left_out_in(path.read_text(encoding="utf-8"), str(path)))}
    assert not used, f"figures use parts the Plotly bundle leaves out (scripts/plotly_bundle/build.js): {used}"
    # And the bundle does leave them out (else this list is stale).
    assert not LEFT_OUT_LAYOUT & set(registered["layout"])  # type: ignore[call-overload]
    assert not LEFT_OUT_AXIS & set(registered["axis"])  # type: ignore[call-overload]
    assert not LEFT_OUT_TRACE & set(registered["bar"])  # type: ignore[call-overload]
    subplot = "geo" if registered["entry"] == plotly_bundle.SVG_ENTRY else "map"
    assert {"annotations", "shapes", "legend", subplot} <= set(registered["layout"])  # type: ignore[call-overload]
