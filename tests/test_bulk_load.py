"""The seeder's bulk load on SQLite defers a large table's indexes (issue 33): the rows and the
indexes afterwards are those of a load that kept them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, UniqueConstraint, create_engine

from dashboard.seed import bulk


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


def test_bl001_a_large_load_defers_its_indexes_and_ends_as_a_plain_one(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    rows = pd.DataFrame({"id": range(1, 301), "code": [f"c{i:03d}" for i in range(300)],
                         "place": ["a", "b", "c"] * 100})
    monkeypatch.setattr(bulk, "DEFER_INDEXES_ROWS", 10**9)
    kept = _load(tmp_path / "kept.db", rows)
    dropped: list[str] = []
    real = bulk._drop_indexes

    def watched(connection: object, table: str) -> list[str]:
        statements = real(connection, table)  # type: ignore[arg-type]
        dropped.extend(statements)
        return statements

    monkeypatch.setattr(bulk, "DEFER_INDEXES_ROWS", 100)
    monkeypatch.setattr(bulk, "_drop_indexes", watched)
    deferred = _load(tmp_path / "deferred.db", rows)
    assert len(dropped) == 2  # the two created indexes; the unique constraint's stays
    assert deferred == kept
