"""The DCC page's meeting-rhythm chart on a 360 px phone in Bangla: every quarter's label is
drawn whole inside the chart, above its legend (the slanted Bangla labels were cut off)."""

from __future__ import annotations

from dash.testing.composite import DashComposite

from dashboard.app import create_app
from dashboard.config import Settings
from tests.integration.helpers import sign_in, until

BANGLA = "label[for='_dbcprivate_radioitems_language-picker_input_bn']"
LABELS = ("(() => { const svg = document.querySelector('#dcc-rhythm .main-svg');"
          " const box = svg.getBoundingClientRect();"
          " const legend = document.querySelector('#dcc-rhythm .legend');"
          " const floor = legend ? legend.getBoundingClientRect().top : box.bottom;"
          " return [...document.querySelectorAll('#dcc-rhythm .xtick text')].map(t => {"
          "   const r = t.getBoundingClientRect();"
          "   return {text: t.textContent, inside: r.left >= box.left - 1 && r.right <= box.right + 1"
          "     && r.top >= box.top - 1 && r.bottom <= floor + 1}; }); })()")


def test_dp101_quarter_labels_fit_a_phone_in_bangla(dash_duo: DashComposite, known_settings: Settings) -> None:
    dash_duo.driver.set_window_size(360, 740)
    # Khulna's committee met in 2018 (tests.known_data): its chart has bars and quarters.
    sign_in(dash_duo, create_app(known_settings), "admin", "/dcc?district=BD4047")
    dash_duo.find_element(BANGLA).click()
    until(dash_duo, lambda: dash_duo.driver.execute_script("return document.documentElement.lang") == "bn")
    until(dash_duo, lambda: any("প্রান্তিক" in label["text"]
                                for label in dash_duo.driver.execute_script("return " + LABELS)), timeout=30)
    labels = dash_duo.driver.execute_script("return " + LABELS)
    assert len(labels) >= 4  # quarters of the programme, each labelled
    cut = [label["text"] for label in labels if not label["inside"]]
    assert not cut, f"quarter labels cut off or under the legend on a phone: {cut}"
