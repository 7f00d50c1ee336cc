"""A headless Chromium kept running in this process, printing pages to PDF through the DevTools
protocol (``Page.printToPDF``).

Why: a brief took 1.4–2.0 s, most of it Chromium starting, printing once, exiting and its
temporary profile being deleted (docs/performance.md, issue 33). Kept running, a print is a page
load in a tab kept open and ``Page.printToPDF``.

Why ``--remote-debugging-pipe`` and this small client rather than a library (pyppeteer,
Playwright, a websocket client): the protocol is JSON messages ended by a NUL byte on fds 3
(to Chromium) and 4 (from it), so it needs no dependency outside the runtime lock, and no
listening port that another local user could reach. The steps and ``printToPDF`` options are
the ones Chromium's own ``--print-to-pdf`` runs (components/headless/command_handler/
headless_command.js), so the PDF is the same as the one-shot print's.

One browser per process (a gunicorn worker), shared by its threads under a lock, started on the
first print; a forked child forgets its parent's (``os.register_at_fork``) and starts its own.
A browser that died, or did not answer in time, is killed and the next print starts a new one.
At exit it is closed and its temporary profile removed.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# The options Chromium's `--print-to-pdf --no-pdf-header-footer --generate-pdf-document-outline`
# passes (headless_command.js): the page's own @page size and margin boxes, backgrounds, tagged.
PDF_OPTIONS = {"displayHeaderFooter": False, "generateTaggedPDF": True, "generateDocumentOutline": True,
               "printBackground": True, "preferCSSPageSize": True}


# Events saying the tab being printed lost its renderer (crashed, or detached with it).
_GONE = frozenset({"Inspector.targetCrashed", "Inspector.detached", "Target.detachedFromTarget"})


class BrowserFailed(RuntimeError):
    """The kept Chromium could not be started, died, answered with an error or did not answer in time."""


class RendererGone(BrowserFailed):
    """The tab's renderer process crashed or was detached (the browser itself may be fine)."""


class Refused(BrowserFailed):
    """Chromium answered a command with an error (e.g. "Printing failed" when a renderer crashed)."""


