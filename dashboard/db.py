"""Engine, sessions, migrations and the reference data every database needs."""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, func, insert, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from dashboard.models import AdminAreaRow
from geodata import admin_areas

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys on and a folder to live in."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # SQLite ignores foreign keys unless asked, per connection.
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL lets the app read while an import or the seeder writes.
    cursor.execute("PRAGMA journal_mode=WAL")
    try:
        cursor.execute("SELECT floor(1.5)")
    except sqlite3.OperationalError:
        # SQLite builds without its math functions lack floor(), which the points grid uses.
        dbapi_connection.create_function("floor", 1, math.floor, deterministic=True)
    cursor.close()


class Database:
    """An engine and its session factory, created once per app or CLI run."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed on success and rolled back on error."""
        with self._sessions() as session:
            try:
                yield session
                session.commit()
            except Exception:
                session.rollback()
                raise

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to ``revision`` on ``engine``."""
    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None before the first migration."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """The newest revision shipped with the code."""
    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def load_admin_areas(session: Session) -> int:
    """Insert the shipped divisions, districts and upazilas if missing; returns rows added."""
    present = set(session.scalars(select(AdminAreaRow.pcode)))
    rows = [
        {
            "pcode": area.pcode,
            "level": int(area.level),
            "parent_pcode": area.parent_pcode,
            "name_en": area.name_en,
            "name_bn": area.name_bn,
            "area_sqkm": area.area_sqkm,
            "center_lat": area.center_lat,
            "center_lon": area.center_lon,
        }
        for area in admin_areas().values()  # parents come before children
        if area.pcode not in present
    ]
    if rows:
        session.execute(insert(AdminAreaRow), rows)
    return len(rows)


def init_db(database: Database) -> int:
    """Migrate to the newest schema and load reference areas; returns areas added."""
    upgrade(database.engine)
    with database.session() as session:
        added = load_admin_areas(session)
        _fill_new_summaries(session)
        return added


def _fill_new_summaries(session: Session) -> None:
    """Build the summary tables once for data stored before they existed (writes keep them
    current from then on). Done here, not in the migration, because it uses today's models."""
    from dashboard.commands import summaries
    from dashboard.models import Returnee, ReturneeNeed, ReturneeSummary

    def present(column: Any) -> bool:
        return session.scalar(select(column).limit(1)) is not None

    if not present(Returnee.id):
        return
    # Never built, or built before a measure was added (migration 0006's needs, 0016's key
    # sums: all zero until rebuilt; a real key sum of zero has odds of 1 in 2520 per returnee).
    stale = (present(ReturneeNeed.returnee_id) and not session.scalar(select(func.sum(ReturneeSummary.needs)))) \
        or not session.scalar(select(func.sum(ReturneeSummary.key_sum)))
    if not present(ReturneeSummary.id) or stale:
        summaries.refresh(session)


def admin_area_count(session: Session) -> int:
    """How many admin areas are loaded (a cheap liveness probe)."""
    return session.scalar(select(func.count()).select_from(AdminAreaRow)) or 0
