"""Rebuilding the summary tables (``dashboard.models.summaries``) from the raw tables.

Every write to the data (seed, import, undo) calls :func:`refresh` in its own transaction,
so a reader sees the summaries and the raw rows change together. A full rebuild is one
``INSERT ... SELECT ... GROUP BY`` per table, done by the database: at national scale
(1.35 million returnees) it takes seconds, far less than the import it follows, and it
cannot drift from the raw data the way incremental bookkeeping could. The rollups (the
summaries without upazila, status or country) are rebuilt the same way, from the
summaries just rebuilt rather than from the raw tables. An import that only adds new
returnees adds their rows to the summaries instead (``dashboard.commands.summary_additions``):
computed from the raw rows all the same, only of the people written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    SQLColumnExpression,
    case,
    delete,
    extract,
    func,
    insert,
    literal,
    not_,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from dashboard.commands.rollups import FLOW_DIMENSIONS, FLOW_MEASURES, ROLLUPS, SOURCES, rolled_dimensions
from dashboard.core.outcomes import GOOD_SCORE
from dashboard.models import (
    ActionItemSummary,
    Assistance,
    AssistanceSummary,
    AwarenessActivity,
    AwarenessSummary,
    Dcc,
    DistrictOpenNeedSummary,
    Followup,
    HotlineCall,
    HotlineCallSummary,
    HotlineSummary,
    OpenNeed,
    OpenNeedPlaceTotal,
    OutcomeSummary,
    ReferralFlowSummary,
    ReferralPlace,
    Returnee,
    ReturneeNeed,
    ReturneeSummary,
)
from dashboard.models.vocabulary import AssistanceOutcome
from dashboard.queries.conditions import need_met, rate_measures
from dashboard.queries.dcc import counted_items_query
from dashboard.queries.grouping import AnySelect
from dashboard.queries.indicators import assistance_figures_defined


def month_of(column: SQLColumnExpression[object]) -> ColumnElement[int]:
    """A date's calendar month as ``year * 100 + month`` (the summaries' month key)."""
    return (extract("year", column) * 100 + extract("month", column)).cast(ReturneeSummary.profiled_month.type)


@dataclass(frozen=True)
class _Summary:
    model: type[Any]
    columns: tuple[str, ...]
    query: AnySelect | Callable[[frozenset[str] | None], AnySelect]
    # The raw column that places a row in a district (None: the query filters by district itself).
    district: SQLColumnExpression[str | None] | None
    # Whether the summary keeps rows of no district (hotline calls from callers whose district is
    # not known): a rebuild of some districts rebuilds those too, since a write cannot name them.
    unplaced: bool = False


def _of_districts(returnee_id: SQLColumnExpression[int],
                  districts: frozenset[str] | None) -> tuple[ColumnElement[bool], ...]:
    """Rows of returnees in ``districts`` (no condition for all), for the innermost query:
    neither database pushes a district filter through a GROUP BY or a window by itself."""
    if districts is None:
        return ()
    return (returnee_id.in_(select(Returnee.id).where(Returnee.district_pcode.in_(sorted(districts)))),)


def _returnee_query(districts: frozenset[str] | None, people: AnySelect | None = None) -> AnySelect:
    """Returnees with their summary dimensions and rate measures, grouped (of ``districts``,
    or of the returnee ids ``people`` selects).

    Needs and needs met are counted once per need in one grouped pass, and "has an unmet
    need" is read off them (needs > met: a need is one row per person and service), rather
    than by correlated subqueries that looked up every need's assistance three times."""
    met = case((need_met(), 1), else_=0)
    of_people = () if people is None else (ReturneeNeed.returnee_id.in_(people),)
    per_need = (select(ReturneeNeed.returnee_id, func.count().label("needs"), func.sum(met).label("met"))
                .where(*_of_districts(ReturneeNeed.returnee_id, districts), *of_people)
                .group_by(ReturneeNeed.returnee_id).subquery())
    needs, needs_met = func.coalesce(per_need.c.needs, 0), func.coalesce(per_need.c.met, 0)
    _needs, _met, assisted = rate_measures()
    rows = (select(Returnee.district_pcode, Returnee.upazila_pcode,
                   month_of(Returnee.profiled_on).label("profiled_month"),
                   month_of(Returnee.plan_date).label("plan_month"), Returnee.sex, Returnee.age_band,
                   Returnee.return_group, Returnee.status, Returnee.country_code,
                   (needs > needs_met).label("unmet_need"), needs.label("needs"), needs_met.label("needs_met"),
                   assisted.label("assisted_30d"), Returnee.record_key)
            .outerjoin(per_need, per_need.c.returnee_id == Returnee.id))
    if districts is not None:
        rows = rows.where(Returnee.district_pcode.in_(sorted(districts)))
    if people is not None:
        rows = rows.where(Returnee.id.in_(people))
    grouped = rows.subquery()
    dims = [grouped.c[name] for name in ("district_pcode", "upazila_pcode", "profiled_month", "plan_month", "sex",
                                         "age_band", "return_group", "status", "country_code", "unmet_need")]
    return select(*dims, func.count(), func.sum(grouped.c.needs), func.sum(grouped.c.needs_met),
                  func.sum(grouped.c.assisted_30d), func.sum(grouped.c.record_key)).group_by(*dims)


