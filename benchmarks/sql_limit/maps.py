"""The map's limits: the national map with every layer, and the district drill (map and cards)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, and_, case, func, select

from benchmarks.actions import Choice, Context, every_layer, search
from benchmarks.sql_limit._common import Answer, in_days, in_months, person_filters, rows
from dashboard.core.filters import Filters
from dashboard.core.targets import target_verdicts
from dashboard.models import (
    ActionItem,
    AwarenessSummary,
    Dcc,
    DccMeeting,
    DistrictAwarenessSummary,
    DistrictReturneeSummary,
    FairProvider,
    MigrationFair,
    Provider,
    ProviderService,
    UpazilaReturneeSummary,
)
from dashboard.models.vocabulary import ActionStatus

# The national map with every layer --------------------------------------------------------------


def national_map_search(repetition: int) -> str:
    """What ``actions.our_national_all_layers`` asks at ``repetition``."""
    return search(layers=",".join(every_layer()), **Choice.of(repetition).query())


def national_map_sql(connection: Connection, filters: Filters) -> Answer:
    """Six statements, one per result set the map draws: the choropleth (returnees per district,
    from the district rollup), the returnee circles (per upazila and return group, from the
    upazila rollup; the awareness layer's returnees per district are their sums, so no statement
    of their own), fairs and providers per district (and type), DCC activity, awareness per district
    and kind (from its district rollup). The referral-flow layer draws nothing without a district."""
    d, u, a = DistrictReturneeSummary, UpazilaReturneeSummary, DistrictAwarenessSummary
    as_of = filters.end or date.today()
    is_open = ActionItem.status == ActionStatus.OPEN
    items = (select(DccMeeting.dcc_id, func.sum(case((is_open, 1), else_=0)).label("open"),
                    func.sum(case((and_(is_open, ActionItem.due_on < as_of), 1), else_=0)).label("overdue"))
             .join(ActionItem, ActionItem.meeting_id == DccMeeting.id)
             .where(in_days(filters, DccMeeting.held_on)).group_by(DccMeeting.dcc_id).subquery())
    meetings = (select(DccMeeting.dcc_id, func.count().label("n"), func.max(DccMeeting.held_on).label("last"))
                .where(in_days(filters, DccMeeting.held_on)).group_by(DccMeeting.dcc_id).subquery())
    statements: dict[str, Any] = {  # statements of several row shapes
        "choropleth": select(d.district_pcode, func.sum(d.returnees))
        .where(in_months(filters, d.profiled_month), person_filters(filters, d)).group_by(d.district_pcode),
        "returnee_circles": select(u.upazila_pcode, u.return_group, func.sum(u.returnees))
        .where(in_months(filters, u.profiled_month), person_filters(filters, u))
        .group_by(u.upazila_pcode, u.return_group),
        "fairs": select(MigrationFair.district_pcode, func.count(), func.sum(MigrationFair.visitors),
                        func.sum(MigrationFair.referrals_made), func.min(MigrationFair.held_on),
                        func.max(MigrationFair.held_on))
        .where(in_days(filters, MigrationFair.held_on)).group_by(MigrationFair.district_pcode),
        "providers": select(Provider.district_pcode, Provider.provider_type, func.count())
        .group_by(Provider.district_pcode, Provider.provider_type),
        "dcc_activity": select(Dcc.district_pcode, func.coalesce(meetings.c.n, 0), meetings.c.last,
                               func.coalesce(items.c.open, 0), func.coalesce(items.c.overdue, 0))
        .outerjoin(meetings, meetings.c.dcc_id == Dcc.id).outerjoin(items, items.c.dcc_id == Dcc.id),
        "awareness": select(a.district_pcode, a.kind, func.sum(a.activities), func.sum(a.people_reached))
        .where(in_months(filters, a.month)).group_by(a.district_pcode, a.kind),
    }
    answer = {name: rows(connection.execute(stmt)) for name, stmt in statements.items()}
    answer["choropleth"] = [row for row in answer["choropleth"] if row[1]]
    return answer


def national_map_for(connection: Connection, query: str) -> Answer:
    """:func:`national_map_sql` for the filters in the map's URL ``query``."""
    from dashboard.features.map.state import ViewState

    return national_map_sql(connection, ViewState.from_search(query).filters)


def national_map_app(query: str) -> Answer:
    """The numbers ``render`` of the map page draws for ``query`` (in a request as headquarters)."""
    from dashboard.features.map.data import _layer_data, _layer_view, map_values
    from dashboard.features.map.state import current_state
    from layers import REGISTRY

    state = current_state(query)
    view = _layer_view(state, "en")
    data = {key: _layer_data(REGISTRY[key], view) for key in state.layers}
    circles = [(area, category, n) for area, category, n in data["returnees"].circles]
    per_district: dict[str, int] = {}
    for area, _category, n in circles:
        per_district[area[:6]] = per_district.get(area[:6], 0) + n
    awareness = data["awareness"]
    if dict(awareness.returnees) != per_district:  # the one set the SQL derives instead of reading
        raise AssertionError("the awareness layer's returnees are not the circles' sums")
    answer = {
        "choropleth": rows((p, v) for p, v in map_values(state).items() if v),
        "returnee_circles": rows(circles),
        "fairs": rows((f.district_pcode, f.fairs, f.visitors, f.referrals_made, f.first_held, f.last_held)
                      for f in data["fairs"].districts or []),
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
        "fairs": rows((f.id, f.visitors, f.referrals_made, f.providers_present) for f in data["fairs"].points or []),
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


