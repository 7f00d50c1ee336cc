"""District Coordination Committees, their meetings and decisions, and targets."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dashboard.models.base import Base, district_fk, intpk
from dashboard.models.vocabulary import ActionStatus


class Dcc(Base):
    """A District Coordination Committee (one per district at most)."""

    __tablename__ = "dccs"

    id: Mapped[intpk]
    district_pcode: Mapped[district_fk] = mapped_column(unique=True)
    formed_on: Mapped[date]

    meetings: Mapped[list[DccMeeting]] = relationship(back_populates="dcc", cascade="all, delete-orphan")


class DccMeeting(Base):
    """A DCC meeting with its agenda."""

    __tablename__ = "dcc_meetings"
    # A committee's meetings in a period, from the index alone: counting meetings per
    # district walked every meeting in the period once per committee on SQLite.
    __table_args__ = (Index("ix_dcc_meetings_dcc_held", "dcc_id", "held_on"),)

    id: Mapped[intpk]
    dcc_id: Mapped[int] = mapped_column(ForeignKey("dccs.id", ondelete="CASCADE"))
    held_on: Mapped[date] = mapped_column(index=True)
    agenda: Mapped[str] = mapped_column(Text)

    dcc: Mapped[Dcc] = relationship(back_populates="meetings")
    attendance: Mapped[list[MeetingAttendance]] = relationship(cascade="all, delete-orphan")
    decisions: Mapped[list[MeetingDecision]] = relationship(cascade="all, delete-orphan")
    action_items: Mapped[list[ActionItem]] = relationship(cascade="all, delete-orphan")


class MeetingAttendance(Base):
    """How many people a department sent to a meeting."""

    __tablename__ = "meeting_attendance"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("dcc_meetings.id", ondelete="CASCADE"), primary_key=True)
    department: Mapped[str] = mapped_column(String(80), primary_key=True)
    attendees: Mapped[int]


class MeetingDecision(Base):
    """A decision recorded in the minutes."""

    __tablename__ = "meeting_decisions"

    id: Mapped[intpk]
    meeting_id: Mapped[int] = mapped_column(ForeignKey("dcc_meetings.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)


class ActionItem(Base):
    """A follow-up agreed at a meeting, owned by one department."""

    __tablename__ = "action_items"

    id: Mapped[intpk]
    meeting_id: Mapped[int] = mapped_column(ForeignKey("dcc_meetings.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(80))
    due_on: Mapped[date]
    status: Mapped[ActionStatus]
    completed_on: Mapped[date | None]
    # Optional: the upazila the item is about, so the map can show it there too. Indexed: the
    # map's DCC layer looks for linked items on every district drawing, and without the index
    # it read all 120,000 items of the scale-1000 data to find them (12 ms each time).
    upazila_pcode: Mapped[str | None] = mapped_column(String(12), ForeignKey("admin_areas.pcode"), index=True)


class Target(Base):
    """A target value for one indicator, nationally (``area_pcode`` "BD") or per district, to be
    reached during one programme year (due at the year's end, or the programme's for 2020).
    The programme's target for an area is the sum of its years."""

    __tablename__ = "targets"
    __table_args__ = (UniqueConstraint("indicator", "area_pcode", "due_on", name="indicator_area_due"),)

    id: Mapped[intpk]
    indicator: Mapped[str] = mapped_column(String(40))
    area_pcode: Mapped[str] = mapped_column(String(12), index=True)
    value: Mapped[int]
    due_on: Mapped[date]
