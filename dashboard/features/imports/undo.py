"""Undoing one import batch exactly: every row it inserted deleted, every row it changed put
back as it was, and the summaries of the districts it touched rebuilt in the same transaction."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from itertools import groupby
from typing import Any

from sqlalchemy import delete, select, tuple_, update
from sqlalchemy.orm import Session

from dashboard.commands import summaries
from dashboard.commands.upsert import write_children
from dashboard.core.data_version import mark_changed
from dashboard.features.imports.messages import Message, message
from dashboard.features.imports.store import _CHUNK, BY_TABLE, _ids_of_codes, _refresh
from dashboard.models import Assistance, ImportBatch, ImportChange, Returnee
from dashboard.models.base import Base, table_of


class RollbackRefused(ValueError):
    """The batch cannot be undone exactly (already undone, or later imports changed its rows);
    ``why`` says so as a catalogue message (the page shows it in its language, the CLI in English)."""

    def __init__(self, why: Message) -> None:
        super().__init__(why.text())
        self.why = why


def rollback(session: Session, batch_id: int, actor: str) -> int:
    """Undo one batch: delete the rows it inserted, restore the values it overwrote; returns rows restored."""
    batch = session.get(ImportBatch, batch_id)
    if batch is None:
        raise RollbackRefused(message("no_batch", batch=batch_id))
    if batch.rolled_back_at is not None:
        raise RollbackRefused(message("already_undone", batch=batch_id, when=f"{batch.rolled_back_at:%Y-%m-%d %H:%M}"))
    # Later batches that changed something (a re-import that changed nothing does not count).
    later = session.scalar(select(ImportBatch.id).where(
        ImportBatch.id > batch_id, ImportBatch.rolled_back_at.is_(None),
        ImportBatch.id.in_(select(ImportChange.batch_id))).order_by(ImportBatch.id.desc()).limit(1))
    if later is not None:
        raise RollbackRefused(message("later_batch", later=later, batch=batch_id))
    changes = session.scalars(select(ImportChange).where(ImportChange.batch_id == batch_id)
                              .order_by(ImportChange.id.desc())).all()
    fed = {name for change in changes for name in summaries.FED_BY.get(change.table_name, ())}
    districts = _districts_of(session, changes) if fed else frozenset()
    people = _returnees_changed(session, changes) if "open_needs" in fed else []  # read before deleting
    # Newest first, as recorded; consecutive inserts into one table are deleted together
    # (one statement per chunk, not one per row: a 100,000-row batch undoes in seconds).
    for (table, action), run in groupby(changes, key=lambda c: (c.table_name, c.action)):
        if action == "insert":
            _delete_inserted(session, table, [json.loads(c.row_key) for c in run])
        else:
            for change in run:
                _undo(session, change)
    batch.rolled_back_at, batch.rolled_back_by = datetime.now(), actor
    mark_changed(session)  # first: it orders concurrent writers' summary maintenance (store.store)
    if fed:
        session.flush()
        _refresh(session, tuple(fed), districts, lambda: people)
    return len(changes)


def _returnees_changed(session: Session, changes: Sequence[ImportChange]) -> list[int]:
    """The returnees whose own rows undoing ``changes`` alters: returnees by their code, and
    the people assistance records belong to (the first part of an assistance row's key)."""
    codes = [json.loads(c.row_key)[0] for c in changes if c.table_name == Returnee.__tablename__]
    ids = [int(json.loads(c.row_key)[0]) for c in changes if c.table_name == Assistance.__tablename__]
    return ids + _ids_of_codes(session, codes)


def _districts_of(session: Session, changes: Sequence[ImportChange]) -> frozenset[str] | None:
    """The districts whose summaries undoing ``changes`` alters (where the rows are now; an
    updated row's old district is in its before-values), or None for "every district" when a
    table does not say where its rows are."""
    out: set[str] = set()
    for table, grouped in groupby(sorted(changes, key=lambda c: c.table_name), key=lambda c: c.table_name):
        run = list(grouped)
        model = BY_TABLE[table].model
        if not hasattr(model, "district_pcode"):
            return None
        out |= {str((c.before or {}).get("district_pcode")) for c in run if (c.before or {}).get("district_pcode")}
        keys = [json.loads(c.row_key) for c in run]
        for chunk in range(0, len(keys), _CHUNK):
            out |= set(session.scalars(select(model.district_pcode).where(
                _key_in(BY_TABLE[table], keys[chunk:chunk + _CHUNK])).distinct()))
    return frozenset(d for d in out if d)


def _key_in(target: Any, keys: list[list[Any]]) -> Any:
    model = target.model
    if len(target.key) == 1:
        column = target.key[0]
        return getattr(model, column).in_([_typed(model, column, key[0]) for key in keys])
    return tuple_(*(getattr(model, c) for c in target.key)).in_(
        [tuple(_typed(model, c, v) for c, v in zip(target.key, key, strict=True)) for key in keys])


def _delete_inserted(session: Session, table: str, keys: list[list[Any]]) -> None:
    target = BY_TABLE[table]
    for chunk in range(0, len(keys), _CHUNK):
        session.execute(delete(target.model).where(_key_in(target, keys[chunk:chunk + _CHUNK])),
                        execution_options={"synchronize_session": False})


def _undo(session: Session, change: ImportChange) -> None:
    target = BY_TABLE[change.table_name]
    model = target.model
    where = [getattr(model, column) == _typed(model, column, value)
             for column, value in zip(target.key, json.loads(change.row_key), strict=True)]
    if change.action == "insert":
        session.execute(delete(model).where(*where), execution_options={"synchronize_session": False})
        return
    before = dict(change.before or {})
    children = {c.frame_column: before.pop(c.frame_column, []) for c in target.children}
    ids = table_of(model).c.id
    row_id = session.scalar(select(ids).where(*where))
    if row_id is None:  # unreachable unless edited by hand: later batches are undone first
        raise RollbackRefused(message("row_gone", table=change.table_name, row=change.row_key))
    session.execute(update(model).where(ids == row_id).values(
        **{c: _typed(model, c, v) for c, v in before.items()}))
    for child in target.children:
        session.execute(delete(child.model).where(getattr(child.model, child.parent_column) == row_id))
        write_children(session, child, [row_id], [children[child.frame_column]])


def _typed(model: type[Base], column: str, value: Any) -> Any:
    """A stored text value back in its column's Python type (dates, numbers)."""
    if value is None or value == "None":
        return None
    python_type = table_of(model).c[column].type.python_type
    if python_type is datetime:
        return datetime.fromisoformat(value)
    if hasattr(python_type, "fromisoformat"):
        return python_type.fromisoformat(value)
    return python_type(value) if python_type in (int, float) else value
