"""Hotline calls per district and upazila, their breakdown by topic, caller and referral, and
people reached per returnee profiled (issue 32), at headquarters (exact)."""

from __future__ import annotations

from datetime import date, datetime

from dashboard.commands import summaries
from dashboard.core.filters import Filters
from dashboard.core.metrics import Metric, available_metrics
from dashboard.core.scope import Scope
from dashboard.db import Database
from dashboard.models import HotlineCall
from dashboard.models.vocabulary import HotlineCaller, HotlineTopic, Sex
from dashboard.queries import area_metric
from dashboard.queries.hotline import hotline_breakdown, hotline_cells
from geodata import Level
from tests import factories as f

NATIONAL = Scope.national()
BEANIBAZAR = "BD60910017"  # another upazila of Sylhet


def call(upazila: str | None, district: str | None = None, *, at: datetime = datetime(2019, 3, 1, 9),
         topic: HotlineTopic = HotlineTopic.LEGAL, caller: HotlineCaller | None = HotlineCaller.RETURNEE,
         referred: bool | None = False, key: int = 0) -> HotlineCall:
    """A call from ``upazila`` (or only its ``district``)."""
    return HotlineCall(called_at=at, district_pcode=district or (upazila[:6] if upazila else None),
                       upazila_pcode=upazila, topic=topic, caller_type=caller, referred=referred, record_key=key)


def _scene(db: Database) -> None:
    with db.session() as s:
        s.add_all([
            call(f.GOLAPGANJ, topic=HotlineTopic.LEGAL, caller=HotlineCaller.RETURNEE, referred=True, key=10),
            call(f.GOLAPGANJ, topic=HotlineTopic.LEGAL, caller=HotlineCaller.FAMILY, referred=False, key=20),
            call(f.GOLAPGANJ, topic=HotlineTopic.SAFE_MIGRATION, caller=HotlineCaller.ASPIRANT_MIGRANT,
                 referred=None, key=30),
            call(f.GOLAPGANJ, topic=HotlineTopic.REFERRAL, caller=None, referred=True, key=40,
                 at=datetime(2019, 12, 31, 22, 30)),
            call(BEANIBAZAR, key=1),
            call(None, district=f.SYLHET, key=2),  # the caller's upazila was not recorded
            call(f.DUMURIA, key=3),
            call(None, key=4),  # nor the district
        ])
        s.flush()
        summaries.refresh(s)  # as every write in the app does


def test_hl001_calls_per_district_and_per_upazila(empty_db: Database) -> None:
    _scene(empty_db)
    assert Metric.HOTLINE_CALLS in available_metrics(Level.UPAZILA)
    with empty_db.session() as s:
        districts = area_metric(s, NATIONAL, Level.DISTRICT, Metric.HOTLINE_CALLS)
        upazilas = area_metric(s, NATIONAL, Level.UPAZILA, Metric.HOTLINE_CALLS, Filters(area=f.SYLHET))
        until_2019 = area_metric(s, NATIONAL, Level.UPAZILA, Metric.HOTLINE_CALLS,
                                 Filters(area=f.SYLHET, start=date(2019, 12, 31), end=date(2019, 12, 31)))
        cells = hotline_cells(s, NATIONAL, Level.UPAZILA, Filters(area=f.SYLHET))
        scoped = hotline_cells(s, Scope.for_districts(f.KHULNA), Level.DISTRICT, Filters())
    assert (districts[f.SYLHET], districts[f.KHULNA], districts["BD2084"]) == (6, 1, 0)
    # The call placed only in Sylhet is in no upazila; every upazila of Sylhet gets a value.
    assert (upazilas[f.GOLAPGANJ], upazilas[BEANIBAZAR]) == (4, 1)
    assert sum(v or 0 for v in upazilas.values()) == 5 and all(p.startswith(f.SYLHET) for p in upazilas)
    assert until_2019[f.GOLAPGANJ] == 1  # 22:30 on the last day of the period counts
    assert cells[f.GOLAPGANJ] == (4, 100) and cells[BEANIBAZAR] == (1, 1)
    assert scoped == {f.KHULNA: (1, 3)}


def test_hl002_breakdown_by_topic_caller_and_referral(empty_db: Database) -> None:
    _scene(empty_db)
    with empty_db.session() as s:
        golapganj = hotline_breakdown(s, NATIONAL, Filters(area=f.GOLAPGANJ))
        other_scope = hotline_breakdown(s, Scope.for_districts(f.KHULNA), Filters(area=f.GOLAPGANJ))
    assert golapganj == {
        "calls": (4, 100),
        "topic.legal": (2, 30), "topic.safe_migration": (1, 30), "topic.referral": (1, 40),
        "caller.returnee": (1, 10), "caller.family": (1, 20), "caller.aspirant_migrant": (1, 30),
        "caller.unknown": (1, 40),
        "referred.yes": (2, 50), "referred.no": (1, 20), "referred.unknown": (1, 30),
    }
    assert other_scope == {}


def test_hl003_people_reached_per_returnee_profiled(empty_db: Database) -> None:
    with empty_db.session() as s:
        f.returnee(s, upazila=f.DUMURIA)
        f.returnee(s, upazila=f.DUMURIA, sex=Sex.FEMALE)
        f.returnee(s, upazila=f.GOLAPGANJ)
        f.awareness(s, upazila=f.DUMURIA, people_reached=30)
        f.awareness(s, upazila=f.DUMURIA, people_reached=15)
        f.awareness(s, upazila=BEANIBAZAR, people_reached=50)
    with empty_db.session() as s:
        districts = area_metric(s, NATIONAL, Level.DISTRICT, Metric.AWARENESS_PER_RETURNEE)
        khulna = area_metric(s, NATIONAL, Level.UPAZILA, Metric.AWARENESS_PER_RETURNEE, Filters(area=f.KHULNA))
        sylhet = area_metric(s, NATIONAL, Level.UPAZILA, Metric.AWARENESS_PER_RETURNEE, Filters(area=f.SYLHET))
        women = area_metric(s, NATIONAL, Level.UPAZILA, Metric.AWARENESS_PER_RETURNEE,
                            Filters(area=f.KHULNA, sex=("female",)))
    assert districts[f.KHULNA] == 22.5 and districts[f.SYLHET] == 50.0 and districts["BD2084"] is None
    assert khulna[f.DUMURIA] == 22.5
    # Awareness work where nobody was profiled has no ratio; returnees without any work have 0.
    assert sylhet[BEANIBAZAR] is None and sylhet[f.GOLAPGANJ] == 0.0
    assert women[f.DUMURIA] == 45.0  # the person filters narrow the returnees, not the people reached
