"""Time one import of many returnee rows into a benchmark database, then undo it.

    python -m benchmarks.import_bench --db sqlite|postgres [--rows 100000] [--scale 1000]

The file is what a district office would upload: a CSV of returnees with needs, written the
way a KoboToolbox export writes them (district and upazila by P-code, GPS as a Kobo
geopoint, needs as space-separated codes), all valid. The import goes through the same
``run_import`` as the page and the command line (read, check every row, store, refresh
the summaries of the districts it touched); the batch is then rolled back, so the benchmark
database is left as it was. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import time
from datetime import date, timedelta
from pathlib import Path

from benchmarks.run import DATA, POSTGRES_URL, database_url, peak_rss_mb

SERVICES = ("psychosocial_counselling", "skills_training", "job_placement", "legal_support", "medical_treatment")
COUNTRIES = ("GR", "IT", "LY", "MY", "SA", "AE")


def returnee_rows(count: int, seed: int = 7,
                  districts: tuple[str, ...] = ("BD6091", "BD3054", "BD4047", "BD6058")) -> bytes:
    """``count`` valid returnee rows as CSV bytes, spread over ``districts`` (by default a few
    high-migration ones)."""
    from geodata import Level, admin_areas, areas_at

    rng = random.Random(seed)
    areas = admin_areas()
    upazilas = [u.pcode for d in districts for u in areas_at(Level.UPAZILA, d)]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["returnee_code", "sex", "age", "return_date", "country_returned_from", "district", "upazila",
                     "gps", "services_needed", "status", "profiled_on"])
    first = date(2018, 1, 1)
    for i in range(count):
        upazila = upazilas[i % len(upazilas)]
        area = areas[upazila]
        lat, lon = area.center_lat, area.center_lon
        returned = first + timedelta(days=rng.randrange(700))
        writer.writerow([
            f"BENCH-IMPORT-{seed}-{i:07d}", rng.choice(("male", "female")), rng.randrange(18, 60), returned.isoformat(),
            rng.choice(COUNTRIES), upazila[:6], upazila,
            f"{lat + rng.uniform(-0.002, 0.002):.4f} {lon + rng.uniform(-0.002, 0.002):.4f} 0 10",
            " ".join(rng.sample(SERVICES, rng.randrange(1, 3))), "profiled",
            (returned + timedelta(days=rng.randrange(1, 60))).isoformat(),
        ])
    return out.getvalue().encode("utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), required=True)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--scale", type=int, default=1000, help="which benchmark database (already seeded)")
    parser.add_argument("--pg-url", default=POSTGRES_URL)
    parser.add_argument("--data-dir", type=Path, default=DATA)
    args = parser.parse_args(argv)

    from dashboard.db import Database
    from dashboard.features.imports import Who, run_import
    from dashboard.features.imports.undo import rollback

    database = Database(database_url(args.db, args.scale, args.pg_url, args.data_dir))
    data = returnee_rows(args.rows)
    started = time.perf_counter()
    report = run_import(database, data, "bench-returnees.csv", "returnees", Who("bench", "hq_admin"),
                        "all-or-nothing", today=date(2026, 1, 1))
    seconds = time.perf_counter() - started
    body = report.as_json()
    undo_started = time.perf_counter()
    if body["batch_id"]:
        with database.session() as session:
            rollback(session, body["batch_id"], "bench")
    undo_seconds = time.perf_counter() - undo_started
    database.dispose()
    print(json.dumps({"db": args.db, "rows": args.rows, "bytes": len(data), "inserted": body["inserted"],
                      "rejected": len(body["rejected"]), "seconds": round(seconds, 1),
                      "rows_per_second": round(args.rows / seconds), "undo_seconds": round(undo_seconds, 1),
                      "peak_rss_mb": round(peak_rss_mb(), 1)}))
    if body["rejected"]:
        raise SystemExit(f"the benchmark file was rejected: {body['rejected'][:3]}")


if __name__ == "__main__":
    main()
