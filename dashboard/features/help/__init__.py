"""The Help page (``/help``): what the dashboard's signs and limits mean, for every signed-in role."""
