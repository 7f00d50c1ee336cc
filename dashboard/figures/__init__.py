"""Pure functions turning query results into Plotly figures and tables (no I/O)."""
