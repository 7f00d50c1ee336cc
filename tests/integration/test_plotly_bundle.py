"""The graphs are drawn by the partial Plotly (ES modules, MapLibre's beside it), and the
full plotly.min.js is never fetched (issue 33), in English and Bangla: the map (areas and
layers' points) and the DCC page's chart (bars and a line). Each trace is checked to be drawn
as the type its figure gives it: a type the bundle lacks would leave the graph silently empty."""

from __future__ import annotations

import re

from dash.testing.composite import DashComposite

from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.web.plotly_bundle import PLOTLY_JS_VERSION
from tests.integration.helpers import CANVAS, sign_in, until, url

BANGLA = "label[for='_dbcprivate_radioitems_language-picker_input_bn']"
ENGLISH = "label[for='_dbcprivate_radioitems_language-picker_input_en']"
# Per graph on the page: [declared type, type Plotly drew it as] for every trace.
DRAWN = ("return [...document.querySelectorAll(arguments[0] + ' .js-plotly-plot')].map(g =>"
         " (g.data || []).map((t, i) => [t.type || 'scatter', ((g._fullData || [])[i] || {}).type]))")


def _scripts(dash_duo: DashComposite) -> list[str]:
    """Every script the page fetched: Dash's (script tags) and Plotly's modules (preloaded)."""
    return dash_duo.driver.execute_script(
        "return performance.getEntriesByType('resource')"
        ".filter(e => e.initiatorType === 'script' || /\\.m?js$/.test(new URL(e.name).pathname))"
        ".map(e => new URL(e.name).pathname)")


def _drawn(dash_duo: DashComposite, selector: str, types: set[str]) -> list[list[str]]:
    """The traces of the graphs under ``selector`` once they hold every type in ``types``."""
    until(dash_duo, lambda: types <= {t for graph in dash_duo.driver.execute_script(DRAWN, selector)
                                      for t, _ in graph}, timeout=30)
    return [trace for graph in dash_duo.driver.execute_script(DRAWN, selector) for trace in graph]


def _in_language(dash_duo: DashComposite, lang: str) -> None:
    until(dash_duo, lambda: dash_duo.driver.execute_script("return document.documentElement.lang") == lang)


def _plotly_was_the_bundle(dash_duo: DashComposite) -> None:
    scripts = _scripts(dash_duo)
    plotly = [s for s in scripts if "plotly" in s.lower() and not s.startswith("/assets/")]  # not its loader
    assert plotly and all(re.fullmatch(rf"/vendor/plotly-{re.escape(PLOTLY_JS_VERSION)}-[0-9a-f]{{16}}/[\w-]+\.mjs", s)
                          for s in plotly), plotly
    assert not any("plotly.min.js" in s or "package_data" in s for s in scripts), scripts
    assert dash_duo.driver.execute_script("return Plotly.version") == PLOTLY_JS_VERSION
    # Dash's lazily loaded components ran on regenerator-runtime, without Dash's @babel/polyfill.
    assert dash_duo.driver.execute_script(
        "return typeof regeneratorRuntime.mark === 'function' && window._babelPolyfill === undefined")


def test_pb101_graphs_are_drawn_by_the_bundle_in_both_languages(dash_duo: DashComposite,
                                                                demo_settings: Settings) -> None:
    sign_in(dash_duo, create_app(demo_settings), "member")
    for lang in ("en", "bn"):
        dash_duo.driver.get(url(dash_duo, "/?layers=returnees,dcc_activity,providers"))
        dash_duo.wait_for_element(CANVAS, timeout=30)
        dash_duo.find_element(BANGLA if lang == "bn" else ENGLISH).click()
        _in_language(dash_duo, lang)
        traces = _drawn(dash_duo, "#district-map", {"choropleth", "scattergeo"})
        assert all(declared == drawn for declared, drawn in traces), traces
        assert any(_scripts(dash_duo)), "no script was loaded"
        _plotly_was_the_bundle(dash_duo)

        dash_duo.driver.get(url(dash_duo, "/dcc"))  # the language is kept across pages
        _in_language(dash_duo, lang)
        traces = _drawn(dash_duo, "#dcc-rhythm", {"bar", "scatter"})
        assert all(declared == drawn for declared, drawn in traces), traces
        assert dash_duo.driver.execute_script(
            "return document.querySelectorAll('#dcc-rhythm .barlayer .point path').length") > 0
        _plotly_was_the_bundle(dash_duo)
    assert dash_duo.get_logs() == []