_RETURNEE_MEASURES = ("returnees", "needs", "needs_met", "assisted_30d", "key_sum")


def returnee_rows_of(people: AnySelect) -> tuple[type[Any], tuple[str, ...], tuple[str, ...], AnySelect]:
    """The returnee summary's model, dimensions and measures, and its rows for the returnee
    ids ``people`` selects alone (what those people add to it)."""
    columns = _summaries()["returnees"].columns
    dimensions = tuple(c for c in columns if c not in _RETURNEE_MEASURES)
    return ReturneeSummary, dimensions, _RETURNEE_MEASURES, _returnee_query(None, people)


def _summaries() -> dict[str, _Summary]:
    awareness_dims = (AwarenessActivity.district_pcode, AwarenessActivity.upazila_pcode,
                      month_of(AwarenessActivity.held_on), AwarenessActivity.kind)
    hotline_dims = (HotlineCall.district_pcode, month_of(HotlineCall.called_at))
    call_dims = (HotlineCall.district_pcode, HotlineCall.upazila_pcode, month_of(HotlineCall.called_at),
                 HotlineCall.topic, HotlineCall.caller_type)
    key, referred, not_referred = (HotlineCall.record_key, HotlineCall.referred.is_(True),
                                   HotlineCall.referred.is_(False))
    referral_dims = (Returnee.district_pcode, Returnee.upazila_pcode, Returnee.lat, Returnee.lon,
                     Assistance.referred_on)
    open_need_places = (OpenNeed.district_pcode, OpenNeed.service, OpenNeed.upazila_pcode, OpenNeed.lat, OpenNeed.lon)
    open_need_columns = ("returnee_id", "service", "district_pcode", "upazila_pcode", "code", "lat", "lon",
                         "profiled_on", "sex", "age_band", "return_group", "status", "country_code", "record_key")
    return {
        "assistance": _Summary(
            AssistanceSummary, ("district_pcode", "upazila_pcode", "figure", "month", "prev_month", "sex", "age_band",
                                "return_group", "status", "country_code", "people", "key_sum"),
            _assistance_query, None),
        "returnees": _Summary(
            ReturneeSummary, ("district_pcode", "upazila_pcode", "profiled_month", "plan_month", "sex", "age_band",
                              "return_group", "status", "country_code", "unmet_need", "returnees", "needs",
                              "needs_met", "assisted_30d", "key_sum"),
            _returnee_query, None),
        "open_needs": _Summary(
            OpenNeed, open_need_columns,
            select(ReturneeNeed.returnee_id, ReturneeNeed.service,
                   *(getattr(Returnee, c) for c in open_need_columns[2:]))
            .join(Returnee, Returnee.id == ReturneeNeed.returnee_id).where(not_(need_met())), Returnee.district_pcode),
        # Counted from the open needs just rebuilt (so after them in this order; an import
        # that refreshes some people's open needs rebuilds this for their districts after).
        "open_needs_district": _Summary(
            DistrictOpenNeedSummary, ("district_pcode", "service", "needs"),
            select(OpenNeed.district_pcode, OpenNeed.service, func.count())
            .group_by(OpenNeed.district_pcode, OpenNeed.service), OpenNeed.district_pcode),
        # Likewise: people in need per place over the whole time, for the gap finder.
        "open_need_places": _Summary(
            OpenNeedPlaceTotal, ("district_pcode", "service", "upazila_pcode", "lat", "lon", "people", "key_sum"),
            select(*open_need_places, func.count(), func.sum(OpenNeed.record_key))
            .where(OpenNeed.profiled_on.is_not(None)).group_by(*open_need_places), OpenNeed.district_pcode),
        "awareness": _Summary(
            AwarenessSummary, ("district_pcode", "upazila_pcode", "month", "kind", "activities", "people_reached"),
            select(*awareness_dims, func.count(), func.sum(AwarenessActivity.people_reached)).group_by(*awareness_dims),
            AwarenessActivity.district_pcode),
        "referral_places": _Summary(
            ReferralPlace, ("district_pcode", "upazila_pcode", "lat", "lon", "referred_on", "referrals", "key_sum"),
            select(*referral_dims, func.count(), func.sum(Returnee.record_key))
            .join(Returnee, Returnee.id == Assistance.returnee_id)
            .group_by(*referral_dims), Returnee.district_pcode),
        "referral_flows": _Summary(
            ReferralFlowSummary, (*FLOW_DIMENSIONS, "sex", "age_band", "return_group", *FLOW_MEASURES),
            _referral_flow_query, None),
        "outcomes": _Summary(OutcomeSummary, _OUTCOME_COLUMNS, _outcome_query(), Returnee.district_pcode),
        "hotline": _Summary(
            HotlineSummary, ("district_pcode", "month", "calls"),
            select(*hotline_dims, func.count()).where(HotlineCall.district_pcode.is_not(None)).group_by(*hotline_dims),
            HotlineCall.district_pcode),
        "hotline_calls": _Summary(
            HotlineCallSummary, ("district_pcode", "upazila_pcode", "month", "topic", "caller_type", "calls",
                                 "key_sum", "referred", "referred_keys", "not_referred", "not_referred_keys"),
            select(*call_dims, func.count(), func.sum(key), func.sum(case((referred, 1), else_=0)),
                   func.sum(case((referred, key), else_=0)), func.sum(case((not_referred, 1), else_=0)),
                   func.sum(case((not_referred, key), else_=0)))
            .group_by(*call_dims), HotlineCall.district_pcode, unplaced=True),
        "action_items": _Summary(
            ActionItemSummary, ("district_pcode", "held_on", "status", "open_due", "on_time", "items"),
            counted_items_query(), Dcc.district_pcode),
        # The rollups, from the summaries just rebuilt (so after them in this order).
        **{name: _rollup(name, model, SOURCES[source], dimensions, measures)
           for name, (source, model, dimensions, measures) in ROLLUPS.items()},
    }


