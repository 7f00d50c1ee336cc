"""The print-ready map (``/map/print.pdf``, ``/map/print.png``) read back by its consumers: the
PDF's words through poppler's ``pdftotext`` (as search, copy and screen readers read them), the
PNG through Pillow (as image viewers do). The expected words are written out here, not looked up
through the translations under test."""

from __future__ import annotations

import io
from typing import Any

import pytest
from dash import Dash
from PIL import Image
from sqlalchemy import select

from dashboard.app import create_app
from dashboard.config import Settings, load_settings
from dashboard.db import Database
from dashboard.features.map.download import print_href
from dashboard.models import AuditEvent
from tests import factories as f
from tests.clients import client_as
from tests.features.brief.poppler import pdf_text

SYLHET_2018 = f"district={f.SYLHET}&from=2018-01-01&to=2018-12-31&layers=providers&sex=female"
# What the page must say, in each language: title, area, period, a filter, legend words, source.
WORDS = {
    "en": ("Returnees profiled by upazila, Sylhet", "Area:", "Period:", "1 January 2018", "31 December 2018",
           "Sex: Female", "Legend", "Returnees profiled (quantile classes)", "Service providers",
           "Source: programme records in the PROTTASHA DCC Dashboard", "Produced on"),
    "bn": ("সিলেট", "এলাকা:", "সময়কাল:", "জানুয়ারি", "ডিসেম্বর", "নারী", "নির্দেশিকা", "কোয়ান্টাইল",
           "সেবা প্রদানকারী", "উৎস: প্রত্যাশা ডিসিসি ড্যাশবোর্ডের কর্মসূচি রেকর্ড"),
}


@pytest.fixture(scope="module")
def settings(known_sqlite_url: str) -> Settings:
    return load_settings({}, database_url=known_sqlite_url, cache_type="SimpleCache")


@pytest.fixture(scope="module")
def app(settings: Settings) -> Dash:
    return create_app(settings)


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_mp001_the_pdf_says_what_the_map_shows_in_the_language_on_screen(app: Dash, lang: str) -> None:
    response = client_as(app, "hq").get(f"/map/print.pdf?{SYLHET_2018}&lang={lang}")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    text = " ".join(pdf_text(response.data).split())
    # pdftotext guesses word breaks from the gaps between glyphs, and after some clusters with a
    # pre-base vowel sign it guesses one too many ("ড্যাশবোর্ডে র"; the brief's PDF too): Bangla is
    # compared with its spaces taken out, which still needs every letter, shaped and in order.
    found = text if lang == "en" else "".join(text.split())
    missing = [word for word in WORDS[lang] if (word if lang == "en" else "".join(word.split())) not in found]
    assert not missing, f"{missing} not in the PDF's text: {text[:800]}"
    if lang == "bn":
        # Bangla digits: ২০১৮ (2018), not Latin ones.
        assert "২০১৮" in text and "2018" not in text


def test_mp002_the_period_is_the_one_counted_below_headquarters(app: Dash) -> None:
    # A DCC member's figures are counted for whole months: the page says which months.
    response = client_as(app, "member").get(f"/map/print.pdf?district={f.SYLHET}&from=2019-01-15&to=2019-12-10")
    assert response.status_code == 200, response.get_data(as_text=True)
    text = " ".join(pdf_text(response.data).split())
    assert "1 January 2019" in text and "31 December 2019" in text, text[:600]
    assert "15 January" not in text and "10 December" not in text
    assert "adjustments" in text  # below headquarters the page says counts are adjusted


def test_mp003_the_png_is_the_whole_page_at_print_resolution_and_not_blank(app: Dash) -> None:
    response = client_as(app, "hq").get(f"/map/print.png?{SYLHET_2018}&lang=bn")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "image/png"
    picture = Image.open(io.BytesIO(response.data))
    picture.load()
    # A4 landscape at 96 CSS px per inch (1122 x 793), drawn at twice that.
    assert picture.size == (2244, 1586)
    pixels = picture.convert("RGB").resize((561, 396))
    colours = pixels.getcolors(561 * 396) or []
    white = sum(n for n, rgb in colours if min(rgb) > 245)
    assert white < 0.97 * 561 * 396, "the picture is (nearly) blank"
    assert len(colours) > 20, "a map with a legend and text has more than a handful of colours"


def test_mp004_a_district_officer_gets_their_district_only(app: Dash) -> None:
    officer = client_as(app, "officer")
    assert officer.get(f"/map/print.pdf?district={f.KHULNA}").status_code == 403
    assert officer.get(f"/map/print.png?district={f.KHULNA}").status_code == 403
    # Named, as a link may name it.
    assert officer.get("/map/print.pdf?district=Khulna").status_code == 403
    # With no district named, as on the map page: their own district, never the country.
    landing = officer.get("/map/print.pdf?lang=en")
    assert landing.status_code == 200
    text = " ".join(pdf_text(landing.data).split())
    assert "Returnees profiled by upazila, Sylhet" in text
    assert "Khulna" not in text and "Dumuria" not in text
    own = officer.get("/map/print.pdf?district=Sylhet&lang=en")
    assert own.status_code == 200
    assert "Returnees profiled by upazila, Sylhet" in " ".join(pdf_text(own.data).split())


def test_mp005_every_download_is_audited(app: Dash, settings: Settings) -> None:
    response = client_as(app, "viewer").get(f"/map/print.pdf?district={f.SYLHET}&lang=en")
    assert response.status_code == 200
    database = Database(settings.database_url)
    with database.session() as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.actor == "viewer",
                                                          AuditEvent.action == "export")).all()
    database.dispose()
    assert any(e.target.startswith(f"map_returnees_{f.SYLHET}") and e.target.endswith(".pdf") for e in events)


def test_mp006_unknown_formats_and_a_missing_chromium_fail_cleanly(settings: Settings, tmp_path: Any) -> None:
    from dataclasses import replace

    missing = create_app(replace(settings, chromium=str(tmp_path / "no-chromium")))
    client = client_as(missing, "hq")
    assert client.get("/map/print.svg").status_code == 404
    response = client.get("/map/print.pdf?lang=en")
    assert response.status_code == 503
    assert "Traceback" not in response.get_data(as_text=True)


def test_mp007_the_menu_links_follow_the_view_and_the_language() -> None:
    href = print_href(f"?district={f.SYLHET}&lang=en&metric=plan_share", "pdf", "bn")
    assert href.startswith("map/print.pdf?")
    assert f"district={f.SYLHET}" in href and "metric=plan_share" in href
    assert href.count("lang=") == 1 and href.endswith("lang=bn")
