"""The weekly reminder of action items, sent to a real SMTP server on loopback (aiosmtpd) and
read back from what it received: who gets one, what it lists, in which language, and that a
second run in the same week sends nothing."""

from __future__ import annotations

from datetime import date, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from dashboard.cli import main
from dashboard.commands.accounts import AccountError, create_user, set_contact
from dashboard.config import Settings, load_settings
from dashboard.db import Database
from dashboard.features.dcc.reminders import ReminderError, send_reminders, week_of
from dashboard.models import ActionItem, AuditEvent, DccMeeting, ReminderSent, User
from dashboard.models.vocabulary import ActionStatus
from tests import factories as f
from tests.mail import REFUSED, Inbox, free_port

TODAY = date(2019, 3, 13)  # a Wednesday: the week of Monday 11 March
DHAKA = "BD3026"
PASSWORD = "a long enough password"
def _settings(database: Database, port: int, **overrides: object) -> Settings:
    values: dict[str, object] = {"database_url": database.url, "smtp_host": "127.0.0.1", "smtp_port": port,
                                 "smtp_sender": "dcc@dashboard.example", "public_url": "https://dash.example/"}
    return load_settings({}, **(values | overrides))


def _item(session: Any, meeting: DccMeeting, description: str, due_on: date,
          status: ActionStatus = ActionStatus.OPEN, upazila: str | None = None) -> None:
    session.add(ActionItem(meeting_id=meeting.id, description=description, owner="demo", due_on=due_on,
                           status=status, completed_on=due_on if status == ActionStatus.DONE else None,
                           upazila_pcode=upazila))


def _scene(database: Database) -> None:
    """Sylhet and Khulna committees with items around TODAY, Dhaka's with one; the people
    who should and should not receive reminders."""
    with database.session() as session:
        sylhet = f.dcc(session, district=f.SYLHET, meetings=(date(2019, 2, 1),)).meetings[0]
        khulna = f.dcc(session, district=f.KHULNA, meetings=(date(2019, 2, 5),)).meetings[0]
        dhaka = f.dcc(session, district=DHAKA, meetings=(date(2019, 2, 5),)).meetings[0]
        _item(session, sylhet, "Book the fair ground", TODAY - timedelta(days=10), upazila=f.GOLAPGANJ)
        _item(session, sylhet, "Brief the clinic", TODAY + timedelta(days=5))
        _item(session, sylhet, "Print the leaflets", TODAY + timedelta(days=8))  # beyond the week ahead
        _item(session, sylhet, "Call the bank", TODAY - timedelta(days=3), status=ActionStatus.DONE)
        _item(session, sylhet, "Old idea", TODAY - timedelta(days=3), status=ActionStatus.DROPPED)
        _item(session, khulna, "Visit Dumuria", TODAY)  # due today: due soon, not overdue
        _item(session, dhaka, "Dhaka's own business", TODAY - timedelta(days=1))
        create_user(session, "rahima", "dcc_member", [f.SYLHET], PASSWORD, email="rahima@example.org",
                    language="bn")
        create_user(session, "karim", "district_officer", [f.KHULNA, f.SYLHET], PASSWORD,
                    email="karim@example.org")
        create_user(session, "nomail", "dcc_member", [f.SYLHET], PASSWORD)
        create_user(session, "hq", "hq_admin", [], PASSWORD, email="hq@example.org")
        create_user(session, "viewer", "viewer", [f.SYLHET], PASSWORD, email="viewer@example.org")
        create_user(session, "gone", "dcc_member", [f.SYLHET], PASSWORD, email="left@example.org")
        create_user(session, "calm", "dcc_member", ["BD1004"], PASSWORD, email="calm@example.org")  # no committee
        session.scalars(select(User).where(User.username == "gone")).one().active = False


def _body(message: EmailMessage, subtype: str = "plain") -> str:
    part = message.get_body(preferencelist=(subtype,))
    assert part is not None
    return str(part.get_content())


