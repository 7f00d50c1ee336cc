"""Counting failed sign-ins per user name and per address, exactly, across every worker.

Each attempt first takes a place in both counts (one atomic increment each, in Redis
when configured); an attempt that finds a count already full is refused and gives its
places back, and so does a successful sign-in. Only failures keep their place. Checking
first and counting afterwards (Flask-Limiter's ``deduct_when``) lets two workers both see
4 of 5 and both let a guess through; taking the place first cannot.

When the store cannot be reached sign-in is refused (fails closed): an unlimited password
guesser is worse than a few minutes without signing in. Nothing else depends on it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from limits import RateLimitItem, parse
from limits.errors import StorageError
from limits.storage import Storage, storage_from_string

from dashboard.config import Settings
from dashboard.runtime import Outage, redacted

# A store that does not answer within these is treated as down (a hung Redis must not hang sign-in).
REDIS_OPTIONS = {"socket_connect_timeout": 1.0, "socket_timeout": 2.0}


class LimitReached(Exception):
    """Too many failed sign-ins for this user name or address."""


class StoreUnavailable(Exception):
    """The store that counts sign-ins cannot be reached."""


def storage_url(settings: Settings) -> str:
    """Where failures are counted: the configured store; with the in-process default and a
    Redis cache, the cache's Redis (a count per process would multiply the limit by the workers)."""
    if settings.ratelimit_storage_url.startswith("memory://") and settings.cache_type == "RedisCache":
        return settings.cache_redis_url
    return settings.ratelimit_storage_url


@dataclass
class Attempt:
    """The places one sign-in attempt holds; ``failed()`` keeps them, anything else gives them back."""

    keys: list[tuple[str, RateLimitItem]] = field(default_factory=list)
    keep: bool = False

    def failed(self) -> None:
        """The password was wrong: this attempt counts."""
        self.keep = True


class SignInLimits:
    """The two sign-in limits of one app, counted in one store."""

    def __init__(self, settings: Settings) -> None:
        url = storage_url(settings)
        options = REDIS_OPTIONS if url.startswith(("redis", "rediss", "valkey")) else {}
        storage = storage_from_string(url, wrap_exceptions=True, **options)
        if not isinstance(storage, Storage):  # an async+ URL gives limits' asyncio storage, unusable here
            raise ValueError(f"the sign-in limit store needs a synchronous storage, not {redacted(url)}")
        self.storage: Storage = storage
        self.outage = Outage("the sign-in limit store", url, settings.service_retry_seconds)
        self.per_account = parse(settings.login_attempts_per_account)
        self.per_address = parse(settings.login_attempts_per_address)

    def check(self) -> str | None:
        """None when the store answers, else why not (for the health check and start-up)."""
        try:
            if self.storage.check():
                return None
            return "the store did not answer"
        except Exception as exc:  # any failure means "unreachable": reported, never raised
            return f"{type(exc).__name__}: {exc}"

    @contextmanager
    def attempt(self, username: str, address: str) -> Iterator[Attempt]:
        """Take a place for this attempt in both counts, or raise :class:`LimitReached` or
        :class:`StoreUnavailable`; the places are given back at the end unless ``failed()``."""
        if self.outage.down():
            raise StoreUnavailable(self.outage.reason)
        taken = Attempt()
        try:
            for key, item in ((f"signin:user:{username.strip().lower()}", self.per_account),
                              (f"signin:address:{address}", self.per_address)):
                count = self.storage.incr(key, item.get_expiry())
                taken.keys.append((key, item))
                if count > item.amount:
                    self._give_back(taken)
                    raise LimitReached(key)
        except StorageError as exc:
            self.outage.failed(exc)
            self._give_back(taken)
            raise StoreUnavailable(str(exc)) from exc
        self.outage.recovered()
        try:
            yield taken
        finally:
            if not taken.keep:
                self._give_back(taken)

    def _give_back(self, taken: Attempt) -> None:
        for key, item in taken.keys:
            try:
                self.storage.incr(key, item.get_expiry(), amount=-1)
            except StorageError as exc:  # the place is lost (one guess fewer), never the sign-in
                self.outage.failed(exc)
        taken.keys.clear()
