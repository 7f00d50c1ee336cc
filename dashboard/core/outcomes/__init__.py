"""Reintegration outcomes: the declared indicators and the one scoring function.

IOM's Reintegration Sustainability Survey asks returnees, at intervals after their return,
about 15 indicators in three dimensions (economic, social, psychosocial) and scores each
dimension and the whole between 0 and 1 (docs/outcomes.md cites the sources). The indicators,
their answer ranges and their weights are *data*, declared once in ``indicators.csv`` and
``dimensions.csv`` beside this module; an administrator may point
``DASHBOARD_OUTCOME_INDICATORS_DIR`` at a folder holding replacements (the official weights,
once verified) and run ``python -m dashboard followups rescore``.

The shipped weights are equal within each dimension and across the dimensions: the published
weights could not be verified from a public source, and the screens say so.

Scoring, for one survey's answers:

* each answered indicator becomes a value between 0 and 1: ``(answer - lowest) / (highest -
  lowest)``, turned round (``1 - value``) when a higher answer is worse (distress);
* a dimension's score is the weighted mean of its answered indicators' values (weights of
  unanswered indicators are left out, so a skipped question neither counts as 0 nor as 1);
  a dimension with no answered indicator has no score;
* the composite score is the weighted mean of the three dimension scores, and exists only
  when every dimension has a score (a composite of two dimensions would not compare).

Nothing here knows of the web or the database.
"""

from __future__ import annotations

import csv
import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DEFAULT_DIR = Path(__file__).parent
DIMENSIONS_ORDER = ("economic", "social", "psychosocial")
# "Share with a score of at least X": X, on the 0-1 scale. A choice of this dashboard (the
# sources give no cut-off we could verify); stated on screen beside the metric.
GOOD_SCORE = 0.5
# Survey rounds: months after return. Free numbers are allowed; these have names.
NAMED_ROUNDS: dict[str, int] = {"baseline": 0, "3_months": 3, "6_months": 6, "12_months": 12}


class SchemeError(ValueError):
    """The indicators or dimensions file is malformed."""


@dataclass(frozen=True)
class Indicator:
    """One survey indicator: its coded answers run from ``lowest`` to ``highest``."""

    key: str
    dimension: str
    weight: float
    lowest: int
    highest: int
    higher_is_better: bool
    label_en: str
    label_bn: str

    def value(self, answer: int) -> float:
        """The answer as a value from 0 (worst) to 1 (best)."""
        if not self.lowest <= answer <= self.highest:
            raise ValueError(f"{self.key}: answer {answer} outside {self.lowest}..{self.highest}")
        share = (answer - self.lowest) / (self.highest - self.lowest)
        return share if self.higher_is_better else 1.0 - share

    def label(self, lang: str) -> str:
        """The indicator's label in ``lang`` (English when there is no Bangla)."""
        return self.label_bn if lang == "bn" and self.label_bn else self.label_en


@dataclass(frozen=True)
class Scheme:
    """The declared indicators and dimension weights, and a fingerprint of both files."""

    indicators: tuple[Indicator, ...]
    dimension_weights: dict[str, float]
    dimension_labels: dict[str, tuple[str, str]]
    fingerprint: str

    @property
    def keys(self) -> tuple[str, ...]:
        """The indicator keys, in declared order (the import's answer columns)."""
        return tuple(i.key for i in self.indicators)

    def dimension_label(self, dimension: str, lang: str) -> str:
        """A dimension's name in ``lang``."""
        en, bn = self.dimension_labels.get(dimension, (dimension, dimension))
        return bn if lang == "bn" and bn else en


@dataclass(frozen=True)
class Scores:
    """One survey's scores, each from 0 to 1, or None where there was nothing to score."""

    economic: float | None
    social: float | None
    psychosocial: float | None
    composite: float | None

    def as_dict(self) -> dict[str, float | None]:
        """The four scores by name."""
        return {"economic": self.economic, "social": self.social, "psychosocial": self.psychosocial,
                "composite": self.composite}


