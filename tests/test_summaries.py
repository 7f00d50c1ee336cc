"""The fast path (summary tables) and the raw tables give the same figures, and every
write keeps the summaries current."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any
from unittest import mock

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from dashboard.commands import statistics
from dashboard.commands import summaries as summaries_module
from dashboard.core.filters import Filters
from dashboard.core.hotline import HotlineChoice
from dashboard.core.metrics import SPECS, Metric
from dashboard.core.scope import Scope
from dashboard.db import Database
from dashboard.features.compare.queries import SERIES_INDICATORS, monthly_series, rate_inputs_by_district
from dashboard.features.gaps.queries import returnees_in_need
from dashboard.features.imports import Who, run_import
from dashboard.features.imports.undo import rollback
from dashboard.models import (
    ActionItemSummary,
    AwarenessSummary,
    CountryReturneeSummary,
    DistrictAssistanceSummary,
    DistrictAwarenessSummary,
    DistrictOpenNeedSummary,
    DistrictReturneeSummary,
    MapReturneeSummary,
    ReferralPlace,
    Returnee,
    ReturneeSummary,
    UpazilaReturneeSummary,
)
from dashboard.models.vocabulary import HotlineCaller, HotlineTopic, Service
from dashboard.queries import (
    area_metric,
    hotline,
    indicators_by_area,
    indicators_by_area_over,
    outcomes,
    programme_indicators,
    programme_indicators_over,
    referrals,
    summaries,
)
from dashboard.queries.areas import returnee_breakdown_by_upazila
from dashboard.queries.dcc import ActionTally, action_tally
from dashboard.queries.metrics import returnee_cells, returnees_profiled
from geodata import Level
from tests import factories as f
from tests.features.imports.files import csv_file, returnee

SYLHET = "BD6091"
MONTHS = [date(year, month, 1) for year in range(2017, 2021) for month in range(1, 13)]


def _month_end(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


@st.composite
def month_filters(draw: st.DrawFn) -> Filters:
    """Whole-month periods (open at either end too) and any person filters but needs."""
    start = draw(st.none() | st.sampled_from(MONTHS))
    end = draw(st.none() | st.sampled_from(MONTHS).map(_month_end))
    people = {
        "sex": draw(st.lists(st.sampled_from(["male", "female", "other"]), unique=True, max_size=2)),
        "age_band": draw(st.lists(st.sampled_from(["18_24", "25_34", "35_44"]), unique=True, max_size=2)),
        "return_group": draw(st.lists(st.sampled_from(["eu", "transit"]), max_size=1)),
        "status": draw(st.lists(st.sampled_from(["profiled", "reintegrated", "plan_agreed"]), unique=True,
                                max_size=2)),
        "country": draw(st.lists(st.sampled_from(["GR", "IT", "LY", "TR"]), unique=True, max_size=2)),
    }
    area = draw(st.sampled_from([None, SYLHET, "BD4047", "BD60910038"]))
    return Filters(area=area, start=start, end=end, **{k: v for k, v in people.items() if v})


def _rows(frame: pd.DataFrame) -> list[tuple[object, ...]]:
    """A frame's rows in id order, with "no location" as None (NaN never equals itself)."""
    frame = frame.sort_values("returnee_id").astype(object)
    return [tuple(None if v is None or v != v else v for v in row) for row in frame.itertuples(index=False)]