def _rollup(name: str, model: type[Any], source: type[Any], dimensions: tuple[str, ...],
            measures: tuple[str, ...]) -> _Summary:
    dims = rolled_dimensions(name, source)
    query = select(*dims, *(func.sum(getattr(source, m)) for m in measures)).group_by(*(d.element for d in dims))
    return _Summary(model, dimensions + measures, query, source.district_pcode,
                    unplaced=source.__table__.c.district_pcode.nullable)


def _assistance_query(districts: frozenset[str] | None) -> AnySelect:
    """Per person and figure, each month with a qualifying event and the month of the one
    before (of returnees in ``districts``)."""
    events = union_all(*(
        select(Assistance.returnee_id, literal(key).label("figure"), month_of(day).label("month"))
        .where(rows, day.is_not(None), *_of_districts(Assistance.returnee_id, districts))
        for key, (rows, day) in assistance_figures_defined().items())).subquery()
    months = select(events.c.returnee_id, events.c.figure, events.c.month).distinct().subquery()
    previous = func.lag(months.c.month).over(partition_by=(months.c.returnee_id, months.c.figure),
                                              order_by=months.c.month)
    ordered = select(months.c.returnee_id, months.c.figure, months.c.month, previous.label("prev_month")).subquery()
    dims = (Returnee.district_pcode, Returnee.upazila_pcode, ordered.c.figure, ordered.c.month, ordered.c.prev_month,
            Returnee.sex, Returnee.age_band, Returnee.return_group, Returnee.status, Returnee.country_code)
    query = select(*dims, func.count(), func.sum(Returnee.record_key)).select_from(ordered).join(
        Returnee, Returnee.id == ordered.c.returnee_id)
    if districts is not None:
        query = query.where(Returnee.district_pcode.in_(sorted(districts)))
    return query.group_by(*dims)


