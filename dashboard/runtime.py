"""Per-app services (database, settings, cache) reachable from callbacks and routes.

Callbacks are registered with ``dash.callback`` and never import the app, so
they find the database of whichever app is serving the request through Flask's
``current_app``; tests can run several apps with different databases.
"""

from __future__ import annotations

from flask import Flask, current_app
from flask_caching import Cache

from dashboard.config import Settings
from dashboard.db import Database

_KEY = "dashboard"


class Runtime:
    """What one app instance needs at request time."""

    def __init__(self, settings: Settings, database: Database, cache: Cache) -> None:
        self.settings = settings
        self.database = database
        self.cache = cache

    def install(self, server: Flask) -> None:
        """Attach to a Flask server so ``runtime()`` finds it."""
        server.extensions[_KEY] = self


def runtime() -> Runtime:
    """The serving app's runtime (only inside a request)."""
    return current_app.extensions[_KEY]
