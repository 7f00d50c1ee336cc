"""A bounded load test of a running dashboard, on this machine only.

    python -m benchmarks.loadtest --url http://127.0.0.1:8051 --user bench --password ... [--users 50] [--seconds 60]

Each simulated user is a thread with its own ``requests.Session`` (requests is what Dash's
own testing extras already bring; list it in requirements-dev.txt). A user signs in through
the form (``GET /login`` for the ``csrf_token`` field, ``POST /login``), loads the page
(which sets the ``_csrf_token`` cookie Dash's callbacks must echo in ``X-CSRFToken``), then
repeats the benchmark's journeys until the time is up: a new filter on the national view
(map, KPI and detail renders), drilling into the district with most returnees with all four
layers (map and KPI renders), toggling a layer there (map render) and the CSV export of its
returnees. The district is the one the national map shows with most returnees, unless
``--district`` names one. Callback outputs are read from ``/_dash-dependencies``.

It stops by itself (no new request after ``--seconds``; each request times out after
``--timeout`` seconds) and prints throughput, p50/p95 latency (overall and per request kind)
and the error count: any answer that is not 2xx (the sign-in's 302 expected), or a Dash
callback answer that is an error. Only 127.0.0.1 and localhost are accepted as hosts.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import statistics
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import requests

from benchmarks.actions import (
    ALL_LAYERS,
    DETAIL_RENDER,
    KPI_RENDER,
    MAP_DOWNLOAD,
    MAP_RENDER,
    ROUTER,
    BenchmarkError,
    Choice,
    download_item,
    page_values,
    search,
    toggled_layers,
    updated_ids,
)
from benchmarks.dash_calls import UPDATE_PATH, callback_error, find_callback, layout_ids, prop_key, request_body
from benchmarks.run import percentile

LOOPBACK = ("127.0.0.1", "localhost")
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def loopback_url(url: str) -> str:
    """``url`` without a trailing slash, if it is http(s) on this machine; otherwise exit."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.hostname not in LOOPBACK:
        raise SystemExit(f"refusing {url!r}: the load test only runs against http://127.0.0.1 or localhost")
    return url.rstrip("/")


@dataclass
class Tally:
    """Every request's kind, latency and outcome, shared by the user threads."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    journeys: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, error: str | None) -> None:
        """One request that got an answer (or failed to)."""
        with self.lock:
            self.latencies[kind].append(seconds)
            if error:
                self.errors.append(f"{kind}: {error}")

    def fail(self, kind: str, error: str) -> None:
        """An error found after the request was counted (or with no request)."""
        with self.lock:
            self.errors.append(f"{kind}: {error}")


class StopNow(Exception):
    """The time is up."""


class User:
    """One simulated person: a session, signed in, walking the journeys until the deadline."""

    def __init__(self, base: str, number: int, users: int, args: argparse.Namespace, tally: Tally,
                 deadline: float) -> None:
        self.base, self.number, self.users, self.args = base, number, users, args
        self.tally, self.deadline = tally, deadline
        self.http = requests.Session()
        self.dependencies: list[dict[str, Any]] = []
        self.known_ids: list[Any] = []
        self.district: str | None = args.district

    def _send(self, kind: str, method: str, path: str, expect: tuple[int, ...] = (), **kwargs: Any) -> Any:
        if time.monotonic() >= self.deadline:
            raise StopNow
        started = time.perf_counter()
        error: str | None = None
        answer = None
        try:
            answer = self.http.request(method, self.base + path, timeout=self.args.timeout, allow_redirects=False,
                                       **kwargs)
            body = answer.content
            if path == UPDATE_PATH:
                error = callback_error(answer.status_code, body)
            elif not (200 <= answer.status_code < 300 or answer.status_code in expect):
                error = f"HTTP {answer.status_code}"
        except requests.RequestException as exc:
            error = type(exc).__name__
        self.tally.add(kind, time.perf_counter() - started, error)
        return None if error else answer

    def _callback(self, kind: str, output: str, values: dict[str, Any], changed: tuple[str, ...]) -> Any:
        """One callback request; an answer that does not update ``output``'s component is an error."""
        body = request_body(find_callback(self.dependencies, output), values, self.known_ids, changed)
        headers = {"X-CSRFToken": self.http.cookies.get("_csrf_token", "")}
        answer = self._send(kind, "POST", UPDATE_PATH, json=body, headers=headers)
        if answer is None:
            return None
        if output.split(".")[0] not in updated_ids(answer.content):
            self.tally.fail(kind, f"the answer does not update {output}")
            return None
        return answer.json()

    def sign_in(self) -> bool:
        """Through the form; then the page, its layout, its callbacks and the map page's ids."""
        form = self._send("sign-in", "GET", "/login")
        match = _TOKEN.search(form.text) if form is not None else None
        if match is None:
            return False
        answer = self._send("sign-in", "POST", "/login", expect=(302,),
                            data={"username": self.args.user, "password": self.args.password,
                                  "csrf_token": match.group(1)})
        if answer is None or answer.status_code != 302:
            if answer is not None:
                self.tally.fail("sign-in", f"not signed in (HTTP {answer.status_code}): wrong --user/--password?")
            return False
        page = self._send("page", "GET", "/")
        layout = self._send("page", "GET", "/_dash-layout")
        dependencies = self._send("page", "GET", "/_dash-dependencies")
        if page is None or layout is None or dependencies is None:
            return False
        self.dependencies = dependencies.json()
        self.known_ids = layout_ids(layout.json())
        routed = self._callback("page", ROUTER, page_values(""), ())
        if routed is None:
            return False
        self.known_ids += layout_ids(routed)
        return True

    def find_district(self) -> str | None:
        """The district the national map shows with most returnees."""
        answer = self._callback("page", MAP_RENDER, page_values(search(layers="returnees")),
                                ("map-state.search",))
        traces = (answer or {}).get("response", {}).get("district-map-figure", {}).get("data", {}).get("data", [])
        for trace in traces:
            pairs = [(z, loc) for z, loc in zip(trace.get("z") or [], trace.get("locations") or [], strict=False)
                     if isinstance(z, int | float)]
            if pairs:
                return max(pairs)[1]
        return None

    def national_filter(self, repetition: int) -> None:
        query = page_values(search(layers="returnees", **Choice.of(repetition).query()))
        for output in (MAP_RENDER, KPI_RENDER, DETAIL_RENDER):
            self._callback("national filter", output, query, ("map-state.search",))

    def _drill(self, layers: tuple[str, ...] = ALL_LAYERS) -> dict[str, Any]:
        return page_values(search(district=self.district or "", layers=",".join(layers)))

    def drill(self, _repetition: int) -> None:
        for output in (MAP_RENDER, KPI_RENDER):
            self._callback("drill", output, self._drill(), ("map-state.search",))

    def toggle(self, repetition: int) -> None:
        self._callback("toggle layer", MAP_RENDER, self._drill(toggled_layers(repetition)), ("map-state.search",))

    def export(self, _repetition: int) -> None:
        clicked = prop_key(download_item(self.known_ids, "returnees"), "n_clicks")
        self._callback("csv export", MAP_DOWNLOAD, self._drill() | {clicked: 1}, (clicked,))

    def run(self) -> None:
        """Sign in, then journeys until the deadline."""
        try:
            if not self.sign_in():
                return
            if self.district is None:
                self.district = self.find_district()
                if self.district is None:
                    self.tally.fail("drill", "no district with returnees on the national map")
                    return
            journeys = (self.national_filter, self.drill, self.toggle, self.export)
            for turn in itertools.count():
                # Users start at different journeys and ask different filters.
                journeys[(turn + self.number) % len(journeys)](turn * self.users + self.number)
                with self.tally.lock:
                    self.tally.journeys += 1
        except StopNow:
            return
        except BenchmarkError as exc:  # the page lacks what a journey needs: say so, stop this user
            self.tally.fail("setup", str(exc))


