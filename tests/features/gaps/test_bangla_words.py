"""In Bangla the service-gap page writes its own words in Bangla: "km" in the table, and the
suggested sites that are upazila centres by their Bangla names (venues and providers are data,
shown as recorded)."""

from __future__ import annotations

import re

import pandas as pd

from dashboard.features.gaps.component import _sites, _table
from dashboard.features.gaps.figures import site_name
from geodata import admin_areas

SYLHET, GOLAPGANJ = "BD6091", "BD60910038"


def _text(node: object) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, list | tuple):
        return " ".join(_text(n) for n in node)
    return _text(getattr(node, "children", None) or "")


def test_gb001_distances_are_written_in_bangla_kilometres() -> None:
    frame = pd.DataFrame([{"pcode": GOLAPGANJ, "in_need": 40, "unreached": 12, "share_unreached": 30,
                           "providers": 2, "capacity": 50, "median_km": 7}])
    bangla = _text(_table(frame, "bn"))
    assert "৭ কিমি" in bangla and not re.search("km", bangla)
    assert "7 km" in _text(_table(frame, "en"))


def test_gb002_upazila_centres_are_named_in_the_page_language() -> None:
    golapganj = admin_areas()[GOLAPGANJ]
    assert golapganj.name_bn and golapganj.name_bn != golapganj.name_en
    sites = pd.DataFrame([{"site": golapganj.name_en, "kind": "upazila", "lat": 24.8, "lon": 92.0, "newly_reached": 9},
                          {"site": "Golapganj High School", "kind": "fair_venue", "lat": 24.8, "lon": 92.0,
                           "newly_reached": 5}])
    shown = _text(_sites(sites, SYLHET, "bn"))
    assert golapganj.name_bn in shown and f"{golapganj.name_en} ·" not in shown
    assert "Golapganj High School" in shown  # a venue is data: as recorded
    assert site_name(golapganj.name_en, "upazila", SYLHET, "en") == golapganj.name_en
