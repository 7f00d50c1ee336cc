"""Axis ticks and hover values in the interface language.

Plotly writes tick labels and ``%{y}`` itself, in Latin digits and English month names
whatever the page's language; its locale files change month names but never digits. So
charts name their ticks and hover values here, from the same formatting as every other
number on the page (``dashboard.i18n``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import Any

from dashboard.i18n import format_month, format_number


def nice_step(largest: float, ticks: int = 5) -> float:
    """A 1, 2 or 5 times a power of ten step giving about ``ticks`` ticks from 0 to ``largest``."""
    if largest <= 0:
        return 1
    raw = largest / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def number_ticks(largest: float, lang: str, decimals: int = 0, integer: bool = True) -> dict[str, Any]:
    """Axis settings with ticks from 0 past ``largest``, labelled in ``lang``'s digits."""
    step = nice_step(largest)
    if integer:
        step = max(1, round(step))
    count = max(1, math.ceil(largest / step)) if largest > 0 else 1
    values = [round(i * step, 10) for i in range(count + 1)]
    return {"tickmode": "array", "tickvals": values, "ticktext": [format_number(v, lang, decimals) for v in values]}


def month_ticks(days: Sequence[date], lang: str, most: int = 8) -> dict[str, Any]:
    """Axis settings labelling at most ``most`` evenly spaced months of ``days``."""
    if not days:
        return {}
    every = max(1, math.ceil(len(days) / most))
    shown = list(days[::every])
    return {"tickmode": "array", "tickvals": shown, "ticktext": [format_month(d, lang) for d in shown]}


def hover_numbers(values: Sequence[float | int | None], lang: str, decimals: int = 0) -> list[str]:
    """Values as the hover shows them (use ``%{customdata}`` rather than ``%{y}``)."""
    return [format_number(v, lang, decimals) for v in values]
