"""Issue 31's "keep my district available offline" in the browser: a DCC member of Sylhet saves
the district from the footer, the line drops (``Network.emulateNetworkConditions`` and a server
that answers nothing, as in ``test_offline_app``), and an upazila's map and the DCC page they
never opened show the figures of the rows this test made, under the "as of" banner; signing out
leaves nothing. A district outside the member's scope is refused and nothing is stored.

The server's side (which views, the refusal, framing) is in ``tests/web/test_offline.py``."""

from __future__ import annotations

from datetime import date, timedelta

from dash.testing.composite import DashComposite
from selenium.webdriver.common.keys import Keys
from sqlalchemy import select

from dashboard.app import create_app
from dashboard.commands import summaries
from dashboard.config import Settings
from dashboard.core.disclosure import publish
from dashboard.db import Database
from dashboard.features.map.state import ViewState
from dashboard.models import ActionItem, DccMeeting, Returnee
from dashboard.models.vocabulary import ActionStatus
from tests import factories as f
from tests.integration.helpers import absent, sign_in, until, url
from tests.integration.test_offline_app import Line, _banner, _card, _stored

SYLHET, GOLAPGANJ, DHAKA = "BD6091", "BD60910038", "BD3026"
AGENDA, ITEM = "Plan the Golapganj fair", "Book the hall in Golapganj"
STATUS = f"[data-offline-status='{SYLHET}']"
BANGLA = "label[for='_dbcprivate_radioitems_language-picker_input_bn']"
# Sylhet has 14 upazilas (geodata): its 6 addresses (the member's home: bare and named) and one each.
VIEWS = 6 + 14


def _add_meeting(settings: Settings) -> None:
    """A meeting of Sylhet's DCC ten days ago, with one open action item about Golapganj."""
    database = Database(settings.database_url)
    with database.session() as session:
        dcc = f.dcc(session, district=SYLHET)
        meeting = DccMeeting(dcc_id=dcc.id, held_on=date.today() - timedelta(days=10), agenda=AGENDA)
        session.add(meeting)
        session.flush()
        session.add(ActionItem(meeting_id=meeting.id, description=ITEM, owner="demo", upazila_pcode=GOLAPGANJ,
                               due_on=date.today() + timedelta(days=20), status=ActionStatus.OPEN))
        session.flush()
        summaries.refresh(session)  # as every write in the app does
        session.commit()
    database.dispose()


def _golapganj_published(settings: Settings) -> str:
    """Golapganj's returnees as a DCC member is shown them: the rows' count through the cell key
    method, with their record keys (small counts suppressed the same way)."""
    database = Database(settings.database_url)
    with database.session() as session:
        keys = list(session.scalars(select(Returnee.record_key).where(Returnee.upazila_pcode == GOLAPGANJ)))
    database.dispose()
    return str(int(publish(len(keys), sum(keys), settings.suppression_threshold)))


def _keep_sylhet(dash_duo: DashComposite) -> None:
    """Choose "Keep Sylhet available offline" with the keyboard and wait until it is saved."""
    button = dash_duo.find_element(f"[data-offline-district='{SYLHET}']")
    assert button.text == "Keep Sylhet available offline"
    dash_duo.wait_for_contains_text(STATUS, "Not saved on this device yet.", timeout=30)
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus();", button)
    button.send_keys(Keys.ENTER)
    dash_duo.wait_for_contains_text(STATUS, "Saving Sylhet for offline use: ", timeout=30)
    assert f" of {VIEWS} views" in dash_duo.find_element(STATUS).text
    dash_duo.wait_for_contains_text(STATUS, "Last saved for offline use: ", timeout=600)
    status = dash_duo.find_element(STATUS).text
    assert f"({VIEWS} views)" in status and date.today().strftime("%B") in status, status
    assert absent(dash_duo, "iframe")  # each view's frame is gone once it is kept


