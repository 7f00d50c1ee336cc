"""The audit trail: one row per export, access to row-level data, or change."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request
from sqlalchemy.orm import Session

from dashboard.core.access import Actor
from dashboard.models import AuditEvent


def record(session: Session, actor: Actor, action: str, target: str, details: dict[str, Any] | None = None,
           note: str | None = None) -> None:
    """Write one event in the caller's transaction (it commits or rolls back with the work it
    records). The database sets its time (UTC); the address is the request's, none from the
    command line."""
    scope = "all districts" if actor.scope.is_national else ",".join(sorted(actor.scope.districts or ()))
    address = request.remote_addr if has_request_context() else None
    session.add(AuditEvent(address=address, actor=actor.name, role=actor.role.value, action=action,
                           target=target[:200], scope=scope[:200], details=details or {}, note=note))
