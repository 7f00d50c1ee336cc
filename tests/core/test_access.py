"""Permissions are decided in one place, from the actor."""

from __future__ import annotations

import pytest

from dashboard.core.access import ANONYMOUS, GRANTS, Action, Actor, Role, current_actor, permission_allowed
from dashboard.core.scope import Scope

SYLHET, KHULNA = "BD6091", "BD4047"


def test_ac001_scope_follows_the_role_and_districts() -> None:
    assert Actor("h", Role.HQ_ADMIN).scope == Scope.national()
    assert Actor("h", Role.HQ_ANALYST, frozenset({SYLHET})).scope == Scope.national()  # HQ sees all
    officer = Actor("o", Role.DISTRICT_OFFICER, frozenset({SYLHET}))
    assert officer.scope == Scope.for_districts(SYLHET)
    assert Actor("v", Role.VIEWER).scope == Scope.national()  # aggregates for the whole country
    assert Actor("v", Role.VIEWER, frozenset({SYLHET})).scope == Scope.for_districts(SYLHET)
    assert Actor("o", Role.DISTRICT_OFFICER).scope.districts == frozenset()  # no districts: nothing
    assert ANONYMOUS.scope.districts == frozenset() and not ANONYMOUS.may(Action.VIEW)


def test_ac002_one_table_decides_what_each_role_may_do() -> None:
    officer = Actor("o", Role.DISTRICT_OFFICER, frozenset({SYLHET}))
    assert permission_allowed(officer, Action.IMPORT, SYLHET)
    assert not permission_allowed(officer, Action.IMPORT, KHULNA)  # another district
    assert permission_allowed(officer, Action.VIEW, "BD60910038")  # an upazila of their district
    assert officer.may(Action.VIEW_POINTS) and not officer.may(Action.SEE_SMALL_COUNTS)
    assert Actor("a", Role.HQ_ANALYST).may(Action.VIEW_POINTS)
    assert not Actor("v", Role.VIEWER, frozenset({SYLHET})).may(Action.EXPORT_ROWS)
    assert GRANTS[Role.HQ_ADMIN] == frozenset(Action)


def test_ac003_there_is_no_actor_outside_a_request() -> None:
    with pytest.raises(RuntimeError, match=r"^there is no actor outside a request$"):
        current_actor()


def test_ac004_signed_out_is_nobody_whatever_the_role_says() -> None:
    ghost = Actor("h", Role.HQ_ADMIN, frozenset({SYLHET}), authenticated=False)
    assert not ghost.is_hq
    assert ghost.scope == Scope(frozenset())
    assert not any(ghost.may(action) for action in Action)
    assert not permission_allowed(ghost, Action.VIEW, SYLHET)
    assert Actor("h", Role.HQ_ADMIN).is_hq and Actor("a", Role.HQ_ANALYST).is_hq
    assert not Actor("o", Role.DISTRICT_OFFICER, frozenset({SYLHET})).is_hq


def test_ac005_a_grant_and_the_area_must_both_allow() -> None:
    member = Actor("m", Role.DCC_MEMBER, frozenset({SYLHET}))
    assert member.may(Action.EDIT_DCC) and member.may(Action.EDIT_DCC, SYLHET)
    assert not member.may(Action.EDIT_DCC, KHULNA)  # granted, but not there
    assert not member.may(Action.IMPORT, SYLHET) and not member.may(Action.IMPORT)  # there, but not granted
    assert permission_allowed(Actor("h", Role.HQ_ADMIN), Action.UNDO_IMPORT, KHULNA)  # HQ: anywhere
    viewer = Actor("v", Role.VIEWER)  # no district: aggregates for the whole country
    assert viewer.may(Action.VIEW, KHULNA) and not viewer.may(Action.VIEW_POINTS, KHULNA)


def test_ac006_the_actor_is_built_once_per_request(monkeypatch: pytest.MonkeyPatch) -> None:
    from flask import Flask

    import dashboard.core.access

    built: list[Actor] = []

    def build() -> Actor:
        built.append(Actor(f"o{len(built)}", Role.DISTRICT_OFFICER, frozenset({SYLHET})))
        return built[-1]

    monkeypatch.setattr(dashboard.core.access, "actor_from_request", build)
    app = Flask(__name__)
    with app.test_request_context("/"):
        first = current_actor()
        assert current_actor() is first and first.name == "o0"
    with app.test_request_context("/"):
        assert current_actor().name == "o1"
    assert len(built) == 2
