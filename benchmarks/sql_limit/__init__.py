"""The app against the limit: each slow action beside the best SQL that returns the same numbers.

    python -m benchmarks.sql_limit [--scale N] [--db sqlite|postgres|both] [--repeat R] [--warmup W]
                                   [--pg-schema SCHEMA] [--app-report FILE] [--json]

For the slowest actions at each level (the national map with every layer; the service-gap
finder in the largest districts) this module holds the fewest SQL statements (SQLAlchemy Core
on the dashboard's own tables, the same summary tables the app reads, so they run on SQLite
and PostgreSQL) that return exactly the numbers the action's answer shows, for headquarters
(exact counts: below headquarters the disclosure layer adds a perturbation step SQL cannot).
Each repetition asks what the benchmark's action asks at that repetition (``benchmarks.actions``:
the same districts in turn, filters, services and radii), and before anything is timed the
SQL's answer is checked against the app's own answer to the same input (the functions the
action's callback draws from, signed in as headquarters, cache off): the limit answers the
same question, or the run fails.

Timing is ``benchmarks.run``'s: warm-up repetitions, then ``--repeat`` measured ones, p50 and
p95 (nearest rank) of the wall time to run the statements and read every row, on a pooled
connection (the app's own pool, cache off). The app's times come from running the action
through ``benchmarks.run``'s machinery in a fresh process (or from ``--app-report``, a report
``benchmarks.run`` wrote). Ratio = app p50 / SQL p50. Prints a Markdown table per database and
writes it to ``benchmarks/results/sql-limit-<db>-scale<N>.md``.

On PostgreSQL it reuses ``benchmarks.run``'s ``bench`` schema when that already holds the
scale asked (it never seeds it), else it seeds (or reuses) ``bench_small``: a small run never
replaces the scale-1000 data. ``--pg-schema`` names one.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from benchmarks.actions import Context
from benchmarks.run import DATA, DATABASES, POSTGRES_SCHEMA, POSTGRES_URL, RESULTS, Prepared, percentile, prepare
from benchmarks.sql_limit._common import Answer
from benchmarks.sql_limit.gaps import GapAsk, service_gaps_app, service_gaps_sql
from benchmarks.sql_limit.maps import (
    drill_app,
    drill_search_at,
    drill_sql,
    national_map_app,
    national_map_for,
    national_map_search,
)
from benchmarks.sql_limit.ranking import ranking_app, ranking_search, ranking_sql

SMALL_SCHEMA = "bench_small"


# The limits, checked and timed ----------------------------------------------------------------------


@dataclass(frozen=True)
class Limit:
    """One action beside its best SQL: what a repetition asks, the SQL's answer, the app's answer."""

    action: str  # a name in benchmarks.actions.ACTIONS
    level: str
    statements: str  # how many statements the SQL answer takes
    ask: Callable[[Context, int], Any]
    sql: Callable[[Connection, Any], Answer]
    app: Callable[[Any], Answer]  # in a request as headquarters


LIMITS = (
    Limit("national_map_all_layers", "national", "6", lambda _context, repetition: national_map_search(repetition),
          national_map_for, national_map_app),
    Limit("ranking_table", "national", "4–5", lambda _context, repetition: ranking_search(repetition), ranking_sql,
          ranking_app),
    Limit("drill_district", "largest districts", "13", drill_search_at, drill_sql, drill_app),
    Limit("service_gaps", "largest districts", "1", GapAsk.of, service_gaps_sql, service_gaps_app),
)


class LimitMismatch(AssertionError):
    """The SQL does not answer what the app answers: its time would be the limit of another question."""


def _differences(sql: Answer, app: Answer) -> list[str]:
    out = []
    for name in sorted(set(sql) | set(app)):
        mine, theirs = sql.get(name), app.get(name)
        if mine != theirs:
            extra = sorted(set(mine or []) - set(theirs or []))[:3]
            missing = sorted(set(theirs or []) - set(mine or []))[:3]
            out.append(f"{name}: SQL has {len(mine or [])} rows, the app {len(theirs or [])}; only in SQL {extra}, "
                       f"only in the app {missing}")
    return out


def check(url: str, context: Context, repetitions: int, limits: tuple[Limit, ...] = LIMITS) -> int:
    """Raise :class:`LimitMismatch` unless each limit's SQL returns the app's numbers for each of
    the first ``repetitions`` inputs; return how many result sets were compared."""
    import secrets

    from flask import g

    from dashboard.app import create_app
    from dashboard.config import load_settings
    from dashboard.core.access import Actor, Role
    from dashboard.db import Database

    app = create_app(load_settings({}, database_url=url, cache_type="NullCache", secret_key=secrets.token_urlsafe(48)))
    database = Database(url)
    compared = 0
    try:
        for limit in limits:
            for repetition in range(repetitions):
                asked = limit.ask(context, repetition)
                with app.server.test_request_context():
                    g.actor = Actor("bench-sql-limit", Role.HQ_ANALYST)
                    theirs = limit.app(asked)
                with database.engine.connect() as connection:
                    mine = limit.sql(connection, asked)
                problems = _differences(mine, theirs)
                if problems:
                    raise LimitMismatch(f"{limit.action} at repetition {repetition} ({asked}): " + "; ".join(problems))
                compared += len(mine)
    finally:
        database.dispose()
    return compared


def time_sql(url: str, context: Context, limit: Limit, repeat: int, warmup: int) -> dict[str, float]:
    """p50 and p95 (ms) of running the limit's statements and reading every row, as ``benchmarks.run`` times."""
    from dashboard.db import Database

    database = Database(url)
    try:
        seconds = []
        for repetition in range(warmup + repeat):
            asked = limit.ask(context, repetition)
            started = time.perf_counter()
            with database.engine.connect() as connection:
                limit.sql(connection, asked)
            if repetition >= warmup:
                seconds.append(time.perf_counter() - started)
    finally:
        database.dispose()
    return {"p50_ms": round(1000 * statistics.median(seconds), 1),
            "p95_ms": round(1000 * percentile(seconds, 0.95), 1)}


