"""/healthz and the command line, including what they do with bad input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.app import create_app
from dashboard.cli import main
from dashboard.config import PROJECT_ROOT, Settings, load_settings


def test_hc001_healthz_reports_database_and_schema(demo_settings: Settings) -> None:
    client = create_app(demo_settings).server.test_client()
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["database"]["reachable"] is True
    assert body["database"]["revision"] == body["database"]["head_revision"]
    assert body["database"]["admin_areas"] == 579


def test_hc002_healthz_is_503_on_an_unmigrated_database(tmp_path: Path) -> None:
    settings = load_settings({}, database_url=f"sqlite:///{tmp_path / 'blank.db'}")
    response = create_app(settings).server.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "unavailable"


def test_hc003_seed_refuses_to_overwrite_and_if_empty_is_idempotent(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    main(["init-db"])
    main(["seed-demo", "--if-empty"])
    main(["seed-demo", "--if-empty"])
    assert "already present" in capsys.readouterr().out
    with pytest.raises(SystemExit, match="--replace"):
        main(["seed-demo"])


@pytest.mark.parametrize("argv", [["summary", "--until", "2019-13-01"], ["seed-demo", "--scale", "0"],
                                  ["seed-demo", "--replace", "--if-empty"], ["summary", "--district", "Nowhere"],
                                  ["gaps", "--district", "Atlantis", "--service", "legal_support"]])
def test_hc004_bad_arguments_are_usage_errors(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert "error:" in capsys.readouterr().err


def test_hc005_settings_command_lists_variables(capsys: pytest.CaptureFixture[str]) -> None:
    main(["settings"])
    assert "DASHBOARD_DATABASE_URL" in capsys.readouterr().out


def test_hc006_commands_on_a_database_not_set_up_say_what_to_do(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", f"sqlite:///{tmp_path / 'new.db'}")
    with pytest.raises(SystemExit, match=r"schema \(empty\).*run `python -m dashboard init-db` first"):
        main(["summary", "--district", "Sylhet"])
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:1/none")
    with pytest.raises(SystemExit, match="cannot reach the database"):
        main(["summary"])


def test_hc007_a_serving_process_keeps_its_start_up_objects_out_of_full_collections(tmp_path: Path) -> None:
    # app.py is what every serving process imports (python app.py, each gunicorn worker).
    script = "import gc, app; print(gc.get_freeze_count())"
    env = {**os.environ, "DASHBOARD_DATABASE_URL": f"sqlite:///{tmp_path}/serving.db",
           "DASHBOARD_SECRET_KEY": "a-test-secret-key-long-enough-for-the-check-0123456789"}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env,
                         cwd=PROJECT_ROOT)
    assert int(out.stdout.split()[-1]) > 50_000


@pytest.mark.parametrize("named", ["Sylhet", "sylhet", "সিলেট", "BD6091"])
def test_hc008_create_user_takes_a_district_by_name_as_every_other_command(
        named: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", f"sqlite:///{tmp_path / 'users.db'}")
    main(["init-db"])
    main(["create-user", "rahima", "--role", "district_officer", "--district", named])
    assert "created rahima (district_officer: BD6091)" in capsys.readouterr().out
    main(["users"])
    assert "BD6091" in capsys.readouterr().out


def test_hc009_create_user_refuses_a_place_that_is_not_a_district(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["create-user", "rahima", "--role", "district_officer", "--district", "Atlantis"])
    assert info.value.code == 2
    assert "Atlantis" in capsys.readouterr().err
