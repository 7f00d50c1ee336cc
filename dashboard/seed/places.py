"""Demo service providers and migration fairs.

Providers are places, not events, so they do not grow with ``--scale``; their
uneven spread (legal aid or counselling missing in many districts) is what makes
the service-gap views worth having.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.models.vocabulary import ProviderType, Service
from dashboard.seed.calibration import REPORTED
from dashboard.seed.geography import DemoGeography, points_in
from dashboard.seed.people import AFTER_START, CUTOFF, END, after_report
from geodata import admin_areas, district_seat

S = Service


@dataclass(frozen=True)
class ProviderKind:
    """A kind of office found in some districts, with the services it offers."""

    name: str  # "{district}" / "{upazila}" are filled in
    organisation: str
    provider_type: ProviderType
    services: tuple[Service, ...]
    where: str  # "seat": the district's main upazila; "upazilas": several upazilas
    share_high: float  # chance a high-migration district (or upazila) has one
    share_other: float


PROVIDER_KINDS: tuple[ProviderKind, ...] = (
    ProviderKind("DEMO {district}", "District Employment and Manpower Office", ProviderType.GOVERNMENT,
                 (S.SKILLS_TRAINING, S.JOB_PLACEMENT), "seat", 1.0, 1.0),
    ProviderKind("{district} Technical Training Centre", "BMET", ProviderType.TRAINING,
                 (S.SKILLS_TRAINING, S.ENTREPRENEURSHIP), "seat", 0.9, 0.55),
    ProviderKind("{district} District Hospital", "Directorate General of Health Services",
                 ProviderType.GOVERNMENT, (S.MEDICAL_TREATMENT,), "seat", 1.0, 1.0),
    ProviderKind("{upazila} Upazila Health Complex", "Directorate General of Health Services",
                 ProviderType.GOVERNMENT, (S.MEDICAL_TREATMENT,), "upazilas", 0.5, 0.3),
    ProviderKind("Social Services Office {district}", "Department of Social Services",
                 ProviderType.GOVERNMENT, (S.SOCIAL_SAFETY_NET, S.EDUCATION), "seat", 1.0, 0.8),
    ProviderKind("District Legal Aid Office {district}", "National Legal Aid Services Organisation",
                 ProviderType.GOVERNMENT, (S.LEGAL_SUPPORT,), "seat", 0.8, 0.45),
    ProviderKind("BRAC Migration Programme {upazila}", "BRAC", ProviderType.NGO,
                 (S.IMMEDIATE_ASSISTANCE, S.PSYCHOSOCIAL_COUNSELLING, S.INKIND_SUPPORT,
                  S.FINANCIAL_LITERACY), "upazilas", 0.35, 0.03),
    ProviderKind("Migration Resource Centre {district}", "BMET / IOM", ProviderType.GOVERNMENT,
                 (S.PSYCHOSOCIAL_COUNSELLING, S.LEGAL_SUPPORT), "seat", 0.7, 0.1),
    ProviderKind("Probashi Kallyan Bank {district}", "Probashi Kallyan Bank", ProviderType.FINANCIAL,
                 (S.FINANCIAL_SERVICES, S.FINANCIAL_LITERACY), "seat", 0.9, 0.4),
    ProviderKind("{upazila} microfinance branch", "Partner MFI", ProviderType.FINANCIAL,
                 (S.FINANCIAL_SERVICES, S.ENTREPRENEURSHIP), "upazilas", 0.3, 0.1),
    ProviderKind("Youth Development Office {district}", "Department of Youth Development",
                 ProviderType.GOVERNMENT, (S.SKILLS_TRAINING, S.ENTREPRENEURSHIP), "seat", 0.7, 0.5),
    ProviderKind("{district} job placement agency", "Private sector", ProviderType.PRIVATE,
                 (S.JOB_PLACEMENT,), "seat", 0.6, 0.2),
)


def generate_providers(rng: np.random.Generator, geo: DemoGeography) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Providers and the services each offers."""
    areas = admin_areas()
    rows: list[dict[str, object]] = []
    services: list[tuple[int, str]] = []
    for district in sorted(set(geo.districts)):
        upazilas = sorted(geo.upazilas[geo.districts == district])
        high = district in geo.high_migration
        for kind in PROVIDER_KINDS:
            share = kind.share_high if high else kind.share_other
            if kind.where == "seat":
                places = [district_seat(district).pcode] if rng.random() < share else []
            else:
                places = [u for u in upazilas if rng.random() < share]
            for upazila in places:
                provider_id = len(rows) + 1
                rows.append({
                    "id": provider_id,
                    "name": kind.name.format(district=areas[district].name_en, upazila=areas[upazila].name_en),
                    "organisation": kind.organisation,
                    "provider_type": kind.provider_type.value,
                    "district_pcode": district,
                    "upazila_pcode": upazila,
                    # Fictitious numbers: 9999 is not an assigned Bangladesh prefix.
                    "contact_phone": f"+880 9999 {rng.integers(0, 1_000_000):06d}",
                    "capacity_per_month": int(rng.integers(5, 80)),
                })
                services += [(provider_id, s.value) for s in kind.services]
    providers = pd.DataFrame(rows)
    lat, lon = points_in(providers["upazila_pcode"].to_numpy(), rng)
    providers["lat"], providers["lon"] = lat, lon
    return providers, pd.DataFrame(services, columns=["provider_id", "service"])


def generate_fairs(rng: np.random.Generator, geo: DemoGeography, providers: pd.DataFrame,
                   scale: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Migration fairs, mostly in high-migration districts, and the providers at each."""
    k_pre = REPORTED["migration_fairs"] * scale
    k_post = after_report(k_pre)
    first = np.datetime64("2018-01-15")
    days = np.concatenate([
        first + rng.integers(0, int((CUTOFF - first).astype(int)) + 1, k_pre).astype("timedelta64[D]"),
        AFTER_START + rng.integers(0, int((END - AFTER_START).astype(int)) + 1, k_post).astype("timedelta64[D]"),
    ])
    in_high = np.isin(geo.districts, geo.high_migration)
    weight = geo.returnee_weight * np.where(in_high, 1.0, 0.15)
    idx = rng.choice(len(geo.upazilas), len(days), p=weight / weight.sum())
    upazilas = geo.upazilas[idx]
    lat, lon = points_in(upazilas, rng)
    visitors = np.maximum(150, rng.normal(1400, 450, len(days))).astype(int)
    areas = admin_areas()
    fairs = pd.DataFrame({
        "id": np.arange(1, len(days) + 1),
        "held_on": pd.to_datetime(days),
        "district_pcode": geo.districts[idx],
        "upazila_pcode": upazilas,
        "venue": [f"{areas[u].name_en} Upazila Parishad ground" for u in upazilas],
        "lat": lat,
        "lon": lon,
        "visitors": visitors,
        "referrals_made": (visitors * rng.uniform(0.01, 0.05, len(days))).astype(int),
    })
    by_district = providers.groupby("district_pcode")["id"].apply(np.asarray).to_dict()
    present = []
    for fair_id, district in zip(fairs["id"], fairs["district_pcode"], strict=True):
        pool = by_district.get(district, np.array([], int))
        chosen = rng.choice(pool, min(len(pool), int(rng.integers(3, 9))), replace=False)
        present += [(fair_id, int(p)) for p in chosen]
    return fairs, pd.DataFrame(present, columns=["fair_id", "provider_id"])
