"""The main window on the demo vault, its findings model, and unlocking with the recovery passphrase."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from inspector.errors import AuthError, NotFoundError
from inspector.model import FindingStatus, Severity
from inspector.services import queries
from inspector.vault import Vault
from tests.conftest import PASSPHRASE
from tests.ui.conftest import expected_summary, snapshot
from ui.findings_model import COL_DEPARTMENT, COL_SEVERITY, COL_STATUS, COL_TITLE, ID_ROLE, SORT_ROLE, FindingsTableModel
from ui.main_window import MainWindow
from ui.unlock import UnlockDialog, unlock_vault

LOAD_TIMEOUT_MS = 10_000


@pytest.fixture
def window(qtbot, demo_vault):
    w = MainWindow(demo_vault)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.summary_loaded, timeout=LOAD_TIMEOUT_MS):
        w.show()
    return w


# ---- main window -----------------------------------------------------------------------------


def test_window_shows_the_counts_of_the_vault(window, demo_vault):
    counts, findings = expected_summary(demo_vault)
    # The demo has something of everything, so equal labels mean something.
    assert all(n > 0 for n in counts.values()), counts
    assert len({f["status"] for f in findings}) >= 2

    assert window.windowTitle() == "Inspector — 政务数据安全监督检查"
    assert window.path_label.text() == str(demo_vault.path)
    assert {key: label.text() for key, label in window.count_labels.items()} == {k: str(n) for k, n in counts.items()}

    with demo_vault.session() as s:  # by status, through the query's own filter
        by_status = {st: len(queries.list_findings(s, status=st)) for st in FindingStatus}
    assert sum(by_status.values()) == counts["findings"]
    assert {st: label.text() for st, label in window.status_labels.items()} == {st: str(n) for st, n in by_status.items()}


def test_table_has_one_row_per_finding(window, demo_vault):
    _, findings = expected_summary(demo_vault)
    model = window.findings_model
    assert window.findings_view.model() is model
    assert model.rowCount() == len(findings) > 0
    assert model.columnCount() == 4
    for r, f in enumerate(findings):
        shown = [model.index(r, c).data() for c in (COL_TITLE, COL_DEPARTMENT, COL_SEVERITY, COL_STATUS)]
        assert shown == [f["title"], f["department"], Severity(f["severity"]).zh, FindingStatus(f["status"]).zh]
        assert model.index(r, COL_TITLE).data(ID_ROLE) == f["id"]
        assert model.index(r, COL_STATUS).data(SORT_ROLE) == f["status"]


def test_status_bar_tells_the_key_is_in_the_keyring(window, demo_vault):
    assert demo_vault.keyring_status is not None and demo_vault.keyring_status.usable
    assert "系统密钥环" in window.keyring_label.text()
    assert window.statusBar().isVisible()


def test_status_bar_gives_the_reason_without_a_keyring(qtbot, demo_vault):
    from inspector.keystore import KeyringStatus

    demo_vault.keyring_status = KeyringStatus(None, "本机没有安全的系统密钥环。", "No secure keyring.")
    w = MainWindow(demo_vault)
    qtbot.addWidget(w)
    assert w.keyring_label.text() == "本机没有安全的系统密钥环。"
    qtbot.waitSignal(w.summary_loaded, timeout=LOAD_TIMEOUT_MS).wait()


def test_closing_the_window_closes_the_vault(window, demo_vault):
    window.close()
    assert window.vault is None
    assert demo_vault.key == b""


def test_closing_while_loading_waits_then_closes(qtbot, demo_vault):
    w = MainWindow(demo_vault)  # the load is queued, not yet delivered
    qtbot.addWidget(w)
    w.close()
    assert w.vault is None and demo_vault.key == b""


# ---- findings model alone --------------------------------------------------------------------


def test_findings_model_alone(qtbot):
    model = FindingsTableModel()
    rows = [dict(id="f1", title="日志仅保存30天", department="晋城市民政局", severity="major", status="rectifying",
                 overdue=True),
            dict(id="f2", title="明文存储", department="晋城市医疗保障局", severity="critical", status="draft",
                 overdue=False)]
    with qtbot.waitSignal(model.modelReset):
        model.set_rows(rows)
    assert model.rowCount() == 2 and model.rowCount(model.index(0, 0)) == 0
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == ["问题", "被检查单位", "严重程度", "状态"]
    assert model.index(0, COL_SEVERITY).data() == "较大"
    assert model.index(0, COL_STATUS).data() == "整改中"
    assert model.index(0, COL_STATUS).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(1, COL_STATUS).data(Qt.ItemDataRole.ToolTipRole) is None
    assert model.index(1, COL_TITLE).data(ID_ROLE) == "f2"
    assert model.data(QModelIndex()) is None
    assert model.row(1) == rows[1]


# ---- unlocking -------------------------------------------------------------------------------


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
    monkeypatch.setattr("ui.unlock.show_error", lambda parent, err: shown.append(err))
    opened, aborted = [], []
    unlock_vault(None, tmp_path / "missing.vault", opened.append, aborted.append)
    qtbot.waitUntil(lambda: len(aborted) == 1, timeout=LOAD_TIMEOUT_MS)
    assert isinstance(aborted[0], NotFoundError) and shown == aborted and opened == []
    assert not any(isinstance(w, UnlockDialog) and w.isVisible() for w in QApplication.topLevelWidgets())
