"""Typed place names, in any spelling field data uses, resolve to one P-code."""

from __future__ import annotations

import csv

import pytest

from geodata import GEODATA_DIR, Level
from geodata.aliases import normalise
from geodata.gazetteer import AmbiguousPlace, PlaceNotFound, candidates, resolve


@pytest.mark.parametrize("typed, pcode", [
    ("Comilla", "BD2019"), ("Cumilla", "BD2019"), ("Barisal", "BD1006"), ("Chittagong", "BD2015"),
    ("Chattogram", "BD2015"), ("Jessore", "BD4041"), ("Bogra", "BD5010"), ("Chapai Nawabganj", "BD5070"),
    ("Chapainawabganj", "BD5070"), ("Nawabganj", "BD5070"), ("Netrokona", "BD4572"),
    ("Maulvibazar", "BD6058"), ("Jhalakati", "BD1042"), ("Coxs Bazar", "BD2022"),
    ("cox's bazar district", "BD2022"), ("কুমিল্লা", "BD2019"), ("সিলেট", "BD6091"), ("bd6091", "BD6091"),
])
def test_gz001_district_spellings(typed: str, pcode: str) -> None:
    assert resolve(typed, Level.DISTRICT).pcode == pcode


@pytest.mark.parametrize("typed, district, pcode", [
    ("Osmani Nagar", "BD6091", "BD60910060"), ("Osmaninagar Upazila", "BD6091", "BD60910060"),
    ("Golapganj", "BD6091", "BD60910038"), ("Dumuria", "BD4047", "BD40470030"),
    ("Dakshin Sunamganj", "BD6090", None),
])
def test_gz002_upazila_spellings(typed: str, district: str, pcode: str | None) -> None:
    found = resolve(typed, Level.UPAZILA, within=district).pcode
    if pcode:
        assert found == pcode
    else:  # renamed upazila: the old name reaches the new one
        assert found.startswith(district)


def test_gz003_ambiguous_and_unknown_names_are_errors() -> None:
    with pytest.raises(AmbiguousPlace) as info:
        resolve("Khulna")  # division and district
    assert {a.pcode for a in info.value.candidates} == {"BD40", "BD4047"}
    with pytest.raises(PlaceNotFound):
        resolve("Atlantis")
    assert candidates("") == []


def test_gz004_normalise_keeps_bangla_vowel_signs() -> None:
    assert normalise("Cox's  Bazar") == normalise("COXS-BAZAR")
    assert normalise("সিলেট") != normalise("সলট")


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_gz020_the_area_picker_finds_every_name_the_gazetteer_knows(lang: str) -> None:
    from flask import Flask, g

    from dashboard.core.access import Actor, Role
    from dashboard.features.map.component import area_options

    # The picker offers what the reader may see: headquarters, the whole country.
    with Flask(__name__).test_request_context("/"):
        g.actor = Actor("hq", Role.HQ_ANALYST)
        options = area_options(lang)
    searchable = {option["value"]: option["search"] for option in options}
    labels = {option["value"]: option["label"] for option in options}
    assert labels["BD6091"] == {"en": "Sylhet", "bn": "সিলেট"}[lang]
    assert labels["BD60910038"] == {"en": "Golapganj — Sylhet", "bn": "গোলাপগঞ্জ — সিলেট"}[lang]
    with (GEODATA_DIR / "gazetteer.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert any(r["kind"] == "alias" for r in rows) and any(r["kind"] == "bangla" for r in rows)
    for row in rows:
        if row["level"] in ("2", "3"):
            assert row["name"] in searchable[row["pcode"]], row
    for old in ("Comilla", "Jessore", "Chittagong", "Barisal", "Bogra"):
        assert any(old in text for text in searchable.values()), old
