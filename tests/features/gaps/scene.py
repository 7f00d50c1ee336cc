"""One small Sylhet scene whose service gaps can be worked out by hand.

Golapganj (Sylhet) holds returnees in need of legal support; the only legal provider
within reach is over the district border in Baralekha (Moulvibazar), 17.3 km from them.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from dashboard.models.vocabulary import AssistanceOutcome, Service
from tests import factories as f

LEGAL, COUNSELLING = Service.LEGAL_SUPPORT, Service.PSYCHOSOCIAL_COUNSELLING
BARALEKHA = "BD60580014"
HOME = (24.81, 92.01)                   # where the Golapganj returnees live
OVER_THE_BORDER = (24.70855, 92.17635)  # Baralekha: 20.2 km from HOME, 19.6 km from Golapganj's centre
BORDER_PROVIDER = "Baralekha Legal Aid"
SYLHET_COUNSELLOR = "Golapganj Counselling Centre"
KHULNA_PROVIDER = "Khulna Legal Clinic"
IN_NEED_OF_LEGAL = 3   # in Golapganj: no assistance, a pending referral, and one with no stored location
CODES_IN_NEED = ("PR-G0001", "PR-G0002", "PR-G0003")


def load(session: Session) -> None:
    """Write the scene."""
    lat, lon = HOME
    waiting = f.returnee(session, upazila=f.GOLAPGANJ, code=CODES_IN_NEED[0], lat=lat, lon=lon)
    referred = f.returnee(session, upazila=f.GOLAPGANJ, code=CODES_IN_NEED[1], lat=lat, lon=lon)
    f.assistance(session, referred, LEGAL, outcome=AssistanceOutcome.PENDING, completed_on=None)
    unlocated = f.returnee(session, upazila=f.GOLAPGANJ, code=CODES_IN_NEED[2])
    helped = f.returnee(session, upazila=f.GOLAPGANJ, code="PR-G0004", lat=lat, lon=lon)
    f.assistance(session, helped, LEGAL)
    other_need = f.returnee(session, upazila=f.GOLAPGANJ, code="PR-G0005", lat=lat, lon=lon)
    khulna = f.returnee(session, upazila=f.DUMURIA, code="PR-K0001", lat=22.81, lon=89.43)
    for person in (waiting, referred, unlocated, helped, khulna):
        f.need(session, person, LEGAL)
    f.need(session, other_need, COUNSELLING)
    f.provider(session, upazila=BARALEKHA, services=(LEGAL,), name=BORDER_PROVIDER,
               lat=OVER_THE_BORDER[0], lon=OVER_THE_BORDER[1], capacity_per_month=40)
    f.provider(session, upazila=f.GOLAPGANJ, services=(COUNSELLING,), name=SYLHET_COUNSELLOR, lat=24.83, lon=92.0)
    f.provider(session, upazila=f.DUMURIA, services=(LEGAL,), name=KHULNA_PROVIDER)
    f.fair(session, upazila=f.GOLAPGANJ, held_on=date(2018, 6, 20), venue="Golapganj Fair Ground",
           lat=lat, lon=lon)
