"""Adding newly written returnees to the summaries, rather than rebuilding their districts.

A 100,000-row import into four large districts spent 54 of its 126 s (scale 1000, PostgreSQL)
rebuilding those districts' summaries from their 594,000 people. The summaries are sums over
people, so a person new to the database (no assistance, no follow-up yet) adds exactly their
own rows' sums: those rows are computed from the raw tables with the same query as a rebuild,
restricted to the new people, and merged into the summary cells they fall in. Only the cells
the new people touch are rewritten; every cell stays one row, as a rebuild leaves it.

No library merges grouped sums into an existing table on both SQLite and PostgreSQL (an
upsert would need a unique key, and the summaries' dimensions hold NULLs), hence this module.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Enum,
    Integer,
    MetaData,
    String,
    Table,
    delete,
    exists,
    func,
    insert,
    select,
    text,
    tuple_,
    union_all,
)
from sqlalchemy.orm import Session

from dashboard.commands import rollups, summaries
from dashboard.commands.upsert import insert_many
from dashboard.models import Assistance, Followup
from dashboard.queries.grouping import AnySelect


def add_new_returnees(session: Session, returnee_ids: Sequence[int]) -> bool:
    """Add these returnees, just inserted, to the returnee summary, its rollups and the open
    needs, inside the open transaction. Returns False, changing nothing, if any of them already
    has assistance or a follow-up (then they are not new to the other summaries either, and
    the caller rebuilds their districts)."""
    connection = session.connection()
    people = _temporary(connection, "people", [Column("id", Integer, primary_key=True)])
    try:
        insert_many(session, people, [{"id": int(i)} for i in returnee_ids])
        chosen = select(people.c.id)
        if connection.scalar(select(exists().where(Assistance.returnee_id.in_(chosen)))) or \
                connection.scalar(select(exists().where(Followup.returnee_id.in_(chosen)))):
            return False
        model, dimensions, measures, rows = summaries.returnee_rows_of(chosen)
        added = _materialised(connection, model, (*dimensions, *measures), rows)
        try:
            _merge(connection, model, dimensions, measures, select(*(added.c[c] for c in (*dimensions, *measures))))
            for name, (rollup, rolled_dimensions, rolled_measures) in rollups.rollups_of("returnees").items():
                # A rollup's dimensions from the new rows (the all-time totals' months reduced).
                dims = rollups.rolled_dimensions(name, added.c)
                _merge(connection, rollup, rolled_dimensions, rolled_measures,
                       select(*dims, *(func.sum(added.c[m]).label(m) for m in rolled_measures))
                       .group_by(*(d.element for d in dims)))
        finally:
            added.drop(connection)
        summaries.refresh_open_needs(connection, [int(i) for i in returnee_ids])
        return True
    finally:
        people.drop(connection)


def _merge(connection: Connection, model: type[Any], dimensions: Sequence[str], measures: Sequence[str],
           additions: AnySelect) -> None:
    """Add the rows ``additions`` selects (``dimensions`` then ``measures``) to ``model``'s cells.

    The cells touched are found by the dimensions that never hold NULL (equality, which both
    databases can hash and index); within them, the stored rows and the additions are grouped
    by every dimension (where NULL groups with NULL) and written back, one row per cell."""
    table = model.__table__
    columns = (*dimensions, *measures)
    added = _materialised(connection, model, columns, additions)
    keys = [d for d in dimensions if not table.c[d].nullable]
    assert keys, f"{table.name}: no dimension without NULLs to find the cells by"
    merged = None
    try:
        stored = tuple_(*(table.c[k] for k in keys)).in_(select(*(added.c[k] for k in keys)))
        both = union_all(select(*(table.c[c] for c in columns)).where(stored),
                         select(*(added.c[c] for c in columns))).subquery()
        dims = [both.c[d] for d in dimensions]
        merged = _materialised(connection, model, columns,
                               select(*dims, *(func.sum(both.c[m]).label(m) for m in measures)).group_by(*dims))
        connection.execute(delete(table).where(stored))
        connection.execute(insert(table).from_select(list(columns), select(*(merged.c[c] for c in columns))))
    finally:
        added.drop(connection)
        if merged is not None:
            merged.drop(connection)


def _materialised(connection: Connection, model: type[Any], columns: Sequence[str], rows: AnySelect) -> Table:
    """A temporary table with ``model``'s ``columns``, holding ``rows``; the planner is told
    its size on PostgreSQL (a temporary table has no statistics until analysed)."""
    # Enums as plain text: the rows come from and go back to checked columns, and an Enum type
    # would give the temporary table constraints of its own.
    types = {c: model.__table__.c[c].type for c in columns}
    table = _temporary(connection, model.__tablename__,
                       [Column(c, String(t.length) if isinstance(t, Enum) else t.copy()) for c, t in types.items()])
    connection.execute(insert(table).from_select(list(columns), rows))
    if connection.dialect.name == "postgresql":
        connection.execute(text(f'ANALYZE "{table.name}"'))
    return table


def _temporary(connection: Connection, name: str, columns: list[Column[Any]]) -> Table:
    """A new temporary table (private to this connection), created; the caller drops it."""
    table = Table(f"tmp_{name}_{uuid.uuid4().hex[:8]}", MetaData(), *columns, prefixes=["TEMPORARY"])
    table.create(connection)
    return table
