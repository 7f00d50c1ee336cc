"""Resolve a typed place name (any accepted spelling, English or Bangla) to a P-code."""

from __future__ import annotations

import csv
from collections import defaultdict
from functools import lru_cache

from geodata import GEODATA_DIR, AdminArea, Level, admin_areas
from geodata.aliases import normalise


class PlaceNotFound(LookupError):
    """No area has that name."""


class AmbiguousPlace(LookupError):
    """Several areas share that name; the caller must narrow it by level or parent."""

    def __init__(self, name: str, candidates: list[AdminArea]) -> None:
        self.candidates = candidates
        listed = ", ".join(f"{a.name_en} ({a.pcode})" for a in candidates)
        super().__init__(f"'{name}' could mean {listed}")


@lru_cache(maxsize=1)
def _index() -> dict[str, list[str]]:
    index: dict[str, list[str]] = defaultdict(list)
    with (GEODATA_DIR / "gazetteer.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["pcode"] not in index[row["key"]]:
                index[row["key"]].append(row["pcode"])
    return dict(index)


def candidates(name: str, level: Level | None = None, within: str | None = None) -> list[AdminArea]:
    """Every area that ``name`` may mean, optionally of one level or inside one area.

    ``within`` is the P-code of an ancestor: P-codes nest by prefix
    (``BD6091`` Sylhet district contains ``BD60910038`` Golapganj).
    """
    if not name or not name.strip():
        return []
    areas = admin_areas()
    key = normalise(name)
    pcodes = list(_index().get(key, []))
    if name.strip().upper() in areas:
        pcodes.append(name.strip().upper())
    found = [areas[p] for p in dict.fromkeys(pcodes)]
    return [
        area for area in found
        if (level is None or area.level == level) and (within is None or area.pcode.startswith(within))
    ]


def resolve(name: str, level: Level | None = None, within: str | None = None) -> AdminArea:
    """The one area ``name`` means; raises PlaceNotFound or AmbiguousPlace otherwise."""
    found = candidates(name, level, within)
    if not found:
        raise PlaceNotFound(f"no {level.name.lower() if level else 'place'} is called '{name}'")
    if len(found) > 1:
        raise AmbiguousPlace(name, found)
    return found[0]


@lru_cache(maxsize=1)
def _names() -> dict[str, tuple[str, ...]]:
    names: dict[str, list[str]] = defaultdict(list)
    with (GEODATA_DIR / "gazetteer.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["name"] not in names[row["pcode"]]:
                names[row["pcode"]].append(row["name"])
    return {pcode: tuple(found) for pcode, found in names.items()}


def names_of(pcode: str) -> tuple[str, ...]:
    """Every name the gazetteer knows for an area: official, old spellings and aliases, Bangla."""
    return _names().get(pcode, ())
