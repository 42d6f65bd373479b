"""实地检查 (art. 32, step 3) — the inspections page and the on-site runner: checklist, verdicts, notes, evidence, findings, signature."""
