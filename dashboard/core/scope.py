"""What part of the country a request may see. Every query takes one.

``core.access.Actor.scope`` builds one from the signed-in user's role and districts:
the whole country for headquarters (and for viewers assigned no district, who see
aggregates only), their districts for everyone else, nothing when nobody signed in.
Queries filter through :meth:`Scope.allows`, so who may see what is decided once, here
and in ``core.access``, not in each query.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, false, true
from sqlalchemy.orm import InstrumentedAttribute

AreaColumn = InstrumentedAttribute[str] | InstrumentedAttribute[str | None]


@dataclass(frozen=True, slots=True)
class Scope:
    """A set of districts a caller may see (``None``: the whole country)."""

    districts: frozenset[str] | None = None

    @classmethod
    def national(cls) -> Scope:
        """The whole programme, as headquarters sees it."""
        return cls(None)

    @classmethod
    def for_districts(cls, *pcodes: str) -> Scope:
        """Only the given districts (by P-code)."""
        return cls(frozenset(pcodes))

    @property
    def is_national(self) -> bool:
        """True when nothing is restricted."""
        return self.districts is None

    def allows(self, district_column: AreaColumn) -> ColumnElement[bool]:
        """A WHERE clause keeping only rows whose district is in scope."""
        if self.districts is None:
            return true()
        if not self.districts:
            return false()
        return district_column.in_(sorted(self.districts))

    def permits(self, pcode: str) -> bool:
        """Whether an area (district or upazila P-code) lies inside the scope."""
        return self.districts is None or pcode[:6] in self.districts
