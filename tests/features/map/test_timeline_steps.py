"""The timeline's periods and its place in the URL (pure)."""

from __future__ import annotations

from datetime import date

from dashboard.core.filters import Filters
from dashboard.core.url import with_params
from dashboard.features.map.steps import TIMELINE_KEYS, Change, Mode, TimelineState, step_filters, steps


def test_ts001_the_programme_is_37_months_or_13_quarters() -> None:
    months = steps(Mode.MONTH, Filters())
    assert len(months) == 37 and (months[0].key, months[-1].key) == ("2017-04", "2020-04")
    assert (months[0].start, months[0].end) == (date(2017, 4, 1), date(2017, 4, 30))
    assert (months[22].start, months[22].end) == (date(2019, 2, 1), date(2019, 2, 28))
    quarters = steps(Mode.QUARTER, Filters())
    assert [q.key for q in quarters[:2]] == ["2017-Q2", "2017-Q3"] and len(quarters) == 13
    assert (quarters[-1].key, quarters[-1].start, quarters[-1].end) == ("2020-Q2", date(2020, 4, 1), date(2020, 4, 30))
    chosen = steps(Mode.QUARTER, Filters(start=date(2018, 11, 10), end=date(2019, 2, 3)))  # whole months around it
    assert [(q.start, q.end) for q in chosen] == [(date(2018, 11, 1), date(2018, 12, 31)),
                                                 (date(2019, 1, 1), date(2019, 2, 28))]
    years = steps(Mode.YEAR, Filters())
    assert [(y.key, y.start, y.end) for y in (years[0], years[-1])] == [("2017", date(2017, 4, 1), date(2017, 12, 31)),
                                                                        ("2020", date(2020, 1, 1), date(2020, 4, 30))]
    assert months[0].label("en") == "Apr 2017" and quarters[1].label("en") == "Q3 2017 (Jul–Sep)"
    assert "২০১৭" in quarters[1].label("bn") and "2017" not in quarters[1].label("bn")


def test_ts002_the_url_round_trips_the_step() -> None:
    state = TimelineState(Mode.QUARTER, "2018-Q3", Change.PERCENT, split=True)
    search = with_params("?district=BD6091&from=2018-01-01&to=2019-12-31", TIMELINE_KEYS, state.to_query())
    assert TimelineState.from_search(search) == state
    assert "step=2018-Q3" in search and "split=1" in search and "district=BD6091" in search
    narrowed = step_filters(Filters(start=date(2018, 1, 1), end=date(2019, 12, 31), sex=("female",)), search)
    assert (narrowed.start, narrowed.end, narrowed.chosen("sex")) == (date(2018, 7, 1), date(2018, 9, 30), ("female",))
    # Off, junk, or a step outside the range: the period is left alone, or the first step shown.
    assert TimelineState.from_search("?timeline=decade&step=2018-Q3") == TimelineState()
    assert step_filters(Filters(), "?step=2018-Q3") == Filters()
    first = step_filters(Filters(), "?timeline=month&step=1999-01")
    assert (first.start, first.end) == (date(2017, 4, 1), date(2017, 4, 30))
    all_steps = state.steps(Filters())
    assert state.at(99, all_steps).step == "2020-Q2" and state.at(-3, all_steps).step == "2017-Q2"
    assert state.at(state.index(all_steps) + 1, all_steps).step == "2018-Q4"
