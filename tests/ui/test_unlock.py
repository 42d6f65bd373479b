"""Unlocking with the recovery passphrase: wrong then right, cancel, missing vault."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from inspector.errors import AuthError, NotFoundError
from inspector.vault import Vault
from tests.conftest import PASSPHRASE
from tests.ui.conftest import snapshot
from ui.vault.unlock import UnlockDialog, unlock_vault

LOAD_TIMEOUT_MS = 10_000


def _unlock_dialog(qtbot) -> UnlockDialog:
    found: list[UnlockDialog] = []

    def visible_dialog() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets() if isinstance(w, UnlockDialog) and w.isVisible()]
        return bool(found)

    qtbot.waitUntil(visible_dialog, timeout=LOAD_TIMEOUT_MS)
    return found[0]


def _submit(qtbot, dialog: UnlockDialog, passphrase: str) -> None:
    dialog.passphrase_edit.clear()
    if passphrase.isascii():
        qtbot.keyClicks(dialog.passphrase_edit, passphrase)
    else:  # QTest types ASCII only; Chinese arrives from the input method as a committed string
        event = QInputMethodEvent()
        event.setCommitString(passphrase)
        QApplication.sendEvent(dialog.passphrase_edit, event)
    assert dialog.passphrase_edit.text() == passphrase
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_wrong_passphrase_is_shown_and_changes_nothing_then_right_one_opens(qtbot, demo_vault_path, memory_keyring):
    with pytest.raises(AuthError) as wrong:  # what the core says to a wrong passphrase
        Vault.open(demo_vault_path, passphrase="not the passphrase", use_keyring=False)
    before = snapshot(demo_vault_path.parent)
    opened, aborted = [], []
    unlock_vault(None, demo_vault_path, opened.append, aborted.append)
    dialog = _unlock_dialog(qtbot)  # no key in the (empty) keyring, no INSPECTOR_PASSPHRASE
    assert dialog.passphrase_edit.echoMode() == QLineEdit.EchoMode.Password
    assert not dialog.ok_button.isEnabled()

    _submit(qtbot, dialog, "not the passphrase")
    qtbot.waitUntil(lambda: dialog.error_label.isVisible() and dialog.passphrase_edit.isEnabled(),
                    timeout=LOAD_TIMEOUT_MS)
    assert dialog.error_label.text() == wrong.value.zh
    assert "Traceback" not in dialog.error_label.text()
    assert dialog.isVisible() and dialog.passphrase_edit.text() == ""
    assert opened == [] and aborted == []
    assert snapshot(demo_vault_path.parent) == before  # byte for byte, and no new file

    with qtbot.waitSignal(dialog.unlocked, timeout=LOAD_TIMEOUT_MS) as unlocked:
        _submit(qtbot, dialog, PASSPHRASE)
    vault = unlocked.args[0]
    try:
        qtbot.waitUntil(lambda: opened == [vault], timeout=LOAD_TIMEOUT_MS)
        assert aborted == [] and not dialog.isVisible()
        assert vault.path == demo_vault_path and vault.keyring_status.usable
        assert memory_keyring.store  # the key went to the keyring: next time no passphrase
    finally:
        vault.close()

    again: list[Vault] = []
    unlock_vault(None, demo_vault_path, again.append, aborted.append)
    qtbot.waitUntil(lambda: len(again) == 1, timeout=LOAD_TIMEOUT_MS)
    again[0].close()
    assert aborted == []


def test_cancelling_the_unlock_dialog_aborts(qtbot, demo_vault_path):
    opened, aborted = [], []
    unlock_vault(None, demo_vault_path, opened.append, aborted.append)
    dialog = _unlock_dialog(qtbot)
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: aborted == [None])
    assert opened == []


def test_missing_vault_shows_a_bilingual_message(qtbot, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr("ui.vault.unlock.show_error", lambda parent, err: shown.append(err))
    opened, aborted = [], []
    unlock_vault(None, tmp_path / "missing.vault", opened.append, aborted.append)
    qtbot.waitUntil(lambda: len(aborted) == 1, timeout=LOAD_TIMEOUT_MS)
    assert isinstance(aborted[0], NotFoundError) and shown == aborted and opened == []
    assert not any(isinstance(w, UnlockDialog) and w.isVisible() for w in QApplication.topLevelWidgets())
