"""Signing in as each role and seeing what that role may see (numbers from ``tests.known_data``)."""

from __future__ import annotations

from dataclasses import replace

from dash.testing.composite import DashComposite

from dashboard.app import create_app
from dashboard.config import Settings
from tests import known_data as known
from tests.integration.helpers import CANVAS, ENTRY, sign_in, until, url
from tests.known_data import PASSWORD

SYLHET = "BD6091"


def test_ro001_a_wrong_password_says_so_and_the_right_one_opens_the_map(dash_duo: DashComposite,
                                                                        known_settings: Settings) -> None:
    dash_duo.start_server(create_app(known_settings), navigate=False)
    dash_duo.driver.get(url(dash_duo, f"/?district={SYLHET}"))  # a shared link, before signing in
    dash_duo.wait_for_element("#username", timeout=15)
    dash_duo.find_element("#username").send_keys("officer")
    dash_duo.find_element("#password").send_keys("not my password")
    dash_duo.find_element("button[type=submit]").click()
    dash_duo.wait_for_contains_text(".alert", "The user name or password is not right.", timeout=10)
    dash_duo.find_element("#password").send_keys(PASSWORD)
    dash_duo.find_element("button[type=submit]").click()
    dash_duo.wait_for_element(CANVAS, timeout=30)
    dash_duo.wait_for_text_to_equal("#map-breadcrumb", "Sylhet", timeout=15)  # back to the link (no way up)
    assert "officer" in dash_duo.find_element("#header-account").text
    # The refused password is a 401 the browser logs; nothing else may be.
    assert [e for e in dash_duo.get_logs() if "/login - Failed to load resource" not in e["message"]] == []


def test_ro002_a_district_officer_sees_their_district_and_small_counts_perturbed(dash_duo: DashComposite,
                                                                                known_settings: Settings) -> None:
    sign_in(dash_duo, create_app(known_settings), "officer")
    dash_duo.wait_for_element(CANVAS, timeout=30)
    sylhet = known.SYLHET_WOMEN + known.SYLHET_MEN  # five: at the threshold, published as five
    dash_duo.wait_for_text_to_equal("#kpi-returnees_profiled", str(sylhet), timeout=15)
    # three women from the EU: published as 0 or 5, never 3
    until(dash_duo, lambda: dash_duo.find_element("#kpi-returnees_eu").text in ("0", "5"))
    dash_duo.driver.get(url(dash_duo, f"/?district={SYLHET}&points=1"))
    dash_duo.wait_for_element(CANVAS, timeout=30)
    assert "d-none" not in dash_duo.find_element("#map-points-row").get_attribute("class")  # may see cells
    dash_duo.driver.get(url(dash_duo, "/?district=BD4047"))  # Khulna, by a crafted link
    dash_duo.wait_for_contains_text("#error-alert", "Not permitted", timeout=15)
    # Nothing about Khulna is drawn: the picker offers Sylhet only, so the map goes back there.
    dash_duo.wait_for_text_to_equal("#map-breadcrumb", "Sylhet", timeout=15)
    dash_duo.wait_for_text_to_equal("#kpi-returnees_profiled", str(sylhet), timeout=15)
    assert "district=BD6091" in dash_duo.driver.current_url
    logs = [entry for entry in dash_duo.get_logs() if "Not permitted" not in entry["message"]]
    assert logs == []


def test_ro003_headquarters_sees_every_count_and_a_viewer_no_points(dash_duo: DashComposite,
                                                                   known_settings: Settings) -> None:
    app = create_app(replace(known_settings, suppression_threshold=5))
    sign_in(dash_duo, app, "hq", f"/?district={SYLHET}")
    dash_duo.wait_for_text_to_equal("#kpi-returnees_eu", str(known.SYLHET_WOMEN), timeout=15)
    until(dash_duo, lambda: "d-none" not in dash_duo.find_element("#map-points-row").get_attribute("class"))
    dash_duo.find_element("#header-account button[type=submit]").click()  # sign out (a POST)
    dash_duo.wait_for_element("#username", timeout=15)
    dash_duo.find_element("#username").send_keys("viewer")
    dash_duo.find_element("#password").send_keys(PASSWORD)
    dash_duo.find_element("button[type=submit]").click()
    dash_duo.wait_for_element(ENTRY, timeout=30)
    dash_duo.driver.get(url(dash_duo, f"/?district={SYLHET}&points=1"))
    until(dash_duo, lambda: dash_duo.find_element("#kpi-returnees_eu").text in ("0", "5"))  # never 3
    assert "d-none" in dash_duo.find_element("#map-points-row").get_attribute("class")
    assert dash_duo.get_logs() == []
