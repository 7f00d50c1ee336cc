"""Journeys on the comparison page, on ``tests.known_data`` (numbers counted by hand there)."""

from __future__ import annotations

from dash.testing.composite import DashComposite
from selenium.webdriver.common.keys import Keys

from dashboard.app import create_app
from dashboard.config import Settings
from tests.integration.helpers import CANVAS, absent, click, pick, sign_in, until, url

KHULNA, SYLHET = "BD4047", "BD6091"


def _first_row(dash_duo: DashComposite) -> list[str]:
    cells = dash_duo.find_elements("#compare-ranking td[data-dash-row='0']")
    return [c.text for c in cells]


def test_cm001_headquarters_rank_by_an_indicator_sort_and_open_a_district(dash_duo: DashComposite,
                                                                           known_settings: Settings) -> None:
    sign_in(dash_duo, create_app(known_settings), "hq", "/compare")
    dash_duo.wait_for_element("#compare-ranking table", timeout=30)
    # Returnees profiled, most first: Sylhet's 5 before Khulna's 4.
    until(dash_duo, lambda: _first_row(dash_duo)[:2] == ["Sylhet", "5"])
    pick(dash_duo, "fairs", "Migration fairs", "#compare-indicator")
    until(dash_duo, lambda: _first_row(dash_duo)[:2] == ["Khulna", "1"])  # the one fair is in Dumuria
    assert "indicator=migration_fairs" in dash_duo.driver.current_url
    # Sort the other way by clicking the column's sort control: a district with no fair comes first.
    click(dash_duo, "#compare-ranking th[data-dash-column='value'] .column-header--sort")
    until(dash_duo, lambda: _first_row(dash_duo)[1] == "0")
    # Search for Khulna in the header row and open it on the map.
    search = dash_duo.find_element("#compare-ranking th[data-dash-column='name'] input")
    search.send_keys("Khul", Keys.ENTER)
    until(dash_duo, lambda: _first_row(dash_duo)[0] == "Khulna")
    click(dash_duo, "#compare-ranking td[data-dash-row='0'][data-dash-column='name']")
    dash_duo.wait_for_element(CANVAS, timeout=30)
    dash_duo.wait_for_text_to_equal("#map-breadcrumb", "Bangladesh\nKhulna", timeout=15)
    assert f"district={KHULNA}" in dash_duo.driver.current_url
    assert dash_duo.get_logs() == []


def test_cm002_an_administrator_sets_a_target_and_the_map_card_follows(dash_duo: DashComposite,
                                                                       fresh_known_settings: Settings) -> None:
    sign_in(dash_duo, create_app(fresh_known_settings), "admin", f"/?district={SYLHET}")
    dash_duo.wait_for_text_to_equal("#kpi-returnees_profiled", "5", timeout=30)
    assert "Target" not in dash_duo.find_element("#kpi-cards").text.split("Returnees profiled")[1][:40]
    dash_duo.driver.get(url(dash_duo, "/compare"))
    dash_duo.wait_for_element("#targets-panel", timeout=30)
    pick(dash_duo, "Sylh", "Sylhet", "#targets-district")
    value = dash_duo.find_element("#targets-value")
    value.send_keys("x10", Keys.TAB)
    click(dash_duo, "#targets-save")
    dash_duo.wait_for_contains_text("#targets-message", "whole number", timeout=15)  # "x10" refused
    value.clear()
    value.send_keys("10", Keys.TAB)
    click(dash_duo, "#targets-save")
    dash_duo.wait_for_contains_text("#targets-message", "Saved", timeout=15)
    dash_duo.wait_for_contains_text("#targets-table", "10", timeout=15)
    dash_duo.driver.get(url(dash_duo, f"/?district={SYLHET}"))
    dash_duo.wait_for_contains_text("#kpi-cards", "Target 10", timeout=30)  # 5 of 10: half way
    assert dash_duo.get_logs() == []


def test_cm003_a_district_officer_has_no_editor_and_sees_only_their_district(dash_duo: DashComposite,
                                                                             known_settings: Settings) -> None:
    sign_in(dash_duo, create_app(known_settings), "officer", "/compare")
    dash_duo.wait_for_element("#compare-ranking table", timeout=30)
    until(dash_duo, lambda: _first_row(dash_duo)[0] == "Sylhet")
    assert len(dash_duo.find_elements("#compare-ranking td[data-dash-column='name']")) == 1
    assert absent(dash_duo, "#targets-panel")
    dash_duo.wait_for_contains_text("#compare-peer-note", "names are not shown", timeout=15)
    assert "Khulna" not in dash_duo.find_element("#compare-peers").text


def _focused(dash_duo: DashComposite) -> tuple[str | None, str | None]:
    """The ranking cell the keyboard is on: (row, column), or Nones when focus is elsewhere."""
    return tuple(dash_duo.driver.execute_script(  # type: ignore[return-value]
        "const c = document.activeElement;"
        "return c && c.matches('#compare-ranking td.dash-cell') ? [c.dataset.dashRow, c.dataset.dashColumn]"
        " : [null, null];"))


def test_cm004_the_ranking_cells_are_reached_and_used_by_keyboard(dash_duo: DashComposite,
                                                                  known_settings: Settings) -> None:
    sign_in(dash_duo, create_app(known_settings), "hq", "/compare")
    dash_duo.wait_for_element("#compare-ranking table", timeout=30)
    until(dash_duo, lambda: _first_row(dash_duo)[:2] == ["Sylhet", "5"])
    # Tab on from the header row's last search box (and its case toggle): the next stop is the
    # table's first cell, and only one cell is a tab stop (Tab does not walk through every cell).
    search = dash_duo.find_elements("#compare-ranking th input[type=text]")[-1]
    search.click()
    search.send_keys(Keys.TAB, Keys.TAB)  # its case toggle, then the first cell
    until(dash_duo, lambda: _focused(dash_duo) == ("0", "name"))
    stops = dash_duo.find_elements("#compare-ranking td.dash-cell[tabindex='0']")
    assert len(stops) == 1
    # Arrows move between cells; Enter on a district's name opens it on the map, as a click does.
    active = dash_duo.driver.switch_to.active_element
    active.send_keys(Keys.ARROW_DOWN)
    until(dash_duo, lambda: _focused(dash_duo) == ("1", "name"))
    dash_duo.driver.switch_to.active_element.send_keys(Keys.ARROW_UP, Keys.ENTER)
    dash_duo.wait_for_element(CANVAS, timeout=30)
    dash_duo.wait_for_text_to_equal("#map-breadcrumb", "Bangladesh\nSylhet", timeout=15)
    assert dash_duo.get_logs() == []
