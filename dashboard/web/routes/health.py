"""``GET /healthz``: is the app up, can it reach its database and its Redis, is the schema current.

The same checks of Redis run once at start-up, so a configured but unreachable Redis is
said in the log at once (naming the URL) rather than discovered by the first reader.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Flask, jsonify
from flask.typing import ResponseReturnValue
from flask_caching.backends.rediscache import RedisCache
from sqlalchemy.exc import SQLAlchemyError

from dashboard.core.cache import UNREACHABLE
from dashboard.db import admin_area_count, current_revision, head_revision
from dashboard.runtime import Runtime, redacted, runtime
from dashboard.web.auth import limits
from dashboard.web.signin_limits import SignInLimits, storage_url

blueprint = Blueprint("health", __name__)
log = logging.getLogger(__name__)


def cache_problem(rt: Runtime) -> str | None:
    """None when the cache answers (or is in-process), else why not."""
    if rt.settings.cache_type != "RedisCache":
        return None
    # Flask-Caching types its backend as SimpleCache; with cache_type "RedisCache" it is its RedisCache.
    backend: object = rt.cache.cache
    if not isinstance(backend, RedisCache):
        return f"the cache is a {type(backend).__name__}, not Redis"
    try:
        backend._read_client.ping()  # Flask-Caching's RedisCache keeps its redis client here
    except UNREACHABLE as exc:
        rt.cache_outage.failed(exc)
        return f"{type(exc).__name__}: {exc}"
    rt.cache_outage.recovered()
    return None


def _services(rt: Runtime, signin_limits: SignInLimits) -> dict[str, dict[str, object]]:
    """The cache and the sign-in limit store: where each is and whether it answers."""
    found: dict[str, dict[str, object]] = {}
    for name, url, problem in (
            ("cache", rt.settings.cache_redis_url if rt.settings.cache_type == "RedisCache" else rt.settings.cache_type,
             cache_problem(rt)),
            ("signin_limits", storage_url(rt.settings), signin_limits.check())):
        found[name] = {"url": redacted(url), "reachable": problem is None} | ({"error": problem} if problem else {})
    return found


def report_services(server: Flask) -> None:
    """Say in the log, at start-up, which configured service cannot be reached and what that means."""
    with server.app_context():
        services = _services(runtime(), limits())
    consequences = {"cache": "pages are answered without the cache (slower) until it is back",
                    "signin_limits": "nobody can sign in until it is back (the limit fails closed)"}
    for name, status in services.items():
        if not status["reachable"]:
            log.warning("%s at %s cannot be reached (%s): %s", name, status["url"], status["error"],
                        consequences[name])


@blueprint.get("/healthz")
def healthz() -> ResponseReturnValue:
    """200 with details when healthy; 503, saying why, when the database is unreachable or
    behind, or a configured Redis (cache or sign-in limits) cannot be reached."""
    database = runtime().database
    status: dict[str, object] = {"dialect": database.engine.dialect.name, "head_revision": head_revision()}
    try:
        status["revision"] = current_revision(database.engine)
        with database.session() as session:
            status["admin_areas"] = admin_area_count(session) if status["revision"] else 0
        status["reachable"] = True
    except SQLAlchemyError as exc:
        status.update(reachable=False, error=type(exc).__name__)
    services = _services(runtime(), limits())
    reasons = []
    if not status["reachable"]:
        reasons.append("the database cannot be reached")
    elif status.get("revision") != status["head_revision"]:
        reasons.append("the database schema is not current")
    reasons += [f"{name} ({services[name]['url']}) cannot be reached" for name in services
                if not services[name]["reachable"]]
    body: dict[str, object] = {"status": "ok" if not reasons else "unavailable", "database": status, **services}
    if reasons:
        body["reasons"] = reasons
    return jsonify(body), 200 if not reasons else 503
