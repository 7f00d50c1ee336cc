"""Rules across the columns of a row, and the defaults each kind fills in.

Separate from the per-column parsers: these need several columns at once
(profiling not before return, a completion date for a done item, the age band
from the age, an event's code from Kobo's ``_uuid``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from dashboard.features.imports.messages import Message, message
from dashboard.models.vocabulary import AgeBand, ReturneeStatus, ReturnGroup
from geodata import Level, admin_areas

if TYPE_CHECKING:
    from dashboard.features.imports.kinds import Kind
    from dashboard.features.imports.validate import Problem

# EU member states (ISO 3166 alpha-2). The programme reports returnees from the EU apart
# from those coming back through transit countries (Libya, Turkey, the Balkans).
EU_MEMBERS = frozenset({"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
                        "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"})
AGE_BANDS = ((0, 17, AgeBand.UNDER_18), (18, 24, AgeBand.AGE_18_24), (25, 34, AgeBand.AGE_25_34),
             (35, 44, AgeBand.AGE_35_44), (45, 54, AgeBand.AGE_45_54), (55, 200, AgeBand.AGE_55_PLUS))

Rule = Callable[[pd.DataFrame, pd.DataFrame, date], list["Problem"]]


def _problem(row_positions: np.ndarray, field: str, text: pd.DataFrame, why: Message) -> list[Problem]:
    from dashboard.features.imports.validate import Problem

    return [Problem(int(p) + 1, field, str(text[field].iat[int(p)]) if field in text else "", why)
            for p in row_positions]


def _before(frame: pd.DataFrame, later: str, earlier: str) -> np.ndarray:
    both = frame[later].notna() & frame[earlier].notna()
    return np.flatnonzero((both & (frame[later].where(both) < frame[earlier].where(both))).to_numpy())


def _returnees(frame: pd.DataFrame, text: pd.DataFrame, today: date) -> list[Problem]:
    band = pd.Series(None, index=frame.index, dtype=object)
    age = frame["age"]
    for low, high, value in AGE_BANDS:
        band = band.mask(age.notna() & (age >= low) & (age <= high), value.value)
    frame["age_band"] = frame["age_band"].where(frame["age_band"].notna(), band)
    problems = _problem(np.flatnonzero((frame["age_band"].isna() & (text["age"] == "") & (text["age_band"] == ""))
                                       .to_numpy()), "age", text, message("required_age"))
    derived = frame["country_returned_from"].map(lambda c: ReturnGroup.EU.value if c in EU_MEMBERS
                                                 else ReturnGroup.TRANSIT.value, na_action="ignore")
    frame["return_group"] = frame["return_group"].where(frame["return_group"].notna(), derived)
    frame["status"] = frame["status"].fillna(ReturneeStatus.PROFILED.value)
    submitted = pd.to_datetime(frame.get("_submission_time", pd.Series("", index=frame.index)).str.slice(0, 10),
                               format="%Y-%m-%d", errors="coerce").dt.date
    frame["profiled_on"] = frame["profiled_on"].where(frame["profiled_on"].notna(), submitted).fillna(today)
    problems += _problem(_before(frame, "profiled_on", "return_date"), "profiled_on", text,
                         message("before_return"))
    problems += _problem(_before(frame, "plan_date", "return_date"), "plan_date", text, message("before_return"))
    return problems


def _assistance(frame: pd.DataFrame, text: pd.DataFrame, _today: date) -> list[Problem]:
    return _problem(_before(frame, "completed_on", "referred_on"), "completed_on", text, message("before_referral"))


def _action_items(frame: pd.DataFrame, text: pd.DataFrame, _today: date) -> list[Problem]:
    done = (frame["status"] == "done") & frame["completed_on"].isna() & (text["completed_on"] == "")
    problems = _problem(np.flatnonzero(done.to_numpy()), "completed_on", text, message("required_when_done"))
    return problems + _problem(_before(frame, "completed_on", "meeting_date"), "completed_on", text,
                               message("before_meeting"))


def _with_code(frame: pd.DataFrame, text: pd.DataFrame, _today: date) -> list[Problem]:
    if "_uuid" in frame:
        frame["code"] = frame["code"].where(frame["code"].notna(), frame["_uuid"].replace("", None))
    missing = frame["code"].isna() & (text["code"] == "")
    return _problem(np.flatnonzero(missing.to_numpy()), "code", text, message("required_code"))


def _targets(frame: pd.DataFrame, text: pd.DataFrame, _today: date) -> list[Problem]:
    areas = admin_areas()
    known = frame["area"].map(lambda a: a == "BD" or (a in areas and areas[a].level == Level.DISTRICT),
                              na_action="ignore")
    return _problem(np.flatnonzero((frame["area"].notna() & ~known.fillna(False).astype(bool)).to_numpy()),
                    "area", text, message("not_a_target_area"))


RULES: dict[str, Rule] = {"returnees": _returnees, "assistance": _assistance, "action_items": _action_items,
                          "awareness": _with_code, "hotline": _with_code, "targets": _targets}


def cross_checks(kind: Kind, parsed: pd.DataFrame, text: pd.DataFrame, today: date) -> tuple[list[Problem],
                                                                                          pd.DataFrame]:
    """Problems found across columns, and the frame with each kind's defaults filled in."""
    frame = parsed.copy()
    rule = RULES.get(kind.name)
    return (rule(frame, text, today) if rule else []), frame
