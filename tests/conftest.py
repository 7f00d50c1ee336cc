"""Shared fixtures: databases on SQLite and PostgreSQL, seeded demo data, app settings."""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, NoReturn

import pytest
from dash.testing.application_runners import BaseDashRunner, ThreadedRunner
from flask import g
from selenium.webdriver.chrome.options import Options
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from dashboard.config import Settings, load_settings
from dashboard.db import Database, init_db
from tests.mail import Inbox, free_port

POSTGRES_URL = os.environ.get("DASHBOARD_TEST_POSTGRES_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/test")
CHROMIUM = "/usr/bin/chromium"
if "DASH_TEST_CHROMEPATH" not in os.environ and Path(CHROMIUM).exists():
    os.environ["DASH_TEST_CHROMEPATH"] = CHROMIUM

# Flags the reference notes require for Chromium as root on a closed network.
CHROME_FLAGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-sync",
                "--disable-quic", "--window-size=1400,1000")


class BoundedThreadedRunner(ThreadedRunner):
    """dash[testing]'s threaded server with a stop that cannot hang the run.

    Upstream ``ThreadedRunner.stop`` joins the server thread with no timeout after asking
    it to exit; a thread stuck in a C call never returns from that join and the whole run
    waits until CI kills it. The server thread is a daemon, so giving up on it after a
    bounded wait only leaves a thread that dies with the process.
    """

    def stop(self) -> None:
        assert self.thread is not None
        self.thread.kill()
        self.thread.join(timeout=self.stop_timeout * 5)
        if self.thread.is_alive():
            logging.getLogger(__name__).warning("test server thread still alive after %ss; left behind",
                                                self.stop_timeout * 5)
        self._app = None
        self.started = False


# dash[testing] numbers its servers' ports from one base in every process: under pytest-xdist each
# worker (gw0, gw1...) starts from a range of its own, so two workers never bind the same port.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _WORKER.startswith("gw") and _WORKER[2:].isdigit():
    BaseDashRunner._next_port = 58050 + 1000 * int(_WORKER[2:])


@pytest.fixture
def dash_thread_server() -> Iterator[ThreadedRunner]:
    """Overrides dash[testing]'s fixture of the same name (which ``dash_duo`` uses)."""
    with BoundedThreadedRunner() as starter:
        yield starter


def pytest_setup_options() -> Options:
    """dash[testing] hook: the Chromium options every browser test starts with."""
    options = Options()
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    return options


def _postgres_unreachable(exc: OperationalError) -> NoReturn:
    """Fail the test: there is no skip path. PostgreSQL is the production database, and a
    suite that went green without it would prove nothing about production."""
    pytest.fail(f"PostgreSQL is required and not reachable at {POSTGRES_URL} ({exc.orig}). Start it "
                "(`make database`) or point DASHBOARD_TEST_POSTGRES_URL at one.", pytrace=False)


