"""The DCC tracker's rules, with dates worked out by hand."""

from __future__ import annotations

from datetime import date, timedelta

from dashboard.core.dcc import (
    MAX_TEXT,
    Item,
    NewAction,
    check_action,
    check_meeting,
    closed_on_time,
    is_overdue,
    oldest_open,
    on_time_share,
    percent_on_time,
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


def test_dc007_only_a_done_item_with_its_date_closes_on_time() -> None:
    due = date(2019, 5, 1)
    assert not closed_on_time(Item(OPEN, due, due))  # a date recorded on an item still open
    assert not closed_on_time(Item(DROPPED, due, date(2019, 4, 1)))
    assert not closed_on_time(Item(DONE, due))  # done, no date: not shown to be on time
    assert closed_on_time(Item(DONE, due, date(2019, 4, 30)))


def test_dc008_on_time_share_at_its_edges() -> None:
    assert on_time_share([], TODAY) is None
    assert on_time_share([Item(DONE, date(2019, 5, 1), date(2019, 5, 1))], TODAY) == 100.0
    assert on_time_share([Item(OPEN, date(2019, 6, 14))], TODAY) == 0.0  # overdue by a day
    assert on_time_share([Item(OPEN, TODAY), Item(DROPPED, date(2019, 1, 1))], TODAY) is None
    # A done item counts even before its due date: 2 of 3 on time.
    items = [Item(DONE, date(2019, 7, 1), date(2019, 6, 1)), Item(DONE, date(2019, 5, 1), date(2019, 5, 1)),
             Item(DONE, date(2019, 5, 1), date(2019, 5, 2))]
    assert on_time_share(items, TODAY) == 66.7
    assert percent_on_time(1, 8) == 12.5 and percent_on_time(2, 3) == 66.7 and percent_on_time(0, 0) is None


def test_dc009_the_oldest_open_item_ignores_done_and_dropped_ones() -> None:
    assert oldest_open([]) is None
    assert oldest_open([Item(DONE, date(2019, 1, 1), date(2019, 1, 1)), Item(DROPPED, date(2019, 1, 2))]) is None
    assert oldest_open([Item(OPEN, date(2019, 3, 1)), Item(DONE, date(2019, 1, 1), date(2019, 1, 1)),
                        Item(OPEN, date(2019, 2, 1)), Item(OPEN, date(2019, 4, 1))]) == date(2019, 2, 1)


def test_dc010_rhythm_counts_the_first_and_last_day_and_crosses_the_year() -> None:
    meetings = [date(2018, 11, 14), date(2018, 11, 15), date(2018, 12, 31), date(2019, 1, 1),
                date(2019, 1, 31), date(2019, 2, 1)]
    quarters = rhythm(meetings, date(2018, 11, 15), date(2019, 1, 31))
    assert [(q.year, q.number, q.held, q.expected) for q in quarters] == [(2018, 4, 2, 2), (2019, 1, 2, 1)]
    assert [q.label for q in quarters] == ["2018 Q4", "2019 Q1"]
    months = [date(2019, m, 5) for m in range(1, 13)]
    assert [(q.number, q.held, q.expected) for q in rhythm(months, date(2019, 1, 1), date(2019, 12, 31))] == [
        (1, 3, 3), (2, 3, 3), (3, 3, 3), (4, 3, 3)]
    assert [(q.label, q.held, q.expected) for q in rhythm([date(2019, 6, 30)], date(2019, 6, 30),
                                                          date(2019, 6, 30), per_month=2)] == [("2019 Q2", 1, 2)]
    assert rhythm([date(2019, 1, 1)], date(2019, 2, 1), date(2019, 1, 1)) == []


def test_dc011_a_meeting_at_each_limit_of_its_fields() -> None:
    action = NewAction("Call the clinic", "health", TODAY)
    assert check_meeting(TODAY, TODAY, "a" * MAX_TEXT, {"demo": 1}, [action], frozenset()) == {}  # held today
    assert check_meeting(TODAY, TODAY, "a" * (MAX_TEXT + 1), {"demo": 1}, [], frozenset()) == {
        "agenda": "dcc.error.too_long"}
    assert check_meeting(TODAY, TODAY, "x", {"demo": 0, "health": 1}, [], frozenset()) == {}
    assert check_meeting(TODAY, TODAY, "x", {"demo": -1, "health": 3}, [], frozenset()) == {
        "attendance": "dcc.error.attendance_bad"}
    assert check_meeting(TODAY, TODAY, "x", {}, [], frozenset()) == {"attendance": "dcc.error.attendance"}
    bad = [action, NewAction("", "health", TODAY), NewAction("x", "health", None)]
    assert check_meeting(TODAY, TODAY, "x", {"demo": 1}, bad, frozenset()) == {
        "action2": "dcc.error.action_description", "action3": "dcc.error.action_due"}
    early = NewAction("Call the clinic", "health", date(2019, 6, 14))  # due the day before the meeting
    assert check_meeting(TODAY, TODAY, "x", {"demo": 1}, [early], frozenset()) == {
        "action1": "dcc.error.action_due_before"}


def test_dc012_an_action_at_each_limit_of_its_fields() -> None:
    held = date(2019, 6, 1)
    upazilas = frozenset({GOLAPGANJ})
    assert check_action(NewAction("a" * MAX_TEXT, "demo", held), held, upazilas) is None
    assert check_action(NewAction("a" * (MAX_TEXT + 1), "demo", held), held, upazilas) == "dcc.error.too_long"
    assert check_action(NewAction("  ", "demo", held), held, upazilas) == "dcc.error.action_description"
    assert check_action(NewAction("x", None, held), held, upazilas) == "dcc.error.action_owner"
    assert check_action(NewAction("x", "demo", date(2019, 1, 1)), None, upazilas) is None  # no meeting date yet
    assert check_action(NewAction("x", "demo", held, ""), held, upazilas) is None  # no upazila: the district
    assert check_action(NewAction("x", "demo", held, None), held, frozenset()) is None


def test_dc020_the_timeline_draws_the_newest_meetings_and_says_how_many_are_left_out() -> None:
    from dashboard.features.dcc.component import TIMELINE_MOST, _timeline
    from dashboard.features.dcc.data import Tracker
    from dashboard.queries.dcc import MeetingRow

    meetings = [MeetingRow(i, date(2019, 1, 1) + timedelta(days=400 - i), f"agenda {i}", {"demo": 2}, [], [])
                for i in range(17)]
    # The data layer hands over the newest twelve and the count of all.
    view = Tracker("BD6091", meetings[:12], len(meetings), date(2020, 3, 1), [], None, None, 0, 0)
    drawn = _timeline(view, "en", editable=False)
    note, cards = drawn[0], drawn[1:]
    assert len(cards) == 12
    assert note.children == "Showing the 12 most recent of 17 meetings in the period."
    assert cards[0].children.children[1].children == "agenda 0"  # newest first, as given
    assert len(_timeline(Tracker("BD6091", meetings[:3], 3, date(2020, 3, 1), [], None, None, 0, 0), "en", False)) == 3
    # At the most the page draws, only a shorter period shows older meetings: the note says so.
    many = [MeetingRow(i, date(2000, 1, 1) + timedelta(days=i), "a", {}, [], []) for i in range(TIMELINE_MOST)]
    capped = _timeline(Tracker("BD6091", many, TIMELINE_MOST + 3, date(2020, 3, 1), [], None, None, 0, 0), "en", False)
    assert "choose a shorter period" in capped[0].children


def test_dc021_show_older_meetings_adds_a_page_up_to_the_most_and_names_what_it_adds() -> None:
    from dashboard.features.dcc.component import TIMELINE_MOST, older_button, shown_count
    from dashboard.features.dcc.data import Tracker
    from dashboard.queries.dcc import MeetingRow

    # What the browser's store may hold: whole pages of 12 up to 240; anything else is one page.
    assert [shown_count(v) for v in (None, "24", True, -12, 0, 5, 12, 24, 30, 36, 240, 252, 10_000)] == \
        [12, 12, 12, 12, 12, 12, 12, 24, 24, 36, 240, 240, 240]
    assert TIMELINE_MOST == 240

    def view(drawn: int, total: int) -> Tracker:
        rows = [MeetingRow(i, date(2019, 1, 1), "a", {}, [], []) for i in range(drawn)]
        return Tracker("BD6091", rows, total, date(2020, 3, 1), [], None, None, 0, 0)

    assert older_button(view(12, 14), "en") == (False, "Show 2 older meetings")
    assert older_button(view(12, 13), "en") == (False, "Show 1 older meeting")
    assert older_button(view(12, 40), "en") == (False, "Show 12 older meetings")
    assert older_button(view(12, 40), "bn") == (False, "আরও ১২টি পুরোনো সভা দেখুন")
    assert older_button(view(14, 14), "en")[0] is True  # nothing older
    assert older_button(view(0, 0), "en")[0] is True  # no meetings at all
    assert older_button(view(240, 300), "en")[0] is True  # the most: a shorter period instead
