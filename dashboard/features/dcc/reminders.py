"""The weekly reminder: each DCC member and district officer with an e-mail address receives,
once a week, the open action items of their districts' committees that are overdue or due
in the next seven days, in their language, with a link to each district's DCC page.

Sent by ``python -m dashboard send-reminders`` (cron or a systemd timer, README). A run
claims each user's week in ``reminders_sent`` in the same transaction that sends the mail,
so a second run in the same week (or one running at the same time) sends nothing again.

What a reminder holds is what the DCC page shows that member: action items (description,
department, due date, upazila) of committees in their districts, no count or record of
returnees.
"""

from __future__ import annotations

import html
import smtplib
import ssl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from urllib.parse import urlencode

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dashboard.config import Settings
from dashboard.core.access import Actor, Role
from dashboard.core.audit import record
from dashboard.db import Database
from dashboard.i18n import format_date, format_number, t
from dashboard.models import ActionItem, Dcc, DccMeeting, ReminderSent, User
from dashboard.models.vocabulary import ActionStatus
from geodata import admin_areas

# Who receives a reminder: the roles that follow a committee's items in their own districts.
RECIPIENT_ROLES = (Role.DCC_MEMBER, Role.DISTRICT_OFFICER)
# Items due up to this many days ahead are listed with the overdue ones.
HORIZON_DAYS = 7
# Most items listed per district; the rest are counted and left to the DCC page.
MOST_ITEMS = 40
# The audit trail names this actor for mail sent from the command line.
SENDER = Actor("send-reminders", Role.HQ_ADMIN)


class ReminderError(RuntimeError):
    """The reminders cannot be sent at all (message says why: no SMTP server configured,
    the server unreachable or refusing the sign-in)."""


@dataclass(frozen=True)
class DueItem:
    """One open action item as the reminder lists it."""

    description: str
    owner: str
    due_on: date
    upazila_pcode: str | None


@dataclass(frozen=True)
class DistrictDue:
    """One district's items: overdue first (longest overdue at the top), then those due soon."""

    district: str
    overdue: list[DueItem]
    due_soon: list[DueItem]

    @property
    def count(self) -> int:
        """Every item listed for the district."""
        return len(self.overdue) + len(self.due_soon)


@dataclass(frozen=True)
class Digest:
    """One user's reminder for one week."""

    user_id: int
    username: str
    email: str
    language: str
    week_of: date
    today: date
    districts: list[DistrictDue]

    @property
    def count(self) -> int:
        """Every item in the reminder."""
        return sum(d.count for d in self.districts)


@dataclass
class Outcome:
    """What one run did, user names by what happened to them."""

    sent: list[str] = field(default_factory=list)
    already_sent: list[str] = field(default_factory=list)
    nothing_due: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)  # user -> the server's reason
    planned: list[Digest] = field(default_factory=list)  # what a dry run would send


def week_of(day: date) -> date:
    """The Monday of ``day``'s week: the unit a reminder is sent once in."""
    return day - timedelta(days=day.weekday())


def due_items(session: Session, districts: frozenset[str], today: date,
              horizon: int = HORIZON_DAYS) -> list[DistrictDue]:
    """Open items of these districts' committees due before ``today`` (overdue) or within
    ``horizon`` days of it, per district in P-code order; districts with none are left out."""
    if not districts:
        return []
    rows = session.execute(
        select(Dcc.district_pcode, ActionItem.description, ActionItem.owner, ActionItem.due_on,
               ActionItem.upazila_pcode)
        .select_from(ActionItem).join(DccMeeting).join(Dcc)
        .where(Dcc.district_pcode.in_(sorted(districts)), ActionItem.status == ActionStatus.OPEN,
               ActionItem.due_on <= today + timedelta(days=horizon))
        .order_by(Dcc.district_pcode, ActionItem.due_on, ActionItem.id)).all()
    found: dict[str, DistrictDue] = {}
    for district, description, owner, due_on, upazila in rows:
        entry = found.setdefault(district, DistrictDue(district, [], []))
        (entry.overdue if due_on < today else entry.due_soon).append(DueItem(description, owner, due_on, upazila))
    return list(found.values())


def digests(session: Session, today: date) -> tuple[list[Digest], list[str], list[str]]:
    """The reminders due this week: (to send, users already sent this week's, users with
    nothing due). Only active DCC members and district officers with an e-mail address."""
    week = week_of(today)
    sent = set(session.scalars(select(ReminderSent.user_id).where(ReminderSent.week_of == week)))
    users = session.scalars(select(User).where(User.active.is_(True), User.email.is_not(None),
                                               User.role.in_([r.value for r in RECIPIENT_ROLES]))
                            .order_by(User.username))
    planned, already, nothing = [], [], []
    for user in users:
        if user.id in sent:
            already.append(user.username)
            continue
        # The user's own districts, as their DCC page would scope them.
        districts = frozenset(d.district_pcode for d in user.districts)
        due = due_items(session, districts, today)
        if not due:
            nothing.append(user.username)
            continue
        planned.append(Digest(user.id, user.username, user.email or "", user.language, week, today, due))
    return planned, already, nothing


def dcc_link(settings: Settings, district: str) -> str:
    """The district's DCC page at the dashboard's public address."""
    return f"{settings.public_url.rstrip('/')}/dcc?{urlencode({'district': district})}"


def _item_line(item: DueItem, lang: str, today: date) -> tuple[str, str, str]:
    """(when, what, who/where) for one item, in ``lang``."""
    areas = admin_areas()
    if item.due_on < today:
        when = t("reminder.overdue_since", lang, date=format_date(item.due_on, lang),
                 days=format_number((today - item.due_on).days, lang))
    else:
        when = t("reminder.due_on", lang, date=format_date(item.due_on, lang))
    where = t(f"department.{item.owner}", lang)
    if item.upazila_pcode and item.upazila_pcode in areas:
        where += " · " + areas[item.upazila_pcode].name(lang)
    return when, item.description, where


