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

from jinja2 import Environment, FileSystemLoader, select_autoescape

from dashboard.config import PROJECT_ROOT
from dashboard.core.privacy import is_hidden
from dashboard.features.brief.data import Brief, period_text
from dashboard.i18n import bangla_digits, format_date, format_number, t
from dashboard.ui import printing
from dashboard.ui.printing import PdfUnavailable as PdfUnavailable
from geodata import admin_areas

TEMPLATES = PROJECT_ROOT / "dashboard" / "templates"
FONTS = PROJECT_ROOT / "assets" / "fonts"
_ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


# How long Chromium may take to print the brief (about 1 s) before it is killed.
PRINT_SECONDS = printing.PRINT_SECONDS


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
        # Page numbers in the reader's digits: CSS's own Bengali counter style.
        page_digits="bengali" if bangla_digits(lang) else "decimal",
        period_label=t("brief.period", lang), period=period_text(brief.filters, lang),
        produced=t("brief.produced", lang, date=format_date(brief.produced_on, lang), user=brief.produced_by),
        footer=t("brief.footer", lang, district=name, date=format_date(brief.produced_on, lang)),
        overdue_word=t("dcc.status.overdue", lang), sentences=brief.sentences, map_svg=brief.map_svg,
        headings={k: t(f"brief.h.{k}", lang) for k in ("summary", "map", "figures", "gaps", "actions", "fairs",
                                                         "sources")},
        columns={k: t(f"brief.col.{k}", lang) for k in ("indicator", "value", "target", "share", "before", "service",
                                                         "in_need", "unreached", "worst", "action", "owner", "due",
                                                         "recent", "upcoming")},
        figures=[{"label": t(f"indicator.{r.key}", lang), "value": number(r.value),
                  "target": t("brief.not_compared", lang) if r.not_compared else number(r.target),
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
    """``page`` (HTML referring only to local files) printed to PDF by headless Chromium
    (``dashboard.ui.printing``), one kept running by this process (a brief in about 0.3 s instead
    of 1.4 s); raises :class:`PdfUnavailable` when Chromium is missing, fails or hangs."""
    return printing.print_pdf(page, chromium, seconds=PRINT_SECONDS, what="the brief", kept=True)