def _everything(session, scope: Scope, filters: Filters) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Every figure the summaries can answer, for one filter set."""
    district = filters.area[:6] if filters.area else SYLHET
    drill = filters.replace(area=district)
    periods = [filters, filters.previous_period() or filters.replace(start=date(2017, 1, 1), end=date(2017, 12, 31))]
    return {
        "programme": programme_indicators(session, scope, filters),
        "with_previous": programme_indicators_over(session, scope, periods),
        "by_district_with_previous": indicators_by_area_over(session, scope, Level.DISTRICT, periods),
        "by_district": indicators_by_area(session, scope, Level.DISTRICT, filters),
        # Counts of people with their key sums (the cell key method): the same people either way.
        "keyed": programme_indicators_over(session, scope, periods, keys=True),
        "keyed_by_upazila": indicators_by_area(session, scope, Level.UPAZILA, drill, keys=True),
        "cells": returnee_cells(session, scope, Level.UPAZILA, drill),
        # The layers' base, from whichever summary holds the person filters asked.
        "profiled": (returnees_profiled(session, scope, Level.UPAZILA, drill),
                     returnees_profiled(session, scope, Level.UPAZILA, filters),
                     returnees_profiled(session, scope, Level.DISTRICT, filters)),
        "metrics": {m: area_metric(session, scope, Level.DISTRICT, m, filters) for m in Metric
                    if SPECS[m].about_returnees or m in (Metric.AWARENESS_REACH, Metric.HOTLINE_CALLS)},
        "upazila_metrics": {m: area_metric(session, scope, Level.UPAZILA, m, drill) for m in Metric
                            if not SPECS[m].district_only and (SPECS[m].about_returnees
                                                              or m == Metric.AWARENESS_REACH)},
        "breakdown": {b: returnee_breakdown_by_upazila(session, scope, b, drill)
                      for b in ("sex", "status", "return_group")},
        "national_breakdown": returnee_breakdown_by_upazila(session, scope, "return_group", filters),
        "rate_inputs": rate_inputs_by_district(session, scope, filters),
        "series": {i: monthly_series(session, scope, i, filters, (SYLHET, "BD4047", "BD3026"))
                   for i in SERIES_INDICATORS},
        "in_need": {s: _rows(returnees_in_need(session, scope, district, s, filters))
                    for s in ("legal_support", "job_placement")},
    }


# 25 examples: the comparison now also checks every key sum, and make test must stay short.
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(filters=month_filters(), national=st.booleans())
def test_su001_summaries_and_raw_tables_agree(demo_db: Database, filters: Filters, national: bool) -> None:
    assert summaries.usable(filters)
    _fast_and_raw_agree(demo_db, filters, national)


def _fast_and_raw_agree(database: Database, filters: Filters, national: bool) -> None:
    scope = Scope.national() if national else Scope.for_districts(SYLHET, "BD4047")
    with database.session() as session:
        fast = _everything(session, scope, filters)
        with mock.patch.object(summaries, "usable", return_value=False), \
                mock.patch.object(summaries, "open_needs_usable", return_value=False):
            raw = _everything(session, scope, filters)
    assert fast == raw


def test_su002_day_precise_periods_and_needs_go_to_the_raw_tables() -> None:
    assert summaries.usable(Filters(start=date(2018, 1, 1), end=date(2018, 2, 28)))
    assert not summaries.usable(Filters(start=date(2018, 1, 2)))
    assert not summaries.usable(Filters(end=date(2018, 2, 27)))
    assert not summaries.usable(Filters(need=("legal_support",)))


def _summary_total(database: Database) -> tuple[int, int]:
    with database.session() as session:
        return (int(session.scalar(select(func.coalesce(func.sum(ReturneeSummary.returnees), 0))) or 0),
                int(session.scalar(select(func.count()).select_from(Returnee)) or 0))


def test_su003_an_import_and_its_undo_rebuild_the_summaries(empty_db: Database) -> None:
    rows = [returnee(f"PR-SUM{i}") for i in range(4)]
    report = run_import(empty_db, csv_file(rows), "r.csv", "returnees", Who("t", "hq_admin"))
    assert report.batch_id is not None and report.inserted == 4
    assert _summary_total(empty_db) == (4, 4)
    with empty_db.session() as session:
        rollback(session, report.batch_id, "t")
    assert _summary_total(empty_db) == (0, 0)


def _summary_rows(database: Database) -> list[tuple[object, ...]]:
    with database.session() as session:
        return sorted(session.execute(select(
            ReturneeSummary.district_pcode, ReturneeSummary.upazila_pcode, ReturneeSummary.profiled_month,
            ReturneeSummary.sex, ReturneeSummary.unmet_need, ReturneeSummary.returnees)).all())


def _rollup_rows(database: Database) -> dict[str, list[tuple[object, ...]]]:
    r, a, w = DistrictReturneeSummary, DistrictAssistanceSummary, DistrictAwarenessSummary
    u, p, m, c = UpazilaReturneeSummary, ReferralPlace, MapReturneeSummary, CountryReturneeSummary
    with database.session() as session:
        return {
            "referral_places": sorted(session.execute(select(p.district_pcode, p.upazila_pcode, p.referred_on,
                                                             p.referrals)).all()),
            "returnees": sorted(session.execute(select(r.district_pcode, r.sex, r.returnees)).all()),
            "upazilas": sorted(session.execute(select(u.upazila_pcode, u.profiled_month, u.returnees)).all()),
            "map": sorted(session.execute(select(m.upazila_pcode, m.profiled_month, m.plan_month, m.unmet_need,
                                                 m.returnees, m.key_sum)).all()),
            "countries": sorted(session.execute(select(c.district_pcode, c.country_code, c.returnees)).all()),
            "assistance": sorted(session.execute(select(a.district_pcode, a.figure, a.month, a.people)).all()),
            "awareness": sorted(session.execute(select(w.district_pcode, w.month, w.kind, w.activities)).all()),
            "open_needs": _open_need_counts(session),
        }


def _open_need_counts(session: Session) -> list[tuple[object, ...]]:
    """The open needs counted per district and service, one row per pair."""
    o = DistrictOpenNeedSummary
    return sorted(session.execute(select(o.district_pcode, o.service, func.sum(o.needs))
                                  .group_by(o.district_pcode, o.service)).all())


def test_su004_an_import_rebuilds_the_districts_it_touches_including_the_one_a_person_left(
        empty_db: Database) -> None:
    from dashboard.models.vocabulary import Service
    from tests import factories as f

    with empty_db.session() as session:
        mover = f.returnee(session, code="PR-MOVER", upazila=f.DUMURIA)
        f.assistance(session, mover, Service.LEGAL_SUPPORT)  # where it counts moves with them
        f.returnee(session, code="PR-STAYS", upazila=f.DUMURIA)
    report = run_import(empty_db, csv_file([returnee("PR-MOVER")]), "r.csv", "returnees", Who("t", "hq_admin"))
    assert report.updated == 1
    after_import, rolled_up = _summary_rows(empty_db), _rollup_rows(empty_db)
    with empty_db.session() as session:
        summaries_module.refresh(session)  # everything, from scratch
    assert after_import == _summary_rows(empty_db)
    assert rolled_up == _rollup_rows(empty_db)
    assert {(d, n) for d, *_rest, n in after_import} == {("BD4047", 1), ("BD6091", 1)}
    assert {(d, n) for d, _sex, n in rolled_up["returnees"]} == {("BD4047", 1), ("BD6091", 1)}
    assert rolled_up["referral_places"] == [("BD6091", f.GOLAPGANJ, date(2018, 7, 1), 1)]


def test_su005_someone_helped_in_several_months_counts_once_in_any_period(empty_db: Database) -> None:
    from dashboard.models.vocabulary import AssistanceOutcome, Service
    from tests import factories as f

    with empty_db.session() as session:
        person = f.returnee(session, profiled_on=date(2017, 11, 1))
        for day in (date(2017, 12, 5), date(2018, 3, 2), date(2018, 3, 20), date(2018, 5, 9)):
            f.assistance(session, person, Service.PSYCHOSOCIAL_COUNSELLING, referred_on=day, completed_on=None,
                         outcome=AssistanceOutcome.PENDING)
    periods = {(None, None): 1, (date(2018, 3, 1), date(2018, 5, 31)): 1, (date(2018, 1, 1), date(2018, 12, 31)): 1,
               (date(2017, 12, 1), date(2018, 3, 31)): 1, (date(2018, 4, 1), date(2018, 4, 30)): 0,
               (date(2018, 5, 1), None): 1, (None, date(2017, 11, 30)): 0}
    with empty_db.session() as session:
        for (start, end), people in periods.items():
            figures = programme_indicators(session, Scope.national(), Filters(start=start, end=end))
            assert figures["psychosocial_support"] == people, (start, end)


def _open_needs(database: Database) -> list[tuple[object, ...]]:
    from dashboard.models import OpenNeed

    with database.session() as session:
        return sorted(session.execute(select(OpenNeed.returnee_id, OpenNeed.service, OpenNeed.district_pcode,
                                             OpenNeed.upazila_pcode, OpenNeed.code, OpenNeed.sex)).all())


def test_su006_imports_refresh_the_open_needs_of_the_people_they_wrote(empty_db: Database) -> None:
    from tests import factories as f

    with empty_db.session() as session:
        f.returnee(session, code="PR-OTHER", upazila=f.DUMURIA)
    who, today = Who("t", "hq_admin"), date(2019, 6, 1)
    before = _open_needs(empty_db)
    people = run_import(empty_db, csv_file([returnee("PR-NEW"), returnee("PR-OTHER", sex="male")]), "r.csv",
                        "returnees", who)
    referrals = csv_file([["PR-NEW", "legal_support", "2019-02-01", "received", "2019-02-10"]],
                         ["returnee_code", "service", "referred_on", "outcome", "completed_on"])
    helped = run_import(empty_db, referrals, "a.csv", "assistance", who, today=today)
    assert helped.inserted == 1
    after_imports = _open_needs(empty_db)
    with empty_db.session() as session:
        summaries_module.refresh(session)  # everything, from scratch
    assert after_imports == _open_needs(empty_db)
    with empty_db.session() as session:
        counted = _open_need_counts(session)
    # Counted from the needs the imports left (the test's own tally of the rows just read).
    assert counted == sorted((d, s, n) for (d, s), n in Counter(
        (district, service) for _i, service, district, _u, _c, _s in after_imports).items()) and counted
    # The new person's legal need was met by the referral; the one who moved is in Sylhet now.
    assert {(code, service.value, district) for _i, service, district, _u, code, _s in after_imports} == {
        ("PR-NEW", "job_placement", "BD6091"), ("PR-OTHER", "legal_support", "BD6091"),
        ("PR-OTHER", "job_placement", "BD6091")}
    # Undone newest first, the open needs are as they were, row for row.
    with empty_db.session() as session:
        rollback(session, helped.batch_id, "t")  # type: ignore[arg-type]
    assert ("PR-NEW", "legal_support") in {(code, service.value) for _i, service, _d, _u, code, _s in
                                           _open_needs(empty_db)}
    with empty_db.session() as session:
        rollback(session, people.batch_id, "t")  # type: ignore[arg-type]
    assert _open_needs(empty_db) == before
    with empty_db.session() as session:
        assert _open_need_counts(session) == sorted((d, s, n) for (d, s), n in Counter(
            (district, service) for _i, service, district, _u, _c, _s in before).items())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(filters=month_filters(), other=month_filters(), raw=st.booleans())
def test_su008_periods_counted_in_one_pass_equal_each_counted_alone(demo_db: Database, filters: Filters,
                                                                    other: Filters, raw: bool) -> None:
    second = filters.replace(start=other.start, end=other.end)
    with demo_db.session() as session, mock.patch.object(summaries, "usable", return_value=not raw):
        together = programme_indicators_over(session, Scope.national(), [filters, second])
        apart = [programme_indicators(session, Scope.national(), f) for f in (filters, second)]
        by_area = indicators_by_area_over(session, Scope.national(), Level.UPAZILA, [filters, second])
        by_area_apart = [indicators_by_area(session, Scope.national(), Level.UPAZILA, f) for f in (filters, second)]
    assert together == apart
    nonzero = [{a: v for a, v in one.items() if any(v.values())} for one in by_area]
    assert nonzero == [{a: v for a, v in one.items() if any(v.values())} for one in by_area_apart]


def test_su009_the_smallest_summary_that_answers_is_read() -> None:
    district, upazila = summaries.returnee_table, "BD60910038"
    assert district(Filters(sex=("female",), age_band=("18_24",), return_group=("eu",)), None) \
        is DistrictReturneeSummary
    assert district(Filters(area=SYLHET), Level.DISTRICT) is DistrictReturneeSummary
    # Status, country, an upazila or a grouping by upazila need the full summary.
    assert district(Filters(status=("reintegrated",)), None) is ReturneeSummary
    assert district(Filters(country=("GR",)), Level.DISTRICT) is ReturneeSummary
    assert district(Filters(area=upazila), None) is ReturneeSummary
    assert district(Filters(area=SYLHET), Level.UPAZILA) is ReturneeSummary
    assert summaries.assistance_table(Filters(sex=("male",)), None) is DistrictAssistanceSummary
    assert summaries.assistance_table(Filters(country=("GR",)), None).__name__ == "AssistanceSummary"
    # The map's returnee circles: per upazila by sex or return group, not by status.
    assert summaries.breakdown_table(Filters(area=upazila, sex=("male",)), "return_group") is UpazilaReturneeSummary
    assert summaries.breakdown_table(Filters(), "status") is ReturneeSummary
    assert summaries.breakdown_table(Filters(country=("GR",)), "sex") is ReturneeSummary
    # Awareness activities are not about particular returnees: any person filter is answered.
    assert summaries.awareness_table(Filters(country=("GR",)), None) is DistrictAwarenessSummary
    assert summaries.awareness_table(Filters(area=upazila), None).__name__ == "AwarenessSummary"


@st.composite
def rollup_filters(draw: st.DrawFn) -> Filters:
    """Whole-month periods with only the person filters the district rollups keep."""
    drawn = draw(month_filters())
    return drawn.replace(status=(), country=())


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(filters=rollup_filters(), national=st.booleans())
def test_su010_district_rollups_and_raw_tables_agree(demo_db: Database, filters: Filters, national: bool) -> None:
    _fast_and_raw_agree(demo_db, filters, national)


@pytest.mark.parametrize("people", [{}, {"sex": ("female",)}, {"age_band": ("25_34", "35_44"), "return_group": ("eu",)},
                                    {"status": ("profiled",)}])
@pytest.mark.parametrize("area", [None, SYLHET, "BD60910038"])
def test_su017_the_whole_time_is_answered_from_the_totals_as_from_the_raw_tables(
        demo_db: Database, people: dict[str, tuple[str, ...]], area: str | None) -> None:
    """No start and no end, as every page first opens: the rollups' all-time totals answer
    (their months only 0 or NULL), and every figure equals the raw tables', nationally and for
    two districts. The totals are what was read whenever a rollup would have been."""
    read: list[str] = []

    def watch(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        read.extend(name for name in TOTALS if f"FROM {name}" in statement or f"JOIN {name}" in statement)

    filters = Filters(area=area, **people)  # type: ignore[arg-type]
    event.listen(demo_db.engine, "before_cursor_execute", watch)
    try:
        for national in (True, False):
            _fast_and_raw_agree(demo_db, filters, national)
    finally:
        event.remove(demo_db.engine, "before_cursor_execute", watch)
    if summaries.people_rolled_up(filters):
        assert "summary_returnees_upazila_total" in read  # the returnee circles by return group
        if area is None or len(area) <= 6:
            assert {"summary_returnees_district_total", "summary_assistance_district_total"} <= set(read)
    if not people:
        assert "summary_returnees_map_total" in read  # the map's cells without a person filter
    if "status" in people:
        assert "summary_returnees_district_total" not in read


TOTALS = ("summary_returnees_district_total", "summary_returnees_upazila_total", "summary_returnees_map_total",
          "summary_assistance_district_total")


def test_su011_a_big_import_updates_the_statistics_of_the_tables_it_wrote_only() -> None:
    from dashboard.features.imports.store import tables_written

    assert tables_written("returnees") == (
        "returnees", "returnee_needs", "returnee_vulnerabilities", "summary_returnees", "summary_open_needs",
        "summary_open_needs_district", "summary_open_need_places", "summary_assistance", "summary_referral_places",
        "summary_referral_flows",
        "summary_outcomes", "summary_returnees_district", "summary_returnees_upazila", "summary_returnees_map",
        "summary_returnee_countries", "summary_assistance_district", "summary_referral_flow_totals",
        "summary_returnees_district_total", "summary_returnees_upazila_total", "summary_returnees_map_total",
        "summary_assistance_district_total")
    assert tables_written("followups") == ("followups", "summary_outcomes")
    assert tables_written("hotline") == ("hotline_calls", "summary_hotline", "summary_hotline_calls",
                                         "summary_hotline_areas")
    assert tables_written("providers") == ("providers", "provider_services")


def test_su012_statistics_of_named_tables_on_both_databases(empty_db: Database) -> None:

    with empty_db.session() as session:
        statistics.analyze(session, ["returnees", "summary_returnees_district"])
        with pytest.raises(ValueError, match="not a table"):
            statistics.analyze(session, ['returnees"; DROP TABLE returnees; --'])


@st.composite
def hotline_choices(draw: st.DrawFn) -> HotlineChoice:
    """Any choice of topics, caller types and referral answer (empty: the whole hotline)."""
    return HotlineChoice.of(
        draw(st.lists(st.sampled_from([t.value for t in HotlineTopic]), unique=True, max_size=3)),
        draw(st.lists(st.sampled_from([c.value for c in HotlineCaller]), unique=True, max_size=2)),
        draw(st.sampled_from([None, "yes", "no"])))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(filters=month_filters(), choice=hotline_choices(), national=st.booleans(),
       level=st.sampled_from([Level.DISTRICT, Level.UPAZILA]))
def test_su013_hotline_summaries_and_calls_agree(demo_db: Database, filters: Filters, choice: HotlineChoice,
                                                 national: bool, level: Level) -> None:
    """Every hotline cell and breakdown group, count and key sum, is the same from the summaries
    as from the six million calls, for any whole-month period, area, scope and choice."""
    scope = Scope.national() if national else Scope.for_districts(SYLHET, "BD4047")
    with demo_db.session() as session:
        fast = hotline.summary_area_cells(session, scope, level, filters, choice)
        raw = hotline.raw_area_cells(session, scope, level, filters, choice)
        assert fast == raw
        assert hotline.summary_breakdown(session, scope, filters, choice) == hotline.raw_breakdown(
            session, scope, filters, choice)


def test_su014_a_day_precise_period_counts_the_calls_themselves() -> None:
    from dashboard.queries.summaries import whole_months

    assert whole_months(Filters(start=date(2019, 2, 1), end=date(2019, 2, 28)))
    assert whole_months(Filters())
    assert not whole_months(Filters(start=date(2019, 2, 2)))
    assert not whole_months(Filters(end=date(2019, 2, 27)))


@st.composite
def flow_filters(draw: st.DrawFn) -> Filters:
    """Whole-month periods over a district or one of its upazilas, with the person filters the
    referral-flow summaries keep (sex, age band, return group) or none."""
    drawn = draw(rollup_filters())
    area = draw(st.sampled_from([SYLHET, "BD4047", "BD60910038"]))
    return drawn.replace(area=area)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(filters=flow_filters(), national=st.booleans())
def test_su015_referral_flow_summary_and_referrals_agree(demo_db: Database, filters: Filters,
                                                         national: bool) -> None:
    """Each flow line's people, referrals, received and pending, with every key sum, is the same
    from the summary as from the referrals themselves (a person referred on one line in several
    months of the period counts once)."""
    assert filters.area is not None
    district = filters.area[:6]
    scope = Scope.national() if national else Scope.for_districts(district)
    with demo_db.session() as session:
        assert referrals.summary_flows(session, scope, district, filters) == referrals.raw_flows(
            session, scope, district, filters)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(dimension=st.sampled_from(["composite", "economic", "social", "psychosocial"]), national=st.booleans(),
       level=st.sampled_from([Level.DISTRICT, Level.UPAZILA]), district=st.sampled_from([None, SYLHET, "BD4047"]),
       rounds=st.lists(st.sampled_from([0, 3, 6, 12]), min_size=1, max_size=3, unique=True))
def test_su016_outcome_summary_and_surveys_agree(demo_db: Database, dimension: str, national: bool, level: Level,
                                                 district: str | None, rounds: list[int]) -> None:
    """Every score cell (people, key sums, good at the declared score, and the score sum to
    float precision) and cohort point is the same from the summary as from the surveys."""
    from dashboard.core.outcomes import GOOD_SCORE

    scope = Scope.national() if national else Scope.for_districts(SYLHET, "BD4047")
    place = district if level == Level.UPAZILA else None
    with demo_db.session() as session:
        pairs = [(outcomes.summary_area_scores(session, scope, level, place, tuple(rounds), dimension),
                  outcomes.raw_area_scores(session, scope, level, place, tuple(rounds), dimension, GOOD_SCORE)),
                 (outcomes.cohort_scores(session, scope, district, dimension),
                  outcomes.raw_cohort_scores(session, scope, district, dimension))]
    for fast, raw in pairs:
        assert set(fast) == set(raw)
        for key, cell in raw.items():
            assert (fast[key].people, fast[key].key_sum, fast[key].good, fast[key].good_key_sum) == (
                cell.people, cell.key_sum, cell.good, cell.good_key_sum)
            assert abs(fast[key].total - cell.total) < 1e-6


_ITEM_HEADER = ["district", "meeting_date", "description", "owner", "due_on", "status", "completed_on", "upazila"]


def _counted_items(database: Database, rebuild: bool = False) -> list[tuple[object, ...]]:
    """The counted action items as stored, or (``rebuild``) as a full rebuild makes them."""
    with database.session() as session:
        if rebuild:
            summaries_module.refresh(session, ("action_items",))
        rows = sorted(session.execute(select(
            ActionItemSummary.district_pcode, ActionItemSummary.held_on, ActionItemSummary.status,
            ActionItemSummary.open_due, ActionItemSummary.on_time, ActionItemSummary.items)).all())
        session.rollback()
    return rows


def _sylhet_tally(database: Database) -> ActionTally:
    with database.session() as session:
        return action_tally(session, Scope.national(), SYLHET, Filters(), date(2019, 7, 1))


def test_su018_imports_of_action_items_and_their_undo_keep_the_counted_items(empty_db: Database) -> None:
    """The tallies are read from ``summary_action_items``: an import of items, one that closes an
    item, and undoing each leave the counts the test's own items give, and the rows a rebuild makes."""
    who = Who("t", "hq_admin")
    meetings = csv_file([["Sylhet", "2019-03-04", "Plan", "demo", ""],
                         ["Sylhet", "2019-05-06", "Review", "demo bmet", ""]],
                        header=["district", "held_on", "agenda", "departments_present", "decisions"])
    assert run_import(empty_db, meetings, "m.csv", "dcc_meetings", who).inserted == 2
    items = [["Sylhet", "2019-03-04", "late", "demo", "2019-04-01", "open", "", ""],
             ["Sylhet", "2019-03-04", "later", "bmet", "2019-09-01", "open", "", ""],
             ["Sylhet", "2019-05-06", "on time", "demo", "2019-06-01", "done", "2019-05-30", ""],
             ["Sylhet", "2019-05-06", "too late", "demo", "2019-06-01", "done", "2019-06-10", ""],
             ["Sylhet", "2019-05-06", "given up", "bmet", "2019-06-01", "dropped", "", ""]]
    first = run_import(empty_db, csv_file(items, _ITEM_HEADER), "a.csv", "action_items", who)
    assert first.batch_id is not None and first.inserted == 5
    # As of 1 July 2019: two open, one of them overdue; one done on time; done or overdue: three.
    imported = ActionTally(open=2, overdue=1, on_time=1, counted=3, oldest_open=date(2019, 4, 1))
    assert _sylhet_tally(empty_db) == imported
    assert _counted_items(empty_db) == _counted_items(empty_db, rebuild=True)

    items[0][5:7] = ["done", "2019-06-20"]  # the overdue item closed, late
    second = run_import(empty_db, csv_file(items, _ITEM_HEADER), "a.csv", "action_items", who)
    assert second.batch_id is not None and second.updated == 1
    assert _sylhet_tally(empty_db) == ActionTally(open=1, overdue=0, on_time=1, counted=3,
                                                  oldest_open=date(2019, 9, 1))
    assert _counted_items(empty_db) == _counted_items(empty_db, rebuild=True)

    with empty_db.session() as session:
        rollback(session, second.batch_id, "t")
        session.commit()
    assert _sylhet_tally(empty_db) == imported
    with empty_db.session() as session:
        rollback(session, first.batch_id, "t")
        session.commit()
    assert _sylhet_tally(empty_db) == ActionTally(0, 0, 0, 0, None)
    assert _counted_items(empty_db) == []


