"""Benchmark: seed at scale and time the dashboard's queries.

    python -m benchmarks.seed_and_query --scale 1000 --url postgresql+psycopg://postgres@127.0.0.1:5432/test

Prints a Markdown table and appends it to benchmarks/results/<dialect>-scale<N>.md.
Performance claims in this project cite these files, never unit-test timings.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from dashboard.db import Database
from dashboard.filters import Filters
from dashboard.metrics import Metric
from dashboard.queries import area_metric, programme_indicators
from dashboard.scope import Scope
from dashboard.seed import seed_demo
from geodata import Level

RESULTS = Path(__file__).resolve().parent / "results"


def _time(run: Callable[[], object], repeat: int = 5) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples), max(samples)


def main() -> None:
    """Seed, then time each query several times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--url", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    database = Database(args.url)
    started = time.perf_counter()
    counts = seed_demo(database, scale=args.scale, replace=True, progress=print)
    seeding = time.perf_counter() - started
    national, sylhet = Scope.national(), Scope.for_districts("BD6091")
    report_period = Filters(end=date(2019, 12, 31))
    cases: dict[str, Callable[[], object]] = {}
    for name, scope, filters in (("national, whole programme", national, Filters()),
                                 ("national, until 2019-12-31", national, report_period),
                                 ("Sylhet district scope", sylhet, Filters()),
                                 ("one upazila (Golapganj)", national, Filters(area="BD60910038"))):
        cases[f"programme_indicators: {name}"] = (
            lambda s=scope, f=filters: _with_session(database, lambda ss: programme_indicators(ss, s, f)))
    # What the map runs: a count and the costliest share, nationally and for one district.
    for metric in (Metric.RETURNEES, Metric.UNMET_NEED_SHARE):
        cases[f"area_metric {metric.value}: districts, national"] = lambda m=metric: _with_session(
            database, lambda ss: area_metric(ss, national, Level.DISTRICT, m))
        cases[f"area_metric {metric.value}: upazilas of Sylhet"] = lambda m=metric: _with_session(
            database, lambda ss: area_metric(ss, national, Level.UPAZILA, m, Filters(area="BD6091")))
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    lines = [f"## scale {args.scale} on {database.engine.dialect.name} ({date.today()}, {machine})", "",
             f"Seeded {counts['returnees']:,} returnees, {sum(counts.values()):,} rows, in {seeding:.0f} s.", "",
             "| query | median s | max s |", "|---|---|---|"]
    for name, run in cases.items():
        median, worst = _time(run, args.repeat)
        lines.append(f"| {name} | {median:.3f} | {worst:.3f} |")
    text = "\n".join(lines) + "\n"
    print(text)
    RESULTS.mkdir(exist_ok=True)
    with (RESULTS / f"{database.engine.dialect.name}-scale{args.scale}.md").open("a", encoding="utf-8") as handle:
        handle.write(text + "\n")


def _with_session(database: Database, run: Callable[[object], object]) -> object:
    with database.session() as session:
        return run(session)


if __name__ == "__main__":
    main()
