"""Refresh docs/screenshots/ from a running app: ``python scripts/screenshots.py [URL]``.

Waits until the map has drawn (WebGL) before each shot, which a plain
``chromium --screenshot`` cannot do.
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
# (file, path and query string, language, window width)
VIEWS = (
    ("national.png", "/", "en", 1440),
    ("district-sylhet.png", "/?district=BD6091&layers=returnees,dcc_activity,fairs,providers", "en", 1440),
    ("upazila-golapganj.png", "/?district=BD6091&upazila=BD60910038&metric=unmet_need_share"
                              "&layers=returnees,providers&from=2019-01-01&to=2019-12-31", "en", 1440),
    ("national-bn.png", "/?metric=plan_share&layers=returnees,dcc_activity", "bn", 1440),
    ("district-sylhet-phone.png", "/?district=BD6091&layers=returnees,fairs", "en", 360),
)


def _wait_for_map(driver: webdriver.Chrome) -> None:
    WebDriverWait(driver, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#district-map .maplibregl-canvas"))
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.ID, "kpi-returnees_profiled"))
    time.sleep(3)  # let MapLibre finish painting the fills


def main(url: str = "http://127.0.0.1:8050/") -> None:
    """Take each view in VIEWS."""
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for flag in FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options)
    try:
        for name, path, lang, width in VIEWS:
            driver.set_window_size(width, 1000 if width > 600 else 1400)
            driver.get(url.rstrip("/") + path)
            _wait_for_map(driver)
            current = driver.find_element(By.CSS_SELECTOR, "#language-picker input:checked").get_attribute("value")
            if current != lang:
                driver.find_element(By.CSS_SELECTOR, f"label[for$='_input_{lang}']").click()
                time.sleep(3)
            driver.save_screenshot(str(OUT / name))
    finally:
        driver.quit()


if __name__ == "__main__":
    main(*sys.argv[1:2])
