"""One database connection for a request's reads, in autocommit.

A map answer makes a dozen lookups (each layer, the cards, the data version, the signed-in
user), and each used to open a session of its own: a pooled connection checked out and
pinged, then ``BEGIN`` and ``COMMIT`` around one or two statements. On PostgreSQL at scale
1000 a district map of every layer spent about 75 round trips a request on that ceremony
(15 pings, 30 of each), under load more than its longest query. Reads need no transaction
of their own: each statement sees what was committed when it ran (PostgreSQL's default, read
committed, did no more across a lookup's two statements), and nothing is held open between
them. So a request checks out one connection at its first read, in ``AUTOCOMMIT``, and gives
it back when its app context ends (:func:`release`, registered by ``create_app``).

Writes never come here: commands open their own sessions (``Database.session``), whose
transactions commit before the request reads again, so a read after a write in the same
request sees it (an open SQLite read transaction would not, and would block the write).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import g
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from dashboard.runtime import runtime

_CONNECTION = "read_connection"


def _connection() -> Connection:
    connection: Connection | None = g.get(_CONNECTION)
    if connection is None or connection.closed or connection.invalidated:
        connection = runtime().database.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        setattr(g, _CONNECTION, connection)
    return connection


@contextmanager
def reading() -> Iterator[Session]:
    """A session on this request's read connection, for lookups only (never for writes).

    Each lookup gets a session of its own (its own identity map), so what one lookup loaded
    cannot leak into the next; they share the connection. A lookup that fails leaves the
    connection usable for the next (in autocommit no transaction is left aborted)."""
    with Session(bind=_connection(), expire_on_commit=False) as session:
        yield session


def release(_error: BaseException | None = None) -> None:
    """Give the request's read connection back to the pool (at the end of its app context)."""
    connection: Connection | None = g.pop(_CONNECTION, None)
    if connection is not None:
        connection.close()
