"""The start-up benchmark's harness runs and reports a figure (the bare window, once). Speed is never asserted."""

from __future__ import annotations

import math

import pytest

from tests.bench.bench_startup import (
    BARE_MARKER,
    BenchError,
    bare_command,
    child_env,
    main,
    measure,
)


def test_bare_window_is_measured_once(capsys):
    figures = main(["--bare-only", "--repeat", "1", "--warmup", "0"])

    assert set(figures) == {"repeat", "bare_ms", "bare_min_ms"}
    assert figures["repeat"] == 1
    assert math.isfinite(figures["bare_ms"]) and figures["bare_ms"] > 0
    assert figures["bare_min_ms"] == figures["bare_ms"]
    out = capsys.readouterr().out
    assert "bare PySide6 window" in out and "Inspector / bare" not in out


def test_a_child_that_does_not_report_is_an_error():
    import sys

    with pytest.raises(BenchError, match="0 line"):
        measure([sys.executable, "-c", "print('hello')"], child_env(), BARE_MARKER, "a silent child")
    assert bare_command()[-1].count(BARE_MARKER) == 1
