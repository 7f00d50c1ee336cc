"""The load test: simulated readers of every role against a running dashboard, with Locust.

    python -m benchmarks.roles --database-url URL        # once: the accounts; prints the districts
    locust -f benchmarks/locustfile.py --headless --host http://127.0.0.1:8051 \\
        --users 50 --spawn-rate 10 --run-time 60s --csv benchmarks/results/load \\
        --bench-districts BD6091,BD3054,BD3086,BD6058
    python -m benchmarks.load_report benchmarks/results/load        # the CSV as Markdown

With ``--bench-think SECONDS`` each user pauses between actions (uniformly from half to one and a
half times it), as a reader does; without it every user asks again the moment it is answered.

One user class per role, with the weights of the programme's readers: headquarters 10 %,
district officers 40 %, DCC members 40 %, national viewers 10 % (``weight`` below). Officers and
DCC members each sign in as an account assigned to one of the districts (``--bench-districts``,
taken in turn), headquarters and viewers go over all of them. Every user signs in through the
form, loads the page and sends what the benchmark's actions send (``benchmarks.actions``: the
same JSON bodies, built from the app's own ``/_dash-dependencies``), choosing an action by its
weight and one of ``--bench-variants`` inputs for it.

**The reference check.** Before the load starts, each account's answers to every action and
variant are asked one at a time, twice, by a single session (``reference``). Under load every
answer must equal its account's reference: an answer of another role or district (a cache key
missing the reader, a scope taken from the wrong request) is a failure, reported by Locust as
``reference <action>``. Answers that differ between the two single-user runs (a PDF's creation
time, an upload's id, a file's timestamp) are compared by status only; the summary says how
many were compared. Any failure makes Locust exit with status 1.

Only 127.0.0.1 and localhost are accepted as hosts: this test is for this machine.
"""

from __future__ import annotations

import itertools
import random
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import gevent  # type: ignore[import-untyped]
import requests
from locust import HttpUser, events, task
from locust.clients import HttpSession
from locust.env import Environment
from locust.runners import WorkerRunner
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from benchmarks.actions import ACTIONS, BenchmarkError, Context, Sample, our_context, updated_ids
from benchmarks.dash_calls import UPDATE_PATH, callback_error, request_body
from benchmarks.fingerprint import digest
from benchmarks.pacing import pause
from benchmarks.roles import PASSWORD, ROLES, single_district_accounts

LOOPBACK = ("127.0.0.1", "localhost")
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
# How often each action is chosen (a reader opens and filters the map far more often than they
# print a brief or check an import). Actions a role does not take are skipped for it.
ACTION_WEIGHTS: dict[str, int] = {
    "national_filter": 6, "national_map_all_layers": 2, "district_filter": 8, "drill_district": 6,
    "open_upazila": 6, "toggle_layer": 6, "district_csv_export": 2, "map_xlsx_export": 1,
    "map_geojson_export": 1, "service_gaps": 3, "gap_table_csv": 1, "fair_effects": 2, "ranking_table": 3,
    "small_multiples": 2, "compare_peers": 2, "dcc_tracker": 3, "district_brief_pdf": 1, "import_page": 1,
}


