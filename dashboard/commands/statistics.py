"""The query planner's statistics after bulk writes (seed, large imports).

Apart from rebuilding the summaries (``dashboard.commands.summaries``): both follow a bulk
write, but statistics concern every table, raw and summary alike.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import Session


def analyze(connection: Connection | Session, tables: Iterable[str] | None = None) -> None:
    """Refresh the query planner's statistics after a bulk load (PostgreSQL's autovacuum may be
    off, and SQLite never gathers them by itself): of ``tables`` only when given (an import
    changes a few tables; sampling every table of a national database took 5 s)."""
    dialect = connection.get_bind().dialect.name if isinstance(connection, Session) else connection.dialect.name
    if dialect == "sqlite":
        # A sample is enough for the planner and keeps ANALYZE short on a big file.
        connection.execute(text("PRAGMA analysis_limit = 1000"))
    if tables is None:
        connection.execute(text("ANALYZE"))
        return
    from dashboard.models.base import Base

    for table in tables:
        if table not in Base.metadata.tables:  # names only ever come from our models
            raise ValueError(f"not a table of the dashboard: {table!r}")
        connection.execute(text(f'ANALYZE "{table}"'))


def vacuum_analyze(engine: Engine) -> None:
    """After a bulk load: statistics for the planner, and on PostgreSQL also the visibility
    map, without which an index-only scan still visits every row (with autovacuum off, as on
    the benchmark machine, nothing else sets it; a returnee-summary rebuild took 17 s instead
    of 12). VACUUM cannot run in a transaction, hence its own autocommit connection."""
    if engine.dialect.name != "postgresql":
        with engine.begin() as connection:
            analyze(connection)
        return
    from dashboard.models.base import Base

    # Our tables by name, found on the connection's search path: a bare VACUUM would walk
    # every schema of the database (other installations, test schemas).
    tables = ", ".join(f'"{name}"' for name in Base.metadata.tables)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f"VACUUM (ANALYZE) {tables}"))