def app_times_from(report: Path, names: list[str]) -> dict[str, dict[str, float]]:
    """p50 and p95 of each action in the first table of a ``benchmarks.run`` report (headquarters')."""
    found: dict[str, dict[str, float]] = {}
    for line in report.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0] in names and cells[0] not in found:
            found[cells[0]] = {"p50_ms": float(cells[1].replace(",", "")), "p95_ms": float(cells[2].replace(",", ""))}
    missing = set(names) - set(found)
    if missing:
        raise SystemExit(f"{report} has no row for {', '.join(sorted(missing))}")
    return found


def postgres_schema(scale: int, postgres_url: str) -> str:
    """``benchmarks.run``'s schema when it holds ``scale`` already (seeded and marked), else ours."""
    from sqlalchemy import create_engine

    from benchmarks.run import _seeded, database_url

    engine = create_engine(database_url("postgres", scale, postgres_url, schema=POSTGRES_SCHEMA))
    try:
        with engine.connect() as connection:
            seeded = _seeded(connection)
    finally:
        engine.dispose()
    return POSTGRES_SCHEMA if seeded is not None and seeded[0] == scale else SMALL_SCHEMA


def run_one(db: str, args: argparse.Namespace) -> dict[str, Any]:
    """Prepare the database, check every limit, time the SQL and the app; the rows of the report."""
    from benchmarks.run import in_fresh_process, pooled

    schema = args.pg_schema or (postgres_schema(args.scale, args.pg_url) if db == "postgres" else SMALL_SCHEMA)
    prepared: Prepared = prepare(db, args.scale, args.pg_url, args.data_dir, schema)
    context = Context("ours", prepared.district, districts=prepared.districts)
    names = [limit.action for limit in LIMITS]
    compared = check(prepared.url, context, args.check)
    print(f"[{db}] the SQL answers equal the app's: {compared} result sets over {args.check} inputs per action",
          file=sys.stderr, flush=True)
    if args.app_report:
        app = app_times_from(args.app_report, names)
    else:
        app = pooled([in_fresh_process("ours", prepared.url, prepared.districts, names, args.repeat, args.warmup,
                                       ("hq",))["hq"]])["actions"]
    rows_out = []
    for limit in LIMITS:
        sql = time_sql(prepared.url, context, limit, args.repeat, args.warmup)
        mine = app[limit.action]
        rows_out.append({"action": limit.action, "level": limit.level, "statements": limit.statements,
                         "app_p50_ms": mine["p50_ms"], "app_p95_ms": mine["p95_ms"],
                         "sql_p50_ms": sql["p50_ms"], "sql_p95_ms": sql["p95_ms"],
                         "ratio": round(mine["p50_ms"] / sql["p50_ms"], 1) if sql["p50_ms"] else None})
    return {"db": db, "scale": args.scale, "returnees": prepared.returnees, "version": prepared.version,
            "districts": list(prepared.districts), "compared": compared, "limits": rows_out}


