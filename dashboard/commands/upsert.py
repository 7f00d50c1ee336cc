"""Idempotent bulk upsert by natural key, keeping each changed row's previous values.

No maintained library does "upsert many rows, tell me which were new, changed or
unchanged, and keep the old values for an exact undo" on both SQLite and
PostgreSQL, hence this module. It works in whole columns: existing rows are
read in chunks by key, compared in pandas, and written with batched multi-row
INSERTs (:func:`insert_many`) and one bulk UPDATE, never a statement per row. Inserts go
through Core tables: the ORM's bulk path costs as much again in Python per row.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import ColumnElement, Table, delete, insert, select, tuple_, update
from sqlalchemy.orm import Session

from dashboard.models import ImportChange
from dashboard.models.base import Base, table_of
from dashboard.seed.bulk import copy_rows

CHUNK = 5000
# Below this many rows COPY gains nothing worth a second path (an import page's usual file).
COPY_ROWS = 1000


@dataclass(frozen=True)
class Child:
    """A set of values kept in a child table (a returnee's needs, a provider's services)."""

    model: type[Base]
    parent_column: str  # the child's foreign key to the parent's id
    value_column: str   # the child's value column
    frame_column: str   # the frame column holding a tuple of values
    constants: dict[str, Any] = field(default_factory=dict)  # other columns the child rows need


@dataclass(frozen=True)
class Target:
    """Where a kind's rows are stored and what identifies one."""

    model: type[Base]
    key: tuple[str, ...]
    children: tuple[Child, ...] = ()

    @property
    def table(self) -> str:
        """The table name."""
        return self.model.__tablename__


@dataclass(frozen=True)
class Counts:
    """What an upsert did."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    # The ids of the rows inserted, where they were read back (targets with child rows).
    inserted_ids: tuple[int, ...] | None = None


def _plain(value: Any) -> Any:
    """A JSON-ready value: dates as ISO text, NaN as None, numpy numbers as Python numbers."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, tuple):
        return sorted(value)
    return value


def row_key(values: Iterable[Any]) -> str:
    """The natural key as stored in import_changes (JSON list of text)."""
    return json.dumps([str(_plain(v)) for v in values], ensure_ascii=False)


def _existing(session: Session, target: Target, records: pd.DataFrame) -> pd.DataFrame:
    """Stored rows with these keys, as a frame with the same columns (plus id)."""
    model = target.model
    columns = ["id", *[c for c in records.columns if c in table_of(model).c]]
    keys = list(records[list(target.key)].itertuples(index=False, name=None))
    found: list[tuple[Any, ...]] = []
    for chunk in _key_chunks(target, keys):
        found += session.execute(select(*(getattr(model, c) for c in columns)).where(chunk)).all()
    # Enum columns come back as enum members, whose hash is not their text's: compare as text.
    return pd.DataFrame([[v.value if isinstance(v, Enum) else v for v in row] for row in found], columns=columns)


def _key_chunks(target: Target, keys: list[tuple[Any, ...]]) -> Iterator[ColumnElement[bool]]:
    """Conditions selecting stored rows with these natural keys, ``CHUNK`` keys at a time."""
    key_columns = tuple(getattr(target.model, k) for k in target.key)
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start:start + CHUNK]
        yield key_columns[0].in_([k[0] for k in chunk]) if len(key_columns) == 1 else tuple_(*key_columns).in_(chunk)


def _ids_by_key(session: Session, target: Target, rows: pd.DataFrame) -> list[int]:
    """The stored ids of ``rows``, in their order, found by natural key."""
    model = target.model
    key_columns = tuple(getattr(model, k) for k in target.key)
    keys = list(rows[list(target.key)].itertuples(index=False, name=None))
    found: dict[tuple[str, ...], int] = {}
    for chunk in _key_chunks(target, keys):
        for row_id, *key in session.execute(select(model.id, *key_columns).where(chunk)):  # type: ignore[attr-defined]
            found[_key_text(v.value if isinstance(v, Enum) else v for v in key)] = row_id
    return [found[_key_text(k)] for k in keys]


def _key_text(values: Iterable[Any]) -> tuple[str, ...]:
    """A natural key as text, as :func:`row_key` compares it, without encoding it as JSON."""
    return tuple(str(_plain(v)) for v in values)


def _children(session: Session, child: Child, parent_ids: list[int]) -> dict[int, tuple[str, ...]]:
    values: dict[int, list[str]] = {}
    parent = getattr(child.model, child.parent_column)
    for start in range(0, len(parent_ids), CHUNK):
        stmt = select(parent, getattr(child.model, child.value_column)).where(
            parent.in_(parent_ids[start:start + CHUNK]))
        for parent_id, value in session.execute(stmt):
            values.setdefault(parent_id, []).append(str(value))
    return {k: tuple(sorted(v)) for k, v in values.items()}


