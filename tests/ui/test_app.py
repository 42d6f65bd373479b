"""ui.app.main end to end: unlock, main window, exit codes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from inspector.errors import ExitCode, NotFoundError
from inspector.services.demo import build_demo
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.ui.conftest import expected_summary
from ui import app as ui_app
from ui.main_window import MainWindow

HANG_GUARD_MS = 30_000  # a broken startup ends the event loop with 99 instead of hanging the suite


class ClosingWindow(MainWindow):
    """Records what it showed, then closes itself as a user would."""

    shown: list = []

    def show_summary(self, summary) -> None:
        super().show_summary(summary)
        ClosingWindow.shown.append((self.vault, {k: label.text() for k, label in self.count_labels.items()}))
        QTimer.singleShot(0, self.close)


@pytest.fixture
def closing_window(monkeypatch):
    ClosingWindow.shown = []
    monkeypatch.setattr(ui_app, "MainWindow", ClosingWindow)
    return ClosingWindow


def _run(argv) -> int:
    QTimer.singleShot(HANG_GUARD_MS, lambda: QApplication.instance().exit(99))
    return ui_app.main(argv)


def test_parse_args_keeps_qt_options():
    args, rest = ui_app.parse_args(["--vault", "x.vault", "-platform", "offscreen"])
    assert str(args.vault) == "x.vault" and not args.demo and rest == ["-platform", "offscreen"]


def test_main_opens_the_vault_and_exits_when_the_window_closes(qtbot, demo_vault_path, monkeypatch, closing_window):
    monkeypatch.setenv("INSPECTOR_PASSPHRASE", PASSPHRASE)
    assert _run(["--vault", str(demo_vault_path)]) == ExitCode.OK
    [(vault, labels)] = closing_window.shown
    assert vault.key == b""  # closed with the window
    from inspector.vault import Vault

    with Vault.open(demo_vault_path, passphrase=PASSPHRASE) as again:
        counts, _ = expected_summary(again)
    assert labels == {k: str(n) for k, n in counts.items()}
    assert QApplication.applicationName() == "Inspector" and QApplication.organizationName() == "Jincheng"


def test_main_exits_with_bad_input_on_a_missing_vault(qtbot, tmp_path, monkeypatch, closing_window):
    shown = []
    monkeypatch.setattr("ui.unlock.show_error", lambda parent, err: shown.append(err))
    assert _run(["--vault", str(tmp_path / "none.vault")]) == ExitCode.BAD_INPUT
    assert [type(e) for e in shown] == [NotFoundError] and closing_window.shown == []


def test_demo_is_built_in_the_background_then_reopened(qtbot, tmp_path, monkeypatch, closing_window):
    path = tmp_path / "data" / "demo.vault"
    monkeypatch.setattr(ui_app.paths, "default_demo_vault_path", lambda: path)
    monkeypatch.setattr(ui_app, "build_demo", lambda p, progress: build_demo(p, kdf=FAST_KDF, progress=progress))
    assert _run(["--demo"]) == ExitCode.OK
    assert path.exists() and len(closing_window.shown) == 1
    assert _run(["--demo"]) == ExitCode.OK  # existing demo: opened from the keyring, not rebuilt
    assert len(closing_window.shown) == 2
    assert closing_window.shown[0][1] == closing_window.shown[1][1]