class Browser:
    """One headless Chromium and its DevTools pipe; not thread-safe (see :func:`print_pdf`)."""

    def __init__(self, binary: str, flags: tuple[str, ...]) -> None:
        self.owner = os.getpid()
        self.folder = Path(tempfile.mkdtemp(prefix="chromium-kept-"))  # 0700: this user's only
        to_chromium, self._write = _high_pipe()
        self._read, from_chromium = _high_pipe()
        try:
            with open(self.folder / "chromium.log", "wb") as log:
                # posix_spawn, not Popen: it can place the pipe at fds 3 and 4 without a
                # preexec_fn, which is unsafe in a process with threads (a gunicorn gthread worker).
                # Its own session, so a kill reaches the renderer and GPU helper processes too.
                self.pid = os.posix_spawn(binary, [binary, *flags, "--remote-debugging-pipe",
                                                   f"--user-data-dir={self.folder / 'profile'}", "about:blank"],
                                          os.environ, setsid=True, file_actions=[
                                              (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                                              (os.POSIX_SPAWN_DUP2, log.fileno(), 1),
                                              (os.POSIX_SPAWN_DUP2, log.fileno(), 2),
                                              (os.POSIX_SPAWN_DUP2, to_chromium, 3),
                                              (os.POSIX_SPAWN_DUP2, from_chromium, 4)])
        except OSError as exc:
            for fd in (to_chromium, from_chromium, self._write, self._read):
                os.close(fd)
            shutil.rmtree(self.folder, ignore_errors=True)
            raise BrowserFailed(f"Chromium ({binary}) could not start: {exc}") from None
        os.close(to_chromium)
        os.close(from_chromium)  # so Chromium exiting reads as end of file here
        self._next_id = 0
        self._buffer = b""
        self._events: list[dict[str, Any]] = []
        self._warm = False
        self._session = ""  # the tab being printed: a crash of its renderer ends the wait at once
        self._tab: tuple[str, str] | None = None  # (target, session) of the tab kept for printing

    def alive(self) -> bool:
        """Whether the process still runs (it is reaped here when it has exited)."""
        try:
            pid, _ = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:
            return False
        return pid == 0

    def print_pdf(self, url: str, deadline: float) -> bytes:
        """The page at ``url`` printed as Chromium's ``--print-to-pdf`` prints it (the same tab
        each time); raises :class:`BrowserFailed` when not done by ``deadline`` (monotonic)."""
        if not self._warm:
            self._warm_up(deadline)
        try:
            return self._print(url, deadline)
        except (RendererGone, Refused):  # a lost renderer: once more in a new tab, then give up
            return self._print(url, deadline)

    def _warm_up(self, deadline: float) -> None:
        """Print a tiny local page and drop the result. Chromium 156 (Debian) started with
        ``--remote-debugging-pipe`` loses the renderer of the first file:// page it prints
        ("Printing failed", then "Render process gone"; seen on every start on this machine,
        with any page), and a new renderer process can again lose its first print; prints in a
        renderer that has printed once work; and a new tab's renderer is sometimes lost while it
        is being set up. Hence one tab kept open (its file:// renderer stays) and a warm-up print
        in it; a lost or refused warm-up is expected and tried again, up to three times."""
        page = self.folder / "warm-up.html"
        page.write_text("<!doctype html><title>-</title><p>-</p>", encoding="utf-8")
        for _ in range(3):
            try:
                self._print(page.as_uri(), deadline)
            except (RendererGone, Refused):  # expected once: see above
                continue
            self._warm = True
            return
        raise BrowserFailed("Chromium lost the renderer of every warm-up page")

    def _print(self, url: str, deadline: float) -> bytes:
        """Navigate the kept tab (opened when there is none) to ``url``, wait for its load event
        and print it; on failure the tab is closed, and the next print opens another."""
        target = ""
        try:
            if self._tab is None:
                target = self.call("Target.createTarget", {"url": "about:blank"}, deadline)["targetId"]
                session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True},
                                    deadline)["sessionId"]
                self._session = session  # from here a lost renderer ends any wait at once
                self.call("Page.enable", {}, deadline, session)
                self.call("Page.setLifecycleEventsEnabled", {"enabled": True}, deadline, session)
                self._tab = (target, session)
            target, session = self._tab
            self._session = session
            frame = self.call("Page.navigate", {"url": url}, deadline, session)
            if frame.get("errorText"):
                raise Refused(f"Chromium could not open the page: {frame['errorText']}")
            # The tab's previous page fired "load" on the same frame: only this navigation's counts.
            self.wait_for(lambda m: m.get("sessionId") == session and m.get("method") == "Page.lifecycleEvent"
                          and m["params"].get("name") == "load" and m["params"].get("loaderId") == frame["loaderId"],
                          deadline)
            return base64.b64decode(self.call("Page.printToPDF", PDF_OPTIONS, deadline, session)["data"])
        except BrowserFailed:
            self._tab = None
            self._session = ""
            if target:
                with contextlib.suppress(BrowserFailed):  # the tab may be gone with its renderer
                    self.call("Target.closeTarget", {"targetId": target}, deadline)
            raise
        finally:
            self._events.clear()
            self._session = ""

    def call(self, method: str, params: dict[str, Any], deadline: float, session: str | None = None) -> dict[str, Any]:
        """Send one command and return its result (events read meanwhile are kept for :meth:`wait_for`)."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        self._send(json.dumps(message).encode() + b"\0", deadline)
        number = self._next_id
        reply = self._receive(lambda m: m.get("id") == number, deadline, keep=True)
        if "error" in reply:
            raise Refused(f"Chromium refused {method}: {reply['error'].get('message', reply['error'])}")
        return dict(reply.get("result", {}))

    def wait_for(self, matches: Callable[[dict[str, Any]], bool], deadline: float) -> dict[str, Any]:
        """The first event, read before or now, for which ``matches`` is true."""
        for event in self._events:
            if matches(event):
                return event
        return self._receive(matches, deadline, keep=False)

    def _receive(self, matches: Callable[[dict[str, Any]], bool], deadline: float, keep: bool) -> dict[str, Any]:
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                message = json.loads(raw)
                if self._session and message.get("method") in _GONE and (
                        message.get("sessionId") == self._session
                        or message.get("params", {}).get("sessionId") == self._session):
                    raise RendererGone(f"Chromium lost the page's renderer ({message['method']})")
                if matches(message):
                    return dict(message)
                if keep and "method" in message:
                    self._events.append(message)
            left = deadline - time.monotonic()
            if left <= 0 or not _ready(self._read, select.POLLIN, left):
                raise BrowserFailed("Chromium did not answer in time")
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise BrowserFailed("Chromium exited")
            self._buffer += chunk

    def _send(self, data: bytes, deadline: float) -> None:
        while data:
            left = deadline - time.monotonic()
            if left <= 0 or not _ready(self._write, select.POLLOUT, left):
                raise BrowserFailed("Chromium did not read its commands in time")
            try:
                data = data[os.write(self._write, data):]
            except BrokenPipeError:
                raise BrowserFailed("Chromium exited") from None

    def close(self, grace: float = 2.0) -> None:
        """Ask Chromium to quit, kill it (and its helpers) if it has not within ``grace`` seconds,
        and remove its profile."""
        if self.owner != os.getpid():  # a forked child's copy: the parent's browser is not ours
            self.forget()
            return
        with contextlib.suppress(BrowserFailed, OSError, ValueError):
            self.call("Browser.close", {}, time.monotonic() + grace)
        stop = time.monotonic() + grace
        while self.alive() and time.monotonic() < stop:
            time.sleep(0.02)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)  # the helpers too, even when the browser had quit
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        self.forget()
        shutil.rmtree(self.folder, ignore_errors=True)

    def forget(self) -> None:
        """Close this process's ends of the pipe without touching the browser."""
        for fd in (self._read, self._write):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._read = self._write = -1


