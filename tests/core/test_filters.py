"""Filters: declared once, parsed from and written to the URL, narrowed and widened."""

from __future__ import annotations

from datetime import date

import pytest
from babel import Locale
from babel.dates import get_month_names

from dashboard.core.filters import (
    BY_KEY,
    PERSON_FILTERS,
    PRESETS,
    URL_KEYS,
    Filters,
    parse_date,
    preset_of,
    preset_period,
)
from dashboard.core.url import parse_query, with_params


def test_fi001_person_filters_are_canonical_whatever_the_order() -> None:
    assert Filters(need=("medical_treatment", "legal_support", "legal_support")) == \
        Filters(need=("legal_support", "medical_treatment"))
    assert Filters(sex=()) == Filters() and not Filters(sex=()).has_person_filters
    assert Filters(sex=("robot",)) == Filters()  # values not declared are dropped
    with pytest.raises(TypeError):
        Filters(shoe_size=("42",))


def test_fi002_round_trip_through_the_url() -> None:
    filters = Filters(start=date(2019, 1, 1), end=date(2019, 3, 31), sex=("female",), country=("LY", "GR"),
                      need=("legal_support",))
    assert Filters.from_query(filters.to_query()) == filters
    assert set(filters.to_query()) <= set(URL_KEYS)
    assert Filters.from_query(parse_query("?from=2019-02-30&to=9999-12-31&age_band=18_24,old")) == \
        Filters(age_band=("18_24",))


def test_fi003_dates_outside_any_programme_are_not_dates() -> None:
    assert parse_date("0001-01-01") is None and parse_date("9999-12-31") is None
    assert parse_date("2019-01-01T00:00:00") == date(2019, 1, 1)
    backwards = Filters(start=date(2019, 12, 31), end=date(2019, 1, 1))
    assert backwards.previous_period() is None
    assert Filters(start=date(1, 1, 2), end=date(1, 1, 5)).previous_period() is None  # no year 0


def test_fi004_active_filters_chips_and_removal() -> None:
    filters = Filters(start=date(2019, 1, 1), sex=("male",), need=("legal_support",))
    assert filters.active() == ["period", "sex", "need"]
    assert filters.without("sex").active() == ["period", "need"]
    assert filters.without("period").active() == ["sex", "need"]
    assert filters.replace(area="BD6091").everything_cleared() == Filters(area="BD6091")
    assert filters.chip_label("need", "en") == "Needs service: Legal support"
    # The month's Bangla name is CLDR's, as the installed Babel spells it (releases differ).
    january = get_month_names("wide", locale="bn")[1]
    assert filters.chip_label("period", "bn").endswith(f"১ {january} ২০১৯ থেকে …")


def test_fi005_previous_period_is_as_long_and_just_before() -> None:
    filters = Filters(start=date(2019, 1, 1), end=date(2019, 1, 31), sex=("female",))
    before = filters.previous_period()
    assert before == Filters(start=date(2018, 12, 1), end=date(2018, 12, 31), sex=("female",))
    assert filters.period_days == 31 and Filters().previous_period() is None


def test_fi006_every_declared_filter_has_labels_and_a_url_key() -> None:
    for spec in PERSON_FILTERS:
        assert spec.key in URL_KEYS and BY_KEY[spec.key] is spec
        for value in spec.allowed or ("GR",):
            assert spec.label(value, "en") and spec.label(value, "bn")
    assert BY_KEY["country"].label("GR", "bn") == f"{Locale('bn').territories['GR']} (GR)"


def test_fi007_filters_keep_other_keys_in_the_url() -> None:
    written = with_params("?district=BD6091&sex=male", URL_KEYS, Filters(sex=("female",)).to_query())
    assert parse_query(written) == {"district": "BD6091", "sex": "female"}


def test_fi008_a_backwards_period_is_reported_not_counted() -> None:
    backwards = Filters(start=date(2019, 12, 31), end=date(2019, 1, 1))
    assert backwards.is_backwards and backwards.period_days == 0 and backwards.previous_period() is None
    assert backwards.period_text("en").startswith("The period ends (1 January 2019) before it starts")
    assert "-729" not in backwards.period_text("en")


def test_fi007_a_period_of_whole_months_compares_with_as_many_months_before() -> None:
    nine_months = Filters(start=date(2017, 4, 1), end=date(2017, 12, 31))
    assert nine_months.period_span() == (9, "months")
    assert nine_months.previous_period() == Filters(start=date(2016, 7, 1), end=date(2017, 3, 31))
    february = Filters(start=date(2020, 2, 1), end=date(2020, 2, 29))
    assert february.previous_period() == Filters(start=date(2020, 1, 1), end=date(2020, 1, 31))
    assert Filters(start=date(2017, 4, 2), end=date(2017, 12, 31)).period_span() == (274, "days")


def test_fi009_period_presets_from_a_fixed_today() -> None:
    # Worked out by hand on a calendar for 15 February 2021 (Q1; 2020 a leap year) and
    # 1 January 2021 (the first day of a year and of a quarter).
    feb, jan = date(2021, 2, 15), date(2021, 1, 1)
    assert preset_period("this_quarter", feb) == (date(2021, 1, 1), date(2021, 3, 31))
    assert preset_period("last_quarter", feb) == (date(2020, 10, 1), date(2020, 12, 31))
    assert preset_period("this_year", feb) == (date(2021, 1, 1), date(2021, 12, 31))
    assert preset_period("last_12_months", feb) == (date(2020, 2, 1), date(2021, 1, 31))
    assert preset_period("last_quarter", jan) == (date(2020, 10, 1), date(2020, 12, 31))
    assert preset_period("last_12_months", jan) == (date(2020, 1, 1), date(2020, 12, 31))
    assert preset_period("this_quarter", date(2019, 11, 30)) == (date(2019, 10, 1), date(2019, 12, 31))
    assert preset_period("last_quarter", date(2019, 5, 31)) == (date(2019, 1, 1), date(2019, 3, 31))
    # Programme years: 2017 from the programme's start, 2020 to its end; the whole programme is open.
    assert preset_period("year_2017", feb) == (date(2017, 4, 1), date(2017, 12, 31))
    assert preset_period("year_2019", feb) == (date(2019, 1, 1), date(2019, 12, 31))
    assert preset_period("year_2020", feb) == (date(2020, 1, 1), date(2020, 4, 30))
    assert preset_period("whole_programme", feb) == (None, None)
    for name in ("year_2016", "year_2021", "next_week", "year_"):
        with pytest.raises(KeyError):
            preset_period(name, feb)


def test_fi010_every_preset_is_whole_months_and_is_recognised_again() -> None:
    for today in (date(2021, 2, 15), date(2019, 12, 31), date(2020, 3, 1), date(2024, 2, 29)):
        for name in PRESETS:
            start, end = preset_period(name, today)
            if name == "whole_programme":
                assert (start, end) == (None, None)
                continue
            # Whole months: what a reader below headquarters is counted for anyway.
            assert Filters(start=start, end=end).whole_months > 0, (name, today)
            assert preset_of(start, end, today) in (name, *PRESETS[:PRESETS.index(name)])
    assert preset_of(date(2019, 1, 1), date(2019, 12, 31), date(2021, 2, 15)) == "year_2019"
    assert preset_of(None, None, date(2021, 2, 15)) == "whole_programme"
    assert preset_of(date(2019, 1, 2), date(2019, 12, 31), date(2021, 2, 15)) is None
