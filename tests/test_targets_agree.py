"""One rule for targets (dashboard.core.targets): the map's cards, the comparison ranking, the
district brief and the API set the same figure against the same target for the same period,
or all say it is not compared; below headquarters all of them compare the published count.

Every expected number comes from the rows below (counted by hand), the published count from
``core.disclosure.publish`` of those rows' own record keys.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from dashboard.app import create_app
from dashboard.commands.accounts import create_token, create_user
from dashboard.config import load_settings
from dashboard.core.access import Actor, Role
from dashboard.core.disclosure import publish
from dashboard.core.filters import Filters
from dashboard.features.brief.data import district_brief
from dashboard.features.compare.component import ranking_frame
from dashboard.features.map.kpi_cards import kpi_id, render
from dashboard.models import Target
from tests import factories as f
from tests.known_data import PASSWORD

THRESHOLD = 5
HQ = Actor("hq", Role.HQ_ANALYST)
OFFICER = Actor("officer", Role.DISTRICT_OFFICER, frozenset({f.SYLHET}))
YEAR_2019 = Filters(start=date(2019, 1, 1), end=date(2019, 12, 31))
Q1_2019 = Filters(start=date(2019, 1, 1), end=date(2019, 3, 31))
# Sylhet's returnees: 3 profiled in June 2018, 5 in February 2019 and 7 in August 2019 (4 of the
# 2019 ones women); one migration fair in February 2019; a committee formed in May 2018.
IN_2018, FEB_2019, AUG_2019, WOMEN_2019 = 3, 5, 7, 4
# Sylhet's targets: returnees 10 for 2018, 20 for 2019, 5 for 2020; 4 fairs for 2019; one
# committee by the programme's end. The national target for 2019 must not leak into Sylhet's.
TARGETS = [("returnees_profiled", f.SYLHET, 10, date(2018, 12, 31)),
           ("returnees_profiled", f.SYLHET, 20, date(2019, 12, 31)),
           ("returnees_profiled", f.SYLHET, 5, date(2020, 4, 30)),
           ("migration_fairs", f.SYLHET, 4, date(2019, 12, 31)),
           ("dccs_formed", f.SYLHET, 1, date(2020, 4, 30)),
           ("returnees_profiled", "BD", 300, date(2019, 12, 31))]
KEYS: dict[str, int] = {}  # the sum of the record keys of Sylhet's 2019 returnees
TOKENS: dict[str, str] = {}


@pytest.fixture(scope="module")
def app(new_sqlite: Any) -> Any:
    with new_sqlite("targets") as (url, session):
        for _ in range(IN_2018):
            f.returnee(session, upazila=f.GOLAPGANJ)
        people = [f.returnee(session, upazila=f.GOLAPGANJ, profiled_on=date(2019, 2, 10),
                             sex="female" if i < WOMEN_2019 else "male") for i in range(FEB_2019)]
        people += [f.returnee(session, upazila=f.GOLAPGANJ, profiled_on=date(2019, 8, 20)) for _ in range(AUG_2019)]
        KEYS["2019"] = sum(p.record_key for p in people)
        KEYS["q1"] = sum(p.record_key for p in people[:FEB_2019])
        f.fair(session, upazila=f.GOLAPGANJ, held_on=date(2019, 2, 1))
        f.dcc(session, district=f.SYLHET, formed_on=date(2018, 5, 1))
        session.add_all(Target(indicator=i, area_pcode=a, value=v, due_on=d) for i, a, v, d in TARGETS)
        for name, role, districts in (("hq", "hq_analyst", []), ("officer", "district_officer", [f.SYLHET])):
            create_user(session, name, role, districts, PASSWORD)
        session.flush()
        TOKENS.update({name: create_token(session, name) for name in ("hq", "officer")})
    return create_app(load_settings({}, database_url=url, cache_type="SimpleCache",
                                    suppression_threshold=THRESHOLD))


def _texts(node: Any) -> list[str]:
    if isinstance(node, str | int | float):
        return [str(node)]
    if isinstance(node, list | tuple):
        return [text for child in node for text in _texts(child)]
    return _texts(getattr(node, "children", None) or [])


def _find(node: Any, wanted: str) -> Any:
    """The card body holding the value with id ``wanted``."""
    children = getattr(node, "children", None) if not isinstance(node, list | tuple) else node
    if isinstance(children, list | tuple):
        if any(getattr(c, "id", None) == wanted for c in children):
            return node
        for child in children:
            found = _find(child, wanted)
            if found is not None:
                return found
    elif children is not None and not isinstance(children, str | int | float):
        return _find(children, wanted)
    return None


def _card(filters: Filters, key: str) -> tuple[str, str]:
    """(value, the rest of the card) as the map's card for Sylhet shows it."""
    query = "&".join(f"{k}={v}" for k, v in sorted(filters.to_query().items()))
    cards, _heading, _period = render(f"?district={f.SYLHET}&{query}", "en")
    body = _find(cards, kpi_id(key))
    value = next(c for c in body.children if getattr(c, "id", None) == kpi_id(key))
    return str(value.children), " ".join(_texts(body.children))


def _ranked(filters: Filters, key: str) -> dict[str, Any]:
    frame = ranking_frame(filters, key, "en")
    return frame[frame["id"] == f.SYLHET].iloc[0].to_dict()


def _briefed(filters: Filters, key: str, lang: str = "en") -> Any:
    return next(r for r in district_brief(f.SYLHET, filters, lang).figures if r.key == key)