def _positive(text: str, where: str) -> float:
    try:
        value = float(text)
    except ValueError as error:
        raise SchemeError(f"{where}: weight {text!r} is not a number") from error
    if not value > 0:
        raise SchemeError(f"{where}: weight must be above 0, not {text}")
    return value


def load_scheme(folder: Path = DEFAULT_DIR) -> Scheme:
    """Read and check ``indicators.csv`` and ``dimensions.csv`` in ``folder``."""
    indicators_path, dimensions_path = folder / "indicators.csv", folder / "dimensions.csv"
    raw = indicators_path.read_bytes() + b"\0" + dimensions_path.read_bytes()
    weights: dict[str, float] = {}
    labels: dict[str, tuple[str, str]] = {}
    with dimensions_path.open(newline="", encoding="utf-8") as file:
        for number, row in enumerate(csv.DictReader(file), start=2):
            name = (row.get("dimension") or "").strip()
            if name not in DIMENSIONS_ORDER:
                raise SchemeError(f"{dimensions_path.name} line {number}: unknown dimension {name!r}")
            weights[name] = _positive(row.get("weight") or "", f"{dimensions_path.name} line {number}")
            labels[name] = ((row.get("label_en") or name).strip(), (row.get("label_bn") or "").strip())
    if set(weights) != set(DIMENSIONS_ORDER):
        raise SchemeError(f"{dimensions_path.name}: needs one row for each of {', '.join(DIMENSIONS_ORDER)}")
    indicators: list[Indicator] = []
    with indicators_path.open(newline="", encoding="utf-8") as file:
        for number, row in enumerate(csv.DictReader(file), start=2):
            where = f"{indicators_path.name} line {number}"
            key = (row.get("key") or "").strip()
            if not key.isidentifier() or key != key.lower():
                raise SchemeError(f"{where}: key {key!r} must be lower-case letters, digits and _")
            dimension = (row.get("dimension") or "").strip()
            if dimension not in DIMENSIONS_ORDER:
                raise SchemeError(f"{where}: unknown dimension {dimension!r}")
            try:
                lowest, highest = int(row.get("lowest") or ""), int(row.get("highest") or "")
            except ValueError as error:
                raise SchemeError(f"{where}: lowest and highest must be whole numbers") from error
            if lowest >= highest:
                raise SchemeError(f"{where}: lowest must be below highest")
            better = (row.get("higher_is_better") or "").strip().lower()
            if better not in ("yes", "no"):
                raise SchemeError(f"{where}: higher_is_better must be yes or no")
            indicators.append(Indicator(key, dimension, _positive(row.get("weight") or "", where), lowest, highest,
                                        better == "yes", (row.get("label_en") or key).strip(),
                                        (row.get("label_bn") or "").strip()))
    keys = [i.key for i in indicators]
    if len(set(keys)) != len(keys):
        raise SchemeError(f"{indicators_path.name}: an indicator key is declared twice")
    missing = set(DIMENSIONS_ORDER) - {i.dimension for i in indicators}
    if missing:
        raise SchemeError(f"{indicators_path.name}: no indicator for {', '.join(sorted(missing))}")
    return Scheme(tuple(indicators), weights, labels, hashlib.sha256(raw).hexdigest()[:16])


FOLDER_VARIABLE = "DASHBOARD_OUTCOME_INDICATORS_DIR"


def outcome_scheme_folder() -> str | None:
    """The folder of the administrator's replacement files (``DASHBOARD_OUTCOME_INDICATORS_DIR``),
    or None for the shipped ones. Read from the environment, not the app's settings: the import
    kinds are declared when their module is imported, before any app exists."""
    return os.environ.get(FOLDER_VARIABLE) or None


@lru_cache(maxsize=4)
def scheme(folder: str | None = None) -> Scheme:
    """The scheme in ``folder`` (the shipped one by default), read once per process."""
    return load_scheme(Path(folder) if folder else DEFAULT_DIR)


