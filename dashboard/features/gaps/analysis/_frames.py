"""Checks on the DataFrames the analysis functions receive."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


def require(frame: pd.DataFrame, columns: Sequence[str], what: str) -> pd.DataFrame:
    """``frame`` itself when it has ``columns``; ValueError naming the missing ones otherwise.

    An empty frame without the columns (``pd.DataFrame()`` from an empty query) is taken
    as an empty frame with them, so "nothing to analyse" never fails on a missing column.
    """
    missing = [c for c in columns if c not in frame.columns]
    if not missing:
        return frame
    if frame.empty:
        return frame.reindex(columns=[*frame.columns, *missing])
    raise ValueError(f"{what} lacks column(s) {', '.join(missing)}")
