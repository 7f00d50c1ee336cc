"""The gap finder's page: a suggested site the user clicks is marked on the map and in the list;
with no district there is a sentence where the map would be, not empty axes."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import pytest

from dashboard.app import create_app
from dashboard.config import load_settings
from dashboard.core.access import Actor, Role
from dashboard.features.gaps import component
from dashboard.features.gaps.data import gap_analysis
from dashboard.features.gaps.figures import gap_map
from dashboard.figures.legend import legend_sections
from tests import factories as f
from tests.features.gaps import scene

HQ = Actor("hq", Role.HQ_ANALYST)


@pytest.fixture(scope="module")
def app(new_sqlite: Any) -> Any:
    with new_sqlite("gaps-page") as (url, session):
        scene.load(session)
    return create_app(load_settings({}, database_url=url, cache_type="SimpleCache"))


def _marked(items: list[Any]) -> list[Any]:
    """The ids of the site buttons whose list item is marked current (and the button active)."""
    return [item.children.id for item in items
            if getattr(item, "aria-current", None) == "true" and item.children.active]


def test_gp001_the_chosen_site_is_marked_on_the_map_and_in_the_list(as_actor: Any) -> None:
    as_actor(HQ)
    result = gap_analysis(f.SYLHET, scene.LEGAL, 10)
    assert len(result.suggestions) >= 1
    site = result.suggestions.iloc[0]
    focus = (float(site["lat"]), float(site["lon"]))
    figure = gap_map(result.by_upazila, result.providers, result.unreached_cells, result.suggestions, f.SYLHET, 10,
                     False, "en", focus)
    marks = [trace for trace in figure.data if trace.name == "Chosen site"]
    assert len(marks) == 1 and (marks[0].lat[0], marks[0].lon[0]) == focus
    assert "Chosen site" in [item.label for section in legend_sections(figure) for item in section.items]
    # Without a choice, nothing is marked.
    plain = gap_map(result.by_upazila, result.providers, result.unreached_cells, result.suggestions, f.SYLHET, 10,
                    False, "en")
    assert not [trace for trace in plain.data if trace.name == "Chosen site"]
    listed = component._sites(result.suggestions, f.SYLHET, "en", focus)
    assert _marked(listed) == [component.site_id(0)]
    assert "Chosen site" in str(listed[0].children.children)
    assert _marked(component._sites(result.suggestions, f.SYLHET, "en")) == []


def test_gp002_no_district_a_sentence_instead_of_empty_axes(app: Any, as_actor: Any) -> None:
    as_actor(HQ)  # headquarters has no district of its own: the page opens with none chosen
    figure, *_rest = component.render("", None, "en")
    assert figure["data"] == [] and figure["layout"]["xaxis"]["visible"] is False
    assert figure["layout"]["annotations"][0]["text"] == "Choose a district to see its service gaps."


def test_gp003_the_map_built_without_validation_is_a_valid_figure(as_actor: Any) -> None:
    """The map's traces and layout skip Plotly's validation (issue 33); validated strictly here,
    every layer on (rings, providers, cells, a chosen site, suggestions), a malformed property fails."""
    as_actor(HQ)
    result = gap_analysis(f.SYLHET, scene.LEGAL, 10)
    site = result.suggestions.iloc[0]
    figure = gap_map(result.by_upazila, result.providers, result.unreached_cells, result.suggestions, f.SYLHET, 10,
                     True, "bn", (float(site["lat"]), float(site["lon"])))
    drawn = figure.to_plotly_json()
    checked = go.Figure(drawn).to_plotly_json()  # raises on any property Plotly does not know
    assert checked["data"] == drawn["data"] and len(drawn["data"]) >= 5
    assert checked["layout"] == drawn["layout"]  # the layout, written as a dict, too
    with pytest.raises(ValueError):
        go.Figure({"data": [{**drawn["data"][-1], "marker": {"sise": 3}}]})
