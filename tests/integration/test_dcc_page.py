"""A DCC member records a meeting with two action items, finds them on the timeline and the
map, and marks one done; a crafted request for another district is refused."""

from __future__ import annotations

from datetime import date, timedelta

from dash.testing.composite import DashComposite
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.keys import Keys

from dashboard.app import create_app
from dashboard.config import Settings
from tests.integration.helpers import CANVAS, click, pick, sign_in, until, url

SYLHET, GOLAPGANJ = "BD6091", "BD60910038"
TODAY = date.today()


def _type_date(dash_duo: DashComposite, selector: str, day: date) -> None:
    box = dash_duo.find_element(selector)  # the picker puts its id on its text box
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", box)
    box.click()
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(day.isoformat(), Keys.ENTER, Keys.ESCAPE)


def _field(row: int, name: str) -> str:
    return f"[id='{{\"field\":\"{name}\",\"row\":{row},\"type\":\"dcc-action-field\"}}']"


def _on_time(dash_duo: DashComposite) -> str:
    return dash_duo.find_element("#dcc-card-on_time").text


def _click_done(dash_duo: DashComposite, item: str) -> bool:
    """Click the "done" button of the item, or say False when the timeline was redrawn
    under the click (the page renders again once the language settles) so it is retried."""
    try:
        button = next(b for b in dash_duo.find_elements("#dcc-timeline li")
                      if item in b.text).find_element("css selector", "button")
        dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", button)
        button.click()
    except (StaleElementReferenceException, StopIteration):
        return False
    return True


def test_dp001_member_records_a_meeting_follows_its_items_and_closes_one(dash_duo: DashComposite,
                                                                        fresh_known_settings: Settings) -> None:
    sign_in(dash_duo, create_app(fresh_known_settings), "member", "/dcc")
    dash_duo.wait_for_contains_text("#dcc-district", "Sylhet", timeout=30)
    dash_duo.wait_for_text_to_equal("#dcc-timeline", "No meetings recorded in this period.", timeout=30)
    click(dash_duo, "#dcc-form summary")
    _type_date(dash_duo, "#dcc-form-date", TODAY - timedelta(days=20))
    dash_duo.find_element("#dcc-form-agenda").send_keys("Referrals and the next fair")
    attend = dash_duo.find_element("[id='{\"department\":\"demo\",\"type\":\"dcc-attendance\"}']")
    attend.send_keys(Keys.CONTROL, "a")
    attend.send_keys("2")
    dash_duo.find_element("#dcc-form-decisions").send_keys("Hold the fair in Golapganj")
    for row, (text, due, upazila) in enumerate((("Book the ground", TODAY - timedelta(days=5), "Golapganj"),
                                                 ("Brief the clinic", TODAY + timedelta(days=30), None))):
        dash_duo.find_element(_field(row, "description")).send_keys(text)
        pick(dash_duo, "DEMO", "DEMO", _field(row, "owner"))
        _type_date(dash_duo, _field(row, "due"), due)
        if upazila:
            pick(dash_duo, "Golap", upazila, _field(row, "upazila"))
    click(dash_duo, "#dcc-form-save")
    dash_duo.wait_for_contains_text("#dcc-form-message", "The meeting is recorded.", timeout=30)
    dash_duo.wait_for_contains_text("#dcc-timeline", "Book the ground", timeout=30)
    timeline = dash_duo.find_element("#dcc-timeline").text
    assert "Brief the clinic" in timeline and "Golapganj" in timeline and "overdue" in timeline
    until(dash_duo, lambda: _on_time(dash_duo) == "0%")  # the only item due by now is overdue
    until(dash_duo, lambda: dash_duo.driver.execute_script(  # the rhythm chart shows this quarter's meeting
        "const g = document.querySelector('#dcc-rhythm .js-plotly-plot');"
        "return !!g && g.data.length === 2 && g.data[0].y.reduce((a, b) => a + b, 0) === 1;"))

    # On the map, the item about Golapganj shows at Golapganj.
    dash_duo.driver.get(url(dash_duo, f"/?district={SYLHET}&layers=dcc_activity"))
    dash_duo.wait_for_element(CANVAS, timeout=30)
    until(dash_duo, lambda: dash_duo.driver.execute_script(
        "const g = document.querySelector('#district-map .js-plotly-plot');"
        "return !!g && g.data.some(t => (t.customdata || []).some(c => c[0] === 'Golapganj' && c.length === 3));"))

    # Closing the item not yet due, on time, puts half of what counts on time.
    dash_duo.driver.get(url(dash_duo, "/dcc"))
    dash_duo.wait_for_contains_text("#dcc-timeline", "Brief the clinic", timeout=30)
    until(dash_duo, lambda: _click_done(dash_duo, "Brief the clinic"))
    until(dash_duo, lambda: _on_time(dash_duo) == "50%")
    assert dash_duo.get_logs() == []


def test_dp003_a_long_timeline_opens_on_a_year_of_meetings_and_shows_older_ones_on_request(
        dash_duo: DashComposite, fresh_known_settings: Settings) -> None:
    """Fourteen meetings: the newest twelve (a year of monthly meetings), a note of how many
    there are, and a button that draws the two older ones and then goes away."""
    from dashboard.db import Database
    from tests import factories

    held = [date(2019, 1, 15) + timedelta(days=30 * i) for i in range(14)]
    database = Database(fresh_known_settings.database_url)
    with database.session() as session:
        factories.dcc(session, district=SYLHET, meetings=tuple(held))
    database.dispose()
    sign_in(dash_duo, create_app(fresh_known_settings), "member", "/dcc")
    dash_duo.wait_for_contains_text("#dcc-timeline", "Showing the 12 most recent of 14 meetings in the period.",
                                    timeout=30)
    assert len(dash_duo.find_elements("#dcc-timeline .card")) == 12
    more = dash_duo.find_element("#dcc-timeline-more")
    until(dash_duo, lambda: more.is_displayed() and more.text == "Show 2 older meetings")
    # The oldest meeting (15 January 2019) is not drawn yet; the newest is first.
    assert "15 January 2019" not in dash_duo.find_element("#dcc-timeline").text
    more.send_keys(Keys.ENTER)  # from the keyboard, as the button is reached by Tab
    until(dash_duo, lambda: len(dash_duo.find_elements("#dcc-timeline .card")) == 14)
    # The focus is on the first of the older meetings (the second-oldest, 14 February 2019), not
    # on the button that is now gone.
    until(dash_duo, lambda: dash_duo.driver.switch_to.active_element.text == "14 February 2019")
    timeline = dash_duo.find_element("#dcc-timeline").text
    assert "15 January 2019" in timeline and "most recent of" not in timeline
    until(dash_duo, lambda: not dash_duo.find_element("#dcc-timeline-more").is_displayed())
    assert dash_duo.get_logs() == []
