"""People who sign in, the districts they work in, their API tokens, and the audit trail."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dashboard.models.base import Base, intpk


class User(Base):
    """A person with a role. The password is stored only as a slow salted hash (scrypt)."""

    __tablename__ = "users"

    id: Mapped[intpk]
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]
    last_login_at: Mapped[datetime | None]
    # Raised by sign-out, a password change and deactivation: a session signed in under an
    # older generation is refused (a copied cookie dies with the sign-out, not at its idle limit).
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    # Where the weekly reminder of action items goes (none: no reminder), and the language it
    # is written in (en or bn); both set by headquarters with `python -m dashboard set-user`.
    email: Mapped[str | None] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(2), default="en", server_default="en")

    districts: Mapped[list[UserDistrict]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    tokens: Mapped[list[ApiToken]] = relationship(cascade="all, delete-orphan", back_populates="user")


class UserDistrict(Base):
    """A district a (non-headquarters) user works in."""

    __tablename__ = "user_districts"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    district_pcode: Mapped[str] = mapped_column(String(12), ForeignKey("admin_areas.pcode"), primary_key=True)


class ReminderSent(Base):
    """The weekly reminder sent to one user for one week (its Monday): a second run of
    ``send-reminders`` in the same week finds the row and sends nothing again."""

    __tablename__ = "reminders_sent"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    week_of: Mapped[date] = mapped_column(primary_key=True)
    sent_at: Mapped[datetime]
    items: Mapped[int]


class ApiToken(Base):
    """A bearer token for the read API, stored as its SHA-256 (the token itself is shown once)."""

    __tablename__ = "api_tokens"

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="tokens")


class AuditEvent(Base):
    """Who did what, when, seeing which part of the data: every export, every access to
    row-level data, and every change (imports, targets, DCC records)."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_at", "at"),)

    id: Mapped[intpk]
    # Set by the database (UTC), as warehouse's events are: no worker's clock or zone decides.
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    address: Mapped[str | None] = mapped_column(String(45))  # the request's; none from the CLI
    actor: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(200))
    scope: Mapped[str] = mapped_column(String(200))
    details: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    note: Mapped[str | None] = mapped_column(Text)
