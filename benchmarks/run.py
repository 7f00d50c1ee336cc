"""Time the dashboard's real callbacks, cache off, against a naive Dash app on the same data.

    python -m benchmarks.run [--scale N] [--db sqlite|postgres|both] [--role ROLE | --roles all|R1,R2]
                             [--repeat R] [--json]

For each database it seeds a demo database at the scale (or reuses it when it already holds
that scale: ``benchmarks/data/sqlite-scale<N>.db``, or the ``bench`` schema of the PostgreSQL
database; a ``benchmark_seed`` table records what was seeded), adds the benchmark's accounts
if missing (``benchmarks.roles``: one per role, the district roles assigned the districts with
most returnees), then, for each role asked (default: headquarters), signs in through the
sign-in form and measures every action of ``benchmarks.actions.ACTIONS`` that role takes on the
dashboard (``NullCache``, CSRF header as the page sends it); and, for headquarters, on
``benchmarks/naive_app.py``. Each app runs in a fresh process of its own (so its peak RSS is
its own); every role asked signs in to the same app and the roles take each repetition in turn
(``measure``; ``--rounds`` repeats that in new processes with new inputs). The inputs are
checked against the dashboard's declarations first (``actions.validate_inputs``): an unknown
service, indicator or layer fails the run.

Per action: warm-up repetitions, then ``--repeat`` measured ones; p50 and p95 of the
server-side time (wall time around each Flask test-client call, body read, summed over the
action's requests) and the median bytes sent to a browser (``Accept-Encoding: gzip, deflate,
br``; the dashboard compresses, the naive app keeps Dash's default of not compressing).
``speedup`` is the naive app's p50 divided by the dashboard's.

Prints a Markdown report (or, with ``--json``, one JSON object per database: a list for
``--db both``) and writes it to ``benchmarks/results/<db>-scale<N>.md`` (one table per role, and
with several roles a table of every role's p95 beside headquarters').
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import secrets
import sqlite3
import statistics
import sys
import warnings
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from multiprocessing import get_context
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
RESULTS = HERE / "results"
POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
POSTGRES_SCHEMA = "bench"
MARKER = "benchmark_seed"
DATABASES = ("sqlite", "postgres")


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def database_url(db: str, scale: int, postgres_url: str = POSTGRES_URL, data: Path = DATA,
                 schema: str = POSTGRES_SCHEMA) -> str:
    """The benchmark database: a SQLite file per scale, or a schema (``bench``) of PostgreSQL."""
    if db == "sqlite":
        data.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{data / f'sqlite-scale{scale}.db'}"
    joiner = "&" if "?" in postgres_url else "?"
    return f"{postgres_url}{joiner}options=-csearch_path%3D{schema}"


# The database ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Prepared:
    """A seeded database and the facts the actions need."""

    db: str
    url: str
    scale: int
    returnees: int
    district: str
    district_returnees: int
    version: str
    districts: tuple[str, ...] = ()  # the role districts: the DISTRICTS_PER_ROLE with most returnees


def _seeded(connection: Any) -> tuple[int, int] | None:
    from sqlalchemy import inspect, text

    if not inspect(connection).has_table(MARKER) or not inspect(connection).has_table("returnees"):
        return None
    row = connection.execute(text(f"SELECT scale, returnees FROM {MARKER}")).first()
    count = connection.execute(text("SELECT COUNT(*) FROM returnees")).scalar_one()
    return (int(row[0]), int(row[1])) if row and int(row[1]) == count else None


def _mark(connection: Any, scale: int) -> None:
    from sqlalchemy import text

    connection.execute(text(f"CREATE TABLE IF NOT EXISTS {MARKER} (scale INTEGER NOT NULL, "
                            "returnees INTEGER NOT NULL, seeded_at VARCHAR(32) NOT NULL)"))
    connection.execute(text(f"DELETE FROM {MARKER}"))
    count = connection.execute(text("SELECT COUNT(*) FROM returnees")).scalar_one()
    connection.execute(text(f"INSERT INTO {MARKER} VALUES (:scale, :count, :at)"),
                       {"scale": scale, "count": count, "at": datetime.now().isoformat(timespec="seconds")})


def prepare(db: str, scale: int, postgres_url: str, data: Path = DATA, schema: str = POSTGRES_SCHEMA) -> Prepared:
    """Seed (or reuse) the database at ``scale``, add the benchmark's accounts, find the largest
    districts. On PostgreSQL in ``schema`` (another than ``bench`` keeps a small run off its data)."""
    from sqlalchemy import create_engine, text

    from benchmarks.roles import ensure_accounts, largest_districts
    from dashboard.db import Database
    from dashboard.seed import seed_demo

    if db == "postgres":
        admin = create_engine(postgres_url)
        with admin.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {schema}"))
        admin.dispose()
    url = database_url(db, scale, postgres_url, data, schema)
    database = Database(url)
    with database.engine.connect() as connection:
        seeded = _seeded(connection)
    if seeded is None or seeded[0] != scale:
        _say(f"[{db}] seeding scale {scale} (this replaces the benchmark database's demo data)")
        seed_demo(database, scale=scale, replace=True, progress=lambda m: _say(f"[{db}]   {m}"))
        with database.engine.begin() as connection:
            _mark(connection, scale)
    else:
        _say(f"[{db}] reusing the scale-{scale} database ({seeded[1]:,} returnees)")
    with database.engine.connect() as connection:
        returnees = connection.execute(text("SELECT COUNT(*) FROM returnees")).scalar_one()
        districts = largest_districts(connection)
        most = connection.execute(text("SELECT COUNT(*) FROM returnees WHERE district_pcode = :d"),
                                  {"d": districts[0]}).scalar_one()
        if db == "postgres":
            version = " ".join(connection.execute(text("SELECT version()")).scalar_one().split()[:2])
        else:
            version = f"SQLite {sqlite3.sqlite_version}"
    with database.session() as session:
        ensure_accounts(session, districts)
    database.dispose()
    return Prepared(db, url, scale, int(returnees), districts[0], int(most), version, districts)


# Measuring (in a fresh process per app) ----------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 20 values is the 19th smallest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def turns(roles: Sequence[str], repetition: int) -> list[str]:
    """The order in which ``roles`` take repetition ``repetition``: rotated by one each time, and
    by one more after each full turn.

    The roles ask alike inputs at the same repetition (the same district, period or layers), so
    whoever asks second may find the database's pages already read by the first. Rotating gives
    every role the first turn equally often; a fixed order would favour the later roles. A plain
    rotation by one is not enough: inputs alternate too (the timeline's month and quarter steps,
    every other repetition), and with four roles it gave headquarters and the DCC member the first
    turn at every month step, the costlier kind, and the other two roles at every quarter step (the
    member's timeline step came out at 1.24x and 1.36x headquarters' p95 on two machines, its
    p50 within 8 %). The extra step after each full turn gives each role the first turn at even and
    at odd repetitions alike."""
    count = len(roles)
    shift = (repetition + repetition // count) % count
    return [*roles[shift:], *roles[:shift]]


def measure(app: str, url: str, districts: tuple[str, ...], names: list[str], repeat: int, warmup: int,
            roles: Sequence[str] = ("hq",), start: int = 0) -> dict[str, dict[str, Any]]:
    """Build one app and time the named actions on it as each of ``roles``; runs in its own process.

    Every role signs in to the same app, as readers of every role share a serving process, and
    the roles take each repetition in turn (:func:`turns`): a slow spell of the machine then falls
    on every role alike, and the ratios between roles compare answers given seconds apart (when
    each role was measured in a block of its own, two runs of the same code put one role's
    export at 1.02x and 1.42x headquarters'). Each role's seconds and bytes per repetition, inputs
    from repetition ``start`` on (a later round asks what an earlier one did not); actions a role
    does not take are left out. The naive app is measured as headquarters only."""
    warnings.filterwarnings("ignore", message="Flask-Caching")
    from benchmarks.actions import ACTIONS, TimedClient, baseline_context, our_context, validate_inputs

    validate_inputs(districts)
    readers: dict[str, tuple[Any, Any]] = {}
    if app == "ours":
        from benchmarks.roles import PASSWORD, ROLES
        from dashboard.app import create_app, settle_heap
        from dashboard.config import load_settings
        from dashboard.core.access import GRANTS, Role

        settings = load_settings({}, database_url=url, cache_type="NullCache", secret_key=secrets.token_urlsafe(48))
        server = create_app(settings).server
        settle_heap()  # as app.py does in every serving process
        for role in roles:
            reader = ROLES[role]
            client = TimedClient(server)  # a browser of its own: its own session cookie
            client.sign_in(reader.username, PASSWORD)
            readers[role] = (client, our_context(client, districts, role, national=not reader.assigned,
                                                 grants=frozenset(a.value for a in GRANTS[Role(reader.role)])))
    else:
        from benchmarks import naive_app

        client = TimedClient(naive_app.create_app(url).server)
        readers["hq"] = (client, baseline_context(client, districts))
    results: dict[str, dict[str, Any]] = {role: {} for role in readers}
    for name in names:
        step = ACTIONS[name].ours if app == "ours" else ACTIONS[name].baseline
        if step is None:
            continue
        taking = [role for role, (_, context) in readers.items() if ACTIONS[name].applies(context)]
        if not taking:
            continue
        for repetition in range(warmup):
            for role in turns(taking, repetition):
                step(*readers[role], repetition)
        samples: dict[str, list[Any]] = {role: [] for role in taking}
        for repetition in range(repeat):
            for role in turns(taking, repetition):
                samples[role].append(step(*readers[role], warmup + start + repetition))
        for role in taking:
            results[role][name] = {"seconds": [s.seconds for s in samples[role]],
                                   "bytes": [s.bytes for s in samples[role]]}
    rss = round(peak_rss_mb(), 1)  # one process served every role: its peak is theirs together
    return {role: {"actions": results[role], "peak_rss_mb": rss} for role in readers}


def summary(samples: dict[str, list[float]]) -> dict[str, Any]:
    """p50 and p95 (ms) and the median bytes of one action's samples."""
    return {"p50_ms": round(1000 * statistics.median(samples["seconds"]), 1),
            "p95_ms": round(1000 * percentile(samples["seconds"], 0.95), 1),
            "bytes": int(statistics.median(samples["bytes"]))}


def pooled(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Several runs' samples as one: each action's seconds and bytes joined, the highest peak RSS."""
    actions: dict[str, dict[str, list[float]]] = {}
    for run in runs:
        for name, samples in run["actions"].items():
            into = actions.setdefault(name, {"seconds": [], "bytes": []})
            into["seconds"] += samples["seconds"]
            into["bytes"] += samples["bytes"]
    return {"actions": {name: summary(samples) for name, samples in actions.items()},
            "peak_rss_mb": max(run["peak_rss_mb"] for run in runs)}


def peak_rss_mb() -> float:
    """This process's peak resident memory since it started its program.

    Not ``getrusage``'s ``ru_maxrss``: on Linux a process started by fork and exec keeps the
    high-water mark of the memory it shared with its parent at the fork, so a worker spawned
    by a parent that had just seeded a database would report the parent's gigabytes.
    ``VmHWM`` belongs to the process's own address space, which exec replaces.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def in_fresh_process(*args: Any) -> dict[str, dict[str, Any]]:
    """``measure`` in a newly spawned interpreter (nothing inherited, its own peak RSS)."""
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(measure, *args).result()


def run_one(db: str, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    """Prepare, measure each role (and the naive app), and return the JSON object and the Markdown report."""
    from benchmarks.actions import ACTIONS

    prepared = prepare(db, args.scale, args.pg_url, args.data_dir)
    names = args.only or list(ACTIONS)
    baseline: dict[str, Any] = {"actions": {}, "peak_rss_mb": None}
    if not args.skip_baseline and "hq" in args.roles:
        repeat = args.baseline_repeat or args.repeat
        _say(f"[{db}] measuring the naive app: {args.warmup} warm-up + {repeat} repetitions per action")
        baseline = pooled([in_fresh_process("baseline", prepared.url, prepared.districts, names, repeat,
                                            args.warmup)["hq"]])
    # Each round is a fresh process serving every role, the roles taking each repetition in turn
    # (``measure``); the rounds ask new inputs and their samples are pooled.
    runs: dict[str, list[dict[str, Any]]] = {role: [] for role in args.roles}
    for round_number in range(args.rounds):
        _say(f"[{db}] measuring the dashboard as {', '.join(args.roles)} in turn (round {round_number + 1} of "
             f"{args.rounds}): {args.warmup} warm-up + {args.repeat} repetitions per action and role")
        measured = in_fresh_process("ours", prepared.url, prepared.districts, names, args.repeat, args.warmup,
                                    tuple(args.roles), round_number * args.repeat)
        for role in args.roles:
            runs[role].append(measured[role])
    roles: dict[str, Any] = {}
    for role in args.roles:
        ours = pooled(runs[role])
        actions = {}
        for name, mine in ours["actions"].items():
            theirs = baseline["actions"].get(name) if role == "hq" else None
            actions[name] = {
                "p50_ms": mine["p50_ms"], "p95_ms": mine["p95_ms"], "bytes": mine["bytes"],
                "baseline_p50_ms": theirs["p50_ms"] if theirs else None,
                "baseline_bytes": theirs["bytes"] if theirs else None,
                "speedup": round(theirs["p50_ms"] / mine["p50_ms"], 1) if theirs and mine["p50_ms"] else None,
            }
        roles[role] = {"actions": actions, "peak_rss_mb": ours["peak_rss_mb"]}
    result = {"scale": args.scale, "db": db, "returnees": prepared.returnees, "districts": list(prepared.districts),
              "roles": roles}
    return result, markdown(result, prepared, args, baseline["peak_rss_mb"])


# Reporting -------------------------------------------------------------------------------------------


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo (or the platform's guess)."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _number(value: float | int | None, unit: str = "") -> str:
    if value is None:
        return "–"
    return f"{value:,.1f}{unit}" if isinstance(value, float) else f"{value:,}{unit}"


def markdown(result: dict[str, Any], prepared: Prepared, args: argparse.Namespace,
             baseline_rss: float | None) -> str:
    """The report: what was measured, where, a table per role, and the roles side by side."""
    from benchmarks.actions import ACTIONS
    from benchmarks.roles import ROLES

    when = datetime.now().strftime("%Y-%m-%d %H:%M")
    machine = (f"{os.cpu_count()} CPUs ({cpu_model()}), {platform.machine()}, Linux {platform.release()}, "
               f"Python {platform.python_version()}, {prepared.version}")
    rounds = (f"{args.rounds} rounds of {args.repeat} (each round a fresh process; the samples pooled) = "
              f"{args.rounds * args.repeat}" if args.rounds > 1 else f"{args.repeat}")
    together = ("; every role signed in to the same app, the roles taking each repetition in turn, the first "
                "turn rotating" if len(result["roles"]) > 1 else "")
    repeat = rounds if args.skip_baseline else f"{rounds} (naive app: {args.baseline_repeat or args.repeat})"
    lines = [
        f"## Scale {result['scale']} on {result['db']} ({when})", "",
        f"- Machine: {machine}.",
        f"- Data: {result['returnees']:,} returnees; the largest district is {prepared.district} "
        f"({prepared.district_returnees:,} returnees). Every role works over the {len(prepared.districts)} "
        f"districts with most returnees ({', '.join(prepared.districts)}), one after another.",
        f"- Cache off (`NullCache`); {args.warmup} warm-up, then {repeat} measured repetitions per action, each "
        "asking something new (district, upazila, layers, filter, period, service, radius or language). Time: "
        "server-side wall time around each Flask test-client call (body read), summed over the action's "
        "requests; p95 is the nearest rank. Bytes: median per repetition, as sent to a browser "
        f"(`Accept-Encoding: gzip, deflate, br`){together}.",
        "- Baseline (headquarters only): `benchmarks/naive_app.py` (whole tables read into pandas in every "
        "callback, full-resolution COD-AB GeoJSON embedded in every map figure, Dash's defaults: no "
        "compression). Speedup = baseline p50 / dashboard p50.",
        f"- Naive app's peak RSS: {_number(baseline_rss, ' MB')}.",
    ]
    for role, measured in result["roles"].items():
        lines += ["", f"### {ROLES[role].label}", "",
                  f"Signed in as `{ROLES[role].username}`; peak RSS {_number(measured['peak_rss_mb'], ' MB')}"
                  f"{' (of the process serving every role)' if together else ''}.", "",
                  "| action | p50 ms | p95 ms | bytes | baseline p50 ms | baseline bytes | speedup |",
                  "|---|--:|--:|--:|--:|--:|--:|"]
        for name, row in measured["actions"].items():
            speedup = f"{row['speedup']:,.1f}×" if row["speedup"] is not None else "–"
            lines.append(f"| {name} | {_number(row['p50_ms'])} | {_number(row['p95_ms'])} | {_number(row['bytes'])} | "
                         f"{_number(row['baseline_p50_ms'])} | {_number(row['baseline_bytes'])} | {speedup} |")
    lines += side_by_side(result["roles"])
    shown = [n for n in ACTIONS if any(n in m["actions"] for m in result["roles"].values())]
    lines += ["", "What each action sends:", ""]
    lines += [f"- `{name}`: {ACTIONS[name].sends}." for name in shown]
    return "\n".join(lines) + "\n"


def side_by_side(roles: dict[str, Any]) -> list[str]:
    """p95 of every action for every role, and each role's ratio to headquarters (when measured)."""
    if len(roles) < 2:
        return []
    names = list(dict.fromkeys(n for measured in roles.values() for n in measured["actions"]))
    hq = roles.get("hq", {}).get("actions", {})
    others = [r for r in roles if r != "hq"]
    lines = ["", "### p95 by role (ms; × headquarters)", "",
             "| action | " + " | ".join(roles) + " |", "|---|" + "--:|" * len(roles)]
    for name in names:
        cells = []
        for role in roles:
            row = roles[role]["actions"].get(name)
            if row is None:
                cells.append("–")
            elif role in others and name in hq and hq[name]["p95_ms"]:
                cells.append(f"{row['p95_ms']:,.1f} ({row['p95_ms'] / hq[name]['p95_ms']:.2f}×)")
            else:
                cells.append(f"{row['p95_ms']:,.1f}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def _names(text: str) -> list[str]:
    from benchmarks.actions import ACTIONS

    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in ACTIONS]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown action(s) {', '.join(unknown)}; known: {', '.join(ACTIONS)}")
    return names


def _roles(text: str) -> list[str]:
    from benchmarks.roles import ROLES

    if text == "all":
        return list(ROLES)
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in ROLES]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"unknown role(s) {', '.join(unknown) or text!r}; known: "
                                         f"{', '.join(ROLES)} or all")
    return names


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return int(text)


def main(argv: list[str] | None = None) -> None:
    """Parse options, run each database, print and write the reports."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=_positive, default=1000, help="demo data scale (1000 = ~1.35M returnees)")
    parser.add_argument("--db", choices=(*DATABASES, "both"), default="both")
    parser.add_argument("--repeat", type=_positive, default=20, help="measured repetitions per action")
    parser.add_argument("--rounds", type=_positive, default=1, help="measure every role this many times in turn, "
                        "--repeat repetitions each time, and pool the samples (for the ratios between roles)")
    parser.add_argument("--warmup", type=int, default=2, help="unmeasured repetitions first")
    parser.add_argument("--baseline-repeat", type=_positive, help="repetitions for the naive app (default --repeat)")
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--role", type=_roles, dest="roles", help="one role: hq, district_officer, dcc_member or "
                     "national_viewer (default: hq)")
    who.add_argument("--roles", type=_roles, dest="roles", help="all, or comma-separated roles")
    parser.add_argument("--skip-baseline", action="store_true", help="measure the dashboard only")
    parser.add_argument("--only", type=_names, help="comma-separated action names (default: all)")
    parser.add_argument("--pg-url", default=POSTGRES_URL, help="PostgreSQL URL (the bench schema is used)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of the Markdown table")
    parser.add_argument("--data-dir", type=Path, default=DATA, help="where SQLite benchmark databases are kept")
    parser.add_argument("--results-dir", type=Path, default=RESULTS, help="where the Markdown reports go")
    args = parser.parse_args(argv)
    args.roles = args.roles or ["hq"]
    results = []
    for db in DATABASES if args.db == "both" else (args.db,):
        result, report = run_one(db, args)
        args.results_dir.mkdir(parents=True, exist_ok=True)
        path = args.results_dir / f"{db}-scale{args.scale}.md"
        path.write_text(report, encoding="utf-8")
        _say(f"[{db}] wrote {path}")
        results.append(result)
        if not args.json:
            print(report)
    if args.json:
        print(json.dumps(results[0] if len(results) == 1 else results, indent=2))


if __name__ == "__main__":
    main()
