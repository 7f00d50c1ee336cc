"""Page header: programme name, navigation between pages and the language switch."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html, no_update
from flask_wtf.csrf import generate_csrf

from dashboard.core import digits
from dashboard.core.access import current_actor
from dashboard.core.url import keep_params
from dashboard.i18n import LANGUAGES, t
from dashboard.ui.ids import LANGUAGE, URL
from dashboard.ui.registry import callback, clientside_callback
from dashboard.ui.text import T
from dashboard.web.frame import navigation
from geodata import admin_areas

LANGUAGE_PICKER = "language-picker"
DIGITS = "latin-digits"
ACCOUNT = "header-account"
HEADER = "page-header"
DISTRICTS = "header-districts"
HELP_LINK = "header-help"


def layout(lang: str) -> html.Header:
    """The header; ``lang`` is the initial language."""
    return html.Header(
        id=HEADER,
        className="app-header",
        children=dbc.Container(
            fluid=True,
            className="d-flex flex-wrap align-items-center justify-content-between gap-2 py-2",
            children=[
                html.Div([
                    html.H1(T("app.title", lang), className="h4 mb-0"),
                    html.P(T("app.subtitle", lang), className="mb-0 small app-subtitle"),
                ]),
                navigation.layout(lang),
                html.Div(className="d-flex align-items-center gap-2", children=[
                    html.Label(T("lang.label", lang), htmlFor=LANGUAGE_PICKER, className="small mb-0"),
                    dbc.RadioItems(
                        id=LANGUAGE_PICKER,
                        className="btn-group btn-group-sm",
                        inputClassName="btn-check",
                        labelClassName="btn btn-outline-light",
                        labelCheckedClassName="active",
                        # Each language named in itself, marked with its language (screen readers
                        # read "বাংলা" as Bangla; assets/app.css draws it with a 3 KB face on English pages).
                        options=[{"label": html.Span(t(f"lang.{code}", code), lang=code, className="app-lang-name"),
                                  "value": code} for code in LANGUAGES],
                        value=lang,
                        persistence=True,
                        persistence_type="local",
                    ),
                    dbc.Checkbox(id=DIGITS, value=digits.keeps_latin(), label=T("lang.latin_digits", lang),
                                 className="small mb-0 app-digits", label_class_name="text-white"),
                ]),
                account(lang),
                dcc.Store(id=LANGUAGE, data=lang),
            ],
        ),
    )


def districts(lang: str) -> str:
    """The signed-in user's districts, named in ``lang`` (" · Sylhet"), or nothing."""
    areas = admin_areas()
    where = ", ".join(sorted(areas[d].name(lang) for d in current_actor().districts if d in areas))
    return f" · {where}" if where else ""


def account(lang: str) -> html.Div:
    """Who is signed in (name, role, districts), the help page and the way out."""
    actor = current_actor()
    return html.Div(id=ACCOUNT, className="small d-flex align-items-center gap-2 app-account", children=[
        html.Span([html.Span(actor.name, className="fw-semibold app-user"), " · ", T(f"role.{actor.role.value}", lang),
                   html.Span(districts(lang), id=DISTRICTS)]),
        dcc.Link(T("nav.help", lang, instance=HELP_LINK), id=HELP_LINK, href=dash.get_relative_path("/help"),
                 className="link-light"),
        # A form, not a link: sign-out is a POST with the CSRF token (a GET from another site
        # must not sign anyone out), and it ends the session on the server.
        html.Form(method="post", action=dash.get_relative_path("/logout"), className="d-inline m-0", children=[
            dcc.Input(type="hidden", name="csrf_token", value=generate_csrf()),
            html.Button(T("account.sign_out", lang), type="submit", className="btn btn-link btn-sm link-light p-0"),
        ]),
    ])


@callback(Output(LANGUAGE, "data"), Input(LANGUAGE_PICKER, "value"), State(LANGUAGE, "data"))
def choose_language(value: str | None, current: str | None) -> Any:
    """The picked language (English for anything unknown). Unchanged, nothing is written: a
    write, even of the same value, would redraw every view once more on each page load."""
    chosen = value if value in LANGUAGES else "en"
    return chosen if chosen != current else no_update


@callback(Output(HELP_LINK, "href"), Input(URL, "search"))
def help_href(search: str | None) -> str:
    """The help link carries the district and filters, as the navigation's links do, so the
    pages opened after it keep them."""
    return dash.get_relative_path("/help") + keep_params(search, navigation.SHARED_KEYS)


@callback(Output(DISTRICTS, "children"), Input(LANGUAGE, "data"), prevent_initial_call=True)
def name_districts(lang: str) -> str:
    """The user's districts in the chosen language (names are data, not catalogue text)."""
    return districts(lang)


# The digits setting is read by the server on every request (dashboard.core.digits): keep it in a
# cookie and redraw the page with it (the address holds the view, so nothing is lost).
clientside_callback(
    "function (latin) { document.cookie = '" + digits.COOKIE + "=' + (latin ? '" + digits.LATIN + "' : 'bangla')"
    " + '; path=/; max-age=31536000; SameSite=Lax'; window.location.reload(); }",
    Input(DIGITS, "value"),
    prevent_initial_call=True,
)


# Screen readers and font fallback follow the document language.
clientside_callback(
    "function (lang) { document.documentElement.lang = lang || 'en'; return window.dash_clientside.no_update; }",
    Output(HEADER, "title"),
    Input(LANGUAGE, "data"),
)
