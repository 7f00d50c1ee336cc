"""From the map on screen to its print-ready picture: the "Download map" menu links to the map
the user is looking at (area, layers, period), in the language on screen, and the file it gives
is that map, read back by its consumers (pdftotext, Pillow)."""

from __future__ import annotations

import io

import requests
from dash.testing.composite import DashComposite
from PIL import Image

from dashboard.app import create_app
from dashboard.config import Settings
from tests.features.brief.poppler import pdf_text
from tests.integration.helpers import click, sign_in, until, url


def _fetch(dash_duo: DashComposite, href: str) -> requests.Response:
    """The link fetched with the browser's session (as the browser would download it)."""
    cookies = {c["name"]: c["value"] for c in dash_duo.driver.get_cookies()}
    return requests.get(href, cookies=cookies, timeout=120)


def test_mp101_a_dcc_member_downloads_the_map_on_screen_in_either_language(dash_duo: DashComposite,
                                                                          known_settings: Settings) -> None:
    sign_in(dash_duo, create_app(known_settings), "member", "/?district=Sylhet&from=2018-01-01&to=2018-12-31")
    dash_duo.wait_for_element("#district-map-print-menu", timeout=30)
    click(dash_duo, "#district-map-print-menu > button")
    until(dash_duo, lambda: "district=" in dash_duo.find_element("#district-map-print-pdf").get_attribute("href"))
    pdf = dash_duo.find_element("#district-map-print-pdf").get_attribute("href")
    assert pdf.startswith(url(dash_duo, "/map/print.pdf?")) and "from=2018-01-01" in pdf and pdf.endswith("lang=en")
    response = _fetch(dash_duo, pdf)
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())
    assert "Returnees profiled by upazila, Sylhet" in text and "1 January 2018" in text

    click(dash_duo, "#language-picker label[for$='_input_bn']")
    until(dash_duo, lambda: dash_duo.find_element("#district-map-print-png").get_attribute("href").endswith("lang=bn"))
    picture = _fetch(dash_duo, dash_duo.find_element("#district-map-print-png").get_attribute("href"))
    assert picture.status_code == 200 and picture.headers["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(picture.content)).size == (2244, 1586)
    bangla = _fetch(dash_duo, dash_duo.find_element("#district-map-print-pdf").get_attribute("href"))
    assert "সিলেট" in pdf_text(bangla.content)
    assert dash_duo.get_logs() == []