def _postgres_schema_url() -> Iterator[str]:
    """A PostgreSQL URL bound to a fresh schema, dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except OperationalError as exc:
        admin.dispose()
        _postgres_unreachable(exc)
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _database_url(backend: str, folder: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'test.db'}"
    else:
        yield from _postgres_schema_url()


BACKENDS = ["sqlite", "postgresql"]


class MigratedTemplates:
    """The database ``init_db`` builds, made once per test session and backend (on first
    use) and copied for each test that asks for an empty database.

    SQLite: the template is a file, copied to the test's own folder. PostgreSQL: the template
    is a database of its own, cloned per test with ``CREATE DATABASE ... TEMPLATE`` (a
    file-level copy on the server: tens of milliseconds) and dropped after the test.
    PostgreSQL cannot clone a schema, which is why the copies are databases, not schemas.
    """

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._sqlite: Path | None = None
        self._postgres: str | None = None
        self._admin: Engine | None = None

    def sqlite_url(self, target: Path) -> str:
        """A copy of the migrated SQLite file at ``target``."""
        if self._sqlite is None:
            template = self._folder / "template.db"
            database = Database(f"sqlite:///{template}")
            init_db(database)
            # Closing the last connection checkpoints the write-ahead log into the file and
            # deletes the log, so the file alone is the whole database; a log left behind
            # would hold part of it, and copying the file alone would lose that part.
            database.dispose()
            assert not template.with_name(template.name + "-wal").exists(), "template's WAL not checkpointed"
            self._sqlite = template
        shutil.copyfile(self._sqlite, target)
        return f"sqlite:///{target}"

    def postgres_url(self) -> Iterator[str]:
        """A URL to a fresh clone of the migrated PostgreSQL database, dropped afterwards."""
        admin = self._admin_engine()
        if self._postgres is None:
            self._postgres = self._migrated_postgres(admin)
        clone = f"t_{uuid.uuid4().hex[:10]}"
        with admin.connect() as connection:
            # The template must have no open connection: its engine was disposed after init_db.
            connection.execute(text(f'CREATE DATABASE "{clone}" TEMPLATE "{self._postgres}"'))
        try:
            yield _postgres_database_url(clone)
        finally:
            _drop_database(admin, clone)

    def close(self) -> None:
        if self._admin is not None:
            if self._postgres is not None:
                _drop_database(self._admin, self._postgres)
            self._admin.dispose()

    def _admin_engine(self) -> Engine:
        if self._admin is None:
            admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
            try:
                admin.connect().close()
            except OperationalError as exc:
                admin.dispose()
                _postgres_unreachable(exc)
            self._admin = admin
        return self._admin

    @staticmethod
    def _migrated_postgres(admin: Engine) -> str:
        name = f"t_template_{uuid.uuid4().hex[:10]}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        database = Database(_postgres_database_url(name))
        try:
            init_db(database)
        except BaseException:
            database.dispose()
            _drop_database(admin, name)
            raise
        database.dispose()
        return name


def _postgres_database_url(name: str) -> str:
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


def _drop_database(admin: Engine, name: str) -> None:
    # FORCE ends connections the test left open (an app's engine, a CLI's pool), which would
    # otherwise make the drop fail.
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def migrated_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MigratedTemplates]:
    """The session's migrated templates (see ``MigratedTemplates``), dropped at its end."""
    templates = MigratedTemplates(tmp_path_factory.mktemp("template"))
    yield templates
    templates.close()


@pytest.fixture(scope="session")
def new_sqlite(tmp_path_factory: pytest.TempPathFactory,
               migrated_templates: MigratedTemplates) -> Callable[[str], AbstractContextManager[tuple[str, Session]]]:
    """``with new_sqlite("name") as (url, session): ...``: a fresh SQLite file copied from the
    session's migrated template, with what the block writes committed; for a test's own scene
    behind an app (which opens its own connections at ``url``). One fixture for what a dozen
    test modules each wrote out: make a file, migrate it, load it, close it."""

    @contextmanager
    def make(name: str) -> Iterator[tuple[str, Session]]:
        url = migrated_templates.sqlite_url(tmp_path_factory.mktemp(name) / f"{name}.db")
        database = Database(url)
        try:
            with database.session() as session:
                yield url, session
        finally:
            database.dispose()

    return make


@pytest.fixture(params=BACKENDS)
def empty_db(request: pytest.FixtureRequest, tmp_path: Path,
             migrated_templates: MigratedTemplates) -> Iterator[Database]:
    """A migrated database with admin areas and no programme data, one per test.

    Migrating with Alembic took most of these tests' time (0.3 to 1.7 s per test and backend),
    so the migration runs once per session and backend, and each test gets a copy of its
    result: a file copy on SQLite, a clone of a template database on PostgreSQL (see
    ``MigratedTemplates``). Each test still has a real database of its own at a real URL,
    exactly as ``init_db`` leaves it.

    Not warehouse's rollback of a SAVEPOINT per test: that database lives on one connection,
    and these tests do not. They hand ``empty_db.url`` to an app or a CLI process that open
    their own engines; they and the code under test open connections and transactions on
    ``empty_db.engine``, commit, and rely on real rollbacks (an import that fails midway). A
    copy is as cheap here (milliseconds) and keeps what the tests exercise unchanged.

    Tests of the migrations themselves use ``migrated_db``, which migrates from nothing.
    """
    if request.param == "sqlite":
        database = Database(migrated_templates.sqlite_url(tmp_path / "test.db"))
        yield database
        database.dispose()
    else:
        for url in migrated_templates.postgres_url():
            database = Database(url)
            yield database
            database.dispose()


