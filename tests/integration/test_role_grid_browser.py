"""The browser half of the role × page grid: each role opens each page it may, in English and
in Bangla, and sees the page's main figure drawn, no error alert and no console error.

The grid is generated: roles from ``dashboard.core.access.Role`` (one user each in
``tests.known_data.USERS``), pages from Dash's page registry, and who may open what from each
page's ``permission`` and ``GRANTS``. ``tests/test_role_page_grid.py`` sends every callback
without a browser; this module checks what only a browser shows (the map's WebGL canvas, the
ranking table, the console), on the demo data, whose small counts are hidden below headquarters.

One browser per role: it signs in once and moves between pages by the navigation bar, as a user
does (a full reload per cell would triple the run on a 2-core machine). Problems are gathered
over the role's whole grid and reported together, so one run shows every failing cell.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import dash
import pytest
from dash.testing.composite import DashComposite
from selenium.common.exceptions import TimeoutException

from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.core.access import GRANTS, Role
from dashboard.i18n import LANGUAGES, t
from dashboard.ui.ids import ERROR_ALERT
from tests.integration.helpers import legend, sign_in, until, url, wait_for_plots
from tests.known_data import USERS

SYLHET = "BD6091"
USER_OF_ROLE = {Role(role): (name, districts) for name, (role, districts) in USERS.items()}
DRAWN_TIMEOUT = 30  # the first map of a run loads MapLibre and the boundaries over a shared core


def _plot_points(dash_duo: DashComposite, graph: str) -> int:
    """How many locations or points the Plotly figure under ``graph`` draws (0 before it exists)."""
    return dash_duo.driver.execute_script(
        "const g = document.querySelector(arguments[0] + ' .js-plotly-plot');"
        "if (!g || !g.data) return 0;"
        "return g.data.reduce((n, t) => n + ((t.locations || t.lat || []).length), 0);", graph)


def _text(dash_duo: DashComposite, selector: str) -> str | None:
    """The visible text of the first element matching ``selector``, or None; read in one script,
    because Dash replaces elements as callbacks answer (a found element may go stale)."""
    return dash_duo.driver.execute_script(
        "const e = document.querySelector(arguments[0]); return e ? e.innerText : null;", selector)


def _map(dash_duo: DashComposite, lang: str, district: str | None) -> bool:
    # The canvas alone is drawn before the areas: wait for areas in the figure and a filled legend.
    # (An SVG path has no innerText: asked for by its presence.)
    return bool(dash_duo.driver.execute_script("return !!document.querySelector(arguments[0]);",
                                               "#district-map .choroplethlocation")
                and _plot_points(dash_duo, "#district-map") > 0 and legend(dash_duo))


def _compare(dash_duo: DashComposite, lang: str, district: str | None) -> bool:
    return _text(dash_duo, "#compare-ranking td[data-dash-row='0']") is not None


def _dcc(dash_duo: DashComposite, lang: str, district: str | None) -> bool:
    # Below headquarters the page picks the user's own district; with none chosen it asks for one.
    if _text(dash_duo, "#dcc-card-on_time") is not None:
        return True
    return district is None and _text(dash_duo, "#dcc-cards") == t("dcc.choose", lang)


def _gaps(dash_duo: DashComposite, lang: str, district: str | None) -> bool:
    if _text(dash_duo, "#gaps-table tbody tr") is not None and _plot_points(dash_duo, "#gaps-map") > 0:
        return True
    return district is None and _text(dash_duo, "#gaps-summary") == t("gaps.choose", lang)


def _import(dash_duo: DashComposite, lang: str, district: str | None) -> bool:
    return _text(dash_duo, "#import-file") is not None  # put in its slot by assets/upload.js


def _help(dash_duo: DashComposite, lang: str, district: str | None) -> bool:
    return _text(dash_duo, "#help-heading") == t("help.heading", lang)


def _outcomes(dash_duo: DashComposite, lang: str, district: str | None) -> bool:
    # The score map's areas (hidden ones drawn grey) and the summary sentence above it.
    return _plot_points(dash_duo, "#outcomes-map") > 0 and bool(_text(dash_duo, "#outcomes-summary"))


# How to tell each page's main figure is drawn, by the page's path. A new page fails the grid
# until it says here what "drawn" means for it.
DRAWN: dict[str, Callable[[DashComposite, str, str | None], bool]] = {
    "/": _map, "/compare": _compare, "/dcc": _dcc, "/gaps": _gaps, "/import": _import, "/help": _help,
    "/outcomes": _outcomes,
}


def _searches(role: Role) -> list[str | None]:
    """The districts a role opens pages with: its own below headquarters; none for national
    roles; the headquarters analyst also Sylhet (a district view without suppression). The
    administrator's district views are the analyst's (both see every count); its extra page
    and controls are opened nationally, which keeps the module near three minutes."""
    _name, districts = USER_OF_ROLE[role]
    if districts:
        return list(districts)
    return [None, SYLHET] if role == Role.HQ_ANALYST else [None]


def _click(dash_duo: DashComposite, script: str, *args: Any) -> bool:
    """Click the element ``script`` returns (null: none yet), found and clicked in one script:
    Dash redraws the header and the navigation bar as callbacks answer, so an element found
    by one WebDriver call may be gone by the next."""
    return dash_duo.driver.execute_script(
        f"const e = (() => {{ {script} }})(); if (!e) return false;"
        "e.scrollIntoView({block: 'center', behavior: 'instant'}); e.click(); return true;", *args)


def _choose_language(dash_duo: DashComposite, lang: str) -> None:
    until(dash_duo, lambda: _click(dash_duo, "return document.querySelector(arguments[0]);",
                                   f"label[for='_dbcprivate_radioitems_language-picker_input_{lang}']"))
    until(dash_duo, lambda: dash_duo.driver.execute_script("return document.documentElement.lang") == lang)


def _open(dash_duo: DashComposite, page: dict[str, Any]) -> bool:
    """Follow the header's link to ``page`` (the navigation bar's, or the help link beside the
    account); False when there is none (the bar is redrawn on every change of address, so it
    may be empty for a moment)."""
    try:
        until(dash_duo, lambda: _click(dash_duo, "return [...document.querySelectorAll('#page-nav a, #header-help')]"
                                                 ".find(a => new URL(a.href).pathname === arguments[0]);",
                                       page["relative_path"]), timeout=10)
    except TimeoutException:
        return False
    return True


def _console_errors(dash_duo: DashComposite) -> list[str]:
    """Severe entries of the browser console since the last call (Chrome hands each out once).
    None is excused: on this app the favicon is served and nothing is refused on a permitted page."""
    return [entry["message"] for entry in dash_duo.driver.get_log("browser") if entry["level"] == "SEVERE"]


def _visit(dash_duo: DashComposite, page: dict[str, Any], lang: str, district: str | None) -> list[str]:
    """Open ``page`` from the navigation bar; the problems seen there."""
    problems = []
    if not _open(dash_duo, page):
        return ["no link in the navigation bar"]
    label = t(page["label_key"], lang)
    try:
        if page.get("nav", True):
            until(dash_duo, lambda: _text(dash_duo, "#page-nav .nav-link.active") == label, timeout=15)
        until(dash_duo, lambda: DRAWN[page["path"]](dash_duo, lang, district), timeout=DRAWN_TIMEOUT)
        # Drawn as the user sees it: Plotly done drawing (a map left mid-draw logs Plotly's own
        # error when the next page replaces it).
        wait_for_plots(dash_duo, timeout=DRAWN_TIMEOUT)
    except TimeoutException:
        problems.append("main figure not drawn")
    # Every callback answered: a late failure would otherwise open the alert after the checks.
    try:
        until(dash_duo, lambda: dash_duo.redux_state_rqs == [], timeout=30)
    except TimeoutException:
        problems.append("callbacks still pending")
    if district and f"district={district}" not in dash_duo.driver.current_url:
        problems.append(f"the district was lost: {dash_duo.driver.current_url}")
    alert = _text(dash_duo, f"#{ERROR_ALERT}")
    if alert:  # closed, the alert is not in the page (or has no visible text)
        problems.append(f"error alert: {alert}")
        # It stays open across pages: close it, as a user would, so the next cell is judged alone.
        _click(dash_duo, "return document.querySelector(arguments[0]);", f"#{ERROR_ALERT} .btn-close")
        until(dash_duo, lambda: not _text(dash_duo, f"#{ERROR_ALERT}"), timeout=10)
    content = _text(dash_duo, "#page-content") or ""
    for key in ("page.not_permitted", "error.generic"):
        if t(key, lang) in content:
            problems.append(f"says {t(key, lang)!r}")
    problems.extend(f"console: {message}" for message in _console_errors(dash_duo))
    return problems


def test_rb000_every_role_and_every_page_is_in_the_grid(demo_settings: Settings) -> None:
    """A role without a test user, or a page without a "drawn" check, would leave the grid silently."""
    create_app(demo_settings)  # registers the pages
    assert set(USER_OF_ROLE) == set(Role)
    assert {page["path"] for page in dash.page_registry.values()} <= set(DRAWN)


@pytest.mark.parametrize("role", sorted(Role))
def test_rb001_each_role_sees_each_of_its_pages_drawn_in_both_languages(dash_duo: DashComposite,
                                                                        demo_settings: Settings, role: Role) -> None:
    app = create_app(demo_settings)
    pages = [page for page in dash.page_registry.values() if page["permission"] in GRANTS[role]]
    assert pages, f"{role} may open no page"
    missing = [page["path"] for page in pages if page["path"] not in DRAWN]
    assert not missing, f"say in DRAWN how to tell these pages are drawn: {missing}"
    name, _districts = USER_OF_ROLE[role]
    problems: list[str] = []
    for number, district in enumerate(_searches(role)):
        search = f"?district={district}" if district else ""
        if number == 0:
            sign_in(dash_duo, app, name, pages[0]["relative_path"] + search)
        else:
            dash_duo.driver.get(url(dash_duo, pages[0]["relative_path"] + search))
        for lang in LANGUAGES:
            _choose_language(dash_duo, lang)
            for page in pages:
                problems.extend(f"[{page['path']} {lang} {district or 'national'}] {problem}"
                                for problem in _visit(dash_duo, page, lang, district))
    assert not problems, f"{role} ({name}):\n" + "\n".join(f"  {problem}" for problem in problems)