def _mean(pairs: list[tuple[float, float]]) -> float | None:
    total = sum(weight for weight, _ in pairs)
    return sum(weight * value for weight, value in pairs) / total if pairs else None


def score(answers: Mapping[str, int | None], declared: Scheme) -> Scores:
    """The dimension and composite scores of one survey's coded ``answers`` (key -> answer;
    a missing key or None is an unanswered question). Raises ValueError for an answer outside
    its declared range or an undeclared key."""
    unknown = set(answers) - set(declared.keys)
    if unknown:
        raise ValueError(f"not declared indicators: {', '.join(sorted(unknown))}")
    by_dimension: dict[str, list[tuple[float, float]]] = {d: [] for d in DIMENSIONS_ORDER}
    for indicator in declared.indicators:
        answer = answers.get(indicator.key)
        if answer is not None:
            by_dimension[indicator.dimension].append((indicator.weight, indicator.value(int(answer))))
    dimensions = {d: _mean(pairs) for d, pairs in by_dimension.items()}
    composite = None
    if all(v is not None for v in dimensions.values()):
        composite = _mean([(declared.dimension_weights[d], v) for d, v in dimensions.items() if v is not None])
    rounded = {d: None if v is None else round(v, 4) for d, v in dimensions.items()}
    return Scores(rounded["economic"], rounded["social"], rounded["psychosocial"],
                  None if composite is None else round(composite, 4))


def round_months(text: str) -> int | None:
    """A survey round as months after return: "baseline" is 0, "3_months" (or "3", "3m",
    "3 months") is 3; any whole number from 0 to 120 is a round of its own. None if unreadable."""
    cleaned = text.strip().lower().replace(" ", "_").replace("-", "_")
    if cleaned in NAMED_ROUNDS:
        return NAMED_ROUNDS[cleaned]
    for suffix in ("_months", "_month", "months", "month", "m"):
        if cleaned.endswith(suffix):
            cleaned = cleaned[: -len(suffix)].rstrip("_")
            break
    return int(cleaned) if cleaned.isdigit() and 0 <= int(cleaned) <= 120 else None


def score_table(answers: Mapping[str, Any], declared: Scheme) -> dict[str, list[float | None]]:
    """:func:`score` for many surveys at once (column of answers per indicator key, NaN or None
    where unanswered), for the demo data and bulk rescoring; the same rules, in whole columns."""
    import numpy as np  # the core's only NumPy use: keep importing the module cheap

    rows = len(next(iter(answers.values()))) if answers else 0
    dimension_values: dict[str, np.ndarray] = {}
    for dimension in DIMENSIONS_ORDER:
        weighted = np.zeros(rows)
        weights = np.zeros(rows)
        for indicator in (i for i in declared.indicators if i.dimension == dimension):
            given = np.asarray(answers.get(indicator.key, [np.nan] * rows), dtype=float)
            asked = ~np.isnan(given)
            if np.any(asked & ((given < indicator.lowest) | (given > indicator.highest))):
                raise ValueError(f"{indicator.key}: an answer outside {indicator.lowest}..{indicator.highest}")
            value = (given - indicator.lowest) / (indicator.highest - indicator.lowest)
            value = value if indicator.higher_is_better else 1.0 - value
            weighted += np.where(asked, indicator.weight * value, 0.0)
            weights += np.where(asked, indicator.weight, 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            dimension_values[dimension] = np.where(weights > 0, weighted / weights, np.nan)
    total = sum(declared.dimension_weights.values())
    composite = np.zeros(rows)
    for dimension in DIMENSIONS_ORDER:
        composite += declared.dimension_weights[dimension] * dimension_values[dimension]
    composite /= total
    out = {**dimension_values, "composite": composite}
    # Python's round, as :func:`score` rounds (NumPy rounds halves to even as well; the same digits).
    return {name: [None if np.isnan(v) else round(float(v), 4) for v in values] for name, values in out.items()}
