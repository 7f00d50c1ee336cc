"""Checking a file against its kind: every bad cell reported by row and field, nothing guessed.

Row numbers count data rows as a spreadsheet user does (the first row under the
header is row 1). File-level problems (unreadable, a required column missing, a
column of personal data) refuse the whole file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

import numpy as np
import pandas as pd
import shapely

from dashboard.features.imports import labels
from dashboard.features.imports.columns import KOBO_LABELS, Mapping, map_headers
from dashboard.features.imports.hxl import match_tags
from dashboard.features.imports.kinds import Context, Kind
from dashboard.features.imports.messages import Message, message
from dashboard.features.imports.reading import Table
from dashboard.features.imports.rules import cross_checks
from dashboard.i18n import DEFAULT_LANGUAGE
from geodata import Level, boundaries


@dataclass(frozen=True)
class Problem:
    """A rejected cell: 1-based data row, field, the value as written, and why (a catalogue message)."""

    row: int
    field: str
    value: str
    why: Message

    @property
    def error(self) -> str:
        """Why, in English (the CLI's and the logs' words)."""
        return self.why.text()

    def as_json(self, lang: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
        """The report's shape: row, field, value, the text in ``lang``, and its code and parameters."""
        return {"row": self.row, "field": self.field, "value": self.value, "error": self.why.text(lang),
                **self.why.as_json()}


