"""The app makes no request to any outside host: district offices may have no internet."""

from __future__ import annotations

import json
import re
from urllib.parse import urlparse

from dash.testing.composite import DashComposite
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from dashboard.app import create_app
from dashboard.config import Settings
from tests.clients import client_as
from tests.conftest import CHROME_FLAGS, CHROMIUM
from tests.integration.helpers import sign_in, url
from tests.known_data import PASSWORD

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
URL_IN_CSS = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)""")


def test_of001_page_and_stylesheets_reference_only_local_files(demo_settings: Settings) -> None:
    client = client_as(create_app(demo_settings), "hq")
    page = client.get("/").get_data(as_text=True)
    references = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page)
    assert references, "no scripts or stylesheets found on the page"
    for ref in references:
        assert ref.startswith("/") and not ref.startswith("//"), ref
        assert client.get(ref).status_code == 200, ref
    for css in (ref for ref in references if ".css" in ref):
        for match in URL_IN_CSS.findall(client.get(css).get_data(as_text=True)):
            target = next(m for m in match if m)
            assert target.startswith(("data:", "fonts/", "#")) or not urlparse(target).netloc, (css, target)


def test_of002_browser_requests_stay_on_this_machine(dash_duo: DashComposite, demo_settings: Settings) -> None:
    """Loads the page in Chromium with network logging and checks every request's host."""
    sign_in(dash_duo, create_app(demo_settings))
    options = Options()
    options.binary_location = CHROMIUM
    for flag in (*CHROME_FLAGS, "--headless"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(options=options)
    try:
        driver.get(url(dash_duo, "/login"))
        driver.find_element(By.ID, "username").send_keys("hq")
        driver.find_element(By.ID, "password").send_keys(PASSWORD)
        driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(driver, 30).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, "#district-map .choroplethlocation"))
        WebDriverWait(driver, 15).until(lambda d: d.find_elements(By.ID, "kpi-returnees_profiled"))
        events = [json.loads(entry["message"])["message"] for entry in driver.get_log("performance")]
    finally:
        driver.quit()
    urls = [e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"]
    assert len(urls) > 10, "network logging captured nothing"
    outside = {url for url in urls if urlparse(url).scheme in {"http", "https", "ws", "wss"}
               and urlparse(url).hostname not in LOCAL_HOSTS}
    assert outside == set()
