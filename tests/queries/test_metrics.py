"""Choropleth metrics per area, person filters, and "no data" versus zero."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from dashboard.commands import summaries
from dashboard.core.filters import Filters
from dashboard.core.metrics import Metric, available_metrics
from dashboard.core.scope import Scope
from dashboard.db import Database
from dashboard.models import HotlineCall, ReturneeNeed
from dashboard.models.vocabulary import AssistanceOutcome, HotlineTopic, Service, Sex
from dashboard.queries import area_metric, returnee_points
from dashboard.queries.areas import AreaTooLarge
from geodata import Level, admin_areas
from tests import factories as f

NATIONAL = Scope.national()


def _metric(db: Database, metric: Metric, level: Level = Level.DISTRICT, scope: Scope = NATIONAL,
            **filters: object) -> dict[str, float | None]:
    with db.session() as s:
        return area_metric(s, scope, level, metric, Filters(**filters))  # type: ignore[arg-type]


def test_qm001_counts_are_zero_filled_and_scoped(empty_db: Database) -> None:
    with empty_db.session() as s:
        f.returnee(s, upazila=f.DUMURIA)
        f.returnee(s, upazila=f.GOLAPGANJ, sex=Sex.FEMALE)
    values = _metric(empty_db, Metric.RETURNEES)
    assert len(values) == 64 and values[f.KHULNA] == 1 and values["BD2084"] == 0
    assert _metric(empty_db, Metric.RETURNEES, scope=Scope.for_districts(f.SYLHET)) == {f.SYLHET: 1}
    assert _metric(empty_db, Metric.RETURNEES, sex=("female",))[f.KHULNA] == 0
    assert _metric(empty_db, Metric.RETURNEES, start=date(2021, 1, 1))[f.KHULNA] == 0
    upazilas = _metric(empty_db, Metric.RETURNEES, Level.UPAZILA, area=f.KHULNA)
    assert upazilas[f.DUMURIA] == 1 and len(upazilas) == 10 and all(p.startswith(f.KHULNA) for p in upazilas)
    density = _metric(empty_db, Metric.RETURNEES_PER_100_SQKM)[f.KHULNA]
    assert density == round(100 / admin_areas()[f.KHULNA].area_sqkm, 2)


def test_qm002_shares_are_none_without_returnees(empty_db: Database) -> None:
    with empty_db.session() as s:
        planned = f.returnee(s, plan_date=date(2018, 9, 1))
        s.add(ReturneeNeed(returnee_id=planned.id, service=Service.PSYCHOSOCIAL_COUNSELLING))
        f.assistance(s, planned, Service.PSYCHOSOCIAL_COUNSELLING)
        waiting = f.returnee(s)
        s.add(ReturneeNeed(returnee_id=waiting.id, service=Service.LEGAL_SUPPORT))
        f.assistance(s, waiting, Service.LEGAL_SUPPORT, completed_on=None, outcome=AssistanceOutcome.PENDING)
    plans = _metric(empty_db, Metric.PLAN_SHARE)
    assert plans[f.KHULNA] == 50.0 and plans[f.SYLHET] is None
    assert _metric(empty_db, Metric.PLAN_SHARE, end=date(2018, 8, 31))[f.KHULNA] == 0.0
    unmet = _metric(empty_db, Metric.UNMET_NEED_SHARE)
    assert unmet[f.KHULNA] == 50.0 and unmet[f.SYLHET] is None
    assert _metric(empty_db, Metric.UNMET_NEED_SHARE, need=("legal_support",))[f.KHULNA] == 100.0


def test_qm003_events_meetings_and_hotline(empty_db: Database) -> None:
    with empty_db.session() as s:
        f.awareness(s, upazila=f.DUMURIA, people_reached=30)
        f.awareness(s, upazila=f.DUMURIA, people_reached=12, held_on=date(2020, 1, 5))
        f.fair(s, upazila=f.GOLAPGANJ)
        f.dcc(s, district=f.KHULNA, meetings=(date(2018, 1, 1),))
        f.dcc(s, district=f.SYLHET)
        s.add_all([HotlineCall(called_at=datetime(2019, 12, 31, 22, 30), district_pcode=f.SYLHET,
                               topic=HotlineTopic.LEGAL),
                   HotlineCall(called_at=datetime(2020, 1, 1, 7, 5), district_pcode=f.SYLHET,
                               topic=HotlineTopic.OTHER)])
        s.flush()
        summaries.refresh(s)  # as every write in the app does
    until_2019 = {"end": date(2019, 12, 31)}
    assert _metric(empty_db, Metric.AWARENESS_REACH, **until_2019)[f.KHULNA] == 30
    assert _metric(empty_db, Metric.AWARENESS_REACH, Level.UPAZILA, area=f.KHULNA)[f.DUMURIA] == 42
    assert _metric(empty_db, Metric.FAIRS)[f.SYLHET] == 1
    meetings = _metric(empty_db, Metric.DCC_MEETINGS)
    assert (meetings[f.KHULNA], meetings[f.SYLHET], meetings["BD2084"]) == (1, 0, None)
    assert _metric(empty_db, Metric.HOTLINE_CALLS, **until_2019)[f.SYLHET] == 1  # 22:30 on the last day counts


def test_qm004_levels_and_arguments() -> None:
    assert Metric.DCC_MEETINGS not in available_metrics(Level.UPAZILA)
    assert Metric.DCC_MEETINGS in available_metrics(Level.DISTRICT)


def test_qm005_invalid_requests_are_refused(empty_db: Database) -> None:
    with pytest.raises(ValueError, match="district"):
        _metric(empty_db, Metric.RETURNEES, Level.UPAZILA)
    with pytest.raises(ValueError, match="per district"):
        _metric(empty_db, Metric.DCC_MEETINGS, Level.UPAZILA, area=f.KHULNA)
    with empty_db.session() as s, pytest.raises(AreaTooLarge):
        returnee_points(s, NATIONAL, "sex", Filters())


def test_qm006_points_are_returnees_per_grid_cell_never_stored_locations(empty_db: Database) -> None:
    with empty_db.session() as s:
        f.returnee(s, lat=22.81, lon=89.43)
        f.returnee(s, lat=22.82, lon=89.44)  # the same 0.02-degree cell, counted together
        f.returnee(s, lat=22.83, lon=89.43)  # the next cell north
        f.returnee(s)  # no location: never a point
        f.returnee(s, upazila=f.GOLAPGANJ, lat=24.85, lon=92.0)
        # Cells run from 22.805 to 22.825 and 22.825 to 22.845; centres 22.815 and 22.835.
        assert returnee_points(s, NATIONAL, "return_group", Filters(area=f.KHULNA)) == [
            (22.815, 89.435, "eu", 2), (22.835, 89.435, "eu", 1)]
        assert returnee_points(s, Scope.for_districts(f.SYLHET), "sex", Filters(area=f.KHULNA)) == []


def test_qm008_the_profiled_base_is_read_from_the_cells_a_request_already_has(empty_db: Database) -> None:
    """The national map asks for the districts' returnee cells, then the awareness layer for
    their profiled counts: the second answer comes from the first, with no query, and equals
    what it would be asked alone (small counts and key sums included)."""
    from sqlalchemy import event

    from dashboard.queries.memo import MEMO
    from dashboard.queries.metrics import returnee_cells, returnees_profiled

    with empty_db.session() as s:
        f.returnee(s, upazila=f.DUMURIA)
        f.returnee(s, upazila=f.DUMURIA, sex=Sex.FEMALE)
        f.returnee(s, upazila=f.GOLAPGANJ)
        s.commit()
    year = Filters(start=date(2018, 1, 1), end=date(2018, 12, 31))
    with empty_db.session() as s:
        alone = returnees_profiled(s, NATIONAL, Level.DISTRICT, year)
    assert {pcode: n for pcode, (n, _key) in alone.items()} == {f.KHULNA: 2, f.SYLHET: 1}
    statements: list[str] = []
    with empty_db.session() as s:
        s.info[MEMO] = {}
        cells = returnee_cells(s, NATIONAL, Level.DISTRICT, year)

        def heard(*args: object) -> None:
            statements.append(str(args[2]))

        event.listen(empty_db.engine, "before_cursor_execute", heard)
        try:
            shared = returnees_profiled(s, NATIONAL, Level.DISTRICT, year)
        finally:
            event.remove(empty_db.engine, "before_cursor_execute", heard)
    assert shared == alone and statements == []
    assert shared[f.KHULNA] == cells[f.KHULNA][0]
