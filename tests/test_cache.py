"""The cache never serves one scope's or filter's figures to another, and forgets everything after a write."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace

from flask import g

from dashboard.access import Actor, Role
from dashboard.app_factory import create_app
from dashboard.cache import cache_key
from dashboard.config import Settings, load_settings
from dashboard.data import programme_figures
from dashboard.data_version import mark_changed
from dashboard.db import Database, init_db
from dashboard.filters import Filters
from dashboard.scope import Scope
from tests import factories as f
from tests import known_data as known

HQ = Actor("hq", Role.HQ_ANALYST)
SYLHET_OFFICER = Actor("sylhet", Role.DISTRICT_OFFICER, frozenset({f.SYLHET}))


def _returnees(app: object, actor: Actor, filters: Filters | None = None) -> int:
    with app.server.test_request_context():  # type: ignore[attr-defined]
        g.actor = actor
        return programme_figures(filters)[0]["returnees_profiled"]


def test_ca001_keys_are_the_same_in_every_process() -> None:
    scope = Scope.for_districts("BD6091", "BD4047", "BD3026", "BD5510")
    here = cache_key("programme", 3, scope, Filters(sex=("male", "female")))
    script = ("from dashboard.cache import cache_key; from dashboard.scope import Scope; "
              "from dashboard.filters import Filters; "
              "print(cache_key('programme', 3, Scope.for_districts('BD5510', 'BD3026', 'BD4047', 'BD6091'), "
              "Filters(sex=('female', 'male'))))")
    for seed in ("1", "2", "3"):  # frozenset order follows the hash seed
        other = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                               env={**os.environ, "PYTHONHASHSEED": seed}).stdout.strip()
        assert other == here
    assert cache_key("programme", 3, Scope.national(), Filters()) != cache_key("programme", 3, scope, Filters())


def test_ca002_a_cached_figure_is_never_served_to_another_scope_or_filter(known_settings: Settings) -> None:
    # Threshold 1 hides nothing, so the district officer's small figures can be compared too.
    app = create_app(replace(known_settings, suppression_threshold=1))
    assert known_settings.cache_type == "SimpleCache"  # a real cache, as in production
    assert _returnees(app, HQ) == known.RETURNEES
    assert _returnees(app, SYLHET_OFFICER) == known.SYLHET_WOMEN + known.SYLHET_MEN
    assert _returnees(app, HQ, Filters(sex=("female",))) == known.WOMEN
    assert _returnees(app, HQ) == known.RETURNEES  # and the first answer is still there, unchanged
    assert _returnees(app, SYLHET_OFFICER, Filters(sex=("male",))) == known.SYLHET_MEN


def test_ca003_a_write_makes_every_cached_figure_stale(tmp_path: object) -> None:
    url = f"sqlite:///{tmp_path}/cache.db"
    database = Database(url)
    init_db(database)
    app = create_app(load_settings({}, database_url=url, cache_type="SimpleCache"))
    assert _returnees(app, HQ) == 0
    with database.session() as session:
        f.returnee(session)
    assert _returnees(app, HQ) == 0  # cached, and no one said the data changed
    with database.session() as session:
        mark_changed(session)
    assert _returnees(app, HQ) == 1
    database.dispose()
