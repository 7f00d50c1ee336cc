"""What each kind of import file holds: its columns, their meaning and rules, and its natural key.

One declaration per kind drives everything: header matching, parsing and
validation, the XLSX template (header, notes sheet, drop-down lists), and
``docs/import.md`` (a test checks it lists every column).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from enum import Enum

import pandas as pd

from dashboard.core import outcomes
from dashboard.core.indicators import INDICATOR_KEYS
from dashboard.core.outcomes import outcome_scheme_folder
from dashboard.features.imports import parsers as p
from dashboard.features.imports.messages import message
from dashboard.models.vocabulary import (
    ActionStatus,
    AgeBand,
    AssistanceOutcome,
    AwarenessKind,
    Department,
    HotlineCaller,
    HotlineTopic,
    ProviderType,
    ReturneeStatus,
    ReturnGroup,
    Service,
    Sex,
    Vulnerability,
)
from geodata import Level


@dataclass(frozen=True)
class Context:
    """What parsing may depend on: today's date, and columns already parsed (in declared order)."""

    today: date
    parsed: dict[str, pd.Series] = field(default_factory=dict)


@dataclass(frozen=True)
class Column:
    """One column of a kind: how it is written, parsed and explained."""

    name: str
    parser: Callable[[Context], p.Parser]
    description: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()   # allowed codes, for the template's drop-down list
    multi: bool = False             # select-multiple: space-separated, or one 0/1 column per choice
    location: bool = False          # a Kobo geopoint, or a latitude/longitude pair
    vocabulary: str = ""            # the catalogue's prefix for its codes' labels ("service": service.legal_support)
    hxl: str = ""                   # its HXL hashtag with attributes (#adm2+name), for files that carry HXL tags
    labels: tuple[str, ...] = ()    # its label in English and Bangla, where not the catalogue's import.field.<name>


@dataclass(frozen=True)
class Kind:
    """A kind of import file."""

    name: str
    title: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    one_of: tuple[tuple[str, ...], ...] = ()  # at least one column of each group must be present
    about_returnees: bool = False             # personal-data columns are refused
    personal_allowed: frozenset[str] = frozenset()

    def column(self, name: str) -> Column:
        """The column called ``name``."""
        return next(c for c in self.columns if c.name == name)


def _values(vocabulary: type[Enum]) -> tuple[str, ...]:
    return tuple(member.value for member in vocabulary)


def _fixed(parser: p.Parser) -> Callable[[Context], p.Parser]:
    return lambda _ctx: parser


def _upazila_in(district_column: str) -> Callable[[Context], p.Parser]:
    return lambda ctx: p.place(Level.UPAZILA, ctx.parsed.get(district_column))


def _past(ctx: Context) -> p.Parser:
    return p.a_date(ctx.today)


def _any_date(ctx: Context) -> p.Parser:
    return p.a_date(ctx.today, not_future=False)


DISTRICT = Column("district", _fixed(p.place(Level.DISTRICT)), "district: P-code (BD6091) or name in any spelling "
                  "or in Bangla (Comilla, Cumilla, কুমিল্লা)", required=True, aliases=("district_name", "zila"),
                  hxl="#adm2")
UPAZILA = Column("upazila", _upazila_in("district"), "upazila of that district: P-code or name (Osmani Nagar, "
                 "Osmaninagar, ওসমানী নগর)", required=True, aliases=("upazila_name", "thana", "sub_district"),
                 hxl="#adm3")
GPS = Column("gps", _fixed(p.gps()), "location: Kobo geopoint \"lat lon altitude accuracy\", or two columns "
             "lat/lon (_gps_latitude/_gps_longitude); kept to 0.01 degrees (~1 km)", location=True,
             aliases=("location", "geopoint"), hxl="#geo+coord")
CODE = Column("code", _fixed(p.text(64)), "the event's own id (e.g. Kobo's _uuid, used when this is blank): "
              "importing the same event again updates it instead of adding it twice", aliases=("activity_code",),
              hxl="#activity+code")

