"""The brief's PDF read back the way search, copy and screen readers read it: poppler's
``pdftotext`` must give the words printed, in English and Bangla, including the map legend
(real text in the SVG, so shaped and mapped back to Unicode); the shipped font is embedded
and the file is tagged.

These fail with the previous engine (WeasyPrint 70): its Bangla extracts as "স লট" for
সিলেট, its map legend as "অভি িবিিাসন ম িলিা" for অভিবাসন মেলা, and its PDF is untagged.
"""

from __future__ import annotations

import io
import re
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from dashboard.app import create_app
from dashboard.config import Settings, load_settings
from dashboard.features.brief.document import FONTS, html
from geodata import admin_areas
from tests.clients import client_as
from tests.features.brief.poppler import pdf_text, poppler

SYLHET = "BD6091"
PERIOD = "from=2019-01-01&to=2019-12-31"
# Written out here, not looked up through the code under test's translations.
HEADINGS = {
    "en": ("In brief", "Returnees profiled by upazila", "Figures against targets", "Largest service gaps",
           "Open action items", "Migration fairs", "Sources"),
    "bn": ("সংক্ষেপে", "উপজেলাভিত্তিক প্রোফাইল হওয়া বিদেশফেরত", "লক্ষ্যমাত্রার তুলনায় সংখ্যা",
           "সবচেয়ে বড় সেবা-ঘাটতি", "খোলা করণীয়", "অভিবাসন মেলা", "উৎস"),
}
TITLE = {"en": "District brief: {district}", "bn": "জেলা সংক্ষিপ্তসার: {district}"}
# The map legend's labels, and the first word of the two headings that frame it on page 1:
# the map's (above, in the right column) and the figures' (below, across the page).
LEGEND = {
    "en": (("Migration fairs", "Service providers", "No data"), "Returnees", "Figures"),
    "bn": (("অভিবাসন মেলা", "সেবা প্রদানকারী", "তথ্য নেই"), "উপজেলাভিত্তিক", "লক্ষ্যমাত্রার"),
}
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


@pytest.fixture(scope="module")
def settings(demo_sqlite_url: str) -> Settings:
    """The seeded demo data set (shared by the session) with the default Chromium setting."""
    return load_settings({}, database_url=demo_sqlite_url, cache_type="SimpleCache")