def compose(digest: Digest, settings: Settings) -> EmailMessage:
    """The reminder as an e-mail: plain text, and the same as HTML, in the user's language."""
    lang, areas = digest.language, admin_areas()
    message = EmailMessage()
    message["Subject"] = t("reminder.subject", lang, count=format_number(digest.count, lang),
                           week=format_date(digest.week_of, lang))
    message["From"] = formataddr((t("app.title", lang), settings.smtp_sender))
    message["To"] = digest.email
    message["Message-ID"] = make_msgid(domain=settings.smtp_sender.rpartition("@")[2] or None)
    until = format_date(digest.today + timedelta(days=HORIZON_DAYS), lang)
    intro = t("reminder.intro", lang, name=digest.username, until=until)
    text = [intro, ""]
    parts = [f"<p>{html.escape(intro)}</p>"]
    for district in digest.districts:
        name = areas[district.district].name(lang) if district.district in areas else district.district
        heading = t("reminder.district", lang, district=name, overdue=format_number(len(district.overdue), lang),
                    soon=format_number(len(district.due_soon), lang))
        link = dcc_link(settings, district.district)
        items = district.overdue + district.due_soon
        lines = [_item_line(item, lang, digest.today) for item in items[:MOST_ITEMS]]
        text += [heading] + [f"  - {when}: {what} ({who})" for when, what, who in lines]
        parts.append(f"<h2>{html.escape(heading)}</h2><ul>" + "".join(
            f"<li><strong>{html.escape(when)}</strong>: {html.escape(what)} <em>({html.escape(who)})</em></li>"
            for when, what, who in lines) + "</ul>")
        if len(items) > MOST_ITEMS:
            more = t("reminder.more", lang, count=format_number(len(items) - MOST_ITEMS, lang))
            text.append(f"  {more}")
            parts.append(f"<p>{html.escape(more)}</p>")
        open_page = t("reminder.open_page", lang)
        text += [f"{open_page}: {link}", ""]
        parts.append(f'<p><a href="{html.escape(link)}">{html.escape(open_page)}</a></p>')
    footer = t("reminder.footer", lang)
    text.append(footer)
    parts.append(f"<p><small>{html.escape(footer)}</small></p>")
    message.set_content("\n".join(text) + "\n")
    message.add_alternative(f'<!doctype html><html lang="{lang}"><body>{"".join(parts)}</body></html>',
                            subtype="html")
    return message


@contextmanager
def smtp_connection(settings: Settings) -> Iterator[smtplib.SMTP]:
    """A connection to the configured SMTP server (encrypted and signed in as configured)."""
    if not settings.smtp_host:
        raise ReminderError("no SMTP server configured: set DASHBOARD_SMTP_HOST (README, Weekly reminders)")
    try:
        server: smtplib.SMTP
        if settings.smtp_security == "ssl":
            server = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout,
                                      context=ssl.create_default_context())
        else:
            server = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout)
        with server:
            if settings.smtp_security == "starttls":
                server.starttls(context=ssl.create_default_context())
            if settings.smtp_username:
                server.login(settings.smtp_username, settings.smtp_password)
            yield server
    except (smtplib.SMTPConnectError, smtplib.SMTPAuthenticationError, smtplib.SMTPNotSupportedError,
            smtplib.SMTPServerDisconnected, ssl.SSLError, OSError) as exc:
        raise ReminderError(f"cannot send through {settings.smtp_host}:{settings.smtp_port}: "
                            f"{type(exc).__name__}: {exc}") from None


def send_reminders(database: Database, settings: Settings, today: date | None = None, dry_run: bool = False,
                   progress: Callable[[str], None] = lambda _message: None) -> Outcome:
    """Send this week's reminders not sent yet; with ``dry_run``, only say what would be sent.
    Raises ReminderError when nothing can be sent (no server, unreachable, sign-in refused)."""
    today = today or date.today()
    with database.session() as session:
        planned, already, nothing = digests(session, today)
    outcome = Outcome(already_sent=already, nothing_due=nothing)
    if dry_run or not planned:
        outcome.planned = planned
        return outcome
    with smtp_connection(settings) as server:
        for digest in planned:
            try:
                with database.session() as session:
                    # Claimed first: a run at the same time fails here (primary key) and sends nothing.
                    session.add(ReminderSent(user_id=digest.user_id, week_of=digest.week_of, sent_at=datetime.now(),
                                             items=digest.count))
                    session.flush()
                    record(session, SENDER, "send_reminder", digest.username,
                           {"week_of": digest.week_of.isoformat(), "items": digest.count,
                            "districts": [d.district for d in digest.districts]})
                    # Sent last inside the transaction: a refused mail rolls the claim back.
                    server.send_message(compose(digest, settings))
            except IntegrityError:
                outcome.already_sent.append(digest.username)
                continue
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
                outcome.refused[digest.username] = _reason(exc)
                progress(f"{digest.username}: refused by the server ({outcome.refused[digest.username]})")
                continue
            outcome.sent.append(digest.username)
            progress(f"{digest.username}: sent ({digest.count} item(s))")
    return outcome


def _reason(exc: smtplib.SMTPException) -> str:
    """The server's answer, as text."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{code} {_text(text)}" for code, text in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPSenderRefused | smtplib.SMTPDataError):
        return f"{exc.smtp_code} {_text(exc.smtp_error)}"
    return str(exc)


def _text(answer: bytes | str) -> str:
    return answer.decode(errors="replace") if isinstance(answer, bytes) else answer
