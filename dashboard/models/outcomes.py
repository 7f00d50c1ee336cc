"""Follow-up surveys of returnees (reintegration outcomes) and their scores."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, CheckConstraint, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from dashboard.models.base import Base, intpk


class Followup(Base):
    """One follow-up survey of one returnee in one round (months after return: 0 is the
    baseline). The coded answers are kept as given; the scores are computed from them by
    ``dashboard.core.outcomes.score`` and stored so views need not recompute them."""

    __tablename__ = "followups"
    __table_args__ = (
        UniqueConstraint("returnee_id", "round_months", name="uq_followups_returnee_round"),
        CheckConstraint("round_months BETWEEN 0 AND 120", name="round_in_range"),
        *(CheckConstraint(f"{d} IS NULL OR ({d} BETWEEN 0 AND 1)", name=f"{d}_0_to_1")
          for d in ("economic", "social", "psychosocial", "composite")),
        # Scores of one round for every returnee of an area: the map's and the cohort's reads.
        Index("ix_followups_round_returnee", "round_months", "returnee_id"),
    )

    id: Mapped[intpk]
    returnee_id: Mapped[int] = mapped_column(ForeignKey("returnees.id", ondelete="CASCADE"))
    round_months: Mapped[int] = mapped_column(Integer)
    surveyed_on: Mapped[date]
    # indicator key -> coded answer (keys declared in dashboard/core/outcomes/indicators.csv)
    answers: Mapped[dict[str, int]] = mapped_column(JSON)
    economic: Mapped[float | None] = mapped_column(Float)
    social: Mapped[float | None] = mapped_column(Float)
    psychosocial: Mapped[float | None] = mapped_column(Float)
    composite: Mapped[float | None] = mapped_column(Float)
    # Fingerprint of the indicator and weight files the scores were computed with.
    scored_with: Mapped[str] = mapped_column(String(16))
