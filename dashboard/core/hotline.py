"""Which hotline calls the map counts, and the rate of calls per 10,000 returnees.

The hotline has filters of its own (topic, who called, whether the caller was referred): they
narrow calls only, never returnees, so they are not person filters (``core.filters``). The map's
hotline layer, its hotline metrics and the upazila panel read one :class:`HotlineChoice` from the
URL, so the three always count the same calls. Pure data, no SQL: ``queries.hotline`` turns a
choice into WHERE clauses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from dashboard.core.privacy import Hidden
from dashboard.models.vocabulary import HotlineCaller, HotlineTopic

TOPIC_KEY, CALLER_KEY, REFERRED_KEY = "hotline_topic", "hotline_caller", "hotline_referred"
URL_KEYS: tuple[str, ...] = (TOPIC_KEY, CALLER_KEY, REFERRED_KEY)
TOPICS: tuple[str, ...] = tuple(topic.value for topic in HotlineTopic)
CALLERS: tuple[str, ...] = tuple(caller.value for caller in HotlineCaller)
REFERRED_ANSWERS: tuple[str, ...] = ("yes", "no")
# The rate's base: calls per this many returnees profiled.
PER_RETURNEES = 10_000


def _clean(values: Iterable[object] | None, allowed: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted({v for v in (values or ()) if isinstance(v, str) and v in allowed}))


@dataclass(frozen=True)
class HotlineChoice:
    """Topics and caller types counted (empty: all), and the referral answer ("yes", "no", or
    None: any). Values outside the vocabulary are dropped, never an error (they arrive in URLs)."""

    topics: tuple[str, ...] = ()
    callers: tuple[str, ...] = ()
    referred: str | None = None

    @classmethod
    def of(cls, topics: Iterable[object] | None = None, callers: Iterable[object] | None = None,
           referred: object = None) -> HotlineChoice:
        """A choice from loose values (a control's or a URL's), keeping only known ones."""
        return cls(_clean(topics, TOPICS), _clean(callers, CALLERS),
                   referred if isinstance(referred, str) and referred in REFERRED_ANSWERS else None)

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> HotlineChoice:
        """The choice in URL parameters (``hotline_topic=legal,referral&hotline_referred=yes``)."""
        return cls.of(query.get(TOPIC_KEY, "").split(","), query.get(CALLER_KEY, "").split(","),
                      query.get(REFERRED_KEY))

    def to_query(self) -> dict[str, str]:
        """URL parameters of what is set; nothing for the whole hotline."""
        params = {TOPIC_KEY: ",".join(self.topics), CALLER_KEY: ",".join(self.callers),
                  REFERRED_KEY: self.referred or ""}
        return {key: value for key, value in params.items() if value}

    @property
    def narrowed(self) -> bool:
        """Whether fewer than all calls are counted."""
        return bool(self.topics or self.callers or self.referred)


def per_10k_returnees(calls: int, returnees: int, threshold: int | None) -> float | Hidden | None:
    """Calls per 10,000 returnees profiled, to one decimal (half up, as ``core.disclosure`` rounds).

    At headquarters (``threshold`` None) exact, and None (no data) where nobody was profiled.
    Below headquarters both counts must be the published ones, and the rate is hidden where the
    published returnees are fewer than the threshold, 0 included: a published 0 stands for up
    to threshold - 1 people, and a rate on it would say how many."""
    if threshold is not None and returnees < threshold:
        return Hidden(threshold)
    if returnees <= 0:
        return None
    tenths = (2 * 10 * PER_RETURNEES * calls + returnees) // (2 * returnees)
    return tenths / 10
