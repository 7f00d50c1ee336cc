"""The brief laid out: print-styled HTML (Jinja, the app's templates) and an A4 PDF printed
from that same page by headless Chromium.

Why Chromium and not WeasyPrint (which printed it before): both shape Bangla with HarfBuzz and
embed the shipped Noto Sans Bengali, but only Chromium writes text a reader can get back.
``pdftotext`` of WeasyPrint 70's PDF gives "স লট" for সিলেট and "জেলা সং ক্ষিপ্তসার" (pre-base
vowel signs split off), so search, copy and screen readers fail; of Chromium's it gives
"সিলেট জেলা সংক্ষিপ্তসার", the source text. Chromium also shapes the SVG map legend (WeasyPrint
drew "অভিবাসন মেলা" unshaped, with dotted circles), and tags the PDF (structure tree, /Lang),
which WeasyPrint 70 did not. Chromium is already on the machine for the browser tests.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from dashboard.config import PROJECT_ROOT
from dashboard.core.privacy import is_hidden
from dashboard.features.brief.data import Brief, period_text
from dashboard.i18n import format_date, format_number, t
from geodata import admin_areas

TEMPLATES = PROJECT_ROOT / "dashboard" / "templates"
FONTS = PROJECT_ROOT / "assets" / "fonts"
_ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


INSTALL_HINT = "install it (apt-get install -y chromium) or point DASHBOARD_CHROMIUM at it"
PRINT_SECONDS = 60  # a brief takes about 1 s; a Chromium stuck longer than this is killed
# Headless, as root, on a closed network: no sandbox (root), no GPU, and none of the
# background services that would call home. The resolver rule makes every host name fail,
# so even a stray remote URL in the page could not leave the machine; the page refers only
# to file:// fonts anyway. The header and footer are the page's own (@page margin boxes),
# not Chromium's URL and date. Chromium 156 tags the printed PDF (StructTreeRoot, MarkInfo,
# /Lang from <html lang>) without being asked; the outline lists the headings as bookmarks.
# A plain `--print-to-pdf` run (about 0.8 s on an idle 2-core machine) rather than DevTools'
# Page.printToPDF through chromedriver (about 3 s, and one more program): the same PDF, tagged.
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
                  "--host-resolver-rules=MAP * ~NOTFOUND", "--no-pdf-header-footer",
                  "--generate-pdf-document-outline")


class PdfUnavailable(RuntimeError):
    """Chromium, which prints the PDF, is missing or failed; the HTML brief still works."""


def _share(value: object, target: int | None, lang: str) -> str:
    if not target or is_hidden(value):
        return "–"
    return format_number(round(int(value) * 100 / target), lang) + "%"  # type: ignore[call-overload]


def html(brief: Brief, fonts_url: str) -> str:
    """The brief as one HTML page; ``fonts_url`` is where the shipped fonts are served from."""
    lang, areas = brief.lang, admin_areas()
    name = areas[brief.district].name(lang)
    number = lambda v: "–" if v is None else format_number(v, lang)  # noqa: E731
    sources = t("brief.sources", lang, date=format_date(brief.produced_on, lang))
    return _ENV.get_template("district_brief.html").render(
        lang=lang, fonts=fonts_url, title=t("brief.title", lang, district=name),
        period_label=t("brief.period", lang), period=period_text(brief.filters, lang),
        produced=t("brief.produced", lang, date=format_date(brief.produced_on, lang), user=brief.produced_by),
        footer=t("brief.footer", lang, district=name, date=format_date(brief.produced_on, lang)),
        overdue_word=t("dcc.status.overdue", lang), sentences=brief.sentences, map_svg=brief.map_svg,
        headings={k: t(f"brief.h.{k}", lang) for k in ("summary", "map", "figures", "gaps", "actions", "fairs",
                                                         "sources")},
        columns={k: t(f"brief.col.{k}", lang) for k in ("indicator", "value", "target", "share", "before", "service",
                                                         "in_need", "unreached", "worst", "action", "owner", "due",
                                                         "recent", "upcoming")},
        figures=[{"label": t(f"indicator.{r.key}", lang), "value": number(r.value), "target": number(r.target),
                  "share": _share(r.value, r.target, lang), "before": number(r.before)} for r in brief.figures],
        gaps=[{"service": t(f"service.{s}", lang), "in_need": number(n), "unreached": number(u),
               "worst": areas[w].name(lang) if w else "–"} for s, n, u, w in brief.gaps],
        gaps_note=t("brief.gaps_note", lang, km=format_number(10, lang)),
        actions=[{"description": a.description, "owner": t(f"department.{a.owner}", lang),
                  "due": format_date(a.due_on, lang), "overdue": a.overdue,
                  "upazila": areas[a.upazila].name(lang) if a.upazila else None} for a in brief.actions],
        no_actions=t("brief.no_actions", lang), targets_note=t("brief.targets_note", lang),
        fairs_recent=[f"{format_date(d, lang)} · {v}" for d, v in brief.fairs_recent],
        fairs_upcoming=[f"{format_date(d, lang)} · {v}" for d, v in brief.fairs_upcoming],
        sources=sources)


def pdf(brief: Brief, chromium: str) -> bytes:
    """The brief as an A4 PDF (tagged, Bangla extractable, the shipped fonts embedded), printed
    by the Chromium command or path ``chromium`` (the ``DASHBOARD_CHROMIUM`` setting)."""
    return print_pdf(html(brief, FONTS.as_uri()), chromium)


def print_pdf(page: str, chromium: str) -> bytes:
    """``page`` (HTML referring only to local files) printed to PDF by headless Chromium.

    Each call starts its own Chromium with a fresh profile in a temporary folder, so concurrent
    requests share nothing; raises :class:`PdfUnavailable` (never a traceback for the user) when
    Chromium is missing, fails or hangs.
    """
    binary = shutil.which(chromium)
    if binary is None:
        raise PdfUnavailable(f"Chromium ({chromium!r}) was not found: {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="brief-", ignore_cleanup_errors=True) as folder:
        source, out = Path(folder, "source.html"), Path(folder, "printed.pdf")
        source.write_text(page, encoding="utf-8")
        command = [binary, *CHROMIUM_FLAGS, f"--user-data-dir={Path(folder) / 'profile'}",
                   f"--print-to-pdf={out}", source.as_uri()]
        # Its own process group: on a hang the browser's helper processes are killed with it.
        with subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, start_new_session=True) as process:
            try:
                _, errors = process.communicate(timeout=PRINT_SECONDS)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.communicate()
                raise PdfUnavailable(f"Chromium ({binary}) did not print the brief in {PRINT_SECONDS} s") from None
        document = out.read_bytes() if out.exists() else b""
    if not document.startswith(b"%PDF"):
        detail = errors.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise PdfUnavailable(f"Chromium ({binary}) printed no PDF (exit {process.returncode}): {detail[0]}")
    return document
