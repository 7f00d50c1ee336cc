"""A serving process settles its heap after a slow full collection (dashboard.web.heap).

Each test keeps objects of its own alive and asks whether the collector froze them, by the
count ``gc.get_freeze_count`` gives: the objects are the test's, not the module's.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from flask import Flask

from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.web import heap

KEPT = 40_000  # lists, tracked by the collector (a tuple of numbers may be untracked)


@pytest.fixture
def watched() -> Iterator[None]:
    """Every full pass counts as slow, and the only full passes are the tests' own
    ``gc.collect()`` (the collector's automatic passes are off while a test runs, so none can
    settle what a test expects to stay unfrozen); afterwards nothing stays frozen or watched."""
    enabled = gc.isenabled()
    gc.disable()
    heap.start(slow_seconds=0.0, limit=2)
    try:
        yield
    finally:
        heap.stop()
        gc.unfreeze()
        if enabled:
            gc.enable()


def _server() -> Flask:
    server = Flask(__name__)
    server.add_url_rule("/", "home", lambda: "answer")
    heap.install(server)
    return server


def _kept() -> list[list[int]]:
    return [[i] for i in range(KEPT)]


def test_hp001_after_a_slow_pass_what_is_alive_is_frozen_once_the_answer_is_sent(watched: None) -> None:
    client = _server().test_client()
    kept = _kept()
    before = gc.get_freeze_count()
    gc.collect()  # a full pass, "slow" at this threshold
    response = client.get("/")
    assert response.get_data(as_text=True) == "answer"
    # Not while the answer is still being sent (frozen objects freed since may lower the count).
    assert gc.get_freeze_count() < before + KEPT
    response.close()  # the WSGI server closes the answer after its last byte
    assert gc.get_freeze_count() >= before + KEPT
    assert heap.settlings() == 1
    assert len(kept) == KEPT


def test_hp002_no_settling_without_a_slow_pass_and_no_more_than_the_limit(watched: None) -> None:
    client = _server().test_client()
    first = _kept()
    before = gc.get_freeze_count()
    client.get("/").close()  # no full pass since start: nothing to settle
    assert gc.get_freeze_count() < before + KEPT
    for _ in range(2):  # the limit is two settlings
        gc.collect()
        client.get("/").close()
    assert heap.settlings() == 2
    frozen = gc.get_freeze_count()
    third = _kept()
    gc.collect()
    client.get("/").close()
    assert heap.settlings() == 2
    assert gc.get_freeze_count() < frozen + KEPT  # the third batch stays in the collector's reach
    assert len(first) == len(third) == KEPT


def test_hp003_an_app_never_started_as_a_server_freezes_nothing(known_settings: Settings) -> None:
    """Tests build many apps in one process: their heaps are never frozen."""
    heap.stop()
    client = create_app(known_settings).server.test_client()
    kept = _kept()
    before = gc.get_freeze_count()
    gc.collect()
    client.get("/health").close()
    assert gc.get_freeze_count() < before + KEPT
    assert len(kept) == KEPT


def test_hp004_the_dashboard_settles_after_a_slow_pass(known_settings: Settings, watched: None) -> None:
    client = create_app(known_settings).server.test_client()
    kept = _kept()
    before = gc.get_freeze_count()
    gc.collect()
    client.get("/health").close()
    assert gc.get_freeze_count() >= before + KEPT
    assert len(kept) == KEPT
