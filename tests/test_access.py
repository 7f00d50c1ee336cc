"""Permissions are decided in one place, from the actor."""

from __future__ import annotations

import pytest

from dashboard.access import ANONYMOUS, GRANTS, Action, Actor, Role, current_actor, permission_allowed
from dashboard.scope import Scope

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
    with pytest.raises(RuntimeError):
        current_actor()
