"""Comparing districts: rankings, trends against targets, peers; the target editor (``targets`` writes)."""
