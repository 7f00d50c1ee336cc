"""Vectorised parsers: a column of text in, typed values and a message per bad cell out.

Each parser takes a Series of stripped strings (empty string = blank) and returns
``Parsed(values, errors)`` where ``errors`` holds the message for each bad cell
and "" for good or blank ones. Whole columns are parsed at once (pandas), so
100,000 rows take a fraction of a second; nothing loops over rows in Python
except where a cell holds a list (select-multiple answers).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import cast

import pandas as pd
from babel import Locale

from dashboard.features.imports.messages import Message, message
from geodata import Level, admin_areas
from geodata.aliases import normalise as normalise_place
from geodata.gazetteer import candidates


@dataclass(frozen=True)
class Parsed:
    """Parsed values (NaN/None where blank or bad) and a :class:`Message` per bad cell ("" when fine)."""

    values: pd.Series
    errors: pd.Series


Parser = Callable[[pd.Series], Parsed]
_SEPARATORS = re.compile(r"[,;]")
LATITUDES, LONGITUDES = (20, 27), (88, 93)  # a box around Bangladesh


def blank_errors(values: pd.Series) -> pd.Series:
    """No error yet for any of ``values``: "" each, in a column that may hold messages."""
    # Typed loosely: the column holds "" and :class:`Message` objects alike.
    return cast(pd.Series, pd.Series("", index=values.index, dtype=object))


_ok = blank_errors


def text(max_length: int = 200) -> Parser:
    """Free text, at most ``max_length`` characters."""
    def parse(column: pd.Series) -> Parsed:
        errors = _ok(column).mask(column.str.len() > max_length, message("too_long", max=max_length))
        return Parsed(column.mask(column == "", None), errors)
    return parse


def integer(low: int, high: int) -> Parser:
    """A whole number from ``low`` to ``high``."""
    def parse(column: pd.Series) -> Parsed:
        numbers = pd.to_numeric(column.str.replace(",", "", regex=False), errors="coerce")
        whole = numbers.notna() & (numbers == numbers.round())
        errors = _ok(column).mask((column != "") & ~whole, message("not_whole_number"))
        errors = errors.mask(whole & ((numbers < low) | (numbers > high)), message("out_of_range", low=low, high=high))
        return Parsed(numbers.where(whole & (errors == "")).astype("Int64"), errors)
    return parse


def _dates(column: pd.Series) -> pd.Series:
    """Dates as written by people and tools: 2019-03-23, 2019-03-23T10:05:00.000+06:00, 23/03/2019."""
    iso = pd.to_datetime(column.str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    day_first = pd.to_datetime(column.where(iso.isna()), format="%d/%m/%Y", errors="coerce")
    return iso.fillna(day_first)


def _as_dates(stamps: pd.Series) -> pd.Series:
    """Timestamps as ``datetime.date`` objects (None where missing)."""
    return pd.Series([s.date() if not pd.isna(s) else None for s in stamps], index=stamps.index, dtype=object)


def a_date(today: date, not_future: bool = True, earliest: date = date(2000, 1, 1)) -> Parser:
    """A calendar date (YYYY-MM-DD; also DD/MM/YYYY), not before ``earliest`` and, if asked, not in the future."""
    def parse(column: pd.Series) -> Parsed:
        days = _dates(column)
        bad = (column != "") & days.isna()
        errors = _ok(column).mask(bad, message("not_a_date"))
        known = days.notna()
        too_early = message("too_early", earliest_date=earliest.isoformat())
        errors = errors.mask(known & (days < pd.Timestamp(earliest)), too_early)
        if not_future:
            errors = errors.mask(known & (days > pd.Timestamp(today)), message("in_future"))
        return Parsed(_as_dates(days.where(errors == "")), errors)
    return parse


def a_datetime(today: date) -> Parser:
    """A moment (YYYY-MM-DD HH:MM[:SS], also ISO 8601 with T and a zone), not in the future."""
    def parse(column: pd.Series) -> Parsed:
        moments = pd.to_datetime(column.str.slice(0, 19).str.replace("T", " ", regex=False),
                                 format="mixed", errors="coerce")
        errors = _ok(column).mask((column != "") & moments.isna(), message("not_a_datetime"))
        errors = errors.mask(moments.notna() & (moments.dt.normalize() > pd.Timestamp(today)), message("in_future"))
        return Parsed(moments.where(errors == ""), errors)
    return parse


def code(allowed: Iterable[str], aliases: dict[str, str] | None = None) -> Parser:
    """One of ``allowed`` (case and spaces forgiven; ``aliases`` maps other spellings)."""
    allowed = tuple(allowed)
    table = {v.lower(): v for v in allowed} | {k.lower(): v for k, v in (aliases or {}).items()}

    def parse(column: pd.Series) -> Parsed:
        keys = column.str.lower().str.strip().str.replace(" ", "_", regex=False).str.replace("-", "_", regex=False)
        values = keys.map(table)
        errors = _ok(column).mask((column != "") & values.isna(), message("not_one_of", allowed=allowed))
        return Parsed(values, errors)
    return parse


def codes(allowed: Iterable[str]) -> Parser:
    """Several of ``allowed``, separated by spaces (Kobo's select-multiple) or commas/semicolons."""
    allowed_set = frozenset(allowed)

    def one(text: object) -> tuple[Message | str, tuple[str, ...] | None]:
        if not isinstance(text, str):
            return "", ()
        items = set(_SEPARATORS.sub(" ", text).split())
        unknown = sorted(items - allowed_set)
        if unknown:
            return message("unknown_codes", codes=unknown), None
        return "", tuple(sorted(items & allowed_set))

    def parse(column: pd.Series) -> Parsed:
        # Each distinct answer is parsed once: a file's select-multiple answers repeat a few
        # combinations (100,000 rows parsed one by one took 3 of a check's 19 seconds).
        parsed = {text: one(text) for text in pd.unique(column)}
        # (.get: a missing cell, NaN, is not equal to itself as a key; it reads as blank)
        found = [parsed.get(text, ("", ())) for text in column]
        errors = pd.Series([error for error, _ in found], index=column.index, dtype=object)
        values = pd.Series([value for _, value in found], index=column.index, dtype=object)
        return Parsed(values, errors)
    return parse


@lru_cache(maxsize=1)
def _country_codes() -> dict[str, str]:
    """Lower-case English country names and ISO alpha-2 codes -> ISO alpha-2 (CLDR, via Babel)."""
    names = {code: str(name) for code, name in Locale.parse("en").territories.items()}
    table = {code.lower(): code for code in names if len(code) == 2 and code.isalpha()}
    table.update({name.lower(): code for code, name in names.items() if len(code) == 2 and code.isalpha()})
    table.update({"turkey": "TR", "türkiye": "TR", "libya": "LY", "bosnia": "BA", "uae": "AE"})
    return table


def country() -> Parser:
    """A country, as an English name or an ISO 3166 alpha-2 code."""
    def parse(column: pd.Series) -> Parsed:
        values = column.str.strip().str.lower().map(_country_codes())
        errors = _ok(column).mask((column != "") & values.isna(), message("not_a_country"))
        return Parsed(values, errors)
    return parse


def _suggest(name: str, level: Level, within: str | None) -> str:
    areas = [a for a in admin_areas().values() if a.level == level and (within is None or a.pcode.startswith(within))]
    names = {a.name_en: a.name_en for a in areas} | {normalise_place(a.name_en): a.name_en for a in areas}
    close = difflib.get_close_matches(normalise_place(name), list(names), n=3, cutoff=0.6)
    return ", ".join(sorted({names[c] for c in close}))


def _not_found(name: str, level: Level, inside: str | None) -> Message:
    """No place by that name: which level, within which district, and the closest names (as the
    gazetteer spells them, to copy)."""
    code = "no_district" if level == Level.DISTRICT else "no_upazila_in" if inside in admin_areas() else "no_upazila"
    close = _suggest(name, level, inside)
    params: dict[str, object] = {"name": name, **({"district_area": inside} if code == "no_upazila_in" else {})}
    return message(f"{code}_suggest", **params, names=close) if close else message(code, **params)


def place(level: Level, within: pd.Series | None = None) -> Parser:
    """A district or upazila as a P-code or a name in any spelling the gazetteer knows (English,
    old spellings, Bangla); upazilas are looked up inside the row's district (``within``)."""
    def parse(column: pd.Series) -> Parsed:
        parent = within if within is not None else pd.Series(None, index=column.index, dtype=object)
        pairs = pd.DataFrame({"name": column, "within": parent})
        values = pd.Series(None, index=column.index, dtype=object)
        errors = _ok(column)
        # Each distinct (name, district) is resolved once, however many rows repeat it.
        for key, rows in pairs[column != ""].groupby(["name", "within"], dropna=False).groups.items():
            # pandas types a group's key as any hashable; grouped by two columns it is a pair
            name, within_value = cast(tuple[str, object], key)
            inside = within_value if isinstance(within_value, str) else None
            found = candidates(name, level, inside)
            if len(found) == 1:
                values[rows] = found[0].pcode
            elif found:
                errors[rows] = message("ambiguous_place", places=[f"{a.name_en} ({a.pcode})" for a in found])
            else:
                errors[rows] = _not_found(name, level, inside)
        return Parsed(values, errors)
    return parse


def gps() -> Parser:
    """Kobo's geopoint: "lat lon [altitude accuracy]", inside Bangladesh."""
    def parse(column: pd.Series) -> Parsed:
        parts = column.str.split(expand=True)
        if parts.shape[1] < 2:
            parts = parts.reindex(columns=[0, 1])
        lat = pd.to_numeric(parts[0], errors="coerce")
        lon = pd.to_numeric(parts[1], errors="coerce")
        return located(lat, lon, column != "")
    return parse


def located(lat: pd.Series, lon: pd.Series, given: pd.Series) -> Parsed:
    """(lat, lon) pairs checked to lie in Bangladesh, rounded to the 0.01-degree (~1 km)
    coarse location the database keeps."""
    ok = lat.between(*LATITUDES) & lon.between(*LONGITUDES)
    errors = _ok(lat).mask(given & ~ok, message(
        "not_in_bangladesh", lat_low=LATITUDES[0], lat_high=LATITUDES[1], lon_low=LONGITUDES[0],
        lon_high=LONGITUDES[1]))
    values = pd.Series(list(zip(lat.round(2), lon.round(2), strict=True)), index=lat.index, dtype=object)
    return Parsed(values.where(given & ok, None), errors)
