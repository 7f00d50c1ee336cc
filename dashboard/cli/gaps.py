"""``python -m dashboard gaps``: the service-gap analysis for scripts and checks.

Runs with national scope and prints exact counts (the command line is for operators with
database access; suppression protects what the web pages and the API show).
"""

from __future__ import annotations

import argparse
import json
import math
from typing import Any

from dashboard.cli.types import DISTRICT_HELP, district_pcode
from dashboard.core.scope import Scope
from dashboard.db import Database
from dashboard.features.gaps.analysis.geo import check_radius
from dashboard.features.gaps.data import candidates, compute
from dashboard.features.gaps.queries import providers_offering, returnees_in_need
from dashboard.models.vocabulary import Service
from geodata import admin_areas


def _radius(text: str) -> float:
    try:
        radius = check_radius(float(text))
    except ValueError:
        radius = math.nan
    if not (math.isfinite(radius) and radius > 0):
        raise argparse.ArgumentTypeError(f"radius must be a positive number of kilometres, not {text!r}")
    return radius


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register the analysis commands on the CLI's sub-parsers."""
    gaps = commands.add_parser("gaps", help="who in a district is out of reach of a service, and where to add one")
    gaps.add_argument("--district", required=True, type=district_pcode, help=DISTRICT_HELP)
    gaps.add_argument("--service", required=True, choices=[s.value for s in Service])
    gaps.add_argument("--radius-km", type=_radius, default=10.0, help="reach of a provider (default 10)")
    gaps.add_argument("--json", action="store_true", help="print one JSON object")


def _number(value: float) -> float | None:
    # JSON has no NaN or infinity: "no distance" (nobody offers the service) is null.
    return None if value is None or not math.isfinite(value) else round(float(value), 2)


def gap_report(database: Database, district: str, service: str, radius_km: float) -> dict[str, Any]:
    """The analysis as the JSON object the command prints."""
    scope = Scope.national()
    with database.session() as session:
        in_need = returnees_in_need(session, scope, district, service)
        providers = providers_offering(session, scope, district, service)
        sites = candidates(session, scope, district, service)
    done = compute(district, in_need, providers, sites, radius_km)
    return {
        "district": district, "service": service, "radius_km": radius_km,
        "in_need": done.in_need, "unreached": done.unreached_people, "placed_at_centroid": done.at_centroid,
        "by_upazila": [{"pcode": r["pcode"], "in_need": int(r["in_need"]), "unreached": int(r["unreached"]),
                        "providers": int(r["providers"]), "median_km": _number(r["median_km"])}
                       for r in done.table.to_dict("records")],
        "suggestions": [{"site": r["site"], "lat": round(float(r["lat"]), 5), "lon": round(float(r["lon"]), 5),
                         "newly_reached": int(r["newly_reached"])} for r in done.suggestions.to_dict("records")],
    }


def run(database: Database, args: argparse.Namespace) -> bool:
    """Run an analysis command; False when ``args`` is not one."""
    if args.command != "gaps":
        return False
    district = args.district
    report = gap_report(database, district, args.service, args.radius_km)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return True
    areas = admin_areas()
    print(f"{areas[district].name_en}, {args.service}, within {args.radius_km:g} km: {report['in_need']:,} in need, "
          f"{report['unreached']:,} unreached ({report['placed_at_centroid']:,} placed at their upazila's centre)")
    print(f"\n{'upazila':<24}{'in need':>9}{'unreached':>11}{'providers':>11}{'median km':>11}")
    for row in sorted(report["by_upazila"], key=lambda r: -r["unreached"]):
        median = "-" if row["median_km"] is None else f"{row['median_km']:.1f}"
        print(f"{areas[row['pcode']].name_en:<24}{row['in_need']:>9,}{row['unreached']:>11,}{row['providers']:>11,}"
              f"{median:>11}")
    print("\nsuggested sites (each counts only people the earlier ones do not already reach):")
    for number, site in enumerate(report["suggestions"], 1):
        print(f"{number}. {site['site']} ({site['lat']:.4f}, {site['lon']:.4f}): +{site['newly_reached']:,}")
    return True