def _ready(fd: int, event: int, seconds: float) -> bool:
    """Whether ``fd`` is ready for ``event`` (or closed at the other end) within ``seconds``.
    poll, not select: a busy worker may hold more than select's 1,024 file descriptors."""
    poller = select.poll()
    poller.register(fd, event)
    return bool(poller.poll(max(1, int(seconds * 1000))))


def _high_pipe() -> tuple[int, int]:
    """A pipe whose ends are above fd 4, so placing them at 3 and 4 in the child never overwrites
    one with the other; non-inheritable (only the spawn's dup2 gives Chromium its ends)."""
    ends = []
    for fd in os.pipe():
        ends.append(fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10))
        os.close(fd)
    return ends[0], ends[1]


_lock = threading.Lock()
_browsers: dict[tuple[str, tuple[str, ...]], Browser] = {}


def print_pdf(page_url: str, binary: str, flags: tuple[str, ...], seconds: float) -> bytes:
    """``page_url`` printed by this process's kept Chromium ``binary`` (started with ``flags`` on
    the first call, or when the last one died); one print at a time. On any failure the browser
    is killed (the next call starts a new one) and :class:`BrowserFailed` raised."""
    key = (binary, flags)
    with _lock:
        deadline = time.monotonic() + seconds
        browser = _browsers.get(key)
        if browser is not None and not browser.alive():
            browser.close(grace=0)
            browser = None
        if browser is None:
            browser = _browsers[key] = Browser(binary, flags)
        try:
            return browser.print_pdf(page_url, deadline)
        except BrowserFailed:
            del _browsers[key]
            browser.close(grace=0)
            raise
        except (OSError, ValueError, KeyError) as exc:  # a garbled reply: treat the browser as broken
            del _browsers[key]
            browser.close(grace=0)
            raise BrowserFailed(f"Chromium's reply was not understood: {exc!r}") from None


def running() -> list[int]:
    """Process ids of the kept browsers of this process (for tests and diagnostics)."""
    with _lock:
        return [b.pid for b in _browsers.values() if b.owner == os.getpid()]


def close_all() -> None:
    """Close every kept browser of this process (at exit; tests)."""
    with _lock:
        while _browsers:
            _browsers.popitem()[1].close()


def _after_fork_in_child() -> None:
    # A forked worker must not talk to, or kill, its parent's browser: it drops its copies of
    # the pipe, gets a fresh lock (another thread may have held the old one at the fork) and
    # starts its own browser on its first print.
    global _lock
    _lock = threading.Lock()
    for browser in _browsers.values():
        browser.forget()
    _browsers.clear()


os.register_at_fork(after_in_child=_after_fork_in_child)
atexit.register(close_all)
