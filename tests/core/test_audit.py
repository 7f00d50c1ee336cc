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


def test_ae001_time_is_the_databases_utc_and_the_address_the_requests(empty_db: Database) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    with (Flask(__name__).test_request_context("/", environ_base={"REMOTE_ADDR": "203.0.113.9"}),
          empty_db.session() as session):
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


def test_ae002_every_account_change_is_recorded(empty_db: Database) -> None:
    from dashboard.commands.accounts import create_token, create_user, revoke_tokens, set_active, set_password

    with empty_db.session() as session:
        create_user(session, "rahima", "district_officer", ["BD6091"], "a long enough password")
        set_password(session, "rahima", "another long password")
        create_token(session, "rahima", "kobo")
        revoke_tokens(session, "rahima")
        set_active(session, "rahima", False)
    with empty_db.session() as session:
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        assert [(e.action, e.target, e.actor) for e in events] == [
            ("create_user", "rahima", "operator"), ("set_password", "rahima", "operator"),
            ("create_token", "rahima", "operator"), ("revoke_tokens", "rahima", "operator"),
            ("deactivate_user", "rahima", "operator")]
        # Whether an address was given, never the address itself.
        assert events[0].details == {"role": "district_officer", "districts": ["BD6091"], "email": False,
                                     "language": "en"}
        assert events[3].details == {"revoked": 1}
