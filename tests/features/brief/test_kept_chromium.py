"""The brief printed by a Chromium kept running per process (``dashboard.ui.devtools``): the
same PDF as a one-shot ``chromium --print-to-pdf`` of the same HTML (text and first page's
pixels, English and Bangla), one browser shared by a process's threads and never by a forked
child, a dead or hung browser replaced, and no traceback in the log on the way.
"""

from __future__ import annotations

import ast
import contextlib
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.app import create_app
from dashboard.config import Settings, load_settings
from dashboard.features.brief import document
from dashboard.features.brief.document import FONTS, html
from dashboard.ui import devtools, printing
from tests.clients import client_as
from tests.features.brief.poppler import pdf_text, poppler

SYLHET = "BD6091"
CHROMIUM = "chromium"


@pytest.fixture(scope="module")
def settings(demo_sqlite_url: str) -> Settings:
    """The seeded demo data set (shared by the session) with the default Chromium setting."""
    return load_settings({}, database_url=demo_sqlite_url, cache_type="SimpleCache")


@pytest.fixture(autouse=True)
def fresh_browsers() -> Iterator[None]:
    """Each test starts without a kept browser and leaves none behind."""
    devtools.close_all()
    yield
    devtools.close_all()


def _brief_page(settings: Settings, lang: str) -> str:
    from flask import g

    from dashboard.core.access import Actor, Role
    from dashboard.core.filters import Filters
    from dashboard.features.brief.data import district_brief

    app = create_app(settings)
    with app.server.test_request_context():
        g.actor = Actor("test", Role.HQ_ANALYST)
        return html(district_brief(SYLHET, Filters(), lang), FONTS.as_uri())


def _first_page_pixels(pdf: bytes, folder: Path) -> bytes:
    """Page 1 rasterised by poppler as a PPM (raw pixels, no file metadata to differ)."""
    path = folder / f"{time.monotonic_ns()}.pdf"
    path.write_bytes(pdf)
    poppler("pdfinfo", str(path))  # fails with the install command when poppler is missing
    return subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-r", "96", str(path)], capture_output=True,
                          check=True, timeout=60).stdout


def _no_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
    assert "Traceback" not in caplog.text


