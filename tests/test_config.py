"""Settings come from DASHBOARD_* variables, and the README documents every one."""

from __future__ import annotations

import pytest

from dashboard.config import PROJECT_ROOT, describe, load_settings


def test_cf001_environment_overrides_defaults() -> None:
    settings = load_settings({"DASHBOARD_PORT": "9000", "DASHBOARD_DEBUG": "yes",
                              "DASHBOARD_DATABASE_URL": "sqlite:///x.db", "DASHBOARD_DEFAULT_LANGUAGE": "bn"})
    assert (settings.port, settings.debug, settings.database_url, settings.default_language) == (
        9000, True, "sqlite:///x.db", "bn")
    defaults = load_settings({})
    assert (defaults.host, defaults.port, defaults.debug, defaults.tile_url) == ("127.0.0.1", 8050, False, "")
    assert defaults.database_url.endswith("instance/dashboard.db")


@pytest.mark.parametrize("env", [{"DASHBOARD_PORT": "eighty"}, {"DASHBOARD_DEBUG": "maybe"},
                                 {"DASHBOARD_DEFAULT_LANGUAGE": "fr"}])
def test_cf002_bad_values_stop_with_the_variable_named(env: dict[str, str]) -> None:
    with pytest.raises(SystemExit, match="DASHBOARD_"):
        load_settings(env)


def test_cf003_readme_lists_every_setting() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    for name, _default, _help in describe():
        assert f"`{name}`" in readme, name
