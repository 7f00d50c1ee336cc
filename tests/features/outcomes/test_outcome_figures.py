"""The cohort curves' figure, written as JSON without going through Plotly's objects."""

from __future__ import annotations

from collections import namedtuple

import plotly.graph_objects as go
import pytest

from dashboard.core.privacy import Hidden
from dashboard.features.outcomes.figures import cohort_figure

Point = namedtuple("Point", "cohort round_months mean people")

POINTS = [Point((2018, 2), 6, 0.5, 6), Point((2018, 2), 12, 0.625, 6), Point((2018, 4), 12, 0.7, 12),
          Point((2019, 1), 12, Hidden(5), 3)]


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_of001_the_curves_are_what_plotly_itself_makes_of_them(lang: str) -> None:
    figure = cohort_figure(POINTS, "Composite <score>", lang)
    # Plotly's own validation takes every property as given and adds nothing (its defaults,
    # the template, are already there): the browser draws what go.Figure would have sent.
    assert go.Figure(figure).to_plotly_json() == figure
    # One line per quarter with a shown mean; the hidden quarter has none.
    assert [trace["type"] for trace in figure["data"]] == ["scatter", "scatter"]
    first, second = figure["data"]
    assert (first["x"], first["y"], second["x"], second["y"]) == ([6, 12], [0.5, 0.625], [12], [0.7])
    assert first["mode"] == "lines+markers" and "hoverinfo" not in first  # points on the lines, the hover ours
    assert "&lt;score&gt;" in first["hovertemplate"]  # the title is escaped in the hover
    assert figure["layout"]["yaxis"]["title"]["text"] == "Composite <score>"
    assert figure["layout"]["xaxis"]["tickvals"] == [6, 12]


def test_of002_english_and_bangla_numbers_in_the_hover_and_ticks() -> None:
    english, bangla = cohort_figure(POINTS, "Composite", "en"), cohort_figure(POINTS, "Composite", "bn")
    assert english["data"][1]["customdata"] == [["12", "0.70", "12"]]
    assert bangla["data"][1]["customdata"] == [["১২", "০.৭০", "১২"]]
    assert bangla["layout"]["xaxis"]["ticktext"] == ["৬", "১২"]
    assert english["data"][0]["name"] != bangla["data"][0]["name"]


def test_of003_nothing_to_draw_says_why() -> None:
    none, hidden = cohort_figure([], "Composite", "en"), cohort_figure(POINTS[3:], "Composite", "en")
    assert none["data"] == [] and hidden["data"] == []  # a message instead of empty axes
    said = (none["layout"]["annotations"][0]["text"], hidden["layout"]["annotations"][0]["text"])
    assert all(said) and said[0] != said[1]  # "no scores" is not "all hidden"
