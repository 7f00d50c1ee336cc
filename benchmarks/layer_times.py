"""Each map layer's data load on a benchmark database, alone: best of 5, in milliseconds, for the
whole country, the largest district and that district with sex and age filters (2019, HQ scope).

``python -m benchmarks.layer_times [URL]`` (default: the scale-1000 SQLite database). It answers
"which layer costs what" when a map action is slow: the benchmark times whole callbacks, which
draw every layer, the cards and the detail panel together.
"""

from __future__ import annotations

import sys
import time
from datetime import date

from benchmarks.run import DATA, database_url
from dashboard.core.filters import Filters
from dashboard.core.scope import Scope
from dashboard.db import Database
from layers import LayerView, ordered_layers

YEAR = Filters(start=date(2019, 1, 1), end=date(2019, 12, 31))
SYLHET = "BD6091"  # the largest district of the demo data at every scale
VIEWS = {
    "national": LayerView(filters=YEAR),
    "Sylhet": LayerView(district=SYLHET, filters=YEAR),
    "Sylhet, women 25-34": LayerView(district=SYLHET, filters=YEAR.replace(sex=("female",), age_band=("25_34",))),
}


def best_ms(database: Database, load: object, view: LayerView, repeat: int = 5) -> float:
    """The fastest of ``repeat`` loads of one layer for one view, each in its own session."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        with database.session() as session:
            load(session, Scope.national(), view)  # type: ignore[operator]
        best = min(best, time.perf_counter() - started)
    return 1000 * best


def main(argv: list[str]) -> None:
    """Print a Markdown table: one row per registered layer, one column per view."""
    database = Database(argv[0] if argv else database_url("sqlite", 1000, data=DATA))
    print("| layer | " + " | ".join(VIEWS) + " |")
    print("|---|" + "--:|" * len(VIEWS))
    for layer in ordered_layers():
        cells = [f"{best_ms(database, layer.load, view):.1f}" for view in VIEWS.values()]
        print(f"| {layer.key} | " + " | ".join(cells) + " |")
    database.dispose()


if __name__ == "__main__":
    main(sys.argv[1:])
