"""The audit trail: the database sets each event's time in UTC (no worker's clock or zone
decides), and an event from a request carries its address; one from the command line none."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Flask
from sqlalchemy import select

from dashboard.core.access import Actor, Role
from dashboard.core.audit import record
from dashboard.db import Database
from dashboard.models import AuditEvent

OFFICER = Actor("officer", Role.DISTRICT_OFFICER, frozenset({"BD6091"}))


def _utc(moment: datetime) -> datetime:
    # SQLite hands back CURRENT_TIMESTAMP without a zone; it is UTC by definition.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def test_au001_time_is_the_databases_utc_and_the_address_the_requests(empty_db: Database) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    with Flask(__name__).test_request_context("/", environ_base={"REMOTE_ADDR": "203.0.113.9"}):
        with empty_db.session() as session:
            record(session, OFFICER, "export", "map BD6091")
    with empty_db.session() as session:
        record(session, OFFICER, "import", "cli")  # no request: the command line
    after = datetime.now(UTC) + timedelta(seconds=1)
    with empty_db.session() as session:
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        assert [(e.action, e.address, e.scope) for e in events] == [("export", "203.0.113.9", "BD6091"),
                                                                     ("import", None, "BD6091")]
        for event in events:
            assert before <= _utc(event.at) <= after, event.at
