"""The benchmark runs end to end (tiny scale, SQLite): a harness that broke would report nothing."""

from __future__ import annotations

import csv
import json
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from benchmarks import actions
from benchmarks.actions import ACTIONS
from benchmarks.roles import PASSWORD, ROLES
from benchmarks.run import POSTGRES_URL, Prepared, prepare

ROOT = Path(__file__).resolve().parent.parent


# What each role does, written out here (not read from the benchmark): a role that lost an
# action, or gained one it may not take, fails bm001.
EVERY_ROLE = {"first_page_load", "district_filter", "drill_district", "open_upazila", "toggle_layer",
              "district_csv_export", "map_xlsx_export", "map_geojson_export", "service_gaps", "gap_table_csv",
              "fair_effects", "ranking_table", "small_multiples", "compare_peers", "dcc_tracker", "district_brief_pdf",
              "timeline_step", "outcome_map", "cohort_curves", "map_table"}
NATIONAL = {"national_filter", "national_map_all_layers", "split_view_national"}
EXPECTED = {"hq": EVERY_ROLE | NATIONAL, "district_officer": EVERY_ROLE | {"import_page"},
            "dcc_member": EVERY_ROLE, "national_viewer": EVERY_ROLE | NATIONAL}


@pytest.fixture(scope="module")
def scale_1(tmp_path_factory: pytest.TempPathFactory) -> Prepared:
    """A scale-1 benchmark database with the benchmark's accounts, as ``benchmarks.run`` makes it."""
    return prepare("sqlite", 1, POSTGRES_URL, tmp_path_factory.mktemp("bench-data"))


def _data_dir_with_scale_1(scale_1: Prepared, folder: Path) -> Path:
    """A benchmark data directory holding a copy of the module's scale-1 database, which
    ``benchmarks.run`` reuses rather than seeding again (seeding itself ran in ``prepare``, the
    function the command line calls). Copied with SQLite's backup, consistent even while an app
    of another test still has the original open."""
    import sqlite3

    folder.mkdir(parents=True)
    source = sqlite3.connect(scale_1.url.removeprefix("sqlite:///"))
    target = sqlite3.connect(folder / "sqlite-scale1.db")
    with target:
        source.backup(target)
    source.close()
    target.close()
    return folder


@pytest.mark.timeout(900)  # six fresh processes, the naive app's among them
def test_bm001_benchmark_reports_each_role_with_the_naive_baseline_at_scale_1(tmp_path: Path,
                                                                               scale_1: Prepared) -> None:
    # The command line end to end on a few actions (bm004 runs every action of every role in-process).
    only = ("national_filter", "drill_district", "district_csv_export", "import_page")
    data = _data_dir_with_scale_1(scale_1, tmp_path / "data")
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--scale", "1", "--db", "sqlite", "--roles", "all", "--repeat", "1",
         "--rounds", "2", "--warmup", "0", "--only", ",".join(only), "--json", "--data-dir", str(data),
         "--results-dir", str(tmp_path / "results")],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert (report["scale"], report["db"]) == (1, "sqlite") and report["returnees"] > 0
    assert set(report["roles"]) == set(EXPECTED)
    for role, measured in report["roles"].items():
        assert set(measured["actions"]) == EXPECTED[role] & set(only), role
        for name, figures in measured["actions"].items():
            assert figures["p50_ms"] > 0 and figures["bytes"] > 0, (role, name)
            if role == "hq" and ACTIONS[name].baseline is not None:
                assert figures["baseline_p50_ms"] > 0 and figures["speedup"] > 0, name
    written = (tmp_path / "results" / "sqlite-scale1.md").read_text()
    assert written.startswith("#") and "### p95 by role" in written and "bench-officer" in written
    assert "2 rounds of 1" in written
    # Every role was served by the same process (one app, the roles in turn): one peak memory.
    assert len({measured["peak_rss_mb"] for measured in report["roles"].values()}) == 1
    assert "the roles taking each repetition in turn" in written


def test_bm010_rounds_pool_every_sample_before_the_percentiles() -> None:
    """Two rounds of one role: p50 and p95 over the ten samples together (nearest rank), not an
    average of each round's figures; bytes the median; the higher peak memory."""
    from benchmarks.run import pooled

    first = {"actions": {"a": {"seconds": [0.010, 0.011, 0.012, 0.013, 0.100], "bytes": [5, 5, 5, 5, 5]}},
             "peak_rss_mb": 200.0}
    second = {"actions": {"a": {"seconds": [0.020, 0.021, 0.022, 0.023, 0.024], "bytes": [7, 7, 7, 7, 7]}},
              "peak_rss_mb": 210.5}
    # sorted: 10 11 12 13 20 | 21 22 23 24 100 -> median (20 + 21) / 2; p95 = 10th of 10 = 100
    assert pooled([first, second]) == {"actions": {"a": {"p50_ms": 20.5, "p95_ms": 100.0, "bytes": 6}},
                                       "peak_rss_mb": 210.5}


