"""Per-area counts and targets."""

from __future__ import annotations

from datetime import date

from dashboard.core.filters import Filters
from dashboard.core.scope import Scope
from dashboard.db import Database
from dashboard.models import Target
from dashboard.queries import targets_for
from dashboard.queries.areas import returnee_countries
from tests import factories as f


def test_qa002_targets_national_district_and_scoped(empty_db: Database) -> None:
    end = date(2020, 4, 30)  # the factory's due date
    with empty_db.session() as s:
        f.target(s, "returnees_profiled", "BD", 3000)
        f.target(s, "returnees_profiled", f.KHULNA, 240)
        f.target(s, "returnees_profiled", f.SYLHET, 510)
        f.target(s, "migration_fairs", f.SYLHET, 12)
        s.add(Target(indicator="returnees_profiled", area_pcode=f.SYLHET, value=90, due_on=date(2019, 12, 31)))
        s.flush()
        assert targets_for(s, Scope.national()) == {"returnees_profiled": {end: 3000}}
        assert targets_for(s, Scope.national(), Filters(area=f.SYLHET)) == {
            "returnees_profiled": {date(2019, 12, 31): 90, end: 510}, "migration_fairs": {end: 12}}
        assert targets_for(s, Scope.for_districts(f.KHULNA, f.SYLHET)) == {
            "returnees_profiled": {date(2019, 12, 31): 90, end: 750}, "migration_fairs": {end: 12}}
        assert targets_for(s, Scope.for_districts(f.KHULNA), Filters(area=f.SYLHET)) == {}
        assert targets_for(s, Scope.national(), Filters(area=f.DUMURIA)) == {}


def test_qa003_country_options_are_those_of_returnees_in_scope(empty_db: Database) -> None:
    with empty_db.session() as s:
        f.returnee(s, upazila=f.DUMURIA, country_code="MY")
        f.returnee(s, upazila=f.DUMURIA, country_code="GR")
        f.returnee(s, upazila=f.GOLAPGANJ, country_code="SA")
        assert returnee_countries(s, Scope.national()) == ["GR", "MY", "SA"]
        assert returnee_countries(s, Scope.for_districts(f.SYLHET)) == ["SA"]