def upsert(session: Session, target: Target, records: pd.DataFrame, batch_id: int | None) -> Counts:
    """Insert new rows, update changed ones, leave equal ones; record every change for undo.
    ``records`` holds the target's columns (database names) plus each child's frame column."""
    if records.empty:
        return Counts()
    records = records.reset_index(drop=True)
    stored = _existing(session, target, records)
    data_columns = [c for c in records.columns if c in stored.columns and c != "id"]
    merged = records.merge(stored, on=list(target.key), how="left", suffixes=("", "__old"), indicator=True)
    new = merged[merged["_merge"] == "left_only"]
    old = merged[merged["_merge"] == "both"].copy()
    old_children = {c.frame_column: _children(session, c, [int(i) for i in old["id"]]) for c in target.children}
    changed_mask = pd.Series(False, index=old.index)
    for column in (c for c in data_columns if c not in target.key):
        changed_mask |= _differs(old[column], old[f"{column}__old"])
    for child in target.children:
        previous = old["id"].map(lambda i, c=child: old_children[c.frame_column].get(int(i), ()))
        changed_mask |= _differs(old[child.frame_column].map(lambda v: tuple(sorted(v or ()))), previous)
    changed = old[changed_mask]
    inserted_ids = _insert(session, target, new, data_columns, batch_id)
    _update(session, target, changed, data_columns, old_children, batch_id)
    return Counts(len(new), len(changed), len(old) - len(changed), inserted_ids)


def _differs(new: pd.Series, old: pd.Series) -> pd.Series:
    """Row by row, whether two columns hold different values (two blanks are the same)."""
    a = [_plain(v) for v in new]
    b = [_plain(v) for v in old]
    return pd.Series([x != y for x, y in zip(a, b, strict=True)], index=new.index, dtype=bool)


def _insert(session: Session, target: Target, rows: pd.DataFrame, columns: list[str],
            batch_id: int | None) -> tuple[int, ...] | None:
    """Insert ``rows`` and their children; returns their new ids where they were read back."""
    if rows.empty:
        return ()
    # Converted column by column, then zipped into rows: the same values as ``_value`` per cell
    # with a fraction of the Python calls (per cell, this was 5 s of a 100,000-row check).
    cells = [_driver_values(rows[c]) for c in columns]
    values = [dict(zip(columns, row, strict=True)) for row in zip(*cells, strict=True)]
    # The new ids are read back by natural key (no stored row had it before this insert),
    # not returned in parameter order: SQLite can only keep that order by sending one
    # statement per row (20,000 rows took 2 s of 6).
    insert_many(session, table_of(target.model), values)
    ids = None
    if target.children:
        ids = _ids_by_key(session, target, rows)
        for child in target.children:
            write_children(session, child, ids, list(rows[child.frame_column]))
    _record(session, batch_id, target, rows, "insert", [None] * len(rows))
    return None if ids is None else tuple(ids)


def _update(session: Session, target: Target, rows: pd.DataFrame, columns: list[str],
            old_children: dict[str, dict[int, tuple[str, ...]]], batch_id: int | None) -> None:
    if rows.empty:
        return
    ids = [int(i) for i in rows["id"]]
    session.execute(update(target.model), [
        {"id": i, **{c: _value(v) for c, v in zip(columns, row, strict=True)}}
        for i, row in zip(ids, rows[columns].itertuples(index=False, name=None), strict=True)])
    befores: list[dict[str, Any] | None] = []
    for position, row_id in enumerate(ids):
        before = {c: _plain(rows[f"{c}__old"].iat[position]) for c in columns if c not in target.key}
        before |= {c.frame_column: list(old_children[c.frame_column].get(row_id, ())) for c in target.children}
        befores.append(before)
    for child in target.children:
        session.execute(delete(child.model).where(getattr(child.model, child.parent_column).in_(ids)))
        write_children(session, child, ids, list(rows[child.frame_column]))
    _record(session, batch_id, target, rows, "update", befores)


def write_children(session: Session, child: Child, parent_ids: list[int], values: list[Any]) -> None:
    """Child rows for each parent id and its collection of values."""
    rows = [{child.parent_column: pid, child.value_column: v, **child.constants}
            for pid, many in zip(parent_ids, values, strict=True) for v in (many or ())]
    if rows:
        insert_many(session, table_of(child.model), rows)


def insert_many(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows in few statements on both databases.

    From ``COPY_ROWS`` rows on PostgreSQL, with COPY (:func:`dashboard.seed.bulk.copy_rows`):
    batched INSERTs of 100,000 returnees, their needs and their undo records took 55-61 s of
    a 126 s import at scale 1000. Otherwise an INSERT with RETURNING (whose rows are not needed)
    in no particular order, which SQLAlchemy batches into multi-row statements
    ("insertmanyvalues") on SQLite and psycopg alike; a plain executemany is one statement per
    row on psycopg."""
    if not rows:
        return
    if len(rows) >= COPY_ROWS and copy_rows(session.connection(), table, rows):
        return
    session.execute(insert(table).returning(*table.primary_key.columns), rows)


def _driver_values(column: pd.Series) -> list[Any]:
    """:func:`_value` of every cell of ``column``: missing values as None, numpy scalars as Python's."""
    values = column.tolist()  # numpy dtypes come out as Python numbers already
    if column.dtype == object:
        values = [v.item() if isinstance(v, np.generic) else v for v in values]
    for position in np.flatnonzero(column.isna().to_numpy()):
        values[position] = None
    return values


def _value(value: Any) -> Any:
    """A value as the database driver takes it (NaN and pandas NA as NULL)."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") and not isinstance(value, datetime | date) else value


def _record(session: Session, batch_id: int | None, target: Target, rows: pd.DataFrame, action: str,
            befores: list[dict[str, Any] | None]) -> None:
    if batch_id is None:
        return
    keys = [row_key(k) for k in rows[list(target.key)].itertuples(index=False, name=None)]
    insert_many(session, table_of(ImportChange), [
        {"batch_id": batch_id, "table_name": target.table, "row_key": key, "action": action, "before": before}
        for key, before in zip(keys, befores, strict=True)])
