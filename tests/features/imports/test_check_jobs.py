"""Issue 25: long import checks run off the request thread, with progress.

The job registry (``dashboard.features.imports.jobs``) on its own: a job is its owner's only, expires,
captures failures as messages; and the import page's callbacks: starting a check returns at
once, and polling reaches the same report the synchronous check gives.
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import plotly
import pytest

from dashboard.app import create_app
from dashboard.config import load_settings
from dashboard.core.access import Actor, Role
from dashboard.db import Database
from dashboard.features.imports import Who, run_import, uploads
from dashboard.features.imports import actions as import_actions
from dashboard.features.imports import component as import_panel
from dashboard.features.imports import jobs as import_jobs
from dashboard.features.imports.jobs import DONE, FAILED, JobRegistry, UserError
from dashboard.features.imports.reading import PROGRESS_EVERY, read_table
from tests.features.imports.files import csv_file, returnee

OFFICER = Actor("sylhet-officer", Role.DISTRICT_OFFICER, frozenset({"BD6091"}))
OTHER = Actor("other-officer", Role.DISTRICT_OFFICER, frozenset({"BD6091"}))


def _wait(registry: JobRegistry, job_id: str, owner: str, timeout: float = 30) -> import_jobs.Job:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = registry.get(job_id, owner)
        if job is not None and job.finished:
            return job
        time.sleep(0.01)
    raise AssertionError("the job did not finish")


class DictCache:
    """A cache shared by two registries, as Redis is by two worker processes."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def get(self, key: str) -> Any:
        return self.values.get(key)

    def set(self, key: str, value: Any, timeout: int | None = None) -> bool:
        self.values[key] = value
        return True


def test_ij001_a_job_is_its_owners_only() -> None:
    registry = JobRegistry()
    job_id = registry.start("alice", lambda progress: "report")
    assert _wait(registry, job_id, "alice").result == "report"
    assert registry.get(job_id, "bob") is None  # the same answer as for an unknown id
    assert registry.get("no-such-job", "alice") is None
    assert registry.get(None, "alice") is None
    assert len(job_id) >= 24  # random, not guessable from another's


def test_ij002_jobs_expire_after_an_hour() -> None:
    now = [1000.0]
    registry = JobRegistry(clock=lambda: now[0])
    job_id = registry.start("alice", lambda progress: "report")
    assert _wait(registry, job_id, "alice").state == DONE
    now[0] += 3599
    assert registry.get(job_id, "alice") is not None
    now[0] += 2
    assert registry.get(job_id, "alice") is None
    assert registry._jobs == {}  # forgotten, not only hidden


def test_ij003_failures_are_captured_as_messages(caplog: pytest.LogCaptureFixture) -> None:
    registry = JobRegistry()

    def bad_input(progress: Callable[[str, int, int], None]) -> None:
        raise UserError("the file is not a table")

    def bug(progress: Callable[[str, int, int], None]) -> None:
        raise KeyError("oops")

    with caplog.at_level(logging.WARNING):
        refused = _wait(registry, registry.start("alice", bad_input), "alice")
        assert (refused.state, refused.error) == (FAILED, "the file is not a table")
        assert not caplog.records  # bad input: no traceback in the log
        crashed = _wait(registry, registry.start("alice", bug), "alice")
    assert crashed.state == FAILED and "KeyError" in (crashed.error or "") and "oops" not in (crashed.error or "")
    assert [r.exc_info is not None for r in caplog.records] == [True]  # a bug is logged, once


def test_ij004_progress_and_state_are_shared_through_the_cache() -> None:
    cache = DictCache()
    here, elsewhere = JobRegistry(cache), JobRegistry(cache)  # two worker processes
    release = threading.Event()

    def work(progress: Callable[[str, int, int], None]) -> str:
        progress("read", 10, 40)
        release.wait(10)
        return "report"

    job_id = here.start("alice", work)
    deadline = time.monotonic() + 10
    while (seen := elsewhere.get(job_id, "alice")) is None or seen.done != 10:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    assert (seen.state, seen.stage, seen.done, seen.total) == ("running", "read", 10, 40)
    assert elsewhere.get(job_id, "bob") is None
    release.set()
    assert _wait(elsewhere, job_id, "alice").result == "report"