def loopback(url: str) -> str:
    """``url`` without a trailing slash, if it is http(s) on this machine; otherwise refuse."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or parts.hostname not in LOOPBACK:
        raise SystemExit(f"refusing {url!r}: the load test only runs against http://127.0.0.1 or localhost")
    return url.rstrip("/")


class DashClient:
    """What ``benchmarks.actions`` needs of a client (``get``, ``callback``, ``upload``,
    ``last_body``), over HTTP: Locust's session under load (each request counted under the
    action's name), a plain ``requests`` session for the reference."""

    def __init__(self, http: requests.Session, base: str, counted: bool) -> None:
        self.http, self.base, self.counted = http, base, counted
        self.label = "setup"
        self.last_body = b""
        self.answers: list[str] = []  # fingerprints of this action's answers, in order
        self.asked: list[str] = []  # what each answer answered (a callback's outputs, or a method and path)

    def _send(self, method: str, path: str, judge: Callable[[int, bytes], str | None], **kwargs: Any) -> Sample:
        headers = {**kwargs.pop("headers", {}), "X-CSRFToken": self.http.cookies.get("_csrf_token", "")}
        started = time.perf_counter()
        if self.counted:
            assert isinstance(self.http, HttpSession)
            with self.http.request(method, path, name=self.label, catch_response=True, headers=headers,
                                   allow_redirects=False, **kwargs) as answer:
                problem = judge(answer.status_code, answer.content)
                if problem:
                    answer.failure(problem)
                else:
                    answer.success()
        else:
            answer = self.http.request(method, self.base + path, headers=headers, allow_redirects=False, **kwargs)
            problem = judge(answer.status_code, answer.content)
        if problem:
            raise BenchmarkError(f"{self.label}: {method} {path}: {problem}")
        self.last_body = answer.content
        self.answers.append(f"{answer.status_code}:{digest(answer.content)}")
        body = kwargs.get("json")
        self.asked.append(str(body.get("output")) if isinstance(body, dict) else f"{method} {path}")
        return Sample(len(answer.content), time.perf_counter() - started)

    def get(self, path: str) -> Sample:
        """GET ``path`` (2xx expected)."""
        return self._send("GET", path, lambda status, _body: None if 200 <= status < 300 else f"HTTP {status}")

    def callback(self, callback: dict[str, Any], values: Mapping[str, Any], known_ids: Iterable[Any] = (),
                 changed: tuple[str, ...] = (), expect: str | None = None) -> Sample:
        """One callback, as the page sends it; an error, or an answer not updating ``expect``, fails."""
        def judge(status: int, body: bytes) -> str | None:
            problem = callback_error(status, body)
            if problem is None and expect is not None and expect not in updated_ids(body):
                problem = f"the answer does not update {expect!r}"
            return problem

        body = request_body(callback, values, known_ids, changed)
        return self._send("POST", UPDATE_PATH, judge, json=body)

    def upload(self, path: str, data: bytes, filename: str) -> Sample:
        """A multipart upload (the import page's file)."""
        return self._send("POST", path, lambda status, _body: None if status == 200 else f"HTTP {status}",
                          files={"file": (filename, data)})

    def sign_in(self, username: str, password: str) -> None:
        """Through the form (302 expected), then the page (for the CSRF cookie)."""
        self.label = "sign-in"
        self._send("GET", "/login", lambda status, _body: None if status == 200 else f"HTTP {status}")
        match = _TOKEN.search(self.last_body.decode("utf-8", "replace"))
        if match is None:
            raise BenchmarkError("the sign-in form has no csrf_token field")
        self._send("POST", "/login", lambda status, _body: None if status == 302 else
                   f"not signed in as {username!r} (HTTP {status}): run python -m benchmarks.roles first?",
                   data={"username": username, "password": password, "csrf_token": match.group(1)})
        self.get("/")


@dataclass(frozen=True)
class Account:
    """Who a simulated user is: the benchmark account and the districts it goes over."""

    role: str
    username: str
    districts: tuple[str, ...]

    def context(self, client: DashClient) -> Context:
        """Sign in and read the app's callbacks and page ids."""
        from dashboard.core.access import GRANTS, Role

        reader = ROLES[self.role]
        client.sign_in(self.username, PASSWORD)
        client.label = "page"
        context = our_context(client, self.districts, self.role, national=not reader.assigned,
                              grants=frozenset(a.value for a in GRANTS[Role(reader.role)]))
        client.answers.clear()
        return context

    def actions(self, context: Context, chosen: Iterable[str]) -> list[str]:
        """The chosen actions this account takes."""
        return [name for name in chosen if ACTIONS[name].applies(context)]


@dataclass
class Plan:
    """What the run was told: the districts, actions, variants, and the references found."""

    base: str = ""
    accounts: dict[str, list[Account]] | None = None
    actions: tuple[str, ...] = ()
    variants: int = 3
    # (username, action, variant) -> the answers' fingerprints; None where two single-user runs differed
    reference: dict[tuple[str, str, int], list[str | None]] | None = None
    compared: int = 0
    skipped: int = 0
    stop_after: int = 0  # --bench-checks
    # The actions some started user can take, and those taken so far: a short check stops only
    # once each was taken (30 answers of the more frequent action alone were once enough to stop
    # a run that had never drilled a district).
    possible: set[str] = field(default_factory=set)
    taken: set[str] = field(default_factory=set)
    think: float = 0.0  # --bench-think: a user's mean pause between actions, seconds


