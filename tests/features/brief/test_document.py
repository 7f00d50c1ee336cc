"""The brief as a PDF and a page: what it says comes from the same queries as the cards,
in both languages, for the user's scope only."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date
from typing import Any

from pypdf import PdfReader

from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.core.filters import Filters
from dashboard.core.scope import Scope
from dashboard.db import Database
from dashboard.i18n import format_number
from dashboard.queries import programme_indicators
from tests.clients import client_as
from tests.features.brief.poppler import pdf_text

SYLHET, KHULNA = "BD6091", "BD4047"
PERIOD = "from=2019-01-01&to=2019-12-31"


def _figures(settings: Settings) -> dict[str, int]:
    database = Database(settings.database_url)
    with database.session() as session:
        figures = programme_indicators(session, Scope.national(),
                                       Filters(area=SYLHET, start=date(2019, 1, 1), end=date(2019, 12, 31)))
    database.dispose()
    return figures


def test_bd001_english_pdf_names_the_district_and_gives_the_cards_figures(demo_settings: Settings) -> None:
    client = client_as(create_app(demo_settings), "hq")
    response = client.get(f"/brief/{SYLHET}.pdf?{PERIOD}&lang=en")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert 'filename="brief_BD6091_2019-01-01_2019-12-31_en.pdf"' in response.headers["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) <= 2
    text = pdf_text(response.data)
    figures = _figures(demo_settings)
    assert "District brief: Sylhet" in text
    for key in ("returnees_profiled", "reintegration_plans", "people_reached", "migration_fairs"):
        assert format_number(figures[key], "en") in text, key
    fonts = {str(f) for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    assert fonts  # the shipped fonts are embedded: nothing is fetched when the file is opened


def test_bd002_bangla_pdf_shapes_bangla_and_uses_bangla_digits(demo_settings: Settings) -> None:
    client = client_as(create_app(demo_settings), "hq")
    text = pdf_text(client.get(f"/brief/{SYLHET}.pdf?{PERIOD}&lang=bn").data)
    assert "জেলা সংক্ষিপ্তসার" in text and "\ufffd" not in text
    figures = _figures(demo_settings)
    assert format_number(figures["returnees_profiled"], "bn") in text
    assert format_number(figures["people_reached"], "bn") in text  # lakh grouping, Bangla digits


def test_bd003_the_page_and_the_scope(known_settings: Settings) -> None:
    app = create_app(replace(known_settings, suppression_threshold=6))
    officer = client_as(app, "officer")  # Sylhet
    page = officer.get(f"/brief/{SYLHET}.html").get_data(as_text=True)
    assert "District brief: Sylhet" in page and "@page" in page
    # Sylhet's 5 returnees are under the threshold of 6: the brief gives them as 0 or 6, never 5,
    # and says that counts of people are adjusted.
    assert ("0 returnees were profiled" in page) != ("6 returnees were profiled" in page)
    assert "5 returnees were profiled" not in page and "counts of people carry small adjustments" in page
    assert officer.get(f"/brief/{KHULNA}.pdf").status_code == 403
    assert officer.get("/brief/BD9999.pdf").status_code == 404


def test_bd004_cli_writes_the_pdf(known_settings: Settings, tmp_path: Any, monkeypatch: Any) -> None:
    from dashboard.cli import main

    monkeypatch.setenv("DASHBOARD_DATABASE_URL", known_settings.database_url)
    out = tmp_path / "brief.pdf"
    main(["brief", "--district", "Khulna", "--lang", "en", "--out", str(out)])
    assert "District brief: Khulna" in pdf_text(out.read_bytes())


def test_bd005_page_numbers_are_in_the_readers_digits(demo_settings: Settings) -> None:
    """Issue 27: the Bangla brief numbered its pages "1 / 2"."""
    client = client_as(create_app(demo_settings), "hq")
    for lang, digits in (("bn", "০১২৩৪৫৬৭৮৯"), ("en", "0123456789")):
        data = client.get(f"/brief/{SYLHET}.pdf?{PERIOD}&lang={lang}").data
        pages = len(PdfReader(io.BytesIO(data)).pages)
        text = pdf_text(data)
        for page in range(1, pages + 1):
            assert re.search(f"{digits[page]}\\s*/\\s*{digits[pages]}", text), (lang, page)
        if lang == "bn":
            assert not re.search(f"1\\s*/\\s*{pages}", text)
