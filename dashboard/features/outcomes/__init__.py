"""Reintegration outcomes: scores from follow-up surveys by place, round and cohort (issue 29)."""
