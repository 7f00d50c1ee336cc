"""Lighthouse on the district map, as Sylhet's DCC member opens it (issue 33).

Lighthouse (from the npm registry, ``make lighthouse`` installs the pinned version) loads the
page in headless Chromium with an empty cache, signed in through a session cookie taken from
the real sign-in form, on the demo data served from this machine. Recorded per form factor
(Lighthouse's mobile and desktop presets, its own simulated throttling): the performance score
and timings (indicative only: Lighthouse scales its CPU timings to a benchmark of the machine,
and this one has two cores), the layout shift, the bytes, and the caching audit (every static
file and the lifetime it is kept for).

    make lighthouse                                   # both form factors, report in benchmarks/results
    .venv/bin/python -m benchmarks.lighthouse --lighthouse PATH --json out.json
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import requests

from benchmarks.slow_line import CHROMIUM, PASSWORD, SYLHET, USER, _database, _serving

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / ".venv" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
RESULTS = ROOT / "benchmarks" / "results"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
# The audits read from each report (ids as Lighthouse 12 names them).
TIMINGS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "speed-index",
           "interactive")


def session_cookie(base: str) -> str:
    """A ``Cookie`` header for a session signed in through the form (CSRF token and all)."""
    http = requests.Session()
    form = http.get(f"{base}/login", timeout=30)
    token = _TOKEN.search(form.text)
    if token is None:
        raise SystemExit("the sign-in page has no CSRF token")
    answer = http.post(f"{base}/login", data={"username": USER, "password": PASSWORD, "csrf_token": token.group(1)},
                       timeout=30, allow_redirects=False)
    if answer.status_code != 302 or "/login" in answer.headers.get("Location", "/login"):
        raise SystemExit(f"signing in failed ({answer.status_code})")
    return "; ".join(f"{c.name}={c.value}" for c in http.cookies)


def run_lighthouse(lighthouse: Path, address: str, cookie: str, form: str, folder: Path) -> dict[str, Any]:
    """One Lighthouse run (``form``: mobile or desktop); its JSON report."""
    headers = folder / "headers.json"
    headers.write_text(json.dumps({"Cookie": cookie}), encoding="utf-8")
    report = folder / f"{form}.json"
    command = [str(lighthouse), address, "--quiet", "--only-categories=performance", "--output=json",
               f"--output-path={report}", f"--chrome-path={CHROMIUM}", f"--extra-headers={headers}",
               "--chrome-flags=--headless --no-sandbox --disable-gpu --disable-quic"]
    if form == "desktop":
        command.append("--preset=desktop")
    subprocess.run(command, check=True, timeout=600)
    return dict(json.loads(report.read_text(encoding="utf-8")))


def summary(report: dict[str, Any]) -> dict[str, Any]:
    """What the issue asks to record from one report."""
    audits = report["audits"]
    caching = audits.get("uses-long-cache-ttl", {})
    items = caching.get("details", {}).get("items", [])
    return {
        "performance_score": round(100 * (report["categories"]["performance"]["score"] or 0)),
        "cumulative_layout_shift": audits["cumulative-layout-shift"]["numericValue"],
        **{f"{name}_ms": round(audits[name]["numericValue"]) for name in TIMINGS if name in audits},
        "total_bytes": round(audits["total-byte-weight"]["numericValue"]),
        "cache_audit_score": caching.get("score"),
        # Files Lighthouse counts as not kept long enough (less than a year, or not at all).
        "short_lived": [{"url": i["url"].split("?")[0].rsplit("/", 1)[-1],
                         "cache_seconds": round(i["cacheLifetimeMs"] / 1000), "bytes": i["totalBytes"]}
                        for i in items],
    }


def markdown(results: dict[str, dict[str, Any]]) -> str:
    """The report, one column per form factor."""
    forms = list(results)
    rows = [("performance score", "performance_score", "{}"),
            ("layout shift (CLS)", "cumulative_layout_shift", "{:.3f}"),
            ("first contentful paint, ms", "first-contentful-paint_ms", "{:,}"),
            ("largest contentful paint, ms", "largest-contentful-paint_ms", "{:,}"),
            ("total blocking time, ms", "total-blocking-time_ms", "{:,}"),
            ("speed index, ms", "speed-index_ms", "{:,}"), ("time to interactive, ms", "interactive_ms", "{:,}"),
            ("bytes", "total_bytes", "{:,}"), ("caching audit score", "cache_audit_score", "{}")]
    lines = ["# Lighthouse, Sylhet's map as its DCC member opens it (empty cache, demo data)", "",
             "| | " + " | ".join(forms) + " |", "|---|" + "--:|" * len(forms)]
    for label, key, fmt in rows:
        lines.append(f"| {label} | " + " | ".join(
            "–" if results[f].get(key) is None else fmt.format(results[f][key]) for f in forms) + " |")
    for form in forms:
        short = results[form]["short_lived"]
        lines += ["", f"Files the caching audit lists ({form}): "
                  + (", ".join(f"`{s['url']}` ({s['cache_seconds']:,} s, {s['bytes']:,} B)" for s in short)
                     if short else "none")]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """Run Lighthouse for each form factor and write the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lighthouse", type=Path, default=LIGHTHOUSE, help="the lighthouse command")
    parser.add_argument("--forms", default="mobile,desktop", help="comma-separated: mobile, desktop")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    parser.add_argument("--results-dir", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if not args.lighthouse.exists():
        raise SystemExit(f"{args.lighthouse} is missing: make lighthouse installs it")
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as folder, _serving(_database(Path(folder))) as server:
        address = f"{server.url}/?district={SYLHET}"
        cookie = session_cookie(server.url)
        for form in (f.strip() for f in args.forms.split(",") if f.strip()):
            results[form] = summary(run_lighthouse(args.lighthouse, address, cookie, form, Path(folder)))
    text = markdown(results)
    args.results_dir.mkdir(parents=True, exist_ok=True)
    (args.results_dir / "lighthouse.md").write_text(text, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(text)
    return results


if __name__ == "__main__":
    main()
