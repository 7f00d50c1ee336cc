"""A DCC member opens "How to read this" with the keyboard alone and reads why a figure is hidden,
then follows the header's Help link to the Help page, in English and in Bangla.

Its screenshots go to the test's own temporary folder, so a test run leaves the tree as it found
it; docs/screenshots/help-page-*.png are refreshed by scripts/screenshots.py (``--dcc-member``)."""

from __future__ import annotations

from pathlib import Path

from dash.testing.composite import DashComposite
from selenium.webdriver.common.keys import Keys

from dashboard.app import create_app
from dashboard.config import Settings
from tests.integration.helpers import click, sign_in, until

BANGLA = "label[for='_dbcprivate_radioitems_language-picker_input_bn']"
# What the member must read, written here (the threshold is the known settings' 5).
HIDDEN = {"en": "“<5” means the figure rests on fewer than 5 people",
          "bn": "“<৫” মানে হিসাবটি ৫ জনের কম মানুষের ওপর নির্ভর করে"}
UNDO = {"en": "Only headquarters administrators can undo an import batch",
        "bn": "শুধু সদর দপ্তরের প্রশাসকেরা কোনো আমদানি ব্যাচ বাতিল করতে পারেন"}
HEADING = {"en": "Help: how to read the dashboard", "bn": "সহায়তা: ড্যাশবোর্ড কীভাবে পড়বেন"}


def _visible(dash_duo: DashComposite, selector: str) -> str:
    return dash_duo.driver.execute_script(
        "const e = document.querySelector(arguments[0]); return e && e.checkVisibility() ? e.innerText : '';",
        selector)


def test_hl001_member_reads_how_to_read_this_and_the_help_page(dash_duo: DashComposite, known_settings: Settings,
                                                               tmp_path: Path) -> None:
    dash_duo.driver.set_window_size(1440, 900)
    sign_in(dash_duo, create_app(known_settings), "member", "/?district=BD6091")
    dash_duo.wait_for_element("#kpi-returnees_profiled", timeout=30)
    assert _visible(dash_duo, "#map-help-notes") == ""  # closed until asked for
    # Tab to the panel's summary and open it with Enter: no mouse.
    for _ in range(80):
        if dash_duo.driver.execute_script("return document.activeElement.id") == "map-help-summary":
            break
        dash_duo.driver.switch_to.active_element.send_keys(Keys.TAB)
    assert dash_duo.driver.execute_script("return document.activeElement.id") == "map-help-summary"
    dash_duo.driver.switch_to.active_element.send_keys(Keys.ENTER)
    until(dash_duo, lambda: HIDDEN["en"] in _visible(dash_duo, "#map-help-notes"))
    click(dash_duo, BANGLA)
    until(dash_duo, lambda: HIDDEN["bn"] in _visible(dash_duo, "#map-help-notes"))
    assert _visible(dash_duo, "#map-help-summary") == "কীভাবে পড়বেন"
    # The header's link, in Bangla, keeps the district for the pages after it.
    until(dash_duo, lambda: _visible(dash_duo, "#header-help") == "সহায়তা")
    click(dash_duo, "#header-help")
    until(dash_duo, lambda: _visible(dash_duo, "#help-heading") == HEADING["bn"], timeout=15)
    assert "district=BD6091" in dash_duo.driver.current_url
    assert UNDO["bn"] in _visible(dash_duo, "#help-body")
    assert dash_duo.driver.save_screenshot(str(tmp_path / "help-page-bn.png"))
    click(dash_duo, "label[for='_dbcprivate_radioitems_language-picker_input_en']")
    until(dash_duo, lambda: _visible(dash_duo, "#help-heading") == HEADING["en"])
    assert UNDO["en"] in _visible(dash_duo, "#help-body")
    assert dash_duo.driver.save_screenshot(str(tmp_path / "help-page-en.png"))
