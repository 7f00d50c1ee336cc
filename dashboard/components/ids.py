"""IDs shared by several components. Component-specific IDs live in their module."""

from __future__ import annotations

# The current interface language ("en" or "bn"), kept in the browser.
LANGUAGE = "language-store"
# The alert that shows a friendly message when any callback fails.
ERROR_ALERT = "error-alert"


def i18n_id(key: str, instance: str = "") -> dict[str, str]:
    """Pattern-matching ID of a text node that shows the message ``key``."""
    return {"type": "i18n-text", "key": key, "instance": instance}
# The page URL: its query string is the view state (dashboard.view_state).
URL = "page-url"