def _small_page(words: str) -> str:
    return (f'<!doctype html><html lang="bn"><head><meta charset="utf-8"><style>@font-face{{font-family:Noto;'
            f'src:url("{FONTS.as_uri()}/NotoSansBengali-Regular.ttf")}}body{{font-family:Noto}}</style></head>'
            f"<body><p>{words}</p></body></html>")


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_kc001_the_kept_print_is_the_one_shot_print(settings: Settings, lang: str, tmp_path: Path,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    page = _brief_page(settings, lang)
    one_shot = printing.print_pdf(page, CHROMIUM)  # the old way: a Chromium started for this print
    assert devtools.running() == []
    with caplog.at_level(logging.WARNING):
        kept = document.print_pdf(page, CHROMIUM)
        again = document.print_pdf(page, CHROMIUM)  # the second print reuses the browser
    assert len(devtools.running()) == 1, "the brief was not printed by a kept Chromium"
    assert caplog.records == [], caplog.text  # no fallback to the one-shot print
    expected_text = pdf_text(one_shot)
    assert {"en": "Sylhet", "bn": "সিলেট"}[lang] in expected_text
    expected_pixels = _first_page_pixels(one_shot, tmp_path)
    for printed in (kept, again):
        assert pdf_text(printed) == expected_text
        assert _first_page_pixels(printed, tmp_path) == expected_pixels


def test_kc002_the_download_uses_the_kept_browser(settings: Settings) -> None:
    client = client_as(create_app(settings), "hq")
    for lang in ("en", "bn", "en"):
        response = client.get(f"/brief/{SYLHET}.pdf?lang={lang}")
        assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert len(devtools.running()) == 1


def test_kc003_threads_share_one_browser_and_get_their_own_pages(caplog: pytest.LogCaptureFixture) -> None:
    words = [f"ব্রিফ নম্বর {n} brief-{n}-{'x' * n}" for n in range(6)]
    results: dict[int, bytes] = {}
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            results[n] = document.print_pdf(_small_page(words[n]), CHROMIUM)
        except BaseException as exc:  # reported by the assertion below, in the test's thread
            errors.append(exc)

    with caplog.at_level(logging.WARNING):
        threads = [threading.Thread(target=work, args=(n,)) for n in range(len(words))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
    assert errors == []
    assert len(devtools.running()) == 1  # one browser for the process, not one per thread
    for n, word in enumerate(words):
        text = pdf_text(results[n])
        assert word in text, (n, text)
        assert not [w for m, w in enumerate(words) if m != n and f"brief-{m}-" in text], (n, text)
    assert caplog.records == [], caplog.text
    _no_tracebacks(caplog)


def _exited(pid: int, seconds: float = 30) -> None:
    """Wait until the child ``pid`` has exited, leaving it to be reaped by its owner. A killed
    Chromium takes a while to tear down on a busy machine: a fixed 0.2 s was once too short, and
    the next brief, finding the browser still alive, was printed the one-shot way instead."""
    deadline = time.monotonic() + seconds
    while os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None:
        assert time.monotonic() < deadline, f"Chromium {pid} still running {seconds} s after SIGKILL"
        time.sleep(0.05)


def test_kc004_a_killed_browser_is_replaced(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        assert "first" in pdf_text(document.print_pdf(_small_page("first"), CHROMIUM))
        [killed] = devtools.running()
        os.killpg(killed, signal.SIGKILL)
        _exited(killed)
        assert "second" in pdf_text(document.print_pdf(_small_page("second"), CHROMIUM))
        [started] = devtools.running()
    assert started != killed
    _no_tracebacks(caplog)


def test_kc005_a_hung_browser_is_killed_and_the_brief_still_printed(caplog: pytest.LogCaptureFixture,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    document.print_pdf(_small_page("before"), CHROMIUM)  # started (a few seconds on a busy machine)
    [hung] = devtools.running()
    monkeypatch.setattr(printing, "KEPT_SECONDS", 3)  # then 3 s is plenty for a running browser
    os.killpg(hung, signal.SIGSTOP)  # alive, but answers nothing
    try:
        started = time.monotonic()
        with caplog.at_level(logging.WARNING):
            text = pdf_text(document.print_pdf(_small_page("during"), CHROMIUM))  # the one-shot fallback
        assert "during" in text and time.monotonic() - started < 30
        assert devtools.running() == []  # the hung one was killed...
        with pytest.raises(ChildProcessError):
            os.waitpid(hung, os.WNOHANG)  # ...and reaped
        [warning] = caplog.records
        assert warning.levelno == logging.WARNING and "one-shot" in warning.getMessage()
        monkeypatch.setattr(printing, "KEPT_SECONDS", 20)  # a new browser's first print takes longer
        assert "after" in pdf_text(document.print_pdf(_small_page("after"), CHROMIUM))
        assert len(devtools.running()) == 1 and devtools.running() != [hung]  # ...and replaced
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(hung, signal.SIGKILL)
    _no_tracebacks(caplog)


def test_kc006_a_forked_child_starts_its_own_browser() -> None:
    document.print_pdf(_small_page("parent"), CHROMIUM)
    [parent_browser] = devtools.running()
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # the child: report what it sees, print, close its own browser, leave
        code = 1
        try:
            inherited = devtools.running()
            text = pdf_text(document.print_pdf(_small_page("child"), CHROMIUM))
            mine = devtools.running()
            devtools.close_all()
            os.write(write, repr((inherited, "child" in text, mine)).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read) as answer:
        report = answer.read()
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0, report
    inherited, printed, mine = ast.literal_eval(report)
    assert inherited == [] and printed and len(mine) == 1 and mine != [parent_browser]
    assert _living_in_group(mine[0]) == []  # the child closed its browser...
    assert devtools.running() == [parent_browser]  # ...and the parent's is untouched and still prints
    assert "parent again" in pdf_text(document.print_pdf(_small_page("parent again"), CHROMIUM))


def test_kc007_at_exit_the_browser_and_its_profile_are_gone(tmp_path: Path) -> None:
    script = ("import sys\nfrom dashboard.ui import devtools, printing\n"
              f"printing.print_pdf({_small_page('exit')!r}, {CHROMIUM!r}, kept=True)\n"
              "[browser] = devtools._browsers.values()\nprint(browser.pid, browser.folder)\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                            cwd=Path(__file__).parents[3])
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    pid, folder = result.stdout.split()
    assert folder.startswith("/") and not Path(folder).exists()
    assert _living_in_group(int(pid)) == []  # nothing of that browser's process group is left


def _living_in_group(group: int) -> list[str]:
    """Processes of process group ``group`` that are not zombies (killed helpers of a dead browser
    wait for the machine's init to reap them, and a zombie still counts for kill(pid, 0))."""
    living = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == group and fields[0] != "Z":
                living.append(stat.parent.name)
    return living
