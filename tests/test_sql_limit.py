"""The SQL limit (``benchmarks.sql_limit``) answers what the app answers, and says so in its report.

Its time is only a limit of the app's action when it returns the same numbers: each SQL answer
is compared here with the app's callback output for the same input (what a browser is sent),
on a scale-1 benchmark database the test seeds.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import true

from benchmarks import actions, sql_limit
from benchmarks.roles import PASSWORD, ROLES
from benchmarks.run import POSTGRES_URL, Prepared, prepare
from benchmarks.sql_limit import gaps, maps, ranking
from geodata import admin_areas

ROOT = Path(__file__).resolve().parent.parent
INPUTS = 5  # repetitions compared: each a new filter (map) or district, service and radius (gaps)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Prepared:
    """A scale-1 benchmark database with the benchmark's accounts, as ``benchmarks.run`` makes it."""
    return prepare("sqlite", 1, POSTGRES_URL, tmp_path_factory.mktemp("sql-limit-data"))


def _context(seeded: Prepared) -> actions.Context:
    return actions.Context("ours", seeded.district, districts=seeded.districts)


def _table_rows(node: Any) -> Iterator[list[str]]:
    """The text of each row of the HTML tables in a callback's answer (Dash component JSON)."""
    if isinstance(node, dict):
        if node.get("type") == "Tr":
            yield [cell["props"].get("children") for cell in node["props"]["children"]]
            return
        for value in node.values():
            yield from _table_rows(value)
    elif isinstance(node, list):
        for value in node:
            yield from _table_rows(value)


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def test_sl001_the_sql_answers_equal_the_callbacks_output(seeded: Prepared) -> None:
    """The choropleth's table on the national map, the gap page's table and the ranking, as the
    callbacks send them, hold the numbers the SQL returns for the same inputs."""
    from dashboard.app import create_app
    from dashboard.config import load_settings
    from dashboard.db import Database

    app = create_app(load_settings({}, database_url=seeded.url, cache_type="NullCache", secret_key="x" * 48))
    client = actions.TimedClient(app.server)
    client.sign_in(ROLES["hq"].username, PASSWORD)
    context = actions.our_context(client, seeded.districts, "hq", True)
    database, areas = Database(seeded.url), admin_areas()
    unreached_somewhere = reached_somewhere = False
    try:
        for repetition in range(INPUTS):
            actions.our_national_all_layers(client, context, repetition)
            query = sql_limit.national_map_search(repetition)
            actions.open_map_table(client, context, query)  # the table is sent once opened
            sent = dict(list(_table_rows(json.loads(client.last_body)["response"]["district-map-table"]))[1:])
            with database.engine.connect() as connection:
                limit: dict[str, int] = dict(sql_limit.LIMITS[0].sql(connection, query)["choropleth"])
            assert {name: _number(n) for name, n in sent.items() if n != "0"} == \
                {areas[pcode].name_en: n for pcode, n in limit.items()}, query
            actions.our_service_gaps(client, context, repetition)
            table = list(_table_rows(json.loads(client.last_body)["response"]["gaps-table"]))[1:]
            ask = sql_limit.GapAsk.of(context, repetition)
            with database.engine.connect() as connection:
                gaps = sql_limit.service_gaps_sql(connection, ask)["by_upazila"]
            assert sorted((row[0], _number(row[1]), _number(row[2]), row[6]) for row in table if row[1] != "0") == \
                sorted((areas[pcode].name_en, need, out, f"{km:.1f} km") for pcode, need, out, km, *_rest in gaps), ask
            actions.our_ranking(client, context, repetition)
            records = json.loads(client.last_body)["response"]["compare-ranking"]["data"]
            shown = [column for column in ranking.RANKING_COLUMNS if column != "change"]  # sent as a trend's text
            with database.engine.connect() as connection:
                ranked = sql_limit.ranking_sql(connection, sql_limit.ranking_search(repetition))["ranking"]
            assert sorted(tuple(record[c] for c in shown) for record in records) == \
                sorted(row[:4] + row[5:] for row in ranked), repetition
            unreached_somewhere |= any(out > 0 for _p, _n, out, *_rest in gaps)
            reached_somewhere |= any(out < need for _p, need, out, *_rest in gaps)
    finally:
        database.dispose()
    # The inputs ask something with an answer: people both in and out of reach.
    assert unreached_somewhere and reached_somewhere


def test_sl002_every_result_set_of_every_limit_is_checked_and_a_wrong_one_fails(
        seeded: Prepared, monkeypatch: pytest.MonkeyPatch) -> None:
    compared = sql_limit.check(seeded.url, _context(seeded), INPUTS)
    # Result sets: six for the national map, one for the ranking, ten for the drill, one for the gaps.
    assert compared == INPUTS * (6 + 1 + 10 + 1)
    # Distances on a planet a tenth larger: the gap table's reach and medians differ.
    with monkeypatch.context() as patched:
        patched.setattr(gaps, "EARTH_RADIUS_KM", 1.1 * gaps.EARTH_RADIUS_KM)
        with pytest.raises(sql_limit.LimitMismatch, match="service_gaps"):
            sql_limit.check(seeded.url, _context(seeded), INPUTS, sql_limit.LIMITS[3:])
    # The person filters left out: the national map's circles count everyone.
    with monkeypatch.context() as patched:
        patched.setattr(maps, "person_filters", lambda _filters, _table: true())
        with pytest.raises(sql_limit.LimitMismatch, match="national_map_all_layers"):
            sql_limit.check(seeded.url, _context(seeded), INPUTS, sql_limit.LIMITS[:1])


@pytest.mark.timeout(600)  # the app's actions are timed in a fresh process
def test_sl003_the_command_prints_each_action_beside_its_limit(seeded: Prepared, tmp_path: Path) -> None:
    data = Path(seeded.url.removeprefix("sqlite:///")).parent
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.sql_limit", "--scale", "1", "--db", "sqlite", "--repeat", "2",
         "--warmup", "0", "--check", "2", "--data-dir", str(data), "--results-dir", str(tmp_path), "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert (report["scale"], report["db"], report["compared"]) == (1, "sqlite", 2 * 18)
    assert [(row["action"], row["level"]) for row in report["limits"]] == [
        ("national_map_all_layers", "national"), ("ranking_table", "national"),
        ("drill_district", "largest districts"), ("service_gaps", "largest districts")]
    for row in report["limits"]:
        assert row["app_p50_ms"] > 0 and row["sql_p50_ms"] > 0
        assert row["ratio"] == round(row["app_p50_ms"] / row["sql_p50_ms"], 1)
    table = (tmp_path / "sql-limit-sqlite-scale1.md").read_text()
    assert table == sql_limit.markdown(report, 2)
    assert "| national_map_all_layers | national |" in table and "| service_gaps | largest districts |" in table
