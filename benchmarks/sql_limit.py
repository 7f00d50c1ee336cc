"""The app against the limit: each slow action beside the best SQL that returns the same numbers.

    python -m benchmarks.sql_limit [--scale N] [--db sqlite|postgres|both] [--repeat R] [--warmup W]
                                   [--pg-schema SCHEMA] [--app-report FILE] [--json]

For the slowest actions at each level (the national map with every layer; the service-gap
finder in the largest districts) this module holds the fewest SQL statements (SQLAlchemy Core
on the dashboard's own tables, the same summary tables the app reads, so they run on SQLite
and PostgreSQL) that return exactly the numbers the action's answer shows, for headquarters
(exact counts: below headquarters the disclosure layer adds a perturbation step SQL cannot).
Each repetition asks what the benchmark's action asks at that repetition (``benchmarks.actions``:
the same districts in turn, filters, services and radii), and before anything is timed the
SQL's answer is checked against the app's own answer to the same input (the functions the
action's callback draws from, signed in as headquarters, cache off): the limit answers the
same question, or the run fails.

Timing is ``benchmarks.run``'s: warm-up repetitions, then ``--repeat`` measured ones, p50 and
p95 (nearest rank) of the wall time to run the statements and read every row, on a pooled
connection (the app's own pool, cache off). The app's times come from running the action
through ``benchmarks.run``'s machinery in a fresh process (or from ``--app-report``, a report
``benchmarks.run`` wrote). Ratio = app p50 / SQL p50. Prints a Markdown table per database and
writes it to ``benchmarks/results/sql-limit-<db>-scale<N>.md``.

On PostgreSQL it reuses ``benchmarks.run``'s ``bench`` schema when that already holds the
scale asked (it never seeds it), else it seeds (or reuses) ``bench_small``: a small run never
replaces the scale-1000 data. ``--pg-schema`` names one.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Float, String, and_, case, func, literal, or_, select, true, union_all

from benchmarks.actions import _GAP_RADII, _GAP_SERVICES, Choice, Context, every_layer, search
from benchmarks.run import DATA, DATABASES, POSTGRES_SCHEMA, POSTGRES_URL, RESULTS, Prepared, percentile, prepare
from dashboard.core.filters import BY_KEY, Filters
from dashboard.core.targets import target_verdicts
from dashboard.models import (
    ActionItem,
    AwarenessSummary,
    Dcc,
    DccMeeting,
    DistrictReturneeSummary,
    FairProvider,
    MigrationFair,
    OpenNeed,
    Provider,
    ProviderService,
    UpazilaReturneeSummary,
)
from dashboard.models.vocabulary import ActionStatus

SMALL_SCHEMA = "bench_small"
# A result set: rows of plain values, sorted (the order the app draws them in is not a number it shows).
Rows = list[tuple[Any, ...]]
Answer = dict[str, Rows]


def _plain(value: Any) -> Any:
    """Enum members as their values, floats to 6 decimals (a haversine in SQL and in numpy agree
    to rounding), so two answers compare as numbers."""
    value = getattr(value, "value", value)
    if isinstance(value, float):
        return value if math.isinf(value) else round(value, 6)
    return value


def rows(result: Any) -> Rows:
    """Plain, sorted rows."""
    return sorted(tuple(_plain(v) for v in row) for row in result)


def _month(day: date) -> int:
    return day.year * 100 + day.month


def _months(filters: Filters, column: Any) -> Any:
    # The summaries count by month; the benchmark's periods are whole months (as the app's fast path).
    return and_(column.is_not(None), *([column >= _month(filters.start)] if filters.start else []),
                *([column <= _month(filters.end)] if filters.end else []))


def _days(filters: Filters, column: Any) -> Any:
    return and_(column.is_not(None), *([column >= filters.start] if filters.start else []),
                *([column <= filters.end] if filters.end else []))


def _people(filters: Filters, table: Any) -> Any:
    return and_(true(), *(getattr(table, BY_KEY[key].column).in_(chosen) for key, chosen in filters.people))


# The national map with every layer --------------------------------------------------------------


def national_map_search(repetition: int) -> str:
    """What ``actions.our_national_all_layers`` asks at ``repetition``."""
    return search(layers=",".join(every_layer()), **Choice.of(repetition).query())


def national_map_sql(connection: Connection, filters: Filters) -> Answer:
    """Six statements, one per result set the map draws: the choropleth (returnees per district,
    from the district rollup), the returnee circles (per upazila and return group, from the
    upazila rollup; the awareness layer's returnees per upazila are their sums, so no statement
    of their own), fairs, providers per district and type, DCC activity, awareness per upazila
    and kind. The referral-flow layer draws nothing without a district."""
    d, u, a = DistrictReturneeSummary, UpazilaReturneeSummary, AwarenessSummary
    present = select(func.count()).where(FairProvider.fair_id == MigrationFair.id).scalar_subquery()
    as_of = filters.end or date.today()
    is_open = ActionItem.status == ActionStatus.OPEN
    items = (select(DccMeeting.dcc_id, func.sum(case((is_open, 1), else_=0)).label("open"),
                    func.sum(case((and_(is_open, ActionItem.due_on < as_of), 1), else_=0)).label("overdue"))
             .join(ActionItem, ActionItem.meeting_id == DccMeeting.id)
             .where(_days(filters, DccMeeting.held_on)).group_by(DccMeeting.dcc_id).subquery())
    meetings = (select(DccMeeting.dcc_id, func.count().label("n"), func.max(DccMeeting.held_on).label("last"))
                .where(_days(filters, DccMeeting.held_on)).group_by(DccMeeting.dcc_id).subquery())
    statements: dict[str, Any] = {  # statements of several row shapes
        "choropleth": select(d.district_pcode, func.sum(d.returnees))
        .where(_months(filters, d.profiled_month), _people(filters, d)).group_by(d.district_pcode),
        "returnee_circles": select(u.upazila_pcode, u.return_group, func.sum(u.returnees))
        .where(_months(filters, u.profiled_month), _people(filters, u)).group_by(u.upazila_pcode, u.return_group),
        "fairs": select(MigrationFair.id, MigrationFair.visitors, MigrationFair.referrals_made, present)
        .where(_days(filters, MigrationFair.held_on)),
        "providers": select(Provider.district_pcode, Provider.provider_type, func.count())
        .group_by(Provider.district_pcode, Provider.provider_type),
        "dcc_activity": select(Dcc.district_pcode, func.coalesce(meetings.c.n, 0), meetings.c.last,
                               func.coalesce(items.c.open, 0), func.coalesce(items.c.overdue, 0))
        .outerjoin(meetings, meetings.c.dcc_id == Dcc.id).outerjoin(items, items.c.dcc_id == Dcc.id),
        "awareness": select(a.upazila_pcode, a.kind, func.sum(a.activities), func.sum(a.people_reached))
        .where(_months(filters, a.month)).group_by(a.upazila_pcode, a.kind),
    }
    answer = {name: rows(connection.execute(stmt)) for name, stmt in statements.items()}
    answer["choropleth"] = [row for row in answer["choropleth"] if row[1]]
    return answer


def national_map_app(query: str) -> Answer:
    """The numbers ``render`` of the map page draws for ``query`` (in a request as headquarters)."""
    from dashboard.features.map.data import _layer_data, _layer_view, map_values
    from dashboard.features.map.state import current_state
    from layers import REGISTRY

    state = current_state(query)
    view = _layer_view(state, "en")
    data = {key: _layer_data(REGISTRY[key], view) for key in state.layers}
    circles = [(area, category, n) for area, category, n in data["returnees"].circles]
    from_circles: dict[str, int] = {}
    for area, _category, n in circles:
        from_circles[area] = from_circles.get(area, 0) + n
    awareness = data["awareness"]
    if dict(awareness.returnees) != from_circles:  # the one set the SQL derives instead of reading
        raise AssertionError("the awareness layer's returnees are not the circles' sums")
    answer = {
        "choropleth": rows((p, v) for p, v in map_values(state).items() if v),
        "returnee_circles": rows(circles),
        "fairs": rows((f.id, f.visitors, f.referrals_made, f.providers_present) for f in data["fairs"]),
        "providers": rows(data["providers"].counts or []),
        "dcc_activity": rows((a.district_pcode, a.meetings, a.last_meeting, a.open_actions, a.overdue_actions)
                             for a in data["dcc_activity"].activity),
        "awareness": rows((c.upazila_pcode, c.kind, c.activities, c.people_reached) for c in awareness.cells),
    }
    if data["referral_flows"].cells:
        raise AssertionError("the national map drew referral flows")
    return answer


# The district drill (upazila map with every layer, and the KPI cards) ------------------------------


def drill_search_at(context: Context, repetition: int) -> str:
    """What ``actions.our_drill`` asks at ``repetition``: one of the districts, every layer, no filter."""
    from benchmarks.actions import drill_search

    return drill_search(context.district_at(repetition))


def drill_sql(connection: Connection, query: str) -> Answer:
    """Eleven statements for one district, no filter: the returnee circles (per upazila and return
    group; the choropleth's returnees per upazila and the awareness layer's are their sums), fairs,
    providers with their services, the committee's activity and its open items per upazila, awareness
    per upazila and kind, the referral flows (per person, then per upazila, provider and service)
    and their providers' places; for the cards, the district's returnee, assistance, awareness and
    governance figures (all time: the drill sets no period) and its targets."""
    from dashboard.features.map.state import ViewState
    from dashboard.models import (
        Assistance,
        DistrictAssistanceSummary,
        DistrictAwarenessSummary,
        Returnee,
        Target,
    )
    from dashboard.models.vocabulary import AssistanceOutcome, AwarenessKind, ReturnGroup

    district = ViewState.from_search(query).district
    u, a, d = UpazilaReturneeSummary, AwarenessSummary, DistrictReturneeSummary
    today = date.today()
    is_open = ActionItem.status == ActionStatus.OPEN
    present = select(func.count()).where(FairProvider.fair_id == MigrationFair.id).scalar_subquery()
    committee = (Dcc.district_pcode == district,)
    meetings = (select(DccMeeting.dcc_id, func.count().label("n"), func.max(DccMeeting.held_on).label("last"))
                .join(Dcc, Dcc.id == DccMeeting.dcc_id).where(*committee).group_by(DccMeeting.dcc_id).subquery())
    items = (select(DccMeeting.dcc_id, func.sum(case((is_open, 1), else_=0)).label("open"),
                    func.sum(case((and_(is_open, ActionItem.due_on < today), 1), else_=0)).label("overdue"))
             .join(ActionItem, ActionItem.meeting_id == DccMeeting.id).join(Dcc, Dcc.id == DccMeeting.dcc_id)
             .where(*committee).group_by(DccMeeting.dcc_id).subquery())
    outcome = Assistance.outcome
    per_person = (select(Returnee.upazila_pcode.label("upazila"), Assistance.provider_id.label("provider"),
                         Assistance.service.label("service"), func.count().label("n"),
                         func.sum(case((outcome == AssistanceOutcome.RECEIVED, 1), else_=0)).label("r"),
                         func.sum(case((outcome == AssistanceOutcome.PENDING, 1), else_=0)).label("p"))
                  .join(Returnee, Returnee.id == Assistance.returnee_id)
                  .where(Returnee.district_pcode == district, Assistance.referred_on.is_not(None),
                         Assistance.provider_id.is_not(None))
                  .group_by(Returnee.upazila_pcode, Assistance.provider_id, Assistance.service, Returnee.id)
                  .subquery())
    flow = per_person.c
    da, dw = DistrictAssistanceSummary, DistrictAwarenessSummary
    statements: dict[str, Any] = {  # statements of several row shapes
        "returnee_circles": select(u.upazila_pcode, u.return_group, func.sum(u.returnees))
        .where(u.district_pcode == district, u.profiled_month.is_not(None)).group_by(u.upazila_pcode, u.return_group),
        "fairs": select(MigrationFair.id, MigrationFair.visitors, MigrationFair.referrals_made, present)
        .where(MigrationFair.district_pcode == district, MigrationFair.held_on.is_not(None)),
        "providers": select(Provider.id, func.aggregate_strings(ProviderService.service, ","))
        .join(ProviderService, ProviderService.provider_id == Provider.id)
        .where(Provider.district_pcode == district).group_by(Provider.id),
        "dcc_activity": select(Dcc.district_pcode, func.coalesce(meetings.c.n, 0), meetings.c.last,
                               func.coalesce(items.c.open, 0), func.coalesce(items.c.overdue, 0))
        .outerjoin(meetings, meetings.c.dcc_id == Dcc.id).outerjoin(items, items.c.dcc_id == Dcc.id).where(*committee),
        "dcc_linked": select(ActionItem.upazila_pcode, func.count(), func.sum(case((ActionItem.due_on < today, 1),
                                                                                   else_=0)))
        .join(DccMeeting, DccMeeting.id == ActionItem.meeting_id).join(Dcc, Dcc.id == DccMeeting.dcc_id)
        .where(*committee, is_open, ActionItem.upazila_pcode.is_not(None), DccMeeting.held_on.is_not(None))
        .group_by(ActionItem.upazila_pcode),
        "awareness": select(a.upazila_pcode, a.kind, func.sum(a.activities), func.sum(a.people_reached))
        .where(a.district_pcode == district, a.month.is_not(None)).group_by(a.upazila_pcode, a.kind),
        "flows": select(flow.upazila, flow.provider, flow.service, func.count(), func.sum(flow.n), func.sum(flow.r),
                        func.sum(flow.p)).group_by(flow.upazila, flow.provider, flow.service),
        "flow_providers": select(Provider.id, Provider.lat, Provider.lon)
        .where(Provider.id.in_(select(per_person.c.provider))),
        "kpi_returnees": select(func.sum(d.returnees),
                                func.sum(case((d.return_group == ReturnGroup.EU, d.returnees), else_=0)),
                                func.sum(case((d.return_group == ReturnGroup.TRANSIT, d.returnees), else_=0)),
                                func.sum(case((d.plan_month.is_not(None), d.returnees), else_=0)))
        .where(d.district_pcode == district, d.profiled_month.is_not(None)),
        "kpi_assistance": select(da.figure, func.sum(da.people))
        .where(da.district_pcode == district, da.month.is_not(None), da.prev_month.is_(None)).group_by(da.figure),
        "kpi_awareness": select(dw.kind, func.sum(dw.activities), func.sum(dw.people_reached))
        .where(dw.district_pcode == district, dw.month.is_not(None)).group_by(dw.kind),
        "kpi_governance": select(
            select(func.count()).where(MigrationFair.district_pcode == district,
                                       MigrationFair.held_on.is_not(None)).scalar_subquery(),
            select(func.count()).where(*committee, Dcc.formed_on.is_not(None)).scalar_subquery(),
            select(func.count()).select_from(DccMeeting).join(Dcc, Dcc.id == DccMeeting.dcc_id)
            .where(*committee, DccMeeting.held_on.is_not(None)).scalar_subquery()),
        "targets": select(Target.indicator, Target.due_on, func.sum(Target.value))
        .where(Target.area_pcode == district).group_by(Target.indicator, Target.due_on),
    }
    answer = {name: rows(connection.execute(stmt)) for name, stmt in statements.items()}
    answer["providers"] = sorted((i, tuple(sorted(services.split(",")))) for i, services in answer["providers"])
    # The cards: every indicator by name, as the app keys them (a kind's activities under its figure).
    (returnees,) = answer.pop("kpi_returnees")
    cards = dict(zip(("returnees_profiled", "returnees_eu", "returnees_transit", "reintegration_plans"),
                     (int(n or 0) for n in returnees), strict=True))
    cards |= {figure: int(n) for figure, n in answer.pop("kpi_assistance")}
    kinds = {AwarenessKind.IPT_SHOW.value: "ipt_shows", AwarenessKind.UMF_MEETING.value: "umf_meetings",
             AwarenessKind.VIDEO_SHOW.value: "video_shows", AwarenessKind.SCHOOL_QUIZ.value: "school_quizzes",
             AwarenessKind.WORKSHOP.value: "workshops"}
    awareness = answer.pop("kpi_awareness")
    cards |= {kinds[kind]: int(n) for kind, n, _reached in awareness if kind in kinds}
    cards["people_reached"] = sum(int(reached) for *_kind, reached in awareness)
    (governance,) = answer.pop("kpi_governance")
    cards |= dict(zip(("migration_fairs", "dccs_formed", "dcc_meetings"), (int(n) for n in governance), strict=True))
    answer["cards"] = sorted((key, n) for key, n in cards.items() if n)
    # Which target a period is compared with is core.targets' rule, applied to the rows read.
    due: dict[str, dict[date, int]] = {}
    for indicator, due_on, value in answer.pop("targets"):
        due.setdefault(indicator, {})[due_on] = int(value)
    answer["targets"] = rows((key, verdict.target) for key, verdict in target_verdicts(due, Filters()).items()
                             if verdict.compared)
    return answer


def drill_app(query: str) -> Answer:
    """The numbers the map's ``render`` and the KPI cards draw for ``query`` (as headquarters)."""
    from dashboard.features.map.data import _layer_data, _layer_view, map_values, programme_change
    from dashboard.features.map.state import current_state
    from layers import REGISTRY

    state = current_state(query)
    view = _layer_view(state, "en")
    data = {key: _layer_data(REGISTRY[key], view) for key in state.layers}
    circles = rows(data["returnees"].circles)
    summed: dict[str, int] = {}
    for area, _category, n in circles:
        summed[area] = summed.get(area, 0) + n
    # The two sets the SQL derives from the circles instead of reading.
    if {p: v for p, v in map_values(state).items() if v} != summed or dict(data["awareness"].returnees) != summed:
        raise AssertionError("the choropleth or the awareness layer's returnees are not the circles' sums")
    flows = data["referral_flows"]
    change = programme_change(state.area_filters())
    return {
        "returnee_circles": circles,
        "fairs": rows((f.id, f.visitors, f.referrals_made, f.providers_present) for f in data["fairs"]),
        "providers": sorted((p.id, p.services) for p in data["providers"].points or []),
        "dcc_activity": rows((a.district_pcode, a.meetings, a.last_meeting, a.open_actions, a.overdue_actions)
                             for a in data["dcc_activity"].activity),
        "dcc_linked": rows(data["dcc_activity"].linked),
        "awareness": rows((c.upazila_pcode, c.kind, c.activities, c.people_reached) for c in data["awareness"].cells),
        "flows": rows((c.upazila_pcode, c.provider_id, c.service, c.people, c.referrals, c.received, c.pending)
                      for c in flows.cells),
        "flow_providers": rows((p.id, p.lat, p.lon) for p in flows.providers.values()),
        "cards": sorted((key, n) for key, n in change.figures.items() if isinstance(n, int) and n),  # exact: HQ
        "targets": rows((key, verdict.target) for key, verdict in change.targets.items() if verdict.compared),
    }


