"""The ranking table's limit (headquarters: every district)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, and_, case, func, or_, select, true

from benchmarks.sql_limit._common import Answer, in_days, in_months, month_key, person_filters, rows
from dashboard.core.filters import Filters
from dashboard.core.targets import target_verdicts
from dashboard.models import (
    ActionItem,
    Dcc,
    DccMeeting,
    DistrictReturneeSummary,
    MigrationFair,
)
from dashboard.models.vocabulary import ActionStatus

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
            return sum_if(in_months(period, d.plan_month), d.returnees)
        group = _RETURNEE_GROUPS.get(indicator)
        return sum_if(and_(in_months(period, d.profiled_month), true() if group is None else d.return_group == group),
                      d.returnees)

    returnee_indicator = indicator in ("returnees_profiled", "reintegration_plans", *_RETURNEE_GROUPS)
    profiled = in_months(now, d.profiled_month)
    statements: dict[str, Any] = {  # statements of several row shapes
        "returnees": select(d.district_pcode, sum_if(profiled, d.returnees),
                            sum_if(in_months(now, d.plan_month), d.returnees), sum_if(profiled, d.needs),
                            sum_if(profiled, d.needs_met), sum_if(profiled, d.assisted_30d),
                            *((counted(now), counted(before)) if returnee_indicator else ()))
        .where(person_filters(now, d)).group_by(d.district_pcode),
        "reached": select(w.district_pcode, sum_if(in_months(now, w.month), w.people_reached),
                          sum_if(in_months(before, w.month), w.people_reached)).group_by(w.district_pcode),
        "on_time": on_time_statement(now),
        "targets": select(Target.area_pcode, Target.due_on, func.sum(Target.value))
        .where(Target.indicator == indicator).group_by(Target.area_pcode, Target.due_on),
    }
    if indicator in ASSISTANCE_INDICATORS:
        def helped(period: Filters) -> Any:  # counted at their first event inside the period
            first = or_(s.prev_month.is_(None), s.prev_month < month_key(period.start)) if period.start \
                else s.prev_month.is_(None)
            return sum_if(and_(in_months(period, s.month), first), s.people)
        statements["figure"] = (select(s.district_pcode, helped(now), helped(before))
                                .where(s.figure == indicator, person_filters(now, s)).group_by(s.district_pcode))
    elif indicator == "migration_fairs":
        f = MigrationFair
        statements["figure"] = (select(f.district_pcode, sum_if(in_days(now, f.held_on), 1),
                                       sum_if(in_days(before, f.held_on), 1)).group_by(f.district_pcode))
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
            .where(in_days(period, DccMeeting.held_on)).group_by(Dcc.district_pcode))


def ranking_app(query: str) -> Answer:
    """The ranking table's numbers as ``render_ranking`` sends them (in a request as headquarters)."""
    from dashboard.core.url import parse_query
    from dashboard.features.compare.component import CompareState, ranking_frame

    frame = ranking_frame(Filters.from_query(parse_query(query)), CompareState.from_search(query).indicator, "en")
    records = frame[list(RANKING_COLUMNS)].astype(object).where(frame[list(RANKING_COLUMNS)].notna(), None)
    return {"ranking": rows(tuple(r) for r in records.itertuples(index=False))}


