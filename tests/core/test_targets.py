"""The one rule for targets, with hand-made targets and periods (dashboard.core.targets)."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.core.filters import Filters
from dashboard.core.targets import NO_TARGET, TargetStatus, TargetVerdict, progress, target_verdict, target_verdicts

# Returnees profiled: one target per programme year, due at the year's end (2020: 30 April).
YEARLY = {date(2017, 12, 31): 90, date(2018, 12, 31): 120, date(2019, 12, 31): 200, date(2020, 4, 30): 40}
# DCCs formed: one target, due at the programme's end.
AT_THE_END = {date(2020, 4, 30): 10}


def compared(target: int) -> TargetVerdict:
    return TargetVerdict(TargetStatus.COMPARED, target)


PART_YEAR, PEOPLE = TargetVerdict(TargetStatus.PART_YEAR), TargetVerdict(TargetStatus.PEOPLE)


def period(start: str | None, end: str | None, **people: tuple[str, ...]) -> Filters:
    return Filters(start=date.fromisoformat(start) if start else None, end=date.fromisoformat(end) if end else None,
                   **people)


@pytest.mark.parametrize(("start", "end", "expected"), [
    (None, None, compared(90 + 120 + 200 + 40)),  # the whole programme: every year's
    ("2019-01-01", "2019-12-31", compared(200)),  # a programme year: its own target
    ("2018-01-01", "2019-12-31", compared(120 + 200)),  # years in a row: their sum
    ("2017-04-01", "2017-12-31", compared(90)),  # 2017 begins with the programme
    ("2017-01-01", "2017-12-31", compared(90)),  # days before the programme do not count
    ("2020-01-01", "2020-12-31", compared(40)),  # nor days after it
    ("2020-01-01", "2020-04-30", compared(40)),
    (None, "2019-12-31", compared(90 + 120 + 200)),  # from the start: every year up to 2019
    ("2019-01-01", None, compared(200 + 40)),  # to the end: 2019 and 2020
    ("2019-01-01", "2019-03-31", PART_YEAR),  # a quarter: part of a year, no pro-rata target
    ("2019-07-01", "2020-06-30", PART_YEAR),  # twelve months across two years
    ("2018-06-01", "2019-12-31", PART_YEAR),  # 2019 whole, but 2018 only in part
    ("2019-01-02", "2019-12-31", PART_YEAR),  # a day short (at headquarters, days count)
    ("2015-01-01", "2016-12-31", NO_TARGET),  # before the programme
    ("2021-01-01", "2021-03-31", NO_TARGET),  # after it
    ("2019-12-31", "2019-01-01", NO_TARGET),  # backwards: nothing falls in it
])
def test_tg001_a_flow_is_compared_over_whole_programme_years_only(start: str | None, end: str | None,
                                                                   expected: TargetVerdict) -> None:
    assert target_verdict("returnees_profiled", YEARLY, period(start, end)) == expected
    assert target_verdict("migration_fairs", YEARLY, period(start, end)) == expected


def test_tg002_years_without_a_target_compare_nothing_and_say_nothing() -> None:
    only_2018 = {date(2018, 12, 31): 12}
    assert target_verdict("migration_fairs", only_2018, period("2019-01-01", "2019-12-31")) == NO_TARGET
    assert target_verdict("migration_fairs", only_2018, period("2019-01-01", "2019-03-31")) == NO_TARGET
    assert target_verdict("migration_fairs", only_2018, period("2018-01-01", "2018-03-31")) == PART_YEAR
    assert target_verdict("migration_fairs", only_2018, period(None, None)) == compared(12)
    assert target_verdict("workshops", {}, period(None, None)) == NO_TARGET


@pytest.mark.parametrize(("start", "end", "expected"), [
    (None, None, compared(10)),
    ("2019-01-01", "2019-12-31", NO_TARGET),  # nothing due by the end of 2019: no note on the card
    ("2020-01-01", "2020-04-30", compared(10)),  # a stock: formed by the end, whenever the start
    ("2018-01-01", "2020-04-30", compared(10)),
    ("2020-01-01", "2020-03-31", PART_YEAR),
    ("2015-01-01", "2016-12-31", NO_TARGET),
])
def test_tg003_a_stock_is_compared_with_every_target_due_by_the_end(start: str | None, end: str | None,
                                                                     expected: TargetVerdict) -> None:
    assert target_verdict("dccs_formed", AT_THE_END, period(start, end)) == expected


def test_tg004_a_filter_on_people_stops_the_returnee_targets_only() -> None:
    women = period("2019-01-01", "2019-12-31", sex=("female",))
    assert target_verdict("returnees_profiled", YEARLY, women) == PEOPLE
    assert target_verdict("reintegration_plans", YEARLY, women) == PEOPLE
    # Activities are not about anyone in particular: their targets still apply.
    assert target_verdict("migration_fairs", YEARLY, women) == compared(200)
    assert target_verdict("dccs_formed", AT_THE_END, women.replace(start=None, end=None)) == compared(10)
    # No target in the period: nothing to say, filter or not.
    assert target_verdict("returnees_profiled", {}, women) == NO_TARGET
    # Part of a year and a filter: the filter is the reason a year's target could not fix.
    assert target_verdict("returnees_profiled", YEARLY, women.replace(end=date(2019, 3, 31))) == PEOPLE


def test_tg005_every_indicator_gets_a_verdict_and_progress_only_when_compared() -> None:
    verdicts = target_verdicts({"returnees_profiled": YEARLY, "dccs_formed": AT_THE_END}, period("2019-01-01",
                                                                                                  "2019-12-31"))
    assert verdicts["returnees_profiled"] == compared(200) and verdicts["dccs_formed"] == NO_TARGET
    assert verdicts["ipt_shows"] == NO_TARGET and len(verdicts) == 18
    assert progress(97, compared(200)) == 48.5
    assert progress(97, PART_YEAR) is None and progress(97, NO_TARGET) is None and progress(3, compared(0)) is None
    with pytest.raises(KeyError):
        target_verdict("returnees", YEARLY, period(None, None))
