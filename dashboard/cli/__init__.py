"""``python -m dashboard``: set up the database, load demo data, print the programme summary."""

from __future__ import annotations

import argparse
import json
import logging
import sys

from sqlalchemy.exc import OperationalError

from dashboard.cli import accounts, brief, gaps, imports, outcomes, reminders
from dashboard.cli.types import DISTRICT_HELP, CommandGroup, district_pcode, iso_date
from dashboard.config import describe, load_settings
from dashboard.core.filters import Filters
from dashboard.core.indicators import INDICATORS
from dashboard.core.scope import Scope
from dashboard.db import Database, current_revision, head_revision, init_db
from dashboard.i18n import format_number, t
from dashboard.queries import programme_indicators

# One module per group of commands (accounts, imports, the gap analysis, the brief, the weekly
# reminders), each with ``add_commands(subparsers)`` and ``run(database, args) -> bool`` (False:
# not one of mine), in the order their commands are listed in ``--help``. Adding a group is adding it here.
COMMAND_GROUPS: tuple[CommandGroup, ...] = (accounts, imports, gaps, brief, reminders, outcomes)


def _scale(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"scale must be a whole number of at least 1, not {text!r}")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("init-db", help="create or migrate the schema and load the admin areas")
    seed = commands.add_parser("seed-demo", help="load deterministic demo data")
    seed.add_argument("--scale", type=_scale, default=1, help="multiply people and events (1000 = ~1.35M returnees)")
    seed.add_argument("--seed", type=int, default=2017, help="random seed (same seed, same data)")
    when_present = seed.add_mutually_exclusive_group()
    when_present.add_argument("--replace", action="store_true", help="delete existing data first")
    when_present.add_argument("--if-empty", action="store_true", help="do nothing if data is already present")
    summary = commands.add_parser("summary", help="print the programme indicators")
    summary.add_argument("--district", type=district_pcode, help=DISTRICT_HELP)
    summary.add_argument("--since", type=iso_date, help="first day counted (YYYY-MM-DD)")
    summary.add_argument("--until", type=iso_date, help="last day counted (YYYY-MM-DD), e.g. 2019-12-31")
    summary.add_argument("--json", action="store_true", help="print JSON with stable snake_case keys")
    listed = commands.add_parser("settings", help="list the DASHBOARD_* environment variables")
    listed.add_argument("--markdown", action="store_true", help="as the README's table")
    for group in COMMAND_GROUPS:
        group.add_commands(commands)
    return parser


def _summary(database: Database, args: argparse.Namespace) -> None:
    filters = Filters(area=args.district, start=args.since, end=args.until)
    with database.session() as session:
        figures = programme_indicators(session, Scope.national(), filters)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    width = max(len(t(f"indicator.{i.key}")) for i in INDICATORS)
    for indicator in INDICATORS:
        print(f"{t(f'indicator.{indicator.key}'):<{width}}  {format_number(figures[indicator.key]):>10}")


def _require_schema(database: Database) -> None:
    """Stop with a plain message, not a traceback, when the database cannot be reached or
    has not been brought to this code's schema (``init-db`` does that)."""
    try:
        current = current_revision(database.engine)
    except OperationalError as exc:
        raise SystemExit(f"error: cannot reach the database: {str(exc.orig).strip()}") from None
    if current != head_revision():
        raise SystemExit(f"error: the database is at schema {current or '(empty)'}, this code needs "
                         f"{head_revision()}: run `python -m dashboard init-db` first")


def _seed(database: Database, args: argparse.Namespace) -> None:
    from dashboard.seed import DataAlreadyPresent, has_data, seed_demo  # NumPy/pandas only when seeding

    if args.if_empty:
        init_db(database)
        if has_data(database):
            print("demo data already present; nothing to do")
            return
    try:
        counts = seed_demo(database, scale=args.scale, seed=args.seed, replace=args.replace,
                           progress=lambda message: print(message, file=sys.stderr, flush=True))
    except DataAlreadyPresent as exc:
        raise SystemExit(f"error: {exc}") from None
    print(f"loaded {counts['returnees']:,} returnees and {sum(counts.values()):,} rows in all")


def main(argv: list[str] | None = None) -> None:
    """Run one command."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    if args.command == "settings":
        if args.markdown:
            print("| Variable | Default | Meaning |\n|---|---|---|")
        for name, default, help_text in describe():
            print(f"| `{name}` | `{default}` | {help_text} |" if args.markdown
                  else f"{name}\n    {help_text} (default: {default or 'empty'})")
        return
    database = Database(load_settings().database_url)
    try:
        # A template is written from the declarations alone: a programme officer may want one
        # before any database exists.
        if args.command not in ("init-db", "template") and not (args.command == "seed-demo" and args.if_empty):
            _require_schema(database)
        if args.command == "init-db":
            added = init_db(database)
            print(f"database ready at the newest schema; {added} admin areas added")
        elif args.command == "seed-demo":
            _seed(database, args)
        elif args.command == "summary":
            _summary(database, args)
        else:
            next(group for group in COMMAND_GROUPS if group.run(database, args))
    finally:
        database.dispose()
