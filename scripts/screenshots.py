"""Refresh docs/screenshots/ from a running app:
``python scripts/screenshots.py URL USER PASSWORD [FILE.png ...]`` (a headquarters user, e.g. one
``python -m dashboard create-user shots --role hq_analyst`` made), or
``python scripts/screenshots.py --dcc-member URL USER PASSWORD`` for the views a DCC member of
Sylhet sees (a user made with ``--role dcc_member --district BD6091``;
scripts/screenshots_dcc_member.py starts a server of its own for it).

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
HELP_PAGE = ("#help-heading", "#help-body")
BRIEF = ("h1", "svg")  # a plain page, not the app: its language is in its address
OUTCOMES_PAGE = ("#outcomes-map .maplibregl-canvas", "#outcomes-cohorts .main-svg", "#outcomes-table table")
TIMELINE = (*MAP_PAGE, "#map-timeline-showing:not(:empty)")
SPLIT = ("#map-split-grid .maplibregl-canvas",)
PROGRAMME_LAYERS = "hotline,awareness,referral_flows,providers"
# (file, path and query string, language, page width, what must be on screen first[, page height])
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
    # The round's views: outcomes, the timeline and the programme's layers (issues 29, 30, 32).
    ("outcomes.png", "/outcomes?district=BD6091", "en", 1440, OUTCOMES_PAGE, 2000),
    ("outcomes-bn.png", "/outcomes?district=BD6091", "bn", 1440, OUTCOMES_PAGE, 2000),
    ("timeline-quarter.png", "/?metric=returnees_profiled&from=2017-04-01&to=2020-03-31&timeline=quarter"
                             "&step=2018-Q3", "en", 1440, TIMELINE),
    ("timeline-split-bn.png", "/?metric=returnees_profiled&from=2017-01-01&to=2019-12-31&timeline=year"
                              "&split=1", "bn", 1440, SPLIT, 2300),
    ("programme-layers-sylhet.png", f"/?district=BD6091&layers={PROGRAMME_LAYERS}&from=2019-01-01&to=2019-12-31",
     "en", 1440, MAP_PAGE, 1100),
    ("programme-layers-sylhet-bn.png", f"/?district=BD6091&layers={PROGRAMME_LAYERS}&from=2019-01-01"
                                       "&to=2019-12-31", "bn", 1440, MAP_PAGE, 1100),
)
# What a DCC member of Sylhet sees on opening the map, on a desktop and on a phone: small counts
# are hidden for this role, so these are not the headquarters views above at another size.
DCC_MEMBER_VIEWS = (
    ("dcc-member-sylhet.png", "/?district=BD6091", "en", 1440, MAP_PAGE, 900),
    ("dcc-member-sylhet-phone.png", "/?district=BD6091", "en", 360, MAP_PAGE, 740),
    # The help page as the member reaches it from the header (the tests shoot it into a temporary folder).
    ("help-page-en.png", "/help?district=BD6091", "en", 1440, HELP_PAGE, 900),
    ("help-page-bn.png", "/help?district=BD6091", "bn", 1440, HELP_PAGE, 900),
)


def _wait_for(driver: webdriver.Chrome, selectors: tuple[str, ...]) -> None:
    for selector in selectors:
        WebDriverWait(driver, 60).until(lambda d, s=selector: d.find_elements(By.CSS_SELECTOR, s))
    time.sleep(3)  # let MapLibre finish painting the fills


def _set_viewport(driver: webdriver.Chrome, width: int, height: int) -> None:
    """Make the page itself ``width`` × ``height`` CSS pixels: headless Chromium's window size
    includes a frame the page does not get (about 140 px of height), so a 1440×900 window
    would shoot 1440×757."""
    driver.set_window_size(width, height)
    inner = driver.execute_script("return [window.innerWidth, window.innerHeight];")
    if inner != [width, height]:
        driver.set_window_size(2 * width - inner[0], 2 * height - inner[1])


def _sign_in(driver: webdriver.Chrome, url: str, user: str, password: str, shoot: bool) -> None:
    driver.set_window_size(1440, 900)
    driver.get(url.rstrip("/") + "/login")
    if shoot:
        driver.save_screenshot(str(OUT / "sign-in.png"))
    driver.find_element(By.ID, "username").send_keys(user)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.ID, "react-entry-point"))


def main(url: str, user: str, password: str, *only: str, views: tuple[tuple, ...] = VIEWS) -> None:
    """Sign in, then take each view in ``views`` (or only the files named)."""
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for flag in FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options)
    try:
        # The sign-in page is shot with the headquarters views only, so a partial run leaves it alone.
        _sign_in(driver, url, user, password, views is VIEWS and (not only or "sign-in.png" in only))
        for name, path, lang, width, ready, *height in views:
            if only and name not in only:
                continue
            _set_viewport(driver, width, height[0] if height else 1000 if width > 600 else 1400)
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
    arguments = sys.argv[1:]
    member = arguments[:1] == ["--dcc-member"]
    if len(arguments) < 3 + member:
        raise SystemExit(__doc__)
    main(*arguments[member:], views=DCC_MEMBER_VIEWS if member else VIEWS)
