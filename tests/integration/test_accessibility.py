"""Every page, in both languages: no serious or critical WCAG 2.1 A/AA violation (axe-core),
and in Bangla no English left on screen.

Pages are checked as drawn for a headquarters administrator (who sees every control),
in a district where the page needs one.
"""

from __future__ import annotations

import contextlib

import pytest
from dash.testing.composite import DashComposite
from selenium.common.exceptions import TimeoutException

from dashboard.app_factory import create_app
from dashboard.config import Settings
from tests.integration.helpers import accessibility_problems, latin_words, sign_in, until

# (path, what must be on screen before the page counts as drawn)
PAGES = {
    "map": ("/?district=BD6091&layers=returnees,dcc_activity,fairs,providers",
            ("#district-map .maplibregl-canvas", "#kpi-returnees_profiled")),
    "gaps": ("/gaps?district=BD6091&service=job_placement", ("#gaps-map .maplibregl-canvas", "#gaps-table table")),
    "compare": ("/compare?peer=BD6091", ("#compare-ranking table", "#compare-small .main-svg")),
    "dcc": ("/dcc?district=BD6091", ("#dcc-cards .card", "#dcc-timeline")),
    "import": ("/import", ("#import-drop",)),
}
BANGLA = "label[for='_dbcprivate_radioitems_language-picker_input_bn']"


def _drawn(dash_duo: DashComposite, selectors: tuple[str, ...]) -> None:
    for selector in selectors:
        dash_duo.wait_for_element(selector, timeout=30)
    until(dash_duo, lambda: not dash_duo.find_elements("[data-dash-is-loading='true']"), timeout=30)


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
    problems = accessibility_problems(dash_duo)
    assert not problems, "Bangla:\n" + "\n".join(problems)
    # On a 360 px phone the page fits the screen: wide tables scroll inside their own box.
    dash_duo.driver.set_window_size(360, 780)
    with contextlib.suppress(TimeoutException):
        until(dash_duo, lambda: _overflow(dash_duo) == [], timeout=5)
    wide = _overflow(dash_duo)
    assert not wide, f"wider than a 360 px phone: {wide}"


def _overflow(dash_duo: DashComposite) -> list[str]:
    """Elements sticking out past the right edge of the window (none when the page fits)."""
    return dash_duo.driver.execute_script(
        "const w = document.documentElement.clientWidth;"
        "if (document.documentElement.scrollWidth <= w) return [];"
        "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1"
        " && e.checkVisibility()).slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className);")
