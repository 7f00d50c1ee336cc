"""The frame around every page: shell, header, navigation, router, filter panel and page registration."""
