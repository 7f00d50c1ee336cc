"""Writes: every change to stored data goes through a function here (never through a
component), records who made it, and bumps the data version so caches forget."""
