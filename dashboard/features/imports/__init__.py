"""Importing field data (KoboToolbox/ODK exports, MIS extracts, spreadsheets) safely.

``run_import`` reads a CSV or XLSX file, checks every cell against its kind
(``kinds``), and stores the good rows in one database transaction as one batch
that ``rollback`` can undo exactly. In ``all-or-nothing`` mode (the default) one
bad row means nothing is stored; in ``valid-only`` mode the good rows are stored
and the bad ones reported. A crash midway leaves the database as it was: the
transaction never commits. Caches forget everything on import and undo (the
data version is bumped in the same transaction).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from dashboard.commands import statistics
from dashboard.core.audit import record
from dashboard.db import Database
from dashboard.features.imports.columns import exporter
from dashboard.features.imports.kinds import KINDS, Kind
from dashboard.features.imports.messages import Message, message
from dashboard.features.imports.reach import TARGET_KINDS, Reach
from dashboard.features.imports.reading import Limits, UnreadableFile, read_table
from dashboard.features.imports.store import new_batch, store, tables_written
from dashboard.features.imports.validate import FileRefused, Problem, validate
from dashboard.i18n import DEFAULT_LANGUAGE

MODES = ("all-or-nothing", "valid-only")
PREVIEW_ROWS = 5


@dataclass
class ImportReport:
    """What happened, in the shape ``import --json`` prints."""

    kind: str
    mode: str
    dry_run: bool
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    batch_id: int | None = None
    mapping: dict[str, Any] = field(default_factory=dict)
    preview: list[dict[str, str]] = field(default_factory=list)  # the first rows as written
    refused: bool = False     # the file itself could not be used (a column missing, personal data...)
    unreadable: bool = False  # ...or not even read as a table
    exporter: str = ""        # which tool wrote the file (columns.EXPORTERS; "" when it was not read)
    reason: str = ""          # the catalogue's key for why the file was unreadable (import.msg.<code>)
    lang: str = DEFAULT_LANGUAGE  # the language of each problem's "error" and warning's "message" text

    def as_json(self) -> dict[str, Any]:
        """The documented keys only."""
        keys = ("kind", "mode", "dry_run", "rows", "inserted", "updated", "unchanged", "rejected", "warnings",
                "batch_id", "refused", "exporter", "reason")
        return {k: v for k, v in asdict(self).items() if k in keys}


@dataclass(frozen=True)
class Who:
    """Who imports, and where they may: None means every district (and the national records).

    The page builds it from the signed-in actor (``import_actions``); the CLI, an operator's
    tool run on the server, imports as ``hq_admin`` with every district."""

    name: str
    role: str
    districts: frozenset[str] | None = None

    def reach(self) -> Reach:
        """Where this importer may write, from the role's grants (``dashboard.core.access``)."""
        from dashboard.core.access import GRANTS, Action, Role

        grants = GRANTS[Role(self.role)]  # an unknown role is an error, never a default
        if Action.IMPORT not in grants:
            return Reach(frozenset(), set_targets=False)
        return Reach(self.districts, set_targets=Action.EDIT_TARGETS in grants)


def _problems(problems: list[Problem], lang: str) -> list[dict[str, Any]]:
    return [p.as_json(lang) for p in problems]


