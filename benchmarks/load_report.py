"""Locust's CSV output as a Markdown summary (for docs/performance.md and the report).

    python -m benchmarks.load_report benchmarks/results/load      # the --csv prefix given to locust

Reads ``<prefix>_stats.csv`` (per request name: count, failures, percentiles) and
``<prefix>_failures.csv``; prints requests, throughput, errors, and per request name (each
action of ``benchmarks.actions``, the sign-in, the page, and the reference check's failures)
the p50, p95 and p99 in milliseconds.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path


def _number(value: str) -> str:
    try:
        return f"{float(value):,.0f}"
    except ValueError:
        return value or "–"


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))


def summary(prefix: str) -> str:
    """The Markdown summary of one Locust run."""
    stats = _rows(Path(f"{prefix}_stats.csv"))
    failures_path = Path(f"{prefix}_failures.csv")
    failures = _rows(failures_path) if failures_path.exists() else []
    every = next((row for row in stats if row["Name"] == "Aggregated"), None)
    if every is None:
        raise SystemExit(f"{prefix}_stats.csv has no Aggregated row: is it Locust's --csv output?")
    errors = sum(int(row["Occurrences"]) for row in failures)
    lines = [
        f"- requests: {int(every['Request Count']):,} ({float(every['Requests/s']):,.1f} requests/s), "
        f"errors: {errors:,}",
        f"- latency, every request: p50 {_number(every['50%'])} ms, p95 {_number(every['95%'])} ms, "
        f"p99 {_number(every['99%'])} ms",
        "",
        "| request | type | requests | failures | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---|--:|--:|--:|--:|--:|--:|",
    ]
    for row in stats:
        if row["Name"] == "Aggregated":
            continue
        lines.append(f"| {row['Name']} | {row['Type']} | {int(row['Request Count']):,} | "
                     f"{int(row['Failure Count']):,} | {_number(row['50%'])} | {_number(row['95%'])} | "
                     f"{_number(row['99%'])} | {_number(row['Max Response Time'])} |")
    if failures:
        lines += ["", "Failures:", ""]
        lines += [f"- {row['Name']} ({row['Method']}): {row['Error']} × {row['Occurrences']}" for row in failures[:10]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Print the summary of the run whose CSV prefix is the one argument."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load_report", description=__doc__.split("\n")[0])
    parser.add_argument("prefix", metavar="CSV_PREFIX", help="the --csv prefix given to locust")
    prefix = parser.parse_args(argv).prefix
    if not Path(f"{prefix}_stats.csv").is_file():
        raise SystemExit(f"{prefix}_stats.csv was not found: give the --csv prefix of a finished Locust run")
    print(summary(prefix))


if __name__ == "__main__":
    main()
