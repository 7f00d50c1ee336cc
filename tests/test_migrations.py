"""Schema changes go through migrations: the migrated database matches the models exactly."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from dashboard.db import Database, current_revision, head_revision
from dashboard.models import Base


def test_mg001_migrations_match_models(empty_db: Database) -> None:
    with empty_db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    assert current_revision(empty_db.engine) == head_revision()
