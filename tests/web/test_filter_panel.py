"""The filter panel's state changes: a preset sets both dates and nothing else."""

from __future__ import annotations

from datetime import date

from dashboard.core.filters import Filters
from dashboard.web.frame.filter_panel import CUSTOM, PERIOD_PICKER, PRESET, next_filters, preset_options

TODAY = date(2021, 2, 15)


def test_fp001_a_preset_sets_start_and_end_and_keeps_the_person_filters() -> None:
    women = Filters(start=date(2018, 3, 5), sex=("female",))
    assert next_filters(women, PRESET, "value", "year_2019", TODAY) == \
        Filters(start=date(2019, 1, 1), end=date(2019, 12, 31), sex=("female",))
    assert next_filters(women, PRESET, "value", "last_quarter", TODAY) == \
        Filters(start=date(2020, 10, 1), end=date(2020, 12, 31), sex=("female",))
    assert next_filters(women, PRESET, "value", "whole_programme", TODAY) == Filters(sex=("female",))
    # "Custom dates" and anything not offered leave the period as it is.
    assert next_filters(women, PRESET, "value", CUSTOM, TODAY) == women
    assert next_filters(women, PRESET, "value", "year_1999", TODAY) == women
    assert next_filters(women, PERIOD_PICKER, "end_date", "2018-04-30", TODAY) == women.replace(end=date(2018, 4, 30))


def test_fp002_presets_are_named_in_both_languages() -> None:
    english = {o["value"]: o["label"] for o in preset_options("en")}
    bangla = {o["value"]: o["label"] for o in preset_options("bn")}
    assert english["year_2019"] == "Programme year 2019" and english["last_12_months"] == "Last 12 months"
    assert bangla["year_2019"] == "কর্মসূচি বছর ২০১৯" and bangla["last_12_months"] == "গত ১২ মাস"
    assert english.keys() == bangla.keys() and english[CUSTOM] == "Custom dates"
