"""What every limit's SQL shares: plain sorted rows, and the filters as conditions on a summary."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from sqlalchemy import and_, true

from dashboard.core.filters import BY_KEY, Filters

# A result set: rows of plain values, sorted (the order the app draws them in is not a number it shows).
Rows = list[tuple[Any, ...]]
Answer = dict[str, Rows]


def plain(value: Any) -> Any:
    """Enum members as their values, floats to 6 decimals (a haversine in SQL and in numpy agree
    to rounding), so two answers compare as numbers."""
    value = getattr(value, "value", value)
    if isinstance(value, float):
        return value if math.isinf(value) else round(value, 6)
    return value


def rows(result: Any) -> Rows:
    """Plain, sorted rows."""
    return sorted(tuple(plain(v) for v in row) for row in result)


def month_key(day: date) -> int:
    """The summaries' month key (``YYYYMM``)."""
    return day.year * 100 + day.month


def in_months(filters: Filters, column: Any) -> Any:
    """Rows of a summary whose month is in the period.

    The summaries count by month; the benchmark's periods are whole months (as the app's fast path)."""
    return and_(column.is_not(None), *([column >= month_key(filters.start)] if filters.start else []),
                *([column <= month_key(filters.end)] if filters.end else []))


def in_days(filters: Filters, column: Any) -> Any:
    """Rows whose day is in the period (a NULL day never is)."""
    return and_(column.is_not(None), *([column >= filters.start] if filters.start else []),
                *([column <= filters.end] if filters.end else []))


def person_filters(filters: Filters, table: Any) -> Any:
    """The person filters as a condition on a summary with the person columns."""
    return and_(true(), *(getattr(table, BY_KEY[key].column).in_(chosen) for key, chosen in filters.people))