def test_ok001_a_member_keeps_sylhet_offline_and_reads_an_upazila_and_the_dcc_page_never_opened(
        dash_duo: DashComposite, fresh_known_settings: Settings) -> None:
    _add_meeting(fresh_known_settings)
    golapganj = _golapganj_published(fresh_known_settings)
    app = create_app(fresh_known_settings)
    line = Line(app)
    dash_duo.driver.set_window_size(412, 915)  # a phone
    sign_in(dash_duo, app, "member", "/help")  # neither the map nor the DCC page is opened
    _keep_sylhet(dash_duo)
    # More answers than views (each view asks for several), and fewer than the store's cap of
    # 400 (assets/01_offline.js), which would drop the oldest at the next page.
    assert VIEWS < len(_stored(dash_duo)["views"]) < 400

    line.set(dash_duo, down=True)
    upazila = "/" + ViewState(district=SYLHET, upazila=GOLAPGANJ).to_search()
    dash_duo.driver.get(url(dash_duo, upazila))
    assert _banner(dash_duo).startswith("Offline: figures as of ")
    dash_duo.wait_for_text_to_equal("#upazila-detail-title", "Golapganj, Sylhet", timeout=30)
    assert _card(dash_duo, "#kpi-returnees_profiled") == golapganj
    dash_duo.wait_for_text_to_equal("#upazila-detail-body tr:first-child td", golapganj, timeout=30)
    dash_duo.driver.get(url(dash_duo, f"/dcc?district={SYLHET}"))
    assert _banner(dash_duo).startswith("Offline: figures as of ")
    dash_duo.wait_for_contains_text("#dcc-timeline", AGENDA, timeout=30)
    assert ITEM in dash_duo.find_element("#dcc-timeline").text
    offline_cards = _card(dash_duo, "#dcc-cards")
    assert line.dropped, "the page never tried the server"

    line.set(dash_duo, down=False)  # online, the same figures
    dash_duo.driver.get(url(dash_duo, f"/dcc?district={SYLHET}"))
    dash_duo.wait_for_contains_text("#dcc-timeline", AGENDA, timeout=30)
    until(dash_duo, lambda: absent(dash_duo, "#offline-banner")
          or not dash_duo.find_element("#offline-banner").is_displayed(), 30)
    assert _card(dash_duo, "#dcc-cards") == offline_cards

    dash_duo.find_element("form[action='/logout'] button").click()
    dash_duo.wait_for_element("#username", timeout=30)
    until(dash_duo, lambda: _stored(dash_duo) == {"views": [], "outbox": [], "meta": []})


def test_ok002_a_district_outside_the_members_scope_is_refused_and_nothing_is_stored(
        dash_duo: DashComposite, known_settings: Settings) -> None:
    sign_in(dash_duo, create_app(known_settings), "member", "/help")
    dash_duo.wait_for_contains_text(STATUS, "Not saved on this device yet.", timeout=30)
    # Only the member's own district is offered.
    offered = [b.get_attribute("data-offline-district") for b in dash_duo.find_elements("[data-offline-district]")]
    assert offered == [SYLHET]
    until(dash_duo, lambda: len(_stored(dash_duo).get("views", [])) > 0, 30)  # the help page's own answers
    before = _stored(dash_duo)
    said = dash_duo.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "window.prottashaOffline.keepDistrict(arguments[0]).then(done, e => done('failed: ' + e));", DHAKA)
    assert said == "Dhaka is not one of your districts: it cannot be kept offline."
    assert absent(dash_duo, "iframe")
    assert _stored(dash_duo) == before
    assert not any(" DISTRICT " in key for key in before["views"])
    # In Bangla, the offer and its status are in Bangla too.
    dash_duo.find_element(BANGLA).click()
    button = f"[data-offline-district='{SYLHET}']"
    dash_duo.wait_for_text_to_equal(button, "সিলেট অফলাইনে ব্যবহারের জন্য রাখুন", timeout=30)
    dash_duo.wait_for_text_to_equal(STATUS, "এই ডিভাইসে এখনো সংরক্ষণ করা হয়নি।", timeout=30)
    assert "অফলাইন ব্যবহার" in dash_duo.find_element("#offline-keep").text

