"""``python -m dashboard`` commands for accounts: create-user, set-user, set-password, deactivate-user,
activate-user, create-token, revoke-token, users, demo-users."""

from __future__ import annotations

import argparse
import sys

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.cli.types import DISTRICT_HELP, district_pcode
from dashboard.commands.accounts import (
    AccountError,
    create_token,
    create_user,
    list_users,
    new_password,
    revoke_tokens,
    set_active,
    set_contact,
    set_password,
)
from dashboard.core.access import Role
from dashboard.db import Database
from dashboard.i18n import LANGUAGES
from dashboard.models import User

# One demo account per role for `make run`: a district role works in Sylhet.
DEMO_DISTRICT = "BD6091"


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register the account commands on the CLI's sub-parsers."""
    user = commands.add_parser("create-user", help="add a user (prints a new password unless --password-stdin)")
    user.add_argument("name")
    user.add_argument("--role", required=True, choices=[r.value for r in Role])
    user.add_argument("--district", action="append", default=[], type=district_pcode,
                      help=f"{DISTRICT_HELP} (repeat for several)")
    user.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    user.add_argument("--email", help="where the weekly reminder of action items goes (district roles)")
    user.add_argument("--language", choices=LANGUAGES, default="en", help="the language of the reminder (default en)")
    contact = commands.add_parser("set-user", help="change a user's e-mail address or reminder language")
    contact.add_argument("name")
    address = contact.add_mutually_exclusive_group()
    address.add_argument("--email", help="the new e-mail address")
    address.add_argument("--no-email", action="store_true", help="remove the e-mail address (no more reminders)")
    contact.add_argument("--language", choices=LANGUAGES, help="the language of the reminder")
    token = commands.add_parser("create-token", help="print a new API token for a user (last line of output)")
    token.add_argument("name")
    token.add_argument("--label", default="api", help="what the token is for")
    revoke = commands.add_parser("revoke-token", help="revoke every API token of a user")
    revoke.add_argument("name")
    password = commands.add_parser(
        "set-password", help="give a user a new password (prints it unless --password-stdin); ends their sessions")
    password.add_argument("name")
    password.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    deactivate = commands.add_parser(
        "deactivate-user", help="stop a user signing in; ends their sessions and refuses their API tokens")
    deactivate.add_argument("name")
    activate = commands.add_parser("activate-user", help="let a deactivated user sign in again")
    activate.add_argument("name")
    commands.add_parser("users", help="list users, roles and districts")
    demo = commands.add_parser("demo-users", help="create one demo user per role and print their passwords")
    demo.add_argument("--if-none", action="store_true", help="do nothing when any user exists")


def run(database: Database, args: argparse.Namespace) -> bool:
    """Run an account command; False when ``args`` is not one."""
    handlers = {"create-user": _create_user, "create-token": _create_token, "revoke-token": _revoke,
                "set-password": _set_password, "deactivate-user": _deactivate, "activate-user": _activate,
                "users": _users, "demo-users": _demo_users, "set-user": _set_user}
    handler = handlers.get(args.command)
    if handler is None:
        return False
    try:
        with database.session() as session:
            handler(session, args)
    except AccountError as exc:
        raise SystemExit(f"error: {exc}") from None
    return True


def _create_user(session, args: argparse.Namespace) -> None:  # type: ignore[no-untyped-def]
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else new_password()
    create_user(session, args.name, args.role, args.district, password, email=args.email, language=args.language)
    print(f"created {args.name} ({args.role}{': ' + ', '.join(args.district) if args.district else ''})")
    if not args.password_stdin:
        print(f"password (shown once): {password}")


def _set_user(session: Session, args: argparse.Namespace) -> None:
    user = set_contact(session, args.name, email=args.email, clear_email=args.no_email, language=args.language)
    print(f"{args.name}: reminders {'to ' + user.email if user.email else 'not sent (no e-mail address)'}, "
          f"in {user.language}")


def _create_token(session, args: argparse.Namespace) -> None:  # type: ignore[no-untyped-def]
    token = create_token(session, args.name, args.label)
    print(f"API token for {args.name} (shown once; send it as 'Authorization: Bearer TOKEN'):")
    print(token)


def _revoke(session, args: argparse.Namespace) -> None:  # type: ignore[no-untyped-def]
    print(f"revoked {revoke_tokens(session, args.name)} token(s) of {args.name}")


def _set_password(session: Session, args: argparse.Namespace) -> None:
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else new_password()
    set_password(session, args.name, password)
    print(f"new password set for {args.name}; every session signed in before has ended")
    if not args.password_stdin:
        print(f"password (shown once): {password}")


def _deactivate(session: Session, args: argparse.Namespace) -> None:
    set_active(session, args.name, False)
    print(f"deactivated {args.name}: signed out everywhere, API tokens refused (activate-user undoes it)")


def _activate(session: Session, args: argparse.Namespace) -> None:
    set_active(session, args.name, True)
    print(f"activated {args.name}; they sign in again with their password")


def _users(session, _args: argparse.Namespace) -> None:  # type: ignore[no-untyped-def]
    for u in list_users(session):
        state = "active" if u.active else "disabled"
        last = u.last_login_at.strftime("%Y-%m-%d %H:%M") if u.last_login_at else "never"
        print(f"{u.username:<24} {u.role:<17} {','.join(u.districts) or 'all districts':<20} {state:<8} "
              f"last sign-in {last}; {u.live_tokens} live token(s); reminders "
              f"{'to ' + u.email + ' in ' + u.language if u.email else 'off (no e-mail)'}")


def _demo_users(session, args: argparse.Namespace) -> None:  # type: ignore[no-untyped-def]
    if args.if_none and session.scalar(select(func.count()).select_from(User)):
        print("users already exist; no demo users created (python -m dashboard users lists them)")
        return
    print("Demo users (passwords are random and shown only now; keep them):")
    for role in Role:
        districts = [DEMO_DISTRICT] if role in (Role.DISTRICT_OFFICER, Role.DCC_MEMBER) else []
        name, password = f"demo-{role.value.replace('_', '-')}", new_password()
        create_user(session, name, role.value, districts, password)
        print(f"  {name:<24} {password}   ({role.value}{', Sylhet' if districts else ''})")
