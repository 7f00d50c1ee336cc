"""``python -m dashboard followups rescore``: recompute reintegration scores after the declared
indicators or weights changed (docs/outcomes.md)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from dashboard.commands.outcomes import rescore
from dashboard.core import outcomes
from dashboard.db import Database


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register ``followups rescore``."""
    followups = commands.add_parser("followups", help="follow-up surveys: recompute their scores")
    actions = followups.add_subparsers(dest="followups_command", required=True)
    again = actions.add_parser("rescore", help="recompute the scores of surveys scored with other indicator or "
                                               "weight files (DASHBOARD_OUTCOME_INDICATORS_DIR)")
    again.add_argument("--all", action="store_true", help="recompute every survey, not only the stale ones")
    again.add_argument("--json", action="store_true", help="print one JSON object")


def run(database: Database, args: argparse.Namespace) -> bool:
    """Run ``followups rescore``; False when the command is not one of this group's."""
    if args.command != "followups":
        return False
    try:
        folder = outcomes.outcome_scheme_folder()
        scheme = outcomes.load_scheme(Path(folder) if folder else outcomes.DEFAULT_DIR)
    except (OSError, outcomes.SchemeError) as exc:
        raise SystemExit(f"error: the indicator files cannot be used: {exc}") from None
    with database.session() as session:
        done = rescore(session, scheme, everything=args.all)
    if args.json:
        print(json.dumps({"surveys": done.surveys, "rescored": done.stale, "unscorable": done.unscorable,
                          "scheme": scheme.fingerprint}))
    else:
        print(f"{done.stale} of {done.surveys} surveys rescored with scheme {scheme.fingerprint}"
              + (f"; {done.unscorable} left unscored (an answer outside its new range)" if done.unscorable else ""))
    return True