def test_bm002_import_benchmark_stores_every_row_and_undoes_them(tmp_path: Path, scale_1: Prepared) -> None:
    # A scale-1 database in its data directory, as benchmarks.run leaves it.
    import sqlite3

    data = _data_dir_with_scale_1(scale_1, tmp_path / "data")
    with sqlite3.connect(data / "sqlite-scale1.db") as connection:
        before = connection.execute("SELECT COUNT(*) FROM returnees").fetchone()[0]
    assert before == scale_1.returnees > 0
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.import_bench", "--db", "sqlite", "--scale", "1", "--rows", "500",
         "--data-dir", str(data)], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert (report["rows"], report["inserted"], report["rejected"]) == (500, 500, 0)
    assert report["seconds"] > 0
    with sqlite3.connect(data / "sqlite-scale1.db") as connection:  # the undo left the database as it was
        assert connection.execute("SELECT COUNT(*) FROM returnees").fetchone()[0] == before


def test_bm003_an_input_the_dashboard_does_not_declare_fails_the_benchmark(monkeypatch: pytest.MonkeyPatch) -> None:
    actions.validate_inputs(("BD6091",))  # what ships is valid
    # medical_support is an indicator, not a service: the gap page would quietly show its default.
    for name, value in (("_GAP_SERVICES", ("job_placement", "medical_support")), ("_INDICATORS", ("returnee",)),
                        ("ALL_LAYERS", ("returnees", "clinics")), ("_AGE_BANDS", ("18_25",)),
                        ("_GAP_RADII", (10, 75)), ("_PERIODS", (("2019-12-31", "2019-01-01"),)),
                        ("_SCORE_METRICS", ("score_total",)), ("_SCORE_ROUNDS", (12, 240)),
                        ("_COHORT_DIMENSIONS", ("wellbeing",))):
        with monkeypatch.context() as patched:
            patched.setattr(actions, name, value)
            with pytest.raises(actions.BenchmarkError, match="not the dashboard's"):
                actions.validate_inputs()
    with pytest.raises(actions.BenchmarkError, match="BD60910038"):
        actions.validate_inputs(("BD60910038",))  # an upazila is not a district


def test_bm011_roles_take_each_repetition_in_turn_each_first_equally_often() -> None:
    """Every role once per repetition, each in every position equally often, and each first as
    often at even repetitions as at odd ones: inputs that alternate between two kinds (the
    timeline's month and quarter) must not give the first, colder turn of one kind to the same
    roles every time."""
    from collections import Counter

    from benchmarks.run import turns

    roles = ["hq", "officer", "member", "viewer"]
    orders = [turns(roles, repetition) for repetition in range(8)]
    assert all(sorted(order) == sorted(roles) for order in orders)
    for position in range(4):
        assert Counter(order[position] for order in orders) == dict.fromkeys(roles, 2)
    for parity in (0, 1):
        assert sorted(orders[r][0] for r in range(parity, 8, 2)) == sorted(roles), parity
    assert orders[0] == roles and orders[1] == ["officer", "member", "viewer", "hq"]
    pair = ["hq", "viewer"]  # an action only the national roles take
    assert [turns(pair, r)[0] for r in range(4)] == ["hq", "viewer", "viewer", "hq"]
    assert turns(["hq"], 7) == ["hq"]


def _answer_with_workbook(cells: list[list[object]], creator: str) -> bytes:
    """A callback's answer carrying an XLSX download, as dcc.Download receives one."""
    import base64
    import io

    from openpyxl import Workbook

    book = Workbook()
    for row in cells:
        book.active.append(row)
    book.properties.creator = creator  # bytes that differ where a reader sees nothing
    buffer = io.BytesIO()
    book.save(buffer)
    content = base64.b64encode(buffer.getvalue()).decode()
    return json.dumps({"response": {"download": {"data": {"content": content, "base64": True,
                                                           "filename": "t.xlsx"}}}}).encode()


