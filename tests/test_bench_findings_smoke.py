"""The findings benchmark still runs and reports every figure. Speed itself is never asserted here."""

from __future__ import annotations

import math

from tests.bench.bench_findings import QUERIES, main


def test_bench_findings_runs_and_reports_figures(qapp, capsys):
    figures = main(["--findings", "300", "--repeat", "2"])

    timings = [k for k in figures if k.endswith("_ms") or k.endswith("_s")]
    assert {"first_paint_ms", "baseline_count_ms", "baseline_first_page_ms", "fetch_page_ms",
            "scroll_to_unread_page_ms", "page_search_long_ms", "build_s"} <= set(timings)
    assert {f"sort_{k}_ms" for k in ("title", "department", "severity", "status", "deadline", "created")} <= set(timings)
    for name in timings:
        assert isinstance(figures[name], float) and math.isfinite(figures[name]) and figures[name] > 0, name
    for name in QUERIES:
        assert figures[f"{name}_ms"] > 0 and figures[f"{name}_hits"] > 0, name
    assert figures["first_paint_page_fetches"] == 0  # the first page came with the ids
    assert figures["findings"] == 300

    out = capsys.readouterr().out
    assert "first paint" in out and "target ≤ 150 ms" in out and "target ≤ 30 ms" in out
