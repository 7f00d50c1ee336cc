"""``python -m dashboard`` commands for data: import, rollback, template."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from dashboard.db import Database, init_db
from dashboard.features.imports import MODES, Who, run_import
from dashboard.features.imports.kinds import KINDS
from dashboard.features.imports.messages import Message, message
from dashboard.features.imports.template import markdown, template
from dashboard.features.imports.undo import RollbackRefused, rollback
from dashboard.features.imports.validate import Problem
from dashboard.features.imports.xlsform import xlsform
from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES

UNREADABLE, REJECTED = 2, 1


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register the data commands on the CLI's sub-parsers."""
    load = commands.add_parser("import", help="check and import a CSV or XLSX file of field data")
    load.add_argument("path", type=Path)
    load.add_argument("--kind", required=True, choices=list(KINDS))
    load.add_argument("--mode", default=MODES[0], choices=MODES,
                      help="all-or-nothing (default): any bad row stores nothing; valid-only: store the good rows")
    load.add_argument("--dry-run", action="store_true", help="check and report, store nothing")
    load.add_argument("--json", action="store_true", help="print one JSON object with the report")
    load.add_argument("--drop-column", action="append", default=[], help="ignore this column (e.g. a name column)")
    load.add_argument("--lang", default=DEFAULT_LANGUAGE, choices=LANGUAGES,
                      help="language of the problems' words (default en); --json carries each one's code and "
                           "params whatever the language")
    undo = commands.add_parser("rollback", help="undo one import batch exactly")
    undo.add_argument("batch_id", type=int)
    blank = commands.add_parser("template", help="write the XLSX template of a kind (or --markdown: all schemas)")
    blank.add_argument("kind", nargs="?", choices=list(KINDS))
    blank.add_argument("--out", type=Path)
    blank.add_argument("--xlsform", action="store_true",
                       help="write the kind's XLSForm for KoboToolbox/ODK instead (survey, choices, settings)")
    blank.add_argument("--markdown", action="store_true", help="print every kind's columns as Markdown")


def run(database: Database, args: argparse.Namespace) -> bool:
    """Run a data command; False when ``args`` is not one."""
    if args.command == "import":
        _import(database, args)
    elif args.command == "rollback":
        init_db(database)
        try:
            with database.session() as session:
                restored = rollback(session, args.batch_id, f"cli:{getpass.getuser()}")
        except RollbackRefused as exc:
            raise SystemExit(f"error: {exc}") from None
        print(f"batch {args.batch_id} undone: {restored} row(s) restored")
    elif args.command == "template":
        if args.markdown:
            print(markdown())
        elif args.kind and args.out:
            args.out.write_bytes(xlsform(args.kind) if args.xlsform else template(args.kind))
            print(f"wrote {args.out}")
        else:
            raise SystemExit("error: give a KIND and --out FILE.xlsx, or --markdown")
    else:
        return False
    return True


def _import(database: Database, args: argparse.Namespace) -> None:
    try:
        data = args.path.read_bytes()
    except OSError as exc:
        _finish(args, None, message("cannot_open", path=str(args.path), detail=str(exc.strerror)), UNREADABLE)
        return
    init_db(database)
    # The CLI has no signed-in actor: it is the operator's tool, run on the server by whoever can
    # already reach the database, so it imports with full rights (every district, targets).
    report = run_import(database, data, args.path.name, args.kind, Who(f"cli:{getpass.getuser()}", "hq_admin"),
                        args.mode, args.dry_run, set(args.drop_column), lang=args.lang)
    _finish(args, report, None, UNREADABLE if report.unreadable else REJECTED if report.rejected else 0)


def _finish(args: argparse.Namespace, report: object, why: Message | None, code: int) -> None:
    if args.json:
        body = report.as_json() if report is not None else {  # type: ignore[attr-defined]
            "kind": args.kind, "mode": args.mode, "dry_run": args.dry_run, "rows": 0, "inserted": 0, "updated": 0,
            "unchanged": 0, "rejected": [Problem(0, "", str(args.path), why).as_json(args.lang)] if why else [],
            "warnings": [], "batch_id": None, "refused": True, "exporter": "", "reason": why.key if why else ""}
        print(json.dumps(body, ensure_ascii=False, default=str))
    else:
        _print_report(report, why.text(args.lang) if why else None)
    if code:
        sys.exit(code)


def _print_report(report: object, message: str | None) -> None:
    if report is None:
        print(f"error: {message}", file=sys.stderr)
        return
    body = report.as_json()  # type: ignore[attr-defined]
    verb = "would be" if body["dry_run"] else "were"
    if body["refused"]:
        # Nothing was checked row by row: saying "0 rows read, 1 rejected" of a 4-row file misleads.
        read = f"{body['rows']} data row(s) read, none checked" if body["rows"] else "no row read"
        print(f"the file was refused ({read}), for the reason(s) below; nothing was imported")
        for problem in body["rejected"]:
            print(f"  {problem['error']}" + (f" (column {problem['field']})" if problem["field"] else ""))
        return
    print(f"{body['rows']} row(s) read: {body['inserted']} {verb} added, {body['updated']} {verb} changed, "
          f"{body['unchanged']} unchanged; {len({p['row'] for p in body['rejected']})} row(s) rejected")
    for problem in body["rejected"]:
        where = f"row {problem['row']}, {problem['field']}" if problem["row"] else f"file: {problem['field']}"
        print(f"  {where}: {problem['error']} (value: {problem['value']!r})")
    for warning in body["warnings"]:
        print(f"  warning, row {warning['row']}, {warning['field']}: {warning['message']}")
    if body["batch_id"]:
        print(f"batch {body['batch_id']} (undo with: python -m dashboard rollback {body['batch_id']})")
    elif body["rejected"] and body["mode"] == "all-or-nothing" and not body["dry_run"]:
        print("nothing was imported (all-or-nothing): fix the rows above, or use --mode valid-only")