# The ranking table (headquarters: every district) ------------------------------------------------


def ranking_search(repetition: int) -> str:
    """What ``actions.our_ranking`` asks at ``repetition``: an indicator and a filter."""
    from benchmarks.actions import _compare_values

    return str(_compare_values(repetition)["compare-state.search"])


RANKING_COLUMNS = ("id", "value", "target", "progress", "change", "returnees_profiled", "plans_per_100",
                   "assisted_30d_share", "needs_met_share", "reach_per_returnee", "dcc_on_time")
_RETURNEE_GROUPS = {"returnees_eu": "eu", "returnees_transit": "transit"}


def ranking_sql(connection: Connection, query: str) -> Answer:
    """Four statements (five when the indicator is an assistance figure or the fairs): per district,
    the returnee rollup's counts (the indicator in this period and the one before when it counts
    returnees, plans, and the rates' inputs), people reached (both periods), the committee's items
    closed on time, and the targets; then the row's arithmetic (rates, progress, change) by the
    comparison page's own rules. The page shows one indicator: the limit reads that one, where the
    app counts all eighteen for both periods."""
    from dashboard.core.dcc import percent_on_time
    from dashboard.core.targets import progress
    from dashboard.core.url import parse_query
    from dashboard.features.compare.rules import rates
    from dashboard.models import DistrictAssistanceSummary, DistrictAwarenessSummary, Target
    from geodata import Level, areas_at

    indicator = parse_query(query)["indicator"]  # always one the page declares (actions.validate_inputs)
    now = Filters.from_query(parse_query(query))
    before = now.previous_period()
    assert before is not None, "the benchmark's periods are closed"
    d, w, s = DistrictReturneeSummary, DistrictAwarenessSummary, DistrictAssistanceSummary

    def sum_if(condition: Any, measure: Any) -> Any:
        return func.coalesce(func.sum(case((condition, measure), else_=0)), 0)

    def counted(period: Filters) -> Any:  # the indicator in ``period``, from the returnee rollup
        if indicator == "reintegration_plans":
            return sum_if(_months(period, d.plan_month), d.returnees)
        group = _RETURNEE_GROUPS.get(indicator)
        return sum_if(and_(_months(period, d.profiled_month), true() if group is None else d.return_group == group),
                      d.returnees)

    returnee_indicator = indicator in ("returnees_profiled", "reintegration_plans", *_RETURNEE_GROUPS)
    profiled = _months(now, d.profiled_month)
    statements: dict[str, Any] = {  # statements of several row shapes
        "returnees": select(d.district_pcode, sum_if(profiled, d.returnees),
                            sum_if(_months(now, d.plan_month), d.returnees), sum_if(profiled, d.needs),
                            sum_if(profiled, d.needs_met), sum_if(profiled, d.assisted_30d),
                            *((counted(now), counted(before)) if returnee_indicator else ()))
        .where(_people(now, d)).group_by(d.district_pcode),
        "reached": select(w.district_pcode, sum_if(_months(now, w.month), w.people_reached),
                          sum_if(_months(before, w.month), w.people_reached)).group_by(w.district_pcode),
        "on_time": on_time_statement(now),
        "targets": select(Target.area_pcode, Target.due_on, func.sum(Target.value))
        .where(Target.indicator == indicator).group_by(Target.area_pcode, Target.due_on),
    }
    if indicator in ASSISTANCE_INDICATORS:
        def helped(period: Filters) -> Any:  # counted at their first event inside the period
            first = or_(s.prev_month.is_(None), s.prev_month < _month(period.start)) if period.start \
                else s.prev_month.is_(None)
            return sum_if(and_(_months(period, s.month), first), s.people)
        statements["figure"] = (select(s.district_pcode, helped(now), helped(before))
                                .where(s.figure == indicator, _people(now, s)).group_by(s.district_pcode))
    elif indicator == "migration_fairs":
        f = MigrationFair
        statements["figure"] = (select(f.district_pcode, sum_if(_days(now, f.held_on), 1),
                                       sum_if(_days(before, f.held_on), 1)).group_by(f.district_pcode))
    due: dict[str, dict[date, int]] = {}
    for area, due_on, value in connection.execute(statements.pop("targets")):
        due.setdefault(area, {})[due_on] = int(value)
    # The others have a row per district.
    read = {name: {row[0]: row[1:] for row in connection.execute(stmt)} for name, stmt in statements.items()}
    out = []
    for area in areas_at(Level.DISTRICT):
        n, plans, needs, met, assisted, *mine = (int(v) for v in read["returnees"].get(area.pcode, (0,) * 7))
        reached, reached_before = (int(v) for v in read["reached"].get(area.pcode, (0, 0)))
        if indicator == "people_reached":
            mine = [reached, reached_before]
        elif "figure" in statements:
            mine = [int(v) for v in read["figure"].get(area.pcode, (0, 0))]
        value, previous = mine
        verdict = target_verdicts({indicator: due.get(area.pcode, {})}, now)[indicator]
        shares = rates({"returnees_profiled": n, "reintegration_plans": plans, "needs": needs, "needs_met": met,
                        "assisted_30d": assisted, "people_reached": reached})
        good, items = read["on_time"].get(area.pcode, (None, None))
        out.append((area.pcode, value, verdict.target if verdict.compared else None, progress(value, verdict),
                    value - previous, n, *(shares[key] for key in RANKING_COLUMNS[6:10]),
                    percent_on_time(int(good), int(items)) if items is not None else None))
    return {"ranking": rows(out)}


