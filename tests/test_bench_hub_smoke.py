"""The hub's load test still runs end to end (three tiny laptops): everything ingested on both sides, no lost
update. Speed is never asserted here."""

from __future__ import annotations

import math

from tests.bench.bench_hub import REPORT, main


def test_bench_hub_runs_and_reports_figures():
    figures = main(REPORT.quick)
    for row in REPORT.rows:
        assert math.isfinite(figures[row.key]), row.key
    assert figures["hub_findings_ingested"] == figures["vault_findings_ingested"] == figures["findings"] == 60
    assert figures["lost_updates"] == 0 and figures["hub_refused_saves"] == 0 and figures["problems"] == 0
    assert figures["hub_board_rows"] == figures["vault_board_rows"] == figures["departments"]
    assert figures["hub_saves_per_s"] > 0 and figures["hub_bundles_per_min"] > 0