def _ms(values: list[float], share: float) -> str:
    return f"{1000 * percentile(values, share):,.0f}" if values else "–"


def report(tally: Tally, users: int, elapsed: float, url: str) -> str:
    """Throughput, latency and errors, as Markdown."""
    every = [s for values in tally.latencies.values() for s in values]
    lines = [
        f"Load test of {url}: {users} users for {elapsed:.1f} s",
        "",
        f"- requests: {len(every):,} ({len(every) / elapsed:,.1f} requests/s); journeys completed: {tally.journeys:,}",
        f"- latency: p50 {_ms(every, 0.5)} ms, p95 {_ms(every, 0.95)} ms"
        + (f", mean {1000 * statistics.fmean(every):,.0f} ms" if every else ""),
        f"- errors: {len(tally.errors):,}",
        "",
        "| request kind | requests | p50 ms | p95 ms |",
        "|---|--:|--:|--:|",
    ]
    for kind, values in tally.latencies.items():
        lines.append(f"| {kind} | {len(values):,} | {_ms(values, 0.5)} | {_ms(values, 0.95)} |")
    if tally.errors:
        lines += ["", "First errors:", *(f"- {e}" for e in tally.errors[:10])]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Run the users, wait for the deadline, print the report; exit 1 when any request failed."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.loadtest", description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8051", help="the running dashboard (loopback only)")
    parser.add_argument("--users", type=int, default=50, help="concurrent simulated users")
    parser.add_argument("--seconds", type=float, default=60, help="how long to keep sending requests")
    parser.add_argument("--user", default="bench", help="user name to sign in as")
    parser.add_argument("--password", required=True, help="that user's password")
    parser.add_argument("--district", help="P-code to drill into (default: most returnees on the national map)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds before one request is given up")
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    args = parser.parse_args(argv)
    base = loopback_url(args.url)
    if not 1 <= args.users <= 500 or not 0 < args.seconds <= 3600:
        raise SystemExit("--users must be 1..500 and --seconds 0..3600")
    tally = Tally()
    started = time.monotonic()
    deadline = started + args.seconds
    threads = [threading.Thread(target=User(base, n, args.users, args, tally, deadline).run, daemon=True)
               for n in range(args.users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, deadline + args.timeout + 5 - time.monotonic()))
    elapsed = time.monotonic() - started
    if args.json:
        every = [s for values in tally.latencies.values() for s in values]
        print(json.dumps({"url": base, "users": args.users, "seconds": round(elapsed, 1), "requests": len(every),
                          "requests_per_s": round(len(every) / elapsed, 1), "journeys": tally.journeys,
                          "p50_ms": round(1000 * percentile(every, 0.5), 1) if every else None,
                          "p95_ms": round(1000 * percentile(every, 0.95), 1) if every else None,
                          "errors": len(tally.errors), "first_errors": tally.errors[:10]}, indent=2))
    else:
        print(report(tally, args.users, elapsed, base))
    sys.exit(1 if tally.errors else 0)


if __name__ == "__main__":
    main()
