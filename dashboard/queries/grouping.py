"""Figures per area: one statement's labelled sums, grouped by district, upazila or not at all.

Shared by the raw-table indicator queries and their fast path over the summary tables, so
both return the same shape: ``{area P-code or ALL: {figure name: whole number}}``.
"""

from __future__ import annotations

from typing import Any, TypeAlias

from sqlalchemy import Select, literal
from sqlalchemy.orm import InstrumentedAttribute, Session

from geodata import Level

ALL = "*"  # the area key when nothing is grouped
Figures = dict[str, dict[str, int]]
# A SELECT of any columns: SQLAlchemy 2.1 types a Select by its columns' types (Select[int, str]),
# so Select[Any] would mean a single column.
AnySelect: TypeAlias = Select[*tuple[Any, ...]]


def grouped(stmt: AnySelect, by: Level | None, district: InstrumentedAttribute[str],
            upazila: InstrumentedAttribute[str] | None) -> AnySelect:
    """``stmt`` with the area as a column named "area" (and grouped by it), or ALL for no grouping."""
    if by is None:
        return stmt.add_columns(literal(ALL).label("area"))
    column = district if by == Level.DISTRICT or upazila is None else upazila
    return stmt.add_columns(column.label("area")).group_by(column)


def figure_rows(session: Session, stmt: AnySelect) -> Figures:
    """Run a :func:`grouped` statement: its labelled columns per area, as whole numbers."""
    out: Figures = {}
    for row in session.execute(stmt):
        values = dict(row._mapping)
        area = str(values.pop("area"))
        out[area] = {k: int(v or 0) for k, v in values.items()}
    return out
