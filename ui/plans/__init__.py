"""安排部署 (art. 32, step 1) — plans, their targets and teams."""
