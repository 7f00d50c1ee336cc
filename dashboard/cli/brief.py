"""``python -m dashboard brief``: the printable district brief as a PDF (or HTML)."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from dashboard.cli.types import DISTRICT_HELP, district_pcode, iso_date
from dashboard.core.filters import Filters
from dashboard.db import Database


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register the brief command."""
    brief = commands.add_parser("brief", help="the printable brief of one district, as PDF (or .html)")
    brief.add_argument("--district", required=True, type=district_pcode, help=DISTRICT_HELP)
    brief.add_argument("--from", dest="start", type=iso_date, help="first day of the period (YYYY-MM-DD)")
    brief.add_argument("--until", type=iso_date, help="last day of the period (YYYY-MM-DD)")
    brief.add_argument("--lang", choices=("en", "bn"), default="en")
    brief.add_argument("--out", type=Path, required=True, help="FILE.pdf, or FILE.html for the print-styled page")


def run(database: Database, args: argparse.Namespace) -> bool:
    """Write the brief; False when ``args`` is not this command."""
    if args.command != "brief":
        return False
    district = args.district
    # The data layer works per request and actor: the command line is a headquarters analyst
    # (operators with database access see everything anyway), named after the account running it.
    from flask import g

    from dashboard.app import create_app
    from dashboard.config import load_settings
    from dashboard.core.access import Actor, Role
    from dashboard.features.brief.data import district_brief
    from dashboard.features.brief.document import FONTS, PdfUnavailable, html, pdf

    settings = load_settings()
    app = create_app(settings)
    with app.server.test_request_context():
        g.actor = Actor(f"cli:{getpass.getuser()}", Role.HQ_ANALYST)
        brief = district_brief(district, Filters(start=args.start, end=args.until), args.lang)
        if args.out.suffix.lower() == ".html":
            args.out.write_text(html(brief, FONTS.as_uri()),
                                encoding="utf-8")
        else:
            try:
                args.out.write_bytes(pdf(brief, settings.chromium))
            except PdfUnavailable as exc:
                raise SystemExit(f"error: {exc}; or write FILE.html instead") from None
    print(f"wrote {args.out}")
    return True