PLAN = Plan()
_LOCK = threading.Lock()
_COUNTERS: dict[str, itertools.count[int]] = {}  # per role: which of its accounts the next user takes


def accounts_for(districts: tuple[str, ...]) -> dict[str, list[Account]]:
    """Every account the simulated users sign in as, by role."""
    singles = single_district_accounts(districts)
    by_role: dict[str, list[Account]] = {
        "hq": [Account("hq", ROLES["hq"].username, districts)],
        "national_viewer": [Account("national_viewer", ROLES["national_viewer"].username, districts)],
    }
    for key in ("district_officer", "dcc_member"):
        by_role[key] = [Account(key, name, (district,)) for name, role, district in singles
                        if role == ROLES[key].role]
    return by_role


def run_action(client: DashClient, context: Context, name: str, variant: int) -> list[str]:
    """One action with one input; the fingerprints of its answers. A request repeated in a row
    (the import page polling its check until the report) counts as one answer, its last: how
    many polls a check takes depends on timing (two single-user runs at scale 1000 differed)."""
    client.label = name
    client.answers, client.asked = [], []
    ACTIONS[name].ours(client, context, variant)
    return [answer for position, (answer, asked) in enumerate(zip(client.answers, client.asked, strict=True))
            if position + 1 == len(client.asked) or client.asked[position + 1] != asked]


def reference(plan: Plan) -> dict[tuple[str, str, int], list[str | None]]:
    """Each account's answers to every action and variant, asked alone, twice."""
    found: dict[tuple[str, str, int], list[str | None]] = {}
    for account in itertools.chain.from_iterable((plan.accounts or {}).values()):
        runs = []
        for _ in range(2):
            client = DashClient(requests.Session(), plan.base, counted=False)
            context = account.context(client)
            runs.append({(name, variant): run_action(client, context, name, variant)
                         for name in account.actions(context, plan.actions) for variant in range(plan.variants)})
        for key, first in runs[0].items():
            second = runs[1][key]
            found[(account.username, *key)] = [a if a == b else None for a, b in zip(first, second, strict=True)]
    return found


@events.init_command_line_parser.add_listener
def _options(parser: Any) -> None:
    parser.add_argument("--bench-districts", default="", help="the districts the benchmark accounts work in "
                        "(what python -m benchmarks.roles prints), comma-separated")
    parser.add_argument("--bench-actions", default=",".join(ACTION_WEIGHTS),
                        help="comma-separated actions (default: all, weighted)")
    parser.add_argument("--bench-variants", type=int, default=3, help="different inputs per action")
    parser.add_argument("--bench-think", type=float, default=0.0,
                        help="each user's mean pause between actions in seconds, drawn uniformly from half to one "
                        "and a half times it (0: none; every user asks again the moment it is answered)")
    parser.add_argument("--bench-checks", type=int, default=0, help="stop once this many answers were compared "
                        "with their reference and every action was taken (0: run for --run-time); a short check "
                        "of the harness itself")


@events.init.add_listener
def _prepare(environment: Environment, **_kwargs: Any) -> None:
    """Read the options and ask the references, before any user starts (and before ``--run-time``
    starts counting); a worker of a distributed run takes no part (run this test locally)."""
    if isinstance(environment.runner, WorkerRunner):
        return
    options = environment.parsed_options
    if options is None:
        raise SystemExit("run this file with the locust command")
    districts = tuple(d.strip() for d in (getattr(options, "bench_districts", "") or "").split(",") if d.strip())
    if not districts:
        raise SystemExit("--bench-districts is required: run python -m benchmarks.roles and pass what it prints")
    chosen = tuple(a.strip() for a in options.bench_actions.split(",") if a.strip())
    unknown = [a for a in chosen if a not in ACTION_WEIGHTS]
    if unknown:
        raise SystemExit(f"unknown action(s) {', '.join(unknown)}; known: {', '.join(ACTION_WEIGHTS)}")
    PLAN.base = loopback(environment.host or "")
    PLAN.accounts, PLAN.actions, PLAN.variants = accounts_for(districts), chosen, max(1, options.bench_variants)
    PLAN.stop_after = max(0, options.bench_checks)
    PLAN.think = max(0.0, options.bench_think)
    started = time.perf_counter()
    PLAN.reference = reference(PLAN)
    kept = sum(1 for answers in PLAN.reference.values() for a in answers if a is not None)
    every = sum(len(answers) for answers in PLAN.reference.values())
    print(f"reference: {len(PLAN.reference)} (account, action, input) answered alone twice in "
          f"{time.perf_counter() - started:.0f} s; {kept} of {every} answers are the same each time and are "
          "compared under load", flush=True)


