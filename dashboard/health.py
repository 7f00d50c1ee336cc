"""``GET /healthz``: is the app up, can it reach its database, is the schema current."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import SQLAlchemyError

from dashboard.db import admin_area_count, current_revision, head_revision
from dashboard.runtime import runtime

blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
def healthz() -> ResponseReturnValue:
    """200 with details when healthy; 503 when the database is unreachable or behind."""
    database = runtime().database
    status: dict[str, object] = {"dialect": database.engine.dialect.name, "head_revision": head_revision()}
    try:
        status["revision"] = current_revision(database.engine)
        with database.session() as session:
            status["admin_areas"] = admin_area_count(session) if status["revision"] else 0
        status["reachable"] = True
    except SQLAlchemyError as exc:
        status.update(reachable=False, error=type(exc).__name__)
    healthy = bool(status["reachable"]) and status.get("revision") == status["head_revision"]
    body = {"status": "ok" if healthy else "unavailable", "database": status}
    return jsonify(body), 200 if healthy else 503
