"""Small factories: build exactly the rows a test needs, with sensible defaults."""

from __future__ import annotations

import itertools
from datetime import date

from sqlalchemy.orm import Session

from dashboard.commands import summaries
from dashboard.core.disclosure import KEY_RANGE, publish
from dashboard.models import (
    Assistance,
    AwarenessActivity,
    Dcc,
    DccMeeting,
    MigrationFair,
    Provider,
    ProviderService,
    Returnee,
    ReturneeNeed,
    Target,
)
from dashboard.models.vocabulary import (
    AgeBand,
    AssistanceOutcome,
    AwarenessKind,
    ProviderType,
    ReturneeStatus,
    ReturnGroup,
    Service,
    Sex,
)

KHULNA, DUMURIA = "BD4047", "BD40470030"
SYLHET, GOLAPGANJ = "BD6091", "BD60910038"
_codes = itertools.count(1)


def _written(session: Session) -> None:
    """Flush, then rebuild the summary tables, as every write in the app does: queries
    read the summaries, so a test's rows must reach them too."""
    session.flush()
    summaries.refresh(session)


def keys_published_as(size: int, threshold: int = 5) -> list[int]:
    """Record keys for ``size`` people whose cell publishes exactly ``size`` at ``threshold``, so a
    reader below headquarters sees that count (or a mean over those people) on every run: with
    keys drawn at random a cell of six would publish as 5 now and then, and be hidden. Below the
    threshold no key publishes the size; those cells get zeros."""
    first = next(k for k in range(KEY_RANGE) if publish(size, k, threshold) == size) if size >= threshold else 0
    return [first] + [0] * (size - 1)


def summarised(session: Session) -> None:
    """Rows a test added itself reach the summary tables (what the factories below do for theirs)."""
    _written(session)


def returnee(session: Session, upazila: str = DUMURIA, **overrides: object) -> Returnee:
    """A returnee profiled on 1 June 2018 in Dumuria unless told otherwise."""
    values: dict[str, object] = {
        "code": f"PR-T{next(_codes):05d}", "sex": Sex.MALE, "age_band": AgeBand.AGE_25_34,
        "return_date": date(2018, 5, 1), "country_code": "GR", "return_group": ReturnGroup.EU,
        "district_pcode": upazila[:6], "upazila_pcode": upazila, "profiled_on": date(2018, 6, 1),
        "status": ReturneeStatus.PROFILED,
    } | overrides
    row = Returnee(**values)
    session.add(row)
    _written(session)
    return row


def assistance(session: Session, person: Returnee, service: Service, **overrides: object) -> Assistance:
    """A referral received on the day it was made unless told otherwise."""
    values: dict[str, object] = {"returnee_id": person.id, "service": service,
                                 "referred_on": date(2018, 7, 1), "completed_on": date(2018, 7, 1),
                                 "outcome": AssistanceOutcome.RECEIVED} | overrides
    row = Assistance(**values)
    session.add(row)
    _written(session)
    return row


def awareness(session: Session, kind: AwarenessKind = AwarenessKind.IPT_SHOW, upazila: str = DUMURIA,
              held_on: date = date(2018, 3, 1), people_reached: int = 100) -> AwarenessActivity:
    """One awareness event."""
    row = AwarenessActivity(kind=kind, held_on=held_on, district_pcode=upazila[:6], upazila_pcode=upazila,
                            people_reached=people_reached)
    session.add(row)
    _written(session)
    return row


def fair(session: Session, upazila: str = DUMURIA, held_on: date = date(2019, 2, 1), venue: str = "Ground",
         lat: float = 22.8, lon: float = 89.4) -> MigrationFair:
    """One migration fair."""
    row = MigrationFair(held_on=held_on, district_pcode=upazila[:6], upazila_pcode=upazila, venue=venue,
                        lat=lat, lon=lon, visitors=1000, referrals_made=20)
    session.add(row)
    _written(session)
    return row


def dcc(session: Session, district: str = KHULNA, formed_on: date = date(2017, 9, 1),
        meetings: tuple[date, ...] = ()) -> Dcc:
    """A DCC with meetings on the given days."""
    row = Dcc(district_pcode=district, formed_on=formed_on,
              meetings=[DccMeeting(held_on=day, agenda="Progress") for day in meetings])
    session.add(row)
    _written(session)
    return row


def target(session: Session, indicator: str, area: str, value: int) -> Target:
    """A target for one indicator and area ("BD" for national)."""
    row = Target(indicator=indicator, area_pcode=area, value=value, due_on=date(2020, 4, 30))
    session.add(row)
    _written(session)
    return row


def provider(session: Session, upazila: str = DUMURIA, services: tuple[Service, ...] = (Service.LEGAL_SUPPORT,),
             lat: float = 22.8, lon: float = 89.4, **overrides: object) -> Provider:
    """A provider offering ``services`` at (lat, lon)."""
    values: dict[str, object] = {
        "name": f"Provider {next(_codes)}", "organisation": "BRAC", "provider_type": ProviderType.NGO,
        "district_pcode": upazila[:6], "upazila_pcode": upazila, "lat": lat, "lon": lon,
    } | overrides
    row = Provider(**values, services=[ProviderService(service=s) for s in services])
    session.add(row)
    _written(session)
    return row


def need(session: Session, person: Returnee, *services: Service) -> None:
    """Record that ``person`` was assessed as needing ``services``."""
    session.add_all(ReturneeNeed(returnee_id=person.id, service=s) for s in services)
    _written(session)
