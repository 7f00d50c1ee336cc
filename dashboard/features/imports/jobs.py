"""Long import checks run off the request thread: a small registry of background jobs.

A 50 MB file takes seconds to check; run inside the Dash callback, that held a worker (and
the officer's slow connection) for the whole check. The page now starts a job, gets its id
at once, and polls it for progress and, at the end, the report.

Where job state lives: in the process that runs the job (a dict, the source of truth while
it runs) *and* in the app's configured cache, written on each change of state and on each
progress report (a few dozen writes for 100,000 rows). With gunicorn, the poll may reach
another worker process; with Redis configured, that worker reads the job from the cache and
answers as the starting one would. Without a shared cache (SimpleCache is per process), a
poll reaching another process finds nothing and says so plainly ("still checking in another
process, or expired"): the page keeps polling and a later poll reaches the right process.

A job belongs to the actor who started it: :meth:`JobRegistry.get` answers only to that
actor's name, and gives another user the same None as for an unknown id. Ids are random
(``secrets.token_urlsafe``); jobs expire an hour after they started.
"""

from __future__ import annotations

import dataclasses
import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from dashboard.features.imports.messages import message

log = logging.getLogger(__name__)

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
TTL_SECONDS = 3600
KEY_PREFIX = "import-job:"

# What a job reports while it runs: the stage ("read", "check", "store"), rows done, rows in all
# (0 when not known yet).
Progress = Callable[[str, int, int], None]


class SharedStore(Protocol):
    """What the registry needs of a cache (flask_caching's ``Cache`` has it)."""

    def get(self, key: str) -> Any:
        """The value stored under ``key``, or None."""

    def set(self, key: str, value: Any, timeout: int | None = None) -> Any:
        """Store ``value`` under ``key`` for ``timeout`` seconds."""


class UserError(ValueError):
    """A failure the user can act on; its message is shown as it is, and no traceback is logged."""


@dataclass
class Job:
    """One background job's state as the page sees it."""

    id: str
    owner: str
    state: str = QUEUED
    stage: str = ""
    done: int = 0
    total: int = 0
    result: Any = None
    error: str | None = None
    why: dict[str, Any] | None = None  # the error as a catalogue message (code, params), where it is one
    started: float = field(default_factory=time.time)

    @property
    def finished(self) -> bool:
        """Whether the job has ended, one way or the other."""
        return self.state in (DONE, FAILED)


class JobRegistry:
    """Jobs by random id, each run in a daemon thread; thread-safe."""

    def __init__(self, shared: SharedStore | None = None, ttl: int = TTL_SECONDS,
                 clock: Callable[[], float] = time.time) -> None:
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._shared = shared
        self._ttl = ttl
        self._clock = clock

    def start(self, owner: str, work: Callable[[Progress], Any], context: Callable[[], Any] | None = None) -> str:
        """Run ``work(progress)`` in a new thread for ``owner``; returns the job's id at once.

        ``context``, if given, is entered around the work (a Flask app context: the thread has
        none of its own)."""
        job = Job(secrets.token_urlsafe(18), owner, started=self._clock())
        with self._lock:
            self._forget_expired()
            self._jobs[job.id] = job
        self._publish(job)
        thread = threading.Thread(target=self._run, args=(job.id, work, context), name=f"import-job-{job.id[:6]}",
                                  daemon=True)
        thread.start()
        return job.id

    def get(self, job_id: str | None, owner: str) -> Job | None:
        """A copy of the job, if it exists, has not expired and belongs to ``owner``; None otherwise
        (another user's job is answered exactly as an unknown one)."""
        if not isinstance(job_id, str) or not job_id:
            return None
        with self._lock:
            self._forget_expired()
            job = self._jobs.get(job_id)
            found = dataclasses.replace(job) if job is not None else None
        if found is None:
            found = self._from_shared(job_id)
        if found is None or found.owner != owner or self._expired(found):
            return None
        return found

    def _run(self, job_id: str, work: Callable[[Progress], Any], context: Callable[[], Any] | None) -> None:
        self._update(job_id, state=RUNNING)

        def progress(stage: str, done: int, total: int) -> None:
            self._update(job_id, stage=stage, done=done, total=total)

        try:
            if context is not None:
                with context():
                    result = work(progress)
            else:
                result = work(progress)
        except UserError as exc:
            self._update(job_id, state=FAILED, error=str(exc))
        except Exception as exc:  # a bug, not bad input: logged once, the user gets a plain sentence
            log.exception("import job %s failed", job_id[:6])
            why = message("check_crashed", error=type(exc).__name__)
            self._update(job_id, state=FAILED, error=why.text(), why=why.as_json())
        else:
            self._update(job_id, state=DONE, result=result)

    def _update(self, job_id: str, **changes: Any) -> None:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None:  # expired while running: nobody can ask for it any more
                return
            for name, value in changes.items():
                setattr(job, name, value)
            snapshot = dataclasses.replace(job)
        self._publish(snapshot)

    def _publish(self, job: Job) -> None:
        """Copy the job to the shared cache, so other worker processes can answer polls."""
        if self._shared is None:
            return
        try:
            # Shallow: ``asdict`` would turn a result holding dataclasses (the report) into dicts.
            state = {f.name: getattr(job, f.name) for f in dataclasses.fields(job)}
            self._shared.set(KEY_PREFIX + job.id, state, timeout=self._ttl)
        except Exception as exc:  # the cache is a convenience: the starting process still answers
            log.warning("import job %s not shared through the cache: %s", job.id[:6], exc)

    def _from_shared(self, job_id: str) -> Job | None:
        if self._shared is None:
            return None
        try:
            stored = self._shared.get(KEY_PREFIX + job_id)
        except Exception as exc:
            log.warning("import job %s not read from the cache: %s", job_id[:6], exc)
            return None
        return Job(**stored) if isinstance(stored, dict) else None

    def _expired(self, job: Job) -> bool:
        return self._clock() - job.started > self._ttl

    def _forget_expired(self) -> None:
        """Drop expired jobs (called with the lock held)."""
        for job_id in [i for i, j in self._jobs.items() if self._expired(j)]:
            del self._jobs[job_id]
