"""Serve the PROTTASHA DCC dashboard: ``python app.py`` (or any WSGI server on ``app:server``)."""

from dashboard.app import create_app, settle_heap
from dashboard.config import load_settings

app = create_app()
server = app.server
settle_heap()  # this process serves this app for its whole life (each gunicorn worker imports this)

if __name__ == "__main__":
    settings = load_settings()
    app.run(host=settings.host, port=settings.port, debug=settings.debug)