@dataclass(frozen=True)
class Caution:
    """Something worth a look that does not stop the row (e.g. GPS outside the stated district)."""

    row: int
    field: str
    why: Message

    @property
    def message(self) -> str:
        """The caution in English."""
        return self.why.text()

    def as_json(self, lang: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
        """The report's shape: row, field, the text in ``lang``, and its code and parameters."""
        return {"row": self.row, "field": self.field, "message": self.why.text(lang), **self.why.as_json()}


class FileRefused(ValueError):
    """The whole file cannot be imported; ``problems`` says why (row 0: the file itself)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.error for p in problems))
        self.problems = problems


@dataclass
class Validated:
    """Parsed values (one row per data row), the problems found, and how headers were matched."""

    kind: Kind
    frame: pd.DataFrame
    mapping: Mapping
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Caution] = field(default_factory=list)

    @property
    def bad_rows(self) -> set[int]:
        """0-based positions of rows with at least one problem."""
        return {p.row - 1 for p in self.problems if p.row > 0}


def _text_columns(table: Table, kind: Kind, mapping: Mapping) -> pd.DataFrame:
    """The kind's columns as stripped text, select-multiple 0/1 columns and GPS pairs folded in."""
    source = table.frame
    out = pd.DataFrame(index=source.index)
    for column in kind.columns:
        header = mapping.columns.get(column.name)
        out[column.name] = source[header].astype(str).str.strip() if header is not None else ""
        if column.multi and column.name in mapping.choices:
            # The 0/1 columns hold codes whatever the export's language; where a row has them, they are
            # the answer, and the summary column (the same choices, perhaps as labels) is not read too.
            picked = pd.Series("", index=source.index)
            answered = pd.Series(False, index=source.index)
            for code_, choice_header in mapping.choices[column.name].items():
                cells = source[choice_header].astype(str).str.strip().str.lower()
                chosen = cells.isin({"1", "true", "yes"})
                answered |= cells != ""
                picked = picked.where(~chosen, (picked + " " + code_).str.strip())
            out[column.name] = picked.where(answered, out[column.name])
        if column.location and column.name in mapping.gps_pairs:
            lat_header, lon_header = mapping.gps_pairs[column.name]
            if lat_header and lon_header:
                pair = source[lat_header].astype(str).str.strip() + " " + source[lon_header].astype(str).str.strip()
                out[column.name] = out[column.name].where(out[column.name] != "", pair.str.strip())
    for name, header in mapping.provenance.items():
        out[f"_{name}"] = source[header].astype(str).str.strip()
    return out


def _file_problems(kind: Kind, mapping: Mapping) -> list[Problem]:
    problems = [Problem(0, header, "", message("personal_data", header=header))
                for header in (mapping.personal if kind.about_returnees else [])]
    present = set(mapping.columns) | set(mapping.choices) | set(mapping.gps_pairs)
    # A Kobo export with labels for headers: the columns are there under their labels.
    missing = "missing_column_kobo_labels" if mapping.exporter == KOBO_LABELS else "missing_column"
    problems += [Problem(0, c.name, "", message(missing, column=c.name))
                 for c in kind.columns if c.required and c.name not in present
                 and not (c.name == "code" and "uuid" in mapping.provenance)]
    problems += [Problem(0, "/".join(group), "", message("one_of_columns", columns=group))
                 for group in kind.one_of if not set(group) & present]
    return problems


def validate(table: Table, kind: Kind, today: date, drop: set[str] | None = None,
             allowed_districts: frozenset[str] | None = None,
             progress: Callable[[int, int], None] | None = None) -> Validated:
    """Parse and check every cell; ``allowed_districts`` (None: all) rejects rows elsewhere.

    ``progress``, if given, is told (rows checked, rows) as each column is done: columns are
    parsed whole, so this is as fine as progress gets without slowing the parsers."""
    by_label = labels.header_aliases(kind)
    canonical = {c.name: (*c.aliases, *by_label[c.name]) for c in kind.columns}
    mapping = map_headers(list(table.frame.columns), canonical, {c.name for c in kind.columns if c.multi},
                          {c.name for c in kind.columns if c.location}, drop or set(), set(kind.personal_allowed),
                          labels.choice_headers(kind))
    match_tags(mapping, table.hxl, kind)
    file_problems = _file_problems(kind, mapping)
    if file_problems:
        raise FileRefused(file_problems)
    notices = _notices(mapping)
    text, unmatched = labels.as_codes(kind, _text_columns(table, kind, mapping), strict=mapping.exporter == KOBO_LABELS)
    reported = {(u.row, u.column) for u in unmatched}
    ctx = Context(today)
    parsed = pd.DataFrame(index=text.index)
    problems: list[Problem] = []
    for done, column in enumerate(kind.columns, start=1):
        result = column.parser(ctx)(text[column.name])
        ctx.parsed[column.name] = result.values
        parsed[column.name] = result.values
        errors = result.errors.where(~(column.required & (text[column.name] == "")), message("required"))
        for position in np.flatnonzero(errors.to_numpy() != ""):
            if (int(position) + 1, column.name) in reported:
                continue
            problems.append(Problem(int(position) + 1, column.name, str(text[column.name].iat[int(position)]),
                                    cast(Message, errors.iat[int(position)])))
        if progress is not None:
            progress(len(text) * done // len(kind.columns), len(text))
    problems += [Problem(u.row, u.column, u.value, u.message) for u in unmatched]
    for name in [c for c in text.columns if c.startswith("_")]:
        parsed[name] = text[name]
    extra, fixed = cross_checks(kind, parsed, text, today)
    problems += extra
    problems += _duplicates(kind, parsed, text)
    problems += _outside(parsed, text, allowed_districts)
    validated = Validated(kind, fixed, mapping, sorted(problems, key=lambda p: (p.row, p.field)))
    validated.warnings = notices + _gps_outside_district(fixed)
    return validated


def _notices(mapping: Mapping) -> list[Caution]:
    """What the file held that was read differently from its face, said once for the file (row 0):
    the enumerator's name dropped, the geopoint used for the location."""
    notices = [Caution(0, header, message("staff_column", header=header)) for header in mapping.staff]
    if mapping.geopoint:
        others = [g for g in mapping.geopoints if g != mapping.geopoint]
        notices.append(Caution(0, "gps", message("geopoint_used_others", geopoint=mapping.geopoint, others=others)
                               if others else message("geopoint_used", geopoint=mapping.geopoint)))
    return notices


def _duplicates(kind: Kind, parsed: pd.DataFrame, text: pd.DataFrame) -> list[Problem]:
    keys = pd.Series(["\x1f".join(map(str, row)) for row in parsed[list(kind.key)].itertuples(index=False, name=None)],
                     index=parsed.index, dtype=object)
    complete = parsed[list(kind.key)].notna().all(axis=1)
    repeated = keys[complete & keys.duplicated(keep=False)]
    problems = []
    for _key, rows in repeated.groupby(repeated).groups.items():
        positions = sorted(int(p) + 1 for p in parsed.index.get_indexer(rows))
        for position in positions:
            others = [p for p in positions if p != position]
            problems.append(Problem(position, "/".join(kind.key), str(text[kind.key[0]].iat[position - 1]),
                                    message("duplicate_key", fields=" + ".join(kind.key), rows=others)))
    return problems


def _outside(parsed: pd.DataFrame, text: pd.DataFrame, allowed: frozenset[str] | None) -> list[Problem]:
    if allowed is None or "district" not in parsed:
        return []
    outside = parsed["district"].notna() & ~parsed["district"].isin(allowed)
    return [Problem(int(position) + 1, "district", str(text["district"].iat[int(position)]),
                    message("outside_districts"))
            for position in np.flatnonzero(outside.to_numpy())]


def _gps_outside_district(frame: pd.DataFrame) -> list[Caution]:
    """Coordinates that fall outside the district the row names (a typo, or a district mix-up)."""
    if "gps" not in frame or "district" not in frame:
        return []
    rows = frame[frame["gps"].notna() & frame["district"].notna()]
    if rows.empty:
        return []
    shapes = {f["id"]: shapely.geometry.shape(f["geometry"]) for f in boundaries(Level.DISTRICT)["features"]}
    lat = np.array([g[0] for g in rows["gps"]])
    lon = np.array([g[1] for g in rows["gps"]])
    warnings = []
    for district, positions in rows.groupby("district").indices.items():
        inside = shapely.contains_xy(shapes[district], lon[positions], lat[positions])
        for position in positions[~inside]:
            x, y = lon[position], lat[position]
            elsewhere = next((d for d, s in shapes.items() if shapely.contains_xy(s, x, y)), None)
            why = message("gps_in_other_district", district_area=str(district), elsewhere_area=elsewhere) \
                if elsewhere else message("gps_outside_bangladesh", district_area=str(district))
            warnings.append(Caution(int(rows.index[position]) + 1, "gps", why))
    return sorted(warnings, key=lambda w: w.row)


