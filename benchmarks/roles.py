"""Who the benchmark signs in as: one account per role, each over its own districts.

The four readers the dashboard serves (``dashboard.core.access.Role``): headquarters
(``hq_analyst``), a district officer and a DCC member (each assigned the benchmark's
districts: the disclosure layer is on for them), and a national viewer (a ``viewer`` with no
district: the whole country, aggregates only, small counts hidden). The districts are the
``DISTRICTS_PER_ROLE`` with most returnees, so every role is timed on the same places and a
role's figures compare with headquarters'; each action cycles through them.

The load test (``benchmarks/locustfile.py``) needs users that differ in what they may see, so
for each of those districts there is also an officer and a DCC member assigned to it alone
(:func:`single_district_accounts`).
"""

from __future__ import annotations

from dataclasses import dataclass

PASSWORD = "benchmark-password"
DISTRICTS_PER_ROLE = 4


@dataclass(frozen=True)
class BenchRole:
    """One reader of the benchmark: its name on the command line, its account and its role.
    ``assigned``: whether the account is given the benchmark's districts (else a national scope)."""

    key: str
    username: str
    role: str
    assigned: bool
    label: str


ROLES: dict[str, BenchRole] = {r.key: r for r in (
    BenchRole("hq", "bench", "hq_analyst", False, "headquarters (hq_analyst)"),
    BenchRole("district_officer", "bench-officer", "district_officer", True, "district officer"),
    BenchRole("dcc_member", "bench-dcc", "dcc_member", True, "DCC member"),
    BenchRole("national_viewer", "bench-viewer", "viewer", False, "national viewer (viewer, no district)"),
)}


def single_district_accounts(districts: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """``(username, role, district)`` of the one-district officers and DCC members (load test)."""
    return [(f"{ROLES[key].username}-{district.lower()}", ROLES[key].role, district)
            for key in ("district_officer", "dcc_member") for district in districts]


def ensure_accounts(session: object, districts: tuple[str, ...]) -> None:
    """Add every benchmark account that is missing; an existing one must have the expected
    districts (else the benchmark would time another scope than it says)."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from dashboard.commands.accounts import create_user
    from dashboard.models import User

    assert isinstance(session, Session)
    wanted = [(r.username, r.role, list(districts) if r.assigned else []) for r in ROLES.values()]
    wanted += [(name, role, [district]) for name, role, district in single_district_accounts(districts)]
    for username, role, areas in wanted:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            create_user(session, username, role, areas, PASSWORD)
            continue
        held = sorted(d.district_pcode for d in user.districts)
        if user.role != role or held != sorted(areas):
            raise RuntimeError(f"benchmark account {username!r} is {user.role} of {held}, not {role} of "
                               f"{sorted(areas)}: remove it (python -m dashboard users ...) or use a fresh database")


def largest_districts(connection: object, count: int = DISTRICTS_PER_ROLE) -> tuple[str, ...]:
    """The ``count`` districts with most returnees (ties by P-code), largest first."""
    from sqlalchemy import text
    from sqlalchemy.engine import Connection

    assert isinstance(connection, Connection)
    rows = connection.execute(text(
        "SELECT district_pcode, COUNT(*) AS n FROM returnees GROUP BY district_pcode "
        f"ORDER BY n DESC, district_pcode LIMIT {int(count)}")).all()
    return tuple(str(row[0]) for row in rows)


def main(argv: list[str] | None = None) -> None:
    """Add the benchmark's accounts to a dashboard's database (for the load test against
    ``make serve``) and print the districts they work in (the load test's ``--bench-districts``)."""
    import argparse

    from dashboard.config import load_settings
    from dashboard.db import Database

    parser = argparse.ArgumentParser(prog="python -m benchmarks.roles", description="Add the benchmark accounts.")
    parser.add_argument("--database-url", help="default: the dashboard's own (DASHBOARD_DATABASE_URL)")
    args = parser.parse_args(argv)
    database = Database(args.database_url or load_settings().database_url)
    with database.engine.connect() as connection:
        districts = largest_districts(connection)
    if len(districts) < DISTRICTS_PER_ROLE:
        raise SystemExit(f"the database has returnees in {len(districts)} districts; seed it first")
    with database.session() as session:
        ensure_accounts(session, districts)
    database.dispose()
    print(",".join(districts))


if __name__ == "__main__":
    main()