def run_import(database: Database, data: bytes, file_name: str, kind_name: str, who: Who,
               mode: str = "all-or-nothing", dry_run: bool = False, drop: set[str] | None = None,
               today: date | None = None, limits: Limits | None = None,
               progress: Callable[[str, int, int], None] | None = None,
               lang: str = DEFAULT_LANGUAGE) -> ImportReport:
    """Read, check and (unless a dry run, or all-or-nothing with errors) store one file.

    ``limits`` bound what one file may hold (default: the ``DASHBOARD_IMPORT_MAX_*`` settings
    of the environment). ``progress``, if given, is told the stage ("read", "check", "store"),
    rows done and rows in all, every few thousand rows (the page's progress bar).

    Each problem and warning carries its message's ``code`` and ``params`` (what the page
    renders in its own language) and its text in ``lang`` (English unless the CLI asks)."""
    def stage(name: str) -> Callable[[int, int], None] | None:
        return None if progress is None else lambda done, total: progress(name, done, total)

    if kind_name not in KINDS:
        raise ValueError(f"unknown kind {kind_name!r}; choose one of {', '.join(KINDS)}")
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")
    kind: Kind = KINDS[kind_name]
    report = ImportReport(kind_name, mode, dry_run, lang=lang)
    reach = who.reach()
    refusal = _refusal(kind_name, reach)
    if refusal:
        # Refused before the file is read; the store refuses these rows again (``in_reach``).
        report.refused = True
        report.rejected = _problems([Problem(0, "", kind_name, refusal)], lang)
        return report
    try:
        if limits is None:
            from dashboard.config import load_settings

            limits = Limits.from_settings(load_settings())
        table = read_table(data, file_name, sheet=kind_name, limits=limits, progress=stage("read"))
        report.exporter = exporter(list(table.frame.columns))
        report.preview = [{str(k): str(v) for k, v in row.items()}
                          for row in table.frame.head(PREVIEW_ROWS).astype(str).to_dict("records")]
        checked = validate(table, kind, today or date.today(), drop, reach.districts, progress=stage("check"))
    except UnreadableFile as exc:
        report.refused = report.unreadable = True
        report.reason = exc.key
        report.rejected = _problems([Problem(0, "", file_name, exc.why)], lang)
        return report
    except FileRefused as exc:
        report.refused = True
        report.rows = len(table.frame)  # read, but none of them checked: the file itself is refused
        report.rejected = _problems(exc.problems, lang)
        return report
    report.rows = len(checked.frame)
    if report.rows == 0:
        report.refused = True
        report.rejected = _problems([Problem(0, "", file_name, message("no_rows"))], lang)
        return report
    report.rejected = _problems(checked.problems, lang)
    report.warnings = [w.as_json(lang) for w in checked.warnings]
    report.mapping = {"columns": checked.mapping.columns, "choices": checked.mapping.choices,
                      "gps_pairs": checked.mapping.gps_pairs, "provenance": checked.mapping.provenance,
                      "by_tag": checked.mapping.by_tag, "staff": checked.mapping.staff,
                      "ignored": checked.mapping.ignored, "unknown": checked.mapping.unknown}
    if mode == "all-or-nothing" and report.rejected:
        return report
    good = checked.frame.drop(index=list(checked.bad_rows))
    if progress is not None:
        progress("store", 0, len(good))
    _store(database, report, good, kind_name, who, file_name, hashlib.sha256(data).hexdigest())
    return report


def _refusal(kind_name: str, reach: Reach) -> Message | None:
    """Why this importer may not import this kind at all, or None."""
    if reach.districts is not None and not reach.districts:
        return message("may_not_import")
    if kind_name in TARGET_KINDS and not reach.set_targets:
        return message("targets_ask_hq")
    return None


BIG_IMPORT_ROWS = 10_000


def _store(database: Database, report: ImportReport, good: Any, kind: str, who: Who, file_name: str,
           digest: str) -> None:
    with database.session() as session:
        batch = new_batch(session, kind=kind, file_name=file_name[:200], sha256=digest, mode=report.mode,
                          created_by=who.name) if not report.dry_run else None
        stored = store(session, kind, good, batch.id if batch else None, who.reach())
        report.rejected = sorted(report.rejected + _problems([Problem(*p) for p in stored.rejected], report.lang),
                                 key=lambda p: (p["row"], p["field"]))
        report.inserted, report.updated = stored.counts.inserted, stored.counts.updated
        report.unchanged = stored.counts.unchanged
        if report.dry_run or (report.mode == "all-or-nothing" and stored.rejected):
            session.rollback()
            return
        batch.rows, batch.inserted, batch.updated = report.rows, report.inserted, report.updated  # type: ignore[union-attr]
        batch.unchanged, batch.rejected = report.unchanged, len({p["row"] for p in report.rejected})  # type: ignore[union-attr]
        record(session, _actor(who), "import", f"{kind}:{file_name}"[:200],
               {"batch": batch.id, "rows": report.rows, "inserted": report.inserted,  # type: ignore[union-attr]
                "updated": report.updated, "rejected": batch.rejected})  # type: ignore[union-attr]
        report.batch_id = batch.id  # type: ignore[union-attr]
    if report.inserted >= BIG_IMPORT_ROWS:
        # Many new rows can change the best plan for later queries.
        with database.session() as session:
            statistics.analyze(session, tables_written(kind))


def _actor(who: Who) -> Any:
    from dashboard.core.access import Actor, Role

    return Actor(who.name, Role(who.role), who.districts or frozenset())


__all__ = ["KINDS", "MODES", "ImportReport", "Limits", "Who", "run_import"]
