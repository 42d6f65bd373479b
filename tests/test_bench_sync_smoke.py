"""The sync benchmark still runs end to end (tiny vaults) and the import applies what the laptop has.
Speed and memory are never asserted here."""

from __future__ import annotations

import math

from tests.bench.bench_sync import main


def test_bench_sync_runs_and_reports_figures(capsys):
    figures = main(["--findings", "50", "--evidence-mb", "8"])

    for name in ("export_s", "import_s", "export_baseline_s", "import_baseline_s", "export_ratio", "import_ratio",
                 "export_floor_ratio", "import_floor_ratio", "sqlcipher_read_s", "sqlcipher_write_s", "file_write_s"):
        assert isinstance(figures[name], float) and math.isfinite(figures[name]) and figures[name] > 0, name
    for name in ("export_peak_increase_mb", "import_peak_increase_mb", "export_peak_mb", "import_peak_mb"):
        assert math.isfinite(figures[name]) and figures[name] >= 0, name

    # the demo vault's own findings and evidence travel too; everything the laptop has arrived
    assert figures["problems"] == 0
    assert figures["laptop_findings"] >= 50 and figures["imported_findings"] == figures["laptop_findings"]
    assert figures["imported_evidence"] == figures["laptop_evidence"] >= figures["added_files"] == 3
    assert figures["blobs"] == figures["laptop_blobs"]
    assert figures["added_evidence_bytes"] == 8 * 2**20 and figures["evidence_bytes"] >= 8 * 2**20

    out = capsys.readouterr().out
    assert "export (laptop → file)" in out and "import (file → office, applied)" in out
    assert "≤ 2×" in out and "≤ 300" in out and ("met" in out or "MISSED" in out)
    assert f"imported: {int(figures['laptop_findings'])} findings" in out and "as on the laptop" in out


def test_a_short_import_is_reported():
    from tests.bench.bench_sync import check_import

    laptop = {"finding": 10, "evidence": 2, "evidence_blob": 2}
    empty = {"finding": 0, "evidence": 0, "evidence_blob": 0}
    full = {"counts": {"finding": {"new": 10}, "evidence": {"new": 2}}, "blobs": 2, "applied": True, "conflicts": 0}
    assert check_import(full, laptop, empty, laptop) == []
    short = {**full, "counts": {"finding": {"new": 9}, "evidence": {"new": 2}}}
    assert any("finding" in p for p in check_import(short, laptop, empty, {**laptop, "finding": 9}))
    assert check_import({**full, "applied": False}, laptop, empty, laptop) == ["the import was not applied"]