@pytest.fixture(params=BACKENDS)
def migrated_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """Like ``empty_db`` but migrated by this test's own ``init_db`` from an empty database:
    for the tests of the migrations, which must not start from a copy."""
    for url in _database_url(request.param, tmp_path / "migrated"):  # not empty_db's file
        database = Database(url)
        init_db(database)
        yield database
        database.dispose()


def _run_root(factory: pytest.TempPathFactory) -> Path:
    """The folder every process of this test run shares: under pytest-xdist the controller's base
    temporary folder (each worker's is a subfolder of it), otherwise this process's own."""
    base = factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextmanager
def _run_lock(root: Path, name: str) -> Iterator[None]:
    """Held by one process of the run at a time (the first to come seeds, the others wait and copy)."""
    with (root / f"{name}.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _demo_postgres_name(root: Path) -> str:
    """The run's seeded PostgreSQL template: named after the run's folder, so every worker (and the
    controller, which drops it when the run ends) finds the same one."""
    return "t_demo_" + hashlib.sha256(str(root).encode()).hexdigest()[:10]


class DemoTemplates:
    """The scale-1 demo data set, seeded once per test run and backend, copied for each user.

    Seeding took 4 to 10 s a time, and the run seeded it up to five times in each test process
    (``demo_db`` on both backends, the browser tests' file, the role grid on both backends):
    now the first process of the run to need it seeds a template (under a file lock every
    worker shares) and everyone gets a copy: a file copy on SQLite, ``CREATE DATABASE ...
    TEMPLATE`` on PostgreSQL. ``seed_demo`` is deterministic (a fixed random seed), so a copy
    holds exactly what a seeding of one's own would.
    """

    def __init__(self, root: Path, templates: MigratedTemplates) -> None:
        self._root = root
        self._templates = templates

    def sqlite_url(self, target: Path) -> str:
        """A copy of the seeded SQLite file at ``target``."""
        from dashboard.seed import seed_demo

        template = self._root / "demo-template.db"
        with _run_lock(self._root, "demo-sqlite"):
            if not template.exists():
                partial = self._root / "demo-template.partial.db"
                partial.unlink(missing_ok=True)
                database = Database(f"sqlite:///{partial}")
                seed_demo(database, progress=lambda _message: None)
                database.dispose()  # checkpoints the write-ahead log: the file alone is the database
                assert not partial.with_name(partial.name + "-wal").exists(), "demo template's WAL not checkpointed"
                partial.rename(template)
        shutil.copyfile(template, target)
        return f"sqlite:///{target}"

    def postgres_url(self) -> Iterator[str]:
        """A URL to a fresh clone of the seeded PostgreSQL database, dropped afterwards."""
        from dashboard.seed import seed_demo

        admin = self._templates._admin_engine()
        name = _demo_postgres_name(self._root)
        clone = f"t_{uuid.uuid4().hex[:10]}"
        with _run_lock(self._root, "demo-postgres"):
            with admin.connect() as connection:
                exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
            if exists is None:
                partial = f"{name}_partial"
                _drop_database(admin, partial)
                with admin.connect() as connection:
                    connection.execute(text(f'CREATE DATABASE "{partial}"'))
                database = Database(_postgres_database_url(partial))
                seed_demo(database, progress=lambda _message: None)
                database.dispose()  # a template must have no open connection
                with admin.connect() as connection:
                    connection.execute(text(f'ALTER DATABASE "{partial}" RENAME TO "{name}"'))
                (self._root / "demo-postgres.created").touch()
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{clone}" TEMPLATE "{name}"'))
        try:
            yield _postgres_database_url(clone)
        finally:
            _drop_database(admin, clone)

    def url(self, backend: str, folder: Path) -> Iterator[str]:
        """A fresh copy of the seeded database on ``backend`` (a file in ``folder`` on SQLite)."""
        if backend == "sqlite":
            yield self.sqlite_url(folder / "demo.db")
        else:
            yield from self.postgres_url()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """The run's controller (or the only process) drops the seeded PostgreSQL template, if one was made."""
    if os.environ.get("PYTEST_XDIST_WORKER") or not hasattr(session.config, "_tmp_path_factory"):
        return
    root = session.config._tmp_path_factory.getbasetemp()
    if not (root / "demo-postgres.created").exists():
        return
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        _drop_database(admin, _demo_postgres_name(root))
    finally:
        admin.dispose()


@pytest.fixture(scope="session")
def demo_templates(tmp_path_factory: pytest.TempPathFactory, migrated_templates: MigratedTemplates) -> DemoTemplates:
    """The run's seeded demo templates (see ``DemoTemplates``)."""
    return DemoTemplates(_run_root(tmp_path_factory), migrated_templates)


@pytest.fixture(scope="session", params=BACKENDS)
def demo_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
            demo_templates: DemoTemplates) -> Iterator[Database]:
    """The scale-1 demo data set, shared read-only by a whole test session per backend."""
    for url in demo_templates.url(request.param, tmp_path_factory.mktemp(request.param)):
        database = Database(url)
        yield database
        database.dispose()


