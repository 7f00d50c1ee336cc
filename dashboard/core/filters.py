"""User-chosen filters: area, period and who the returnees are.

Pure data, no SQL: ``dashboard.queries.conditions`` turns a :class:`Filters` into
WHERE clauses. Each filter on people is declared once in :data:`PERSON_FILTERS`
(its URL key, allowed values, labels, control and the column it narrows); the
filter panel, the chips, the URL and the SQL are all generated from that
declaration, so adding a filter is one entry there (plus its labels in the
message catalogue).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Literal

from dashboard.i18n import country_name, format_date, t
from dashboard.models.vocabulary import AgeBand, ReturneeStatus, ReturnGroup, Service, Sex

# The programme ran from April 2017 to April 2020 (PROTTASHA project sheet).
PROGRAMME_START = date(2017, 4, 1)
PROGRAMME_END = date(2020, 4, 30)
# Dates a shared link may carry; anything outside is not a programme date and is dropped
# (a year 0001 or 9999 would overflow date arithmetic for the previous period).
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2099, 12, 31)

# The programme's years: April-December 2017, 2018, 2019 and January-April 2020. A year's
# targets fall due at its last day (``programme_year``).
PROGRAMME_YEARS: tuple[int, ...] = tuple(range(PROGRAMME_START.year, PROGRAMME_END.year + 1))

# The column name meaning "any of the returnee's assessed needs" (a separate table).
NEEDS = "needs"
PERIOD = "period"
FROM_KEY, TO_KEY = "from", "to"


@dataclass(frozen=True)
class PersonFilter:
    """One filter on who a returnee is.

    ``key`` is the URL parameter, the :class:`Filters` keyword and the message
    ``filter.<key>``; ``allowed`` lists the valid values (``None``: any value
    ``valid`` accepts); ``column`` names the ``Returnee`` attribute it narrows,
    or :data:`NEEDS`.
    """

    key: str
    column: str
    allowed: tuple[str, ...] | None
    label: Callable[[str, str], str]
    widget: Literal["checklist", "dropdown"]
    valid: Callable[[str], bool] = lambda _value: True

    def clean(self, values: Iterable[str] | None) -> tuple[str, ...]:
        """Only allowed values, sorted and without repeats."""
        kept = {v for v in (values or ()) if isinstance(v, str)
                and (v in self.allowed if self.allowed is not None else self.valid(v))}
        return tuple(sorted(kept))


def _vocabulary(enum: type[StrEnum], prefix: str) -> tuple[tuple[str, ...], Callable[[str, str], str]]:
    return tuple(member.value for member in enum), lambda value, lang: t(f"{prefix}.{value}", lang)


def _is_country_code(value: str) -> bool:
    return len(value) == 2 and value.isascii() and value.isalpha() and value.isupper()


PERSON_FILTERS: tuple[PersonFilter, ...] = (
    PersonFilter("sex", "sex", *_vocabulary(Sex, "sex"), "checklist"),
    PersonFilter("age_band", "age_band", *_vocabulary(AgeBand, "age_band"), "dropdown"),
    PersonFilter("return_group", "return_group", *_vocabulary(ReturnGroup, "return_group"), "checklist"),
    PersonFilter("country", "country_code", None, lambda code, lang: f"{country_name(code, lang)} ({code})",
                 "dropdown", valid=_is_country_code),
    PersonFilter("need", NEEDS, *_vocabulary(Service, "service"), "dropdown"),
    PersonFilter("status", "status", *_vocabulary(ReturneeStatus, "status"), "dropdown"),
)
BY_KEY: dict[str, PersonFilter] = {spec.key: spec for spec in PERSON_FILTERS}
# Every URL key the filters own (other components must not use these).
URL_KEYS: tuple[str, ...] = (FROM_KEY, TO_KEY, *BY_KEY)


def parse_date(text: str | None) -> date | None:
    """A date from "YYYY-MM-DD" (a time part, as date pickers send, is ignored); None if invalid
    or outside the years a programme date can have."""
    try:
        day = date.fromisoformat(text[:10]) if text else None
    except (ValueError, TypeError):
        return None
    return day if day is None or EARLIEST_DATE <= day <= LATEST_DATE else None


def programme_year(year: int) -> tuple[date, date]:
    """The first and last day of one programme year: the calendar year within the programme
    (2017 from April, 2020 to April)."""
    if year not in PROGRAMME_YEARS:
        raise ValueError(f"{year} is not a programme year ({PROGRAMME_YEARS[0]}-{PROGRAMME_YEARS[-1]})")
    return max(date(year, 1, 1), PROGRAMME_START), min(date(year, 12, 31), PROGRAMME_END)


# Period presets, in the order the filter panel offers them. Each is whole calendar months (or
# the open period of the whole programme), so it means the same at headquarters and below.
RELATIVE_PRESETS: tuple[str, ...] = ("this_quarter", "last_quarter", "this_year", "last_12_months")
WHOLE_PROGRAMME = "whole_programme"
PRESETS: tuple[str, ...] = (*RELATIVE_PRESETS, *(f"year_{year}" for year in PROGRAMME_YEARS), WHOLE_PROGRAMME)


def _month_start(index: int) -> date:
    """The first day of month ``index`` (months counted from year 0: year * 12 + month - 1)."""
    return date(index // 12, index % 12 + 1, 1)


def _month_end(index: int) -> date:
    return _month_start(index + 1) - timedelta(days=1)


def preset_period(name: str, today: date) -> tuple[date | None, date | None]:
    """(start, end) of period preset ``name`` seen on ``today``: this and last calendar quarter,
    this calendar year, the last 12 whole months before this one, a programme year, or the whole
    programme (no start and no end: the open period). Raises KeyError for an unknown name."""
    month = today.year * 12 + today.month - 1
    quarter = month - month % 3  # the first month of this quarter
    if name == "this_quarter":
        return _month_start(quarter), _month_end(quarter + 2)
    if name == "last_quarter":
        return _month_start(quarter - 3), _month_end(quarter - 1)
    if name == "this_year":
        return date(today.year, 1, 1), date(today.year, 12, 31)
    if name == "last_12_months":
        return _month_start(month - 12), _month_end(month - 1)
    if name == WHOLE_PROGRAMME:
        return None, None
    if name.startswith("year_") and name[5:].isdigit() and int(name[5:]) in PROGRAMME_YEARS:
        return programme_year(int(name[5:]))
    raise KeyError(name)


def preset_of(start: date | None, end: date | None, today: date) -> str | None:
    """The first preset (in :data:`PRESETS` order) whose period is exactly (start, end), if any."""
    return next((name for name in PRESETS if preset_period(name, today) == (start, end)), None)


@dataclass(frozen=True, slots=True, init=False)
class Filters:
    """Area (district or upazila P-code), an inclusive date range (``None``: open) and
    the person filters that are set. Person filters narrow returnee-based figures
    only; events (awareness, fairs, meetings) have no person to filter on."""

    area: str | None
    start: date | None
    end: date | None
    people: tuple[tuple[str, tuple[str, ...]], ...]

    def __init__(self, area: str | None = None, start: date | None = None, end: date | None = None,
                 **people: Iterable[str]) -> None:
        unknown = set(people) - set(BY_KEY)
        if unknown:
            raise TypeError(f"unknown person filter(s): {sorted(unknown)}")
        chosen = tuple((spec.key, spec.clean(people[spec.key])) for spec in PERSON_FILTERS if people.get(spec.key))
        object.__setattr__(self, "area", area)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "people", tuple((key, values) for key, values in chosen if values))

    def chosen(self, key: str) -> tuple[str, ...]:
        """The values chosen for person filter ``key`` (empty: anyone)."""
        if key not in BY_KEY:
            raise KeyError(key)
        return dict(self.people).get(key, ())

    def replace(self, **changes: object) -> Filters:
        """A copy with some of area, start, end or person filters changed."""
        values: dict[str, object] = {"area": self.area, "start": self.start, "end": self.end, **dict(self.people)}
        values.update(changes)
        return Filters(**values)  # type: ignore[arg-type]

    @property
    def has_person_filters(self) -> bool:
        """Whether any filter on who the returnees are is set."""
        return bool(self.people)

    def active(self) -> list[str]:
        """Names of the filters that are set ("period" for the date range), in panel order."""
        return ([PERIOD] if self.start or self.end else []) + [key for key, _values in self.people]

    def without(self, name: str) -> Filters:
        """Drop one filter (a person filter key, or "period")."""
        if name == PERIOD:
            return self.replace(start=None, end=None)
        return self.replace(**{name: ()}) if name in BY_KEY else self

    def everything_cleared(self) -> Filters:
        """No period and no person filters; the area is kept."""
        return Filters(area=self.area)

    @property
    def whole_months(self) -> int:
        """How many calendar months a closed period spans when it starts on a 1st and ends on a
        month's last day (every preset does), else 0."""
        if self.start is None or self.end is None or self.is_backwards or self.start.day != 1:
            return 0
        if (self.end + timedelta(days=1)).day != 1:
            return 0
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def period_span(self) -> tuple[int, str]:
        """The period's length as (count, "months") for whole months, else (count, "days")."""
        return (self.whole_months, "months") if self.whole_months else (self.period_days, "days")

    def previous_period(self) -> Filters | None:
        """The equally long period just before this one (as many whole months, for a period of
        whole months; as many days otherwise), or None if the period is open or backwards."""
        if self.start is None or self.end is None or self.is_backwards:
            return None
        if months := self.whole_months:
            index = self.start.year * 12 + self.start.month - 1 - months
            if index < 12:  # before year 1
                return None
            return self.replace(start=date(index // 12, index % 12 + 1, 1), end=self.start - timedelta(days=1))
        try:
            end = self.start - timedelta(days=1)
            return self.replace(start=end - (self.end - self.start), end=end)
        except OverflowError:  # a period reaching back before year 1 has no predecessor
            return None

    @property
    def is_backwards(self) -> bool:
        """Whether the period ends before it starts (nothing can fall in it)."""
        return bool(self.start and self.end and self.end < self.start)

    @property
    def period_days(self) -> int:
        """Days in a closed period (0 when open or backwards)."""
        return (self.end - self.start).days + 1 if self.start and self.end and not self.is_backwards else 0

    # The URL ------------------------------------------------------------------

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> Filters:
        """Period and person filters from URL parameters; junk is dropped, never an error."""
        return cls(None, parse_date(query.get(FROM_KEY)), parse_date(query.get(TO_KEY)),  # area, start, end
                   **{spec.key: spec.clean(query.get(spec.key, "").split(",")) for spec in PERSON_FILTERS})

    def to_query(self) -> dict[str, str]:
        """URL parameters for the period and person filters that are set (never the area)."""
        params: dict[str, str] = {}
        if self.start:
            params[FROM_KEY] = self.start.isoformat()
        if self.end:
            params[TO_KEY] = self.end.isoformat()
        params.update({key: ",".join(values) for key, values in self.people})
        return params

    # Words --------------------------------------------------------------------

    def period_text(self, lang: str) -> str:
        """"1 January 2019 – 31 December 2019", or the whole programme."""
        if not (self.start or self.end):
            return t("kpi.period.all", lang)
        if self.is_backwards:
            return t("filter.backwards", lang, start=format_date(self.start, lang), end=format_date(self.end, lang))
        return t("kpi.period.range", lang, start=format_date(self.start, lang) if self.start else "…",
                 end=format_date(self.end, lang) if self.end else "…")

    def chip_label(self, name: str, lang: str) -> str:
        """"Sex: Female" style text of one active filter."""
        if name == PERIOD:
            return f"{t('filter.period', lang)}: {self.period_text(lang)}"
        spec = BY_KEY[name]
        return f"{t(f'filter.{name}', lang)}: {', '.join(spec.label(v, lang) for v in self.chosen(name))}"
