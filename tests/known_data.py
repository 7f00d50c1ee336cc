"""A small data set whose every figure can be counted by hand, for browser tests.

Browser tests compare what the page shows with the constants below, which
describe the rows :func:`load` writes; they never ask the query under test.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from dashboard.commands.accounts import create_user
from dashboard.models.vocabulary import ReturnGroup, Sex
from tests import factories as f

# Sylhet district: 3 women from EU countries and 2 men from transit countries, all in Golapganj,
# all living in one ~2 km grid cell (SYLHET_CELL).
SYLHET_WOMEN, SYLHET_MEN = 3, 2
SYLHET_LOCATION = (24.86, 92.01)
# Khulna district: 4 men from EU countries in Dumuria. Names below appear nowhere else, so a test
# can tell whether anything about Khulna reached someone who works in Sylhet.
KHULNA_MEN = 4
KHULNA_LOCATION = (22.81, 89.43)
KHULNA_PROVIDER = "Khulna Legal Aid Clinic"
KHULNA_FAIR_VENUE = "Dumuria Fair Ground"
RETURNEES = SYLHET_WOMEN + SYLHET_MEN + KHULNA_MEN
WOMEN = SYLHET_WOMEN
GOLAPGANJ_RETURNEES = SYLHET_WOMEN + SYLHET_MEN
FAIRS = 1  # one fair, in Dumuria
PEOPLE_REACHED = 250  # two awareness events: 100 in Dumuria, 150 in Golapganj
DCC_MEETINGS = 2  # Khulna's committee met twice
NATIONAL_TARGET_RETURNEES = 3000
# One user per role (district roles work in Sylhet), all with this password.
PASSWORD = "correct horse battery staple"
USERS = {"hq": ("hq_analyst", []), "admin": ("hq_admin", []), "officer": ("district_officer", [f.SYLHET]),
         "member": ("dcc_member", [f.SYLHET]), "viewer": ("viewer", [])}


def load(session: Session) -> None:
    """Write the rows the constants above describe."""
    lat, lon = SYLHET_LOCATION
    for _ in range(SYLHET_WOMEN):
        f.returnee(session, upazila=f.GOLAPGANJ, sex=Sex.FEMALE, return_group=ReturnGroup.EU,
                   country_code="IT", lat=lat, lon=lon)
    for _ in range(SYLHET_MEN):
        f.returnee(session, upazila=f.GOLAPGANJ, sex=Sex.MALE, return_group=ReturnGroup.TRANSIT,
                   country_code="LY", lat=lat, lon=lon)
    lat, lon = KHULNA_LOCATION
    for _ in range(KHULNA_MEN):
        f.returnee(session, upazila=f.DUMURIA, sex=Sex.MALE, return_group=ReturnGroup.EU, lat=lat, lon=lon)
    f.fair(session, upazila=f.DUMURIA, venue=KHULNA_FAIR_VENUE)
    f.provider(session, upazila=f.DUMURIA, name=KHULNA_PROVIDER)
    f.awareness(session, upazila=f.DUMURIA, people_reached=100)
    f.awareness(session, upazila=f.GOLAPGANJ, people_reached=150)
    f.dcc(session, district=f.KHULNA, meetings=(date(2018, 1, 10), date(2018, 4, 12)))
    f.provider(session, upazila=f.GOLAPGANJ, lat=24.85, lon=92.0)
    f.target(session, "returnees_profiled", "BD", NATIONAL_TARGET_RETURNEES)
    add_users(session)


def add_users(session: Session) -> None:
    """The users in USERS."""
    for name, (role, districts) in USERS.items():
        create_user(session, name, role, districts, PASSWORD)
