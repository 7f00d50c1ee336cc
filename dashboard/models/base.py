"""Declarative base shared by every table."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Annotated, ClassVar

from sqlalchemy import CheckConstraint, Date, DateTime, Enum, ForeignKey, Integer, MetaData, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

# Stable constraint names let Alembic alter constraints on PostgreSQL and in
# SQLite batch mode alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class: enums are stored as their string values, checked by the database."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[object, object]] = {
        enum.Enum: Enum(
            enum.Enum,
            native_enum=False,
            create_constraint=True,
            length=32,
            values_callable=lambda members: [m.value for m in members],
            validate_strings=True,
        ),
        date: Date,
        datetime: DateTime(timezone=False),
        str: String(200),
    }


intpk = Annotated[int, mapped_column(Integer, primary_key=True)]
pcode = Annotated[str, mapped_column(String(12))]
district_fk = Annotated[str, mapped_column(String(12), ForeignKey("admin_areas.pcode"), index=True)]
upazila_fk = Annotated[str, mapped_column(String(12), ForeignKey("admin_areas.pcode"), index=True)]


class InUpazila:
    """Mixin for rows placed in an upazila, with the upazila's district stored beside it and
    the check that keeps the two consistent (:func:`upazila_in_district`). A table adds its
    own constraints and indexes in ``table_extras``."""

    table_extras: ClassVar[tuple[object, ...]] = ()
    district_pcode: Mapped[district_fk]
    upazila_pcode: Mapped[upazila_fk]

    @declared_attr.directive
    def __table_args__(cls) -> tuple[object, ...]:  # noqa: N805  (SQLAlchemy passes the class)
        return (upazila_in_district(), *cls.table_extras)


def upazila_in_district() -> CheckConstraint:
    """Tables store the district beside the upazila so district totals need no join at
    national scale; this check (P-codes nest by prefix) keeps the two from disagreeing."""
    return CheckConstraint("substr(upazila_pcode, 1, 6) = district_pcode", name="upazila_in_district")


def table_of(model: type[Base]) -> Table:
    """A model's table: declarative types ``__table__`` as any FROM clause, and every model here
    is mapped to a table."""
    table = model.__table__
    assert isinstance(table, Table), f"{model.__name__} is not mapped to a table"
    return table
