"""Deterministic demo data calibrated to the programme's reported figures.

``seed_demo`` generates everything in memory with NumPy, then bulk-loads it in
one transaction: either the whole demo lands or nothing does.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import numpy as np
import pandas as pd
from sqlalchemy import Connection, delete, exists, select

from dashboard.commands import statistics, summaries
from dashboard.core.data_version import mark_changed
from dashboard.core.outcomes import outcome_scheme_folder
from dashboard.core.outcomes import scheme as outcome_scheme
from dashboard.db import Database, init_db
from dashboard.models import (
    ActionItem,
    Assistance,
    AwarenessActivity,
    Dcc,
    DccMeeting,
    FairProvider,
    Followup,
    HotlineCall,
    MeetingAttendance,
    MeetingDecision,
    MigrationFair,
    Provider,
    ProviderService,
    Returnee,
    ReturneeNeed,
    ReturneeVulnerability,
    Target,
)
from dashboard.models.base import table_of
from dashboard.models.vocabulary import AssistanceOutcome
from dashboard.seed.bulk import bulk_insert, reset_sequence
from dashboard.seed.events import generate_awareness, generate_governance, generate_hotline, generate_targets
from dashboard.seed.followups import generate_followups
from dashboard.seed.geography import demo_geography
from dashboard.seed.people import generate_people
from dashboard.seed.places import generate_fairs, generate_providers

log = logging.getLogger(__name__)

# Children before parents, so deleting in this order never breaks a foreign key.
DEMO_TABLES = (
    ActionItem, MeetingDecision, MeetingAttendance, DccMeeting, Dcc, Target, HotlineCall,
    AwarenessActivity, FairProvider, MigrationFair, Followup, Assistance, ReturneeVulnerability,
    ReturneeNeed, Returnee, ProviderService, Provider,
)


class DataAlreadyPresent(RuntimeError):
    """The database already holds returnees; seeding again needs ``replace=True``."""


def has_data(database: Database) -> bool:
    """Whether any returnee is stored."""
    with database.session() as session:
        return bool(session.scalar(select(exists().where(Returnee.id.is_not(None)))))


def _link_providers(rng: np.random.Generator, assistance: pd.DataFrame, returnees: pd.DataFrame,
                    providers: pd.DataFrame, services: pd.DataFrame) -> pd.Series:
    """A provider in the returnee's district offering the service, where one exists."""
    offered = services.merge(providers[["id", "district_pcode"]], left_on="provider_id", right_on="id")
    pools = offered.groupby(["district_pcode", "service"])["provider_id"].apply(np.asarray).to_dict()
    district = returnees["district_pcode"].to_numpy()[assistance["returnee_id"].to_numpy() - 1]
    provider = np.full(len(assistance), np.nan)
    keys = pd.Series(list(zip(district, assistance["service"], strict=True)))
    for key, rows in keys.groupby(keys).groups.items():
        pool = pools.get(key)
        if pool is not None:
            provider[np.asarray(rows)] = rng.choice(pool, len(rows))
    unavailable = (assistance["outcome"] == AssistanceOutcome.NOT_AVAILABLE.value).to_numpy()
    provider[unavailable] = np.nan
    return pd.Series(provider, dtype="Int64")


def seed_demo(database: Database, scale: int = 1, seed: int = 2017, replace: bool = False,
              progress: Callable[[str], None] = log.info) -> dict[str, int]:
    """Create the schema if needed and load demo data; returns rows inserted per table."""
    if scale < 1:
        raise ValueError("scale must be a whole number of at least 1")
    init_db(database)
    if has_data(database) and not replace:
        raise DataAlreadyPresent("the database already has returnees; use --replace to start over")
    started = time.monotonic()
    rng = np.random.default_rng(seed)
    geo = demo_geography(rng)
    progress("generating returnees")
    people = generate_people(rng, geo, scale)
    progress("generating providers, fairs and activities")
    providers, provider_services = generate_providers(rng, geo)
    people.assistance["provider_id"] = _link_providers(rng, people.assistance, people.returnees,
                                                       providers, provider_services)
    fairs, fair_providers = generate_fairs(rng, geo, providers, scale)
    governance = generate_governance(rng, geo, scale)
    plan = [
        (Provider, providers), (ProviderService, provider_services),
        (Returnee, people.returnees), (ReturneeNeed, people.needs),
        (ReturneeVulnerability, people.vulnerabilities), (Assistance, people.assistance),
        (MigrationFair, fairs), (FairProvider, fair_providers),
        (AwarenessActivity, generate_awareness(rng, geo, scale)),
        (HotlineCall, generate_hotline(rng, geo, scale)),
        (Dcc, governance.dccs), (DccMeeting, governance.meetings),
        (MeetingAttendance, governance.attendance), (MeetingDecision, governance.decisions),
        (ActionItem, governance.actions), (Target, generate_targets(geo, scale)),
        # Invented follow-up surveys (docs/outcomes.md), from a random stream of their own.
        (Followup, generate_followups(seed, people.returnees, people.assistance,
                                      outcome_scheme(outcome_scheme_folder()))),
    ]
    counts: dict[str, int] = {}
    with database.engine.begin() as connection:
        if replace:
            _clear(connection)
        for model, frame in plan:
            progress(f"loading {len(frame):,} rows into {model.__tablename__}")
            counts[model.__tablename__] = bulk_insert(connection, table_of(model), frame)
            reset_sequence(connection, table_of(model))
        # Statistics first: the summaries' INSERT ... SELECTs are planned from them, and
        # PostgreSQL plans a freshly loaded table as one row (a nested loop over the country's
        # assistance for each of 1.35 million returnees, which never finished).
        progress("updating the query planner's statistics")
        statistics.analyze(connection)
        progress("building the summary tables")
        summaries.refresh(connection)
        mark_changed(connection)
    progress("updating the statistics of the summary tables")
    statistics.vacuum_analyze(database.engine)
    progress(f"demo data loaded in {time.monotonic() - started:.1f} s")
    return counts


def _clear(connection: Connection) -> None:
    for model in DEMO_TABLES:
        connection.execute(delete(model))
