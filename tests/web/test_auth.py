"""Signing in and out: hashed passwords, rate limits on failures, CSRF, safe redirects, idle timeout."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from dashboard.app import create_app
from dashboard.commands.accounts import AccountError, authenticate, create_token, create_user, user_for_token
from dashboard.config import Settings
from dashboard.db import Database
from dashboard.models import User
from tests.clients import csrf_token, sign_in
from tests.known_data import PASSWORD


def test_au001_passwords_are_stored_as_slow_salted_hashes(empty_db: Database) -> None:
    with empty_db.session() as s:
        user = create_user(s, "asha", "district_officer", ["BD6091"], "a long enough secret")
        assert user.password_hash.startswith("scrypt:") and "a long enough secret" not in user.password_hash
        other = create_user(s, "bina", "district_officer", ["BD6091"], "a long enough secret")
        assert other.password_hash != user.password_hash  # salted
        assert authenticate(s, "asha", "a long enough secret") is user
        assert authenticate(s, "asha", "wrong") is None and authenticate(s, "nobody", "x") is None
        with pytest.raises(AccountError, match="12 characters"):
            create_user(s, "c", "viewer", [], "short")
        with pytest.raises(AccountError, match="needs at least one --district"):
            create_user(s, "d", "dcc_member", [], "a long enough secret")
        with pytest.raises(AccountError, match="not district P-codes"):
            create_user(s, "e", "district_officer", ["BD60910038"], "a long enough secret")


def test_au002_tokens_are_stored_hashed_and_can_be_revoked(empty_db: Database) -> None:
    from dashboard.commands.accounts import revoke_tokens

    with empty_db.session() as s:
        create_user(s, "mis", "hq_analyst", [], "a long enough secret")
        token = create_token(s, "mis")
        assert token not in str([t.token_hash for t in s.get(User, 1).tokens])  # type: ignore[union-attr]
        assert user_for_token(s, token).username == "mis"  # type: ignore[union-attr]
        assert revoke_tokens(s, "mis") == 1 and user_for_token(s, token) is None


def test_au003_sign_in_out_and_the_session_cookie(fresh_known_settings: Settings) -> None:
    client = create_app(fresh_known_settings).server.test_client()
    assert client.get("/").status_code == 302
    form = client.get("/login")
    assert form.status_code == 200 and 'name="csrf_token"' in form.get_data(as_text=True)
    response = client.post("/login", data={"username": "hq", "password": PASSWORD, "csrf_token": csrf_token(client),
                                           "next": "/?district=BD6091"})
    assert response.status_code == 302 and response.headers["Location"] == "/?district=BD6091"
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Expires=" in cookie
    assert client.get("/").status_code == 200
    assert client.get("/logout").status_code == 200 and client.get("/").status_code == 200  # a GET only offers
    client.post("/logout", data={"csrf_token": csrf_token(client)})
    assert client.get("/").status_code == 302


def test_au004_wrong_password_is_a_clear_401_and_failures_are_limited(known_settings: Settings) -> None:
    app = create_app(replace(known_settings, login_attempts_per_account="3 per 15 minutes"))
    client = app.server.test_client()
    for _ in range(3):
        assert sign_in(client, "officer", "not the password") == 401
    blocked = client.post("/login", data={"username": "officer", "password": PASSWORD,
                                          "csrf_token": csrf_token(client)})
    assert blocked.status_code == 429 and "Too many failed attempts" in blocked.get_data(as_text=True)
    assert sign_in(client, "member") == 302  # another account is not blocked
    assert sign_in(app.server.test_client(), "hq") == 302  # successes never count


def test_au005_failures_are_limited_per_address_too(known_settings: Settings) -> None:
    app = create_app(replace(known_settings, login_attempts_per_address="4 per 15 minutes"))
    client = app.server.test_client()
    for name in ("a1", "a2", "a3", "a4"):
        assert sign_in(client, name, "guess") == 401
    assert sign_in(client, "hq") == 429  # the address is blocked, whatever the account


def test_au006_a_sign_in_without_its_csrf_token_is_refused(known_settings: Settings) -> None:
    client = create_app(known_settings).server.test_client()
    response = client.post("/login", data={"username": "hq", "password": PASSWORD})
    assert response.status_code == 400 and "expired" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302  # not signed in


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"])
def test_au007_after_sign_in_only_local_addresses(known_settings: Settings, target: str) -> None:
    client = create_app(known_settings).server.test_client()
    response = client.post("/login", data={"username": "hq", "password": PASSWORD,
                                           "csrf_token": csrf_token(client), "next": target})
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_au008_the_session_ends_after_the_idle_time(known_settings: Settings) -> None:
    app = create_app(replace(known_settings, idle_timeout_minutes=20))
    assert app.server.permanent_session_lifetime == timedelta(minutes=20)
    assert app.server.config["SESSION_REFRESH_EACH_REQUEST"] is True
    production = create_app(replace(known_settings, env="production", secret_key="x" * 40))
    assert production.server.config["SESSION_COOKIE_SECURE"] is True