def _referral_flow_query(districts: frozenset[str] | None) -> AnySelect:
    """Per person, provider, service and month of referral (of returnees in ``districts``): the
    referrals, received and pending, with the month of the person's previous referral on that
    line; then grouped by the returnee's upazila, so a person's key is summed once per row."""
    received = case((Assistance.outcome == AssistanceOutcome.RECEIVED, 1), else_=0)
    pending = case((Assistance.outcome == AssistanceOutcome.PENDING, 1), else_=0)
    month = month_of(Assistance.referred_on)
    per_month = (select(Assistance.returnee_id, Assistance.provider_id, Assistance.service, month.label("month"),
                        func.count().label("n"), func.sum(received).label("r"), func.sum(pending).label("p"))
                 .where(Assistance.provider_id.is_not(None), *_of_districts(Assistance.returnee_id, districts))
                 .group_by(Assistance.returnee_id, Assistance.provider_id, Assistance.service, month).subquery())
    m = per_month.c
    previous = func.lag(m.month).over(partition_by=(m.returnee_id, m.provider_id, m.service), order_by=m.month)
    ordered = select(m.returnee_id, m.provider_id, m.service, m.month, m.n, m.r, m.p,
                     previous.label("prev_month")).subquery()
    o, key = ordered.c, Returnee.record_key
    dims = (Returnee.district_pcode, Returnee.upazila_pcode, o.provider_id, o.service, o.month, o.prev_month,
            Returnee.sex, Returnee.age_band, Returnee.return_group)
    query = (select(*dims, func.count(), func.sum(key), func.sum(o.n), func.sum(o.n * key), func.sum(o.r),
                    func.sum(o.r * key), func.sum(o.p), func.sum(o.p * key))
             .select_from(ordered).join(Returnee, Returnee.id == o.returnee_id))
    if districts is not None:
        query = query.where(Returnee.district_pcode.in_(sorted(districts)))
    return query.group_by(*dims)


_SCORES = ("composite", "economic", "social", "psychosocial")
_OUTCOME_COLUMNS = ("district_pcode", "upazila_pcode", "round_months", "return_year", "return_quarter",
                    *(f"{score}_{measure}" for score in _SCORES
                      for measure in ("people", "keys", "total", "good", "good_keys")))


def _outcome_query() -> AnySelect:
    """Follow-ups per returnee area, round and return quarter, with each score's people, key
    sum, score sum, and people (with key sum) at or above the good score."""
    month = extract("month", Returnee.return_date)
    quarter = case((month <= 3, 1), (month <= 6, 2), (month <= 9, 3), else_=4)
    year = extract("year", Returnee.return_date).cast(OutcomeSummary.return_year.type)
    key = Returnee.record_key
    measures: list[ColumnElement[Any]] = []
    for name in _SCORES:
        score = getattr(Followup, name)
        scored, good = score.is_not(None), score >= GOOD_SCORE
        measures += [func.sum(case((scored, 1), else_=0)), func.sum(case((scored, key), else_=0)),
                     func.coalesce(func.sum(score), 0.0), func.sum(case((good, 1), else_=0)),
                     func.sum(case((good, key), else_=0))]
    dims = (Returnee.district_pcode, Returnee.upazila_pcode, Followup.round_months, year, quarter)
    return (select(*dims, *measures).join(Returnee, Returnee.id == Followup.returnee_id)
            .group_by(*dims))


def _with_rollups(*names: str) -> tuple[str, ...]:
    """Summaries and the rollups of each, which are rebuilt whenever their summary is."""
    return names + tuple(rollup for rollup, (source, *_rest) in ROLLUPS.items() if source in names)


# The open needs, their count per district and per place, always rebuilt together (in this order).
OPEN_NEEDS = ("open_needs", "open_needs_district", "open_need_places")
# Which summaries a raw table feeds.
FED_BY = {
    # A returnee's district, upazila or home moves their referrals' places too.
    # (A returnee's area or return date places their follow-ups too.)
    "returnees": _with_rollups("returnees", *OPEN_NEEDS, "assistance", "referral_places", "referral_flows",
                               "outcomes"),
    "returnee_needs": _with_rollups("returnees", *OPEN_NEEDS),
    "assistance": _with_rollups("returnees", *OPEN_NEEDS, "assistance", "referral_places", "referral_flows"),
    "awareness_activities": _with_rollups("awareness"),
    "hotline_calls": _with_rollups("hotline", "hotline_calls"),
    "followups": ("outcomes",),
    "action_items": ("action_items",),
    # Undoing an import of meetings deletes their items with them (ON DELETE CASCADE).
    "dcc_meetings": ("action_items",),
}
EVERY = ("returnees", *OPEN_NEEDS, "assistance", "referral_places", "referral_flows", "outcomes", "awareness",
         "hotline", "hotline_calls", "action_items", *ROLLUPS)


