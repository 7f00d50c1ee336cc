"""Demo returnees, their needs and vulnerabilities, and the assistance they received.

Counts on or before the reporting date are exact (times the scale); the rest is
random but deterministic for a given seed.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.core.disclosure import KEY_RANGE
from dashboard.core.filters import PROGRAMME_END, PROGRAMME_START
from dashboard.models import vocabulary as v
from dashboard.seed.calibration import AFTER_REPORT_SHARE, REPORTED, REPORTED_AS_OF
from dashboard.seed.geography import DemoGeography, points_in

CUTOFF = np.datetime64(REPORTED_AS_OF, "D")
AFTER_START = CUTOFF + 1
START = np.datetime64(PROGRAMME_START, "D")
END = np.datetime64(PROGRAMME_END, "D")

EU_COUNTRIES = (["GR", "IT", "CY", "RO", "FR", "DE", "ES", "MT", "PT", "AT"],
                [0.30, 0.22, 0.12, 0.08, 0.07, 0.06, 0.05, 0.04, 0.03, 0.03])
TRANSIT_COUNTRIES = (["LY", "TR", "BA", "RS", "MA"], [0.55, 0.25, 0.08, 0.07, 0.05])

# Share of returnees assessed as needing each service (invented for the demo).
NEED_SHARE: dict[v.Service, float] = {
    v.Service.PSYCHOSOCIAL_COUNSELLING: 0.42, v.Service.MEDICAL_TREATMENT: 0.14,
    v.Service.SOCIAL_SAFETY_NET: 0.18, v.Service.LEGAL_SUPPORT: 0.12, v.Service.EDUCATION: 0.04,
    v.Service.INKIND_SUPPORT: 0.48, v.Service.SKILLS_TRAINING: 0.33, v.Service.JOB_PLACEMENT: 0.37,
    v.Service.FINANCIAL_SERVICES: 0.28, v.Service.ENTREPRENEURSHIP: 0.17, v.Service.FINANCIAL_LITERACY: 0.24,
}
VULNERABILITY_SHARE: dict[v.Vulnerability, float] = {
    v.Vulnerability.PHYSICAL_ILLNESS: 0.12, v.Vulnerability.MENTAL_DISTRESS: 0.25,
    v.Vulnerability.DISABILITY: 0.03, v.Vulnerability.HEAVY_DEBT: 0.55,
    v.Vulnerability.TRAFFICKING_SURVIVOR: 0.06, v.Vulnerability.FEMALE_HEADED_HOUSEHOLD: 0.04,
    v.Vulnerability.NO_INCOME: 0.45,
}

# (indicator, service, outcome of the counted rows); counted rows are dated on
# or before the reporting date in exactly REPORTED[indicator] * scale people.
COUNTED_SERVICES: tuple[tuple[str, v.Service, v.AssistanceOutcome | None], ...] = (
    ("immediate_assistance", v.Service.IMMEDIATE_ASSISTANCE, v.AssistanceOutcome.RECEIVED),
    ("psychosocial_support", v.Service.PSYCHOSOCIAL_COUNSELLING, None),
    ("medical_support", v.Service.MEDICAL_TREATMENT, v.AssistanceOutcome.RECEIVED),
    ("inkind_support", v.Service.INKIND_SUPPORT, v.AssistanceOutcome.RECEIVED),
    ("skills_training_referrals", v.Service.SKILLS_TRAINING, None),
)
# Referrals for other services: share of those in need who were referred.
OTHER_REFERRALS: dict[v.Service, float] = {
    v.Service.SOCIAL_SAFETY_NET: 0.25, v.Service.LEGAL_SUPPORT: 0.20, v.Service.EDUCATION: 0.15,
    v.Service.JOB_PLACEMENT: 0.15, v.Service.FINANCIAL_SERVICES: 0.20,
    v.Service.ENTREPRENEURSHIP: 0.10, v.Service.FINANCIAL_LITERACY: 0.30,
}
_ALPHABET = np.array(list("ABCDEFGHJKLMNPQRSTUVWXYZ23456789"))


@dataclass
class People:
    """Frames ready for bulk insert, plus returnee arrays other generators reuse."""

    returnees: pd.DataFrame
    needs: pd.DataFrame
    vulnerabilities: pd.DataFrame
    assistance: pd.DataFrame


def after_report(count: int) -> int:
    """How many of a reported figure to add between the report date and programme end."""
    return round(count * AFTER_REPORT_SHARE)


def _days(rng: np.random.Generator, low: int, high: int, size: int) -> np.ndarray:
    return rng.integers(low, high + 1, size).astype("timedelta64[D]")


def _dates_between(rng: np.random.Generator, first: np.datetime64, last: np.datetime64,
                   size: int, ramp: float = 1.0) -> np.ndarray:
    """Random days in [first, last]; ramp > 1 puts more of them late (the programme grew)."""
    span = int((last - first).astype(int))
    return first + np.floor(rng.beta(ramp, 1.0, size) * (span + 1)).astype("timedelta64[D]")


def pseudonymous_codes(rng: np.random.Generator, n: int) -> np.ndarray:
    """Unique codes such as ``PR-7KQ2MX`` that reveal nothing about the person."""
    numbers = rng.choice(32**6, n, replace=False)
    digits = [(numbers // 32**power) % 32 for power in range(5, -1, -1)]
    code = np.full(n, "PR-")
    for column in digits:
        code = np.char.add(code, _ALPHABET[column])
    return code


def _returnee_frame(rng: np.random.Generator, geo: DemoGeography, scale: int) -> pd.DataFrame:
    n_pre = REPORTED["returnees_profiled"] * scale
    n_post = after_report(n_pre)
    n = n_pre + n_post
    profiled = np.concatenate([_dates_between(rng, START, CUTOFF, n_pre, ramp=1.6),
                               _dates_between(rng, AFTER_START, END, n_post)])
    groups = np.array([v.ReturnGroup.EU.value] * (REPORTED["returnees_eu"] * scale)
                      + [v.ReturnGroup.TRANSIT.value] * (REPORTED["returnees_transit"] * scale))
    groups = np.concatenate([rng.permutation(groups),
                             rng.choice([v.ReturnGroup.EU.value, v.ReturnGroup.TRANSIT.value], n_post, p=[0.55, 0.45])])
    countries = np.where(groups == v.ReturnGroup.EU.value,
                         rng.choice(EU_COUNTRIES[0], n, p=EU_COUNTRIES[1]),
                         rng.choice(TRANSIT_COUNTRIES[0], n, p=TRANSIT_COUNTRIES[1]))
    upazila_idx = rng.choice(len(geo.upazilas), n, p=geo.returnee_weight)
    upazilas = geo.upazilas[upazila_idx]
    lat, lon = points_in(upazilas, rng, decimals=2)
    no_gps = rng.random(n) < 0.3
    lat[no_gps], lon[no_gps] = np.nan, np.nan
    return pd.DataFrame({
        "id": np.arange(1, n + 1),
        "code": pseudonymous_codes(rng, n),
        "sex": rng.choice([s.value for s in v.Sex], n, p=[0.94, 0.055, 0.005]),
        "age_band": rng.choice([a.value for a in v.AgeBand], n, p=[0.01, 0.22, 0.41, 0.24, 0.09, 0.03]),
        "return_date": (profiled - _days(rng, 3, 180, n)),
        "country_code": countries,
        "return_group": groups,
        "district_pcode": geo.districts[upazila_idx],
        "upazila_pcode": upazilas,
        "lat": lat,
        "lon": lon,
        "profiled_on": profiled,
        "plan_date": np.full(n, np.datetime64("NaT"), dtype="datetime64[D]"),
        # Record keys from the operating system's randomness, not the demo's seed: the seed is
        # public (it makes the demo reproducible), the keys must not be derivable from it.
        "record_key": np.random.default_rng(secrets.randbits(128)).integers(0, KEY_RANGE, n),
        "pre": np.arange(n) < n_pre,
    })


def _assign_plans(rng: np.random.Generator, frame: pd.DataFrame, scale: int) -> None:
    profiled = frame["profiled_on"].to_numpy(dtype="datetime64[D]")
    plans = frame["plan_date"].to_numpy(dtype="datetime64[D]").copy()
    k_pre = REPORTED["reintegration_plans"] * scale
    eligible = np.flatnonzero(frame["pre"].to_numpy() & (profiled <= CUTOFF - 14))
    chosen = rng.choice(eligible, k_pre, replace=False)
    plans[chosen] = np.minimum(profiled[chosen] + _days(rng, 14, 150, k_pre), CUTOFF)
    eligible = np.flatnonzero(np.isnat(plans) & (profiled <= END - 14))
    chosen = rng.choice(eligible, min(after_report(k_pre), len(eligible)), replace=False)
    late = np.maximum(profiled[chosen] + _days(rng, 14, 150, len(chosen)), AFTER_START)
    plans[chosen] = np.minimum(late, END)
    frame["plan_date"] = plans


def _service_rows(rng: np.random.Generator, frame: pd.DataFrame, service: v.Service,
                  people: np.ndarray, first: np.datetime64, last: np.datetime64,
                  outcome: np.ndarray) -> pd.DataFrame:
    profiled = frame["profiled_on"].to_numpy(dtype="datetime64[D]")[people]
    delay = np.zeros(len(people), "timedelta64[D]") if service == v.Service.IMMEDIATE_ASSISTANCE \
        else _days(rng, 0, 60, len(people))
    referred = np.minimum(np.maximum(profiled + delay, first), last)
    completed = np.minimum(referred + _days(rng, 0, 30, len(people)), last)
    completed = np.where(outcome == v.AssistanceOutcome.RECEIVED.value, completed, np.datetime64("NaT"))
    return pd.DataFrame({"returnee_id": people + 1, "service": service.value,
                         "referred_on": referred, "completed_on": completed, "outcome": outcome})


def _counted_assistance(rng: np.random.Generator, frame: pd.DataFrame, scale: int) -> list[pd.DataFrame]:
    pre = np.flatnonzero(frame["pre"].to_numpy())
    everyone = np.arange(len(frame))
    parts: list[pd.DataFrame] = []
    for indicator, service, outcome in COUNTED_SERVICES:
        k_pre = REPORTED[indicator] * scale
        for pool, k, first, last in ((pre, k_pre, START, CUTOFF),
                                     (everyone, after_report(k_pre), AFTER_START, END)):
            already = np.concatenate([p["returnee_id"].to_numpy() - 1 for p in parts
                                      if p["service"].iat[0] == service.value] or [np.array([], int)])
            people = rng.choice(np.setdiff1d(pool, already), k, replace=False)
            if outcome is not None:
                outcomes = np.full(k, outcome.value)
            else:  # counted on referral: received or still pending, never declined
                outcomes = rng.choice([v.AssistanceOutcome.RECEIVED.value, v.AssistanceOutcome.PENDING.value],
                                      k, p=[0.7, 0.3])
            parts.append(_service_rows(rng, frame, service, people, first, last, outcomes))
    return parts


def _other_assistance(rng: np.random.Generator, frame: pd.DataFrame, needs: pd.DataFrame) -> list[pd.DataFrame]:
    """Referrals that no headline figure counts: other services, declined or unavailable offers."""
    parts = []
    for service, share in OTHER_REFERRALS.items():
        in_need = needs.loc[needs["service"] == service.value, "returnee_id"].to_numpy() - 1
        people = in_need[rng.random(len(in_need)) < share]
        outcomes = rng.choice([o.value for o in v.AssistanceOutcome], len(people), p=[0.3, 0.45, 0.1, 0.15])
        parts.append(_service_rows(rng, frame, service, people, START, END, outcomes))
    return parts


def _needs(rng: np.random.Generator, n: int, assisted: pd.DataFrame) -> pd.DataFrame:
    parts = [pd.DataFrame({"returnee_id": np.flatnonzero(rng.random(n) < share) + 1, "service": s.value})
             for s, share in NEED_SHARE.items()]
    # Whoever was referred for a service needed it (immediate help on arrival is not a need).
    referred = assisted.loc[assisted["service"] != v.Service.IMMEDIATE_ASSISTANCE.value, ["returnee_id", "service"]]
    return pd.concat([*parts, referred]).drop_duplicates().sort_values(["returnee_id", "service"],
                                                                       ignore_index=True)


def _status(rng: np.random.Generator, frame: pd.DataFrame, assistance: pd.DataFrame) -> np.ndarray:
    n = len(frame)
    has_plan = frame["plan_date"].notna().to_numpy()
    received = np.zeros(n, bool)
    got = assistance.loc[assistance["outcome"] == v.AssistanceOutcome.RECEIVED.value, "returnee_id"].to_numpy() - 1
    received[got] = True
    early_plan = has_plan & (frame["plan_date"].to_numpy(dtype="datetime64[D]") < np.datetime64("2019-07-01"))
    status = np.full(n, v.ReturneeStatus.PROFILED.value, dtype=object)
    status[has_plan] = v.ReturneeStatus.PLAN_AGREED.value
    status[has_plan & received] = v.ReturneeStatus.RECEIVING_SUPPORT.value
    status[early_plan & received & (rng.random(n) < 0.4)] = v.ReturneeStatus.REINTEGRATED.value
    status[~has_plan & (rng.random(n) < 0.04)] = v.ReturneeStatus.DISCONTINUED.value
    return status


def generate_people(rng: np.random.Generator, geo: DemoGeography, scale: int) -> People:
    """Every people-related frame for ``scale`` times the reported caseload."""
    frame = _returnee_frame(rng, geo, scale)
    _assign_plans(rng, frame, scale)
    counted = pd.concat(_counted_assistance(rng, frame, scale), ignore_index=True)
    needs = _needs(rng, len(frame), counted)
    assistance = pd.concat([counted, *_other_assistance(rng, frame, needs)], ignore_index=True)
    assistance.insert(0, "id", np.arange(1, len(assistance) + 1))
    frame["status"] = _status(rng, frame, assistance)
    vulnerabilities = pd.concat(
        [pd.DataFrame({"returnee_id": np.flatnonzero(rng.random(len(frame)) < share) + 1, "flag": v.value})
         for v, share in VULNERABILITY_SHARE.items()], ignore_index=True)
    for column in ("return_date", "profiled_on", "plan_date"):
        frame[column] = pd.to_datetime(frame[column])
    for column in ("referred_on", "completed_on"):
        assistance[column] = pd.to_datetime(assistance[column])
    return People(frame.drop(columns="pre"), needs, vulnerabilities, assistance)