def test_bm012_the_reference_check_compares_a_workbook_by_its_cells_not_its_bytes() -> None:
    """The same cells written at another time (or by another worker) are the same answer; a
    changed cell, or a changed production minute in a text download, is not and is, in turn."""
    import base64

    from benchmarks.fingerprint import digest

    cells = [["district", "returnees"], ["BD6091", 12], ["Produced 2026-12-05 08:01", None]]
    first, again = _answer_with_workbook(cells, "one"), _answer_with_workbook(cells, "another")
    assert first != again
    assert digest(first) == digest(again)
    changed = [["district", "returnees"], ["BD6091", 13], ["Produced 2026-12-05 08:01", None]]
    assert digest(_answer_with_workbook(changed, "one")) != digest(first)
    later = [["district", "returnees"], ["BD6091", 12], ["Produced 2026-12-05 08:02", None]]
    assert digest(_answer_with_workbook(later, "one")) == digest(first)

    def text_answer(text: str) -> bytes:
        return json.dumps({"response": {"d": {"data": {"content": base64.b64encode(text.encode()).decode(),
                                                       "base64": True}}}}).encode()
    made_at_eight, made_at_half_past_nine = "a,1\nproduced 2026-12-05 08:01\n", "a,1\nproduced 2026-12-05 09:30\n"
    assert digest(text_answer(made_at_eight)) == digest(text_answer(made_at_half_past_nine))
    assert digest(text_answer("a,1\n")) != digest(text_answer("a,2\n"))


