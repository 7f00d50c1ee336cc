"""Signing in and out (Flask-Login), API tokens, and turning a request into an actor.

``GET /login`` shows the form; ``POST /login`` takes ``username``, ``password``
and ``csrf_token`` (Flask-WTF). Failed attempts are limited per user name and per
address (``dashboard.web.signin_limits``); only failures count. The session cookie is HttpOnly,
SameSite=Lax, Secure when configured (always in production) and expires after
the configured idle time (re-signed on every request, checked by the server).

A session names the user and the session generation it was signed in under. Sign-out
(``POST /logout`` with the CSRF token), a password change and deactivation raise the
user's generation, so a copy of the cookie taken before is refused by the server from
then on; the cookie alone cannot be trusted to be forgotten.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import Blueprint, Flask, Response, current_app, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError, CSRFProtect

from dashboard.commands.accounts import actor_of, authenticate, end_sessions, user_by_id, user_for_token
from dashboard.config import Settings
from dashboard.core.access import ANONYMOUS, Actor, install_actor_loader
from dashboard.core.reads import reading
from dashboard.runtime import runtime
from dashboard.web.signin_limits import LimitReached, SignInLimits, StoreUnavailable

blueprint = Blueprint("auth", __name__)
_FAILED = 401
_UNAVAILABLE = 503
_LIMITS = "dashboard_signin_limits"
_MESSAGES = {
    _FAILED: ("The user name or password is not right.", "ব্যবহারকারীর নাম বা পাসওয়ার্ড সঠিক নয়।"),
    429: ("Too many failed attempts. Wait a few minutes, then try again.",
          "অনেকবার ভুল চেষ্টা হয়েছে। কয়েক মিনিট অপেক্ষা করে আবার চেষ্টা করুন।"),
    400: ("The form had expired. Please sign in again.", "ফর্মটির মেয়াদ শেষ হয়েছিল। আবার সাইন ইন করুন।"),
    _UNAVAILABLE: ("Sign-in is unavailable: the rate-limit store cannot be reached; try again shortly.",
                   "সাইন ইন এখন সম্ভব নয়: চেষ্টার হিসাব রাখার ভান্ডারে পৌঁছানো যাচ্ছে না; একটু পরে আবার চেষ্টা করুন।"),
}


class SessionUser(UserMixin):
    """What Flask-Login keeps for a signed-in user: their id, the session generation they
    signed in under, and the actor they act as."""

    def __init__(self, user_id: int, generation: int, actor: Actor) -> None:
        self.id = user_id
        self.generation = generation
        self.actor = actor

    def get_id(self) -> str:
        """``id.generation``: what the session cookie keeps."""
        return f"{self.id}.{self.generation}"


def _load_user(session_id: str) -> SessionUser | None:
    # A session without a generation (signed in before generations existed) is refused too.
    user_id, _, generation = session_id.partition(".")
    if not (user_id.isdigit() and generation.isdigit()):
        return None
    with reading() as db:  # the request's read connection, which its lookups then share
        user = user_by_id(db, int(user_id), int(generation))
        return SessionUser(user.id, user.session_generation, actor_of(user)) if user else None


def _bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def request_actor() -> Actor:
    """The actor of this request: an API request by its bearer token, anything else by its
    signed-in session; anonymous otherwise. Tokens open the API only, never the pages."""
    if request.path.startswith("/api/"):
        token = _bearer_token()
        if token is None:
            return ANONYMOUS
        with runtime().database.session() as db:
            user = user_for_token(db, token)
            return actor_of(user) if user else ANONYMOUS
    return current_user.actor if current_user.is_authenticated else ANONYMOUS


def _safe_next(target: str | None) -> str:
    """Only a path on this site (no scheme, no host, no //) may be a place to return to."""
    if not target or not target.startswith("/") or target.startswith("//") or urlsplit(target).netloc \
            or "\\" in target:
        return request.script_root + "/"
    return target


def limits() -> SignInLimits:
    """This app's sign-in limits."""
    found: SignInLimits = current_app.extensions[_LIMITS]
    return found


def _form(status: int = 200, username: str = "") -> tuple[str, int]:
    message, message_bn = _MESSAGES.get(status, ("", ""))
    page = render_template("login.html", action=url_for("auth.login"), next=request.values.get("next", ""),
                           username=username, message=message, message_bn=message_bn, status=status,
                           assets=request.script_root + "/assets/")
    return page, status


@blueprint.get("/login")
def login_form() -> ResponseReturnValue:
    """The sign-in form."""
    return _form()


@blueprint.post("/login")
def login() -> ResponseReturnValue:
    """Check the name and password; on success start an idle-limited session."""
    username = request.form.get("username", "").strip()
    try:
        with limits().attempt(username, request.remote_addr or "") as attempt:
            with runtime().database.session() as db:
                user = authenticate(db, username, request.form.get("password", ""))
                signed_in = SessionUser(user.id, user.session_generation, actor_of(user)) if user else None
            if signed_in is None:
                attempt.failed()
                return _form(_FAILED, username)
    except LimitReached:
        return _form(429, username)
    except StoreUnavailable:
        return _form(_UNAVAILABLE, username)
    session.clear()  # a fresh session on sign-in (no fixation)
    session.permanent = True
    login_user(signed_in)
    return redirect(_safe_next(request.form.get("next")))


@blueprint.get("/logout")
def logout_form() -> ResponseReturnValue:
    """A page with the sign-out button: a GET never signs out (a link or an image on another
    site could otherwise sign people out), it only offers the form that does."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login_form"))
    return render_template("logout.html", action=url_for("auth.logout"), assets=request.script_root + "/assets/")


@blueprint.post("/logout")
def logout() -> ResponseReturnValue:
    """Sign out (CSRF-checked like every POST): every session of this user ends on the
    server, so a copy of the cookie is refused from now on, not only this browser's."""
    if current_user.is_authenticated:
        with runtime().database.session() as db:
            end_sessions(db, current_user.id)
    logout_user()
    session.clear()
    return redirect(url_for("auth.login_form"))


def init_auth(server: Flask, settings: Settings) -> SignInLimits:
    """Sessions, sign-in, CSRF protection and sign-in rate limits for one app."""
    server.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies or settings.env == "production",
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=settings.idle_timeout_minutes),
        SESSION_REFRESH_EACH_REQUEST=True,
        # The token lives as long as the session (which the idle timeout ends).
        WTF_CSRF_TIME_LIMIT=None,
    )
    manager = LoginManager(server)
    manager.user_loader(_load_user)
    install_actor_loader(server, request_actor)
    CSRFProtect(server)
    signin_limits = SignInLimits(settings)
    server.extensions[_LIMITS] = signin_limits

    @server.errorhandler(429)
    def _too_many(_error: Exception) -> ResponseReturnValue:
        if request.path.endswith("/login"):
            return _form(429, request.form.get("username", ""))
        return Response("Too many requests", 429)

    @server.errorhandler(CSRFError)
    def _bad_token(_error: CSRFError) -> ResponseReturnValue:
        if request.path.endswith("/login"):
            return _form(400, request.form.get("username", ""))
        return Response("The request was refused: its security token was missing or out of date. "
                        "Reload the page.", 400, mimetype="text/plain")

    return signin_limits
