"""The cache never serves one scope's or filter's figures to another, and forgets everything after a write."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from flask import g
from plotly.utils import PlotlyJSONEncoder

from dashboard.app import create_app
from dashboard.config import PROJECT_ROOT, Settings, load_settings
from dashboard.core.access import Actor, Role
from dashboard.core.cache import PACKAGES, cache_key, cached_render, code_version, sources_digest
from dashboard.core.data_version import mark_changed
from dashboard.core.filters import Filters
from dashboard.core.scope import Scope
from dashboard.db import Database, init_db
from dashboard.features.map import component as district_map
from dashboard.features.map.data import programme_figures
from dashboard.i18n import latin_digits
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
    script = ("from dashboard.core.cache import cache_key; from dashboard.core.scope import Scope; "
              "from dashboard.core.filters import Filters; "
              "print(cache_key('programme', 3, Scope.for_districts('BD5510', 'BD3026', 'BD4047', 'BD6091'), "
              "Filters(sex=('female', 'male'))))")
    for seed in ("1", "2", "3"):  # frozenset order follows the hash seed
        other = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                               env={**os.environ, "PYTHONHASHSEED": seed}).stdout.strip()
        assert other == here
    assert cache_key("programme", 3, Scope.national(), Filters()) != cache_key("programme", 3, scope, Filters())


def test_ca002_a_cached_figure_is_never_served_to_another_scope_or_filter(known_settings: Settings) -> None:
    # The officer's counts are perturbed, the same way on every ask: an app without a cache
    # computes what the officer must get. Sylhet's 5 (3 + 2) publish as 3 to 7, never the 9 of
    # the whole country that a leak of headquarters' answer would show.
    app = create_app(known_settings)
    uncached = create_app(replace(known_settings, cache_type="NullCache"))
    assert known_settings.cache_type == "SimpleCache"  # a real cache, as in production
    assert _returnees(app, HQ) == known.RETURNEES
    assert _returnees(app, SYLHET_OFFICER) == _returnees(uncached, SYLHET_OFFICER) != known.RETURNEES
    assert _returnees(app, HQ, Filters(sex=("female",))) == known.WOMEN
    assert _returnees(app, HQ) == known.RETURNEES  # and the first answer is still there, unchanged
    men = Filters(sex=("male",))
    assert _returnees(app, SYLHET_OFFICER, men) == _returnees(uncached, SYLHET_OFFICER, men)


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


KHULNA_OFFICER = Actor("khulna", Role.DISTRICT_OFFICER, frozenset({"BD4047"}))
SYLHET_MEMBER = Actor("member", Role.DCC_MEMBER, frozenset({f.SYLHET}))
SECOND_SYLHET_OFFICER = Actor("sylhet-2", Role.DISTRICT_OFFICER, frozenset({f.SYLHET}))


def _counting_view() -> tuple[list[str], object]:
    """A view kept by ``cached_render`` that records every time it is really drawn."""
    drawn: list[str] = []

    @cached_render("probe")
    def view(search: str, lang: str) -> tuple[int, str]:
        drawn.append(search)
        return programme_figures(None)[0]["returnees_profiled"], lang

    return drawn, view


def _as(app: object, actor: Actor, view: object, *args: str) -> object:
    with app.server.test_request_context():  # type: ignore[attr-defined]
        g.actor = actor
        return view(*args)  # type: ignore[operator]


def test_ca004_a_kept_view_is_shared_only_by_readers_with_the_same_access(known_settings: Settings) -> None:
    app = create_app(known_settings)
    # District readers' counts are perturbed, the same way every time: an app without a cache
    # says what each must get (Sylhet's 5 publish as 3 to 7, Khulna's 4 as 0 or 5, HQ's 9 exactly).
    uncached = create_app(replace(known_settings, cache_type="NullCache"))
    sylhet, khulna = _returnees(uncached, SYLHET_OFFICER), _returnees(uncached, KHULNA_OFFICER)
    drawn, view = _counting_view()
    assert _as(app, SYLHET_OFFICER, view, "?a", "en") == (sylhet, "en")
    # Another officer of the same district reads the same answer without drawing it again.
    assert _as(app, SECOND_SYLHET_OFFICER, view, "?a", "en") == (sylhet, "en")
    assert drawn == ["?a"]
    # Another district, role, view or language is drawn for itself, never served the first answer.
    assert _as(app, HQ, view, "?a", "en") == (known.RETURNEES, "en")
    assert _as(app, KHULNA_OFFICER, view, "?a", "en") == (khulna, "en")
    assert _as(app, SYLHET_MEMBER, view, "?a", "en") == (sylhet, "en")
    assert _as(app, SYLHET_OFFICER, view, "?b", "en")[1] == "en"
    assert _as(app, SYLHET_OFFICER, view, "?a", "bn")[1] == "bn"
    assert drawn == ["?a", "?a", "?a", "?a", "?b", "?a"]
    # A reader who keeps Latin digits in Bangla (set from a cookie, dashboard.core.digits, not an
    # argument) gets their own.
    with latin_digits(True):
        _as(app, SYLHET_OFFICER, view, "?a", "bn")
    assert drawn == ["?a", "?a", "?a", "?a", "?b", "?a", "?a"]


def test_ca005_a_write_makes_every_kept_view_stale(fresh_known_settings: Settings) -> None:
    app = create_app(fresh_known_settings)
    drawn, view = _counting_view()
    assert _as(app, HQ, view, "", "en") == (known.RETURNEES, "en")
    database = Database(fresh_known_settings.database_url)
    with database.session() as session:
        f.returnee(session)
    assert _as(app, HQ, view, "", "en") == (known.RETURNEES, "en")  # kept: no one said the data changed
    with database.session() as session:
        mark_changed(session)
    assert _as(app, HQ, view, "", "en") == (known.RETURNEES + 1, "en")
    assert len(drawn) == 2
    database.dispose()


def test_ca006_the_map_kept_in_the_cache_is_the_map_drawn(known_settings: Settings,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # SimpleCache pickles what it keeps, as Redis does: the components and figure survive it.
    search = f"?district={f.SYLHET}&layers=returnees,providers,fairs,dcc_activity"
    app = create_app(known_settings)
    first = _as(app, HQ, district_map.render, search, "en")

    def not_again(*_args: object) -> None:
        raise AssertionError("the kept map was drawn again")

    monkeypatch.setattr(district_map, "map_values", not_again)
    kept = _as(app, HQ, district_map.render, search, "en")
    monkeypatch.undo()
    drawn = _as(create_app(replace(known_settings, cache_type="NullCache")), HQ, district_map.render, search, "en")
    assert _json(kept) == _json(drawn) == _json(first)
    assert f.SYLHET in _json(kept)


def _json(answer: object) -> str:
    return json.dumps(answer, cls=PlotlyJSONEncoder, sort_keys=True)


def test_ca007_keys_change_with_the_code(tmp_path: Path) -> None:
    # The same code gives the same prefix in every worker ...
    script = "from dashboard.core.cache import code_version; print(code_version())"
    other = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.strip()
    assert other == code_version() and len(other) == 12
    # ... and a change to any source file gives another.
    for package in PACKAGES:
        shutil.copytree(PROJECT_ROOT / package, tmp_path / package)
    before = sources_digest(tmp_path)
    assert before == sources_digest(PROJECT_ROOT)
    changed = tmp_path / "layers" / "fairs.py"
    changed.write_text(changed.read_text() + "\n# changed\n")
    assert sources_digest(tmp_path) != before


def _returnee_reads(app: object, actor: Actor, search: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How often one map request reads the returnee summaries for the map's cells (the metric)
    and for the returnees profiled (the awareness and hotline layers' base)."""
    from dashboard.queries import summaries

    reads = {"cells": 0, "profiled": 0}
    for name, function in (("cells", "returnee_share_cells"), ("profiled", "returnee_profiled_cells")):
        original = getattr(summaries, function)

        def counted(*args: object, _name: str = name, _original: object = original) -> object:
            reads[_name] += 1
            return _original(*args)  # type: ignore[operator]

        monkeypatch.setattr(summaries, function, counted)
    with app.server.test_request_context():  # type: ignore[attr-defined]
        g.actor = actor
        district_map.render(search, "en")
    monkeypatch.undo()
    return reads


