"""A whole timeline in one query: per period and area, the counts the single-period query gives."""

from __future__ import annotations

from datetime import date

from dashboard.core.filters import Filters
from dashboard.core.scope import Scope
from dashboard.db import Database
from dashboard.models.vocabulary import Sex
from dashboard.queries.summaries import returnee_share_cells
from dashboard.queries.timeline import month_ranges, returnee_cells_by_period
from geodata import Level
from tests import factories as f

NATIONAL = Scope.national()
QUARTERS = [(date(2018, 4, 1), date(2018, 6, 30)), (date(2018, 7, 1), date(2018, 9, 30)),
            (date(2018, 10, 1), date(2018, 12, 31))]


def test_qt001_each_period_counts_what_its_own_query_counts(empty_db: Database) -> None:
    with empty_db.session() as s:
        f.returnee(s, upazila=f.DUMURIA, profiled_on=date(2018, 4, 3), plan_date=date(2018, 6, 30))  # plan same quarter
        f.returnee(s, upazila=f.DUMURIA, profiled_on=date(2018, 6, 30), plan_date=date(2018, 7, 1))  # plan next quarter
        f.returnee(s, upazila=f.DUMURIA, profiled_on=date(2018, 8, 15))
        f.returnee(s, upazila=f.GOLAPGANJ, profiled_on=date(2018, 9, 1), sex=Sex.FEMALE)
        f.returnee(s, upazila=f.GOLAPGANJ, profiled_on=date(2019, 1, 1))  # after the last period
        f.returnee(s, upazila=f.GOLAPGANJ, profiled_on=date(2018, 3, 31))  # before the first
    with empty_db.session() as s:
        timeline = returnee_cells_by_period(s, NATIONAL, Level.DISTRICT, Filters(), month_ranges(QUARTERS))
        # Hand counts of the rows above: Khulna 2 then 1, Sylhet 0 then 1, nobody in the last quarter.
        assert [{p: cells[0][0] for p, cells in step.items()} for step in timeline] == [
            {f.KHULNA: 2}, {f.KHULNA: 1, f.SYLHET: 1}, {}]
        assert timeline[0][f.KHULNA][1][0] == 1  # one plan made in the quarter its person was profiled in
        for (start, end), step in zip(QUARTERS, timeline, strict=True):
            for level, area in ((Level.DISTRICT, None), (Level.UPAZILA, f.SYLHET)):
                period = Filters(area=area, start=start, end=end)
                single = returnee_share_cells(s, NATIONAL, level, period)
                many = step if level == Level.DISTRICT else returnee_cells_by_period(
                    s, NATIONAL, level, Filters(area=area), month_ranges(QUARTERS))[QUARTERS.index((start, end))]
                assert many == single
        women = returnee_cells_by_period(s, NATIONAL, Level.DISTRICT, Filters(sex=("female",)), month_ranges(QUARTERS))
        assert [{p: c[0][0] for p, c in step.items()} for step in women] == [{}, {f.SYLHET: 1}, {}]
        sylhet_only = returnee_cells_by_period(s, Scope.for_districts(f.SYLHET), Level.DISTRICT, Filters(),
                                               month_ranges(QUARTERS))
        assert [set(step) for step in sylhet_only] == [set(), {f.SYLHET}, set()]