ASSISTANCE_INDICATORS = ("psychosocial_support", "medical_support", "inkind_support", "skills_training_referrals",
                         "immediate_assistance")


def on_time_statement(period: Filters) -> Any:
    """Per district: action items raised in the period closed by their due date, and those done or
    overdue (``dashboard.core.dcc``'s rule), at the period's end or today, whichever is first."""
    as_of = min(period.end or date.today(), date.today())
    done = ActionItem.status == ActionStatus.DONE
    overdue = and_(ActionItem.status == ActionStatus.OPEN, ActionItem.due_on < as_of)
    return (select(Dcc.district_pcode,
                   func.sum(case((and_(done, ActionItem.completed_on <= ActionItem.due_on), 1), else_=0)),
                   func.sum(case((or_(done, overdue), 1), else_=0)))
            .join(DccMeeting, DccMeeting.dcc_id == Dcc.id).join(ActionItem, ActionItem.meeting_id == DccMeeting.id)
            .where(_days(period, DccMeeting.held_on)).group_by(Dcc.district_pcode))


def ranking_app(query: str) -> Answer:
    """The ranking table's numbers as ``render_ranking`` sends them (in a request as headquarters)."""
    from dashboard.core.url import parse_query
    from dashboard.features.compare.component import CompareState, ranking_frame

    frame = ranking_frame(Filters.from_query(parse_query(query)), CompareState.from_search(query).indicator, "en")
    records = frame[list(RANKING_COLUMNS)].astype(object).where(frame[list(RANKING_COLUMNS)].notna(), None)
    return {"ranking": rows(tuple(r) for r in records.itertuples(index=False))}


