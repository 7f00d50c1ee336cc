"""District Coordination Committees: meetings, decisions and action items (``commands`` writes; the
rules are ``core.dcc``)."""
