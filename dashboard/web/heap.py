"""Keep a serving process's long-lived objects out of the garbage collector's full passes.

A full collection walks every object the collector tracks. A serving process holds hundreds
of thousands that live as long as it does: what :func:`create_app` builds, and then what its
requests build and keep as they take new paths (the boundary files' 50,000 coordinate pairs,
Plotly's validators, SQLAlchemy's compiled statements, Babel's locale data). Measured at scale
1000 (PostgreSQL, headquarters, the benchmark's map, fair and outcome actions), each full pass
took 60-130 ms and fell on a drill, an upazila or a fair comparison every twenty-odd requests:
most of those actions' p95 above their median.

``gc.freeze`` (the pattern it exists for) moves every tracked object into a generation no
collection walks. The heap is settled once the app is built (a full collection, then frozen),
and again whenever a full pass has been slow (:data:`SLOW_FULL_PASS_S`): such a pass has just
left only live objects in the oldest generation, so once the request that met it has sent its
answer, a young collection and a freeze keep them out of later passes, which then walk only
what the latest requests made (about 1 ms). At most :data:`MAX_SETTLINGS` times per process:
each freeze also takes in the young objects of requests still in flight, and a frozen object
that later becomes cyclic garbage is never collected, so the number of freezes is bounded.
Serving processes only: tests build many apps in one process and let them go, and never
call :func:`start`.
"""

from __future__ import annotations

import gc
import threading
import time
from typing import Any

from flask import Flask, Response

SLOW_FULL_PASS_S = 0.02
MAX_SETTLINGS = 8


def settle() -> None:
    """Collect what is garbage now, then freeze what is left."""
    gc.collect()
    gc.freeze()


def _settle_young() -> None:
    # The full pass that asked for this has just walked the old generation; only what was made
    # since needs collecting before everything left is frozen.
    gc.collect(1)
    gc.freeze()


class _Watch:
    """Whether a full pass was slow since the last settling, and how many settlings are left."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.active = False
        self.due = False
        self.settlings = 0
        self.limit = MAX_SETTLINGS
        self.slow = SLOW_FULL_PASS_S
        self._started = 0.0

    def on_collection(self, phase: str, info: dict[str, Any]) -> None:
        """A ``gc.callbacks`` entry: times the full passes (no lock: it runs inside the collector)."""
        if info.get("generation") != 2:
            return
        if phase == "start":
            self._started = time.perf_counter()
        elif time.perf_counter() - self._started >= self.slow:
            self.due = True

    def claim(self) -> bool:
        """True (once) when the heap should be settled after this answer."""
        with self.lock:
            if not (self.active and self.due and self.settlings < self.limit):
                return False
            self.due = False
            self.settlings += 1
            return True


_WATCH = _Watch()


def start(slow_seconds: float = SLOW_FULL_PASS_S, limit: int = MAX_SETTLINGS) -> None:
    """Settle the heap now, and again after a slow full pass, at most ``limit`` times (this
    process serves its app for the rest of its life)."""
    settle()
    with _WATCH.lock:
        _WATCH.active, _WATCH.due, _WATCH.settlings = True, False, 0
        _WATCH.slow, _WATCH.limit = slow_seconds, limit
    if _WATCH.on_collection not in gc.callbacks:
        gc.callbacks.append(_WATCH.on_collection)


def stop() -> None:
    """Watch no more (for the tests of the watch)."""
    with _WATCH.lock:
        _WATCH.active, _WATCH.due = False, False
    if _WATCH.on_collection in gc.callbacks:
        gc.callbacks.remove(_WATCH.on_collection)


def settlings() -> int:
    """How many times the heap was settled after a slow pass since :func:`start`."""
    return _WATCH.settlings


def install(server: Flask) -> None:
    """Settle after an answer when a slow full pass asked for it."""

    @server.after_request
    def _settle_when_due(response: Response) -> Response:
        if _WATCH.claim():
            # After the last byte has gone (the WSGI server closes the answer), so the user who
            # met the slow pass does not also wait for this.
            response.call_on_close(_settle_young)
        return response
