"""One catalogue, two languages: no key missing, no label hard-coded past it.

Keys are used three ways, and each is checked: literal keys in code (scanned),
keys built at run time from a declaration (``t(f"metric.{m}")``: every family of
built keys must be listed in BUILT below, whose members come from the same
declarations the code uses), and keys named by registered layers and pages.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import dash
import pytest

from dashboard.app import create_app
from dashboard.config import PROJECT_ROOT, load_settings
from dashboard.core.access import Role
from dashboard.core.filters import PERIOD, PERSON_FILTERS, RELATIVE_PRESETS, WHOLE_PROGRAMME
from dashboard.core.indicators import INDICATOR_KEYS, IndicatorGroup
from dashboard.core.metrics import BREAKDOWNS, Metric
from dashboard.core.targets import TargetStatus
from dashboard.features.compare.rules import RATE_KEYS
from dashboard.features.imports import MODES
from dashboard.features.imports.columns import CENTRAL_PROVENANCE, EXPORTERS, PROVENANCE
from dashboard.features.imports.kinds import KINDS
from dashboard.features.map.steps import Change, Mode
from dashboard.i18n import (
    LANGUAGES,
    bangla_digits,
    catalogue,
    country_name,
    format_date,
    format_number,
    latin_digits,
    t,
)
from dashboard.models.vocabulary import (
    ActionStatus,
    AwarenessKind,
    Department,
    HotlineCaller,
    HotlineTopic,
    ProviderType,
    Service,
)
from dashboard.ui.exports import ABOUT_KEYS
from dashboard.ui.text import DROPDOWN_WORDS
from layers import ordered_layers

LITERAL_KEY = re.compile(r"""\b(?:t|T|_notice)\(\s*["']([a-z0-9_.]+)["']""")
LITERAL_ARGUMENT = re.compile(r"""["']([a-z][a-z0-9_]*\.[a-z0-9_.]+)["']""")
BUILT_KEY = re.compile(r"""\b(?:t|T)\(\s*f["']([a-z0-9_.]+)\.\{""")

# Every family of keys the code builds at run time, with the members it can build.
BUILT: dict[str, set[str]] = {
    "indicator": set(INDICATOR_KEYS),
    "metric": {m.value for m in Metric},
    "breakdown": set(BREAKDOWNS),
    "kpi.group": {g.value for g in IndicatorGroup},
    "kpi.change": {"days", "months"},
    "rate": set(RATE_KEYS),
    "compare.peer_group": {"dcc", "other"},
    "compare.download": {"ranking", "series"},
    "department": {d.value for d in Department},
    "dcc.status": {s.value for s in ActionStatus} | {"overdue"},
    "dcc.mark": {"done", "dropped"},
    "dcc.field": {"held_on", "agenda", "attendance", "action"},
    "lang": set(LANGUAGES),
    "filter": {spec.key for spec in PERSON_FILTERS} | {PERIOD, "preset"},
    "filter.preset": {*RELATIVE_PRESETS, WHOLE_PROGRAMME},
    "target.not_compared": {TargetStatus.PART_YEAR.value, TargetStatus.PEOPLE.value},
    "map.column": {"district", "upazila"},
    "map.print": {"png", "pdf", "area", "period", "filters", "legend"},
    "timeline.mode": {"off", *(m.value for m in Mode)},
    "timeline.change": {c.value for c in Change} | {f"{c.value}.of" for c in Change if c != Change.VALUE},
    "provider_type": {p.value for p in ProviderType},
    "service": {s.value for s in Service},
    "layer.none": {layer.key for layer in ordered_layers()},
    "role": {role.value for role in Role},
    "import.mode": set(MODES),
    "import.kind": set(KINDS),
    "import.exporter": set(EXPORTERS),
    "import.field": {c.name for kind in KINDS.values() for c in kind.columns if not c.labels},
    "awareness_kind": {k.value for k in AwarenessKind},
    "hotline_topic": {k.value for k in HotlineTopic},
    "hotline_caller": {k.value for k in HotlineCaller},
    "import.col": {"batch", "kind", "file", "by", "when", "counts", "undo"},
    "import.mapnote": {"lat", "lon", *PROVENANCE.values(), *CENTRAL_PROVENANCE.values()},
    "download": {"csv", "xlsx"},
    "export": set(ABOUT_KEYS.values()),
    "gaps.definition": {"need", "location", "distance", "reached", "roads"},
    "gaps.kind": {"upazila", "fair_venue", "provider"},
    "gaps.col": {"upazila", "in_need", "unreached", "share", "providers", "capacity", "median_km", "venue", "held_on",
                 "profiled_before", "profiled_after", "referrals_before", "referrals_after"},
    "gaps.download": {"table", "follow_up"},
    "dropdown": set(DROPDOWN_WORDS),
    "brief.as": {"pdf", "html"},
    "brief.h": {"summary", "map", "figures", "gaps", "actions", "fairs", "sources"},
    "brief.col": {"indicator", "value", "target", "share", "before", "service", "in_need", "unreached", "worst",
                  "action", "owner", "due", "recent", "upcoming"},
    "brief.n": {f"returnees.{case}" for case in ("only", "same", "rose", "fell", "rose_from_zero",
                                                 "fell_from_zero", "hidden")},
}


FILE_NAME_ENDINGS = (".mjs", ".js", ".css", ".json", ".geojson", ".py")


def _code() -> list[Path]:
    return [*(PROJECT_ROOT / "dashboard").rglob("*.py"), *(PROJECT_ROOT / "layers").rglob("*.py")]


def _literal_keys() -> set[str]:
    keys: set[str] = set()
    prefixes = {key.split(".")[0] for key in catalogue("en")}
    for path in _code():
        text = path.read_text(encoding="utf-8")
        keys |= set(LITERAL_KEY.findall(text))
        # Keys handed to helpers as plain strings ("page.not_found"): any literal shaped like
        # a key whose first part is a catalogue family.
        # File names are not keys ("plotly.mjs", the Plotly module, shares the "plotly" family's name).
        keys |= {k for k in LITERAL_ARGUMENT.findall(text) if k.split(".")[0] in prefixes and not k.endswith(".")
                 and not k.endswith(FILE_NAME_ENDINGS)}
    return keys


def test_in001_both_languages_have_the_same_keys() -> None:
    assert catalogue("en").keys() == catalogue("bn").keys()
    assert all(value.strip() for value in catalogue("bn").values())


def test_in002_every_literal_key_exists() -> None:
    used = _literal_keys()
    assert len(used) > 50, "the scan found few keys: the pattern is broken"
    assert used - catalogue("en").keys() == set()


def test_in003_every_built_key_family_is_declared_and_complete() -> None:
    families = {family for path in _code() for family in BUILT_KEY.findall(path.read_text(encoding="utf-8"))}
    assert families, "the scan found no built keys: the pattern is broken"
    assert families - set(BUILT) == set(), "a new family of built keys: list it in BUILT"
    missing = {f"{family}.{member}" for family, members in BUILT.items() for member in members} - catalogue("en").keys()
    assert missing == set()


def test_in004_declared_labels_exist_in_both_languages() -> None:
    for spec in PERSON_FILTERS:
        for value in spec.allowed or ("GR", "LY", "TR"):
            for lang in LANGUAGES:
                assert spec.label(value, lang)  # t() raises KeyError for a missing key
    for layer in ordered_layers():
        assert layer.label_key in catalogue("en")


def test_in005_every_page_names_a_catalogue_key(tmp_path: Path) -> None:
    create_app(load_settings({}, database_url=f"sqlite:///{tmp_path}/i18n.db"))
    assert dash.page_registry
    for page in dash.page_registry.values():
        assert page["label_key"] in catalogue("en"), page["module"]


def test_in006_bangla_labels_are_bangla() -> None:
    assert re.search("[\u0980-\u09ff]", t("indicator.returnees_profiled", "bn"))
    assert t("kpi.target", "bn", target="১০") == "লক্ষ্যমাত্রা ১০"
    assert t("kpi.target", "xx", target=5) == "Target 5"  # unknown language: English
    with pytest.raises(KeyError):
        t("no.such.key")


@pytest.mark.parametrize("value, lang, text", [
    (996003, "en", "996,003"), (996003, "bn", "৯,৯৬,০০৩"), (1205, "bn", "১,২০৫"), (12, "bn", "১২"),
    (123456789, "bn", "১২,৩৪,৫৬,৭৮৯"), (-1500, "bn", "-১,৫০০"), (None, "en", "–"), (45.5, "en", "46"),
])
def test_in007_numbers(value: float | None, lang: str, text: str) -> None:
    assert format_number(value, lang) == text


def test_in008_dates_and_countries() -> None:
    assert format_date(date(2019, 3, 23), "en") == "23 March 2019"
    assert format_date(date(2019, 3, 23), "bn") == "২৩ মার্চ ২০১৯"
    assert country_name("GR", "en") == "Greece" and country_name("LY", "bn") == "লিবিয়া"
    assert country_name("QQ", "en") == "QQ"  # not an assigned code


def test_in009_a_reader_may_keep_latin_digits_in_bangla() -> None:
    with latin_digits():
        assert format_number(996003, "bn") == "9,96,003"  # lakh grouping stays: only the digits change
        assert format_date(date(2019, 3, 23), "bn") == "23 মার্চ 2019"
        assert not bangla_digits("bn")
    assert format_number(996003, "bn") == "৯,৯৬,০০৩"
    assert bangla_digits("bn") and not bangla_digits("en")


# Import messages (dashboard.features.imports.messages) are made by ``message("code", ...)``; these
# codes are chosen at run time rather than written in such a call.
MESSAGE_CALL = re.compile(r"""\bmessage\(\s*["']([a-z0-9_]+)["']""")
BUILT_MESSAGES = {"missing_column", "missing_column_kobo_labels", "no_district", "no_district_suggest", "no_upazila",
                  "no_upazila_suggest", "no_upazila_in", "no_upazila_in_suggest"}
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def test_in010_every_import_message_is_in_both_languages_with_the_same_parameters() -> None:
    from dashboard.features.imports.messages import PREFIX

    used = {code for path in _code() for code in MESSAGE_CALL.findall(path.read_text(encoding="utf-8"))}
    assert len(used) > 40, "the scan found few messages: the pattern is broken"
    codes = used | BUILT_MESSAGES
    english, bangla = catalogue("en"), catalogue("bn")
    assert {f"{PREFIX}{code}" for code in codes} - english.keys() == set()
    declared = {key[len(PREFIX):] for key in english if key.startswith(PREFIX)}
    assert declared - codes == set(), "a message in the catalogue that nothing says"
    for code in declared:
        key = f"{PREFIX}{code}"
        assert re.search("[\u0980-\u09ff]", bangla[key]), key  # written in Bangla, not copied
        assert bangla[key] != english[key]
        # The same parameters in both: a value the user wrote is never lost in one language.
        assert set(PLACEHOLDER.findall(bangla[key])) == set(PLACEHOLDER.findall(english[key])), key
