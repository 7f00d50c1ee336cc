"""Service gaps: who in a district is out of reach of a service, where a new provider would help,
and what fairs changed (``analysis`` is pure)."""
