"""Matching columns by their HXL hashtags (https://hxlstandard.org), for files whose headers say little.

KoboToolbox writes a row of HXL hashtags under the header when the form's questions carry
them, and humanitarian spreadsheets often do too. Each import column declares its hashtag
(:attr:`~dashboard.features.imports.kinds.Column.hxl`); a file's tag matches a column when it
has the same hashtag and at least the column's attributes, in any order (HXL's own rule:
``#adm2+name`` and ``#adm2+code`` are both ``#adm2``). Where several columns match, the one
declaring the most of the tag's attributes wins (``#affected+age+band`` is the age band, not
the age); a tie is left unmatched rather than guessed.

Tags only place headers that matched nothing by name: a header's name is the file author's
plainest statement. ``#geo+lat`` and ``#geo+lon`` make the location's pair.
"""

from __future__ import annotations

from dashboard.features.imports.columns import Mapping
from dashboard.features.imports.kinds import Column, Kind


def parse(tag: str) -> tuple[str, frozenset[str]]:
    """(hashtag, attributes) of ``#adm2 +name``, lower case."""
    hashtag, *attributes = tag.replace(" ", "").lower().split("+")
    return hashtag, frozenset(a for a in attributes if a)


def _column_for(tag: str, columns: tuple[Column, ...]) -> Column | None:
    hashtag, attributes = parse(tag)
    fits = [(len(parse(c.hxl)[1]), c) for c in columns
            if c.hxl and parse(c.hxl)[0] == hashtag and parse(c.hxl)[1] <= attributes]
    if not fits:
        return None
    best = max(count for count, _ in fits)
    winners = [c for count, c in fits if count == best]
    return winners[0] if len(winners) == 1 else None


def match_tags(mapping: Mapping, tags: dict[str, str], kind: Kind) -> None:
    """Move headers that matched nothing by name but whose HXL tag names a column still missing."""
    location = next((c.name for c in kind.columns if c.location), None)
    for header in list(mapping.unknown):
        tag = tags.get(header, "")
        if not tag:
            continue
        hashtag, attributes = parse(tag)
        if location and hashtag == "#geo" and attributes & {"lat", "lon"} and location not in mapping.columns:
            lat, lon = mapping.gps_pairs.get(location, ("", ""))
            mapping.gps_pairs[location] = (header, lon) if "lat" in attributes else (lat, header)
        else:
            missing = tuple(c for c in kind.columns if c.name not in mapping.columns and c.name not in mapping.choices)
            column = _column_for(tag, missing)
            if column is None:
                continue
            mapping.columns[column.name] = header
        mapping.unknown.remove(header)
        mapping.by_tag[header] = tag
