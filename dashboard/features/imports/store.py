"""Storing validated import rows, as one batch that can be undone exactly.

Each kind turns its validated frame into rows of its tables (``_records``) and
upserts them by natural key (``commands.upsert``). Rows that need the database
to check (an assistance row's returnee, an action item's meeting) are rejected
here, with the same row numbers as the validator's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from dashboard.commands import summaries
from dashboard.commands.summary_additions import add_new_returnees
from dashboard.commands.upsert import Child, Counts, Target, upsert
from dashboard.core import outcomes
from dashboard.core.data_version import mark_changed
from dashboard.features.imports.messages import Message, message
from dashboard.features.imports.reach import (
    _CHUNK,
    Reach,
    in_reach,
)
from dashboard.models import (
    ActionItem,
    Assistance,
    AwarenessActivity,
    Dcc,
    DccMeeting,
    Followup,
    HotlineCall,
    ImportBatch,
    MeetingAttendance,
    MeetingDecision,
    MigrationFair,
    Provider,
    ProviderService,
    Returnee,
    ReturneeNeed,
    ReturneeVulnerability,
)
from dashboard.models import (
    Target as TargetRow,
)


@dataclass
class Stored:
    """What storing did, and rows the database check rejected (1-based row, field, value, reason)."""

    counts: Counts = field(default_factory=Counts)
    rejected: list[tuple[int, str, str, Message]] = field(default_factory=list)


def _lat_lon(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    gps = frame["gps"]
    return (gps.map(lambda g: g[0] if isinstance(g, tuple) else None),
            gps.map(lambda g: g[1] if isinstance(g, tuple) else None))


def _returnees(_session: Session, frame: pd.DataFrame, _allowed: frozenset[str] | None,
               stored: Stored) -> pd.DataFrame:
    lat, lon = _lat_lon(frame)
    records = pd.DataFrame({
        "code": frame["returnee_code"], "sex": frame["sex"], "age_band": frame["age_band"],
        "return_date": frame["return_date"], "country_code": frame["country_returned_from"],
        "return_group": frame["return_group"], "district_pcode": frame["district"],
        "upazila_pcode": frame["upazila"], "lat": lat, "lon": lon, "profiled_on": frame["profiled_on"],
        "plan_date": frame["plan_date"], "status": frame["status"], "notes": frame["notes"],
        "needs": frame["services_needed"], "flags": frame["vulnerabilities"]})
    return records


def _ids_by(session: Session, column: Any, values: list[Any], *extra: Any) -> dict[Any, int]:
    owner = column.class_
    found: dict[Any, int] = {}
    for start in range(0, len(values), 5000):
        stmt = select(column, owner.id).where(column.in_(values[start:start + 5000]), *extra)
        found.update(dict(session.execute(stmt).all()))
    return found


def _assistance(session: Session, frame: pd.DataFrame, _allowed: frozenset[str] | None,
                stored: Stored) -> pd.DataFrame:
    # Whose returnees these rows may attach to was decided by ``in_reach`` before this
    # runs: only parents in the importer's districts are left in ``frame``.
    ids = _ids_by(session, Returnee.code, sorted(set(frame["returnee_code"])))
    known = frame["returnee_code"].map(ids)
    for position in frame.index[known.isna()]:
        stored.rejected.append((int(position) + 1, "returnee_code", str(frame.at[position, "returnee_code"]),
                                message("returnee_not_in_reach")))
    ok = known.notna()
    records = pd.DataFrame({"returnee_id": known[ok].astype(int), "service": frame.loc[ok, "service"],
                            "referred_on": frame.loc[ok, "referred_on"], "outcome": frame.loc[ok, "outcome"],
                            "completed_on": frame.loc[ok, "completed_on"]})
    return records


def _providers(_session: Session, frame: pd.DataFrame, _allowed: frozenset[str] | None,
               stored: Stored) -> pd.DataFrame:
    lat, lon = _lat_lon(frame)
    records = pd.DataFrame({
        "name": frame["name"], "organisation": frame["organisation"], "provider_type": frame["provider_type"],
        "district_pcode": frame["district"], "upazila_pcode": frame["upazila"], "lat": lat, "lon": lon,
        "contact_phone": frame["contact_phone"], "capacity_per_month": frame["capacity_per_month"],
        "services": frame["services"]})
    missing = records["lat"].isna()
    for position in frame.index[missing]:
        stored.rejected.append((int(position) + 1, "gps", "", message("provider_needs_location")))
    return records[~missing]


def _fairs(_session: Session, frame: pd.DataFrame, _allowed: frozenset[str] | None,
           stored: Stored) -> pd.DataFrame:
    lat, lon = _lat_lon(frame)
    records = pd.DataFrame({"held_on": frame["held_on"], "district_pcode": frame["district"],
                            "upazila_pcode": frame["upazila"], "venue": frame["venue"], "lat": lat, "lon": lon,
                            "visitors": frame["visitors"], "referrals_made": frame["referrals_made"]})
    missing = records["lat"].isna()
    for position in frame.index[missing]:
        stored.rejected.append((int(position) + 1, "gps", "", message("fair_needs_location")))
    return records[~missing]


def _committee_ids(session: Session, districts: list[str], first_meetings: dict[str, Any]) -> dict[str, int]:
    """DCC ids by district; a district without one gets one formed on its first imported meeting."""
    ids = _ids_by(session, Dcc.district_pcode, districts)
    for district in sorted(set(districts) - set(ids)):
        committee = Dcc(district_pcode=district, formed_on=first_meetings[district])
        session.add(committee)
        session.flush()
        ids[district] = committee.id
    return ids


def _decisions(text: object) -> tuple[str, ...]:
    """A meeting's decisions, written separated by "|". A blank cell may arrive as None or NaN
    (a column blank in every row is parsed as all-missing floats), and means no decisions."""
    return tuple(d.strip() for d in text.split("|") if d.strip()) if isinstance(text, str) else ()


def _dcc_meetings(session: Session, frame: pd.DataFrame, _allowed: frozenset[str] | None,
                  stored: Stored) -> pd.DataFrame:
    first = {str(district): day for district, day in frame.groupby("district")["held_on"].min().items()}
    committees = _committee_ids(session, sorted(first), first)
    records = pd.DataFrame({"dcc_id": frame["district"].map(committees), "held_on": frame["held_on"],
                            "agenda": frame["agenda"], "departments": frame["departments_present"],
                            "decisions": frame["decisions"].map(_decisions)})
    return records


def _action_items(session: Session, frame: pd.DataFrame, _allowed: frozenset[str] | None,
                  stored: Stored) -> pd.DataFrame:
    meetings = {(d, h): i for d, h, i in session.execute(
        select(Dcc.district_pcode, DccMeeting.held_on, DccMeeting.id).join(Dcc)
        .where(Dcc.district_pcode.in_(sorted(set(frame["district"])))))}
    meeting = pd.Series([meetings.get((d, h)) for d, h in zip(frame["district"], frame["meeting_date"], strict=True)],
                        index=frame.index, dtype=object)
    for position in frame.index[meeting.isna()]:
        stored.rejected.append((int(position) + 1, "meeting_date", str(frame.at[position, "meeting_date"]),
                                message("no_meeting")))
    ok = meeting.notna()
    records = pd.DataFrame({"meeting_id": meeting[ok].astype(int), "description": frame.loc[ok, "description"],
                            "owner": frame.loc[ok, "owner"], "due_on": frame.loc[ok, "due_on"],
                            "status": frame.loc[ok, "status"], "completed_on": frame.loc[ok, "completed_on"],
                            "upazila_pcode": frame.loc[ok, "upazila"]})
    return records


def _awareness(_session: Session, frame: pd.DataFrame, _allowed: frozenset[str] | None,
               stored: Stored) -> pd.DataFrame:
    return pd.DataFrame({
        "code": frame["code"], "kind": frame["kind"], "held_on": frame["held_on"],
        "district_pcode": frame["district"], "upazila_pcode": frame["upazila"],
        "people_reached": frame["people_reached"]})


def _hotline(_session: Session, frame: pd.DataFrame, _allowed: frozenset[str] | None,
             stored: Stored) -> pd.DataFrame:
    return pd.DataFrame({
        "code": frame["code"], "called_at": frame["called_at"].map(lambda t: t.to_pydatetime()),
        # A call placed only by its upazila is in that upazila's district.
        "district_pcode": frame["district"].where(frame["district"].notna(), frame["upazila"].str[:6]),
        "upazila_pcode": frame["upazila"], "topic": frame["topic"], "caller_type": frame["caller_type"],
        "referred": frame["referred"].map(lambda answer: {"yes": True, "no": False}.get(answer))})


def _targets(_session: Session, frame: pd.DataFrame, _allowed: frozenset[str] | None,
             stored: Stored) -> pd.DataFrame:
    return pd.DataFrame({
        "indicator": frame["indicator"], "area_pcode": frame["area"], "value": frame["value"],
        "due_on": frame["due_on"]})


def _followups(session: Session, frame: pd.DataFrame, _allowed: frozenset[str] | None,
               stored: Stored) -> pd.DataFrame:
    # As for assistance, ``in_reach`` already dropped rows whose returnee is outside the reach.
    declared = outcomes.scheme(outcomes.outcome_scheme_folder())
    ids = _ids_by(session, Returnee.code, sorted(set(frame["returnee_code"])))
    known = frame["returnee_code"].map(ids)
    for position in frame.index[known.isna()]:
        stored.rejected.append((int(position) + 1, "returnee_code", str(frame.at[position, "returnee_code"]),
                                message("returnee_not_in_reach")))
    answers = [{key: int(value) for key, value in zip(declared.keys, row, strict=True) if not pd.isna(value)}
               for row in frame[list(declared.keys)].itertuples(index=False, name=None)]
    given = pd.Series([bool(a) for a in answers], index=frame.index)
    for position in frame.index[known.notna() & ~given]:
        stored.rejected.append((int(position) + 1, declared.keys[0], "", message("no_answer")))
    ok = known.notna() & given
    scores = [outcomes.score(a, declared).as_dict() for a, keep in zip(answers, ok, strict=True) if keep]
    records = pd.DataFrame({"returnee_id": known[ok].astype(int), "round_months": frame.loc[ok, "round"].astype(int),
                            "surveyed_on": frame.loc[ok, "surveyed_on"],
                            "answers": [a for a, keep in zip(answers, ok, strict=True) if keep]},
                           index=frame.index[ok])
    for name in ("economic", "social", "psychosocial", "composite"):
        records[name] = pd.Series([s[name] for s in scores], index=records.index, dtype=object)
    records["scored_with"] = declared.fingerprint
    return records


RECORDS: dict[str, Callable[[Session, pd.DataFrame, frozenset[str] | None, Stored], pd.DataFrame]] = {
    "returnees": _returnees, "assistance": _assistance, "providers": _providers, "fairs": _fairs,
    "dcc_meetings": _dcc_meetings, "action_items": _action_items, "awareness": _awareness, "hotline": _hotline,
    "targets": _targets, "followups": _followups,
}
# Where each kind is stored and what identifies a row (undo finds rows again by this key).
TARGETS: dict[str, Target] = {
    "returnees": Target(Returnee, ("code",), (Child(ReturneeNeed, "returnee_id", "service", "needs"),
                                              Child(ReturneeVulnerability, "returnee_id", "flag", "flags"))),
    "assistance": Target(Assistance, ("returnee_id", "service", "referred_on")),
    "providers": Target(Provider, ("name", "upazila_pcode"),
                        (Child(ProviderService, "provider_id", "service", "services"),)),
    "fairs": Target(MigrationFair, ("held_on", "upazila_pcode", "venue")),
    "dcc_meetings": Target(DccMeeting, ("dcc_id", "held_on"), (
        Child(MeetingAttendance, "meeting_id", "department", "departments", {"attendees": 1}),
        Child(MeetingDecision, "meeting_id", "text", "decisions"))),
    "action_items": Target(ActionItem, ("meeting_id", "description")),
    "awareness": Target(AwarenessActivity, ("code",)),
    "hotline": Target(HotlineCall, ("code",)),
    "targets": Target(TargetRow, ("indicator", "area_pcode", "due_on")),
    "followups": Target(Followup, ("returnee_id", "round_months")),
}
BY_TABLE: dict[str, Target] = {t.table: t for t in TARGETS.values()}
# Kinds whose rows place themselves in a district: model, the key their rows are found by.
_PLACED_BY_CODE: dict[str, type[Returnee | AwarenessActivity | HotlineCall]] = {
    "returnees": Returnee, "awareness": AwarenessActivity, "hotline": HotlineCall}


def _districts_touched(session: Session, kind: str, records: pd.DataFrame) -> frozenset[str]:
    """The districts whose summaries an import changes: where its rows are now, and where
    rows it updates were before (a returnee who moved changes both districts' figures)."""
    if kind in ("assistance", "followups"):  # placed by their returnee
        return _districts_of(session, select(Returnee.district_pcode), Returnee.id, records["returnee_id"], int)
    if kind == "dcc_meetings":  # placed by their committee (an import keeps it)
        return _districts_of(session, select(Dcc.district_pcode), Dcc.id, records["dcc_id"], int)
    if kind == "action_items":
        return _districts_of(session, select(Dcc.district_pcode).join(DccMeeting), DccMeeting.id,
                             records["meeting_id"], int)
    model = _PLACED_BY_CODE[kind]
    before = _districts_of(session, select(model.district_pcode), model.code, records["code"], str)
    return frozenset(d for d in before | set(records["district_pcode"].dropna()) if d is not None)


def _districts_of(session: Session, district: Select[Any], key: Any, values: pd.Series,
                  as_key: Callable[[Any], Any]) -> frozenset[str]:
    """The distinct districts ``district`` selects for the rows whose ``key`` is one of
    ``values``, asked ``_CHUNK`` keys at a time (a query's parameters are bounded)."""
    keys = [as_key(v) for v in values.dropna().unique()]
    return frozenset(d for chunk in range(0, len(keys), _CHUNK)
                     for d in session.scalars(district.where(key.in_(keys[chunk:chunk + _CHUNK])).distinct()))


def store(session: Session, kind: str, frame: pd.DataFrame, batch_id: int | None, reach: Reach) -> Stored:
    """Write the valid rows of one import into the open transaction; rows outside ``reach``
    (see :func:`in_reach`) are rejected, never written."""
    stored = Stored()
    stored.rejected += in_reach(session, kind, frame, reach)
    if stored.rejected:
        frame = frame.drop(index=[row - 1 for row, *_ in stored.rejected])
    records = RECORDS[kind](session, frame, reach.districts, stored)
    fed = summaries.FED_BY.get(TARGETS[kind].table, ())
    touched = _districts_touched(session, kind, records) if fed and batch_id is not None else frozenset()
    stored.counts = upsert(session, TARGETS[kind], records, batch_id)
    if batch_id is not None and (stored.counts.inserted or stored.counts.updated):
        # First, because it locks the data version's row until this transaction ends: two writes
        # at once then maintain the summaries one after the other, the second reading what the
        # first committed (else both rewrote the same cells from the same old rows).
        mark_changed(session)
        if fed:
            session.flush()
            if not _added_to_summaries(session, kind, stored.counts):
                _refresh(session, fed, touched, lambda: _returnees_written(session, kind, records))
    return stored


def _added_to_summaries(session: Session, kind: str, counts: Counts) -> bool:
    """For an import of returnees that only added people: add them to the summaries rather than
    rebuilding their districts (``summary_additions``). False where that does not apply."""
    if kind != "returnees" or counts.updated or not counts.inserted_ids:
        return False
    return add_new_returnees(session, counts.inserted_ids)


def tables_written(kind: str) -> tuple[str, ...]:
    """The tables an import of ``kind`` writes: its own, its children's and the summaries it feeds."""
    target = TARGETS[kind]
    own = (target.table, *(child.model.__tablename__ for child in target.children))
    return own + summaries.tables_of(summaries.FED_BY.get(target.table, ()))


def _refresh(session: Session, fed: Iterable[str], districts: frozenset[str] | None,
             people: Callable[[], list[int]]) -> None:
    """Rebuild the summaries a write fed: by district, except the open needs (and their counts
    per district), which are rebuilt for the ``people`` whose rows were written (they depend
    on nothing else)."""
    summaries.refresh(session, tuple(name for name in fed if name not in summaries.OPEN_NEEDS), districts)
    if "open_needs" in fed:  # with their per-district counts
        summaries.refresh_open_needs(session, people())


def _ids_of_codes(session: Session, codes: list[str]) -> list[int]:
    """Returnee ids for returnee codes, ``_CHUNK`` codes per query."""
    return [i for chunk in range(0, len(codes), _CHUNK)
            for i in session.scalars(select(Returnee.id).where(Returnee.code.in_(codes[chunk:chunk + _CHUNK])))]


def _returnees_written(session: Session, kind: str, records: pd.DataFrame) -> list[int]:
    """The ids of the returnees whose own rows (the returnee, its needs or assistance) an
    import of ``kind`` wrote."""
    if kind == "assistance":
        return [int(i) for i in records["returnee_id"].dropna().unique()]
    return _ids_of_codes(session, [str(c) for c in records["code"].dropna().unique()])


def new_batch(session: Session, **values: Any) -> ImportBatch:
    """Open a batch row (counts filled in when the import ends)."""
    batch = ImportBatch(created_at=datetime.now(), rows=0, inserted=0, updated=0, unchanged=0, rejected=0, **values)
    session.add(batch)
    session.flush()
    return batch