@pytest.fixture(scope="module")
def briefs(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Sylhet's 2019 brief as headquarters downloads it, one PDF file per language."""
    client = client_as(create_app(settings), "hq")
    folder = tmp_path_factory.mktemp("briefs")
    files = {}
    for lang in ("en", "bn"):
        response = client.get(f"/brief/{SYLHET}.pdf?{PERIOD}&lang={lang}")
        assert response.status_code == 200, response.get_data(as_text=True)
        files[lang] = folder / f"{lang}.pdf"
        files[lang].write_bytes(response.data)
    return files


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_pt001_text_extracts_as_the_words_printed(briefs: dict[str, Path], lang: str) -> None:
    text = pdf_text(briefs[lang].read_bytes())
    district = admin_areas()[SYLHET].name(lang)
    assert district == {"en": "Sylhet", "bn": "সিলেট"}[lang]  # the gazetteer's spelling, checked once
    assert TITLE[lang].format(district=district) in text
    for heading in HEADINGS[lang]:
        assert heading in text, heading


def _legend_text(pdf: Path, above: str, below: str) -> str:
    """``pdftotext`` of page 1 cut to the map legend: right of and under the first word of the
    map's heading, above the first word of the figures' heading (found in pdftotext's word boxes)."""
    words = [(float(x0), float(y0), float(x1), float(y1), w)
             for x0, y0, x1, y1, w in _WORD.findall(poppler("pdftotext", "-f", "1", "-l", "1", "-bbox", str(pdf), "-"))]
    anchors = {}
    for anchor in (above, below):
        found = [w for w in words if w[4] == anchor]
        assert found, f"{anchor!r} does not extract from page 1: {' '.join(w[4] for w in words)[:400]}"
        anchors[anchor] = min(found, key=lambda w: w[1])  # the heading: the topmost of its kind
    top, bottom = anchors[above], anchors[below]
    x, y = int(top[0]) - 1, int(top[3]) + 1
    return poppler("pdftotext", "-f", "1", "-l", "1", "-x", str(x), "-y", str(y), "-W", str(600 - x),
                   "-H", str(int(bottom[1]) - y), str(pdf), "-")


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_pt002_the_map_legend_is_shaped_text(briefs: dict[str, Path], lang: str) -> None:
    # The legend is SVG text drawn by the server. Its words extract exactly only when the printer
    # shaped them (no dotted circles, no visible hasanta) and mapped the glyphs back to Unicode.
    labels, above, below = LEGEND[lang]
    legend = _legend_text(briefs[lang], above, below)
    for label in labels:
        assert label in legend, (label, legend)
    assert "\u25cc" not in legend  # the dotted circle a renderer draws for an unattached vowel sign


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_pt003_the_shipped_bangla_font_is_embedded(briefs: dict[str, Path], lang: str) -> None:
    # These machines have no Bengali system font: Noto Sans Bengali can only come from assets/fonts.
    rows = [line.split() for line in poppler("pdffonts", str(briefs[lang])).splitlines()[2:]]
    # Columns from the right: emb sub uni object-number generation. The subset prefix (ABCDEF+) and
    # the engine's spelling of the name (NotoSansBengali-Bold, Noto-Sans-Bengali-Bold) are dropped.
    embedded = {row[0].split("+")[-1].replace("-", "") for row in rows if row[-5] == "yes"}
    assert {"NotoSansBengali", "NotoSansBengaliBold"} <= {name.removesuffix("Regular") for name in embedded}, rows
    assert all(row[-3] == "yes" for row in rows), rows  # every font maps its glyphs back to Unicode


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_pt004_the_pdf_is_tagged_in_its_language(briefs: dict[str, Path], lang: str) -> None:
    assert re.search(r"^Tagged:\s+yes$", poppler("pdfinfo", str(briefs[lang])), re.MULTILINE)
    root = PdfReader(io.BytesIO(briefs[lang].read_bytes())).root_object
    assert "/StructTreeRoot" in root and cast(DictionaryObject, root["/MarkInfo"])["/Marked"]
    assert root["/Lang"] == lang  # screen readers pick the Bangla voice


def test_pt005_the_printed_page_refers_only_to_local_files(settings: Settings) -> None:
    from flask import g

    from dashboard.core.access import Actor, Role
    from dashboard.core.filters import Filters
    from dashboard.features.brief.data import district_brief

    app = create_app(settings)
    with app.server.test_request_context():
        g.actor = Actor("test", Role.HQ_ANALYST)
        page = html(district_brief(SYLHET, Filters(), "bn"), FONTS.as_uri())
    references = re.findall(r"""(?:url\(|src=|href=)["']?([^"')\s>]+)""", page)
    assert references and all(r.startswith(FONTS.as_uri() + "/") for r in references), references
    assert not re.search(r"(?:https?:)?//(?!www\.w3\.org/2000/svg\")", page.replace("file:///", "")), \
        "the page Chromium prints must not name any remote resource"


def test_pt006_no_chromium_says_how_to_install_it(settings: Settings, tmp_path: Any, monkeypatch: Any) -> None:
    missing = replace(settings, chromium=str(tmp_path / "no-chromium"))
    response = client_as(create_app(missing), "hq").get(f"/brief/{SYLHET}.pdf")
    assert response.status_code == 503
    assert "apt-get install -y chromium" in response.get_data(as_text=True)

    from dashboard.cli import main

    monkeypatch.setenv("DASHBOARD_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("DASHBOARD_CHROMIUM", str(tmp_path / "no-chromium"))
    with pytest.raises(SystemExit, match=r"apt-get install -y chromium.*write FILE\.html"):
        main(["brief", "--district", "Sylhet", "--out", str(tmp_path / "brief.pdf")])


def _fake_chromium(folder: Path, body: str) -> str:
    script = folder / "chromium"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(0o755)
    return str(script)


def test_pt007_a_failing_or_stuck_chromium_is_a_clear_error(tmp_path: Path, monkeypatch: Any) -> None:
    from dashboard.features.brief import document

    with pytest.raises(document.PdfUnavailable, match=r"printed no PDF \(exit 3\): no display"):
        document.print_pdf("<p>x</p>", _fake_chromium(tmp_path, "echo 'no display' >&2; exit 3"))
    monkeypatch.setattr(document, "PRINT_SECONDS", 1)
    stuck = _fake_chromium(tmp_path, "sleep 30 & wait")  # a helper process too: both are killed
    started = time.monotonic()
    with pytest.raises(document.PdfUnavailable, match="did not print the brief in 1 s"):
        document.print_pdf("<p>x</p>", stuck)
    assert time.monotonic() - started < 10
