"""Tables behind the charts, for download."""

from __future__ import annotations

import pandas as pd

from dashboard.core.metrics import Metric
from dashboard.core.privacy import Count, Hidden, shown
from dashboard.i18n import t
from geodata import admin_areas


def area_table(values: dict[str, float | Hidden | None], lang: str, metric: Metric,
               district: str | None = None) -> pd.DataFrame:
    """One row per area on the map: P-code, English and Bangla names, the metric (blank for no
    data, "<5" for a hidden value)."""
    areas = admin_areas()
    level = "district" if district is None else "upazila"
    rows = [(p, areas[p].name_en, areas[p].name_bn or "", shown(values[p]))
            for p in sorted(values, key=lambda p: areas[p].name_en)]
    columns = [t("map.column.pcode", lang), t(f"map.column.{level}", lang),
               f"{t(f'map.column.{level}', lang)} (বাংলা)", t(f"metric.{metric.value}", lang)]
    return pd.DataFrame(rows, columns=columns)


def indicator_table(figures: dict[str, Count], targets: dict[str, int], previous: dict[str, Count] | None,
                    lang: str) -> pd.DataFrame:
    """The KPI cards as rows: indicator key and label, value, target, previous period
    (whole numbers throughout; a missing target or period is blank, not "510.0"; a hidden
    count is the text "<5", so the column holds Python ints and that text, never floats)."""
    def column(values: list[Count | int | None]) -> pd.Series:
        return pd.Series([shown(v) for v in values], dtype=object)

    return pd.DataFrame({
        "indicator": list(figures),
        t("kpi.column.label", lang): [t(f"indicator.{key}", lang) for key in figures],
        t("kpi.column.value", lang): column(list(figures.values())),
        t("kpi.column.target", lang): column([targets.get(key) for key in figures]),
        t("kpi.column.previous", lang): column([previous.get(key) if previous else None for key in figures]),
    })

