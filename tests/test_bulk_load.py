"""The seeder's bulk load defers a large table's indexes (and on PostgreSQL its foreign keys;
issue 33): the rows, indexes and constraints afterwards are those of a load that kept them, and a
row that breaks a deferred foreign key still fails the load."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import (
    Column,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    create_engine,
    text,
)
from sqlalchemy.exc import IntegrityError

from dashboard.seed import bulk
from tests.conftest import _postgres_schema_url


def _load(path: Path, rows: pd.DataFrame) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    engine = create_engine(f"sqlite:///{path}")
    table = Table("things", MetaData(), Column("id", Integer, primary_key=True), Column("code", String),
                  Column("place", String), UniqueConstraint("code"))
    table.metadata.create_all(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE INDEX ix_things_place ON things (place)")
        connection.exec_driver_sql("CREATE INDEX ix_things_place_code ON things (place, code DESC)")
        bulk.bulk_insert(connection, table, rows)
    engine.dispose()
    with sqlite3.connect(path) as db:
        data = db.execute("SELECT * FROM things ORDER BY rowid").fetchall()
        indexes = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").fetchall()
        # The rebuilt index answers: a look-up by place uses it and finds the rows.
        assert db.execute("SELECT COUNT(*) FROM things INDEXED BY ix_things_place WHERE place = 'b'").fetchone()[0] \
            == int((rows["place"] == "b").sum())
    return data, indexes


def _things(places: list[str] | None = None) -> pd.DataFrame:
    """300 rows for ``things``, at places a, b, c in turn unless ``places`` are given."""
    return pd.DataFrame({"id": range(1, 301), "code": [f"c{i:03d}" for i in range(300)],
                         "place": places or ["a", "b", "c"] * 100})


def _watch(monkeypatch: pytest.MonkeyPatch, name: str) -> list[str]:
    """Defer from 100 rows, and collect the statements ``bulk.<name>`` returns to put back."""
    collected: list[str] = []
    real = getattr(bulk, name)

    def watched(connection: object, table: str) -> list[str]:
        statements = real(connection, table)
        collected.extend(statements)
        return list(statements)

    monkeypatch.setattr(bulk, "DEFER_INDEXES_ROWS", 100)
    monkeypatch.setattr(bulk, name, watched)
    return collected


def test_bl001_a_large_load_defers_its_indexes_and_ends_as_a_plain_one(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    rows = _things()
    monkeypatch.setattr(bulk, "DEFER_INDEXES_ROWS", 10**9)
    kept = _load(tmp_path / "kept.db", rows)
    dropped = _watch(monkeypatch, "_drop_indexes")
    deferred = _load(tmp_path / "deferred.db", rows)
    assert len(dropped) == 2  # the two created indexes; the unique constraint's stays
    assert deferred == kept


@pytest.fixture
def postgres_schema_url() -> Iterator[str]:
    yield from _postgres_schema_url()


def _postgres_load(url: str, rows: pd.DataFrame) -> dict[str, list[tuple[object, ...]]]:
    """Load ``rows`` into a fresh ``things`` table (indexed, with a foreign key to ``places``)
    and return what the server then holds: rows, index definitions, constraint definitions."""
    engine = create_engine(url)
    metadata = MetaData()
    Table("places", metadata, Column("code", String, primary_key=True))
    table = Table("things", metadata, Column("id", Integer, primary_key=True), Column("code", String),
                  Column("place", String, ForeignKey("places.code", name="fk_things_place")),
                  UniqueConstraint("code", name="uq_things_code"))
    with engine.begin() as connection:
        metadata.drop_all(connection)
        metadata.create_all(connection)
        connection.execute(text("INSERT INTO places VALUES ('a'), ('b'), ('c')"))
        connection.exec_driver_sql("CREATE INDEX ix_things_place ON things (place)")
        connection.exec_driver_sql("CREATE INDEX ix_things_place_code ON things (place, code DESC)")
    try:
        with engine.begin() as connection:
            bulk.bulk_insert(connection, table, rows)
        with engine.connect() as connection:
            return {
                "rows": [tuple(r) for r in connection.execute(text("SELECT * FROM things ORDER BY id"))],
                "indexes": [tuple(r) for r in connection.execute(text(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'things' "
                    "AND schemaname = current_schema() ORDER BY indexname"))],
                "constraints": [tuple(r) for r in connection.execute(text(
                    "SELECT conname, pg_get_constraintdef(oid), convalidated FROM pg_constraint "
                    "WHERE conrelid = 'things'::regclass ORDER BY conname"))],
                # The rebuilt index answers a look-up by place.
                "by_place": [tuple(r) for r in connection.execute(text(
                    "SELECT COUNT(*) FROM things WHERE place = 'b'"))],
            }
    finally:
        engine.dispose()


def test_bl002_postgres_defers_indexes_and_foreign_keys_and_ends_as_a_plain_load(
        postgres_schema_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = _things()
    monkeypatch.setattr(bulk, "DEFER_INDEXES_ROWS", 10**9)
    kept = _postgres_load(postgres_schema_url, rows)
    deferred_statements = _watch(monkeypatch, "_drop_postgres_indexes_and_foreign_keys")
    deferred = _postgres_load(postgres_schema_url, rows)
    # Two indexes and the foreign key were deferred; the primary key and unique constraint stayed.
    assert len(deferred_statements) == 3
    assert sum("FOREIGN KEY" in s for s in deferred_statements) == 1
    assert deferred == kept
    assert deferred["by_place"] == [(100,)]
    assert ("fk_things_place", "FOREIGN KEY (place) REFERENCES places(code)", True) in deferred["constraints"]


def test_bl003_a_row_breaking_a_deferred_foreign_key_fails_the_whole_load(
        postgres_schema_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = _things(["a", "b", "c"] * 99 + ["a", "b", "nowhere"])
    monkeypatch.setattr(bulk, "DEFER_INDEXES_ROWS", 100)
    with pytest.raises(IntegrityError, match="fk_things_place"):
        _postgres_load(postgres_schema_url, rows)
    engine = create_engine(postgres_schema_url)
    with engine.connect() as connection:
        # Nothing landed, and the table still has its indexes and its foreign key.
        assert connection.execute(text("SELECT COUNT(*) FROM things")).scalar_one() == 0
        assert connection.execute(text(
            "SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'things' AND schemaname = current_schema()"
        )).scalar_one() == 4
        assert connection.execute(text(
            "SELECT COUNT(*) FROM pg_constraint WHERE conrelid = 'things'::regclass AND contype = 'f'"
        )).scalar_one() == 1
    engine.dispose()
