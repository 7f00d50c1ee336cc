"""Fast bulk loading of data frames, for the seeder and (later) large imports.

SQLAlchemy's executemany is fine for thousands of rows but a million-row demo
needs PostgreSQL's COPY; no maintained library wraps both dialects, hence this.
"""

from __future__ import annotations

import io

import pandas as pd
from sqlalchemy import Connection, Table, text

CHUNK_ROWS = 100_000


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
    return len(frame)


def reset_sequence(connection: Connection, table: Table) -> None:
    """After inserting explicit ids, move PostgreSQL's id sequence past them."""
    if connection.dialect.name == "postgresql" and "id" in table.c:
        connection.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM \"{table.name}\"), 0) + 1, false)"
        ))
