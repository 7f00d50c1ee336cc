"""What browser tests do again and again: wait, read the map, click an area, pick from the picker."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from dash import Dash
from dash.testing.composite import DashComposite
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.support.ui import WebDriverWait

from geodata import admin_areas
from tests.known_data import PASSWORD

# The district map drawn: its areas, as Plotly's SVG map draws them without online tiles
# (dashboard/figures/svg_map.py, the default).
CANVAS = "#district-map .choroplethlocation"
ENTRY = "#react-entry-point"
_GRAPH = "document.querySelector('#district-map .js-plotly-plot')"


def until(dash_duo: DashComposite, condition: Callable[[], object], timeout: int = 15) -> None:
    """Wait until ``condition()`` is truthy. An element redrawn between being found and being
    read (Dash replaces a card's children when its callback answers) is read again on the next
    try rather than failing the test: the DCC journey failed once that way on a busy machine."""
    WebDriverWait(dash_duo.driver, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda _driver: condition())


def absent(dash_duo: DashComposite, selector: str) -> bool:
    """Whether nothing on the page matches ``selector``, answered at once.

    dash[testing] gives its driver a 2-second implicit wait, so ``find_elements`` that finds
    nothing returns only after 2 s: every absence checked that way cost 2 s (8 of them in the
    map's journey test alone). The page is asked directly instead (dash's own
    ``wait_for_no_elements`` does so too, but pastes the selector into quoted JavaScript, which
    breaks on selectors with quotes such as ``[data-dash-is-loading='true']``)."""
    return bool(dash_duo.driver.execute_script("return document.querySelector(arguments[0]) === null;", selector))


def plots_settled(dash_duo: DashComposite) -> bool:
    """Whether every Plotly graph on the page has finished drawing, and no redraw is waiting.

    A map's draw ends only when MapLibre has loaded its sources: until then Plotly holds the
    promises in ``_promises`` and finishes the draw when they resolve. A responsive graph
    whose box changed size redraws 100 ms later (``_resolveResize``
    is set until it has). A graph taken off the page before either is over (the user moved
    on) is purged, and the draw's last step then fails inside Plotly (plotly.js issue 5159)
    with a console error; a test that judges the console waits for this, as a user sees the
    areas only then."""
    return dash_duo.driver.execute_script(
        "return [...document.querySelectorAll('.js-plotly-plot')]"
        ".every(g => g._fullLayout && !(g._promises || []).length && !g._resolveResize);")


def wait_for_plots(dash_duo: DashComposite, timeout: int = 15) -> None:
    """Wait until the page's graphs are settled (``plots_settled``) twice, a quarter of a second
    apart: a graph resized as the last answers land redraws just after (seen in the grid
    under load, cause not pinned down)."""
    def twice() -> bool:
        if not plots_settled(dash_duo):
            return False
        time.sleep(0.25)
        return plots_settled(dash_duo)
    until(dash_duo, twice, timeout)


def legend(dash_duo: DashComposite) -> list[str]:
    """The map legend's entries as "Section: entry" text."""
    return dash_duo.driver.execute_script(
        "return [...document.querySelectorAll('#district-map-legend .legend-section')].flatMap(s =>"
        " [...s.querySelectorAll('li')].map(li => s.querySelector('.legend-title').textContent + ': '"
        " + li.textContent))")


def wait_for_legend(dash_duo: DashComposite, present: bool, text: str) -> None:
    """Wait until a legend entry containing ``text`` is (or is no longer) shown."""
    until(dash_duo, lambda: any(text in entry for entry in legend(dash_duo)) == present)


def locations(dash_duo: DashComposite) -> int:
    """How many areas the choropleth draws."""
    return dash_duo.driver.execute_script(
        f"const d = {_GRAPH}.data;"
        "return d.filter(t => t.type === 'choropleth').reduce((n, t) => n + t.locations.length, 0);")


def click_area(dash_duo: DashComposite, pcode: str) -> None:
    """Click an area on the map.

    A real click needs pixel coordinates on a WebGL canvas; emitting Plotly's own click
    event for the feature exercises the same path through dcc.Graph, once dcc.Graph has
    bound its handlers (after the map has finished loading).
    """
    until(dash_duo, lambda: dash_duo.driver.execute_script(
        f"const g = {_GRAPH}; return !!(g && g._ev && g._ev._events && g._ev._events.plotly_click);"))
    dash_duo.driver.execute_script(
        f"const g = {_GRAPH};"
        "const i = g.data[0].locations.indexOf(arguments[0]);"
        "g.emit('plotly_click', {points: [{curveNumber: 0, pointNumber: i, pointIndex: i,"
        " location: arguments[0], data: g.data[0], fullData: g._fullData[0]}]});", pcode)


def pick(dash_duo: DashComposite, typed: str, option: str, dropdown: str = "#map-district-picker") -> None:
    """Search a dropdown (the area picker unless told) as a user would, then choose the
    option with that exact text."""
    click(dash_duo, dropdown)
    search = dash_duo.find_element(f".dash-dropdown-search, {dropdown} input")
    search.send_keys(typed)
    until(dash_duo, lambda: any(o.text == option for o in dash_duo.find_elements(".dash-dropdown-option")))
    next(o for o in dash_duo.find_elements(".dash-dropdown-option") if o.text == option).click()


def sign_in(dash_duo: DashComposite, app: Dash, username: str = "hq", path: str = "/") -> None:
    """Start ``app`` and sign in through the form as a user from ``tests.known_data``, landing on ``path``."""
    dash_duo.start_server(app, navigate=False)
    dash_duo.driver.get(f"{dash_duo.server.url}/login?next={quote(path, safe='')}")
    dash_duo.find_element("#username").send_keys(username)
    dash_duo.find_element("#password").send_keys(PASSWORD)
    dash_duo.find_element("button[type=submit]").click()
    dash_duo.wait_for_element(ENTRY, timeout=30)


def url(dash_duo: DashComposite, path: str) -> str:
    """An address on the test server."""
    return dash_duo.server.url + path


def click(dash_duo: DashComposite, selector: str) -> None:
    """Scroll an element into the middle of the view, then click it as a user would."""
    element = dash_duo.find_element(selector)
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element)
    element.click()


