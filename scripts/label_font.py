"""Writes assets/fonts/NotoSansBengali-Label.woff2: the glyphs of the language button's one Bangla
word ("বাংলা", ``lang.bn`` in the Bangla catalogue), cut from the shipped Noto Sans Bengali.

Why (docs/performance.md, "The first visit on a slow line"): an English page shows no other
Bangla, yet drawing that word made every first visit fetch the whole 70 kB face, preloaded,
ahead of the map's scripts. This 3 kB face draws the button; the whole face is fetched only for
text in Bangla (its ``unicode-range`` in assets/app.css). fontTools does the subsetting and keeps
the shaping rules the word's glyphs need (HarfBuzz shapes the Bengali vowel signs with them).

fontTools is not one of the app's dependencies (it runs only when the word or the font changes):

    python -m venv /tmp/fonttools && /tmp/fonttools/bin/pip install fonttools==4.61.1 brotli==1.2.1
    /tmp/fonttools/bin/python scripts/label_font.py

then update the ``?v=`` of the label face in assets/app.css (tests/web/test_http_caching.py says so).
tests/integration/test_fonts.py checks in Chromium that the button's word is drawn by this face.
"""

from __future__ import annotations

import json
from pathlib import Path

from fontTools import subset  # type: ignore[import-not-found]

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "assets" / "fonts" / "NotoSansBengali-Regular.ttf"
TARGET = ROOT / "assets" / "fonts" / "NotoSansBengali-Label.woff2"


def main() -> None:
    """Cut the face for the word the button shows for Bangla."""
    # The button names each language in itself: t("lang.bn", "bn") (dashboard/web/frame/header.py).
    word = json.loads((ROOT / "dashboard" / "i18n" / "bn.json").read_text(encoding="utf-8"))["lang.bn"]
    options = subset.Options()
    options.layout_features = ["*"]
    options.flavor = "woff2"
    font = subset.load_font(str(SOURCE), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=word)
    subsetter.subset(font)
    subset.save_font(font, str(TARGET), options)
    print(f"{TARGET.relative_to(ROOT)}: {TARGET.stat().st_size} bytes for {word!r}")


if __name__ == "__main__":
    main()
