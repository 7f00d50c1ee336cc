"""Tables behind the charts, for download."""

from __future__ import annotations

import pandas as pd

from dashboard.i18n import t
from geodata import Level, areas_at


def district_table(counts: dict[str, int], lang: str, district: str | None = None) -> pd.DataFrame:
    """One row per district (or per upazila of ``district``): P-code, names, returnees (0 where none)."""
    level = Level.DISTRICT if district is None else Level.UPAZILA
    rows = [
        (area.pcode, area.name_en, area.name_bn or "", counts.get(area.pcode, 0))
        for area in sorted(areas_at(level, district), key=lambda a: a.name_en)
    ]
    name = "district" if district is None else "upazila"
    columns = [t("map.column.pcode", lang), t(f"map.column.{name}", lang), f"{t(f'map.column.{name}', lang)} (বাংলা)",
               t("map.column.returnees", lang)]
    return pd.DataFrame(rows, columns=columns)
