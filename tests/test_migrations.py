"""Schema changes go through migrations: the migrated database matches the models exactly."""

from __future__ import annotations

from datetime import date

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from dashboard.db import Database, current_revision, head_revision
from dashboard.models import Base


def test_mg001_migrations_match_models(migrated_db: Database) -> None:
    with migrated_db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    assert current_revision(migrated_db.engine) == head_revision()


def _rollups(database: Database) -> dict[str, list[tuple[object, ...]]]:
    from sqlalchemy import select

    from dashboard.models import (
        ActionItemSummary,
        DistrictAssistanceSummary,
        DistrictAwarenessSummary,
        DistrictOpenNeedSummary,
        DistrictReturneeSummary,
        OpenNeedPlaceTotal,
        ReferralPlace,
        UpazilaReturneeSummary,
    )

    out = {}
    with database.session() as session:
        for model in (DistrictReturneeSummary, UpazilaReturneeSummary, DistrictAssistanceSummary,
                      DistrictAwarenessSummary, ReferralPlace, DistrictOpenNeedSummary, ActionItemSummary,
                      OpenNeedPlaceTotal):
            # Key sums are not the frozen SQL's: a downgrade past 0016 drops the record keys and
            # the upgrade draws new ones, and init-db rebuilds them (test_mg003).
            columns = [c for c in model.__table__.columns if c.name not in ("id", "key_sum")]
            out[model.__tablename__] = sorted((tuple(row) for row in session.execute(select(*columns))), key=repr)
    return out


def test_mg002_upgrading_a_database_with_data_fills_the_rollups_as_a_refresh_would(migrated_db: Database) -> None:
    # The rollups (0009), the referrals per place (0014), the open needs per district (0028), the
    # action items per meeting day (0031) and the open needs per place (0032):
    # each migration's own SQL is a frozen copy of a summary's definition, and must fill it as
    # the refresh does.
    from alembic import command

    from dashboard.commands import summaries
    from dashboard.db import _alembic_config, upgrade
    from dashboard.models import ActionItem
    from dashboard.models.vocabulary import ActionStatus, AssistanceOutcome, Service
    from tests import factories as f

    with migrated_db.session() as session:
        for upazila in (f.DUMURIA, f.GOLAPGANJ, f.GOLAPGANJ):
            person = f.returnee(session, upazila=upazila)
            f.need(session, person, Service.LEGAL_SUPPORT)
            f.assistance(session, person, Service.PSYCHOSOCIAL_COUNSELLING, outcome=AssistanceOutcome.RECEIVED)
        at_home = f.returnee(session, upazila=f.GOLAPGANJ, lat=24.86, lon=92.01)
        for service in (Service.LEGAL_SUPPORT, Service.SKILLS_TRAINING):  # two referrals, one place and day
            f.assistance(session, at_home, service, outcome=AssistanceOutcome.RECEIVED)
        f.awareness(session, upazila=f.GOLAPGANJ)
        committee = f.dcc(session, district=f.SYLHET, meetings=(date(2019, 3, 4), date(2019, 5, 6)))
        items = ((0, ActionStatus.OPEN, date(2019, 4, 1), None), (0, ActionStatus.OPEN, date(2019, 4, 1), None),
                 (1, ActionStatus.DONE, date(2019, 6, 1), date(2019, 5, 30)),
                 (1, ActionStatus.DONE, date(2019, 6, 1), date(2019, 6, 9)),
                 (1, ActionStatus.DONE, date(2019, 6, 1), date(2019, 6, 1)),  # on the day: on time
                 (1, ActionStatus.DROPPED, date(2019, 6, 1), None))
        for number, (meeting, status, due, done) in enumerate(items):
            session.add(ActionItem(meeting_id=committee.meetings[meeting].id, description=f"item {number}",
                                   owner="demo", due_on=due, status=status, completed_on=done))
        f.summarised(session)
        session.commit()
    built_by_refresh = _rollups(migrated_db)
    assert all(built_by_refresh.values())
    assert (f.SYLHET, f.GOLAPGANJ, 24.86, 92.01, date(2018, 7, 1), 2) in built_by_refresh["summary_referral_places"]
    config = _alembic_config()
    with migrated_db.engine.begin() as connection:  # back to before the rollups existed
        config.attributes["connection"] = connection
        command.downgrade(config, "0008")
    upgrade(migrated_db.engine)
    assert _rollups(migrated_db) == built_by_refresh
    with migrated_db.session() as session:
        summaries.refresh(session)
    assert _rollups(migrated_db) == built_by_refresh


def test_mg003_upgrading_a_database_with_returnees_gives_each_a_key_and_the_summaries_their_sums(
        migrated_db: Database) -> None:
    """Migration 0016 draws a record key for every returnee stored before it (not one key for
    all), and init-db then rebuilds the summaries so their key sums are the keys' sums."""
    from alembic import command
    from sqlalchemy import func, select

    from dashboard.db import _alembic_config, init_db
    from dashboard.models import Returnee, ReturneeSummary
    from tests import factories as f

    with migrated_db.session() as session:
        for _ in range(40):
            f.returnee(session, upazila=f.GOLAPGANJ)
    config = _alembic_config()
    with migrated_db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0015")
    init_db(migrated_db)
    with migrated_db.session() as session:
        keys = session.scalars(select(Returnee.record_key)).all()
        assert len(keys) == 40 and len(set(keys)) > 20 and all(0 <= k < 2520 for k in keys)
        assert session.scalar(select(func.sum(ReturneeSummary.key_sum))) == sum(keys)
