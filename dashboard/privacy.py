"""Small-count suppression and location coarsening: what leaves the server below headquarters.

Returnees are vulnerable people, and a count of 1 on a map with a filter on age
band and need can be a person. Below headquarters every count of returnees from
1 to ``threshold - 1`` is replaced by the text ``"<5"`` (for threshold 5), on
maps, cards, hovers, tables, downloads and the API; and where a total is shown
beside its parts, one more part is hidden when only one was (*complementary
suppression*), so the total minus the others cannot give the hidden one away.
Shares are hidden when fewer than ``threshold`` returnees stand behind them.

A suppressed value is a :class:`Hidden`, a type of its own and never a number or a
string: arithmetic on it fails loudly (and the type checker finds it), so figures,
classes, changes, tables and files each decide what a hidden value means for them (a
legend class "fewer than 5", a change not computed, a cell reading "<5", a null with a
flag in GeoJSON). :func:`is_hidden` tells it from a count; :func:`shown` gives the text a
table or file shows for it.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar, overload

if TYPE_CHECKING:  # only the checker reads it (typing.TypeIs is Python 3.13)
    from typing_extensions import TypeIs

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Hidden:
    """A count of returnees (or a share resting on one) withheld because fewer than
    ``threshold`` people stand behind it. Deliberately not a number and not a string."""

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


def hide_count(value: int, threshold: int) -> Count:
    """One count on its own (no total beside it)."""
    return hidden(threshold) if 0 < value < threshold else value


@overload
def hide_group(values: Mapping[K, int], threshold: int) -> dict[K, Count]: ...
@overload
def hide_group(values: Mapping[K, int | None], threshold: int) -> dict[K, Count | None]: ...
def hide_group(values: Mapping[K, int | None], threshold: int) -> dict[K, Count] | dict[K, Count | None]:
    """Counts shown together with their total: small ones hidden, and when exactly one
    is, the next smallest too, so that subtracting from the total reveals nothing."""
    out: dict[K, Count | None] = {k: (hide_count(v, threshold) if v is not None else None)
                                  for k, v in values.items()}
    small = [k for k, v in out.items() if is_hidden(v)]
    if len(small) == 1:
        others = sorted((v, str(k), k) for k, v in values.items() if v is not None and k != small[0])
        if others:
            out[others[0][2]] = hidden(threshold)
    return out


def hide_share(share: float | None, base: int, threshold: int) -> float | Hidden | None:
    """A share with fewer than ``threshold`` people behind it is hidden."""
    return hidden(threshold) if share is not None and 0 < base < threshold else share


def hide_groups(rows: Sequence[tuple[str, str, int]], threshold: int) -> list[tuple[str, str, Count]]:
    """(area, category, count) rows, suppressed within each area (the area's total is shown elsewhere)."""
    by_area: dict[str, dict[str, int]] = {}
    for area, category, count in rows:
        by_area.setdefault(area, {})[category] = count
    hidden_rows = {area: hide_group(counts, threshold) for area, counts in by_area.items()}
    out: list[tuple[str, str, Count]] = []
    for area, category, _count in rows:
        value = hidden_rows[area][category]
        assert value is not None  # every row's count is an int, so none is None
        out.append((area, category, value))
    return out
