"""Production serving: ``gunicorn -c gunicorn.conf.py app:server``.

Where it listens comes from ``DASHBOARD_HOST`` and ``DASHBOARD_PORT`` (default
127.0.0.1:8050, as ``make run``); ``DASHBOARD_WORKERS`` processes (default 2) each run
``DASHBOARD_THREADS`` threads (default 4). Threads keep a worker answering while one slow
district link is still downloading a figure; processes use the cores. Each worker builds
its own app (no ``preload_app``: database connections are never shared across a fork), and
starts its own Chromium for the brief on its first brief, shared by its threads
(``dashboard/ui/devtools.py``; the master starts none, and a forked worker never uses its parent's).

With more than one worker, set ``DASHBOARD_SECRET_KEY`` (or keep ``instance/secret_key``)
so every worker accepts the same sessions, and use Redis for the cache and sign-in limits
(``DASHBOARD_CACHE_TYPE=RedisCache``, ``DASHBOARD_RATELIMIT_STORAGE_URL``): the defaults
are per process.
"""

import os

import gunicorn
import gunicorn.http.wsgi


def _whole_number(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise SystemExit(f"{name} must be a whole number of at least 1, not {raw!r}")
    return int(raw)


_host = os.environ.get("DASHBOARD_HOST", "127.0.0.1").strip() or "127.0.0.1"
_port = _whole_number("DASHBOARD_PORT", 8050)
bind = [f"[{_host}]:{_port}" if ":" in _host else f"{_host}:{_port}"]
workers = _whole_number("DASHBOARD_WORKERS", 2)
worker_class = "gthread"
threads = _whole_number("DASHBOARD_THREADS", 4)

# An uncached national figure at full programme scale takes seconds, not minutes: a worker
# silent for a minute is stuck and is restarted. Shutdown lets requests in flight finish.
timeout = 60
graceful_timeout = 30
keepalive = 5

# Access log to stdout, errors to stderr (the service manager collects both).
accesslog = "-"
errorlog = "-"
loglevel = "info"
proc_name = "dashboard"
# Gunicorn 25.1+ opens a control socket ($XDG_RUNTIME_DIR or ~/.gunicorn/gunicorn.ctl) for
# runtime management by default; the dashboard needs none, and a second instance on the
# same machine would share its default path.
control_socket_disable = True

# No server name or version in responses. Gunicorn drops the app's own "Server: dashboard"
# (dashboard/web/security.py; gunicorn treats Server as its own header) and writes its name from
# gunicorn.SERVER, which gunicorn.http.wsgi copies at import (27.x): both are set.
gunicorn.SERVER = "dashboard"
gunicorn.http.wsgi.SERVER = "dashboard"
