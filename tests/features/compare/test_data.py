"""The comparison page's data for each role: what headquarters see, what a district
officer sees (own district, anonymous peers), and who may set targets."""

from __future__ import annotations

from typing import Any

import pytest
from flask import g
from sqlalchemy import select

from dashboard.app import create_app
from dashboard.config import load_settings
from dashboard.core.access import Actor, Role
from dashboard.core.disclosure import publish
from dashboard.core.filters import Filters
from dashboard.core.guard import NotPermitted
from dashboard.core.privacy import is_hidden
from dashboard.core.scope import Scope
from dashboard.db import Database
from dashboard.features.compare.data import peer_comparison, ranking, series, set_target, targets_of
from dashboard.features.compare.queries import monthly_cells
from dashboard.models import AuditEvent, Returnee
from dashboard.models.vocabulary import Service
from tests import factories as f

HQ = Actor("hq", Role.HQ_ANALYST)
ADMIN = Actor("admin", Role.HQ_ADMIN)
OFFICER = Actor("officer", Role.DISTRICT_OFFICER, frozenset({f.SYLHET}))
JESSORE = "BD4041"


@pytest.fixture(scope="module")
def app(new_sqlite: Any) -> Any:
    with new_sqlite("compare") as (url, session):
        # Sylhet: 4 profiled, 2 with a plan; Khulna: 10 profiled, 5 with a plan. Both have a DCC.
        for i in range(4):
            f.returnee(session, upazila=f.GOLAPGANJ, plan_date=f.date(2018, 7, 1) if i < 2 else None)
        for i in range(10):
            f.returnee(session, upazila=f.DUMURIA, plan_date=f.date(2018, 7, 1) if i < 5 else None)
        f.dcc(session, district=f.SYLHET)
        f.dcc(session, district=f.KHULNA)
        f.target(session, "returnees_profiled", f.SYLHET, 8)
        f.target(session, "returnees_profiled", "BD", 20)
    return create_app(load_settings({}, database_url=url, cache_type="SimpleCache", suppression_threshold=5))



def _row(rows: list[Any], pcode: str) -> Any:
    return next(r for r in rows if r.pcode == pcode)


def test_cd001_headquarters_rank_every_district_with_rates_and_progress(as_actor: Any) -> None:
    as_actor(HQ)
    rows = ranking(Filters())
    assert len(rows) == 64
    sylhet = _row(rows, f.SYLHET)
    assert sylhet.figures["returnees_profiled"] == 4 and sylhet.rates["plans_per_100"] == 50.0
    assert sylhet.targets["returnees_profiled"].target == 8 and sylhet.progress["returnees_profiled"] == 50.0
    assert sylhet.trends is None  # an open period has no previous period
    year = ranking(Filters(start=f.date(2018, 1, 1), end=f.date(2018, 12, 31)))
    assert _row(year, f.KHULNA).trends["returnees_profiled"].change == 10  # all profiled in June 2018


def test_cd002_a_district_officer_sees_only_their_district_with_small_counts_perturbed(as_actor: Any) -> None:
    as_actor(OFFICER)
    rows = ranking(Filters())
    assert [r.pcode for r in rows] == [f.SYLHET]
    profiled = rows[0].figures["returnees_profiled"]
    assert profiled in (0, 5)  # Sylhet's 4 people: never shown as 4
    # The rate rests on the published count: hidden on 0 people, else from 5 (never 4).
    plans = rows[0].rates["plans_per_100"]
    assert plans is None if profiled == 0 else not is_hidden(plans) and plans * 5 % 100 == 0
    # Progress against the target of 8 is from the published count too, to a whole percent.
    assert rows[0].progress["returnees_profiled"] == round(100 * profiled / 8)


def test_cd003_peers_are_anonymous_and_other_districts_refused(as_actor: Any) -> None:
    as_actor(HQ)
    khulna = peer_comparison(f.KHULNA, Filters())
    # Khulna's only DCC peer is Sylhet (50 plans per 100): median and best are Sylhet's.
    plans = khulna.standings["plans_per_100"]
    assert (khulna.peer_group, plans.value, plans.median, plans.best, plans.peers) == ("dcc", 50.0, 50.0, 50.0, 1)
    as_actor(OFFICER)
    for ask in (lambda: peer_comparison(f.KHULNA, Filters()), lambda: series("returnees_profiled", (f.KHULNA,),
                                                                                 Filters())):
        with pytest.raises(NotPermitted):
            ask()


def test_cd004_only_an_administrator_sets_targets_and_each_change_is_audited(as_actor: Any, app: Any) -> None:
    as_actor(OFFICER)
    with pytest.raises(NotPermitted):
        set_target(f.SYLHET, "returnees_profiled", 2019, "9")
    as_actor(ADMIN)
    assert set_target(f.SYLHET, "returnees_profiled", 2019, "-1").errors == ("targets.error.value",)
    # There is no national target for 2019 (the factory's is due at the programme's end): no warning.
    assert set_target(f.SYLHET, "returnees_profiled", 2019, "25").warnings == ()
    as_actor(ADMIN)
    assert targets_of(f.SYLHET)[("returnees_profiled", 2019)] == 25
    with app.server.app_context():
        from dashboard.runtime import runtime

        with runtime().database.session() as session:
            event = session.scalars(select(AuditEvent).where(AuditEvent.action == "set_target")).one()
    assert (event.actor, event.details["old"], event.details["new"]) == ("admin", None, 25)


