"""The printable district brief: facts gathered for the actor, a generated narrative, a
static map, laid out as print-styled HTML and as an A4 PDF (printed by headless Chromium, fonts shipped)."""
