"""One catalogue, two languages: no key missing, no label hard-coded past it."""

from __future__ import annotations

import re

import pytest

from dashboard.config import PROJECT_ROOT
from dashboard.i18n import catalogue, format_number, t
from dashboard.indicators import INDICATOR_KEYS, IndicatorGroup
from dashboard.models.vocabulary import ProviderType, ReturneeStatus, ReturnGroup, Service, Sex

LITERAL_KEY = re.compile(r"""\b(?:t|T)\(\s*["']([a-z0-9_.]+)["']""")


def _keys_used_in_code() -> set[str]:
    used: set[str] = set()
    for path in [*(PROJECT_ROOT / "dashboard").rglob("*.py"), *(PROJECT_ROOT / "layers").rglob("*.py")]:
        used |= set(LITERAL_KEY.findall(path.read_text(encoding="utf-8")))
    used |= {f"indicator.{key}" for key in INDICATOR_KEYS}
    used |= {f"kpi.group.{group.value}" for group in IndicatorGroup}
    used |= {f"lang.{code}" for code in ("en", "bn")}
    vocabularies = {"service": Service, "provider_type": ProviderType, "return_group": ReturnGroup, "sex": Sex,
                    "status": ReturneeStatus}
    used |= {f"{prefix}.{member.value}" for prefix, enum in vocabularies.items() for member in enum}
    return used


def test_in001_both_languages_have_the_same_keys() -> None:
    assert catalogue("en").keys() == catalogue("bn").keys()
    assert all(value.strip() for value in catalogue("bn").values())


def test_in002_every_key_used_in_code_exists() -> None:
    used = _keys_used_in_code()
    assert used, "the scan found no keys: the pattern is broken"
    assert used - catalogue("en").keys() == set()


def test_in003_bangla_labels_are_bangla() -> None:
    assert re.search("[\u0980-\u09ff]", t("indicator.returnees_profiled", "bn"))
    assert t("kpi.target", "bn", target="১০") == "লক্ষ্যমাত্রা ১০"
    assert t("kpi.target", "xx", target=5) == "Target 5"  # unknown language: English
    with pytest.raises(KeyError):
        t("no.such.key")


@pytest.mark.parametrize("value, lang, text", [
    (996003, "en", "996,003"), (996003, "bn", "৯,৯৬,০০৩"), (1205, "bn", "১,২০৫"), (12, "bn", "১২"),
    (123456789, "bn", "১২,৩৪,৫৬,৭৮৯"), (-1500, "bn", "-১,৫০০"), (None, "en", "–"), (45.5, "en", "46"),
])
def test_in004_numbers(value: float | None, lang: str, text: str) -> None:
    assert format_number(value, lang) == text
