"""All configuration, read once from ``DASHBOARD_*`` environment variables.

Each setting is declared once as a (name, default, help) record; the same records
feed the defaults, ``python -m dashboard settings`` and the README table (a test
checks the README lists every one).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PREFIX = "DASHBOARD_"
DEFAULT_SECRET_KEY = "dev-only-change-me"
ENVIRONMENTS = ("development", "production")
SMTP_SECURITY = ("none", "starttls", "ssl")


def _default_database_url() -> str:
    return f"sqlite:///{PROJECT_ROOT / 'instance' / 'dashboard.db'}"


@dataclass(frozen=True)
class Settings:
    """Typed settings; build with :func:`load_settings`."""

    database_url: str = field(
        default_factory=_default_database_url,
        metadata={"help": "SQLAlchemy URL of the database; SQLite in instance/ by default, "
                          "e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test"},
    )
    host: str = field(default="127.0.0.1", metadata={"help": "address `python app.py` listens on"})
    port: int = field(default=8050, metadata={"help": "port `python app.py` listens on"})
    default_language: str = field(
        default="en", metadata={"help": "language shown first: en (English) or bn (Bangla)"})
    tile_url: str = field(
        default="",
        metadata={"help": "optional online base-map tile URL template ({z}/{x}/{y}), drawn with MapLibre; "
                          "empty (the default) draws only our own boundaries as SVG, with no outside request"},
    )
    tile_attribution: str = field(
        default="", metadata={"help": "attribution text shown with the optional tiles"})
    cache_type: str = field(
        default="SimpleCache",
        metadata={"help": "Flask-Caching backend: SimpleCache, NullCache or RedisCache"},
    )
    cache_redis_url: str = field(
        default="redis://127.0.0.1:6379/0", metadata={"help": "Redis URL when cache_type is RedisCache"})
    cache_timeout: int = field(default=300, metadata={"help": "seconds a cached query result or rendered view is kept"})
    debug: bool = field(
        default=False,
        metadata={"help": "Dash debug mode (developer tools, tracebacks); never in production"},
    )
    secret_key: str = field(
        default=DEFAULT_SECRET_KEY, metadata={"help": "Flask secret key; set in production"})
    env: str = field(
        default="development",
        metadata={"help": "development or production; production refuses the default secret key and debug"})
    idle_timeout_minutes: int = field(
        default=30, metadata={"help": "minutes without a request after which a signed-in user is signed out"})
    secure_cookies: bool = field(
        default=False, metadata={"help": "send session cookies over HTTPS only (always on in production)"})
    login_attempts_per_account: str = field(
        default="5 per 15 minutes", metadata={"help": "failed sign-ins allowed per user name"})
    login_attempts_per_address: str = field(
        default="20 per 15 minutes", metadata={"help": "failed sign-ins allowed per client address"})
    ratelimit_storage_url: str = field(
        default="memory://",
        metadata={"help": "where failed sign-ins are counted: memory:// (one process; with RedisCache the cache's "
                          "Redis is used instead, so every worker shares one count) or redis://127.0.0.1:6379/1"})
    service_retry_seconds: int = field(
        default=10, metadata={"help": "seconds an unreachable Redis is left alone before it is tried again"})
    suppression_threshold: int = field(
        default=5, metadata={"help": "below headquarters, no count of people is published between 1 and this minus "
                                     "one (perturbation, docs/privacy.md), and no rate rests on fewer; 2 to 10"})
    max_request_bytes: int = field(
        default=2 * 1024 * 1024, metadata={"help": "largest request body accepted (413 above it)"})
    max_upload_bytes: int = field(
        default=50 * 1024 * 1024, metadata={"help": "largest file accepted by the import upload"})
    import_max_rows: int = field(
        default=100_000, metadata={"help": "most data rows one import file may hold (split a longer file)"})
    import_max_columns: int = field(
        default=500, metadata={"help": "most columns one import file may hold (counted on the header line)"})
    import_max_cell_chars: int = field(
        default=10_000, metadata={"help": "most characters one cell of an import file may hold"})
    import_max_xlsx_bytes: int = field(
        default=100 * 1024 * 1024,
        metadata={"help": "most bytes an XLSX import may unpack to (the zip's declared sizes, checked before "
                          "reading)"})
    dcc_meetings_per_month: int = field(
        default=1, metadata={"help": "the meeting rhythm a DCC is expected to keep (meetings per month)"})
    offline_days: int = field(
        default=7, metadata={"help": "days a browser keeps the views its user opened, to read them when the server "
                                     "cannot be reached (docs/offline.md); 0 keeps none"})
    chromium: str = field(
        default="chromium",
        metadata={"help": "the Chromium that prints the district brief PDF: a command on PATH or a full path"})
    public_url: str = field(
        default="http://127.0.0.1:8050",
        metadata={"help": "the dashboard's address as its users reach it; the weekly reminders link to its DCC page"})
    smtp_host: str = field(
        default="", metadata={"help": "SMTP server the weekly reminders are sent through; empty: "
                                      "`send-reminders` refuses to run"})
    smtp_port: int = field(default=25, metadata={"help": "SMTP server port (587 with starttls, 465 with ssl)"})
    smtp_security: str = field(
        default="none", metadata={"help": "none, starttls or ssl: how the connection to the SMTP server is encrypted"})
    smtp_username: str = field(default="", metadata={"help": "SMTP user name; empty: no sign-in"})
    smtp_password: str = field(default="", metadata={"help": "SMTP password (with the user name)"})
    smtp_sender: str = field(
        default="dashboard@localhost", metadata={"help": "the From address of the weekly reminders"})
    smtp_timeout: int = field(default=30, metadata={"help": "seconds to wait for the SMTP server"})
    outcome_indicators_dir: str = field(
        default="", metadata={"help": "folder holding replacement indicators.csv and dimensions.csv for the "
                                      "reintegration scores (docs/outcomes.md); empty: the shipped files (equal "
                                      "weights). Read when the app or a command starts; run `followups rescore` "
                                      "after changing it"})


def _coerce(raw: str, kind: type) -> object:
    if kind is bool:
        if raw.strip().lower() in {"1", "true", "yes", "on"}:
            return True
        if raw.strip().lower() in {"0", "false", "no", "off", ""}:
            return False
        raise ValueError(f"expected true/false, got {raw!r}")
    return kind(raw)


_TYPES = {"str": str, "int": int, "bool": bool}


def load_settings(environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
    """Settings from ``environ`` (default: ``os.environ``), then explicit overrides."""
    environ = os.environ if environ is None else environ
    values: dict[str, object] = {}
    for spec in fields(Settings):
        key = PREFIX + spec.name.upper()
        if key in environ:
            kind = _TYPES[spec.type] if isinstance(spec.type, str) else spec.type
            try:
                values[spec.name] = _coerce(environ[key], kind)
            except ValueError as exc:
                raise SystemExit(f"{key}: {exc}") from None
    values.update(overrides)
    settings = Settings(**values)  # type: ignore[arg-type]
    if settings.default_language not in {"en", "bn"}:
        raise SystemExit(f"{PREFIX}DEFAULT_LANGUAGE must be en or bn, not {settings.default_language!r}")
    if settings.env not in ENVIRONMENTS:
        raise SystemExit(f"{PREFIX}ENV must be development or production, not {settings.env!r}")
    if settings.offline_days < 0:
        raise SystemExit(f"{PREFIX}OFFLINE_DAYS must be 0 or more, not {settings.offline_days}")
    if not 2 <= settings.suppression_threshold <= 10:
        # The shipped perturbation table (dashboard/core/perturbation.csv) covers thresholds up to 10.
        raise SystemExit(f"{PREFIX}SUPPRESSION_THRESHOLD must be 2 to 10, not {settings.suppression_threshold}")
    if settings.smtp_security not in SMTP_SECURITY:
        raise SystemExit(f"{PREFIX}SMTP_SECURITY must be none, starttls or ssl, not {settings.smtp_security!r}")
    return settings


def refuse_unsafe_production(settings: Settings) -> None:
    """Stop a production start that would be unsafe, saying why."""
    if settings.env != "production":
        return
    problems = []
    if settings.secret_key == DEFAULT_SECRET_KEY or len(settings.secret_key) < 32:
        problems.append(f"set {PREFIX}SECRET_KEY to a long random value (e.g. `python -c 'import secrets; "
                        "print(secrets.token_urlsafe(48))'`)")
    if settings.debug:
        problems.append(f"turn {PREFIX}DEBUG off: debug mode shows tracebacks and runs code sent to it")
    if problems:
        raise SystemExit("refusing to start in production: " + "; ".join(problems))


def describe() -> list[tuple[str, str, str]]:
    """(variable, default, help) for every setting, for the CLI and README."""
    rows = []
    for spec in fields(Settings):
        default = spec.default_factory() if callable(spec.default_factory) else spec.default
        if spec.name == "database_url":
            default = "sqlite:///instance/dashboard.db"
        rows.append((PREFIX + spec.name.upper(), str(default), spec.metadata["help"]))
    return rows
