"""Shared writes (accounts, upserts, the summary tables): every change to stored data goes
through a writer (here, or a feature's own: ``features.dcc.commands``, ``features.compare.targets``,
``features.imports.store``; never a component), records who made it, and bumps the data version
so caches forget."""
