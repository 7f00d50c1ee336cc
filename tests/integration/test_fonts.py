"""The Bangla faces on a slow line (issue 33): an English page draws the language button's one
Bangla word with a 3 kB face of its glyphs and never fetches the 70 kB face; Bangla text is drawn
by the whole face once the user switches; and the service worker keeps both Bengali faces, so a
switch with no connection still draws Bangla (the regular face; the bold one once used).

Which font drew a piece of text is Chromium's own answer (DevTools' ``CSS.getPlatformFontsForNode``):
a glyph missing from a shipped face would be drawn by a system font, or as an empty box."""

from __future__ import annotations

from typing import Any

from dash.testing.composite import DashComposite

from dashboard.app import create_app
from dashboard.config import Settings
from tests.integration.helpers import CANVAS, sign_in, until
from tests.integration.test_offline_app import _cached

BUTTON_WORD = "label[for='_dbcprivate_radioitems_language-picker_input_bn'] .app-lang-name"
BANGLA = "label[for='_dbcprivate_radioitems_language-picker_input_bn']"
TITLE = "header h1"
FACES = ("NotoSansBengali-Regular.woff2", "NotoSansBengali-Bold.woff2")
KEPT = FACES[0]  # the bold face is kept once a page has used it


def _fonts(dash_duo: DashComposite, selector: str) -> list[dict[str, Any]]:
    """The fonts Chromium drew the text of ``selector``'s element with, and how many glyphs each."""
    driver: Any = dash_duo.driver
    driver.execute_cdp_cmd("DOM.enable", {})
    driver.execute_cdp_cmd("CSS.enable", {})
    root = driver.execute_cdp_cmd("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = driver.execute_cdp_cmd("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    assert node, f"nothing matches {selector}"
    fonts: list[dict[str, Any]] = driver.execute_cdp_cmd("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return fonts


def _fetched_faces(dash_duo: DashComposite) -> list[str]:
    """The Bengali faces this page fetched (from the server, the browser's cache or the worker)."""
    names: list[str] = dash_duo.driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)")
    return sorted({face for name in names for face in FACES if name.endswith(face)})


def _fonts_ready(dash_duo: DashComposite) -> None:
    until(dash_duo, lambda: dash_duo.driver.execute_script("return document.fonts.status") == "loaded", 30)


def test_ff001_english_draws_the_button_with_its_small_face_and_fetches_no_bengali_face(
        dash_duo: DashComposite, known_settings: Settings) -> None:
    sign_in(dash_duo, create_app(known_settings), "member", "/?district=BD6091")
    dash_duo.wait_for_element(CANVAS, timeout=30)
    _fonts_ready(dash_duo)
    word = dash_duo.find_element(BUTTON_WORD).text
    assert word == "বাংলা"  # the catalogue's word, as the test expects to read it
    drawn = _fonts(dash_duo, BUTTON_WORD)
    # Every glyph from the shipped face (a system font here would mean a glyph it lacks).
    assert drawn and all(font["isCustomFont"] for font in drawn), drawn
    assert sum(font["glyphCount"] for font in drawn) >= 4, drawn
    assert _fetched_faces(dash_duo) == [], "an English page fetched the whole Bengali face"
    # The page's English text is not drawn by a Bengali face.
    assert not any(font["isCustomFont"] for font in _fonts(dash_duo, TITLE))

    # The service worker keeps the regular face once the map's scripts are in, for a switch made
    # offline; not the bold one, which a page has not used yet.
    until(dash_duo, lambda: any(u.split("?")[0].endswith(KEPT) for urls in (_cached(dash_duo) or {}).values()
                                for u in urls), 60)
    assert not any(u.split("?")[0].endswith(FACES[1]) for urls in _cached(dash_duo).values() for u in urls)

    dash_duo.find_element(BANGLA).click()
    until(dash_duo, lambda: dash_duo.driver.execute_script("return document.documentElement.lang") == "bn")
    until(dash_duo, lambda: any("\u0980" <= c <= "\u09ff" for c in dash_duo.find_element(TITLE).text))
    _fonts_ready(dash_duo)
    title = _fonts(dash_duo, TITLE)
    bengali = [font for font in title if font["isCustomFont"]]
    assert bengali and {font["familyName"] for font in bengali} == {"Noto Sans Bengali"}, title
    # Only spaces and Latin text may come from the system font, never a Bengali letter: the
    # title's Bengali letters are many more glyphs than its spaces.
    assert sum(f["glyphCount"] for f in bengali) > sum(f["glyphCount"] for f in title if not f["isCustomFont"])
    assert "NotoSansBengali-Regular.woff2" in _fetched_faces(dash_duo)
    assert dash_duo.get_logs() == []
