"""``Inspector --self-test`` from source: every check passes, the main window opened and closed."""

from __future__ import annotations

from ui import selftest


def test_the_whole_self_test_passes_and_reports_each_check(qapp, capsys):
    assert selftest.main([]) == 0
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.startswith("[")]
    assert len(lines) == len(selftest.selftest.CORE_STEPS) + len(selftest.UI_STEPS)
    assert all(line.startswith("[通过 PASS]") for line in lines), out
    assert "8 pages: dashboard, plans" in out and "Qt Chinese: '取消', printing" in out
    assert f"自检通过（{len(lines)} 项）/ Self-test passed" in out


def test_a_failing_window_step_fails_the_run(qapp, capsys, monkeypatch):
    def no_window(ctx):
        raise RuntimeError("the window would not open")

    monkeypatch.setattr(selftest, "UI_STEPS", [selftest.UI_STEPS[0], ("打开并关闭主窗口", "open and close the main window",
                                                                      no_window)])
    assert selftest.main([]) == 1
    out = capsys.readouterr().out
    assert "[失败 FAIL] 打开并关闭主窗口" in out and "the window would not open" in out
    assert "自检失败：打开并关闭主窗口" in out
