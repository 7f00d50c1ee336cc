"""``python -m dashboard send-reminders``: this week's digest of action items, by e-mail."""

from __future__ import annotations

import argparse
import sys

from dashboard.cli.types import iso_date
from dashboard.config import load_settings
from dashboard.db import Database
from dashboard.features.dcc.reminders import ReminderError, send_reminders


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register send-reminders on the CLI's sub-parsers."""
    send = commands.add_parser(
        "send-reminders",
        help="e-mail each DCC member and district officer their districts' action items overdue or due in the "
             "next 7 days (once a week: a second run in the same week sends nothing)")
    send.add_argument("--dry-run", action="store_true", help="list who would receive what; send nothing")
    send.add_argument("--today", type=iso_date, help="the day to judge overdue at (YYYY-MM-DD; default today)")


def run(database: Database, args: argparse.Namespace) -> bool:
    """Run send-reminders; False when ``args`` is not it."""
    if args.command != "send-reminders":
        return False
    try:
        outcome = send_reminders(database, load_settings(), today=args.today, dry_run=args.dry_run,
                                 progress=lambda message: print(message, file=sys.stderr, flush=True))
    except ReminderError as exc:
        raise SystemExit(f"error: {exc}") from None
    for digest in outcome.planned:
        print(f"would send to {digest.username} <{digest.email}> ({digest.language}): {digest.count} item(s) in "
              f"{', '.join(d.district for d in digest.districts)}")
    print(f"sent {len(outcome.sent)}; already sent this week {len(outcome.already_sent)}; nothing due "
          f"{len(outcome.nothing_due)}; refused by the server {len(outcome.refused)}")
    if outcome.refused:
        raise SystemExit("error: the server refused some reminders: " + "; ".join(
            f"{name}: {reason}" for name, reason in outcome.refused.items()))
    return True
