"""Serve the PROTTASHA DCC dashboard: ``python app.py`` (or any WSGI server on ``app:server``)."""

from dashboard.app_factory import create_app
from dashboard.config import load_settings

app = create_app()
server = app.server

if __name__ == "__main__":
    settings = load_settings()
    app.run(host=settings.host, port=settings.port, debug=settings.debug)
