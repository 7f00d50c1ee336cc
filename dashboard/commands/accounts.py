"""Users, sign-in checks and API tokens."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from dashboard.core.access import HQ_ROLES, Actor, Role
from dashboard.core.audit import record
from dashboard.i18n import LANGUAGES
from dashboard.models import ApiToken, User, UserDistrict
from geodata import Level, admin_areas

# Checked against when the user name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not a password", method="scrypt")
MIN_PASSWORD_LENGTH = 12
MAX_EMAIL_LENGTH = 254
# One mailbox: something, one @, a domain with a dot; no spaces, no second address, no display name.
_EMAIL = re.compile(r"[^@\s,;<>\"]+@[^@\s,;<>\"]+\.[^@\s,;<>\".]+")
# Accounts are managed from the server's command line: its events name the operator.
OPERATOR = Actor("operator", Role.HQ_ADMIN)


class AccountError(ValueError):
    """A user or token request that cannot be carried out (message says why)."""


def hash_password(password: str) -> str:
    """A slow, salted scrypt hash (werkzeug)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"passwords need at least {MIN_PASSWORD_LENGTH} characters")
    return generate_password_hash(password, method="scrypt")


def new_password() -> str:
    """A strong random password for people who did not choose one."""
    return secrets.token_urlsafe(15)


def actor_of(user: User) -> Actor:
    """The actor a signed-in user acts as."""
    return Actor(user.username, Role(user.role), frozenset(d.district_pcode for d in user.districts))


def checked_email(address: str) -> str:
    """``address`` if it looks like one mailbox (``name@domain.tld``), else AccountError."""
    address = address.strip()
    if len(address) > MAX_EMAIL_LENGTH or not _EMAIL.fullmatch(address):
        raise AccountError(f"not an e-mail address: {address!r}")
    return address


def checked_language(language: str) -> str:
    """``language`` if the dashboard speaks it (en or bn), else AccountError."""
    if language not in LANGUAGES:
        raise AccountError(f"unknown language {language!r}; choose one of {', '.join(LANGUAGES)}")
    return language


def create_user(session: Session, username: str, role: str, districts: list[str], password: str,
                email: str | None = None, language: str = "en") -> User:
    """Add a user; district roles need at least one known district, headquarters roles none.
    ``email`` and ``language`` are where and in which language the weekly reminder goes."""
    try:
        chosen_role = Role(role)
    except ValueError:
        raise AccountError(f"unknown role {role!r}; choose one of {', '.join(r.value for r in Role)}") from None
    areas = admin_areas()
    unknown = [d for d in districts if d not in areas or areas[d].level != Level.DISTRICT]
    if unknown:
        raise AccountError(f"not district P-codes: {', '.join(unknown)}")
    if chosen_role in HQ_ROLES and districts:
        raise AccountError("headquarters roles see every district; give no --district")
    if chosen_role in (Role.DISTRICT_OFFICER, Role.DCC_MEMBER) and not districts:
        raise AccountError(f"{chosen_role.value} needs at least one --district")
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise AccountError(f"a user called {username!r} already exists")
    email = checked_email(email) if email is not None else None
    user = User(username=username, password_hash=hash_password(password), role=chosen_role.value,
                created_at=datetime.now(), districts=[UserDistrict(district_pcode=d) for d in sorted(set(districts))],
                email=email, language=checked_language(language))
    session.add(user)
    session.flush()
    record(session, OPERATOR, "create_user", username, {"role": chosen_role.value, "districts": sorted(set(districts)),
                                                        "email": email is not None, "language": language})
    return user


def set_contact(session: Session, username: str, email: str | None = None, clear_email: bool = False,
                language: str | None = None) -> User:
    """Change where (``email``, or none with ``clear_email``) and in which language a user's
    weekly reminder goes; a headquarters administrator's command (the audit names the operator)."""
    user = _named(session, username)
    changed: dict[str, object] = {}
    if email is not None and clear_email:
        raise AccountError("give either an e-mail address or --no-email, not both")
    if email is not None or clear_email:
        user.email = checked_email(email) if email is not None else None
        changed["email"] = user.email is not None  # whether one is set, not the address itself
    if language is not None:
        user.language = checked_language(language)
        changed["language"] = language
    if not changed:
        raise AccountError("nothing to change: give --email, --no-email or --language")
    record(session, OPERATOR, "set_contact", username, changed)
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this name and password, else None (in the same time either way)."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.active:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password):
        return None
    user.last_login_at = datetime.now()
    return user


def user_by_id(session: Session, user_id: int, generation: int | None = None) -> User | None:
    """An active user, for the session loader; with ``generation`` (the one the session was
    signed in under), only while no sign-out, password change or deactivation came after it."""
    # With the user's districts in the same query: every request of a signed-in page loads
    # its user, and a second round trip for the districts was half of that (first page: 20 requests).
    user = session.get(User, user_id, options=[joinedload(User.districts)])
    if user is None or not user.active:
        return None
    if generation is not None and generation != user.session_generation:
        return None
    return user


def _named(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise AccountError(f"no user called {username!r}")
    return user


def end_sessions(session: Session, user_id: int) -> None:
    """Refuse every session of this user signed in so far (sign-out ends them all: the
    server cannot tell a copied cookie from the browser's own)."""
    user = session.get(User, user_id)
    if user is not None:
        user.session_generation += 1


def set_password(session: Session, username: str, password: str) -> None:
    """A new password; every session signed in with the old one ends."""
    user = _named(session, username)
    user.password_hash = hash_password(password)
    user.session_generation += 1
    record(session, OPERATOR, "set_password", username)


def set_active(session: Session, username: str, active: bool) -> None:
    """Deactivate (every session and API token refused at once) or reactivate an account."""
    user = _named(session, username)
    user.active = active
    user.session_generation += 1
    record(session, OPERATOR, "activate_user" if active else "deactivate_user", username)


def _digest(token: str) -> str:
    # Tokens are long random strings, so a plain SHA-256 is enough (no slow hash needed).
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, username: str, label: str = "api") -> str:
    """A new API token for ``username``; only its hash is stored, so this is the one time it is seen."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise AccountError(f"no user called {username!r}")
    token = "pt_" + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_hash=_digest(token), label=label, created_at=datetime.now()))
    session.flush()
    record(session, OPERATOR, "create_token", username, {"label": label})
    return token


def user_for_token(session: Session, token: str) -> User | None:
    """The active user a live token belongs to."""
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token),
                                                ApiToken.revoked_at.is_(None)))
    if row is None or not row.user.active:
        return None
    row.last_used_at = datetime.now()
    return row.user


def revoke_tokens(session: Session, username: str) -> int:
    """Revoke every live token of ``username``; returns how many."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise AccountError(f"no user called {username!r}")
    live = [t for t in user.tokens if t.revoked_at is None]
    for token in live:
        token.revoked_at = datetime.now()
    record(session, OPERATOR, "revoke_tokens", username, {"revoked": len(live)})
    return len(live)


@dataclass(frozen=True)
class UserSummary:
    """One line of ``python -m dashboard users``."""

    username: str
    role: str
    districts: tuple[str, ...]
    active: bool
    last_login_at: datetime | None
    live_tokens: int
    email: str | None = None
    language: str = "en"


def list_users(session: Session) -> list[UserSummary]:
    """Every user, by name."""
    users = session.scalars(select(User).order_by(User.username))
    return [UserSummary(u.username, u.role, tuple(d.district_pcode for d in u.districts), u.active,
                        u.last_login_at, sum(t.revoked_at is None for t in u.tokens), u.email, u.language)
            for u in users]
