"""How long a simulated reader pauses between actions (the load test's ``--bench-think``).

Its own module, free of Locust: importing Locust monkey-patches the whole process with gevent,
which a test of this arithmetic must not do to the test run."""

from __future__ import annotations

import random


def pause(rng: random.Random, think: float) -> float:
    """Seconds a user waits before its next action: uniformly from half to one and a half times
    ``think``, or none. Without a pause, 50 users are 50 requests always waiting: a measure of the
    machine's throughput, not of what a reader waits for (a person reads the map or the table
    before the next click)."""
    return rng.uniform(0.5 * think, 1.5 * think) if think > 0 else 0.0
