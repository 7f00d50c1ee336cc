"""The benchmark runs end to end (tiny scale, SQLite): a harness that broke would report nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from benchmarks.actions import ACTIONS

ROOT = Path(__file__).resolve().parent.parent


def test_bm001_benchmark_measures_every_action_at_scale_1(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--scale", "1", "--db", "sqlite", "--repeat", "1", "--warmup", "0",
         "--json", "--data-dir", str(tmp_path / "data"), "--results-dir", str(tmp_path / "results")],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert (report["scale"], report["db"]) == (1, "sqlite") and report["returnees"] > 0
    assert set(report["actions"]) == set(ACTIONS)
    for name, figures in report["actions"].items():
        assert figures["p50_ms"] > 0 and figures["bytes"] > 0, name
        if ACTIONS[name].baseline is not None:
            assert figures["baseline_p50_ms"] > 0 and figures["speedup"] > 0, name
    assert (tmp_path / "results" / "sqlite-scale1.md").read_text().startswith("#")


def test_bm002_import_benchmark_stores_every_row_and_undoes_them(tmp_path: Path) -> None:
    # Seeded by bm001's harness the same way: a scale-1 database in its data directory.
    data = tmp_path / "data"
    seeded = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--scale", "1", "--db", "sqlite", "--repeat", "1", "--warmup", "0",
         "--skip-baseline", "--only", "district_csv_export", "--json", "--data-dir", str(data),
         "--results-dir", str(tmp_path / "results")],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert seeded.returncode == 0, seeded.stderr[-2000:]
    before = json.loads(seeded.stdout)["returnees"]
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.import_bench", "--db", "sqlite", "--scale", "1", "--rows", "500",
         "--data-dir", str(data)], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert (report["rows"], report["inserted"], report["rejected"]) == (500, 500, 0)
    assert report["seconds"] > 0
    import sqlite3

    with sqlite3.connect(data / "sqlite-scale1.db") as connection:  # the undo left the database as it was
        assert connection.execute("SELECT COUNT(*) FROM returnees").fetchone()[0] == before