def test_rm001_each_member_gets_their_districts_items_once_a_week_in_their_language(
        empty_db: Database, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    _scene(empty_db)
    settings = _settings(empty_db, port)

    first = send_reminders(empty_db, settings, today=TODAY)
    again = send_reminders(empty_db, settings, today=TODAY + timedelta(days=2))  # same week

    assert sorted(first.sent) == ["karim", "rahima"] and again.sent == []
    assert sorted(again.already_sent) == ["karim", "rahima"] and first.nothing_due == ["calm"]
    assert sorted(r for _s, recipients, _m in inbox.messages for r in recipients) == [
        "karim@example.org", "rahima@example.org"]
    (bangla,) = inbox.to("rahima@example.org")
    (english,) = inbox.to("karim@example.org")
    assert all(sender == "dcc@dashboard.example" for sender, _r, _m in inbox.messages)

    # Rahima (Sylhet, Bangla): the overdue item and the one due in five days, nothing else.
    assert bangla["Subject"] == "ডিসিসি: ২টি করণীয় মেয়াদোত্তীর্ণ বা শিগগির নির্ধারিত (১১ মার্চ ২০১৯ থেকে শুরু সপ্তাহ)"
    text = _body(bangla)
    assert "সিলেট: ১টি মেয়াদোত্তীর্ণ, ১টি শিগগির নির্ধারিত" in text
    assert "৩ মার্চ ২০১৯ থেকে মেয়াদোত্তীর্ণ (১০ দিন): Book the fair ground" in text
    assert "গোলাপগঞ্জ" in text and "Brief the clinic" in text
    for absent in ("Print the leaflets", "Call the bank", "Old idea", "Visit Dumuria", "Dhaka"):
        assert absent not in text
    assert "https://dash.example/dcc?district=BD6091" in text
    assert 'href="https://dash.example/dcc?district=BD6091"' in _body(bangla, "html")

    # Karim (Khulna and Sylhet, English): both districts, each with its own link.
    assert english["Subject"] == "DCC: 3 action items overdue or due soon (week of 11 March 2019)"
    text = _body(english)
    assert "Khulna: 0 overdue, 1 due soon" in text and "Sylhet: 1 overdue, 1 due soon" in text
    assert "Due 13 March 2019: Visit Dumuria" in text
    assert "Overdue since 3 March 2019 (10 days): Book the fair ground (DEMO" in text
    assert "/dcc?district=BD4047" in text and "/dcc?district=BD6091" in text
    assert "Dhaka's own business" not in text

    with empty_db.session() as session:
        assert session.scalar(select(func.count()).select_from(ReminderSent)) == 2
        assert session.scalar(select(func.count()).select_from(AuditEvent)
                              .where(AuditEvent.action == "send_reminder")) == 2

    # The next week, the items still open are sent again.
    send_reminders(empty_db, settings, today=TODAY + timedelta(days=7))
    assert len(inbox.to("rahima@example.org")) == 2


def test_rm002_a_refused_mailbox_is_retried_by_the_next_run_and_a_dry_run_sends_nothing(
        empty_db: Database, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    _scene(empty_db)
    with empty_db.session() as session:
        set_contact(session, "rahima", email=REFUSED)
    settings = _settings(empty_db, port)

    planned = send_reminders(empty_db, settings, today=TODAY, dry_run=True)
    assert sorted(d.username for d in planned.planned) == ["karim", "rahima"] and not inbox.messages

    outcome = send_reminders(empty_db, settings, today=TODAY)
    assert outcome.sent == ["karim"] and list(outcome.refused) == ["rahima"]
    assert "550" in outcome.refused["rahima"]
    with empty_db.session() as session:
        set_contact(session, "rahima", email="rahima@example.org")
    assert send_reminders(empty_db, settings, today=TODAY).sent == ["rahima"]
    assert len(inbox.to("rahima@example.org")) == 1 and len(inbox.to("karim@example.org")) == 1


def test_rm003_without_a_reachable_server_nothing_is_recorded_as_sent(empty_db: Database) -> None:
    _scene(empty_db)
    with pytest.raises(ReminderError, match="DASHBOARD_SMTP_HOST"):
        send_reminders(empty_db, _settings(empty_db, 25, smtp_host=""), today=TODAY)
    with pytest.raises(ReminderError, match=r"cannot send through 127\.0\.0\.1"):
        send_reminders(empty_db, _settings(empty_db, free_port()), today=TODAY)
    with empty_db.session() as session:
        assert session.scalar(select(func.count()).select_from(ReminderSent)) == 0


def test_rm004_the_command_line_sends_once_a_week_and_headquarters_sets_the_address(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    for name, value in {"DATABASE_URL": f"sqlite:///{tmp_path / 'mail.db'}", "SMTP_HOST": "127.0.0.1",
                        "SMTP_PORT": str(port), "PUBLIC_URL": "https://dash.example"}.items():
        monkeypatch.setenv(f"DASHBOARD_{name}", value)
    main(["init-db"])
    main(["create-user", "rahima", "--role", "dcc_member", "--district", "Sylhet", "--email", "r@example.org"])
    with pytest.raises(SystemExit, match="not an e-mail address"):
        main(["create-user", "bad", "--role", "dcc_member", "--district", "Sylhet", "--email", "a@b, c@d.org"])
    main(["set-user", "rahima", "--language", "bn"])
    assert "reminders to r@example.org, in bn" in capsys.readouterr().out
    with pytest.raises(SystemExit, match="not an e-mail address"):
        main(["set-user", "rahima", "--email", "nobody"])
    database = Database(f"sqlite:///{tmp_path / 'mail.db'}")
    try:
        with database.session() as session:
            meeting = f.dcc(session, district=f.SYLHET, meetings=(date(2019, 2, 1),)).meetings[0]
            _item(session, meeting, "Book the fair ground", TODAY - timedelta(days=1))
    finally:
        database.dispose()

    main(["send-reminders", "--today", TODAY.isoformat()])
    main(["send-reminders", "--today", TODAY.isoformat()])
    out = capsys.readouterr().out
    assert "sent 1; already sent this week 0" in out and "sent 0; already sent this week 1" in out
    (message,) = inbox.to("r@example.org")
    assert "Book the fair ground" in _body(message) and message["Subject"].startswith("ডিসিসি")

    main(["users"])
    assert "reminders to r@example.org in bn" in capsys.readouterr().out
    main(["set-user", "rahima", "--no-email"])
    main(["send-reminders", "--today", (TODAY + timedelta(days=7)).isoformat()])
    assert "sent 0" in capsys.readouterr().out and len(inbox.messages) == 1


def test_rm005_contact_details_are_checked(empty_db: Database) -> None:
    with empty_db.session() as session:
        create_user(session, "rahima", "dcc_member", [f.SYLHET], PASSWORD)
        for bad in ("", "rahima", "rahima@example", "Rahima <r@example.org>", "r@example.org\nBcc: x@y.org"):
            with pytest.raises(AccountError, match="not an e-mail address"):
                set_contact(session, "rahima", email=bad)
        with pytest.raises(AccountError, match="unknown language"):
            set_contact(session, "rahima", language="fr")
        with pytest.raises(AccountError, match="nothing to change"):
            set_contact(session, "rahima")
        user = set_contact(session, "rahima", email=" r@example.org ", language="bn")
        assert (user.email, user.language) == ("r@example.org", "bn")


def test_rm006_the_week_starts_on_monday() -> None:
    assert week_of(date(2019, 3, 11)) == week_of(date(2019, 3, 17)) == date(2019, 3, 11)
    assert week_of(date(2019, 3, 18)) == date(2019, 3, 18)


def test_rm007_the_link_in_a_reminder_opens_the_member_s_dcc_page(empty_db: Database, smtp: tuple[Inbox, int]) -> None:
    from urllib.parse import urlsplit

    from flask import g

    from dashboard.app import create_app
    from dashboard.commands.accounts import actor_of
    from dashboard.web.frame.router import page_content

    inbox, port = smtp
    _scene(empty_db)
    send_reminders(empty_db, _settings(empty_db, port), today=TODAY)
    (message,) = inbox.to("rahima@example.org")
    (link,) = [word for word in _body(message).split() if word.startswith("https://dash.example/")]
    parts = urlsplit(link)
    assert (parts.path, parts.query) == ("/dcc", "district=BD6091")
    app = create_app(load_settings({}, database_url=empty_db.url))
    with empty_db.session() as session:
        member = actor_of(session.scalars(select(User).where(User.username == "rahima")).one())
    with app.server.test_request_context():
        g.actor = member
        page = str(page_content(parts.path, f"?{parts.query}", "bn"))
    # The DCC page, on her district (the tracker's district choice holds Sylhet), not a refusal.
    assert "Dropdown(options=[{'label': 'সিলেট', 'value': 'BD6091'}], value='BD6091'" in page
    assert "page.not_permitted" not in page and "dcc.choose" not in page


def test_rm008_two_runs_at_the_same_time_send_each_reminder_once(empty_db: Database, smtp: tuple[Inbox, int]) -> None:
    from concurrent.futures import ThreadPoolExecutor

    inbox, port = smtp
    _scene(empty_db)
    settings = _settings(empty_db, port)
    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(lambda _run: send_reminders(empty_db, settings, today=TODAY), range(2)))
    assert sorted(name for o in outcomes for name in o.sent) == ["karim", "rahima"]
    assert sorted(r for _s, recipients, _m in inbox.messages for r in recipients) == [
        "karim@example.org", "rahima@example.org"]
