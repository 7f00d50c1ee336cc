"""User-chosen filters that narrow every query: area, period and who the returnees are."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, exists, false, select, true
from sqlalchemy.orm import InstrumentedAttribute

from dashboard.models import Returnee, ReturneeNeed

DateColumn = InstrumentedAttribute[date] | InstrumentedAttribute[date | None]
AreaColumn = InstrumentedAttribute[str] | InstrumentedAttribute[str | None]

# The programme ran from April 2017 to April 2020 (PROTTASHA project sheet).
PROGRAMME_START = date(2017, 4, 1)
PROGRAMME_END = date(2020, 4, 30)

# Filters on who a returnee is, in the order the filter panel shows them.
PERSON_FILTERS = ("sex", "age_band", "return_group", "country", "need", "status")


@dataclass(frozen=True, slots=True)
class Filters:
    """Area (district or upazila P-code), an inclusive date range (``None``: open) and
    returnee attributes (empty tuple: any). Person filters narrow returnee-based
    figures only; events (awareness, fairs, meetings) have no person to filter on."""

    area: str | None = None
    start: date | None = None
    end: date | None = None
    sex: tuple[str, ...] = ()
    age_band: tuple[str, ...] = ()
    return_group: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    need: tuple[str, ...] = ()
    status: tuple[str, ...] = ()

    def in_period(self, column: DateColumn) -> ColumnElement[bool]:
        """Rows whose date falls in the period (a NULL date never does)."""
        clauses = [column.is_not(None)]
        if self.start is not None:
            clauses.append(column >= self.start)
        if self.end is not None:
            clauses.append(column <= self.end)
        return and_(*clauses)

    def in_area(self, district_column: AreaColumn, upazila_column: AreaColumn | None = None) -> ColumnElement[bool]:
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

    def on_returnees(self) -> ColumnElement[bool]:
        """The person filters as a condition on ``Returnee`` rows."""
        clauses: list[ColumnElement[bool]] = []
        for name, column in (("sex", Returnee.sex), ("age_band", Returnee.age_band),
                             ("return_group", Returnee.return_group), ("country", Returnee.country_code),
                             ("status", Returnee.status)):
            values = getattr(self, name)
            if values:
                clauses.append(column.in_(values))
        if self.need:
            clauses.append(exists(select(ReturneeNeed.returnee_id).where(
                ReturneeNeed.returnee_id == Returnee.id, ReturneeNeed.service.in_(self.need))))
        return and_(true(), *clauses)

    @property
    def has_person_filters(self) -> bool:
        """Whether any filter on who the returnees are is set."""
        return any(getattr(self, name) for name in PERSON_FILTERS)

    def previous_period(self) -> Filters | None:
        """The equally long period just before this one, or None if the period is open."""
        if self.start is None or self.end is None:
            return None
        end = self.start - timedelta(days=1)
        return replace(self, start=end - (self.end - self.start), end=end)
