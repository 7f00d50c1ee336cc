"""Chart ticks and hover values follow the interface language (Plotly writes Latin digits and
English month names on its own)."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.figures.axes import hover_numbers, month_ticks, nice_step, number_ticks
from dashboard.i18n import latin_digits


@pytest.mark.parametrize("largest, step", [(0, 1), (4, 1), (9, 2), (23, 5), (120, 50), (1_300_000, 500_000)])
def test_ax010_nice_steps(largest: float, step: float) -> None:
    assert nice_step(largest) == step


def test_ax011_number_ticks_in_bangla_cover_the_largest_value() -> None:
    axis = number_ticks(9, "bn")
    assert axis["tickvals"] == [0, 2, 4, 6, 8, 10]
    assert axis["ticktext"] == ["০", "২", "৪", "৬", "৮", "১০"]
    assert number_ticks(0, "en")["tickvals"] == [0, 1]
    assert number_ticks(2.5, "en", decimals=1, integer=False)["ticktext"] == ["0.0", "0.5", "1.0", "1.5", "2.0", "2.5"]


def test_ax012_months_and_hover_values() -> None:
    days = [date(2019, m, 1) for m in range(1, 13)]
    axis = month_ticks(days, "bn", most=4)
    assert axis["tickvals"] == [date(2019, 1, 1), date(2019, 4, 1), date(2019, 7, 1), date(2019, 10, 1)]
    assert axis["ticktext"][0] == "জানু ২০১৯"
    assert month_ticks(days, "en", most=6)["ticktext"][:2] == ["Jan 2019", "Mar 2019"]
    assert month_ticks([], "en") == {}
    assert hover_numbers([1205, None], "bn") == ["১,২০৫", "–"]
    with latin_digits():
        assert hover_numbers([1205], "bn") == ["1,205"]
