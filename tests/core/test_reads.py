"""A request's reads share one connection, hold nothing open, and see the request's own writes
(``dashboard.core.reads``), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from flask import g
from sqlalchemy import event, func, select, text
from sqlalchemy.exc import DBAPIError

from dashboard.app import create_app
from dashboard.config import load_settings
from dashboard.core.access import Actor, Role
from dashboard.core.cache import cached, request_data_version
from dashboard.db import Database
from dashboard.models import Target
from dashboard.runtime import runtime

HQ = Actor("hq", Role.HQ_ANALYST)


@pytest.fixture
def app(empty_db: Database) -> Iterator[Any]:
    """The app on an empty database of each backend, keeping nothing (every lookup reads)."""
    built = create_app(load_settings({}, database_url=empty_db.url, cache_type="NullCache"))
    yield built
    built.server.extensions["dashboard"].database.dispose()


def _pool_events(app: Any) -> dict[str, int]:
    counts = {"checkout": 0, "checkin": 0}
    engine = app.server.extensions["dashboard"].database.engine
    for name in counts:
        event.listen(engine, name, lambda *_args, name=name: counts.__setitem__(name, counts[name] + 1))
    return counts


def _targets(session: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(Target)))


def test_rd001_a_request_s_lookups_share_one_connection_given_back_at_its_end(app: Any) -> None:
    counts = _pool_events(app)
    for request in (1, 2):
        with app.server.test_request_context():
            g.actor = HQ
            request_data_version()
            assert [cached(f"probe-{i}", (request,), _targets) for i in range(3)] == [0, 0, 0]
            assert counts == {"checkout": request, "checkin": request - 1}  # one for all four reads
        # The app context ended: the connection is back in the pool, not kept for the next request.
        assert counts == {"checkout": request, "checkin": request}


def test_rd002_a_write_in_the_request_is_seen_by_its_next_read(app: Any) -> None:
    with app.server.test_request_context():
        g.actor = HQ
        assert cached("before", (), _targets) == 0
        # As the DCC page and the targets editor do: a command's own session commits, then the
        # answer is drawn. Held open, SQLite's read would have blocked this write (or hidden it).
        with runtime().database.session() as session:
            session.add(Target(indicator="returnees_profiled", area_pcode="BD", due_on=date(2026, 12, 31), value=10))
        assert cached("after", (), _targets) == 1


def test_rd003_a_failed_lookup_leaves_the_next_one_working(app: Any) -> None:
    with app.server.test_request_context():
        g.actor = HQ
        with pytest.raises(DBAPIError):
            cached("broken", (), lambda session: session.execute(text("SELECT * FROM no_such_table")).all())
        assert cached("next", (), _targets) == 0


def _open_transaction(session: Any) -> bool:
    """Whether the lookup's connection is inside a transaction on the database's side."""
    session.execute(text("SELECT 1"))
    connection = session.connection().connection.dbapi_connection
    if hasattr(connection, "info"):  # psycopg: what the server last said of the transaction
        return bool(connection.info.transaction_status != connection.info.transaction_status.IDLE)
    return bool(connection.in_transaction)  # sqlite3


def test_rd004_a_lookup_runs_outside_any_transaction(app: Any) -> None:
    # No BEGIN before and no COMMIT after each lookup: two round trips a lookup that a read
    # does not need (dashboard.core.reads); nor a transaction left open while figures are drawn.
    with app.server.test_request_context():
        g.actor = HQ
        assert cached("first", (), _open_transaction) is False
        assert cached("second", (), _open_transaction) is False
