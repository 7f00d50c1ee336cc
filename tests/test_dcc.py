"""The DCC tracker's rules, with dates worked out by hand."""

from __future__ import annotations

from datetime import date, timedelta

from dashboard.dcc import (
    Item,
    NewAction,
    check_action,
    check_meeting,
    closed_on_time,
    is_overdue,
    oldest_open,
    on_time_share,
    rhythm,
)
from dashboard.models.vocabulary import ActionStatus

TODAY = date(2019, 6, 15)
OPEN, DONE, DROPPED = ActionStatus.OPEN, ActionStatus.DONE, ActionStatus.DROPPED
GOLAPGANJ = "BD60910038"


def test_dc001_due_today_is_not_overdue_yesterday_is() -> None:
    assert not is_overdue(Item(OPEN, TODAY), TODAY)
    assert is_overdue(Item(OPEN, date(2019, 6, 14)), TODAY)
    assert not is_overdue(Item(DONE, date(2019, 1, 1), date(2019, 3, 1)), TODAY)  # done, however late
    assert not is_overdue(Item(DROPPED, date(2019, 1, 1)), TODAY)


def test_dc002_done_late_counts_as_late() -> None:
    assert closed_on_time(Item(DONE, date(2019, 5, 1), date(2019, 5, 1)))  # on the day
    assert not closed_on_time(Item(DONE, date(2019, 5, 1), date(2019, 5, 2)))


def test_dc003_on_time_share_counts_what_should_be_closed_by_now() -> None:
    items = [Item(DONE, date(2019, 5, 1), date(2019, 4, 30)),   # on time
             Item(DONE, date(2019, 5, 1), date(2019, 5, 20)),   # late
             Item(OPEN, date(2019, 6, 1)),                       # overdue: counts as not on time
             Item(OPEN, date(2019, 7, 1)),                       # not due yet: not counted
             Item(DROPPED, date(2019, 2, 1))]                    # dropped: not counted
    assert on_time_share(items, TODAY) == 33.3
    assert on_time_share([Item(OPEN, date(2019, 7, 1))], TODAY) is None
    assert oldest_open(items) == date(2019, 6, 1)


def test_dc004_rhythm_per_quarter_against_one_a_month() -> None:
    meetings = [date(2019, 1, 10), date(2019, 2, 14), date(2019, 5, 2), date(2018, 12, 30)]
    quarters = rhythm(meetings, date(2019, 1, 1), date(2019, 7, 31))
    assert [(q.label, q.held, q.expected) for q in quarters] == [
        ("2019 Q1", 2, 3), ("2019 Q2", 1, 3), ("2019 Q3", 0, 1)]
    assert [q.expected for q in rhythm([], date(2019, 1, 1), date(2019, 3, 31), per_month=2)] == [6]


def test_dc005_each_meeting_field_is_checked() -> None:
    good = check_meeting(date(2019, 6, 1), TODAY, "Returnee referrals", {"demo": 2, "health": 1},
                         [NewAction("Call the clinic", "health", date(2019, 6, 30), GOLAPGANJ)], frozenset({GOLAPGANJ}))
    assert good == {}
    bad = check_meeting(date(2019, 6, 16), TODAY, "  ", {"demo": 0}, [], frozenset())
    assert bad == {"held_on": "dcc.error.date_future", "agenda": "dcc.error.agenda",
                   "attendance": "dcc.error.attendance"}
    assert check_meeting(None, TODAY, "x", {"astrologers": 1}, [], frozenset()) == {
        "held_on": "dcc.error.date_missing", "attendance": "dcc.error.attendance_bad"}


def test_dc006_each_action_field_is_checked() -> None:
    held = date(2019, 6, 1)
    upazilas = frozenset({GOLAPGANJ})
    assert check_action(NewAction("", "demo", held), held, upazilas) == "dcc.error.action_description"
    assert check_action(NewAction("x", "chef", held), held, upazilas) == "dcc.error.action_owner"
    assert check_action(NewAction("x", "demo", None), held, upazilas) == "dcc.error.action_due"
    assert check_action(NewAction("x", "demo", date(2019, 5, 31)), held, upazilas) == "dcc.error.action_due_before"
    assert check_action(NewAction("x", "demo", held, "BD40470030"), held, upazilas) == "dcc.error.action_upazila"
    assert check_action(NewAction("x", "demo", held, GOLAPGANJ), held, upazilas) is None


def test_dc020_the_timeline_draws_the_newest_meetings_and_says_how_many_are_left_out() -> None:
    from dashboard.components.dcc_tracker import TIMELINE_LIMIT, _timeline
    from dashboard.data.dcc import Tracker
    from dashboard.queries.dcc import MeetingRow

    meetings = [MeetingRow(i, date(2019, 1, 1) + timedelta(days=400 - i), f"agenda {i}", {"demo": 2}, [], [])
                for i in range(TIMELINE_LIMIT + 5)]
    # The data layer hands over the newest TIMELINE_LIMIT and the count of all.
    view = Tracker("BD6091", meetings[:TIMELINE_LIMIT], len(meetings), date(2020, 3, 1), [], None, None, 0, 0)
    drawn = _timeline(view, "en", editable=False)
    note, cards = drawn[0], drawn[1:]
    assert len(cards) == TIMELINE_LIMIT
    assert f"{TIMELINE_LIMIT} most recent of {TIMELINE_LIMIT + 5} meetings" in note.children
    assert cards[0].children.children[1].children == "agenda 0"  # newest first, as given
    assert len(_timeline(Tracker("BD6091", meetings[:3], 3, date(2020, 3, 1), [], None, None, 0, 0), "en", False)) == 3