def test_ca008_one_request_reads_each_returnee_base_once(known_settings: Settings,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # The metric (returnees per 10,000 people needs the cells below HQ) wants Sylhet's upazilas'
    # cells; the awareness layer (people reached per returnee) and the hotline layer (calls per
    # 10,000 returnees) both want the returnees profiled there, which are the cells' first
    # (metrics.returnees_profiled). With no cache to catch repeats, the request reads the cells
    # once and the profiled counts not at all.
    app = create_app(replace(known_settings, cache_type="NullCache"))
    search = f"?district={f.SYLHET}&layers=returnees,awareness,hotline"
    assert _returnee_reads(app, SYLHET_OFFICER, search, monkeypatch) == {"cells": 1, "profiled": 0}
    # The answers live as long as their request: the next request reads again.
    assert _returnee_reads(app, SYLHET_OFFICER, search, monkeypatch) == {"cells": 1, "profiled": 0}
    # Without the metric's cells (the layers alone, as the cells' metric is not asked for a score
    # metric), the layers' base is read once for both.
    scores = f"?district={f.SYLHET}&layers=awareness,hotline&metric=score_composite"
    assert _returnee_reads(app, SYLHET_OFFICER, scores, monkeypatch) == {"cells": 0, "profiled": 1}
    assert _returnee_reads(app, SYLHET_OFFICER, f"?district={f.SYLHET}&layers=returnees",
                           monkeypatch) == {"cells": 1, "profiled": 0}
