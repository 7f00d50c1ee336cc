"""The DCC tracker's queries: indicators counted in SQL agree with the pure rules of
``dashboard.core.dcc`` over every item, and only the newest meetings are loaded in full."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from dashboard.commands import summaries
from dashboard.core.dcc import Item, is_overdue, oldest_open, on_time_share, percent_on_time
from dashboard.core.filters import Filters
from dashboard.core.scope import Scope
from dashboard.db import Database
from dashboard.models import ActionItem, MeetingAttendance
from dashboard.models.vocabulary import ActionStatus
from dashboard.queries.dcc import action_tally, meeting_dates, meetings_of, open_actions
from tests import factories as f

AS_OF = date(2021, 6, 30)


def _committee(database: Database, seed: int) -> tuple[list[date], list[Item]]:
    """Sylhet's committee with 40 meetings and random items; Khulna's with one overdue item
    that must never be counted for Sylhet."""
    rng = random.Random(seed)
    days = sorted({date(2019, 1, 1) + timedelta(days=rng.randrange(900)) for _ in range(40)})
    items: list[Item] = []
    with database.session() as session:
        sylhet = f.dcc(session, district=f.SYLHET, meetings=tuple(days))
        khulna = f.dcc(session, district=f.KHULNA, meetings=(date(2020, 1, 5),))
        session.add(ActionItem(meeting_id=khulna.meetings[0].id, description="elsewhere", owner="demo",
                               due_on=date(2020, 1, 6), status=ActionStatus.OPEN))
        for meeting in sylhet.meetings:
            session.add(MeetingAttendance(meeting_id=meeting.id, department="demo", attendees=2))
            for _ in range(rng.randrange(4)):
                status = rng.choice(list(ActionStatus))
                due = meeting.held_on + timedelta(days=rng.randrange(1, 200))
                done = due + timedelta(days=rng.randrange(-30, 30)) if status == ActionStatus.DONE else None
                session.add(ActionItem(meeting_id=meeting.id, description=f"item {len(items)}", owner="demo",
                                       due_on=due, status=status, completed_on=done))
                items.append(Item(status, due, done))
        # The edges of the rules: due on the day judged (not overdue yet), the day before
        # (overdue), closed on the due date (on time) and the day after (late).
        edges = [Item(ActionStatus.OPEN, AS_OF), Item(ActionStatus.OPEN, AS_OF - timedelta(days=1)),
                 Item(ActionStatus.DONE, AS_OF, AS_OF), Item(ActionStatus.DONE, AS_OF, AS_OF + timedelta(days=1))]
        for item in edges:
            session.add(ActionItem(meeting_id=sylhet.meetings[-1].id, description="edge", owner="demo",
                                   due_on=item.due_on, status=item.status, completed_on=item.completed_on))
        items += edges
        summaries.refresh(session)  # as every write in the app does
        session.commit()
    return days, items


@pytest.mark.parametrize("seed", [1, 2])
def test_qd001_the_tally_in_sql_follows_the_rules_for_every_item(empty_db: Database, seed: int) -> None:
    _days, items = _committee(empty_db, seed)
    with empty_db.session() as session:
        tally = action_tally(session, Scope.national(), f.SYLHET, Filters(), AS_OF)
    assert tally.open == sum(i.status == ActionStatus.OPEN for i in items)
    assert tally.overdue == sum(is_overdue(i, AS_OF) for i in items)
    assert percent_on_time(tally.on_time, tally.counted) == on_time_share(items, AS_OF)
    assert tally.oldest_open == oldest_open(items)


def test_qd002_newest_meetings_in_full_every_date_for_the_rhythm(empty_db: Database) -> None:
    days, _items = _committee(empty_db, 7)
    period = Filters(start=date(2019, 6, 1), end=date(2020, 12, 31))
    in_period = sorted((d for d in days if period.start <= d <= period.end), reverse=True)  # type: ignore[operator]
    with empty_db.session() as session:
        assert meeting_dates(session, Scope.national(), f.SYLHET, period) == in_period
        newest = meetings_of(session, Scope.national(), f.SYLHET, period, newest=5)
        assert [m.held_on for m in newest] == in_period[:5]
        assert all(m.attendance == {"demo": 2} for m in newest)
        # Another district's scope sees nothing of Sylhet's committee.
        assert meeting_dates(session, Scope.for_districts(f.KHULNA), f.SYLHET, Filters()) == []
        one = meetings_of(session, Scope.national(), f.SYLHET, meeting_id=newest[2].id)
        assert [m.id for m in one] == [newest[2].id]


def test_qd003_open_items_come_by_due_date_so_the_overdue_lead(empty_db: Database) -> None:
    _days, items = _committee(empty_db, 11)
    expected = sorted(i.due_on for i in items if i.status == ActionStatus.OPEN)[:6]
    with empty_db.session() as session:
        first = open_actions(session, Scope.national(), f.SYLHET, Filters(), 6)
    assert [a.due_on for a in first] == expected
    assert all(a.status == ActionStatus.OPEN and a.description != "elsewhere" for a in first)


def test_qd010_a_meeting_on_the_first_or_last_day_of_a_period_counts_in_every_view(empty_db: Database) -> None:
    """The ends of a period belong to it, wherever meetings are counted: the tracker's rhythm,
    the KPI card (alone and beside the period before it) and the map's DCC metric."""
    from dashboard.core.metrics import Metric
    from dashboard.queries import area_metric, programme_indicators, programme_indicators_over
    from geodata import Level

    inside = (date(2019, 1, 1), date(2019, 6, 15), date(2019, 12, 31))
    outside = (date(2018, 12, 31), date(2020, 1, 1))
    with empty_db.session() as session:
        f.dcc(session, district=f.SYLHET, meetings=inside + outside)
    year = Filters(start=date(2019, 1, 1), end=date(2019, 12, 31))
    national = Scope.national()
    with empty_db.session() as session:
        assert sorted(meeting_dates(session, national, f.SYLHET, year)) == list(inside)
        assert programme_indicators(session, national, year)["dcc_meetings"] == len(inside)
        now, before = programme_indicators_over(session, national, [year, year.previous_period()])
        assert (now["dcc_meetings"], before["dcc_meetings"]) == (len(inside), 1)  # 31 Dec 2018 is the year before's
        assert area_metric(session, national, Level.DISTRICT, Metric.DCC_MEETINGS, year)[f.SYLHET] == len(inside)
