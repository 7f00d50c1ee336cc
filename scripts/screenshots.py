"""Refresh docs/screenshots/ from a running app:
``python scripts/screenshots.py URL USER PASSWORD [FILE.png ...]`` (a headquarters user, e.g. one
``python -m dashboard create-user shots --role hq_analyst`` made).

Signs in, then waits until the map has drawn (WebGL) before each shot, which a
plain ``chromium --screenshot`` cannot do.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--hide-scrollbars")
MAP_PAGE = ("#district-map .maplibregl-canvas", "#kpi-returnees_profiled")
GAPS_PAGE = ("#gaps-map .maplibregl-canvas", "#gaps-table table")
COMPARE_PAGE = ("#compare-ranking table", "#compare-small .main-svg", "#compare-peers .main-svg")
DCC_PAGE = ("#dcc-cards .card", "#dcc-timeline .card")
IMPORT_PAGE = ("#import-drop",)
BRIEF = ("h1", "svg")  # a plain page, not the app: its language is in its address
# (file, path and query string, language, window width, what must be on screen first[, window height])
VIEWS = (
    ("national.png", "/", "en", 1440, MAP_PAGE),
    ("district-sylhet.png", "/?district=BD6091&layers=returnees,dcc_activity,fairs,providers", "en", 1440, MAP_PAGE),
    ("upazila-golapganj.png", "/?district=BD6091&upazila=BD60910038&metric=unmet_need_share"
                              "&layers=returnees,providers&from=2019-01-01&to=2019-12-31", "en", 1440, MAP_PAGE),
    ("national-bn.png", "/?metric=plan_share&layers=returnees,dcc_activity", "bn", 1440, MAP_PAGE),
    ("district-sylhet-phone.png", "/?district=BD6091&layers=returnees,fairs", "en", 360, MAP_PAGE),
    ("gaps-sylhet.png", "/gaps?district=BD6091&service=job_placement&radius=8&rings=1", "en", 1440, GAPS_PAGE),
    ("compare.png", "/compare?from=2019-01-01&to=2019-12-31&peer=BD6091", "en", 1440, COMPARE_PAGE, 2400),
    ("dcc-sylhet.png", "/dcc?district=BD6091&from=2019-01-01&to=2019-12-31", "en", 1440, DCC_PAGE, 1600),
    # Every page on a 360 px phone, in Bangla.
    ("phone-map-bn.png", "/?district=BD6091&layers=returnees,fairs", "bn", 360, MAP_PAGE, 1400),
    ("phone-gaps-bn.png", "/gaps?district=BD6091&service=job_placement", "bn", 360, GAPS_PAGE, 1600),
    ("phone-compare-bn.png", "/compare?from=2019-01-01&to=2019-12-31&peer=BD6091", "bn", 360, COMPARE_PAGE, 1600),
    ("phone-dcc-bn.png", "/dcc?district=BD6091&from=2019-01-01&to=2019-12-31", "bn", 360, DCC_PAGE, 1400),
    ("phone-import-bn.png", "/import", "bn", 360, IMPORT_PAGE, 1200),
    ("brief-sylhet-en.png", "/brief/BD6091.html?from=2019-01-01&to=2019-12-31&lang=en", None, 820, BRIEF, 1160),
    ("brief-sylhet-bn.png", "/brief/BD6091.html?from=2019-01-01&to=2019-12-31&lang=bn", None, 820, BRIEF, 1160),
)


def _wait_for(driver: webdriver.Chrome, selectors: tuple[str, ...]) -> None:
    for selector in selectors:
        WebDriverWait(driver, 60).until(lambda d, s=selector: d.find_elements(By.CSS_SELECTOR, s))
    time.sleep(3)  # let MapLibre finish painting the fills


def _sign_in(driver: webdriver.Chrome, url: str, user: str, password: str) -> None:
    driver.set_window_size(1440, 900)
    driver.get(url.rstrip("/") + "/login")
    driver.save_screenshot(str(OUT / "sign-in.png"))
    driver.find_element(By.ID, "username").send_keys(user)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.ID, "react-entry-point"))


def main(url: str, user: str, password: str, *only: str) -> None:
    """Sign in, then take each view in VIEWS (or only the files named)."""
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for flag in FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options)
    try:
        _sign_in(driver, url, user, password)
        for name, path, lang, width, ready, *height in VIEWS:
            if only and name not in only:
                continue
            driver.set_window_size(width, height[0] if height else 1000 if width > 600 else 1400)
            driver.get(url.rstrip("/") + path)
            _wait_for(driver, ready)
            current = lang and driver.find_element(By.CSS_SELECTOR, "#language-picker input:checked").get_attribute(
                "value")
            if lang and current != lang:
                driver.find_element(By.CSS_SELECTOR, f"label[for$='_input_{lang}']").click()
                time.sleep(3)
            driver.save_screenshot(str(OUT / name))
    finally:
        driver.quit()


if __name__ == "__main__":
    if len(sys.argv) < 4:
        raise SystemExit(__doc__)
    main(*sys.argv[1:])
