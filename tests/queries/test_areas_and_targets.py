"""Per-area counts and targets."""

from __future__ import annotations

from datetime import date

from dashboard.db import Database
from dashboard.filters import Filters
from dashboard.queries import returnees_by_area, targets_for
from dashboard.scope import Scope
from geodata import Level
from tests import factories as f


def test_qa001_returnees_by_district_and_upazila(empty_db: Database) -> None:
    with empty_db.session() as s:
        f.returnee(s, upazila=f.DUMURIA)
        f.returnee(s, upazila=f.DUMURIA, profiled_on=date(2020, 2, 1))
        f.returnee(s, upazila=f.GOLAPGANJ)
        national = Scope.national()
        assert returnees_by_area(s, national, Level.DISTRICT) == {f.KHULNA: 2, f.SYLHET: 1}
        assert returnees_by_area(s, national, Level.UPAZILA, Filters(end=date(2019, 12, 31))) == {
            f.DUMURIA: 1, f.GOLAPGANJ: 1}
        assert returnees_by_area(s, Scope.for_districts(f.SYLHET), Level.DISTRICT) == {f.SYLHET: 1}
        assert returnees_by_area(s, national, Level.UPAZILA, Filters(area=f.KHULNA)) == {f.DUMURIA: 2}
        assert returnees_by_area(s, national, Level.DISTRICT, Filters(start=date(2021, 1, 1))) == {}


def test_qa002_targets_national_district_and_scoped(empty_db: Database) -> None:
    with empty_db.session() as s:
        f.target(s, "returnees_profiled", "BD", 3000)
        f.target(s, "returnees_profiled", f.KHULNA, 240)
        f.target(s, "returnees_profiled", f.SYLHET, 510)
        f.target(s, "migration_fairs", f.SYLHET, 12)
        assert targets_for(s, Scope.national()) == {"returnees_profiled": 3000}
        assert targets_for(s, Scope.national(), Filters(area=f.SYLHET)) == {
            "returnees_profiled": 510, "migration_fairs": 12}
        assert targets_for(s, Scope.for_districts(f.KHULNA, f.SYLHET)) == {
            "returnees_profiled": 750, "migration_fairs": 12}
        assert targets_for(s, Scope.for_districts(f.KHULNA), Filters(area=f.SYLHET)) == {}
        assert targets_for(s, Scope.national(), Filters(area=f.DUMURIA)) == {}