def _api(app: Any, who: str, filters: Filters) -> dict[str, Any]:
    query = f"from={filters.start}&until={filters.end}" if filters.start else ""
    response = app.server.test_client().get(f"/api/v1/areas/{f.SYLHET}/summary?{query}",
                                             headers={"Authorization": f"Bearer {TOKENS[who]}"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


@pytest.mark.parametrize(("key", "value", "target"), [
    ("returnees_profiled", FEB_2019 + AUG_2019, 20),  # 12 of the year's 20: 60%
    ("migration_fairs", 1, 4),  # 1 of 4: 25%
])
def test_ta001_a_programme_year_is_compared_with_its_own_target_everywhere(app: Any, as_actor: Any, key: str,
                                                                             value: int, target: int) -> None:
    percent = 100 * value // target
    as_actor(HQ)
    shown, card = _card(YEAR_2019, key)
    assert shown == str(value) and f"Target {target}" in card and f"{percent}% of target" in card
    as_actor(HQ)
    row = _ranked(YEAR_2019, key)
    assert (row["value"], row["target"], row["progress"], row["status"]) == (value, target, percent, "Behind target")
    as_actor(HQ)
    line = _briefed(YEAR_2019, key)
    assert (line.value, line.target, line.not_compared) == (value, target, False)
    body = _api(app, "hq", YEAR_2019)
    assert body[key] == value and body["targets"][key] == {"status": "compared", "target": target}


def test_ta002_a_quarter_is_not_compared_anywhere_and_says_why(app: Any, as_actor: Any) -> None:
    as_actor(HQ)
    shown, card = _card(Q1_2019, "returnees_profiled")
    assert shown == str(FEB_2019) and "Target not compared" in card and "part of one" in card
    assert "of target" not in card
    as_actor(HQ)
    row = _ranked(Q1_2019, "returnees_profiled")
    assert (row["value"], row["target"], row["progress"]) == (FEB_2019, None, None)
    assert row["status"] == "Not compared: part of a programme year"
    as_actor(HQ)
    line = _briefed(Q1_2019, "returnees_profiled")
    assert (line.value, line.target, line.not_compared) == (FEB_2019, None, True)
    body = _api(app, "hq", Q1_2019)
    assert body["targets"]["returnees_profiled"] == {"status": "part_year", "target": None}


def test_ta003_committees_and_the_whole_programme(app: Any, as_actor: Any) -> None:
    # No committee target falls due in 2019: nothing to compare and nothing said (not "not compared").
    as_actor(HQ)
    _shown, card = _card(YEAR_2019, "dccs_formed")
    assert "Target" not in card
    as_actor(HQ)
    assert _ranked(YEAR_2019, "dccs_formed")["status"] == "No target"
    assert _api(app, "hq", YEAR_2019)["targets"]["dccs_formed"] == {"status": "none", "target": None}
    # The whole programme: every year's target (10 + 20 + 5), and the committee by the end.
    whole = Filters()
    everyone = IN_2018 + FEB_2019 + AUG_2019
    as_actor(HQ)
    assert _card(whole, "returnees_profiled")[1].count("Target 35") == 1
    as_actor(HQ)
    assert _ranked(whole, "returnees_profiled")["target"] == 35
    as_actor(HQ)
    assert _briefed(whole, "dccs_formed").target == 1 and _briefed(whole, "returnees_profiled").value == everyone
    body = _api(app, "hq", whole)
    assert body["targets"]["returnees_profiled"] == {"status": "compared", "target": 35}
    assert body["targets"]["dccs_formed"] == {"status": "compared", "target": 1}


def test_ta004_a_filter_on_people_stops_the_returnee_target_not_the_fairs(as_actor: Any) -> None:
    women = YEAR_2019.replace(sex=("female",))
    as_actor(HQ)
    shown, card = _card(women, "returnees_profiled")
    assert shown == str(WOMEN_2019) and "a filter on who they are is set" in card
    as_actor(HQ)
    assert "Target 4" in _card(women, "migration_fairs")[1]
    as_actor(HQ)
    assert _ranked(women, "returnees_profiled")["status"] == "Not compared: a filter on people is set"
    as_actor(HQ)
    assert _ranked(women, "migration_fairs")["target"] == 4
    as_actor(HQ)
    assert _briefed(women, "returnees_profiled").not_compared


def test_ta005_below_headquarters_every_view_compares_the_published_count(app: Any, as_actor: Any) -> None:
    published = int(publish(FEB_2019 + AUG_2019, KEYS["2019"], THRESHOLD))
    percent = round(100 * published / 20)
    as_actor(OFFICER)
    shown, card = _card(YEAR_2019, "returnees_profiled")
    assert shown == str(published) and f"{percent}% of target" in card and "Target 20" in card
    as_actor(OFFICER)
    row = _ranked(YEAR_2019, "returnees_profiled")
    assert (row["value"], row["target"], row["progress"]) == (published, 20, percent)
    as_actor(OFFICER)
    line = _briefed(YEAR_2019, "returnees_profiled")
    assert (line.value, line.target) == (published, 20)
    body = _api(app, "officer", YEAR_2019)
    assert body["returnees_profiled"] == published
    assert body["targets"]["returnees_profiled"] == {"status": "compared", "target": 20}
    # A day-precise quarter is counted in whole months below headquarters: still part of a year.
    as_actor(OFFICER)
    assert "Target not compared" in _card(Q1_2019.replace(end=date(2019, 3, 20)), "returnees_profiled")[1]
