"""Fast bulk loading of data frames, for the seeder and (later) large imports.

SQLAlchemy's executemany is fine for thousands of rows but a million-row demo
needs PostgreSQL's COPY; no maintained library wraps both dialects, hence this.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Table, text

CHUNK_ROWS = 100_000
# A table's own indexes are dropped before a load of this many rows and built again after it:
# one sort per index instead of a B-tree insert per row and index (the scale-1000 demo loads 22
# million rows). On PostgreSQL its foreign keys too, added again after the load, which checks
# them with one join instead of a trigger per row: the seed's 7 million awareness activities took
# 152 s to load with both and 39 s without (issue 33). Smaller loads keep them (nothing to gain).
DEFER_INDEXES_ROWS = 50_000


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates as ISO strings (what SQLAlchemy stores in SQLite), missing values as None."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_datetime64_any_dtype(series):
            has_time = bool((series.dropna().dt.normalize() != series.dropna()).any())
            out[column] = series.dt.strftime("%Y-%m-%d %H:%M:%S" if has_time else "%Y-%m-%d")
    return out.astype(object).where(out.notna(), None)


def bulk_insert(connection: Connection, table: Table, frame: pd.DataFrame) -> int:
    """Insert every row of ``frame`` (columns named as the table's) inside the open transaction."""
    if frame.empty:
        return 0
    columns = list(frame.columns)
    unknown = set(columns) - set(table.c.keys())
    if unknown:
        raise ValueError(f"{table.name} has no column(s) {sorted(unknown)}")
    prepared = _as_text(frame)
    deferred = _defer_indexes(connection, table.name) if len(prepared) >= DEFER_INDEXES_ROWS else []
    if connection.dialect.name == "postgresql":
        raw = connection.connection.driver_connection
        assert raw is not None  # an open connection has its driver's
        column_list = ", ".join(f'"{c}"' for c in columns)
        with raw.cursor() as cursor, cursor.copy(
            f'COPY "{table.name}" ({column_list}) FROM STDIN WITH (FORMAT csv)'
        ) as copy:
            for start in range(0, len(prepared), CHUNK_ROWS):
                buffer = io.StringIO()
                prepared.iloc[start:start + CHUNK_ROWS].to_csv(buffer, index=False, header=False)
                copy.write(buffer.getvalue())
    else:
        placeholders = ", ".join("?" for _ in columns)
        sql = f'INSERT INTO "{table.name}" ({", ".join(columns)}) VALUES ({placeholders})'
        for start in range(0, len(prepared), CHUNK_ROWS):
            chunk = prepared.iloc[start:start + CHUNK_ROWS]
            connection.exec_driver_sql(sql, list(chunk.itertuples(index=False, name=None)))
    # Inside the load's transaction: a row that breaks a deferred foreign key fails here and
    # takes the whole load with it, as the per-row check would have.
    for create in deferred:
        connection.exec_driver_sql(create)
    return len(frame)


def copy_rows(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> bool:
    """Write ``rows`` (dicts with the same keys) into ``table`` with PostgreSQL's COPY, inside
    the open transaction, with the values SQLAlchemy's INSERT would send: each column's own
    bind processing (enum members as their text, JSON encoded, None in a JSON column as JSON
    null) and the Python-side defaults of the columns left out (a returnee's cell key), one call
    per row. Returns False, writing nothing, where COPY cannot stand in for the INSERT: another
    database, or a left-out column whose default is a sequence or an SQL expression."""
    if connection.dialect.name != "postgresql" or not rows:
        return False
    given = list(rows[0])
    defaults: dict[str, Callable[[], Any]] = {}
    for column in table.c:
        default = column.default
        if column.name in given or default is None:
            continue
        if default.is_scalar:
            defaults[column.name] = lambda value=default.arg: value  # type: ignore[attr-defined,misc]
        elif default.is_callable:
            # SQLAlchemy wraps a callable default to take the execution context; ours ignore it.
            defaults[column.name] = lambda call=default.arg: call(None)  # type: ignore[attr-defined,misc]
        else:
            return False
    columns = [*given, *defaults]
    dialect = connection.dialect
    processors = [table.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in given]
    raw = connection.connection.driver_connection
    assert raw is not None  # an open connection has its driver's
    column_list = ", ".join(f'"{c}"' for c in columns)
    with raw.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({column_list}) FROM STDIN') as copy:
        for row in rows:
            values = [row[c] if process is None else process(row[c])
                      for c, process in zip(given, processors, strict=True)]
            copy.write_row([*values, *(make() for make in defaults.values())])
    return True


def _defer_indexes(connection: Connection, table: str) -> list[str]:
    """Drop what slows a large load into ``table`` inside the open transaction; returns the
    statements that put it back, to run after the load."""
    if connection.dialect.name == "postgresql":
        return _drop_postgres_indexes_and_foreign_keys(connection, table)
    return _drop_indexes(connection, table)


def _drop_postgres_indexes_and_foreign_keys(connection: Connection, table: str) -> list[str]:
    """Drop ``table``'s plain indexes (not those behind its primary key or unique constraints,
    which stay) and its own foreign keys; returns the statements that create them again as the
    server describes them (``pg_get_indexdef``, ``pg_get_constraintdef``)."""
    relation = {"table": f'"{table}"'}  # resolved through the search path, as the COPY is
    indexes = connection.execute(text(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = CAST(:table AS regclass) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
        "ORDER BY 1"), relation).all()
    keys = connection.execute(text(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = CAST(:table AS regclass) AND contype = 'f' ORDER BY conname"), relation).all()
    for name, _definition in keys:
        connection.exec_driver_sql(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        connection.exec_driver_sql(f"DROP INDEX {name}")  # regclass text: quoted as needed
    return [*(str(create) for _name, create in indexes),
            *(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}' for name, definition in keys)]


def _drop_indexes(connection: Connection, table: str) -> list[str]:
    """Drop ``table``'s explicitly created indexes (not its primary key's or unique
    constraints'), inside the open transaction; returns the statements that create them again,
    exactly as they were written (the models' and the migrations' alike)."""
    rows = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        (table,)).all()
    for name, _sql in rows:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    return [str(create) for _name, create in rows]


def reset_sequence(connection: Connection, table: Table) -> None:
    """After inserting explicit ids, move PostgreSQL's id sequence past them."""
    if connection.dialect.name == "postgresql" and "id" in table.c:
        connection.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM \"{table.name}\"), 0) + 1, false)"
        ))