# The service-gap finder ---------------------------------------------------------------------------

EARTH_RADIUS_KM = 6371.0088  # as dashboard.features.gaps.analysis.geo
BORDER_MARGIN_DEGREES = 0.5  # as dashboard.features.gaps.queries


@dataclass(frozen=True)
class GapAsk:
    """What ``actions.our_service_gaps`` asks at a repetition (no filters: the page's defaults)."""

    district: str
    service: str
    radius: int

    @classmethod
    def of(cls, context: Context, repetition: int) -> GapAsk:
        return cls(context.district_at(repetition), _GAP_SERVICES[repetition % len(_GAP_SERVICES)],
                   _GAP_RADII[repetition % len(_GAP_RADII)])

    def query(self) -> str:
        """The gap page's URL for this ask."""
        return search(district=self.district, service=self.service, radius=str(self.radius))


def _haversine(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> Any:
    """Great-circle km in SQL (both databases have sin, cos, asin, sqrt and radians)."""
    a = (func.power(func.sin((func.radians(lat2) - func.radians(lat1)) / 2), 2)
         + func.cos(func.radians(lat1)) * func.cos(func.radians(lat2))
         * func.power(func.sin((func.radians(lon2) - func.radians(lon1)) / 2), 2))
    return 2 * EARTH_RADIUS_KM * func.asin(func.sqrt(a))


def service_gaps_sql(connection: Connection, ask: GapAsk) -> Answer:
    """One statement: per upazila, the people in need, those out of reach, the median distance to
    the nearest provider (weighted by the people at each place, with window sums), and the
    providers offering the service and their capacity.

    What it must do: count open needs per place (the open-needs summary), place those without a
    location at their upazila's centre, measure each place to every provider of the service
    within the district's bounding box plus ~55 km (haversine), keep the nearest. What it
    cannot: know the centres and the bounding box (they are the boundary file's, not the
    database's: passed in as a VALUES list and four numbers), nor pick the suggested sites (a
    greedy cover, one site after another) or draw the map: the limit leaves those out, so it
    asks less of the database than the page does."""
    from geodata import Level, areas_at, bounds

    west, south, east, north = bounds(ask.district)
    m = BORDER_MARGIN_DEGREES
    o = OpenNeed
    # A VALUES list written as UNION ALL: SQLite cannot name a VALUES list's columns.
    centres = union_all(*(select(literal(a.pcode, String).label("upazila_pcode"),
                                 literal(a.center_lat, Float).label("lat"), literal(a.center_lon, Float).label("lon"))
                          for a in areas_at(Level.UPAZILA, ask.district))).subquery("centres")
    people = (select(o.upazila_pcode, o.lat, o.lon, func.count().label("people"))
              .where(o.district_pcode == ask.district, o.service == ask.service, o.profiled_on.is_not(None))
              .group_by(o.upazila_pcode, o.lat, o.lon).subquery())
    both = and_(people.c.lat.is_not(None), people.c.lon.is_not(None))
    located = (select(people.c.upazila_pcode, people.c.people,
                      case((both, people.c.lat), else_=centres.c.lat).label("lat"),
                      case((both, people.c.lon), else_=centres.c.lon).label("lon"))
               .outerjoin(centres, centres.c.upazila_pcode == people.c.upazila_pcode).subquery())
    # A stored location at an upazila's centre and the people placed there are one place.
    places = (select(located.c.upazila_pcode, located.c.lat, located.c.lon, func.sum(located.c.people).label("people"))
              .where(located.c.lat.is_not(None), located.c.lon.is_not(None))
              .group_by(located.c.upazila_pcode, located.c.lat, located.c.lon).subquery())
    offering = (select(Provider.upazila_pcode, Provider.lat, Provider.lon, Provider.capacity_per_month)
                .join(ProviderService, ProviderService.provider_id == Provider.id)
                .where(ProviderService.service == ask.service, Provider.lat.between(south - m, north + m),
                       Provider.lon.between(west - m, east + m)).subquery())
    nearest = (select(places.c.upazila_pcode, places.c.people,
                      func.min(_haversine(places.c.lat, places.c.lon, offering.c.lat, offering.c.lon)).label("km"))
               .select_from(places).outerjoin(offering, and_(offering.c.lat.is_not(None), offering.c.lon.is_not(None)))
               .group_by(places.c.upazila_pcode, places.c.lat, places.c.lon, places.c.people).subquery())
    # The weighted median: people before each place (ordered by distance, nobody-offers last).
    order = (nearest.c.km.is_(None), nearest.c.km)
    ranked = select(nearest.c.upazila_pcode, nearest.c.people, nearest.c.km,
                    (func.sum(nearest.c.people).over(partition_by=nearest.c.upazila_pcode, order_by=order,
                                                     rows=(None, 0)) - nearest.c.people).label("before"),
                    func.sum(nearest.c.people).over(partition_by=nearest.c.upazila_pcode).label("total")).subquery()
    low, high = (ranked.c.total - 1) // 2, ranked.c.total // 2

    def at(position: Any) -> Any:
        inside = and_(ranked.c.before <= position, position < ranked.c.before + ranked.c.people)
        return func.max(case((inside, func.coalesce(ranked.c.km, literal(math.inf))), else_=None))

    demand = (select(ranked.c.upazila_pcode.label("pcode"), func.sum(ranked.c.people).label("in_need"),
                     func.sum(case((or_(ranked.c.km.is_(None), ranked.c.km > ask.radius), ranked.c.people),
                                   else_=0)).label("unreached"), ((at(low) + at(high)) / 2).label("median_km"))
              .group_by(ranked.c.upazila_pcode).subquery())
    supply = (select(offering.c.upazila_pcode.label("pcode"), func.count().label("providers"),
                     func.sum(offering.c.capacity_per_month).label("capacity"))
              .group_by(offering.c.upazila_pcode).subquery())
    stmt = (select(demand.c.pcode, demand.c.in_need, demand.c.unreached, demand.c.median_km,
                   func.coalesce(supply.c.providers, 0), supply.c.capacity)
            .outerjoin(supply, supply.c.pcode == demand.c.pcode))
    upazilas = {a.pcode for a in areas_at(Level.UPAZILA, ask.district)}
    return {"by_upazila": [r for r in rows(connection.execute(stmt)) if r[0] in upazilas]}


def service_gaps_app(ask: GapAsk) -> Answer:
    """The per-upazila table ``render`` of the gap page draws (in a request as headquarters)."""
    from dashboard.features.gaps.data import gap_analysis

    table = gap_analysis(ask.district, ask.service, ask.radius, Filters()).by_upazila
    records: list[dict[Any, Any]] = table[table["in_need"] > 0].to_dict("records")
    return {"by_upazila": rows(
        (r["pcode"], int(r["in_need"]), int(r["unreached"]), float(r["median_km"]), int(r["providers"]),
         None if math.isnan(r["capacity"]) else int(r["capacity"])) for r in records)}


# The limits, checked and timed ----------------------------------------------------------------------


@dataclass(frozen=True)
class Limit:
    """One action beside its best SQL: what a repetition asks, the SQL's answer, the app's answer."""

    action: str  # a name in benchmarks.actions.ACTIONS
    level: str
    statements: str  # how many statements the SQL answer takes
    ask: Callable[[Context, int], Any]
    sql: Callable[[Connection, Any], Answer]
    app: Callable[[Any], Answer]  # in a request as headquarters


def _map_sql(connection: Connection, query: str) -> Answer:
    from dashboard.features.map.state import ViewState

    return national_map_sql(connection, ViewState.from_search(query).filters)


LIMITS = (
    Limit("national_map_all_layers", "national", "6", lambda _context, repetition: national_map_search(repetition),
          _map_sql, national_map_app),
    Limit("ranking_table", "national", "4–5", lambda _context, repetition: ranking_search(repetition), ranking_sql,
          ranking_app),
    Limit("drill_district", "largest districts", "13", drill_search_at, drill_sql, drill_app),
    Limit("service_gaps", "largest districts", "1", GapAsk.of, service_gaps_sql, service_gaps_app),
)


class LimitMismatch(AssertionError):
    """The SQL does not answer what the app answers: its time would be the limit of another question."""


def _differences(sql: Answer, app: Answer) -> list[str]:
    out = []
    for name in sorted(set(sql) | set(app)):
        mine, theirs = sql.get(name), app.get(name)
        if mine != theirs:
            extra = sorted(set(mine or []) - set(theirs or []))[:3]
            missing = sorted(set(theirs or []) - set(mine or []))[:3]
            out.append(f"{name}: SQL has {len(mine or [])} rows, the app {len(theirs or [])}; only in SQL {extra}, "
                       f"only in the app {missing}")
    return out


def check(url: str, context: Context, repetitions: int, limits: tuple[Limit, ...] = LIMITS) -> int:
    """Raise :class:`LimitMismatch` unless each limit's SQL returns the app's numbers for each of
    the first ``repetitions`` inputs; return how many result sets were compared."""
    import secrets

    from flask import g

    from dashboard.app import create_app
    from dashboard.config import load_settings
    from dashboard.core.access import Actor, Role
    from dashboard.db import Database

    app = create_app(load_settings({}, database_url=url, cache_type="NullCache", secret_key=secrets.token_urlsafe(48)))
    database = Database(url)
    compared = 0
    try:
        for limit in limits:
            for repetition in range(repetitions):
                asked = limit.ask(context, repetition)
                with app.server.test_request_context():
                    g.actor = Actor("bench-sql-limit", Role.HQ_ANALYST)
                    theirs = limit.app(asked)
                with database.engine.connect() as connection:
                    mine = limit.sql(connection, asked)
                problems = _differences(mine, theirs)
                if problems:
                    raise LimitMismatch(f"{limit.action} at repetition {repetition} ({asked}): " + "; ".join(problems))
                compared += len(mine)
    finally:
        database.dispose()
    return compared


def time_sql(url: str, context: Context, limit: Limit, repeat: int, warmup: int) -> dict[str, float]:
    """p50 and p95 (ms) of running the limit's statements and reading every row, as ``benchmarks.run`` times."""
    from dashboard.db import Database

    database = Database(url)
    try:
        seconds = []
        for repetition in range(warmup + repeat):
            asked = limit.ask(context, repetition)
            started = time.perf_counter()
            with database.engine.connect() as connection:
                limit.sql(connection, asked)
            if repetition >= warmup:
                seconds.append(time.perf_counter() - started)
    finally:
        database.dispose()
    return {"p50_ms": round(1000 * statistics.median(seconds), 1),
            "p95_ms": round(1000 * percentile(seconds, 0.95), 1)}


def app_times_from(report: Path, names: list[str]) -> dict[str, dict[str, float]]:
    """p50 and p95 of each action in the first table of a ``benchmarks.run`` report (headquarters')."""
    found: dict[str, dict[str, float]] = {}
    for line in report.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0] in names and cells[0] not in found:
            found[cells[0]] = {"p50_ms": float(cells[1].replace(",", "")), "p95_ms": float(cells[2].replace(",", ""))}
    missing = set(names) - set(found)
    if missing:
        raise SystemExit(f"{report} has no row for {', '.join(sorted(missing))}")
    return found


