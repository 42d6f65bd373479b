"""The one command that runs every benchmark writes the report: every bench's table and the machine.
A quick run (small sizes); speed is never asserted here."""

from __future__ import annotations

import re

from tests.bench import report
from tests.bench.table import Report, Row, filled, ratio_of, verdict


def test_a_quick_run_writes_every_benchs_table_and_the_machine(tmp_path):
    out = tmp_path / "PERFORMANCE.md"
    assert report.main(["--quick", "--out", str(out)]) == 0

    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Performance") and "Quick run" in text and "python -m tests.bench.report" in text
    for key in ("Date", "Commit", "CPU", "RAM", "OS", "Python", "Qt", "SQLCipher"):
        assert re.search(rf"^- \*\*{key}\*\*: \S", text, re.MULTILINE), key
    for name in report.BENCHES:
        section = report.report_of(name)
        assert f"## {section.title}" in text, name
        assert "did not complete" not in text
        for row in section.rows:  # every declared measure was produced by the bench and is in its table
            assert f"| {row.label} | " in text, (name, row.label)
    assert text.count("| measure | figure | baseline (same run) | ratio | target | met/missed |") == len(report.BENCHES)
    assert "## Missed targets" in text


def test_only_runs_the_benches_named(tmp_path, monkeypatch):
    ran = []

    def fake(name, args):
        ran.append((name, args))
        return report.Outcome(name, args, seconds=1.0, figures={"bare_ms": 80.0, "inspector_ms": 100.0, "ratio": 1.25,
                                                                "ready_ms": 600.0, "ready_ratio": 7.5, "repeat": 5.0})

    monkeypatch.setattr(report, "run_bench", fake)
    out = tmp_path / "p.md"
    assert report.main(["--only", "startup", "--out", str(out)]) == 0
    assert ran == [("startup", [])]
    text = out.read_text(encoding="utf-8")
    assert "## Start-up" in text and "## Sync bundles" not in text and "Not run this time: vault" in text
    assert "| Main window shown (first paint) | 100.0 ms | 80.0 ms — bare PySide6 window | 1.25× |" in text
    assert "None in this run." in text


def test_a_missed_target_brings_its_explanation_with_the_runs_figures():
    row = Row("op", "op_s", "s", baseline="base_s", check=("op_s", 1.0))
    section = Report("T", "", [row], [], explain={"op_s": "floor {floor_s:.1f} s, {absent:.1f}"})
    figures = {"op_s": 2.0, "base_s": 0.5, "floor_s": 1.5}
    assert verdict(row, figures) == "missed" and ratio_of(row, figures) == 4.0
    assert verdict(row, {"op_s": 1.0}) == "met" and verdict(Row("x", "x", "s"), figures) == ""
    assert filled(section.explain["op_s"], figures) == "floor 1.5 s, {absent}"  # a field the run lacks


def test_a_bench_that_fails_is_reported_not_hidden(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "run_bench", lambda name, args: report.Outcome(name, args, error="exit code 1; boom"))
    out = tmp_path / "p.md"
    assert report.main(["--only", "vault", "--out", str(out)]) == 1
    assert "did not complete" in out.read_text(encoding="utf-8") and "boom" in out.read_text(encoding="utf-8")
