"""The campaign benchmark still runs and reports every figure (a tiny campaign). Speed itself is never asserted here."""

from __future__ import annotations

import math

from tests.bench.bench_campaign import NOT_BUILT, REPORT, main, report_status


def test_bench_campaign_runs_and_reports_figures(capsys):
    figures = main(["--departments", "6", "--findings", "60", "--repeat", "1"])

    measured = not report_status()  # the campaign report exists in the tree
    for row in REPORT.rows:
        if row.key.startswith("report_") and not measured:
            assert row.key not in figures  # never a fake number
            continue
        for key in (row.key, row.baseline):
            if key:
                assert isinstance(figures[key], float) and math.isfinite(figures[key]) and figures[key] > 0, key
    assert figures["departments"] == 6 and figures["findings"] == 60 and figures["items"] == 55
    assert figures["board_rows"] == figures["board_rows_painted"] == 6  # every target painted, none filtered out
    assert figures["board_findings"] == 60 and figures["verdicts"] > 0 and figures["matrix_failed"] > 0
    assert figures["repeat_findings"] > 0  # the earlier plan's verdicts give the repeats real work
    out = capsys.readouterr().out
    assert "first paint" in out and "target ≤ 200 ms" in out and "target ≤ 300 ms" in out
    assert "built with charts and signed" in out
    assert (NOT_BUILT in out) is not measured
    if measured:  # the issued report, laid out and signed by this vault's inspector; its annex lists every finding
        assert figures["report_pages"] >= 1 and figures["report_signers"] == 1
        assert figures["report_annex_findings"] == 60


def test_the_generated_departments_have_valid_codes():
    from inspector import uscc
    from tests.bench.bench_campaign import department_code

    codes = {department_code(n) for n in range(1, 201)}
    assert len(codes) == 200 and all(uscc.is_valid(c) for c in codes)