def markdown(result: dict[str, Any], repeat: int) -> str:
    """The table: each action, its level, the app's and the SQL's p50/p95 and their ratio."""
    lines = [f"### The SQL limit, scale {result['scale']} on {result['db']} ({result['version']})", "",
             f"{result['returnees']:,} returnees; districts in turn: {', '.join(result['districts'])}; "
             f"{repeat} measured repetitions; headquarters, cache off. Ratio = app p50 / SQL p50.", "",
             "| action | level | app p50 ms | app p95 ms | best SQL p50 ms | best SQL p95 ms | statements | ratio |",
             "|---|---|--:|--:|--:|--:|--:|--:|"]
    for row in result["limits"]:
        ratio = f"{row['ratio']:.1f}×" if row["ratio"] is not None else "–"
        lines.append(f"| {row['action']} | {row['level']} | {row['app_p50_ms']:,.1f} | {row['app_p95_ms']:,.1f} | "
                     f"{row['sql_p50_ms']:,.1f} | {row['sql_p95_ms']:,.1f} | {row['statements']} | {ratio} |")
    return "\n".join(lines) + "\n"


def _positive(text: str) -> int:
    if not re.fullmatch(r"[1-9]\d*", text):
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return int(text)


def main(argv: list[str] | None = None) -> None:
    """Parse options, check and time each database, print the tables."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sql_limit", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=_positive, default=1000, help="demo data scale (1000 = ~1.35M returnees)")
    parser.add_argument("--db", choices=(*DATABASES, "both"), default="both")
    parser.add_argument("--repeat", type=_positive, default=20, help="measured repetitions per action")
    parser.add_argument("--warmup", type=int, default=2, help="unmeasured repetitions first")
    parser.add_argument("--check", type=_positive, default=5, help="inputs per action whose answers are compared")
    parser.add_argument("--pg-url", default=POSTGRES_URL, help="PostgreSQL URL")
    parser.add_argument("--pg-schema", help=f"PostgreSQL schema (default: {POSTGRES_SCHEMA}, benchmarks.run's, "
                        f"when it holds the scale, else {SMALL_SCHEMA})")
    parser.add_argument("--data-dir", type=Path, default=DATA, help="where SQLite benchmark databases are kept")
    parser.add_argument("--app-report", type=Path, help="take the app's times from this benchmarks.run report "
                        "instead of measuring them")
    parser.add_argument("--results-dir", type=Path, default=RESULTS, help="where the Markdown tables go")
    parser.add_argument("--json", action="store_true", help="print JSON instead of the Markdown table")
    args = parser.parse_args(argv)
    results = [run_one(db, args) for db in (DATABASES if args.db == "both" else (args.db,))]
    args.results_dir.mkdir(parents=True, exist_ok=True)
    for result in results:
        path = args.results_dir / f"sql-limit-{result['db']}-scale{args.scale}.md"
        path.write_text(markdown(result, args.repeat), encoding="utf-8")
        print(f"[{result['db']}] wrote {path}", file=sys.stderr, flush=True)
    if args.json:
        print(json.dumps(results[0] if len(results) == 1 else results, indent=2))
    else:
        print("\n".join(markdown(result, args.repeat) for result in results))


if __name__ == "__main__":
    main()

