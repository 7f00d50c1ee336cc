"""Pages printed on the server by headless Chromium: an A4 PDF (the district brief, the map) or
a PNG picture of the page (the map).

Why Chromium (and not WeasyPrint, or Plotly's image export): it shapes Bangla with HarfBuzz and
writes text a reader can get back (``pdftotext`` gives the source words), prints SVG as vectors,
tags the PDF, and is already on the machine for the browser tests (``DASHBOARD_CHROMIUM``).
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from dashboard.ui import devtools

log = logging.getLogger(__name__)

INSTALL_HINT = "install it (apt-get install -y chromium) or point DASHBOARD_CHROMIUM at it"
PRINT_SECONDS = 60  # a page takes about 1 s; a Chromium stuck longer than this is killed
# A kept Chromium (``devtools``) prints a brief in about 0.3 s; one silent for this long is taken
# as hung, killed, and the page printed the one-shot way instead (within PRINT_SECONDS again).
KEPT_SECONDS = 20
# Headless, as root, on a closed network: no sandbox (root), no GPU, and none of the
# background services that would call home. The resolver rule makes every host name fail,
# so even a stray remote URL in the page could not leave the machine; the pages refer only
# to file:// fonts anyway. The header and footer are the page's own (@page margin boxes),
# not Chromium's URL and date. Chromium 156 tags the printed PDF (StructTreeRoot, MarkInfo,
# /Lang from <html lang>) without being asked; the outline lists the headings as bookmarks.
# The brief is printed by a Chromium kept running (``devtools``: Page.printToPDF over a pipe,
# about 0.3 s), the map by a plain `--print-to-pdf` run (about 0.8 s on an idle 2-core machine,
# plus the profile's removal), which is also the brief's fallback: the same PDF, tagged.
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
                  "--host-resolver-rules=MAP * ~NOTFOUND", "--no-pdf-header-footer",
                  "--generate-pdf-document-outline")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class PdfUnavailable(RuntimeError):
    """Chromium, which prints the page, is missing or failed (the name is the brief's, which came first)."""


def print_pdf(page: str, chromium: str, *, seconds: int = PRINT_SECONDS, what: str = "the page",
              kept: bool = False) -> bytes:
    """``page`` (HTML referring only to local files) printed to PDF by headless Chromium (the
    command or path ``chromium``, the ``DASHBOARD_CHROMIUM`` setting); ``what`` names it in errors.
    With ``kept``, by this process's kept Chromium (:mod:`dashboard.ui.devtools`), and by a
    one-shot Chromium only when that fails (logged as a warning)."""
    if kept:
        binary = shutil.which(chromium)
        if binary is None:
            raise PdfUnavailable(f"Chromium ({chromium!r}) was not found: {INSTALL_HINT}")
        try:
            return _print_kept(page, binary, min(seconds, KEPT_SECONDS))
        except devtools.BrowserFailed as exc:
            log.warning("kept Chromium could not print %s (%s); printing it with a one-shot Chromium", what, exc)
    return _run(page, chromium, "printed.pdf", lambda out: [f"--print-to-pdf={out}"], b"%PDF", seconds, what)


def _print_kept(page: str, binary: str, seconds: float) -> bytes:
    """``page`` printed by the kept Chromium, loaded from a file in a private temporary folder
    (a file:// page, as the one-shot print loads it: a data: URL could not load the file:// fonts)."""
    with tempfile.TemporaryDirectory(prefix="print-", ignore_cleanup_errors=True) as folder:
        source = Path(folder, "source.html")
        source.write_text(page, encoding="utf-8")
        document = devtools.print_pdf(source.as_uri(), binary, CHROMIUM_FLAGS, seconds)
    if not document.startswith(b"%PDF"):
        raise devtools.BrowserFailed("the kept Chromium returned no PDF")
    return document


def screenshot_png(page: str, chromium: str, width: int, height: int, scale: float = 2.0, *,
                   seconds: int = PRINT_SECONDS, what: str = "the page") -> bytes:
    """``page`` drawn in a window of ``width`` x ``height`` CSS pixels at ``scale`` device pixels
    per CSS pixel, as a PNG of ``width * scale`` x ``height * scale`` pixels."""
    def flags(out: Path) -> list[str]:
        return ["--hide-scrollbars", f"--window-size={width},{height}", f"--force-device-scale-factor={scale}",
                f"--screenshot={out}"]

    return _run(page, chromium, "picture.png", flags, PNG_SIGNATURE, seconds, what)


def _run(page: str, chromium: str, name: str, output_flags: Callable[[Path], list[str]], magic: bytes,
         seconds: int, what: str) -> bytes:
    """Each call starts its own Chromium with a fresh profile in a temporary folder, so concurrent
    requests share nothing; raises :class:`PdfUnavailable` (never a traceback for the user) when
    Chromium is missing, fails or hangs."""
    binary = shutil.which(chromium)
    if binary is None:
        raise PdfUnavailable(f"Chromium ({chromium!r}) was not found: {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="print-", ignore_cleanup_errors=True) as folder:
        source, out = Path(folder, "source.html"), Path(folder, name)
        source.write_text(page, encoding="utf-8")
        command = [binary, *CHROMIUM_FLAGS, f"--user-data-dir={Path(folder) / 'profile'}",
                   *output_flags(out), source.as_uri()]
        # Its own process group: on a hang the browser's helper processes are killed with it.
        with subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, start_new_session=True) as process:
            try:
                _, errors = process.communicate(timeout=seconds)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.communicate()
                raise PdfUnavailable(f"Chromium ({binary}) did not print {what} in {seconds} s") from None
        document = out.read_bytes() if out.exists() else b""
    if not document.startswith(magic):
        detail = errors.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        kind = "PDF" if magic == b"%PDF" else "PNG"
        raise PdfUnavailable(f"Chromium ({binary}) printed no {kind} (exit {process.returncode}): {detail[0]}")
    return document
