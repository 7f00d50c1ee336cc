"""Where the map opens for each role, what a district user is offered, and what the map says
when it hides rather than lacks a value (issue 27). Data from ``tests.known_data``: five
returnees in Golapganj (Sylhet), four in Dumuria (Khulna); every other upazila has none."""

from __future__ import annotations

from typing import Any

import pytest

from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.core.access import Actor, Role
from dashboard.core.metrics import Metric
from dashboard.core.privacy import Hidden
from dashboard.features.map import component, kpi_cards
from dashboard.features.map.data import layer_drawing, map_values, upazila_detail
from dashboard.features.map.state import ViewState, current_state
from geodata import Level, admin_areas, areas_at
from tests import known_data as known
from tests.factories import GOLAPGANJ, KHULNA, SYLHET
from tests.map_traces import AREA_TYPES

MEMBER = Actor("member", Role.DCC_MEMBER, frozenset({SYLHET}))
OFFICER = Actor("officer", Role.DISTRICT_OFFICER, frozenset({SYLHET}))
TWO_DISTRICTS = Actor("viewer", Role.VIEWER, frozenset({SYLHET, KHULNA}))
HQ = Actor("hq", Role.HQ_ANALYST)
NATIONAL_VIEWER = Actor("viewer", Role.VIEWER)


@pytest.fixture
def app(known_settings: Settings) -> Any:
    return create_app(known_settings)


@pytest.mark.parametrize(("actor", "home"), [(MEMBER, SYLHET), (OFFICER, SYLHET), (TWO_DISTRICTS, KHULNA),
                                             (HQ, None), (NATIONAL_VIEWER, None)])
def test_ml001_each_role_opens_on_its_own_district_headquarters_on_the_country(
        as_actor: Any, actor: Actor, home: str | None) -> None:
    as_actor(actor)
    assert current_state("").district == home  # the first of several: Khulna's P-code sorts first
    assert current_state(None).upazila is None
    # A district or upazila in the link is kept, and so is a name not understood.
    assert current_state(f"?district={SYLHET}&upazila={GOLAPGANJ}").upazila == GOLAPGANJ
    assert current_state("?district=Sylhett").not_understood == ("Sylhett",)
    # Going up from the home district (or clearing the picker) leads home again, not to the country.
    assert current_state("").up().at_home(actor.home_district).district == home


def test_ml002_a_district_user_s_heading_cards_and_title_name_the_district(as_actor: Any) -> None:
    sylhet = admin_areas()[SYLHET]
    for lang in ("en", "bn"):
        as_actor(MEMBER)
        _cards, heading, _period = kpi_cards.render("", lang)
        assert sylhet.name(lang) in heading
        assert heading != kpi_cards.heading(None, lang)  # not "Programme at a glance"
        as_actor(MEMBER)
        drawn = component.render("", lang)
        title, breadcrumb, figure = drawn[4], drawn[2], drawn[0]
        assert sylhet.name(lang) in title
        # The map is Sylhet's upazilas, and the trail starts at Sylhet, not at the country.
        located = {p for trace in figure["data"] if trace["type"] in AREA_TYPES for p in trace["locations"]}
        assert located == {a.pcode for a in areas_at(Level.UPAZILA, SYLHET)}
        assert [item.children for item in breadcrumb] == [sylhet.name(lang)]
        as_actor(HQ)
        _cards, heading, _period = kpi_cards.render("", lang)
        assert heading == kpi_cards.heading(None, lang)
        as_actor(HQ)
        assert component.render("", lang)[2][0].children == component.t("map.national", lang)


def test_ml003_the_picker_offers_a_district_user_their_districts_only(as_actor: Any) -> None:
    def districts(actor: Actor) -> set[str]:
        as_actor(actor)
        picked = {o["value"] for o in component.area_options("en")}
        assert all(p[:6] in {d[:6] for d in picked if len(d) == 6} for p in picked)  # upazilas of those only
        return {p for p in picked if admin_areas()[p].level == Level.DISTRICT}

    assert districts(MEMBER) == {SYLHET}
    assert districts(TWO_DISTRICTS) == {SYLHET, KHULNA}
    assert len(districts(HQ)) == len(areas_at(Level.DISTRICT))


def test_ml004_a_share_on_a_published_zero_is_hidden_not_missing(as_actor: Any) -> None:
    """Below headquarters a published 0 covers none to four people: the share is hidden (drawn and
    listed as "Hidden"), never "No data"; headquarters, who sees exact counts, gets "No data"."""
    empty = {a.pcode for a in areas_at(Level.UPAZILA, SYLHET)} - {GOLAPGANJ}  # no returnee in known_data
    state = ViewState(district=SYLHET, metric=Metric.PLAN_SHARE)
    as_actor(MEMBER)
    values = map_values(state)
    assert {values[p] for p in empty} == {Hidden(5)}
    as_actor(MEMBER)
    figure = component.render(f"?district={SYLHET}&metric=plan_share", "en")
    legend_text = str(figure[1])
    assert "Hidden (fewer than 5 returnees)" in legend_text and "No data" not in legend_text
    as_actor(HQ)
    assert {map_values(state)[p] for p in empty} == {None}
    as_actor(MEMBER)
    detail = upazila_detail(ViewState(district=SYLHET, upazila=next(iter(sorted(empty)))))
    assert detail is not None and detail.plan_share == Hidden(5)


def test_ml005_grid_cells_all_under_the_threshold_say_so(as_actor: Any) -> None:
    """Sylhet's three women live in one grid cell: too few to show below headquarters. The map
    says that no cell is large enough, not that there are no returnees."""
    women = ViewState.from_search(f"?district={SYLHET}&points=1&sex=female")
    for lang, words in (("en", "No 2 km grid cell in Sylhet"), ("bn", "কোনো ২ কিমি গ্রিড ঘরে ৫ বা তার বেশি")):
        as_actor(OFFICER)
        drawn = layer_drawing(women, lang)
        assert drawn.empty == ["returnees.cells"]
        notes = component.messages(map_values(women), drawn.empty, women, lang)
        assert any(words in note for note in notes), notes
        assert not any(note.startswith("No returnees to show") for note in notes)
    as_actor(HQ)  # headquarters sees the cell of three
    assert layer_drawing(women, "en").empty == []
    assert 0 < known.SYLHET_WOMEN < 5


@pytest.mark.parametrize("actor", [MEMBER, HQ])
def test_ml006_the_panel_gives_an_upazila_the_figures_its_area_has_on_the_map(as_actor: Any, actor: Actor) -> None:
    """The detail panel reads one upazila's cells, the map its district's: the same rows, so
    the same published figures for Golapganj (below headquarters, the same perturbed cells),
    and headquarters sees the returnees the test wrote there."""
    state = ViewState(district=SYLHET, upazila=GOLAPGANJ)
    as_actor(actor)
    detail = upazila_detail(state)
    assert detail is not None
    on_map = {metric: map_values(ViewState(district=SYLHET, metric=metric))[GOLAPGANJ]
              for metric in (Metric.RETURNEES, Metric.PLAN_SHARE, Metric.UNMET_NEED_SHARE)}
    assert (detail.plan_share, detail.unmet_share) == (on_map[Metric.PLAN_SHARE], on_map[Metric.UNMET_NEED_SHARE])
    assert detail.figures["returnees_profiled"] == on_map[Metric.RETURNEES]
    if actor is HQ:
        assert on_map[Metric.RETURNEES] == known.GOLAPGANJ_RETURNEES
