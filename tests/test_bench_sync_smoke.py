"""The sync benchmark still runs end to end (tiny vaults) and the import applies what the laptop has.
Speed and memory are never asserted here."""

from __future__ import annotations

import math

from tests.bench.bench_sync import main


def test_bench_sync_runs_and_reports_figures(capsys):
    figures = main(["--findings", "50", "--evidence-mb", "8"])

    for name in ("export_s", "import_s", "export_baseline_s", "import_baseline_s", "export_ratio", "import_ratio",
                 "export_floor_ratio", "import_floor_ratio", "store_read_s", "store_write_s", "file_write_s"):
        assert isinstance(figures[name], float) and math.isfinite(figures[name]) and figures[name] > 0, name
    for name in ("export_peak_increase_mb", "import_peak_increase_mb", "export_peak_mb", "import_peak_mb"):
        assert math.isfinite(figures[name]) and figures[name] >= 0, name
    for op in ("export", "import"):  # the parts, timed inside the run, add up to it
        parts = [figures[f"{op}_{part}_s"] for part in ("evidence", "records", "rest")]
        assert figures[f"{op}_evidence_s"] > 0 and figures[f"{op}_records_s"] > 0, op
        assert math.isclose(sum(parts), figures[f"{op}_s"], rel_tol=1e-6), op

    # the demo vault's own findings and evidence travel too; everything the laptop has arrived
    assert figures["problems"] == 0
    assert figures["laptop_findings"] >= 50 and figures["imported_findings"] == figures["laptop_findings"]
    assert figures["imported_evidence"] == figures["laptop_evidence"] >= figures["added_files"] == 3
    assert figures["blobs"] == figures["laptop_blobs"]
    assert figures["added_evidence_bytes"] == 8 * 2**20 and figures["evidence_bytes"] >= 8 * 2**20
    # the context read every file of the laptop's evidence store, as many bytes as the bundle carries
    assert figures["store_files"] == figures["laptop_blobs"] and figures["store_bytes"] == figures["evidence_bytes"]

    out = capsys.readouterr().out
    assert "export (laptop → file)" in out and "import (file → office, applied)" in out
    assert "≤ 2×" in out and "≤ 150" in out and ("met" in out or "MISSED" in out)
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


def test_bench_media_runs_and_reports_figures(capsys):
    """The large-video benchmark (a small video here): every operation ran, and the video went everywhere whole."""
    from tests.bench.bench_media import OPS, REPORT
    from tests.bench.bench_media import main as media_main

    figures = media_main(["--video-mb", "6"])

    assert figures["problems"] == 0 and figures["video_bytes"] == 6 * 2**20
    for op in OPS:
        key = "view_ms" if op == "view" else f"{op}_s"
        assert isinstance(figures[key], float) and math.isfinite(figures[key]) and figures[key] > 0, op
        assert math.isfinite(figures[f"{op}_peak_increase_mb"]) and figures[f"{op}_peak_increase_mb"] >= 0, op
        if op != "view":
            assert figures[f"{op}_baseline_s"] > 0 and figures[f"{op}_ratio"] > 0, op
    assert all(row.key in figures for row in REPORT.rows)
    out = capsys.readouterr().out
    assert "the video went everywhere whole" in out and "≤ 150" in out and ("met" in out or "MISSED" in out)
