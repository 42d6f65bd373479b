"""ui.launcher: what the packaged executables run (build/inspector_main.py calls it)."""

from __future__ import annotations

import pytest

from ui import launcher


def test_the_cli_flag_runs_the_command_line(capsys):
    with pytest.raises(SystemExit) as done:
        launcher.main(["--cli", "--help"], executable="/opt/Inspector/Inspector")
    assert done.value.code == 0
    assert "Usage: inspector" in capsys.readouterr().out


@pytest.mark.parametrize("exe", ["/opt/Inspector/inspector-cli", r"C:\\Inspector\\inspector-cli.exe"])
def test_the_console_executable_runs_the_command_line(capsys, exe):
    with pytest.raises(SystemExit) as done:
        launcher.main(["--version"], executable=exe)
    assert done.value.code == 0
    assert "0.1" in capsys.readouterr().out


def test_self_test_is_chosen_before_anything_else(monkeypatch):
    seen = []
    import ui.selftest

    monkeypatch.setattr(ui.selftest, "main", lambda args: seen.append(args) or 0)
    assert launcher.main(["--self-test", "--verbose"], executable="/opt/Inspector/inspector-cli") == 0
    assert seen == [["--verbose"]]


def test_without_flags_the_desktop_application_starts(monkeypatch):
    seen = []
    import ui.app

    monkeypatch.setattr(ui.app, "main", lambda args: seen.append(args) or 0)
    assert launcher.main(["--demo"], executable="/opt/Inspector/Inspector") == 0
    assert seen == [["--demo"]]