def postgres_schema(scale: int, postgres_url: str) -> str:
    """``benchmarks.run``'s schema when it holds ``scale`` already (seeded and marked), else ours."""
    from sqlalchemy import create_engine

    from benchmarks.run import _seeded, database_url

    engine = create_engine(database_url("postgres", scale, postgres_url, schema=POSTGRES_SCHEMA))
    try:
        with engine.connect() as connection:
            seeded = _seeded(connection)
    finally:
        engine.dispose()
    return POSTGRES_SCHEMA if seeded is not None and seeded[0] == scale else SMALL_SCHEMA


def run_one(db: str, args: argparse.Namespace) -> dict[str, Any]:
    """Prepare the database, check every limit, time the SQL and the app; the rows of the report."""
    from benchmarks.run import in_fresh_process

    schema = args.pg_schema or (postgres_schema(args.scale, args.pg_url) if db == "postgres" else SMALL_SCHEMA)
    prepared: Prepared = prepare(db, args.scale, args.pg_url, args.data_dir, schema)
    context = Context("ours", prepared.district, districts=prepared.districts)
    names = [limit.action for limit in LIMITS]
    compared = check(prepared.url, context, args.check)
    print(f"[{db}] the SQL answers equal the app's: {compared} result sets over {args.check} inputs per action",
          file=sys.stderr, flush=True)
    if args.app_report:
        app = app_times_from(args.app_report, names)
    else:
        app = in_fresh_process("ours", prepared.url, prepared.districts, names, args.repeat, args.warmup,
                               "hq")["actions"]
    rows_out = []
    for limit in LIMITS:
        sql = time_sql(prepared.url, context, limit, args.repeat, args.warmup)
        mine = app[limit.action]
        rows_out.append({"action": limit.action, "level": limit.level, "statements": limit.statements,
                         "app_p50_ms": mine["p50_ms"], "app_p95_ms": mine["p95_ms"],
                         "sql_p50_ms": sql["p50_ms"], "sql_p95_ms": sql["p95_ms"],
                         "ratio": round(mine["p50_ms"] / sql["p50_ms"], 1) if sql["p50_ms"] else None})
    return {"db": db, "scale": args.scale, "returnees": prepared.returnees, "version": prepared.version,
            "districts": list(prepared.districts), "compared": compared, "limits": rows_out}