@events.quitting.add_listener
def _summary(environment: Environment, **_kwargs: Any) -> None:
    print(f"reference check: {PLAN.compared} answers compared with their account's reference, "
          f"{PLAN.skipped} not comparable (they differ between single-user runs)", flush=True)


class Reader(HttpUser):
    """A simulated reader of one role: signs in, then takes weighted actions until the run ends."""

    abstract = True
    role = "hq"

    def wait_time(self) -> float:
        """The pause before the next action (``--bench-think``)."""
        return pause(self.random, PLAN.think)

    def on_start(self) -> None:
        """Sign in as the next account of this role, read the page."""
        loopback(self.host or "")
        accounts = (PLAN.accounts or {}).get(self.role) or []
        if not accounts:
            raise SystemExit("the run has no accounts: was --bench-districts given?")
        with _LOCK:
            number = next(_COUNTERS.setdefault(self.role, itertools.count()))
        self.account = accounts[number % len(accounts)]
        # A browser sends a request again, once, when the kept-alive connection it reused turns
        # out to have been closed by the server (gunicorn closes one idle for 5 s, gunicorn.conf.py).
        # requests does not for a POST: readers pausing 2.5-7.5 s met that race and Locust
        # counted it as a failed answer ("HTTP 0", nothing in the server's log).
        for adapter in self.client.adapters.values():
            if isinstance(adapter, HTTPAdapter):
                adapter.max_retries = Retry(total=1, connect=1, read=1, status=0, other=0, redirect=0,
                                            allowed_methods=None, raise_on_status=False)
        self.dash = DashClient(self.client, "", counted=True)
        self.view = self.account.context(self.dash)
        names = self.account.actions(self.view, PLAN.actions)
        self.names, self.weights = names, [ACTION_WEIGHTS[n] for n in names]
        with _LOCK:
            PLAN.possible.update(names)
        self.random = random.Random(number)

    @task
    def act(self) -> None:
        """One weighted action with one of the variants, its answers checked against the reference."""
        name = self.random.choices(self.names, self.weights)[0]
        variant = self.random.randrange(PLAN.variants)
        try:
            answers = run_action(self.dash, self.view, name, variant)
        except BenchmarkError:
            return  # already counted as a failed request
        PLAN.taken.add(name)
        expected = (PLAN.reference or {}).get((self.account.username, name, variant))
        problem = None
        if expected is None or len(expected) != len(answers):
            problem = f"{len(answers)} answers where the reference has {len(expected or [])}"
        else:
            for position, (mine, theirs) in enumerate(zip(answers, expected, strict=True)):
                if theirs is None:
                    PLAN.skipped += 1
                    continue
                PLAN.compared += 1
                if mine != theirs:
                    problem = f"answer {position + 1} differs from {self.account.username}'s own reference"
                    break
        if problem:
            self.environment.events.request.fire(request_type="CHECK", name=f"reference {name}", response_time=0,
                                                 response_length=0, exception=BenchmarkError(problem), context={})
        runner = self.environment.runner
        if (PLAN.stop_after and PLAN.compared >= PLAN.stop_after and PLAN.possible <= PLAN.taken
                and runner is not None):
            gevent.spawn(runner.quit)  # from outside this user's greenlet, which quitting stops


class Headquarters(Reader):
    """Headquarters (hq_analyst), over all the districts: 10 % of users."""

    role, weight = "hq", 1


class DistrictOfficer(Reader):
    """A district officer, each in one district: 40 % of users."""

    role, weight = "district_officer", 4


class DccMember(Reader):
    """A DCC member, each in one district: 40 % of users."""

    role, weight = "dcc_member", 4


class NationalViewer(Reader):
    """A viewer with no district (the whole country, aggregates only): 10 % of users."""

    role, weight = "national_viewer", 1