def test_bm013_the_load_report_says_what_is_missing_without_a_traceback(tmp_path: Path) -> None:
    """A prefix with no Locust output (a typo, a run that did not finish) gets one line saying
    so; ``--help`` prints the usage."""
    run = subprocess.run([sys.executable, "-m", "benchmarks.load_report", str(tmp_path / "nothing")], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.strip() == f"{tmp_path / 'nothing'}_stats.csv was not found: give the --csv prefix of a " \
                                 "finished Locust run"
    usage = subprocess.run([sys.executable, "-m", "benchmarks.load_report", "--help"], cwd=ROOT,
                           capture_output=True, text=True, timeout=60)
    assert usage.returncode == 0 and "CSV_PREFIX" in usage.stdout


@pytest.mark.parametrize("role", list(EXPECTED))
def test_bm004_every_action_of_every_role_runs_and_asks_something_new_each_time(scale_1: Prepared,
                                                                                role: str) -> None:
    """Each role takes its actions (a failing request or an error alert raises), two repetitions
    in a row never send the same requests (a cache or the database's own buffers would otherwise
    time the second one), and a district role stays in its districts."""
    from dashboard.app import create_app
    from dashboard.config import load_settings
    from dashboard.core.access import GRANTS, Role

    reader = ROLES[role]
    app = create_app(load_settings({}, database_url=scale_1.url, cache_type="NullCache", secret_key="x" * 48))
    client = actions.TimedClient(app.server)
    client.sign_in(reader.username, PASSWORD)
    context = actions.our_context(client, scale_1.districts, role, not reader.assigned,
                                  frozenset(a.value for a in GRANTS[Role(reader.role)]))
    sent: list[str] = []
    opened = client.client.open

    def recording(*args: Any, **kwargs: Any) -> Any:
        body = kwargs.get("json")
        sent.append(f"{args[0] if args else kwargs.get('path')} {json.dumps(body, sort_keys=True) if body else ''}")
        return opened(*args, **kwargs)

    client.client.open = recording  # type: ignore[method-assign]
    assert {name for name, action in ACTIONS.items() if action.applies(context)} == EXPECTED[role]
    assert EVERY_ROLE | NATIONAL | {"import_page"} == set(ACTIONS)
    for name, action in actions.ACTIONS.items():
        if not action.applies(context):
            continue
        requests = []
        for repetition in range(2):
            sent.clear()
            action.ours(client, context, repetition)
            requests.append(list(sent))
        assert requests[0] != requests[1], f"{role}: {name} sends the same requests twice"
        if reader.assigned:
            asked = " ".join(requests[0] + requests[1])
            others = set(re.findall(r"BD\d{4}(?!\d)", asked)) - set(scale_1.districts)
            assert not others, f"{role}: {name} asks about districts not the role's: {others}"


@pytest.fixture(scope="module")
def served(scale_1: Prepared, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard on the scale-1 benchmark database, served on a free loopback port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code = ("import secrets, warnings; warnings.filterwarnings('ignore'); from dashboard.app import create_app; "
            "from dashboard.config import load_settings; "
            f"create_app(load_settings({{}}, database_url={scale_1.url!r}, cache_type='NullCache', "
            "secret_key=secrets.token_urlsafe(48))).server.run(host='127.0.0.1', port=" f"{port}, threaded=True)")
    log = tmp_path_factory.mktemp("served") / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                if requests.get(f"{base}/login", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.5)
        else:
            raise AssertionError(f"the dashboard did not start: {log.read_text()[-2000:]}")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def _locust(base: str, districts: tuple[str, ...], csv: Path, locustfile: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "locust", "-f", locustfile, "--headless", "--host", base, "--users", "10",
         "--spawn-rate", "10", "--run-time", "300s", "--csv", str(csv), "--only-summary",
         "--bench-districts", districts[0], "--bench-actions", "drill_district,district_filter",
         "--bench-variants", "2", "--bench-checks", "30"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)


@pytest.mark.timeout(900)  # two Locust runs, each after its single-user reference
def test_bm005_locust_runs_every_role_and_checks_each_answer_against_its_reference(
        served: str, scale_1: Prepared, tmp_path: Path) -> None:
    run = _locust(served, scale_1.districts, tmp_path / "load", "benchmarks/locustfile.py")
    assert run.returncode == 0, (run.stdout + run.stderr)[-3000:]
    compared = re.search(r"reference check: (\d+) answers compared", run.stdout + run.stderr)
    assert compared and int(compared.group(1)) > 0, (run.stdout + run.stderr)[-3000:]
    rows = {row["Name"]: row for row in csv.DictReader((tmp_path / "load_stats.csv").read_text().splitlines())}
    assert int(rows["Aggregated"]["Request Count"]) > 0 and rows["Aggregated"]["Failure Count"] == "0"
    assert {"drill_district", "district_filter", "sign-in"} <= set(rows)
    spawned = re.search(r"All users spawned: (\{[^}]*\})", run.stdout + run.stderr)
    assert spawned and all(count > 0 for count in json.loads(spawned.group(1)).values()), spawned
    summary = subprocess.run([sys.executable, "-m", "benchmarks.load_report", str(tmp_path / "load")], cwd=ROOT,
                             capture_output=True, text=True, timeout=60, check=True).stdout
    assert "| drill_district |" in summary and "errors: 0" in summary
    # The same run with headquarters' and the viewer's answers swapped (a leak between readers) fails.
    leaky = _locust(served, scale_1.districts, tmp_path / "leaky", "tests/fixtures/locust_leaky.py")
    assert leaky.returncode == 1, (leaky.stdout + leaky.stderr)[-3000:]
    failures = (tmp_path / "leaky_failures.csv").read_text()
    assert "reference drill_district" in failures or "reference district_filter" in failures


def test_bm009_the_lighthouse_report_records_layout_shift_caching_and_timings(tmp_path: Path) -> None:
    """benchmarks.lighthouse reads what the issue asks for out of Lighthouse's JSON (a report made
    here, in Lighthouse 12's shape), and says which files the caching audit found short-lived."""
    from benchmarks import lighthouse

    def report(score: float, shift: float, short: list[dict[str, Any]]) -> dict[str, Any]:
        timings = {name: {"numericValue": 1000.4 + i} for i, name in enumerate(lighthouse.TIMINGS)}
        return {"categories": {"performance": {"score": score}},
                "audits": {**timings, "cumulative-layout-shift": {"numericValue": shift},
                           "total-byte-weight": {"numericValue": 1_234_567.0},
                           "uses-long-cache-ttl": {"score": 0.5 if short else 1, "details": {"items": short}}}}

    mobile = lighthouse.summary(report(0.41, 0.39, [{"url": "http://localhost:1/assets/app.css?m=12",
                                                      "cacheLifetimeMs": 604_800_000, "totalBytes": 3210}]))
    desktop = lighthouse.summary(report(0.9, 0.01, []))
    assert (mobile["performance_score"], mobile["cumulative_layout_shift"], mobile["total_bytes"]) == \
        (41, 0.39, 1_234_567)
    assert mobile["largest-contentful-paint_ms"] == 1001 and mobile["cache_audit_score"] == 0.5
    assert mobile["short_lived"] == [{"url": "app.css", "cache_seconds": 604_800, "bytes": 3210}]
    text = lighthouse.markdown({"mobile": mobile, "desktop": desktop})
    assert "| layout shift (CLS) | 0.390 | 0.010 |" in text
    assert "| performance score | 41 | 90 |" in text
    assert "`app.css` (604,800 s, 3,210 B)" in text and "(desktop): none" in text


def test_bm010_locust_users_pause_as_told() -> None:
    """--bench-think: each pause between half and one and a half times the mean asked for, about
    that mean over many; none without it."""
    import random

    from benchmarks.pacing import pause

    rng = random.Random(7)
    pauses = [pause(rng, 4.0) for _ in range(2000)]
    assert min(pauses) >= 2.0 and max(pauses) <= 6.0
    assert 3.8 < sum(pauses) / len(pauses) < 4.2
    assert max(pauses) - min(pauses) > 3.5  # spread over the range, not one value
    assert pause(rng, 0.0) == 0.0