def refresh(connection: Connection | Session, which: tuple[str, ...] = EVERY,
            districts: frozenset[str] | None = None) -> None:
    """Rebuild summary tables from the raw tables, inside the caller's transaction: ``which``
    of them (names as in :data:`FED_BY`), and only the rows of ``districts`` when given (an
    import into one district then rebuilds one district's rows, not the country's)."""
    for name, summary in _summaries().items():
        if name not in which:
            continue
        remove = delete(summary.model)
        if callable(summary.query):
            query = summary.query(districts)
        else:
            query = summary.query if districts is None or summary.district is None else \
                summary.query.where(_of(summary.district, districts, summary.unplaced))
        if districts is not None:
            remove = remove.where(_of(summary.model.district_pcode, districts, summary.unplaced))
        connection.execute(remove)
        connection.execute(insert(summary.model).from_select(list(summary.columns), _laid_out(summary, query)))


def _laid_out(summary: _Summary, query: AnySelect) -> AnySelect:
    """``query`` ordered as the summary's district index is, so that a district's (and a
    district-month's) rows are written next to each other.

    A grouped query hands its rows over in hash order: at scale 1000 one district's referral
    flows for four months were 2,541 rows on 2,220 pages, which PostgreSQL read one page per
    row (8.6 ms; 64 pages and 1.3-2.0 ms when laid out in index order). Both databases append the rows of an
    INSERT ... SELECT in the order the SELECT gives them (SQL does not promise it, hence only
    a layout, never relied on for an answer)."""
    led = [index for index in summary.model.__table__.indexes
           if index.columns and next(iter(index.columns)).name == "district_pcode"]
    if not led:
        return query
    widest = max(led, key=lambda index: (len(index.columns), index.name or ""))
    columns = [column.name for column in widest.columns if column.name in summary.columns]
    return query.order_by(*(query.selected_columns[summary.columns.index(name)] for name in columns))


def _of(district: SQLColumnExpression[str | None], districts: frozenset[str], unplaced: bool) -> ColumnElement[bool]:
    """Rows of ``districts``, and of no district when the summary keeps those (``unplaced``)."""
    of = district.in_(sorted(districts))
    return or_(of, district.is_(None)) if unplaced else of


BY_RETURNEE_CHUNK = 5000  # returnee ids per statement (SQLite allows 32,766 bound parameters)


def refresh_open_needs(connection: Connection | Session, returnee_ids: Iterable[int]) -> None:
    """Rebuild the open-needs rows of these returnees only, inside the caller's transaction,
    and the per-district counts of the districts they were and are in.

    A person's open needs depend on nothing but their own returnee, needs and assistance
    rows, so an import that wrote those for some people refreshes exactly their rows: a
    100,000-row import into four large districts otherwise rewrote 1.5 million rows."""
    summary = _summaries()["open_needs"]
    query = summary.query
    assert not callable(query)
    ids = sorted(set(returnee_ids))
    districts: set[str] = set()
    for start in range(0, len(ids), BY_RETURNEE_CHUNK):
        chunk = ids[start:start + BY_RETURNEE_CHUNK]
        of_chunk = select(OpenNeed.district_pcode).where(OpenNeed.returnee_id.in_(chunk)).distinct()
        districts.update(connection.scalars(of_chunk))  # where they were (someone may have moved)
        connection.execute(delete(OpenNeed).where(OpenNeed.returnee_id.in_(chunk)))
        connection.execute(insert(OpenNeed).from_select(list(summary.columns),
                                                        query.where(ReturneeNeed.returnee_id.in_(chunk))))
        districts.update(connection.scalars(of_chunk))  # and where they are
    if districts:
        refresh(connection, OPEN_NEEDS[1:], frozenset(districts))


def tables_of(names: Iterable[str]) -> tuple[str, ...]:
    """The table names of the summaries called ``names`` (as in :data:`FED_BY`)."""
    every = _summaries()
    return tuple(every[name].model.__tablename__ for name in names)
