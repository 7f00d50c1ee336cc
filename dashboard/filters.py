"""User-chosen filters that narrow every query: area and period for now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, false, true
from sqlalchemy.orm import InstrumentedAttribute

# The programme ran from April 2017 to April 2020 (PROTTASHA project sheet).
DateColumn = InstrumentedAttribute[date] | InstrumentedAttribute[date | None]
AreaColumn = InstrumentedAttribute[str] | InstrumentedAttribute[str | None]

PROGRAMME_START = date(2017, 4, 1)
PROGRAMME_END = date(2020, 4, 30)


@dataclass(frozen=True, slots=True)
class Filters:
    """Area (district or upazila P-code) and an inclusive date range; ``None`` means open."""

    area: str | None = None
    start: date | None = None
    end: date | None = None

    def in_period(self, column: DateColumn) -> ColumnElement[bool]:
        """Rows whose date falls in the period (a NULL date never does)."""
        clauses = [column.is_not(None)]
        if self.start is not None:
            clauses.append(column >= self.start)
        if self.end is not None:
            clauses.append(column <= self.end)
        return and_(*clauses)

    def in_area(
        self,
        district_column: AreaColumn,
        upazila_column: InstrumentedAttribute[str] | None = None,
    ) -> ColumnElement[bool]:
        """Rows inside the chosen area. Upazila areas need a table with an upazila column."""
        if self.area is None:
            return true()
        if len(self.area) <= 6:
            return district_column == self.area
        if upazila_column is None:
            # Data kept only per district (hotline calls, DCCs) has no upazila
            # to match, so an upazila view shows none of it rather than all.
            return false()
        return upazila_column == self.area
