"""ui.app.main end to end: unlock, main window, first run, exit codes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from inspector.errors import ExitCode
from inspector.services.demo import build_demo
from tests.conftest import FAST_KDF, PASSPHRASE
from ui import app as ui_app
from ui import shell as ui_shell
from ui.main_window import MainWindow

HANG_GUARD_MS = 30_000  # a broken startup ends the event loop with 99 instead of hanging the suite


class ClosingWindow(MainWindow):
    """Records the vault it showed, then closes itself as a user would."""

    shown: list = []

    def install_pages(self) -> None:
        super().install_pages()
        ClosingWindow.shown.append(self.ctx.vault)
        QTimer.singleShot(0, self.close)


@pytest.fixture
def closing_window(monkeypatch):
    ClosingWindow.shown = []
    monkeypatch.setattr(ui_shell, "MainWindow", ClosingWindow)
    return ClosingWindow


def _run(argv) -> int:
    # The guard must die with this run: a QCoreApplication.exit() fired later, outside any exec(),
    # would make every later QEventLoop return at once (and every later waitSignal time out).
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(lambda: QApplication.instance().exit(99))
    guard.start(HANG_GUARD_MS)
    try:
        return ui_app.main(argv)
    finally:
        guard.stop()


def test_parse_args_keeps_qt_options():
    args, rest = ui_app.parse_args(["--vault", "x.vault", "-platform", "offscreen"])
    assert str(args.vault) == "x.vault" and not args.demo and rest == ["-platform", "offscreen"]


def test_main_opens_the_vault_and_exits_when_the_window_closes(qtbot, demo_vault_path, monkeypatch, closing_window):
    monkeypatch.setenv("INSPECTOR_PASSPHRASE", PASSPHRASE)
    assert _run(["--vault", str(demo_vault_path)]) == ExitCode.OK
    [vault] = closing_window.shown
    assert vault.path == demo_vault_path and vault.key == b""  # closed with the window


def test_a_missing_vault_starts_the_first_run_wizard(qtbot, tmp_path, monkeypatch, closing_window):
    started = []

    class FakeWizard:
        def __init__(self, path):
            started.append(path)
            from PySide6.QtCore import QObject, Signal

            class Signals(QObject):
                vault_created = Signal(object)
                rejected = Signal()

            self._signals = Signals()
            self.vault_created, self.rejected = self._signals.vault_created, self._signals.rejected

        def show(self):
            QTimer.singleShot(0, self.rejected.emit)  # the user closes the wizard

    monkeypatch.setattr("ui.vault.wizard.FirstRunWizard", FakeWizard)
    assert _run(["--vault", str(tmp_path / "new.vault")]) == ExitCode.OK
    assert started == [tmp_path / "new.vault"] and closing_window.shown == []


def test_demo_is_built_in_the_background_then_reopened(qtbot, tmp_path, monkeypatch, closing_window):
    path = tmp_path / "data" / "demo.vault"
    monkeypatch.setattr(ui_app.paths, "default_demo_vault_path", lambda: path)
    monkeypatch.setattr(ui_shell, "build_demo", lambda p, progress: build_demo(p, kdf=FAST_KDF, progress=progress))
    assert _run(["--demo"]) == ExitCode.OK
    assert path.exists() and len(closing_window.shown) == 1
    assert _run(["--demo"]) == ExitCode.OK  # existing demo: opened, not rebuilt
    assert len(closing_window.shown) == 2
