"""Figures the demo data must reproduce, from the programme's own reports.

``REPORTED`` is the PROTTASHA fact sheet's position at 31 December 2019
(``shared/seeds``); ``PROGRAMME_TARGETS`` are the project sheet's targets
(3,000 returnees, 70 migration fairs, ten DCCs). Everything else in the demo
data is invented and says so in the README.
"""

from __future__ import annotations

from datetime import date

REPORTED_AS_OF = date(2019, 12, 31)

REPORTED: dict[str, int] = {
    "returnees_profiled": 1205,
    "returnees_eu": 663,
    "returnees_transit": 542,
    "reintegration_plans": 354,
    "psychosocial_support": 381,
    "medical_support": 21,
    "inkind_support": 152,
    "skills_training_referrals": 28,
    "immediate_assistance": 236,
    "ipt_shows": 1621,
    "umf_meetings": 644,
    "video_shows": 2288,
    "school_quizzes": 288,
    "workshops": 581,
    "people_reached": 996_003,
    "migration_fairs": 20,
    "dccs_formed": 10,
    "dcc_meetings": 43,
}

# Activity went on from January to April 2020; these shares of each reported
# figure are added after the reporting date so that period filters matter.
AFTER_REPORT_SHARE = 0.12

PROGRAMME_TARGETS: dict[str, int] = {
    "returnees_profiled": 3000,
    "migration_fairs": 70,
    "dccs_formed": 10,
}

# The ten districts with a DCC and most returnees, with their share of
# returnees; the remaining share is spread thinly over the other 54 districts.
# Shares are invented for the demo; the districts named in the fact sheet's
# stories (Khulna: Dumuria; Sylhet: Osmani Nagar, Golapganj) are among them.
HIGH_MIGRATION_DISTRICTS: dict[str, float] = {
    "Sylhet": 0.17,
    "Madaripur": 0.10,
    "Moulvibazar": 0.09,
    "Khulna": 0.08,
    "Sunamganj": 0.08,
    "Shariatpur": 0.08,
    "Faridpur": 0.07,
    "Munshiganj": 0.07,
    "Habiganj": 0.06,
    "Narsingdi": 0.05,
}

# Upazilas the fact sheet's stories come from get a large share of their district.
FEATURED_UPAZILAS: dict[tuple[str, str], float] = {
    ("Khulna", "Dumuria"): 0.30,
    ("Sylhet", "Osmaninagar"): 0.18,
    ("Sylhet", "Golapganj"): 0.18,
}
