"""Per-app services (database, settings, cache) reachable from callbacks and routes.

Callbacks are registered with ``dash.callback`` and never import the app, so
they find the database of whichever app is serving the request through Flask's
``current_app``; tests can run several apps with different databases.
"""

from __future__ import annotations

import logging
import threading
import time
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, current_app
from flask_caching import Cache

from dashboard.config import Settings
from dashboard.db import Database

_KEY = "dashboard"
log = logging.getLogger(__name__)


def redacted(url: str) -> str:
    """``url`` without its password, fit for a log line or a health answer."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


class Outage:
    """Remembers for a few seconds that a service (Redis) could not be reached.

    While it is remembered nobody tries the service again, so an outage costs one failed
    connection per few seconds and process, not one per request (each of which would
    otherwise wait for its own connection to be refused or to time out).
    """

    def __init__(self, name: str, url: str, retry_seconds: float) -> None:
        self.name = name
        self.url = redacted(url)
        self.retry_seconds = retry_seconds
        self.reason: str | None = None
        self._until = 0.0
        self._lock = threading.Lock()

    def down(self) -> bool:
        """Whether the service failed within the last ``retry_seconds``."""
        return time.monotonic() < self._until

    def failed(self, error: BaseException) -> None:
        """Note a failure (logged once per outage, not once per request)."""
        with self._lock:
            first = self.reason is None
            self.reason = f"{type(error).__name__}: {error}"
            self._until = time.monotonic() + self.retry_seconds
        if first:
            log.warning("%s at %s cannot be reached (%s); carrying on without it, trying again every %ss",
                        self.name, self.url, self.reason, self.retry_seconds)

    def recovered(self) -> None:
        """Note a success after an outage."""
        if self.reason is not None:
            with self._lock:
                self.reason = None
                self._until = 0.0
            log.warning("%s at %s is reachable again", self.name, self.url)


class Runtime:
    """What one app instance needs at request time."""

    def __init__(self, settings: Settings, database: Database, cache: Cache) -> None:
        self.settings = settings
        self.database = database
        self.cache = cache
        self.cache_outage = Outage("the cache (Redis)", settings.cache_redis_url, settings.service_retry_seconds)

    def install(self, server: Flask) -> None:
        """Attach to a Flask server so ``runtime()`` finds it."""
        server.extensions[_KEY] = self


def runtime() -> Runtime:
    """The serving app's runtime (only inside a request)."""
    rt: Runtime = current_app.extensions[_KEY]
    return rt
