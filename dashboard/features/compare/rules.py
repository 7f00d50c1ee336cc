"""Headquarters' comparison of districts as pure functions: rates, trends, peers, checking a
target typed into the editor (which target a period is compared with is ``dashboard.core.targets``).

Known numbers in, exact numbers out; nothing here touches the database or Dash, so every
rule is tested with hand-made figures (``tests/features/compare/test_rules.py``).
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from dashboard.core.filters import PROGRAMME_END, PROGRAMME_YEARS
from dashboard.core.indicators import INDICATOR_KEYS
from geodata import Level, admin_areas

# Rate key -> (numerator, denominator, multiplier): figures named as in the indicators, plus
# the rate inputs the summaries keep (needs, needs_met, assisted_30d).
RATES: dict[str, tuple[str, str, int]] = {
    "plans_per_100": ("reintegration_plans", "returnees_profiled", 100),
    "assisted_30d_share": ("assisted_30d", "returnees_profiled", 100),
    "needs_met_share": ("needs_met", "needs", 100),
    "reach_per_returnee": ("people_reached", "returnees_profiled", 1),
}
RATE_KEYS = tuple(RATES)
# A target is a count of people or events: whole, not negative, and far below any column's limit
# (99999999999999999999999 would otherwise reach PostgreSQL and fail there, after checking).
MAX_TARGET = 10_000_000
# The area of national targets (as in imports and the API).
NATIONAL = "BD"
# Bangla digits are typed by Bangla keyboards and read as the same number; every other
# non-ASCII "digit" (superscripts such as ², other scripts) is refused, since str.isdigit
# accepts them and int() then fails or reads a number nobody meant.
_BANGLA_TO_ASCII = str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789")


def rates(figures: Mapping[str, int]) -> dict[str, float | None]:
    """Every rate from one area's figures; None where the denominator is zero (no basis)."""
    out: dict[str, float | None] = {}
    for key, (numerator, denominator, multiplier) in RATES.items():
        base = figures.get(denominator, 0)
        out[key] = round(multiplier * figures.get(numerator, 0) / base, 1) if base else None
    return out


@dataclass(frozen=True)
class Trend:
    """A figure against the previous period of the same length."""

    change: int

    @property
    def direction(self) -> str:
        """"up", "down" or "flat"."""
        return "up" if self.change > 0 else "down" if self.change < 0 else "flat"

    @property
    def arrow(self) -> str:
        """The direction as a symbol a screen reader also names (with the number beside it)."""
        return {"up": "▲", "down": "▼", "flat": "="}[self.direction]


def trend(now: int, before: int) -> Trend:
    """How a figure moved from the previous period to this one."""
    return Trend(now - before)


@dataclass(frozen=True)
class PeerStanding:
    """Where one district stands on one rate among its peers (the district itself excluded)."""

    value: float | None
    median: float | None
    best: float | None
    peers: int


def peer_standing(district: str, values: Mapping[str, float | None], peers: frozenset[str]) -> PeerStanding:
    """``district``'s value against the median and the highest of ``peers`` that have a value."""
    others = [v for d, v in values.items() if d in peers and d != district and v is not None]
    return PeerStanding(values.get(district), statistics.median(others) if others else None,
                        max(others) if others else None, len(others))


def due_date(year: int) -> date:
    """When a year's target falls due: the year's last day, or the programme's end."""
    return min(date(year, 12, 31), PROGRAMME_END)


@dataclass(frozen=True)
class TargetCheck:
    """The verdict on one proposed target: errors stop it, warnings ask for a second look."""

    value: int | None
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


def is_target_area(area: str | None) -> bool:
    """A target is set for a district (by its P-code) or nationally ("BD"), never for anything else."""
    if area == NATIONAL:
        return True
    found = admin_areas().get(area) if area else None
    return found is not None and found.level == Level.DISTRICT


def check_target(indicator: str, district: str | None, year: int | None, text: str | int | None,
                 districts_total: int, national: int | None) -> TargetCheck:
    """Check a target typed into the editor. ``districts_total``: every district's target for
    the indicator and year with this one's new value in place of its old one; ``national``:
    the national target for them (None if there is none). Errors and warnings are message keys."""
    errors: list[str] = []
    if indicator not in INDICATOR_KEYS:
        errors.append("targets.error.indicator")
    if not is_target_area(district):
        errors.append("targets.error.district")
    if year not in PROGRAMME_YEARS:
        errors.append("targets.error.year")
    value: int | None = None
    raw = str(text).strip().translate(_BANGLA_TO_ASCII) if text is not None else ""
    if not (raw.isascii() and raw.isdigit()):  # no sign, no decimals, no blanks: a count of things
        errors.append("targets.error.value")
    elif int(raw) > MAX_TARGET:
        errors.append("targets.error.range")
    else:
        value = int(raw)
    warnings: list[str] = []
    if not errors and national is not None and districts_total > national:
        warnings.append("targets.warning.above_national")
    return TargetCheck(value if not errors else None, tuple(errors), tuple(warnings))
