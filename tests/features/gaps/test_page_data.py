"""What the gap page and the CLI get: the analysis for the actor, with privacy applied."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import event

from dashboard.app import create_app
from dashboard.cli import main as cli
from dashboard.config import load_settings
from dashboard.core.access import Actor, Role
from dashboard.core.guard import NotPermitted
from dashboard.features.gaps.data import fair_effects, follow_up_list, gap_analysis
from dashboard.runtime import runtime
from tests import factories as f
from tests.features.gaps import scene

HQ = Actor("hq", Role.HQ_ANALYST)
OFFICER = Actor("officer", Role.DISTRICT_OFFICER, frozenset({f.SYLHET}))
MEMBER = Actor("member", Role.DCC_MEMBER, frozenset({f.SYLHET}))


@pytest.fixture(scope="module")
def url(new_sqlite: Any) -> str:
    with new_sqlite("gaps") as (url, session):
        scene.load(session)
    return url


@pytest.fixture(scope="module")
def app(url: str) -> Any:
    return create_app(load_settings({}, database_url=url, cache_type="SimpleCache", suppression_threshold=3))



def _golapganj(result: Any) -> Any:
    return result.by_upazila.set_index("pcode").loc[f.GOLAPGANJ]


def test_gd001_radius_decides_who_is_reached(as_actor: Any) -> None:
    as_actor(HQ)
    # 20.2 km from the two with a location, 19.6 km from Golapganj's centre (the third).
    assert [gap_analysis(f.SYLHET, scene.LEGAL, km).unreached for km in (10, 20, 21)] == [3, 2, 0]
    result = gap_analysis(f.SYLHET, scene.LEGAL, 10)
    assert (result.in_need, result.placed_at_centroid) == (scene.IN_NEED_OF_LEGAL, 1)
    row = _golapganj(result)
    assert (row.in_need, row.unreached, row.providers) == (3, 3, 0)
    assert row.median_km == pytest.approx(20.233, abs=0.01)


def test_gd002_below_hq_small_counts_are_perturbed_and_border_providers_unnamed(as_actor: Any) -> None:
    as_actor(OFFICER)
    result = gap_analysis(f.SYLHET, scene.LEGAL, 20)  # 2 unreached: under the threshold of 3
    # Published cells (dashboard.core.disclosure): 3 people publish 3; 2 publish 0 or 3, never 2.
    assert result.in_need == 3 and result.unreached in (0, 3)
    assert _golapganj(result).unreached in (0, 3)
    assert list(result.providers["name"]) == [None]  # counted for distance, not named
    as_actor(HQ)
    assert list(gap_analysis(f.SYLHET, scene.LEGAL, 20).providers["name"]) == [scene.BORDER_PROVIDER]


@pytest.mark.parametrize("actor", [HQ, OFFICER], ids=["hq", "officer"])
def test_gd008_without_sites_the_same_figures_and_no_suggestion(as_actor: Any, actor: Actor) -> None:
    """The brief and the exports ask for no suggested sites: every figure they do show is the
    page's, and no site is picked."""
    as_actor(actor)
    runtime().cache.clear()  # nothing read by an earlier test
    statements: list[str] = []

    def seen(_connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(runtime().database.engine, "before_cursor_execute", seen)
    try:
        brief = gap_analysis(f.SYLHET, scene.LEGAL, 10, cells=False, sites=False)
    finally:
        event.remove(runtime().database.engine, "before_cursor_execute", seen)
    # No candidate site is read: no past fair venue (a fifth of the gap table's export).
    assert statements and not [s for s in statements if "migration_fairs" in s]
    page = gap_analysis(f.SYLHET, scene.LEGAL, 10, cells=False)
    assert len(page.suggestions) > 0  # the scene has somewhere to suggest at 10 km
    assert brief.suggestions.empty and list(brief.suggestions.columns) == list(page.suggestions.columns)
    assert (brief.in_need, brief.unreached, brief.placed_at_centroid, brief.unlocated) == \
        (page.in_need, page.unreached, page.placed_at_centroid, page.unlocated)
    assert brief.by_upazila.equals(page.by_upazila)


def test_gd003_another_district_is_refused_on_the_server(as_actor: Any) -> None:
    as_actor(OFFICER)
    for ask in (lambda: gap_analysis(f.KHULNA, scene.LEGAL, 10), lambda: fair_effects(f.KHULNA, 10),
                lambda: follow_up_list(f.KHULNA, scene.LEGAL, 10)):
        with pytest.raises(NotPermitted):
            ask()


def test_gd004_follow_up_codes_only_for_row_level_roles(as_actor: Any) -> None:
    as_actor(MEMBER)
    with pytest.raises(NotPermitted):
        follow_up_list(f.SYLHET, scene.LEGAL, 10)
    as_actor(OFFICER)
    assert list(follow_up_list(f.SYLHET, scene.LEGAL, 10)["returnee_code"]) == list(scene.CODES_IN_NEED)
    # Below headquarters 20 km draws the list at the band edge below it (10 km), and says so.
    at_20 = follow_up_list(f.SYLHET, scene.LEGAL, 20)
    assert list(at_20["returnee_code"]) == list(scene.CODES_IN_NEED) and at_20.attrs["radius_km"] == 10
    as_actor(HQ)
    assert list(follow_up_list(f.SYLHET, scene.LEGAL, 20)["returnee_code"]) == list(scene.CODES_IN_NEED[:2])


def test_gd005_fair_before_and_after(as_actor: Any) -> None:
    as_actor(HQ)
    effect = fair_effects(f.SYLHET, 10).iloc[0]
    # Everyone in the scene was profiled on 1 June 2018, 19 days before the Golapganj fair;
    # the referrals (1 July) fall 11 days after it.
    assert (effect.profiled_before, effect.profiled_after) == (5, 0)
    assert (effect.referrals_before, effect.referrals_after) == (0, 2)


def test_gd006_cli_prints_the_documented_json(url: str, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", url)
    cli(["gaps", "--district", "Sylhet", "--service", "legal_support", "--radius-km", "20", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"district", "service", "radius_km", "in_need", "unreached", "placed_at_centroid",
                           "by_upazila", "suggestions"}
    assert (report["district"], report["in_need"], report["unreached"], report["placed_at_centroid"]) == (
        f.SYLHET, 3, 2, 1)
    golapganj = next(r for r in report["by_upazila"] if r["pcode"] == f.GOLAPGANJ)
    assert golapganj == {"pcode": f.GOLAPGANJ, "in_need": 3, "unreached": 2, "providers": 0, "median_km": 20.23}
    # The two unreached live together: any site within 20 km of them brings both in reach,
    # and nobody is left for a second pick.
    assert [s["newly_reached"] for s in report["suggestions"]] == [2]


def test_gd007_cli_refuses_a_bad_radius_or_place(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", url)
    for argv in (["--radius-km", "-3"], ["--radius-km", "inf"], ["--district", "Atlantis"]):
        args = ["gaps", "--district", "Sylhet", "--service", "legal_support", *argv]
        with pytest.raises(SystemExit) as stop:
            cli(args)
        assert stop.value.code != 0


