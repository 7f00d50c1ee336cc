"""Routes outside Dash: the read API, boundary files, the printable brief and the health check."""