RETURNEES = Kind("returnees", "Returnees (with needs)", key=("returnee_code",), about_returnees=True,
                 one_of=(("age", "age_band"),), columns=(
    Column("returnee_code", _fixed(p.text(24)), "pseudonymous code of the returnee (no names): the key",
           required=True, aliases=("code", "returnee_id", "case_code"), hxl="#beneficiary+code"),
    Column("sex", _fixed(p.code(_values(Sex), {"m": "male", "f": "female"})), "male, female or other",
           required=True, choices=_values(Sex), aliases=("gender",), vocabulary="sex", hxl="#affected+sex"),
    Column("age", _fixed(p.integer(0, 100)), "age in years (0-100); stored as its band", aliases=("age_years",),
           hxl="#affected+age"),
    Column("age_band", _fixed(p.code(_values(AgeBand))), "age band, when the age is not given",
           choices=_values(AgeBand), vocabulary="age_band", hxl="#affected+age+band"),
    Column("return_date", _past, "date of return to Bangladesh (YYYY-MM-DD), not in the future", required=True,
           hxl="#date+return"),
    Column("country_returned_from", _fixed(p.country()), "English name or ISO code of the country returned from",
           required=True, aliases=("country", "returned_from"), hxl="#country"),
    Column("return_group", _fixed(p.code(_values(ReturnGroup))), "eu or transit; when blank, eu for an EU "
           "member state and transit otherwise", choices=_values(ReturnGroup),
           vocabulary="return_group", hxl="#affected+group"),
    DISTRICT, UPAZILA, GPS,
    Column("services_needed", _fixed(p.codes(_values(Service))), "services needed, space-separated codes "
           "(Kobo select-multiple), or one 0/1 column per code (services_needed/legal_support)",
           choices=_values(Service), multi=True, aliases=("needs", "services"), vocabulary="service",
           hxl="#service+needed"),
    Column("vulnerabilities", _fixed(p.codes(_values(Vulnerability))), "vulnerabilities, in the same forms",
           choices=_values(Vulnerability), multi=True, vocabulary="vulnerability", hxl="#affected+vulnerability"),
    Column("status", _fixed(p.code(_values(ReturneeStatus))), "where the returnee stands (default profiled)",
           choices=_values(ReturneeStatus), vocabulary="status", hxl="#status"),
    Column("profiled_on", _past, "date profiled (default: the date of _submission_time, else the import date); "
           "not before the return date", hxl="#date+profiled"),
    Column("plan_date", _past, "date the reintegration plan was completed", hxl="#date+plan"),
    Column("notes", _fixed(p.text(2000)), "free text, stored as text only", aliases=("remarks", "comments"),
           hxl="#description"),
))

ASSISTANCE = Kind("assistance", "Assistance and referrals", key=("returnee_code", "service", "referred_on"),
                  about_returnees=True, columns=(
    Column("returnee_code", _fixed(p.text(24)), "the returnee's code (must already be imported)", required=True,
           hxl="#beneficiary+code"),
    Column("service", _fixed(p.code(_values(Service))), "the service", required=True, choices=_values(Service),
           vocabulary="service", hxl="#service"),
    Column("referred_on", _past, "date referred (YYYY-MM-DD)", required=True, hxl="#date+referred"),
    Column("outcome", _fixed(p.code(_values(AssistanceOutcome))), "pending, received, declined or not_available",
           required=True, choices=_values(AssistanceOutcome), vocabulary="outcome", hxl="#status+outcome"),
    Column("completed_on", _past, "date received, when received; not before the referral",
           hxl="#date+completed"),
))

PROVIDERS = Kind("providers", "Service providers (with services)", key=("name", "upazila"),
                 personal_allowed=frozenset({"name", "contact_phone", "phone"}), columns=(
    Column("name", _fixed(p.text(200)), "name of the service point", required=True, aliases=("provider_name",),
           hxl="#loc+name"),
    Column("organisation", _fixed(p.text(200)), "organisation running it", required=True, aliases=("organization",),
           hxl="#org+name"),
    Column("provider_type", _fixed(p.code(_values(ProviderType))), "government, ngo, private, financial or training",
           required=True, choices=_values(ProviderType), aliases=("type",), vocabulary="provider_type",
           hxl="#org+type"),
    DISTRICT, UPAZILA, replace(GPS, required=True, description=f"{GPS.description}; required: distances to "
                               "services are measured from it"),
    Column("services", _fixed(p.codes(_values(Service))), "services offered, as for services_needed",
           required=True, choices=_values(Service), multi=True, vocabulary="service", hxl="#service"),
    Column("contact_phone", _fixed(p.text(32)), "the office's public phone number", aliases=("phone",),
           hxl="#contact+phone"),
    Column("capacity_per_month", _fixed(p.integer(0, 1_000_000)), "people it can serve per month", hxl="#capacity"),
))

