"""IDs shared by several components. Component-specific IDs live in their module."""

from __future__ import annotations

from dataclasses import dataclass

# The URL, as the frame sees it: its path picks the page (router, navigation).
URL = "page-url"
# The current interface language ("en" or "bn"), kept in the browser.
LANGUAGE = "language-store"
# The alert that shows a friendly message when any callback fails.
ERROR_ALERT = "error-alert"
# Where the current page's layout goes (see dashboard.web.frame.shell).
PAGE_CONTENT = "page-content"
# The current page's title, for the document title.
PAGE_TITLE = "page-title"


def i18n_id(key: str, instance: str = "") -> dict[str, str]:
    """Pattern-matching ID of a text node that shows the message ``key``."""
    return {"type": "i18n-text", "key": key, "instance": instance}


@dataclass(frozen=True)
class PageIds:
    """What the router puts inside a page: its own view of the URL and of the language.

    Dash refuses to run a callback when some of its inputs are on the screen and others
    are not, so a page's callbacks listen only to these (never to the frame's ``URL`` or
    ``LANGUAGE``): on another page all their inputs are absent together and they stay
    silent. The query string is the page's state; writing it updates the address bar
    and, through the URL's change event, every other ``dcc.Location``.
    """

    page: str

    @property
    def url(self) -> str:
        """The page's ``dcc.Location``."""
        return f"{self.page}-state"

    @property
    def language(self) -> str:
        """The page's copy of the interface language."""
        return f"{self.page}-language"


MAP_PAGE, GAPS_PAGE, IMPORT_PAGE = PageIds("map"), PageIds("gaps"), PageIds("import")
COMPARE_PAGE, DCC_PAGE, HELP_PAGE = PageIds("compare"), PageIds("dcc"), PageIds("help")
OUTCOMES_PAGE = PageIds("outcomes")
PAGES = (MAP_PAGE, GAPS_PAGE, COMPARE_PAGE, OUTCOMES_PAGE, DCC_PAGE, IMPORT_PAGE, HELP_PAGE)
