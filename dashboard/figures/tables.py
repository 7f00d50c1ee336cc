"""Tables behind the charts, for download."""

from __future__ import annotations

import pandas as pd

from dashboard.i18n import t
from dashboard.metrics import Metric
from geodata import admin_areas


def area_table(values: dict[str, float | None], lang: str, metric: Metric, district: str | None = None) -> pd.DataFrame:
    """One row per area on the map: P-code, English and Bangla names, the metric (blank for no data)."""
    areas = admin_areas()
    level = "district" if district is None else "upazila"
    rows = [(p, areas[p].name_en, areas[p].name_bn or "", values[p])
            for p in sorted(values, key=lambda p: areas[p].name_en)]
    columns = [t("map.column.pcode", lang), t(f"map.column.{level}", lang),
               f"{t(f'map.column.{level}', lang)} (বাংলা)", t(f"metric.{metric.value}", lang)]
    return pd.DataFrame(rows, columns=columns)


def indicator_table(figures: dict[str, int], targets: dict[str, int], previous: dict[str, int] | None,
                    lang: str) -> pd.DataFrame:
    """The KPI cards as rows: indicator key and label, value, target, previous period
    (whole numbers throughout; a missing target or period is blank, not "510.0")."""
    table = pd.DataFrame({
        "indicator": list(figures),
        t("kpi.column.label", lang): [t(f"indicator.{key}", lang) for key in figures],
        t("kpi.column.value", lang): list(figures.values()),
        t("kpi.column.target", lang): [targets.get(key) for key in figures],
        t("kpi.column.previous", lang): [previous.get(key) if previous else None for key in figures],
    })
    return table.astype({column: "Int64" for column in table.columns[2:]})

