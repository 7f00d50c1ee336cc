"""Tables behind the charts, for download."""

from __future__ import annotations

import pandas as pd

from dashboard.i18n import t
from geodata import Level, areas_at


def district_table(counts: dict[str, int], lang: str) -> pd.DataFrame:
    """One row per district: P-code, English and Bangla names, returnees (0 where none)."""
    rows = [
        (area.pcode, area.name_en, area.name_bn or "", counts.get(area.pcode, 0))
        for area in sorted(areas_at(Level.DISTRICT), key=lambda a: a.name_en)
    ]
    columns = [t(f"map.column.{c}", lang) for c in ("pcode", "district", "district_bn", "returnees")]
    return pd.DataFrame(rows, columns=columns)
