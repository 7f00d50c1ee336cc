"""One package per feature, each keeping its queries, data, figures, components and page together:
map, gaps, compare, dcc, imports, brief. A feature uses another only through its ``data``
module; the web assembles them (``web.frame.pages`` imports every ``page``)."""
