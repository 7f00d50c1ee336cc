"""Screen pieces every feature uses: component IDs, translated text, the callback registry,
download helpers (exports), chart-with-table, error alert and browser messages."""
