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


def _rollups(database: Database) -> dict[str, list[tuple[object, ...]]]:
    from sqlalchemy import select

    from dashboard.models import (
        DistrictAssistanceSummary,
        DistrictAwarenessSummary,
        DistrictReturneeSummary,
        UpazilaReturneeSummary,
    )

    out = {}
    with database.session() as session:
        for model in (DistrictReturneeSummary, UpazilaReturneeSummary, DistrictAssistanceSummary,
                      DistrictAwarenessSummary):
            columns = [c for c in model.__table__.columns if c.name != "id"]
            out[model.__tablename__] = sorted(tuple(row) for row in session.execute(select(*columns)))
    return out


def test_mg002_upgrading_a_database_with_data_fills_the_rollups_as_a_refresh_would(empty_db: Database) -> None:
    from alembic import command

    from dashboard import summaries
    from dashboard.db import _alembic_config, upgrade
    from dashboard.models.vocabulary import AssistanceOutcome, Service
    from tests import factories as f

    with empty_db.session() as session:
        for upazila in (f.DUMURIA, f.GOLAPGANJ, f.GOLAPGANJ):
            person = f.returnee(session, upazila=upazila)
            f.need(session, person, Service.LEGAL_SUPPORT)
            f.assistance(session, person, Service.PSYCHOSOCIAL_COUNSELLING, outcome=AssistanceOutcome.RECEIVED)
        f.awareness(session, upazila=f.GOLAPGANJ)
    built_by_refresh = _rollups(empty_db)
    assert all(built_by_refresh.values())
    config = _alembic_config()
    with empty_db.engine.begin() as connection:  # back to before the rollups existed
        config.attributes["connection"] = connection
        command.downgrade(config, "0008")
    upgrade(empty_db.engine)
    assert _rollups(empty_db) == built_by_refresh
    with empty_db.session() as session:
        summaries.refresh(session)
    assert _rollups(empty_db) == built_by_refresh
