"""Demo awareness activities, hotline calls, DCCs with their meetings, and targets."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.core.disclosure import KEY_RANGE
from dashboard.models.vocabulary import ActionStatus, AwarenessKind, Department, HotlineCaller, HotlineTopic
from dashboard.queries.targets import NATIONAL
from dashboard.seed.calibration import HIGH_MIGRATION_DISTRICTS, PROGRAMME_TARGETS, REPORTED
from dashboard.seed.geography import DemoGeography
from dashboard.seed.people import AFTER_START, CUTOFF, END, START, after_report

# (kind, indicator reporting its count or None, typical people reached per event)
AWARENESS_KINDS: tuple[tuple[AwarenessKind, str | None, float], ...] = (
    (AwarenessKind.IPT_SHOW, "ipt_shows", 260.0),
    (AwarenessKind.VIDEO_SHOW, "video_shows", 150.0),
    (AwarenessKind.SCHOOL_QUIZ, "school_quizzes", 90.0),
    (AwarenessKind.UMF_MEETING, "umf_meetings", 30.0),
    (AwarenessKind.WORKSHOP, "workshops", 45.0),
    (AwarenessKind.TEA_STALL_MEETING, None, 25.0),
)
TEA_STALL_MEETINGS = 900  # not reported separately; they count towards people reached

DEPARTMENTS = tuple(d.value for d in Department)
AGENDA = (
    "Progress of returnee profiling and reintegration plans",
    "Referral pathways for psychosocial and medical support",
    "Planning the next migration fair",
    "Awareness campaign on irregular migration",
    "Skills training seats for returnees",
    "Access to Probashi Kallyan Bank loans",
)
DECISIONS = (
    "DEMO to share the list of returnees awaiting skills training with BMET",
    "Civil Surgeon's Office to nominate a focal point for returnee referrals",
    "Hold a migration fair before the end of the quarter",
    "Upazila Migration Forums to report hotline follow-ups monthly",
    "Request additional counselling capacity from BRAC",
)
ACTIONS = (
    ("Circulate the updated returnee referral list", Department.DEMO),
    ("Confirm venue and date for the migration fair", Department.DISTRICT_ADMINISTRATION),
    ("Report on loan applications from returnees", Department.WAGE_EARNERS_WELFARE_BOARD),
    ("Nominate a focal point for medical referrals", Department.HEALTH),
    ("Share safety-net eligibility criteria with union volunteers", Department.SOCIAL_SERVICES),
    ("Organise a sensitisation workshop for union parishad members", Department.NGO_PARTNERS),
)


def _days_in(rng: np.random.Generator, first: np.datetime64, last: np.datetime64, size: int) -> np.ndarray:
    return first + rng.integers(0, int((last - first).astype(int)) + 1, size).astype("timedelta64[D]")


def _reach(rng: np.random.Generator, typical: float, size: int) -> np.ndarray:
    return np.maximum(1.0, rng.lognormal(np.log(typical), 0.45, size))


def _calibrate_reach(raw: np.ndarray, total: int) -> np.ndarray:
    """Integers proportional to ``raw`` that add up to exactly ``total`` (largest remainders)."""
    scaled = raw * total / raw.sum()
    counts = np.maximum(1, np.floor(scaled)).astype(np.int64)
    shortfall = total - int(counts.sum())
    order = np.argsort(-(scaled - np.floor(scaled)))
    counts[order[: max(shortfall, 0)]] += 1
    return counts


def generate_awareness(rng: np.random.Generator, geo: DemoGeography, scale: int) -> pd.DataFrame:
    """Awareness events; counts and people reached up to the report date match the fact sheet."""
    uniform = np.full(len(geo.upazilas), 1 / len(geo.upazilas))
    where = 0.7 * geo.returnee_weight + 0.3 * uniform
    parts = []
    for kind, indicator, typical in AWARENESS_KINDS:
        k_pre = (REPORTED[indicator] if indicator else TEA_STALL_MEETINGS) * scale
        k_post = after_report(k_pre)
        days = np.concatenate([_days_in(rng, START, CUTOFF, k_pre), _days_in(rng, AFTER_START, END, k_post)])
        parts.append(pd.DataFrame({"kind": kind.value, "held_on": days,
                                   "reach": _reach(rng, typical, len(days)),
                                   "pre": np.arange(len(days)) < k_pre}))
    frame = pd.concat(parts, ignore_index=True)
    pre = frame["pre"].to_numpy()
    reached = np.empty(len(frame), np.int64)
    reached[pre] = _calibrate_reach(frame.loc[pre, "reach"].to_numpy(), REPORTED["people_reached"] * scale)
    reached[~pre] = np.round(frame.loc[~pre, "reach"].to_numpy()).astype(np.int64)
    idx = rng.choice(len(geo.upazilas), len(frame), p=where / where.sum())
    return pd.DataFrame({
        "id": np.arange(1, len(frame) + 1),
        "kind": frame["kind"],
        "held_on": pd.to_datetime(frame["held_on"]),
        "district_pcode": geo.districts[idx],
        "upazila_pcode": geo.upazilas[idx],
        "people_reached": reached,
    })


# Who calls the hotline (returnee, family member, aspirant migrant), and how often each is
# referred to a service: invented shares, as the fact sheet gives no breakdown of calls.
CALLERS = ((HotlineCaller.RETURNEE, 0.45, 0.40), (HotlineCaller.FAMILY, 0.35, 0.30),
           (HotlineCaller.ASPIRANT_MIGRANT, 0.20, 0.10))


def generate_hotline(rng: np.random.Generator, geo: DemoGeography, scale: int) -> pd.DataFrame:
    """Hotline calls (08000102030, 7:00-23:00) as the programme records them: about one in
    twelve from an unknown district, and of the others about one in seven without an upazila;
    caller type and whether they were referred, each left unrecorded now and then."""
    n = 6000 * scale
    days = _days_in(rng, np.datetime64("2017-09-01"), END, n)
    seconds = rng.integers(7 * 3600, 23 * 3600, n).astype("timedelta64[s]")
    where = rng.choice(len(geo.upazilas), n, p=geo.returnee_weight)
    districts = geo.districts[where].astype(object)
    unknown = rng.random(n) < 0.08
    districts[unknown] = None
    topics = rng.choice([t.value for t in HotlineTopic], n, p=[0.35, 0.25, 0.1, 0.12, 0.12, 0.06])
    # Drawn after the fields above, so those stay as they were before callers were recorded.
    upazilas = geo.upazilas[where].astype(object)
    upazilas[unknown | (rng.random(n) < 0.15)] = None
    caller = rng.choice(len(CALLERS), n, p=[share for _c, share, _r in CALLERS])
    callers = np.array([c.value for c, _s, _r in CALLERS], dtype=object)[caller]
    referred = (rng.random(n) < np.array([r for _c, _s, r in CALLERS])[caller]).astype(object)
    callers[rng.random(n) < 0.05] = None
    referred[rng.random(n) < 0.05] = None
    return pd.DataFrame({
        "id": np.arange(1, n + 1),
        "called_at": pd.to_datetime(days.astype("datetime64[s]") + seconds),
        "district_pcode": districts,
        "topic": topics,
        "upazila_pcode": upazilas,
        "caller_type": callers,
        "referred": referred,
        # As returnees' keys: from the operating system's randomness, not the public demo seed.
        "record_key": np.random.default_rng(secrets.randbits(128)).integers(0, KEY_RANGE, n),
    })


@dataclass
class Governance:
    """DCC frames ready for bulk insert."""

    dccs: pd.DataFrame
    meetings: pd.DataFrame
    attendance: pd.DataFrame
    decisions: pd.DataFrame
    actions: pd.DataFrame


def generate_governance(rng: np.random.Generator, geo: DemoGeography, scale: int) -> Governance:
    """Ten DCCs (one per high-migration district) and their meetings, decisions and actions."""
    districts = list(geo.high_migration)
    formed = _days_in(rng, np.datetime64("2017-07-01"), np.datetime64("2018-06-30"), len(districts))
    dccs = pd.DataFrame({"id": np.arange(1, len(districts) + 1), "district_pcode": districts,
                         "formed_on": pd.to_datetime(formed)})
    k_pre = REPORTED["dcc_meetings"] * scale
    k_post = after_report(k_pre)
    dcc_idx = np.concatenate([rng.integers(0, len(districts), k_pre), rng.integers(0, len(districts), k_post)])
    held = np.concatenate([
        [_days_in(rng, formed[i], CUTOFF, 1)[0] for i in dcc_idx[:k_pre]],
        _days_in(rng, AFTER_START, END, k_post),
    ]).astype("datetime64[D]")
    n = len(held)
    meetings = pd.DataFrame({
        "id": np.arange(1, n + 1), "dcc_id": dcc_idx + 1, "held_on": pd.to_datetime(held),
        "agenda": ["; ".join(rng.choice(AGENDA, 3, replace=False)) for _ in range(n)],
    })
    attendance = [(m, dept, int(rng.integers(1, 4))) for m in meetings["id"]
                  for dept in rng.choice(DEPARTMENTS, int(rng.integers(5, 10)), replace=False)]
    decisions = [(m, str(text)) for m in meetings["id"]
                 for text in rng.choice(DECISIONS, int(rng.integers(1, 4)), replace=False)]
    actions = []
    for meeting_id, day in zip(meetings["id"], held, strict=True):
        for i in rng.choice(len(ACTIONS), int(rng.integers(1, 5)), replace=False):
            due = day + np.timedelta64(int(rng.integers(14, 61)), "D")
            roll = rng.random()
            if due < END and roll < 0.85:
                status = ActionStatus.DONE if roll < 0.8 else ActionStatus.DROPPED
            else:
                status = ActionStatus.OPEN
            done = min(due, END) if status == ActionStatus.DONE else None
            actions.append((meeting_id, ACTIONS[i][0], ACTIONS[i][1].value, due, status.value, done))
    return Governance(
        dccs, meetings,
        pd.DataFrame(attendance, columns=["meeting_id", "department", "attendees"]),
        pd.DataFrame(decisions, columns=["meeting_id", "text"]).rename_axis("id").reset_index()
        .assign(id=lambda f: f["id"] + 1),
        pd.DataFrame(actions, columns=["meeting_id", "description", "owner", "due_on", "status",
                                       "completed_on"]).rename_axis("id").reset_index()
        .assign(id=lambda f: f["id"] + 1, due_on=lambda f: pd.to_datetime(f["due_on"]),
                completed_on=lambda f: pd.to_datetime(f["completed_on"])),
    )


def generate_targets(geo: DemoGeography, scale: int) -> pd.DataFrame:
    """National targets from the project sheet, split over the DCC districts by their share."""
    shares = np.array(list(HIGH_MIGRATION_DISTRICTS.values()))
    rows = []
    for indicator, value in PROGRAMME_TARGETS.items():
        total = value if indicator == "dccs_formed" else value * scale
        rows.append((indicator, NATIONAL, total))
        split = np.ones(len(shares), int) if indicator == "dccs_formed" else \
            _calibrate_reach(shares, round(total * shares.sum()))
        rows += [(indicator, d, int(v)) for d, v in zip(geo.high_migration, split, strict=True)]
    yearly = []
    for indicator, area, total in rows:
        # Committees are formed once: their target is due at the end. Other targets are
        # spread over the programme's years by how many of its months each year holds.
        parts = [total] if indicator == "dccs_formed" else _by_year(total)
        dues = [END] if indicator == "dccs_formed" else YEAR_ENDS
        yearly += [(indicator, area, int(v), due) for v, due in zip(parts, dues, strict=True)]
    frame = pd.DataFrame(yearly, columns=["indicator", "area_pcode", "value", "due_on"])
    frame.insert(0, "id", np.arange(1, len(frame) + 1))
    frame["due_on"] = pd.to_datetime(frame["due_on"])
    return frame


# The programme's years: April-December 2017, 2018, 2019, January-April 2020.
YEAR_ENDS = (np.datetime64("2017-12-31"), np.datetime64("2018-12-31"), np.datetime64("2019-12-31"), END)
_YEAR_MONTHS = np.array([9, 12, 12, 4])


def _by_year(total: int) -> list[int]:
    """``total`` split over the years by their months, largest remainders first (sums exactly)."""
    exact = total * _YEAR_MONTHS / _YEAR_MONTHS.sum()
    parts = np.floor(exact).astype(int)
    for i in np.argsort(-(exact - parts), kind="stable")[: total - parts.sum()]:
        parts[i] += 1
    return [int(v) for v in parts]
