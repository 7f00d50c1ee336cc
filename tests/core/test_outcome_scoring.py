"""The reintegration scoring function against answers scored by hand (issue 29).

Every expected value below is worked out in the comment beside it from the scheme the test
writes, never from the code under test."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from dashboard.core.outcomes import (
    DEFAULT_DIR,
    SchemeError,
    load_scheme,
    round_months,
    score,
    score_table,
)

DIMENSIONS = "dimension,weight,label_en,label_bn\neconomic,1,Economic,\nsocial,1,Social,\npsychosocial,2,Psy,\n"
# Two economic indicators (weights 1 and 3), one social, two psychosocial (one where higher is worse).
INDICATORS = """key,dimension,weight,lowest,highest,higher_is_better,label_en,label_bn
income,economic,1,1,5,yes,Income,
food,economic,3,1,3,yes,Food,
housing,social,1,1,5,yes,Housing,
network,psychosocial,1,1,3,yes,Network,
distress,psychosocial,1,1,5,no,Distress,
"""


def _scheme(tmp_path: Path, indicators: str = INDICATORS, dimensions: str = DIMENSIONS):  # type: ignore[no-untyped-def]
    (tmp_path / "indicators.csv").write_text(indicators, encoding="utf-8")
    (tmp_path / "dimensions.csv").write_text(dimensions, encoding="utf-8")
    return load_scheme(tmp_path)


def test_os001_hand_computed_scores(tmp_path: Path) -> None:
    scheme = _scheme(tmp_path)
    scores = score({"income": 4, "food": 2, "housing": 2, "network": 3, "distress": 2}, scheme)
    # income (4-1)/4 = 0.75 (w1); food (2-1)/2 = 0.5 (w3): economic (0.75 + 1.5) / 4 = 0.5625
    assert scores.economic == 0.5625
    # housing (2-1)/4 = 0.25
    assert scores.social == 0.25
    # network (3-1)/2 = 1.0; distress 1 - (2-1)/4 = 0.75: psychosocial 0.875
    assert scores.psychosocial == 0.875
    # composite: (1 x 0.5625 + 1 x 0.25 + 2 x 0.875) / 4 = 2.5625 / 4 = 0.640625 -> 0.6406
    assert scores.composite == 0.6406


def test_os002_unanswered_questions_are_left_out_not_zero(tmp_path: Path) -> None:
    scheme = _scheme(tmp_path)
    scores = score({"income": 5, "food": None, "housing": 1, "distress": 5}, scheme)
    # economic: income alone, (5-1)/4 = 1.0 (food's weight is not counted)
    assert scores.economic == 1.0
    assert scores.social == 0.0
    # psychosocial: distress alone, 1 - 1 = 0.0
    assert scores.psychosocial == 0.0
    # composite (1 x 1 + 1 x 0 + 2 x 0) / 4 = 0.25
    assert scores.composite == 0.25


def test_os003_no_composite_without_every_dimension(tmp_path: Path) -> None:
    scores = score({"income": 3, "food": 3}, _scheme(tmp_path))
    # economic (0.5 x 1 + 1.0 x 3) / 4 = 0.875; nothing social or psychosocial
    assert (scores.economic, scores.social, scores.psychosocial, scores.composite) == (0.875, None, None, None)


def test_os004_bad_answers_and_keys_are_refused(tmp_path: Path) -> None:
    scheme = _scheme(tmp_path)
    with pytest.raises(ValueError, match=r"outside 1\.\.3"):
        score({"food": 4}, scheme)
    with pytest.raises(ValueError, match="not declared"):
        score({"salary": 1}, scheme)


@pytest.mark.parametrize(("indicators", "dimensions", "message"), [
    (INDICATORS.replace("income,economic,1", "income,economic,0"), DIMENSIONS, "above 0"),
    (INDICATORS.replace("housing,social", "housing,cultural"), DIMENSIONS, "unknown dimension"),
    (INDICATORS.replace("1,5,no", "5,1,no"), DIMENSIONS, "lowest must be below"),
    (INDICATORS + "income,economic,1,1,5,yes,Again,\n", DIMENSIONS, "twice"),
    (INDICATORS, "dimension,weight\neconomic,1\nsocial,1\n", "one row for each"),
    (INDICATORS.replace("housing,social,1,1,5,yes,Housing,\n", ""), DIMENSIONS, "no indicator for social"),
    (INDICATORS.replace("yes,Income", "maybe,Income"), DIMENSIONS, "yes or no"),
])
def test_os005_a_malformed_scheme_is_refused_with_its_line(tmp_path: Path, indicators: str, dimensions: str,
                                                           message: str) -> None:
    with pytest.raises(SchemeError, match=message):
        _scheme(tmp_path, indicators, dimensions)


def test_os006_the_shipped_scheme_has_fifteen_indicators_equal_weights_in_three_dimensions() -> None:
    shipped = load_scheme(DEFAULT_DIR)
    assert len(shipped.indicators) == 15
    assert {i.dimension for i in shipped.indicators} == {"economic", "social", "psychosocial"}
    assert {i.weight for i in shipped.indicators} == {1.0} and set(shipped.dimension_weights.values()) == {1.0}
    assert all(i.label_bn for i in shipped.indicators)
    best = {i.key: (i.highest if i.higher_is_better else i.lowest) for i in shipped.indicators}
    worst = {i.key: (i.lowest if i.higher_is_better else i.highest) for i in shipped.indicators}
    assert score(best, shipped).composite == 1.0 and score(worst, shipped).composite == 0.0


def test_os007_a_changed_file_changes_the_fingerprint(tmp_path: Path) -> None:
    before = _scheme(tmp_path).fingerprint
    after = _scheme(tmp_path, INDICATORS.replace("food,economic,3", "food,economic,2")).fingerprint
    assert before != after


@pytest.mark.parametrize(("text", "months"), [("baseline", 0), ("Baseline", 0), ("3_months", 3), ("6", 6),
                                              ("12 months", 12), ("12m", 12), ("24", 24), ("", None),
                                              ("soon", None), ("-3", None), ("121", None)])
def test_os008_rounds_are_months_after_return(text: str, months: int | None) -> None:
    assert round_months(text) == months


def test_os009_the_table_scorer_agrees_with_the_scorer_survey_by_survey() -> None:
    shipped = load_scheme(DEFAULT_DIR)
    rng = random.Random(29)
    surveys = [{i.key: (rng.randint(i.lowest, i.highest) if rng.random() < 0.8 else None)
                for i in shipped.indicators} for _ in range(300)]
    table = score_table({k: [float("nan") if s[k] is None else s[k] for s in surveys] for k in shipped.keys},
                        shipped)
    for position, survey in enumerate(surveys):
        assert {name: table[name][position] for name in table} == score(survey, shipped).as_dict()
