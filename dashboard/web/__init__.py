"""The web: sign-in (auth), security headers, HTTP caching, the routes outside Dash (api,
boundaries, brief, health) and the page frame (shell, header, navigation, router, filter panel)."""
