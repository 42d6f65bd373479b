"""The application's life: unlock, main window, lock (Ctrl+L and idle), unlock again, language switch."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from inspector.errors import VaultLockedError
from ui import tasks
from ui.shell import Shell
from tests.conftest import PASSPHRASE


@pytest.fixture
def shell(qapp, demo_vault_path, monkeypatch):
    monkeypatch.setenv("INSPECTOR_PASSPHRASE", PASSPHRASE)
    s = Shell(qapp, demo_vault_path)
    yield s
    s.shutdown()


def _opened(qtbot, shell):
    with qtbot.waitSignal(shell.window_shown, timeout=10_000):
        shell.start()
    assert shell.window is not None and shell.ctx.vault is not None
    return shell.window


def test_unlock_shows_every_page(qtbot, shell):
    window = _opened(qtbot, shell)
    assert list(window.pages) == ["dashboard", "plans", "departments", "inspections", "findings",
                                  "rectification", "sync", "settings"]
    for key in window.pages:
        window.navigate(key)
        assert window.current_page().key == key
        qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=10_000)


def test_ctrl_l_locks_clears_and_asks_for_the_passphrase(qtbot, shell, monkeypatch):
    window = _opened(qtbot, shell)
    vault = shell.ctx.vault
    with qtbot.waitSignal(shell.locked, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert shell.window is None and shell.ctx.vault is None
    assert vault.closed and vault.key == b""
    with pytest.raises(VaultLockedError):
        with vault.session():
            pass
    dialog = shell.unlock_dialog
    assert dialog is not None and not dialog.use_keyring  # the keyring does not unlock a locked app
    dialog.passphrase_edit.setText("wrong passphrase")
    dialog.try_unlock()
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=10_000)
    assert dialog.error_label.text()
    dialog.passphrase_edit.setText(PASSPHRASE)
    with qtbot.waitSignal(shell.window_shown, timeout=10_000):
        dialog.try_unlock()
    assert shell.ctx.vault is not None


def test_idle_timeout_locks(qtbot, shell, monkeypatch):
    _opened(qtbot, shell)
    shell.idle.set_interval(300)
    shell.idle.start()
    with qtbot.waitSignal(shell.locked, timeout=5_000):
        pass
    assert shell.ctx.vault is None and shell.unlock_dialog is not None
    ended = []
    monkeypatch.setattr(shell, "abort", ended.append)  # no event loop to end here
    shell.unlock_dialog.reject()
    assert ended == [None]


def test_language_switch_rebuilds_the_window_in_english(qtbot, shell):
    window = _opened(qtbot, shell)
    assert window.windowTitle().endswith("政务数据安全监督检查")
    with qtbot.waitSignal(shell.window_shown, timeout=10_000):
        shell.ctx.language_changed.emit("en")
    try:
        assert shell.window is not window
        assert "政务" not in shell.window.windowTitle()
        assert shell.window.current_page().key == "settings"
    finally:
        from ui import i18n, prefs

        i18n.install(shell.app, "zh_CN")
        prefs.LANGUAGE.set("zh_CN")


def test_a_second_instance_on_the_same_vault_gets_a_plain_message(qtbot, qapp, shell, demo_vault_path, monkeypatch):
    _opened(qtbot, shell)
    shown, exits = [], []
    monkeypatch.setattr("ui.shell.show_error", lambda parent, err: shown.append(err))
    second = Shell(qapp, demo_vault_path)
    monkeypatch.setattr(second, "abort", lambda err: exits.append(err))
    second.start()
    assert len(shown) == 1 and "另一个 Inspector" in shown[0].zh and exits == shown
    assert second.window is None
    second.shutdown()


def test_the_shell_knows_the_demo_passphrase_without_importing_the_core():
    from inspector.services import demo
    from ui import shell

    assert shell.DEMO_PASSPHRASE == demo.DEMO_PASSPHRASE
