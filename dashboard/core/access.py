"""Who is asking, and what they may do: the one place that decides permissions.

:func:`current_actor` turns a request into an :class:`Actor` once per request;
:func:`permission_allowed` is the only function that answers "may this actor do
that, here?". Queries get the actor's :class:`Scope` (where they may look),
layers and exports ask :meth:`Actor.may` (what they may see), and nothing else
reads globals or roles to decide.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from flask import Flask, current_app, g, has_request_context

from dashboard.core.scope import Scope


class Role(StrEnum):
    """Roles, from headquarters down to read-only viewers."""

    HQ_ADMIN = "hq_admin"
    HQ_ANALYST = "hq_analyst"
    DISTRICT_OFFICER = "district_officer"
    DCC_MEMBER = "dcc_member"
    VIEWER = "viewer"


HQ_ROLES = frozenset({Role.HQ_ADMIN, Role.HQ_ANALYST})


class Action(StrEnum):
    """Things an actor may be allowed to do."""

    VIEW = "view"                    # aggregates: maps, cards, tables
    SEE_SMALL_COUNTS = "see_small_counts"  # counts 1-4 shown as they are, not suppressed
    VIEW_POINTS = "view_points"      # individual returnees, coarsened, at district zoom
    EXPORT = "export"                # download aggregate tables
    EXPORT_ROWS = "export_rows"      # download row-level data
    IMPORT = "import"
    UNDO_IMPORT = "undo_import"
    EDIT_TARGETS = "edit_targets"
    EDIT_DCC = "edit_dcc"
    MANAGE_USERS = "manage_users"


_A = Action
GRANTS: dict[Role, frozenset[Action]] = {
    Role.HQ_ADMIN: frozenset(Action),
    Role.HQ_ANALYST: frozenset({_A.VIEW, _A.SEE_SMALL_COUNTS, _A.VIEW_POINTS, _A.EXPORT, _A.EXPORT_ROWS}),
    Role.DISTRICT_OFFICER: frozenset({_A.VIEW, _A.VIEW_POINTS, _A.EXPORT, _A.EXPORT_ROWS, _A.IMPORT, _A.EDIT_DCC}),
    Role.DCC_MEMBER: frozenset({_A.VIEW, _A.EXPORT, _A.EDIT_DCC}),
    Role.VIEWER: frozenset({_A.VIEW, _A.EXPORT}),
}


@dataclass(frozen=True)
class Actor:
    """The person (or API token) behind a request: a name, a role and, below
    headquarters, the districts they are assigned to."""

    name: str
    role: Role
    districts: frozenset[str] = field(default_factory=frozenset)
    authenticated: bool = True

    @property
    def is_hq(self) -> bool:
        """Headquarters roles see the whole country."""
        return self.authenticated and self.role in HQ_ROLES

    @property
    def scope(self) -> Scope:
        """Where this actor may look: everywhere for headquarters and for viewers assigned no
        district (aggregates only), else their districts; nowhere when not signed in."""
        if not self.authenticated:
            return Scope(frozenset())
        if self.is_hq or (self.role == Role.VIEWER and not self.districts):
            return Scope.national()
        return Scope(self.districts)

    @property
    def home_district(self) -> str | None:
        """Where a page opens for someone who works in districts: the first of theirs; None
        (the whole country) for a national scope."""
        return None if self.scope.is_national else min(self.districts, default=None)

    def may(self, action: Action, area: str | None = None) -> bool:
        """Shorthand for :func:`permission_allowed`."""
        return permission_allowed(self, action, area)


def permission_allowed(actor: Actor, action: Action, area: str | None = None) -> bool:
    """Whether ``actor`` may do ``action``, in ``area`` (a district or upazila P-code) when given."""
    if not actor.authenticated or action not in GRANTS[actor.role]:
        return False
    return area is None or actor.scope.permits(area)


# Who a request is when nobody signed in and no API token came with it: no scope, no permission.
ANONYMOUS = Actor("anonymous", Role.VIEWER, frozenset(), authenticated=False)

# Where the app keeps the function that builds a request's actor (``server.extensions``).
ACTOR_LOADER = "dashboard.actor_loader"


def install_actor_loader(server: Flask, loader: Callable[[], Actor]) -> None:
    """Make ``loader`` build each request's actor. Sign-in installs it from ``create_app``
    (``web.auth.init_auth``), so the permission kernel never imports the sign-in code: the app
    knows auth, the core does not (as datasette's ``actor_from_request`` hook)."""
    server.extensions[ACTOR_LOADER] = loader


def actor_from_request() -> Actor:
    """Build the actor for the current request with the app's loader; anonymous when the app
    installed none (an app without sign-in lets nobody see anything)."""
    loader = current_app.extensions.get(ACTOR_LOADER)
    return loader() if loader is not None else ANONYMOUS


def current_actor() -> Actor:
    """The actor of the current request, built once per request."""
    if not has_request_context():
        raise RuntimeError("there is no actor outside a request")
    if "actor" not in g:
        g.actor = actor_from_request()
    return g.actor
