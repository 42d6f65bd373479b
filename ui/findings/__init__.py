"""问题 — the findings list at scale and the finding editor."""
