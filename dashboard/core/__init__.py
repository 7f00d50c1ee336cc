"""The core: roles, actors and scopes (access, scope), the disclosure-control layer (disclosure,
privacy, guard), the programme's vocabulary of figures (filters, metrics, indicators, dcc), the
request cache and the audit trail. It knows nothing of the web, the features or the map layers
(pyproject: importlinter)."""