FAIRS = Kind("fairs", "Migration fairs", key=("held_on", "upazila", "venue"), columns=(
    Column("held_on", _past, "date of the fair", required=True, aliases=("date",), hxl="#date"),
    DISTRICT, UPAZILA,
    Column("venue", _fixed(p.text(200)), "where it was held", required=True, hxl="#loc+name"),
    replace(GPS, required=True, description=f"the venue's {GPS.description}; required: the fair's reach is "
            "measured from it"),
    Column("visitors", _fixed(p.integer(0, 10_000_000)), "visitors counted", required=True, hxl="#reached+visitors"),
    Column("referrals_made", _fixed(p.integer(0, 10_000_000)), "referrals made at the fair", required=True,
           aliases=("referrals",), hxl="#reached+referred"),
))

DEPARTMENTS = _values(Department)
DCC_MEETINGS = Kind("dcc_meetings", "DCC meetings and attendance", key=("district", "held_on"), columns=(
    DISTRICT,
    Column("held_on", _past, "date of the meeting", required=True, aliases=("date", "meeting_date"),
           hxl="#date+meeting"),
    Column("agenda", _fixed(p.text(2000)), "the agenda", required=True, hxl="#description+agenda"),
    Column("departments_present", _fixed(p.codes(DEPARTMENTS)), "departments present (codes, as for "
           "services_needed); each counts one attendee", required=True, choices=DEPARTMENTS, multi=True,
           aliases=("attendance",), vocabulary="department", hxl="#org+present"),
    Column("decisions", _fixed(p.text(4000)), "decisions taken, separated by |", hxl="#description+decisions"),
))

ACTION_ITEMS = Kind("action_items", "DCC action items", key=("district", "meeting_date", "description"), columns=(
    DISTRICT,
    Column("meeting_date", _past, "date of the meeting that agreed it (the meeting must be imported)",
           required=True, hxl="#date+meeting"),
    Column("description", _fixed(p.text(1000)), "what is to be done", required=True, hxl="#description"),
    Column("owner", _fixed(p.code(DEPARTMENTS)), "the department responsible", required=True, choices=DEPARTMENTS,
           vocabulary="department", hxl="#org+owner"),
    Column("due_on", _any_date, "due date", required=True, hxl="#date+due"),
    Column("status", _fixed(p.code(_values(ActionStatus))), "open, done or dropped", required=True,
           choices=_values(ActionStatus), vocabulary="action_status", hxl="#status"),
    Column("completed_on", _past, "date done, when done", hxl="#date+completed"),
    Column("upazila", _upazila_in("district"), "upazila the item is about, if any (shown there on the map)",
           hxl="#adm3"),
))

AWARENESS = Kind("awareness", "Awareness activities", key=("code",), columns=(
    CODE,
    Column("kind", _fixed(p.code(_values(AwarenessKind))), "ipt_show, video_show, school_quiz, umf_meeting, "
           "workshop or tea_stall_meeting", required=True, choices=_values(AwarenessKind), aliases=("activity",),
           vocabulary="awareness_kind", hxl="#activity+type"),
    Column("held_on", _past, "date held", required=True, aliases=("date",), hxl="#date"),
    DISTRICT, UPAZILA,
    Column("people_reached", _fixed(p.integer(0, 1_000_000)), "people reached", required=True, hxl="#reached"),
))

YES_NO = ("yes", "no")

