"""Where an import may write: the one place that decides scope for every kind and every row.

A row is applied only when the record it creates *or changes* (the stored record's district,
not only the row's own district column) and every parent it attaches to lie in the importer's
reach; targets and other national figures are for those who may set them. A record outside
the reach is refused with the same words whether or not it exists, so a check reveals nothing
about other districts' records. Used by the check and by the store alike
(``dashboard.features.imports.store``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.features.imports.messages import Message, message
from dashboard.models import AwarenessActivity, HotlineCall, Returnee

_CHUNK = 10_000  # bound parameters per IN (SQLite allows 32,766)


@dataclass(frozen=True)
class Reach:
    """Where an importer may write: ``districts`` None means every district and the national
    records (headquarters, the operator's CLI); ``set_targets`` whether targets may be set."""

    districts: frozenset[str] | None
    set_targets: bool


# Kinds whose stored rows are found by a code the file gives: model, the frame column holding it.
_FOUND_BY_CODE: dict[str, tuple[Any, str]] = {"returnees": (Returnee, "returnee_code"),
                                               "awareness": (AwarenessActivity, "code"),
                                               "hotline": (HotlineCall, "code")}
# Kinds placed by the returnee they attach to (the frame column holding its code), not by a district.
_PLACED_BY_PARENT = {"assistance": "returnee_code", "followups": "returnee_code"}
# Kinds only those who may set targets may import (they have no district: national figures).
TARGET_KINDS = frozenset({"targets"})


def _districts_by_code(session: Session, model: Any, codes: list[str]) -> dict[str, str | None]:
    """The district of each stored record with one of ``codes``, whoever's it is (absent: no record)."""
    found: dict[str, str | None] = {}
    for start in range(0, len(codes), _CHUNK):
        found.update(dict(session.execute(select(model.code, model.district_pcode).where(
            model.code.in_(codes[start:start + _CHUNK]))).all()))
    return found


def in_reach(session: Session, kind: str, frame: pd.DataFrame, reach: Reach) -> list[tuple[int, str, str, Message]]:
    """Rows of ``frame`` the importer may not write, as (1-based row, field, value, reason).

    The one place an import decides scope, for every kind and every row: a row is applied
    only when the record it creates *or changes* (the stored record's district, not only the
    row's own district column) and every parent it attaches to lie in ``reach``. A record
    outside it is refused with the same words whether or not it exists, so a check reveals
    nothing about other districts' records."""
    rows = [int(label) for label in frame.index]  # labels are the file's 0-based data rows
    if kind in TARGET_KINDS and not reach.set_targets:
        return [(row + 1, "", "", message("targets_hq_only")) for row in rows]
    allowed = reach.districts
    if allowed is None:
        return []
    if "district" not in frame and kind not in _PLACED_BY_PARENT:
        # A kind placed neither by a district nor by a parent holds national figures: headquarters only.
        return [(row + 1, "", "", message("national_hq_only")) for row in rows]
    refused: dict[int, tuple[str, str, Message]] = {}
    placed = "district" in frame
    district = frame["district"] if placed else pd.Series(None, index=frame.index, dtype=object)
    for position in np.flatnonzero(district.isna().to_numpy()).tolist() if placed else ():
        refused[rows[position]] = ("district", "", message("no_district_hq_only"))
    for position in np.flatnonzero((district.notna() & ~district.isin(allowed)).to_numpy()).tolist():
        refused[rows[position]] = ("district", str(district.iat[position]), message("outside_districts"))
    if kind in _FOUND_BY_CODE:
        model, column = _FOUND_BY_CODE[kind]
        codes = frame[column]
        stored = _districts_by_code(session, model, sorted({str(c) for c in codes.dropna()}))
        for row, code, there in zip(rows, codes, district, strict=True):
            if row in refused or code is None or pd.isna(code) or str(code) not in stored:
                continue
            before = stored[str(code)]
            if before not in allowed:
                refused[row] = (column, str(code), message("code_not_in_reach", column=column))
            elif before != there:
                refused[row] = ("district", str(there), message("moves_district", before_area=before,
                                                                after_area=str(there)))
    if kind in _PLACED_BY_PARENT:
        codes = frame[_PLACED_BY_PARENT[kind]]
        stored = _districts_by_code(session, Returnee, sorted({str(c) for c in codes.dropna()}))
        for row, code in zip(rows, codes, strict=True):
            if row not in refused and stored.get(str(code)) not in allowed:
                refused[row] = (_PLACED_BY_PARENT[kind], str(code), message("returnee_not_in_reach"))
    return [(row + 1, *refused[row]) for row in sorted(refused)]
