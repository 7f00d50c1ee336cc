"""Take the DCC member screenshots (docs/screenshots/dcc-member-sylhet*.png) on a server of its own:
``.venv/bin/python scripts/screenshots_dcc_member.py``.

A temporary SQLite database gets the demo data (``seed-demo``) and one DCC member of Sylhet
(``create-user --role dcc_member --district BD6091``); ``python app.py`` serves it on
127.0.0.1 at a free port; ``screenshots.py --dcc-member`` signs in and shoots. Nothing touches
instance/dashboard.db, and the server and the database are gone afterwards.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import screenshots  # noqa: E402 (a sibling script, not a package)

USER = "member-sylhet"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _dashboard(env: dict[str, str], *args: str, stdin: str | None = None) -> None:
    subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=ROOT, env=env, input=stdin, text=True, check=True)


def _wait_until_up(url: str, server: subprocess.Popen[bytes]) -> None:
    """Poll /healthz: the first start imports pandas and reads the boundaries, which takes a while."""
    for _ in range(120):
        if server.poll() is not None:
            raise SystemExit(f"the server stopped (exit {server.returncode})")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5):
                return
        except OSError:
            time.sleep(1)
    raise SystemExit("the server did not answer /healthz within two minutes")


def main() -> None:
    """Seed a temporary database, serve it, shoot the DCC member views, stop."""
    with tempfile.TemporaryDirectory(prefix="dcc-member-shots-") as folder:
        port = _free_port()
        env = {**os.environ, "DASHBOARD_DATABASE_URL": f"sqlite:///{Path(folder) / 'demo.db'}",
               "DASHBOARD_HOST": "127.0.0.1", "DASHBOARD_PORT": str(port),
               "DASHBOARD_SECRET_KEY": secrets.token_hex(16)}
        password = secrets.token_urlsafe(16)  # lives only as long as this database
        _dashboard(env, "init-db")
        _dashboard(env, "seed-demo")
        _dashboard(env, "create-user", USER, "--role", "dcc_member", "--district", "BD6091", "--password-stdin",
                   stdin=password + "\n")
        server = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(url, server)
            screenshots.main(url, USER, password, views=screenshots.DCC_MEMBER_VIEWS)
        finally:
            server.terminate()  # only the server this script started
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
