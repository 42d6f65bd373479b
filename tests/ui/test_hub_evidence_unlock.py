"""The desktop application on the office hub asks for the hub's evidence passphrase (issue 20) when this machine
opens the hub with the evidence locked (no key in its keyring): once, on connecting; later from 证据已锁定 in the
status bar. A wrong passphrase is said in both languages and changes nothing; 稍后 leaves the hub open with the
evidence locked; the right one unlocks the open hub — the same connection, the same window, a dialog left open
stays open — keeping the key in the keyring only when asked to. A real PostgreSQL hub (tests/conftest.py)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from inspector import evidence_store
from inspector.errors import AuthError
from inspector.hub.store import EVIDENCE_KEYRING_SERVICE, EVIDENCE_PASSPHRASE_ENV
from inspector.model import Area, EvidenceBlob
from tests.conftest import HUB_EVIDENCE_PASSPHRASE
from ui import tasks
from ui.vault.hub_connect import (
    EvidenceLockNotice,
    EvidenceUnlockDialog,
    evidence_locked,
)

WAIT_MS = 20_000


@pytest.fixture
def office(hub_with_profile, monkeypatch, memory_keyring):
    """The hub with the laptop's evidence; this machine's keyring knows its login password, not its evidence key."""
    monkeypatch.delenv(EVIDENCE_PASSPHRASE_ENV, raising=False)
    memory_keyring.delete_password(EVIDENCE_KEYRING_SERVICE, hub_with_profile.vault_id)  # never unlocked here
    return hub_with_profile


def connected(qtbot, hub_shell):
    hub_shell.start()
    qtbot.waitUntil(lambda: hub_shell.unlock_dialog is not None, timeout=10_000)
    with qtbot.waitSignal(hub_shell.window_shown, timeout=WAIT_MS):
        hub_shell.unlock_dialog.try_connect()
    return hub_shell.window


def offered(hub_shell) -> EvidenceUnlockDialog:
    notice = hub_shell.evidence_notice
    assert isinstance(notice, EvidenceLockNotice) and notice.isVisibleTo(hub_shell.window)
    assert notice.text() == "证据已锁定" and "证据口令" in notice.toolTip()
    dialog = notice.dialog
    assert isinstance(dialog, EvidenceUnlockDialog) and dialog.isVisible()
    return dialog


def one_sha(db) -> str:
    with db.session(read_only=True) as s:
        return s.exec(select(EvidenceBlob.sha256)).first()


def readable(db, sha: str) -> bytes:
    with db.session(read_only=True) as s:
        return b"".join(evidence_store.open_stream(s, sha))


def test_a_wrong_passphrase_changes_nothing_and_the_right_one_unlocks(qtbot, hub_shell, office, memory_keyring):
    connected(qtbot, hub_shell)
    first = hub_shell.ctx.vault
    assert evidence_locked(first)
    sha = one_sha(first)
    with pytest.raises(AuthError):  # what an evidence page meets: the core says the key is locked
        readable(first, sha)
    dialog = offered(hub_shell)
    assert dialog.remember_check.isChecked()

    dialog.passphrase_edit.setText("not the evidence passphrase")
    dialog.try_unlock()
    qtbot.waitUntil(dialog.error_label.isVisible, timeout=WAIT_MS)
    assert "证据口令不正确" in dialog.error_label.text() and "Wrong evidence passphrase" in dialog.error_label.text()
    assert dialog.isVisible() and dialog.passphrase_edit.text() == ""
    assert hub_shell.ctx.vault is first and evidence_locked(first)
    assert memory_keyring.get_password(EVIDENCE_KEYRING_SERVICE, first.vault_id) is None

    dialog.remember_check.setChecked(False)  # this computer keeps nothing
    dialog.passphrase_edit.setText(HUB_EVIDENCE_PASSPHRASE)
    window = hub_shell.window
    written: list = []
    hub_shell.ctx.written.connect(lambda changes, _w: written.append(changes))
    with qtbot.waitSignal(dialog.unlocked, timeout=WAIT_MS):
        dialog.try_unlock()
    hub = hub_shell.ctx.vault
    assert hub is first and hub.engine is not None and hub_shell.window is window  # nothing reopened
    assert not evidence_locked(hub) and readable(hub, sha)
    assert hub_shell.evidence_notice is None and window.isVisible()
    assert any(Area.EVIDENCE in changes for changes in written)  # the evidence pages read again
    assert memory_keyring.get_password(EVIDENCE_KEYRING_SERVICE, hub.vault_id) is None
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=WAIT_MS)
    window.navigate("findings")
    qtbot.waitUntil(lambda: window.pages["findings"].model.rowCount() > 0, timeout=WAIT_MS)


def test_later_leaves_the_evidence_locked_and_the_status_bar_offers_again(qtbot, hub_shell, office, memory_keyring):
    window = connected(qtbot, hub_shell)
    first = hub_shell.ctx.vault
    dialog = offered(hub_shell)
    dialog.buttons.rejected.emit()  # 稍后
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    assert hub_shell.ctx.vault is first and evidence_locked(first) and window.isVisible()
    notice = hub_shell.evidence_notice
    assert notice.isVisibleTo(window) and notice.dialog is None
    window.navigate("findings")  # the work goes on
    qtbot.waitUntil(lambda: window.pages["findings"].model.rowCount() > 0, timeout=WAIT_MS)

    from PySide6.QtWidgets import QDialog

    other = QDialog(window)  # a dialog left open while unlocking (a notice being edited, say)
    other.show()
    notice.click()  # later, from the status bar; remembered on this computer this time
    again = notice.dialog
    assert isinstance(again, EvidenceUnlockDialog) and again.isVisible()
    again.passphrase_edit.setText(HUB_EVIDENCE_PASSPHRASE)
    with qtbot.waitSignal(again.unlocked, timeout=WAIT_MS):
        again.try_unlock()
    hub = hub_shell.ctx.vault
    assert hub is first and not evidence_locked(hub) and readable(hub, one_sha(hub))
    assert hub_shell.window is window and window.current_page().key == "findings"  # where it was
    assert other.isVisible()  # nothing closed
    other.close()
    assert memory_keyring.get_password(EVIDENCE_KEYRING_SERVICE, hub.vault_id)


def test_a_machine_that_holds_the_key_is_not_asked(qtbot, hub_shell, hub_with_profile, monkeypatch):
    monkeypatch.delenv(EVIDENCE_PASSPHRASE_ENV, raising=False)  # the evidence key is in the keyring since the hub opened
    connected(qtbot, hub_shell)
    assert not evidence_locked(hub_shell.ctx.vault) and hub_shell.evidence_notice is None
