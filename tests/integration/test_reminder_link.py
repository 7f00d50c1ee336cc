"""Issue 32's reminder journey in a browser: a DCC member of Sylhet receives the weekly reminder
(through a real SMTP server on loopback), follows its link, signs in, and lands on her own
district's DCC page, not on a refusal or another district's."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from dash.testing.composite import DashComposite

from dashboard.app import create_app
from dashboard.config import load_settings
from dashboard.db import Database
from dashboard.features.dcc.reminders import send_reminders
from tests.features.dcc.test_reminders import PASSWORD, TODAY, _body, _scene, _settings
from tests.integration.helpers import ENTRY
from tests.mail import Inbox


def test_rl001_a_member_follows_her_reminder_link_to_her_dcc_page(dash_duo: DashComposite, new_sqlite: Any,
                                                                  smtp: tuple[Inbox, int]) -> None:
    received, port = smtp
    with new_sqlite("reminder-link") as (url, _session):
        pass
    database = Database(url)
    _scene(database)  # Sylhet's committee with an overdue item; rahima, a member of Sylhet, reads Bangla
    send_reminders(database, _settings(database, port), today=TODAY)
    database.dispose()
    (message,) = received.to("rahima@example.org")
    body = _body(message)
    assert "Book the fair ground" in body  # the overdue item the reminder is about
    (link,) = [word for word in body.split() if word.startswith("https://dash.example/")]
    parts = urlsplit(link)
    target = f"{parts.path}?{parts.query}"

    # Following the link on a signed-out browser: the sign-in form first, then the page linked.
    dash_duo.start_server(create_app(load_settings({}, database_url=url, cache_type="SimpleCache")),
                          navigate=False)
    dash_duo.driver.get(f"{dash_duo.server.url}/login?next={quote(target, safe='')}")
    dash_duo.find_element("#username").send_keys("rahima")
    dash_duo.find_element("#password").send_keys(PASSWORD)
    dash_duo.find_element("button[type=submit]").click()
    dash_duo.wait_for_element(ENTRY, timeout=30)
    dash_duo.wait_for_element("#dcc-cards .card", timeout=30)
    assert urlsplit(dash_duo.driver.current_url).path == "/dcc"
    dash_duo.wait_for_contains_text("#dcc-district", "Sylhet", timeout=30)
    page = dash_duo.find_element("#react-entry-point").text
    assert "not permitted" not in page.lower()
    assert dash_duo.get_logs() == [], "the browser logged errors"