def markdown(result: dict[str, Any], repeat: int) -> str:
    """The table: each action, its level, the app's and the SQL's p50/p95 and their ratio."""
    lines = [f"### The SQL limit, scale {result['scale']} on {result['db']} ({result['version']})", "",
             f"{result['returnees']:,} returnees; districts in turn: {', '.join(result['districts'])}; "
             f"{repeat} measured repetitions; headquarters, cache off. Ratio = app p50 / SQL p50.", "",
             "| action | level | app p50 ms | app p95 ms | best SQL p50 ms | best SQL p95 ms | statements | ratio |",
             "|---|---|--:|--:|--:|--:|--:|--:|"]
    for row in result["limits"]:
        ratio = f"{row['ratio']:.1f}×" if row["ratio"] is not None else "–"
        lines.append(f"| {row['action']} | {row['level']} | {row['app_p50_ms']:,.1f} | {row['app_p95_ms']:,.1f} | "
                     f"{row['sql_p50_ms']:,.1f} | {row['sql_p95_ms']:,.1f} | {row['statements']} | {ratio} |")
    return "\n".join(lines) + "\n"


def _positive(text: str) -> int:
    if not re.fullmatch(r"[1-9]\d*", text):
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return int(text)


def main(argv: list[str] | None = None) -> None:
    """Parse options, check and time each database, print the tables."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sql_limit", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=_positive, default=1000, help="demo data scale (1000 = ~1.35M returnees)")
    parser.add_argument("--db", choices=(*DATABASES, "both"), default="both")
    parser.add_argument("--repeat", type=_positive, default=20, help="measured repetitions per action")
    parser.add_argument("--warmup", type=int, default=2, help="unmeasured repetitions first")
    parser.add_argument("--check", type=_positive, default=5, help="inputs per action whose answers are compared")
    parser.add_argument("--pg-url", default=POSTGRES_URL, help="PostgreSQL URL")
    parser.add_argument("--pg-schema", help=f"PostgreSQL schema (default: {POSTGRES_SCHEMA}, benchmarks.run's, "
                        f"when it holds the scale, else {SMALL_SCHEMA})")
    parser.add_argument("--data-dir", type=Path, default=DATA, help="where SQLite benchmark databases are kept")
    parser.add_argument("--app-report", type=Path, help="take the app's times from this benchmarks.run report "
                        "instead of measuring them")
    parser.add_argument("--results-dir", type=Path, default=RESULTS, help="where the Markdown tables go")
    parser.add_argument("--json", action="store_true", help="print JSON instead of the Markdown table")
    args = parser.parse_args(argv)
    results = [run_one(db, args) for db in (DATABASES if args.db == "both" else (args.db,))]
    args.results_dir.mkdir(parents=True, exist_ok=True)
    for result in results:
        path = args.results_dir / f"sql-limit-{result['db']}-scale{args.scale}.md"
        path.write_text(markdown(result, args.repeat), encoding="utf-8")
        print(f"[{result['db']}] wrote {path}", file=sys.stderr, flush=True)
    if args.json:
        print(json.dumps(results[0] if len(results) == 1 else results, indent=2))
    else:
        print("\n".join(markdown(result, args.repeat) for result in results))


if __name__ == "__main__":
    main()
