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
         "--disable-component-update", "--no-first-run", "--hide-scrollbars", "--window-size=1440,1000")


def _wait_for_map(driver: webdriver.Chrome) -> None:
    WebDriverWait(driver, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#district-map .maplibregl-canvas"))
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.ID, "kpi-returnees_profiled"))
    time.sleep(3)  # let MapLibre finish painting the fills


def main(url: str = "http://127.0.0.1:8050/") -> None:
    """Take the national view in English and in Bangla, and Sylhet with every layer on."""
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for flag in FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options)
    try:
        driver.get(url)
        _wait_for_map(driver)
        driver.save_screenshot(str(OUT / "national.png"))
        driver.find_element(By.CSS_SELECTOR, "label[for$='_input_bn']").click()
        WebDriverWait(driver, 10).until(lambda d: "প্রত্যাশা" in d.find_element(By.TAG_NAME, "h1").text)
        time.sleep(2)
        driver.save_screenshot(str(OUT / "national-bn.png"))
        driver.get(url.rstrip("/") + "/?district=BD6091&layers=returnees,dcc_activity,fairs,providers")
        _wait_for_map(driver)
        driver.save_screenshot(str(OUT / "district-sylhet.png"))
    finally:
        driver.quit()


if __name__ == "__main__":
    main(*sys.argv[1:])