def test_cd005_a_district_total_above_the_national_target_needs_confirming(as_actor: Any) -> None:
    as_actor(ADMIN)
    # The national 2020 target is 20 (due at the programme's end); Sylhet already has 8.
    check = set_target(JESSORE, "returnees_profiled", 2020, "15")
    assert check.warnings == ("targets.warning.above_national",)
    as_actor(ADMIN)
    assert ("returnees_profiled", 2020) not in targets_of(JESSORE)  # not stored until confirmed
    set_target(JESSORE, "returnees_profiled", 2020, "15", confirmed=True)
    as_actor(ADMIN)
    assert targets_of(JESSORE)[("returnees_profiled", 2020)] == 15


def test_cd006_a_crafted_save_from_a_district_officer_is_refused(fresh_known_settings: Any) -> None:
    from tests.clients import client_as
    from tests.dash_requests import post

    app = create_app(fresh_known_settings)
    client = client_as(app, "officer")
    deps = client.get("/_dash-dependencies").get_json()
    save = next(cb for cb in deps if "targets-message.children" in cb["output"])
    states = {"targets-district": f.SYLHET, "targets-indicator": "returnees_profiled", "targets-year": 2019,
              "targets-value": "99", "targets-confirm": True, "targets-changed": 0, "compare-language": "en"}
    body = {"output": save["output"],
            "outputs": [{"id": o.rpartition(".")[0], "property": o.rpartition(".")[2]}
                        for o in save["output"].strip(".").split("...")],
            "inputs": [{"id": "targets-save", "property": "n_clicks", "value": 1}],
            "state": [{"id": s["id"], "property": s["property"], "value": states[s["id"]]} for s in save["state"]],
            "changedPropIds": ["targets-save.n_clicks"]}
    answer = post(client, body).get_data(as_text=True)
    assert "Only headquarters administrators may change targets" in answer
    with app.server.test_request_context():
        g.actor = ADMIN
        assert ("returnees_profiled", 2019) not in targets_of(f.SYLHET)


def _sylhet_keys(app: Any) -> int:
    with app.server.app_context():
        from dashboard.runtime import runtime

        with runtime().database.session() as session:
            return int(sum(session.scalars(select(Returnee.record_key).where(Returnee.district_pcode == f.SYLHET))))


def test_cd007_below_hq_each_month_of_the_series_is_a_published_cell(as_actor: Any, app: Any) -> None:
    as_actor(HQ)
    assert series("returnees_profiled", (f.SYLHET,), Filters()) == {f.SYLHET: {201806: 4}}
    expected = publish(4, _sylhet_keys(app), 5)  # Sylhet's 4 people, all profiled in June 2018
    # Asked again, for a whole-month period (summaries), a day-precise one (raw tables): the same
    # people give the same number, 0 or 5, never 4; and the ranking's cell of them agrees.
    for filters in (Filters(), Filters(), Filters(start=f.date(2018, 1, 1), end=f.date(2018, 12, 31)),
                    Filters(start=f.date(2018, 5, 17), end=f.date(2018, 6, 30))):
        as_actor(OFFICER)
        values = series("returnees_profiled", (f.SYLHET,), filters)
        assert values == {f.SYLHET: {201806: expected}} and expected in (0, 5)
    as_actor(OFFICER)
    assert ranking(Filters())[0].figures["returnees_profiled"] == expected


def test_cd008_monthly_cells_carry_key_sums_of_distinct_people_on_both_backends(empty_db: Database) -> None:
    keys = (101, 202, 303)
    with empty_db.session() as session:
        people = [f.returnee(session, upazila=f.GOLAPGANJ, record_key=k) for k in keys]
        # The first person referred twice in July: one person, one key; the third in August.
        for person, day in ((people[0], f.date(2018, 7, 1)), (people[0], f.date(2018, 7, 20)),
                            (people[1], f.date(2018, 7, 5)), (people[2], f.date(2018, 8, 2))):
            f.assistance(session, person, Service.PSYCHOSOCIAL_COUNSELLING, referred_on=day, completed_on=day)
        f.awareness(session, upazila=f.GOLAPGANJ, held_on=f.date(2018, 7, 3))
        scope = Scope.national()
        for filters in (Filters(), Filters(start=f.date(2018, 5, 17), end=f.date(2018, 9, 30))):  # summaries, raw
            assert monthly_cells(session, scope, "returnees_profiled", filters, (f.SYLHET,)) == {
                f.SYLHET: {201806: (3, sum(keys))}}
            assert monthly_cells(session, scope, "psychosocial_support", filters, (f.SYLHET,)) == {
                f.SYLHET: {201807: (2, 101 + 202), 201808: (1, 303)}}
            # Events are not people of the register: no key sum.
            assert monthly_cells(session, scope, "ipt_shows", filters, (f.SYLHET,)) == {f.SYLHET: {201807: (1, 0)}}