def menu_item(dash_duo: DashComposite, component_id: dict[str, str]) -> Any:
    """The element of a pattern-matching component id (Dash writes it as sorted JSON)."""
    text = json.dumps(component_id, sort_keys=True, separators=(",", ":"))
    return dash_duo.driver.execute_script("return document.getElementById(arguments[0]);", text)


AXE = Path(__file__).resolve().parents[2] / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA rules only: the bar, and what axe can decide without a person.
AXE_RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def accessibility_problems(dash_duo: DashComposite) -> list[str]:
    """axe-core's serious and critical WCAG 2.1 A/AA violations on the page as it stands now,
    one line per violation with the elements it found (installed by ``make test``)."""
    if not AXE.exists():
        raise AssertionError(f"axe-core is missing ({AXE}): run make test, which installs it from npm")
    dash_duo.driver.execute_script(AXE.read_text(encoding="utf-8"))
    dash_duo.driver.set_script_timeout(60)
    violations = dash_duo.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
        ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' (' + n.failureSummary + ')')}))),"
        " e => done([{id: 'axe-error',"
        " impact: 'critical', help: String(e), nodes: []}]));", AXE_RULES)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes']}"
            for v in violations if v["impact"] in ("serious", "critical")]


# Text a Bangla page may show in Latin letters: names, codes and units that are written so in
# Bangla too (the programme, file formats, P-codes, km, the boundary source and its version
# "v03"), and the language switch's own "English".
LATIN_ALLOWED = {"PROTTASHA", "DCC", "DEMO", "EU", "IOM", "BRAC", "CSV", "XLSX", "Excel", "PDF", "PNG", "GeoJSON",
                 "HTML", "OCHA", "BBS", "COD", "AB", "KoboToolbox", "ODK", "MIS", "BD", "ID", "P", "Plotly",
                 "MapLibre", "OpenStreetMap", "English", "A4", "HDX", "v03", "XLSForm", "HXL",
                 "123"}  # the digits setting's own label shows what Latin digits look like


def latin_words(dash_duo: DashComposite, root: str = "#react-entry-point") -> list[str]:
    """Words in Latin letters, and numbers in Latin digits, among the visible text under
    ``root`` (SVG text of charts included), apart from LATIN_ALLOWED, P-codes, the signed-in
    user's own name, and the English names of the areas that have no checked Bangla name yet
    (geodata/bangla_names_report.md: they show in English, as the report says)."""
    words: list[str] = dash_duo.driver.execute_script(
        "const root = document.querySelector(arguments[0]);"
        "const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);"
        "const out = [];"
        "while (walker.nextNode()) { const n = walker.currentNode; const p = n.parentElement;"
        " if (!p || p.closest('script, style, .app-account, .modebar')) continue;"
        " if (!p.checkVisibility({visibilityProperty: true})) continue;"
        " out.push(...(n.textContent.match(/[A-Za-z0-9][A-Za-z0-9'’]*/g) || [])); }"
        "return out;", root)
    unnamed = {w for a in admin_areas().values() if not a.name_bn for w in a.name_en.split()}
    return sorted({w for w in words if w not in LATIN_ALLOWED | unnamed and not w.startswith("BD")})