HOTLINE = Kind("hotline", "Hotline calls", key=("code",), columns=(
    CODE,
    Column("called_at", lambda ctx: p.a_datetime(ctx.today), "date and time of the call", required=True,
           hxl="#date+call"),
    Column("district", _fixed(p.place(Level.DISTRICT)), "caller's district, if known", hxl="#adm2"),
    Column("upazila", _upazila_in("district"), "caller's upazila in that district, if known (P-code or name)",
           aliases=("upazila_name", "thana"), hxl="#adm3"),
    Column("topic", _fixed(p.code(_values(HotlineTopic))), "what the caller asked about", required=True,
           choices=_values(HotlineTopic), vocabulary="hotline_topic", hxl="#event+topic"),
    Column("caller_type", _fixed(p.code(_values(HotlineCaller), {"aspirant": "aspirant_migrant",
                                                                  "family_member": "family"})),
           "who called: returnee, family (a returnee's or migrant's family member) or aspirant_migrant; "
           "blank if not recorded", choices=_values(HotlineCaller), aliases=("caller",),
           vocabulary="hotline_caller", hxl="#affected+caller+type"),
    Column("referred", _fixed(p.code(YES_NO, {"y": "yes", "n": "no", "1": "yes", "0": "no", "true": "yes",
                                              "false": "no", "হ্যাঁ": "yes", "না": "no"})),
           "whether the caller was referred to a service: yes or no; blank if not recorded", choices=YES_NO,
           aliases=("referral",), vocabulary="yes_no", hxl="#status+referred"),
))

TARGETS = Kind("targets", "Targets", key=("indicator", "area"), columns=(
    Column("indicator", _fixed(p.code(INDICATOR_KEYS)), "indicator key (as in summary --json)", required=True,
           choices=INDICATOR_KEYS, vocabulary="indicator", hxl="#indicator+code"),
    Column("area", _fixed(p.text(12)), "BD for the national target, or a district P-code", required=True,
           hxl="#loc+code"),
    Column("value", _fixed(p.integer(0, 100_000_000)), "the target, a whole number", required=True,
           hxl="#targeted"),
    Column("due_on", _any_date, "date the target is due", required=True, hxl="#date+due"),
))

# Follow-up surveys (issue 29): one column per indicator declared in the outcome scheme
# (dashboard/core/outcomes/indicators.csv, or the administrator's replacement), so the answer
# codes and their allowed values are declared once, there.
def _survey_round(_ctx: Context) -> p.Parser:
    def parse(column: pd.Series) -> p.Parsed:
        months = column.map(outcomes.round_months)
        errors = p.blank_errors(column).mask(
            (column != "") & months.isna(), message("not_a_round", low=0, high=120))
        return p.Parsed(months.astype("Int64"), errors)
    return parse


def _answer_column(indicator: outcomes.Indicator) -> Column:
    codes = tuple(str(v) for v in range(indicator.lowest, indicator.highest + 1))
    return Column(indicator.key, _fixed(p.integer(indicator.lowest, indicator.highest)),
                  f"{indicator.dimension}: {indicator.label_en}; blank if not asked", choices=codes,
                  labels=(indicator.label_en, indicator.label_bn), hxl=f"#indicator+{indicator.key}")


def followups_kind(scheme: outcomes.Scheme) -> Kind:
    """The follow-up survey kind for the indicators of ``scheme``."""
    return Kind("followups", "Follow-up surveys (reintegration outcomes)", key=("returnee_code", "round"),
                about_returnees=True, columns=(
        Column("returnee_code", _fixed(p.text(24)), "the returnee's code (must already be imported)", required=True,
           hxl="#beneficiary+code"),
        Column("surveyed_on", _past, "date of the survey (YYYY-MM-DD)", required=True,
               aliases=("survey_date", "date"), hxl="#date+survey"),
        Column("round", _survey_round, "months after return: baseline, 3_months, 6_months, 12_months, or a whole "
               "number of months (0-120); the same returnee and round again updates the survey", required=True,
               aliases=("survey_round", "round_months"), hxl="#meta+round"),
        *(_answer_column(i) for i in scheme.indicators),
    ))


FOLLOWUPS = followups_kind(outcomes.scheme(outcome_scheme_folder()))

KINDS: dict[str, Kind] = {k.name: k for k in (RETURNEES, ASSISTANCE, PROVIDERS, FAIRS, DCC_MEETINGS, ACTION_ITEMS,
                                               AWARENESS, HOTLINE, TARGETS, FOLLOWUPS)}