def test_ij005_the_reader_reports_rows_read_and_reads_the_same_table() -> None:
    rows = [returnee(f"PR-{i}") for i in range(PROGRESS_EVERY * 2 + 5)]
    data = csv_file(rows)
    seen: list[tuple[int, int]] = []
    chunked = read_table(data, "f.csv", "returnees", progress=lambda done, total: seen.append((done, total)))
    assert seen == [(PROGRESS_EVERY, len(rows)), (2 * PROGRESS_EVERY, len(rows)), (len(rows), len(rows))]
    assert chunked.frame.equals(read_table(data, "f.csv", "returnees").frame)


@pytest.fixture
def app(empty_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The app on ``empty_db``; uploads kept in a temporary folder."""
    monkeypatch.setattr(uploads, "UPLOADS", tmp_path / "uploads")
    seeded = run_import(empty_db, csv_file([returnee("SY-1")]), "seed.csv", "returnees", Who("seed", "hq_admin"),
                        today=date(2019, 6, 1))
    assert seeded.inserted == 1, seeded.rejected
    url = empty_db.engine.url.render_as_string(hide_password=False)
    return create_app(load_settings({}, database_url=url, cache_type="SimpleCache"))


def _upload(actor: Actor, data: bytes) -> str:
    upload_id = secrets.token_urlsafe(18)
    uploads.UPLOADS.mkdir(parents=True, exist_ok=True)
    (uploads.UPLOADS / f"{upload_id}.bin").write_bytes(data)
    (uploads.UPLOADS / f"{upload_id}.json").write_text(
        json.dumps({"name": "f.csv", "size": len(data), "owner": actor.name}), encoding="utf-8")
    return upload_id


def _json(value: Any) -> str:
    return json.dumps(value, cls=plotly.utils.PlotlyJSONEncoder, sort_keys=True)


def test_ij006_the_page_starts_a_check_at_once_and_polling_reaches_the_same_report(
        as_actor: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [returnee(f"SY-{i}") for i in range(2, 40)] + [returnee("SY-X", sex="robot"),
                                                          returnee("KH-9", district="Khulna", upazila="Dumuria")]
    data = csv_file(rows)
    as_actor(OFFICER)
    upload_id = _upload(OFFICER, data)
    name, expected = import_actions.check(upload_id, "returnees", "all-or-nothing", set())
    assert expected.rejected  # a report with problems, the harder one to keep identical

    release = threading.Event()
    real = import_actions.run_import

    def held(*args: Any, **kwargs: Any) -> Any:
        release.wait(10)  # the check "takes long": it waits until the test has seen the callback return
        return real(*args, **kwargs)

    monkeypatch.setattr(import_actions, "run_import", held)
    as_actor(OFFICER)
    started = time.monotonic()
    out = import_panel.check({"upload": upload_id}, "returnees", "all-or-nothing", None, "en")
    assert time.monotonic() - started < 2 and not release.is_set()  # returned while the check waits
    report_children, confirm_disabled, report_disabled, checked, job, poll_disabled, progress = out
    assert (report_children, confirm_disabled, report_disabled, checked, poll_disabled) == ([], True, True, None,
                                                                                           False)
    assert "Checking the file" in _json(progress)

    as_actor(OTHER)  # another officer polling the id learns nothing
    assert import_actions.check_status(job["job"]) is None
    as_actor(OFFICER)
    polled = import_panel.poll(1, job, "en")
    assert polled[4] is False and "Checking the file" in _json(polled[5])  # still running, progress shown
    release.set()
    deadline = time.monotonic() + 30
    while True:
        as_actor(OFFICER)
        polled = import_panel.poll(2, job, "en")
        if polled[4] is True:
            break
        assert time.monotonic() < deadline
        time.sleep(0.05)
    view, blocked, no_report, checked = import_panel.checked_view(name, expected, "all-or-nothing", "en")
    assert _json(polled[:4]) == _json((view, blocked, no_report, checked))
    assert polled[5] == [] and polled[6] is None


def test_ij007_a_failed_check_shows_its_message(as_actor: Any, monkeypatch: pytest.MonkeyPatch,
                                                caplog: pytest.LogCaptureFixture) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise UserError("the database is busy: try again in a minute")

    monkeypatch.setattr(import_actions, "run_import", refuse)
    as_actor(OFFICER)
    job = import_panel.check({"upload": _upload(OFFICER, csv_file([returnee("SY-2")]))}, "returnees",
                             "all-or-nothing", None, "en")[4]
    deadline = time.monotonic() + 10
    while True:
        as_actor(OFFICER)
        polled = import_panel.poll(1, job, "en")
        if polled[4] is True:
            break
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert "the database is busy" in _json(polled[0]) and polled[1] is True
    assert not [r for r in caplog.records if r.exc_info]
