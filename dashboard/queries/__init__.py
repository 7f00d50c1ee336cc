"""The only door to the database. Every function takes a Session, a Scope and Filters,
and aggregates in SQL so results stay small at national scale."""

from dashboard.queries.areas import returnees_by_area
from dashboard.queries.indicators import programme_indicators
from dashboard.queries.targets import targets_for

__all__ = ["programme_indicators", "returnees_by_area", "targets_for"]