def test_su019_a_rebuild_lays_each_summary_out_in_its_district_index_order(empty_db: Database) -> None:
    """Rows written in the district index's order (district, month): a district-month's rows
    share pages instead of one page each (``summaries._laid_out``). Grouped by upazila first,
    as the summary's query groups, these events come out in another order (Sylhet's second
    upazila held its event in January, its first in December)."""
    events = [("BD60910038", date(2019, 12, 5)), ("BD60910041", date(2019, 1, 5)),
              ("BD40470030", date(2019, 11, 5)), ("BD40470040", date(2019, 2, 5)),
              ("BD60910041", date(2019, 6, 5))]
    with empty_db.session() as session:
        for upazila, day in events:
            f.awareness(session, upazila=upazila, held_on=day)
        summaries_module.refresh(session, ("awareness",))
        laid = [tuple(row) for row in session.execute(
            select(AwarenessSummary.district_pcode, AwarenessSummary.month).order_by(AwarenessSummary.id))]
    assert laid == sorted((upazila[:6], day.year * 100 + day.month) for upazila, day in events)


def _legal_places(database: Database, filters: Filters | None = None) -> tuple[list[tuple[object, ...]], list[str]]:
    """Sylhet's people in need of legal support per place, sorted (no location last), and the
    tables the query read."""
    from dashboard.features.gaps.queries import in_need_places

    read: list[str] = []

    def watch(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        read.append(statement)

    with database.session() as session:
        event.listen(database.engine, "before_cursor_execute", watch)
        try:
            frame = in_need_places(session, Scope.national(), SYLHET, "legal_support", filters, keys=True)
        finally:
            event.remove(database.engine, "before_cursor_execute", watch)
    rows = [(u, None if pd.isna(lat) else round(lat, 4), None if pd.isna(lon) else round(lon, 4), int(n), int(k))
            for u, lat, lon, n, k in frame.itertuples(index=False)]
    return sorted(rows, key=lambda r: (r[0], r[1] is None, r[1] or 0, r[2] or 0)), read


def test_su020_people_in_need_per_place_over_the_whole_time_follow_imports_and_undo(empty_db: Database) -> None:
    """The gap finder's whole-time places are read from ``summary_open_need_places``: the counts
    and key sums of the test's own people, after an import adds one at a new place and moves
    one away, and after its undo; a period still reads the open needs, with the same answer."""
    golapganj = f.GOLAPGANJ
    with empty_db.session() as session:
        for lat, lon, keys in ((24.8, 92.0, (3, 5, 7)), (24.85, 92.05, (11, 13))):
            for key in keys:
                f.need(session, f.returnee(session, upazila=golapganj, lat=lat, lon=lon, record_key=key,
                                           code=f"PR-K{key}"), Service.LEGAL_SUPPORT)
        f.need(session, f.returnee(session, upazila=golapganj, record_key=17), Service.LEGAL_SUPPORT)
        f.need(session, f.returnee(session, upazila=golapganj, lat=24.8, lon=92.0, record_key=19),
               Service.JOB_PLACEMENT)  # another service: not counted
        session.commit()
    stored = [(golapganj, 24.8, 92.0, 3, 15), (golapganj, 24.85, 92.05, 2, 24), (golapganj, None, None, 1, 17)]
    places, read = _legal_places(empty_db)
    assert places == stored
    assert any("summary_open_need_places" in s for s in read)
    assert _legal_places(empty_db, Filters(start=date(2000, 1, 1)))[0] == stored  # through the open needs

    moved = returnee("PR-K13", district="Khulna", upazila="Dumuria", gps="22.8 89.4 10 5")
    report = run_import(empty_db, csv_file([returnee("PR-NEW", gps="24.86 92.01 30 5"), moved]), "r.csv",
                        "returnees", Who("t", "hq_admin"))
    assert report.batch_id is not None and report.inserted == 1 and report.updated == 1
    with empty_db.session() as session:
        new_key = session.scalar(select(Returnee.record_key).where(Returnee.code == "PR-NEW"))
    places, _read = _legal_places(empty_db)
    assert places == [(golapganj, 24.8, 92.0, 3, 15), (golapganj, 24.85, 92.05, 1, 11),
                      (golapganj, 24.86, 92.01, 1, new_key), (golapganj, None, None, 1, 17)]
    with empty_db.session() as session:
        rollback(session, report.batch_id, "t")
        session.commit()
    assert _legal_places(empty_db)[0] == stored
