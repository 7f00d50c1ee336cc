"""The brief's sentences, exact, for numbers worked out by hand, in English and Bangla."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from dashboard.core.privacy import Hidden
from dashboard.features.brief.narrative import Gap, NarrativeFacts, narrative

FACTS = NarrativeFacts(returnees=104, returnees_before=93, plans=41, plans_target=100, overdue_items=3,
                       oldest_overdue=date(2019, 3, 14), gap=Gap("job_placement", 61, 56, 10), fairs=2)


def test_bn001_rise_with_everything_in_english() -> None:
    assert narrative(FACTS, "en") == [
        "Profiled returnees rose 12% on the previous period (from 93 to 104).",
        "41 reintegration plans were completed: 41% of the 100 due in the period.",
        "3 action items are overdue, the oldest since 14 March 2019.",
        "The largest service gap is Job placement: 56 of the 61 returnees in need are farther than 10 km "
        "from any provider.",
        "2 migration fairs were held in the period."]


def test_bn002_fall_no_change_no_previous_and_from_zero() -> None:
    assert narrative(replace(FACTS, returnees=81), "en")[0] == \
        "Profiled returnees fell 13% on the previous period (from 93 to 81)."
    assert narrative(replace(FACTS, returnees=93), "en")[0] == \
        "Profiled returnees stayed at 93, as in the previous period."
    assert narrative(replace(FACTS, returnees_before=None), "en")[0] == \
        "104 returnees were profiled in the period."
    assert narrative(replace(FACTS, returnees_before=0), "en")[0] == \
        "Profiled returnees rose from none in the previous period to 104."


def test_bn003_singular_none_and_hidden() -> None:
    quiet = replace(FACTS, overdue_items=1, fairs=1, gap=None, plans_target=None, returnees=Hidden(5))
    assert narrative(quiet, "en") == ["Too few returnees were profiled to show the number.",
                                      "1 action item is overdue, since 14 March 2019.",
                                      "1 migration fair was held in the period."]
    assert narrative(replace(FACTS, overdue_items=0, fairs=0), "en")[2:] == [
        "No action item is overdue.",
        "The largest service gap is Job placement: 56 of the 61 returnees in need are farther than 10 km "
        "from any provider.",
        "No migration fair was held in the period."]


def test_bn004_bangla_with_bangla_digits() -> None:
    first, _plans, overdue, *_rest = narrative(FACTS, "bn")
    assert first == "প্রোফাইল হওয়া বিদেশফেরত আগের সময়ের তুলনায় ১২% বেড়েছে (৯৩ থেকে ১০৪)।"
    assert overdue == "৩টি করণীয় মেয়াদোত্তীর্ণ, সবচেয়ে পুরনোটি ১৪ মার্চ ২০১৯ থেকে।"
