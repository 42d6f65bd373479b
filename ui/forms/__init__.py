"""自查评估 (art. 32, step 2) — the departments' xlsx forms out and back, self-reports, 自查差异."""
