"""Every page, in both languages: no serious or critical WCAG 2.1 A/AA violation (axe-core),
and in Bangla no English left on screen.

Pages are checked as drawn for a headquarters administrator (who sees every control),
in a district where the page needs one.
"""

from __future__ import annotations

import contextlib
import re

import pytest
from dash.testing.composite import DashComposite
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.keys import Keys
from sqlalchemy import create_engine, text

from dashboard.app import create_app
from dashboard.config import Settings
from tests.integration.helpers import (
    absent,
    accessibility_problems,
    chart_latin_words,
    latin_words,
    sign_in,
    until,
    without_bangla_font,
)

# (path, what must be on screen before the page counts as drawn)
PAGES = {
    "map": ("/?district=BD6091&layers=returnees,dcc_activity,fairs,providers",
            ("#district-map .choroplethlocation", "#kpi-returnees_profiled")),
    # The map's timeline on a quarter's change, with the split view open (issue 30).
    "map timeline": ("/?district=BD6091&layers=&timeline=quarter&step=2018-Q3&change=abs&split=1",
                     ("#district-map .choroplethlocation", "#map-split-grid .js-plotly-plot", "#map-timeline-showing")),
    "gaps": ("/gaps?district=BD6091&service=job_placement", ("#gaps-map .choroplethlocation", "#gaps-table table")),
    "compare": ("/compare?peer=BD6091", ("#compare-ranking table", "#compare-small .main-svg")),
    "dcc": ("/dcc?district=BD6091", ("#dcc-cards .card", "#dcc-timeline")),
    # With no surveys in this data set: the outcome page's empty states, in both languages (issue 29).
    "outcomes": ("/outcomes?district=BD6091", ("#outcomes-map .js-plotly-plot", "#outcomes-summary")),
    "import": ("/import", ("#import-drop",)),
    "help": ("/help?district=BD6091", ("#help-heading",)),
}
BANGLA = "label[for='_dbcprivate_radioitems_language-picker_input_bn']"


def _drawn(dash_duo: DashComposite, selectors: tuple[str, ...]) -> None:
    for selector in selectors:
        dash_duo.wait_for_element(selector, timeout=30)
    until(dash_duo, lambda: absent(dash_duo, "[data-dash-is-loading='true']"), timeout=30)


@pytest.mark.parametrize("page", list(PAGES))
def test_ax001_page_is_accessible_and_all_bangla(dash_duo: DashComposite, known_settings: Settings,
                                                 page: str) -> None:
    path, ready = PAGES[page]
    sign_in(dash_duo, create_app(known_settings), "admin", path)
    _drawn(dash_duo, ready)
    problems = accessibility_problems(dash_duo)
    assert not problems, "English:\n" + "\n".join(problems)
    dash_duo.find_element(BANGLA).click()
    until(dash_duo, lambda: dash_duo.driver.execute_script("return document.documentElement.lang") == "bn")
    _drawn(dash_duo, ready)
    with contextlib.suppress(TimeoutException):  # the assertion below says which words are left
        until(dash_duo, lambda: latin_words(dash_duo) == [], timeout=10)
    left = latin_words(dash_duo)
    assert not left, f"English left on the Bangla page: {left}"
    boxes = without_bangla_font(dash_duo)
    assert not boxes, f"Bangla in a font without Bangla letters: {boxes}"
    hidden = chart_latin_words(dash_duo, _stored_names(known_settings))  # hovers are text too, once pointed at
    assert not hidden, f"English left in the Bangla charts: {hidden}"
    if page not in ("import", "help"):  # the pages with charts: their buttons' tooltips and names
        with contextlib.suppress(TimeoutException):
            until(dash_duo, lambda: _modebar_titles(dash_duo) and not _latin(_modebar_titles(dash_duo)), timeout=10)
        titles = _modebar_titles(dash_duo)
        assert titles and not _latin(titles), f"chart buttons titled in English on the Bangla page: {titles}"
    problems = accessibility_problems(dash_duo)
    assert not problems, "Bangla:\n" + "\n".join(problems)
    # On a 360 px phone the page fits the screen: wide tables scroll inside their own box.
    dash_duo.driver.set_window_size(360, 780)
    with contextlib.suppress(TimeoutException):
        until(dash_duo, lambda: _overflow(dash_duo) == [], timeout=5)
    wide = _overflow(dash_duo)
    assert not wide, f"wider than a 360 px phone: {wide}"


def _modebar_titles(dash_duo: DashComposite) -> list[str]:
    """The titles (tooltips) and names of the charts' mode-bar buttons on the page."""
    return dash_duo.driver.execute_script(
        "return [...document.querySelectorAll('.modebar-btn')].flatMap("
        "b => [b.getAttribute('data-title'), b.getAttribute('aria-label')]).filter(Boolean);")


def _latin(texts: list[str]) -> list[str]:
    """Those of ``texts`` with a Latin letter in them (PNG, a file format, is written so in Bangla)."""
    return [text for text in texts if re.search(r"[A-Za-z]", text.replace("PNG", ""))]


def _overflow(dash_duo: DashComposite) -> list[str]:
    """Elements sticking out past the right edge of the window (none when the page fits)."""
    return dash_duo.driver.execute_script(
        "const w = document.documentElement.clientWidth;"
        "if (document.documentElement.scrollWidth <= w) return [];"
        "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1"
        " && e.checkVisibility()).slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className);")


def test_ax002_a_keyboard_alone_reaches_a_district(dash_duo: DashComposite, known_settings: Settings) -> None:
    """Tab to the area picker, open it, type, choose with Enter: the map drills in, and the
    focused control shows where focus is."""
    sign_in(dash_duo, create_app(known_settings), "hq")
    _drawn(dash_duo, PAGES["map"][1][:1])
    body = dash_duo.find_element("body")
    for _ in range(60):
        body = dash_duo.driver.switch_to.active_element
        if dash_duo.driver.execute_script("return document.activeElement.id") == "map-district-picker":
            break
        body.send_keys(Keys.TAB)
    picker = dash_duo.driver.switch_to.active_element
    assert picker.get_attribute("id") == "map-district-picker", "Tab never reached the area picker"
    outline = dash_duo.driver.execute_script(
        "const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.boxShadow];")
    assert outline[0] != "none" or outline[1] != "none", "no visible focus on the picker"
    picker.send_keys(Keys.ENTER)
    dash_duo.driver.switch_to.active_element.send_keys("Sylh")
    until(dash_duo, lambda: any(o.text == "Sylhet" for o in dash_duo.find_elements(".dash-dropdown-option")))
    dash_duo.driver.switch_to.active_element.send_keys(Keys.ENTER)
    dash_duo.wait_for_text_to_equal("#map-breadcrumb", "Bangladesh\nSylhet", timeout=15)


def _stored_names(settings: Settings) -> set[str]:
    """Words of provider and organisation names: data, written as the field teams wrote them."""
    engine = create_engine(settings.database_url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT name, organisation FROM providers")).all()
    engine.dispose()
    return {w for row in rows for value in row if value for w in str(value).split()}
