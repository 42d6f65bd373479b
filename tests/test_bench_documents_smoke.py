"""The documents benchmark still runs and reports every figure (tiny photos). Speed itself is never asserted here."""

from __future__ import annotations

import math

from tests.bench.bench_documents import main


def test_bench_documents_runs_and_reports_figures(capsys):
    figures = main(["--photos", "3", "--findings", "4", "--megapixels", "0.3", "--repeat", "1"])

    for name in ("pair_s", "baseline_reportlab_s", "ratio", "first_pair_s", "gather_record_s", "sign_record_s"):
        assert isinstance(figures[name], float) and math.isfinite(figures[name]) and figures[name] > 0, name
    assert figures["photos"] == 3 and figures["findings"] == 4 and figures["record_pages"] >= 2
    out = capsys.readouterr().out
    assert "built and signed" in out and "ReportLab alone" in out and "target ≤ 3 s" in out
