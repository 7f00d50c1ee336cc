"""The brief's narrative: plain, exact sentences from the figures, in English or Bangla.

A pure function of the facts it is given, so every sentence can be checked against numbers
worked out by hand (``tests/features/brief/test_narrative.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dashboard.core.privacy import Count, is_hidden
from dashboard.i18n import format_date, format_number, t


@dataclass(frozen=True)
class Gap:
    """The largest service gap: a service, people in need and how many are out of reach."""

    service: str
    in_need: Count
    unreached: Count
    radius_km: int


@dataclass(frozen=True)
class NarrativeFacts:
    """What the narrative speaks about."""

    returnees: Count
    returnees_before: Count | None  # None: no previous period to compare with
    plans: Count
    plans_target: int | None
    overdue_items: int
    oldest_overdue: date | None
    gap: Gap | None
    fairs: int


def _change(key: str, now: Count, before: Count | None, lang: str) -> str:
    if is_hidden(now) or (before is not None and is_hidden(before)):
        return t(f"brief.n.{key}.hidden", lang)
    if before is None:
        return t(f"brief.n.{key}.only", lang, now=format_number(now, lang))
    if now == before:
        return t(f"brief.n.{key}.same", lang, now=format_number(now, lang))
    direction = "rose" if now > before else "fell"
    if before == 0:
        return t(f"brief.n.{key}.{direction}_from_zero", lang, now=format_number(now, lang))
    percent = round(abs(now - before) * 100 / before)
    return t(f"brief.n.{key}.{direction}", lang, percent=format_number(percent, lang),
             before=format_number(before, lang), now=format_number(now, lang))


def narrative(facts: NarrativeFacts, lang: str) -> list[str]:
    """The sentences, in order: returnees, plans against target, overdue items, the largest
    service gap, fairs."""
    sentences = [_change("returnees", facts.returnees, facts.returnees_before, lang)]
    if facts.plans_target and not is_hidden(facts.plans):
        share = round(int(facts.plans) * 100 / facts.plans_target)
        sentences.append(t("brief.n.plans", lang, plans=format_number(facts.plans, lang),
                           target=format_number(facts.plans_target, lang), percent=format_number(share, lang)))
    if facts.overdue_items == 1:
        sentences.append(t("brief.n.overdue_one", lang, since=format_date(facts.oldest_overdue, lang)))
    elif facts.overdue_items:
        sentences.append(t("brief.n.overdue", lang, count=format_number(facts.overdue_items, lang),
                           since=format_date(facts.oldest_overdue, lang)))
    else:
        sentences.append(t("brief.n.no_overdue", lang))
    if facts.gap is not None:
        gap = facts.gap
        sentences.append(t("brief.n.gap", lang, service=t(f"service.{gap.service}", lang),
                           unreached=format_number(gap.unreached, lang), need=format_number(gap.in_need, lang),
                           km=format_number(gap.radius_km, lang)))
    sentences.append(t("brief.n.fairs_one", lang) if facts.fairs == 1 else
                     t("brief.n.fairs", lang, count=format_number(facts.fairs, lang)) if facts.fairs
                     else t("brief.n.no_fairs", lang))
    return sentences
