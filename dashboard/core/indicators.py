"""The programme indicators: one stable key each, shared by the CLI, KPI cards and targets.

Keys are the documented JSON names of ``python -m dashboard summary --json``;
do not rename them. Labels live in the message catalogue as ``indicator.<key>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class IndicatorGroup(StrEnum):
    """The three components the programme reports on."""

    REINTEGRATION = "reintegration"
    AWARENESS = "awareness"
    GOVERNANCE = "governance"


@dataclass(frozen=True, slots=True)
class Indicator:
    """A programme figure: its key, its group and how it is defined."""

    key: str
    group: IndicatorGroup
    definition: str


_R, _A, _G = IndicatorGroup.REINTEGRATION, IndicatorGroup.AWARENESS, IndicatorGroup.GOVERNANCE

INDICATORS: tuple[Indicator, ...] = (
    Indicator("returnees_profiled", _R, "returnees profiled and screened in the period"),
    Indicator("returnees_eu", _R, "of those, returned from EU countries"),
    Indicator("returnees_transit", _R, "of those, returned from transit countries"),
    Indicator("reintegration_plans", _R, "tailored reintegration plans completed in the period"),
    Indicator("psychosocial_support", _R, "returnees enrolled for psychosocial support (referred, not declined)"),
    Indicator("medical_support", _R, "returnees who received medical treatment support"),
    Indicator("inkind_support", _R, "returnees who received in-kind economic support"),
    Indicator("skills_training_referrals", _R, "returnees referred for skills training"),
    Indicator("immediate_assistance", _R, "returnees given immediate assistance on arrival"),
    Indicator("ipt_shows", _A, "interactive popular theatre shows held"),
    Indicator("umf_meetings", _A, "Upazila Migration Forum meetings held"),
    Indicator("video_shows", _A, "video shows held"),
    Indicator("school_quizzes", _A, "school quizzes held"),
    Indicator("workshops", _A, "community sensitisation workshops held"),
    Indicator("people_reached", _A, "people reached by all awareness activities"),
    Indicator("migration_fairs", _G, "migration fairs held"),
    Indicator("dccs_formed", _G, "District Coordination Committees formed by the end of the period"),
    Indicator("dcc_meetings", _G, "DCC meetings held"),
)

INDICATOR_KEYS: tuple[str, ...] = tuple(i.key for i in INDICATORS)
BY_KEY: dict[str, Indicator] = {i.key: i for i in INDICATORS}
# Indicators that count people of the returnee register (perturbed below headquarters); events are not.
RETURNEE_INDICATORS: tuple[str, ...] = tuple(i.key for i in INDICATORS if i.group == IndicatorGroup.REINTEGRATION)
