"""Everything the district brief shows, gathered for the actor (their scope, their
suppression) from the same data functions the pages use."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from dashboard.core.access import current_actor
from dashboard.core.cache import cached
from dashboard.core.filters import Filters
from dashboard.core.guard import effective_filters, reader_scope, require_area
from dashboard.core.indicators import INDICATORS
from dashboard.core.metrics import Metric
from dashboard.core.privacy import Count, is_hidden
from dashboard.core.targets import target_verdicts
from dashboard.features.brief.map_svg import Mark, district_map
from dashboard.features.brief.narrative import Gap, NarrativeFacts, narrative
from dashboard.features.compare.queries import district_targets
from dashboard.features.dcc.data import open_items
from dashboard.features.gaps.data import gap_analysis
from dashboard.features.gaps.queries import fair_venues, open_needs_by_service
from dashboard.features.map.data import layer_rows, map_values, programme_change
from dashboard.features.map.state import ViewState
from dashboard.features.outcomes.data import district_in_words
from dashboard.i18n import format_date, t

GAP_RADIUS_KM = 10
TOP_GAPS = 3
MAX_ACTIONS = 10
FAIRS_LISTED = 3


@dataclass(frozen=True)
class FigureRow:
    """One line of the brief's indicator table."""

    key: str
    value: Count
    target: int | None  # the target compared with (core.targets), None when none is
    before: Count | None
    not_compared: bool = False  # a target exists but is not compared for this period (core.targets)


@dataclass(frozen=True)
class ActionLine:
    """One open action item."""

    description: str
    owner: str
    due_on: date
    overdue: bool
    upazila: str | None


@dataclass(frozen=True)
class Brief:
    """The brief for one district and period, in one language."""

    district: str
    lang: str
    filters: Filters
    produced_on: date
    produced_by: str
    figures: list[FigureRow]
    sentences: list[str]
    map_svg: str
    gaps: list[tuple[str, Count, Count, str | None]]  # service, in need, unreached, worst upazila
    actions: list[ActionLine]
    fairs_recent: list[tuple[date, str]]
    fairs_upcoming: list[tuple[date, str]]
    notes: list[str] = field(default_factory=list)


def district_brief(district: str, filters: Filters, lang: str, today: date | None = None) -> Brief:
    """Gather the brief; raises NotPermitted outside the actor's scope."""
    require_area(district)
    today = today or date.today()
    filters = filters.replace(area=None)
    here = filters.replace(area=district)
    change = programme_change(here)
    figures, before = change.figures, change.previous
    scope = reader_scope()
    # The targets compared with, by the one rule the cards and the comparison use (core.targets),
    # for the period the figures were counted for (whole months below headquarters).
    due = cached("compare-targets-due", (scope,), lambda s: district_targets(s, scope)).get(district, {})
    verdicts = target_verdicts(due, effective_filters(here))
    targets = {key: v.target for key, v in verdicts.items() if v.compared}
    rows = [FigureRow(i.key, figures[i.key], targets.get(i.key), before[i.key] if before else None,
                      verdicts[i.key].not_compared) for i in INDICATORS]
    actions, as_of, tally = open_items(district, filters, MAX_ACTIONS)
    gaps = _gaps(district, filters)
    fairs_recent, fairs_upcoming = _fairs(district, filters.end or today)
    largest = max(((service, need, unreached) for service, need, unreached, _where in gaps if not is_hidden(unreached)),
                  key=lambda g: g[2], default=None)
    fairs = figures["migration_fairs"]
    assert not is_hidden(fairs), "fairs are not returnees: never hidden"
    facts = NarrativeFacts(
        returnees=figures["returnees_profiled"], returnees_before=before["returnees_profiled"] if before else None,
        plans=figures["reintegration_plans"], plans_target=targets.get("reintegration_plans"),
        overdue_items=tally.overdue,
        oldest_overdue=tally.oldest_open if tally.oldest_open and tally.oldest_open < as_of else None,
        gap=Gap(largest[0], largest[1], largest[2], GAP_RADIUS_KM) if largest else None,
        fairs=fairs)
    # Reintegration outcomes (issue 29): the latest survey round against the one before, in words.
    outcome = district_in_words(district, lang)
    sentences = narrative(facts, lang) + ([outcome] if outcome else [])
    return Brief(district, lang, filters, today, current_actor().name, rows, sentences,
                 _map(district, filters, lang), gaps,
                 [ActionLine(a.description, a.owner, a.due_on, a.due_on < as_of, a.upazila_pcode) for a in actions],
                 fairs_recent, fairs_upcoming)


def _gaps(district: str, filters: Filters) -> list[tuple[str, Count, Count, str | None]]:
    """The services with most open needs, each with how many are out of reach and where most."""
    scope = reader_scope()
    by_service = cached("open-needs-by-service", (scope, district), lambda s: open_needs_by_service(s, scope, district))
    out: list[tuple[str, Count, Count, str | None]] = []
    for service in sorted(by_service, key=lambda s: -by_service[s])[:TOP_GAPS]:
        # cells=False: the brief draws no unreached returnees, so none are read (nor audited as
        # seen); sites=False: it suggests no site, and picking them was a tenth of its time
        result = gap_analysis(district, service, GAP_RADIUS_KM, filters, cells=False, sites=False)
        table = result.by_upazila
        shown = table[[not is_hidden(v) for v in table["unreached"]]]
        worst = shown.sort_values("unreached", ascending=False)["pcode"].iloc[0] if len(shown) and \
            int(shown["unreached"].max()) > 0 else None
        out.append((service, result.in_need, result.unreached, worst))
    return out


def _fairs(district: str, as_of: date) -> tuple[list[tuple[date, str]], list[tuple[date, str]]]:
    scope = reader_scope()
    fairs = cached("brief-fairs", (scope, district), lambda s: fair_venues(s, scope, district))
    held = [(d, v) for d, v in zip(fairs["held_on"], fairs["venue"], strict=True)]
    past = [f for f in held if f[0] <= as_of][-FAIRS_LISTED:][::-1]
    upcoming = [f for f in held if f[0] > as_of][:FAIRS_LISTED]
    return past, upcoming


def _map(district: str, filters: Filters, lang: str) -> str:
    state = ViewState(district=district, metric=Metric.RETURNEES, layers=("fairs", "providers"), filters=filters)
    values = {k: (None if v is None or is_hidden(v) else float(v)) for k, v in map_values(state).items()}
    marks: list[Mark] = []
    for key in ("fairs", "providers"):
        table = layer_rows(state, key, lang)
        if {"lat", "lon"} <= set(table.columns):
            marks += [Mark(float(la), float(lo), "fair" if key == "fairs" else "provider")
                      for la, lo in zip(table["lat"], table["lon"], strict=True) if la == la and lo == lo]
    return district_map(district, values, marks, t("metric.returnees", lang), lang)


def period_text(filters: Filters, lang: str) -> str:
    """The period in words."""
    if filters.start is None and filters.end is None:
        return t("kpi.period.all", lang)
    return f"{format_date(filters.start, lang)} – {format_date(filters.end, lang)}"


__all__ = ["Brief", "district_brief", "period_text"]