@pytest.fixture(scope="session")
def demo_sqlite_url(tmp_path_factory: pytest.TempPathFactory, demo_templates: DemoTemplates) -> str:
    """A seeded SQLite file for browser tests (the server thread opens its own connections)."""
    from tests.known_data import add_users

    url = demo_templates.sqlite_url(tmp_path_factory.mktemp("browser") / "demo.db")
    database = Database(url)
    with database.session() as session:
        add_users(session)
    database.dispose()
    return url


@pytest.fixture
def demo_settings(demo_sqlite_url: str) -> Settings:
    """App settings pointing at the seeded SQLite file, with the app's real (in-process) cache."""
    return load_settings({}, database_url=demo_sqlite_url, cache_type="SimpleCache")


@pytest.fixture(scope="session")
def known_sqlite_url(new_sqlite: Any) -> str:
    """A SQLite file holding ``tests.known_data``: figures a browser test can count by hand."""
    from tests import known_data

    with new_sqlite("known") as (url, session):
        known_data.load(session)
    return url


@pytest.fixture
def known_settings(known_sqlite_url: str) -> Settings:
    """App settings for the hand-countable data set, with the app's real cache."""
    return load_settings({}, database_url=known_sqlite_url, cache_type="SimpleCache")


@pytest.fixture
def fresh_known_settings(known_sqlite_url: str, tmp_path: Path) -> Settings:
    """Like ``known_settings`` but on a private copy, for tests that change the data."""
    import shutil

    copy = tmp_path / "known-copy.db"
    shutil.copy(make_url(known_sqlite_url).database, copy)
    return load_settings({}, database_url=f"sqlite:///{copy}", cache_type="SimpleCache")


@pytest.fixture
def as_actor(app: Any) -> Iterator[Any]:
    """``as_actor(actor)`` starts a new request of the module's ``app`` fixture made by
    ``actor`` (each call is a new request, as each callback is); the last is ended after the test."""
    contexts: list[Any] = []

    def enter(actor: Any) -> None:
        if contexts:
            contexts.pop().pop()
        context = app.server.test_request_context()
        context.push()
        contexts.append(context)
        g.actor = actor

    yield enter
    for context in contexts:
        context.pop()


@pytest.fixture
def full_cell_app(fresh_known_settings: Settings) -> Any:
    """The app on the hand-countable data plus five EU women in one ~2 km grid cell of
    Golapganj: a cell a role allowed points may see (it holds as many people as the threshold),
    so a role refused cells is refused them for its role, not because every cell is too small."""
    from dashboard.app import create_app
    from dashboard.models.vocabulary import ReturnGroup, Sex
    from tests import factories as f

    database = Database(fresh_known_settings.database_url)
    with database.session() as session:
        for _ in range(5):
            f.returnee(session, upazila=f.GOLAPGANJ, sex=Sex.FEMALE, return_group=ReturnGroup.EU,
                       country_code="IT", lat=24.95, lon=92.05)
    database.dispose()
    return create_app(fresh_known_settings)


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    """A real SMTP server on loopback for one test: what it received, and its port."""
    from aiosmtpd.controller import Controller

    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()
