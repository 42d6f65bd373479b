"""The vault benchmark still runs and reports every figure. Speed itself is never asserted here."""

from __future__ import annotations

import math

from tests.bench.bench_vault import ENGINES, PHASES, main

TIMINGS = ["open_plain_ms", "open_keyring_ms", "open_passphrase_ms"] + [
    f"{engine}_{phase}_s" for engine in ENGINES for phase in (*PHASES, "total")
]
RATIOS = [f"ratio_{phase}" for phase in (*PHASES, "total")]
COUNTS = ["open_passphrase_runs", "audit_events", "findings", "repeat"]
DIFFERENCES = ["open_keyring_overhead_ms"]  # a difference of two timings: its sign is not checked


def test_bench_vault_runs_and_reports_figures(capsys):
    figures = main(["--findings", "200", "--repeat", "3"])

    assert set(figures) == {*TIMINGS, *RATIOS, *COUNTS, *DIFFERENCES}
    for name in TIMINGS + RATIOS + COUNTS:
        assert isinstance(figures[name], float) and math.isfinite(figures[name]) and figures[name] > 0, name
    assert math.isfinite(figures["open_keyring_overhead_ms"])
    assert figures["findings"] == 200 and figures["repeat"] == 3
    assert figures["audit_events"] > 200  # every finding went through the audited session

    out = capsys.readouterr().out
    assert "cipher" in out.lower() and "SQLCipher / plain total" in out
