"""IDs shared by several components. Component-specific IDs live in their module."""

from __future__ import annotations

# The URL, as the frame sees it: its path picks the page (router, navigation).
URL = "page-url"
# The URL again, inside the current page (the router puts it there): page callbacks
# listen to this one, so they exist exactly while their page does. Its query
# string is the page's state; writing it updates the address bar and URL too.
PAGE_URL = "page-state"
# The current interface language ("en" or "bn"), kept in the browser.
LANGUAGE = "language-store"
# The alert that shows a friendly message when any callback fails.
ERROR_ALERT = "error-alert"
# Where the current page's layout goes (see dashboard.components.shell).
PAGE_CONTENT = "page-content"
# The current page's title, for the document title.
PAGE_TITLE = "page-title"


def i18n_id(key: str, instance: str = "") -> dict[str, str]:
    """Pattern-matching ID of a text node that shows the message ``key``."""
    return {"type": "i18n-text", "key": key, "instance": instance}