_MARKUP = re.compile(r"%\{[^}]*\}|<[^>]+>|&[a-z]+;")


def chart_latin_words(dash_duo: DashComposite, data_words: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Latin words and digits in what the charts and maps show on hover or beside the plot
    (trace names, hover templates and their data, annotations), as ``latin_words`` counts them;
    ``data_words`` are words of names stored as data (a provider called "BRAC Sylhet")."""
    texts: list[str] = dash_duo.driver.execute_script(
        "const out = [];"
        "const add = v => { if (typeof v === 'string') out.push(v);"
        " else if (Array.isArray(v)) v.forEach(add); };"
        "for (const g of document.querySelectorAll('.js-plotly-plot')) {"
        " for (const t of (g.data || [])) { add(t.name); add(t.hovertemplate); add(t.customdata);"
        "  add(t.text); add(t.hovertext); }"
        " for (const a of ((g.layout || {}).annotations || [])) add(a.text); }"
        "return out;")
    # Plotly's own placeholders (%{customdata[0]}) and markup (<b>, <extra>) are not text.
    words = {w for text in texts for w in re.findall(r"[A-Za-z0-9][A-Za-z0-9'’]*", _MARKUP.sub(" ", text))}
    unnamed = {w for a in admin_areas().values() if not a.name_bn for w in a.name_en.split()}
    return sorted(w for w in words if w not in LATIN_ALLOWED | unnamed | data_words and not w.startswith("BD"))


def without_bangla_font(dash_duo: DashComposite) -> list[str]:
    """Visible elements showing Bangla text in a font list without the shipped Noto Sans
    Bengali (on a machine without a Bangla system font they show empty boxes), or, outside
    charts, with it behind a system font (Chromium drew a table header of the outcome page as
    boxes so)."""
    return dash_duo.driver.execute_script(
        "const walker = document.createTreeWalker(document.querySelector('#react-entry-point'),"
        " NodeFilter.SHOW_TEXT); const out = new Set();"
        "while (walker.nextNode()) { const n = walker.currentNode; const p = n.parentElement;"
        " if (!p || !/[\\u0980-\\u09ff]/.test(n.textContent) || !p.checkVisibility()) continue;"
        " const family = getComputedStyle(p).fontFamily;"
        # The page's own text must have the Bengali face first (html[lang=bn] in assets/app.css);
        # a chart's text names it in its figure's font list (dashboard/figures/style.py).
        " const first = /^\\s*\"?Noto Sans Bengali/.test(family);"
        " if (p.closest('svg') ? !family.includes('Noto Sans Bengali') : !first)"
        "  out.add(p.tagName + '.' + p.getAttribute('class') + ': ' + family); }"
        "return [...out].slice(0, 10);")


# The SVG map's view (``layout.geo``): its projection maps (lon, lat) to the graph's SVG, and its
# frame (``xaxis``/``yaxis`` offsets and lengths) is where areas are drawn.
_GEO_JS = ("const g = document.querySelector(arguments[0] + ' .js-plotly-plot');"
           "const s = g && g._fullLayout && g._fullLayout.geo && g._fullLayout.geo._subplot;"
           "const root = g && g.querySelector('.main-svg');"
           "if (!s || !s.projection || !root) return null; const b = root.getBoundingClientRect();")


def map_pixel(dash_duo: DashComposite, lat: float, lon: float, graph: str = "#district-map") -> tuple[float, float]:
    """Where (``lat``, ``lon``) is drawn on the screen."""
    x, y = dash_duo.driver.execute_script(
        _GEO_JS + "const p = s.projection([arguments[2], arguments[1]]); return [b.left + p[0], b.top + p[1]];",
        graph, lat, lon)
    return x, y


def map_view(dash_duo: DashComposite, graph: str = "#district-map") -> tuple[float, float, float, float] | None:
    """The (west, south, east, north) the map shows: its frame's corners, within the graph's box."""
    view = dash_duo.driver.execute_script(
        _GEO_JS + "const x0 = Math.max(s.xaxis._offset, 0), y0 = Math.max(s.yaxis._offset, 0);"
        "const x1 = Math.min(s.xaxis._offset + s.xaxis._length, b.width);"
        "const y1 = Math.min(s.yaxis._offset + s.yaxis._length, b.height);"
        "const nw = s.projection.invert([x0, y0]), se = s.projection.invert([x1, y1]);"
        "return [nw[0], se[1], se[0], nw[1]];", graph)
    return tuple(view) if view else None
