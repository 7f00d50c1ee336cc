"""programme_indicators: each definition, scope, area and period, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from dashboard.core.filters import Filters
from dashboard.core.indicators import INDICATOR_KEYS
from dashboard.core.scope import Scope
from dashboard.db import Database
from dashboard.models.vocabulary import AssistanceOutcome, AwarenessKind, ReturnGroup, Service
from dashboard.queries import indicators_by_area_over, programme_indicators, programme_indicators_over
from geodata import Level
from tests import factories as f


def _figures(database: Database, scope: Scope | None = None, **filters: object) -> dict[str, int]:
    with database.session() as session:
        return programme_indicators(session, scope or Scope.national(), Filters(**filters))  # type: ignore[arg-type]


def test_qi001_empty_database_gives_zero_for_every_indicator(empty_db: Database) -> None:
    figures = _figures(empty_db)
    assert list(figures) == list(INDICATOR_KEYS)
    assert set(figures.values()) == {0}


def test_qi002_returnees_split_by_group_and_counted_by_profiling_date(empty_db: Database) -> None:
    with empty_db.session() as s:
        f.returnee(s, return_group=ReturnGroup.EU)
        f.returnee(s, return_group=ReturnGroup.TRANSIT, plan_date=date(2019, 12, 31))
        f.returnee(s, return_group=ReturnGroup.TRANSIT, profiled_on=date(2020, 1, 1), plan_date=date(2020, 1, 2))
    until_2019 = _figures(empty_db, end=date(2019, 12, 31))
    assert (until_2019["returnees_profiled"], until_2019["returnees_eu"], until_2019["returnees_transit"]) == (2, 1, 1)
    assert until_2019["reintegration_plans"] == 1  # the end day is included
    assert _figures(empty_db)["reintegration_plans"] == 2
    assert _figures(empty_db, start=date(2020, 1, 1))["returnees_profiled"] == 1


def test_qi003_assistance_counts_people_not_referrals(empty_db: Database) -> None:
    with empty_db.session() as s:
        twice = f.returnee(s)
        f.assistance(s, twice, Service.PSYCHOSOCIAL_COUNSELLING)
        f.assistance(s, twice, Service.PSYCHOSOCIAL_COUNSELLING, referred_on=date(2018, 8, 1), completed_on=None,
                     outcome=AssistanceOutcome.PENDING)
        declined = f.returnee(s)
        f.assistance(s, declined, Service.PSYCHOSOCIAL_COUNSELLING, completed_on=None,
                     outcome=AssistanceOutcome.DECLINED)
        pending_medical = f.returnee(s)
        f.assistance(s, pending_medical, Service.MEDICAL_TREATMENT, completed_on=None,
                     outcome=AssistanceOutcome.PENDING)
        f.assistance(s, pending_medical, Service.SKILLS_TRAINING, completed_on=None,
                     outcome=AssistanceOutcome.DECLINED)
        f.assistance(s, twice, Service.INKIND_SUPPORT, referred_on=date(2019, 12, 20), completed_on=date(2020, 1, 5))
    figures = _figures(empty_db, end=date(2019, 12, 31))
    assert figures["psychosocial_support"] == 1  # two referrals, one person; declined is not enrolled
    assert figures["medical_support"] == 0  # referred but not yet treated
    assert figures["skills_training_referrals"] == 1  # a referral counts whatever came of it
    assert figures["inkind_support"] == 0  # received only after the period
    assert _figures(empty_db)["inkind_support"] == 1


def test_qi004_scope_and_area_restrict_every_figure(empty_db: Database) -> None:
    with empty_db.session() as s:
        f.returnee(s, upazila=f.DUMURIA)
        f.returnee(s, upazila=f.GOLAPGANJ)
        f.awareness(s, upazila=f.DUMURIA, people_reached=40)
        f.awareness(s, kind=AwarenessKind.VIDEO_SHOW, upazila=f.GOLAPGANJ, people_reached=60)
        f.fair(s, upazila=f.GOLAPGANJ)
        f.dcc(s, district=f.SYLHET, meetings=(date(2018, 1, 1), date(2018, 4, 1)))
    sylhet_only = _figures(empty_db, Scope.for_districts(f.SYLHET))
    assert sylhet_only["returnees_profiled"] == 1
    assert (sylhet_only["ipt_shows"], sylhet_only["video_shows"], sylhet_only["people_reached"]) == (0, 1, 60)
    assert (sylhet_only["migration_fairs"], sylhet_only["dccs_formed"], sylhet_only["dcc_meetings"]) == (1, 1, 2)
    # A district scope never sees another district, even when that district is asked for.
    assert _figures(empty_db, Scope.for_districts(f.SYLHET), area=f.KHULNA)["returnees_profiled"] == 0
    assert set(_figures(empty_db, Scope.for_districts())).issuperset(INDICATOR_KEYS)
    assert set(_figures(empty_db, Scope.for_districts()).values()) == {0}
    khulna = _figures(empty_db, area=f.KHULNA)
    assert (khulna["returnees_profiled"], khulna["people_reached"], khulna["dcc_meetings"]) == (1, 40, 0)
    upazila = _figures(empty_db, area=f.GOLAPGANJ)
    assert (upazila["returnees_profiled"], upazila["migration_fairs"], upazila["dccs_formed"]) == (1, 1, 0)


def test_qi005_committees_formed_before_the_period_still_count(empty_db: Database) -> None:
    with empty_db.session() as s:
        f.dcc(s, formed_on=date(2017, 9, 1), meetings=(date(2017, 10, 1), date(2019, 3, 1)))
    figures = _figures(empty_db, start=date(2019, 1, 1), end=date(2019, 12, 31))
    assert (figures["dccs_formed"], figures["dcc_meetings"]) == (1, 1)
    assert _figures(empty_db, end=date(2017, 8, 31))["dccs_formed"] == 0


def test_qi006_person_filters_combine_with_area_and_period(empty_db: Database) -> None:
    from dashboard.models import ReturneeNeed
    from dashboard.models.vocabulary import Sex

    with empty_db.session() as s:
        woman = f.returnee(s, sex=Sex.FEMALE, return_group=ReturnGroup.TRANSIT)
        s.add(ReturneeNeed(returnee_id=woman.id, service=Service.LEGAL_SUPPORT))
        f.assistance(s, woman, Service.PSYCHOSOCIAL_COUNSELLING)
        f.returnee(s, sex=Sex.FEMALE, profiled_on=date(2020, 1, 10))
        man = f.returnee(s)
        f.assistance(s, man, Service.PSYCHOSOCIAL_COUNSELLING)
        f.returnee(s, upazila=f.GOLAPGANJ, sex=Sex.FEMALE)
        f.awareness(s, people_reached=50)
    women_2018 = _figures(empty_db, area=f.KHULNA, sex=("female",), end=date(2018, 12, 31))
    assert (women_2018["returnees_profiled"], women_2018["psychosocial_support"]) == (1, 1)
    assert women_2018["people_reached"] == 50  # events have no sex to filter on
    needing_legal = _figures(empty_db, need=("legal_support",))
    assert (needing_legal["returnees_profiled"], needing_legal["returnees_transit"]) == (1, 1)
    assert _figures(empty_db, sex=("female",), status=("reintegrated",))["returnees_profiled"] == 0
    assert _figures(empty_db, country=("LY",))["returnees_profiled"] == 0


def test_qi007_a_period_and_the_one_before_are_counted_apart_in_one_pass(empty_db: Database) -> None:
    march, may = date(2018, 3, 10), date(2018, 5, 10)
    with empty_db.session() as s:
        early = f.returnee(s, profiled_on=march, plan_date=may, return_group=ReturnGroup.TRANSIT)
        f.returnee(s, profiled_on=may, return_group=ReturnGroup.EU)
        # Referred in March and again in May: one person in each period, not two in the later one.
        f.assistance(s, early, Service.SKILLS_TRAINING, referred_on=march, completed_on=None,
                     outcome=AssistanceOutcome.PENDING)
        f.assistance(s, early, Service.SKILLS_TRAINING, referred_on=may, completed_on=None,
                     outcome=AssistanceOutcome.PENDING)
        f.awareness(s, held_on=march, people_reached=30)
        f.awareness(s, held_on=may, people_reached=70)
        f.fair(s, held_on=may)
        f.dcc(s, district=f.SYLHET, formed_on=date(2018, 4, 15), meetings=(march, may))
    this = Filters(start=date(2018, 4, 1), end=date(2018, 6, 30))
    before = this.previous_period()
    assert before == Filters(start=date(2018, 1, 1), end=date(2018, 3, 31))
    for fast in (True, False):  # the summary tables and, for a day-precise period, the raw tables
        periods = [this, before] if fast else [this.replace(end=date(2018, 6, 29)),
                                               before.replace(start=date(2018, 1, 2))]
        with empty_db.session() as session:
            now, then = programme_indicators_over(session, Scope.national(), periods)
            by_district = indicators_by_area_over(session, Scope.national(), Level.DISTRICT, periods)
        assert (now["returnees_profiled"], now["returnees_eu"], now["reintegration_plans"]) == (1, 1, 1)
        assert (then["returnees_profiled"], then["returnees_eu"], then["reintegration_plans"]) == (1, 0, 0)
        assert (now["skills_training_referrals"], then["skills_training_referrals"]) == (1, 1)
        assert (now["people_reached"], then["people_reached"]) == (70, 30)
        assert (now["migration_fairs"], then["migration_fairs"]) == (1, 0)
        assert (now["dccs_formed"], then["dccs_formed"]) == (1, 0)  # formed in April
        assert (now["dcc_meetings"], then["dcc_meetings"]) == (1, 1)
        assert by_district[0][f.SYLHET]["dccs_formed"] == 1
        assert by_district[1].get(f.SYLHET, {}).get("dccs_formed", 0) == 0
