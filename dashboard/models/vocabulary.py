"""Controlled vocabularies shared by the data model, the seed data and the UI.

Values are what the database stores and what imports must contain; labels come
from the message catalogue (``dashboard/i18n``) under ``<vocabulary>.<value>``.
"""

from __future__ import annotations

from enum import StrEnum


class Service(StrEnum):
    """Services the programme names for returnees (reference: PROTTASHA leaflet)."""

    IMMEDIATE_ASSISTANCE = "immediate_assistance"
    PSYCHOSOCIAL_COUNSELLING = "psychosocial_counselling"
    MEDICAL_TREATMENT = "medical_treatment"
    SOCIAL_SAFETY_NET = "social_safety_net"
    LEGAL_SUPPORT = "legal_support"
    EDUCATION = "education"
    INKIND_SUPPORT = "inkind_support"
    SKILLS_TRAINING = "skills_training"
    JOB_PLACEMENT = "job_placement"
    FINANCIAL_SERVICES = "financial_services"
    ENTREPRENEURSHIP = "entrepreneurship"
    FINANCIAL_LITERACY = "financial_literacy"


class Sex(StrEnum):
    """Sex as recorded at profiling."""

    MALE = "male"
    FEMALE = "female"
    OTHER = "other"


class AgeBand(StrEnum):
    """Age band at profiling; bands, not birth dates, to keep records less identifying."""

    UNDER_18 = "under_18"
    AGE_18_24 = "18_24"
    AGE_25_34 = "25_34"
    AGE_35_44 = "35_44"
    AGE_45_54 = "45_54"
    AGE_55_PLUS = "55_plus"


class ReturnGroup(StrEnum):
    """The programme reports returnees from EU countries apart from transit countries."""

    EU = "eu"
    TRANSIT = "transit"


class ReturneeStatus(StrEnum):
    """Where a returnee stands in the reintegration process."""

    PROFILED = "profiled"
    PLAN_AGREED = "plan_agreed"
    RECEIVING_SUPPORT = "receiving_support"
    REINTEGRATED = "reintegrated"
    DISCONTINUED = "discontinued"


class Vulnerability(StrEnum):
    """Vulnerability flags recorded at screening."""

    PHYSICAL_ILLNESS = "physical_illness"
    MENTAL_DISTRESS = "mental_distress"
    DISABILITY = "disability"
    HEAVY_DEBT = "heavy_debt"
    TRAFFICKING_SURVIVOR = "trafficking_survivor"
    FEMALE_HEADED_HOUSEHOLD = "female_headed_household"
    NO_INCOME = "no_income"


class ProviderType(StrEnum):
    """Kind of organisation running a service point."""

    GOVERNMENT = "government"
    NGO = "ngo"
    PRIVATE = "private"
    FINANCIAL = "financial"
    TRAINING = "training"


class AssistanceOutcome(StrEnum):
    """What became of a referral or an offer of assistance."""

    PENDING = "pending"
    RECEIVED = "received"
    DECLINED = "declined"
    NOT_AVAILABLE = "not_available"


class AwarenessKind(StrEnum):
    """Community awareness activities the programme reports."""

    IPT_SHOW = "ipt_show"
    VIDEO_SHOW = "video_show"
    SCHOOL_QUIZ = "school_quiz"
    UMF_MEETING = "umf_meeting"
    WORKSHOP = "workshop"
    TEA_STALL_MEETING = "tea_stall_meeting"


class HotlineTopic(StrEnum):
    """What a hotline caller asked about."""

    SAFE_MIGRATION = "safe_migration"
    REINTEGRATION = "reintegration"
    LEGAL = "legal"
    REFERRAL = "referral"
    REMIGRATION = "remigration"
    OTHER = "other"


class HotlineCaller(StrEnum):
    """Who called the hotline, as the programme records it."""

    RETURNEE = "returnee"
    FAMILY = "family"
    ASPIRANT_MIGRANT = "aspirant_migrant"


class ActionStatus(StrEnum):
    """State of a DCC action item."""

    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class Department(StrEnum):
    """Departments and partners that sit on a District Coordination Committee."""

    DEMO = "demo"
    DISTRICT_ADMINISTRATION = "district_administration"
    HEALTH = "health"
    SOCIAL_SERVICES = "social_services"
    POLICE_SPECIAL_BRANCH = "police_special_branch"
    BMET = "bmet"
    WAGE_EARNERS_WELFARE_BOARD = "wage_earners_welfare_board"
    YOUTH_DEVELOPMENT = "youth_development"
    WOMEN_AFFAIRS = "women_affairs"
    NGO_PARTNERS = "ngo_partners"
    RETURNEE_REPRESENTATIVES = "returnee_representatives"
