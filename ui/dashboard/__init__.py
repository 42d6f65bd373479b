"""概览 — the overview page."""
