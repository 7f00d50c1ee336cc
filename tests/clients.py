"""Flask test clients signed in as a user from ``tests.known_data``, as a browser would be."""

from __future__ import annotations

import re

from dash import Dash
from flask.testing import FlaskClient

from tests.known_data import PASSWORD

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(client: FlaskClient) -> str:
    """The form token the sign-in page hands out to this client's session."""
    page = client.get("/login").get_data(as_text=True)
    match = _TOKEN.search(page)
    assert match, "the sign-in form has no CSRF token"
    return match.group(1)


def sign_in(client: FlaskClient, username: str, password: str = PASSWORD) -> int:
    """Post the sign-in form; returns the status (302 on success, 401 for a wrong password)."""
    response = client.post("/login", data={"username": username, "password": password,
                                           "csrf_token": csrf_token(client)})
    return response.status_code


def client_as(app: Dash, username: str) -> FlaskClient:
    """A test client of ``app`` signed in as ``username``."""
    client = app.server.test_client()
    assert sign_in(client, username) == 302, f"could not sign in as {username}"
    return client
