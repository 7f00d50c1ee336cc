"""Browser journeys on the period: dates typed as a user types them, and the period presets.

Expected numbers come from ``tests.known_data`` (rows the test set made): every returnee was
profiled on 1 June 2018 (the factories' default), the one migration fair held on 1 February 2019.
"""

from __future__ import annotations

from dash.testing.composite import DashComposite
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from dashboard.app import create_app
from dashboard.config import Settings
from tests import known_data as known
from tests.integration.helpers import CANVAS, accessibility_problems, click, sign_in, until

START, END = "#filter-period", "#filter-period-end-date"


def _open_filters(dash_duo: DashComposite) -> None:
    dash_duo.wait_for_element(CANVAS, timeout=30)
    dash_duo.wait_for_text_to_equal("#kpi-returnees_profiled", str(known.RETURNEES), timeout=15)
    click(dash_duo, "#filter-panel summary")


def test_pe001_a_typed_start_date_is_kept_when_the_user_clicks_into_the_end_date(
        dash_duo: DashComposite, known_settings: Settings) -> None:
    sign_in(dash_duo, create_app(known_settings))
    _open_filters(dash_duo)
    click(dash_duo, START)
    dash_duo.find_element(START).send_keys("2019-01-01")
    click(dash_duo, END)  # no Tab, no Enter: the user moves on with the mouse
    until(dash_duo, lambda: "from=2019-01-01" in dash_duo.driver.current_url)
    dash_duo.find_element(END).send_keys("2019-12-31", Keys.ENTER)
    until(dash_duo, lambda: "to=2019-12-31" in dash_duo.driver.current_url)
    assert "from=2019-01-01" in dash_duo.driver.current_url
    dash_duo.wait_for_text_to_equal("#kpi-period", "1 January 2019 to 31 December 2019", timeout=15)
    # Every returnee was profiled in 2018; the one fair was held in 2019.
    dash_duo.wait_for_text_to_equal("#kpi-returnees_profiled", "0", timeout=15)
    dash_duo.wait_for_text_to_equal("#kpi-migration_fairs", str(known.FAIRS), timeout=15)
    assert dash_duo.find_element(START).get_attribute("value") == "2019-01-01"
    # The dates typed are a programme year: the preset list says so.
    until(dash_duo, lambda: Select(dash_duo.find_element("#filter-preset")).first_selected_option.text
          == "Programme year 2019")
    assert dash_duo.get_logs() == []


def test_pe002_choosing_the_programme_year_2019_sets_the_period(dash_duo: DashComposite,
                                                              known_settings: Settings) -> None:
    sign_in(dash_duo, create_app(known_settings), "member")  # a DCC member of Sylhet
    dash_duo.wait_for_element(CANVAS, timeout=30)
    click(dash_duo, "#filter-panel summary")
    presets = Select(dash_duo.find_element("#filter-preset"))
    assert presets.first_selected_option.text == "Whole programme"
    assert [o.text for o in presets.options if o.get_attribute("value")] == [
        "Custom dates", "This quarter", "Last quarter", "This year", "Last 12 months", "Programme year 2017",
        "Programme year 2018", "Programme year 2019", "Programme year 2020", "Whole programme"]
    problems = accessibility_problems(dash_duo)  # the open panel, its preset list named by its label
    assert not problems, "\n".join(problems)
    presets.select_by_visible_text("Programme year 2019")
    until(dash_duo, lambda: "from=2019-01-01" in dash_duo.driver.current_url
          and "to=2019-12-31" in dash_duo.driver.current_url)
    dash_duo.wait_for_text_to_equal("#kpi-period", "1 January 2019 to 31 December 2019", timeout=15)
    until(dash_duo, lambda: dash_duo.find_element(START).get_attribute("value") == "2019-01-01"
          and dash_duo.find_element(END).get_attribute("value") == "2019-12-31")
    dash_duo.wait_for_contains_text("#filter-chips", "1 January 2019 to 31 December 2019", timeout=10)
    # Sylhet's returnees were all profiled in 2018: none in 2019 (0 is published as 0).
    dash_duo.wait_for_text_to_equal("#kpi-returnees_profiled", "0", timeout=15)

    Select(dash_duo.find_element("#filter-preset")).select_by_visible_text("Whole programme")
    until(dash_duo, lambda: "from=" not in dash_duo.driver.current_url and "to=" not in dash_duo.driver.current_url)
    dash_duo.wait_for_text_to_equal("#kpi-period", "Whole programme, April 2017 – April 2020", timeout=15)
    assert dash_duo.get_logs() == []
