"""Recomputing stored reintegration scores when the declared indicators or weights change."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from dashboard.commands import summaries
from dashboard.core import outcomes
from dashboard.core.data_version import mark_changed
from dashboard.models import Followup

CHUNK = 5000


@dataclass(frozen=True)
class Rescored:
    """What a rescore did: surveys read, surveys whose scores were stale (another fingerprint),
    and answers the new scheme no longer declares or no longer allows (left unscored)."""

    surveys: int
    stale: int
    unscorable: int


def rescore(session: Session, scheme: outcomes.Scheme, everything: bool = False) -> Rescored:
    """Recompute the scores of every survey scored with another scheme (``everything``: of
    every survey) from its stored answers, in the open transaction. Answers the scheme no longer
    declares are ignored, and an answer outside its new range leaves that survey unscored, so a
    replaced file never fails half-way."""
    surveys = session.scalar(select(func.count()).select_from(Followup)) or 0
    stale_rows = select(Followup.id, Followup.answers).order_by(Followup.id)
    if not everything:
        stale_rows = stale_rows.where(Followup.scored_with != scheme.fingerprint)
    stale = unscorable = 0
    last = 0
    while True:
        rows = session.execute(stale_rows.where(Followup.id > last).limit(CHUNK)).all()
        if not rows:
            break
        changes = []
        for row_id, answers in rows:
            kept = {k: v for k, v in (answers or {}).items() if k in scheme.keys}
            try:
                scores = outcomes.score(kept, scheme).as_dict()
            except ValueError:
                scores = dict.fromkeys(("economic", "social", "psychosocial", "composite"))
                unscorable += 1
            changes.append({"id": row_id, **scores, "scored_with": scheme.fingerprint})
        session.execute(update(Followup), changes)
        stale += len(rows)
        last = rows[-1][0]
    if stale:
        session.flush()
        summaries.refresh(session, summaries.FED_BY["followups"])  # the map and cohorts read the summary
        mark_changed(session)
    return Rescored(surveys, stale, unscorable)
