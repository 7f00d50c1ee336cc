"""Each map layer's data load on a benchmark database, alone: best of 5, in milliseconds, for the
whole country, the largest district and that district with sex and age filters (2019, HQ scope).

``python -m benchmarks.layer_times [URL]`` (default: the scale-1000 SQLite database). It answers
"which layer costs what" when a map action is slow: the benchmark times whole callbacks, which
draw every layer, the cards and the detail panel together. A second table gives, for the whole
country, each layer's drawing (its traces) and their JSON as the answer carries it, and the
bytes of that JSON before compression.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date

from plotly.utils import PlotlyJSONEncoder

from benchmarks.run import DATA, database_url
from dashboard.core.filters import Filters
from dashboard.core.scope import Scope
from dashboard.db import Database
from layers import LayerView, MapLayer, ordered_layers
from layers.base import trace_json

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


def drawing(database: Database, layer: MapLayer, view: LayerView, repeat: int = 5) -> tuple[float, float, int]:
    """The fastest of ``repeat`` drawings (traces) and JSON encodings of one layer's data for
    ``view``, in milliseconds, and the JSON's bytes, as the map's answer encodes it."""
    with database.session() as session:
        data = layer.load(session, Scope.national(), view)
    best_draw = best_json = float("inf")
    body = ""
    for _ in range(repeat):
        started = time.perf_counter()
        traces = layer.traces(data, view)
        drawn = time.perf_counter()
        body = json.dumps([trace_json(trace) for trace in traces], cls=PlotlyJSONEncoder)
        best_draw, best_json = min(best_draw, drawn - started), min(best_json, time.perf_counter() - drawn)
    return 1000 * best_draw, 1000 * best_json, len(body.encode())


def main(argv: list[str]) -> None:
    """Print a Markdown table: one row per registered layer, one column per view."""
    database = Database(argv[0] if argv else database_url("sqlite", 1000, data=DATA))
    print("| layer | " + " | ".join(VIEWS) + " |")
    print("|---|" + "--:|" * len(VIEWS))
    for layer in ordered_layers():
        cells = [f"{best_ms(database, layer.load, view):.1f}" for view in VIEWS.values()]
        print(f"| {layer.key} | " + " | ".join(cells) + " |")
    print("\n| layer (national) | draw ms | JSON ms | JSON bytes |\n|---|--:|--:|--:|")
    for layer in ordered_layers():
        draw, encode, size = drawing(database, layer, VIEWS["national"])
        print(f"| {layer.key} | {draw:.1f} | {encode:.1f} | {size:,} |")
    database.dispose()


if __name__ == "__main__":
    main(sys.argv[1:])
