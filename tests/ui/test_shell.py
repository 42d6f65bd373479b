"""The application's life: unlock, main window, lock (Ctrl+L and idle), unlock again, language switch."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

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
    monkeypatch.setattr("ui.shell.show_open_elsewhere", shown.append)
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


# ---- locking whatever is open ------------------------------------------------------------------------


def _unlock(qtbot, shell):
    dialog = shell.unlock_dialog
    assert dialog is not None
    dialog.passphrase_edit.setText(PASSPHRASE)
    with qtbot.waitSignal(shell.window_shown, timeout=10_000):
        dialog.try_unlock()
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=10_000)
    return shell.window


def test_ctrl_l_in_a_modal_dialogs_own_event_loop_cancels_it_then_locks(qtbot, shell):
    """A confirmation waiting in exec() (a nested event loop): Ctrl+L answers it "cancelled", the code that
    waited runs on the still open vault, then the vault closes — no crash, nothing left on screen."""
    from ui.widgets.confirm import confirm

    window = _opened(qtbot, shell)
    window.navigate("departments")
    page = window.current_page()
    answers = []

    def ask() -> None:
        answers.append(confirm(page, "删除", "删除该单位？", "删除"))
        answers.append(shell.ctx.vault is not None)  # the vault was still open when exec() returned

    def press_ctrl_l() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox) and box.isVisible()
        qtbot.keyClick(box, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    def guard() -> None:  # without the fix nothing closes the box: fail instead of hanging
        box = QApplication.activeModalWidget()
        if box is not None:
            box.reject()

    QTimer.singleShot(0, ask)
    QTimer.singleShot(200, press_ctrl_l)
    guard_timer = QTimer()  # stopped below: a one-shot left running would cancel a later test's dialog
    guard_timer.setSingleShot(True)
    guard_timer.timeout.connect(guard)
    guard_timer.start(5_000)
    with qtbot.waitSignal(shell.locked, timeout=10_000):
        pass
    guard_timer.stop()
    assert answers == [False, True]
    assert shell.window is None and shell.ctx.vault is None
    visible = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not shell.unlock_dialog]
    assert visible == []
    window = _unlock(qtbot, shell)
    assert window.current_page().key == "departments"  # back where the inspector was, not 概览


def test_ctrl_l_in_the_plan_editor_saves_what_was_typed_and_returns_to_the_plans(qtbot, shell):
    from inspector.services import plans

    window = _opened(qtbot, shell)
    window.navigate("plans")
    page = window.current_page()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)
    page.view.selectRow(0)
    plan_id = page.selected_id()
    editor = page.open_editor(plan_id)
    qtbot.waitUntil(lambda: editor.data is not None and editor.isEnabled(), timeout=10_000)
    editor.form.title_edit.setFocus()
    editor.form.title_edit.selectAll()
    qtbot.keyClicks(editor.form.title_edit, "Typed before Ctrl+L")  # saved only after a pause: not yet
    with qtbot.waitSignal(shell.locked, timeout=10_000):
        qtbot.keyClick(editor.form.title_edit, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert shell.ctx.vault is None and not editor.isVisible()
    window = _unlock(qtbot, shell)
    assert window.current_page().key == "plans"
    with shell.ctx.vault.session() as s:
        assert plans.get_plan(s, plan_id).plan.title == "Typed before Ctrl+L"


def test_after_unlocking_the_open_finding_is_shown_again(qtbot, shell):
    from sqlmodel import select

    from inspector.model import Finding

    window = _opened(qtbot, shell)
    with shell.ctx.vault.session() as s:
        finding_id = s.exec(select(Finding)).first().id
    window.navigate("findings", finding_id)
    page = window.current_page()
    qtbot.waitUntil(lambda: page.editor.detail is not None, timeout=10_000)
    with qtbot.waitSignal(shell.locked, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    window = _unlock(qtbot, shell)
    page = window.current_page()
    assert page.key == "findings"
    qtbot.waitUntil(lambda: page.editor.detail is not None, timeout=10_000)
    assert page.editor.finding_id == finding_id and page.stack.currentWidget() is not page.list_panel


def test_ctrl_l_in_a_window_of_its_own_locks(qtbot, shell):
    """A dialog that is not modal is a window of its own: the main window's shortcut never sees the key."""
    window = _opened(qtbot, shell)
    window.navigate("settings")
    box = QDialog(window)
    box.setModal(False)
    box.show()
    box.activateWindow()
    with qtbot.waitSignal(shell.locked, timeout=10_000):
        qtbot.keyClick(box, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert shell.ctx.vault is None and shell.window is None


def test_the_vault_open_elsewhere_note_speaks_the_interface_language_only(qtbot, qapp, tmp_path):
    from inspector.errors import VaultBusyError
    from ui import i18n
    from ui.shell import show_open_elsewhere

    err = VaultBusyError.open_elsewhere(tmp_path / "a.vault")
    seen = []

    def read_box() -> None:
        box = QApplication.activeModalWidget()
        seen.append((box.windowTitle(), box.text(), [b.text() for b in box.buttons()]))
        box.accept()

    for code in ("zh_CN", "en"):
        i18n.install(qapp, code)
        QTimer.singleShot(0, read_box)
        show_open_elsewhere(err)
    i18n.install(qapp, "zh_CN")
    assert seen[0] == ("保险库已打开", err.zh, ["知道了"])
    assert seen[1][1] == err.en and "保险库" not in seen[1][1]


def test_shutting_down_while_locked_leaves_no_dialog_and_no_pending_lock_step(qtbot, shell):
    """The application ends while locked (or while a lock waits): nothing of this shell is left on screen or
    in the event queue to touch what is shown later."""
    window = _opened(qtbot, shell)
    with qtbot.waitSignal(shell.locked, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = shell.unlock_dialog
    assert dialog is not None and dialog.isVisible()
    shell.shutdown()
    assert shell.unlock_dialog is None and not dialog.isVisible()

    later = QDialog()  # a dialog of whatever comes next survives a lock step left pending
    later.show()
    shell._locking = False
    shell._finish_lock()
    assert later.isVisible()
    later.close()
