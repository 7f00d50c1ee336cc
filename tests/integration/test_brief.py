"""From the district view to its brief: the menu appears for a district and links to the
brief of the period and language on screen."""

from __future__ import annotations

from dash.testing.composite import DashComposite

from dashboard.app import create_app
from dashboard.config import Settings
from tests.integration.helpers import click, sign_in, until, url


def test_br001_district_view_offers_its_brief_in_the_language_on_screen(dash_duo: DashComposite,
                                                                        known_settings: Settings) -> None:
    sign_in(dash_duo, create_app(known_settings), "hq", "/?from=2018-01-01&to=2018-12-31")
    dash_duo.wait_for_element("#kpi-cards .card", timeout=30)
    assert "d-none" in dash_duo.find_element("#kpi-brief").get_attribute("class")  # no district: no brief
    dash_duo.driver.get(url(dash_duo, "/?district=BD6091&from=2018-01-01&to=2018-12-31"))
    until(dash_duo, lambda: "d-none" not in dash_duo.find_element("#kpi-brief").get_attribute("class"))
    click(dash_duo, "#kpi-brief > button")
    pdf = dash_duo.find_element("#kpi-brief-pdf").get_attribute("href")
    assert pdf.endswith("/brief/BD6091.pdf?lang=en&from=2018-01-01&to=2018-12-31")
    click(dash_duo, "#language-picker label[for$='_input_bn']")
    until(dash_duo, lambda: "lang=bn" in dash_duo.find_element("#kpi-brief-html").get_attribute("href"))
    dash_duo.driver.get(dash_duo.find_element("#kpi-brief-html").get_attribute("href"))
    dash_duo.wait_for_contains_text("h1", "জেলা সংক্ষিপ্তসার: সিলেট", timeout=30)
    assert dash_duo.get_logs() == []
