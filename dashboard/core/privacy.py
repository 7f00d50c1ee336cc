"""Hidden values and location coarsening: what leaves the server below headquarters.

Counts of people below headquarters are published by the cell key method
(``dashboard.core.disclosure``): never hidden, never between 1 and the threshold. What *is*
hidden is a value resting on too few people: a share, rate or median whose published base is
under the threshold. Such a value is a :class:`Hidden`, a type of its own and never a number
or a string: arithmetic on it fails loudly (and the type checker finds it), so figures,
classes, changes, tables and files each decide what a hidden value means for them (a legend
class "fewer than 5", a change not computed, a cell reading "<5", a null with a flag in
GeoJSON). :func:`is_hidden` tells it from a number; :func:`shown` gives the text a table or
file shows for it. Locations leave the server only as grid cells (:data:`GRID_DEGREES`).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # only the checker reads it (typing.TypeIs is Python 3.13)
    from typing_extensions import TypeIs

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Hidden:
    """A value (a share, rate or median) withheld because fewer than ``threshold`` people stand
    behind it. Deliberately not a number and not a string."""

    threshold: int

    def __str__(self) -> str:
        return f"<{self.threshold}"

    def to_plotly_json(self) -> str:
        """Plotly's and Dash's JSON encoders call this: in a figure it is the text "<5"."""
        return str(self)


Count = int | Hidden
# Individual returnee locations are served as the centres of a grid this many degrees
# wide (~2 km), whatever is stored. The grid is offset by half a hundredth of a degree
# so no centre lies on the 0.01-degree lattice that stored (coarse) locations use: a
# served point is never a stored point.
GRID_DEGREES = 0.02
GRID_OFFSET = 0.005


def hidden(threshold: int) -> Hidden:
    """What replaces a small count (shown as "<5")."""
    return Hidden(threshold)


def is_hidden(value: object) -> TypeIs[Hidden]:
    """Whether a value is a suppressed count or share (the checker narrows on it, as on isinstance)."""
    return isinstance(value, Hidden)


def shown(value: object) -> object:
    """A value as a table cell or file holds it: the text "<5" for a hidden one, else as it is."""
    return str(value) if isinstance(value, Hidden) else value
