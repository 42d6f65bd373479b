"""The application's life: first run or unlock, the main window, locking, switching language.

::

    start ─► no vault? ─► first-run wizard ─┐
          └► unlock (keyring, else passphrase) ─► main window ─► lock (Ctrl+L / idle)
                                                     ▲               │
                                                     └── passphrase ◄┘

Locking closes the vault, destroys the main window (so no view keeps any
data) and asks for the recovery passphrase — not the keyring: whoever finds
the laptop unlocked-then-locked must not get in by clicking. Ctrl+L works
with any dialog open, modal or not (:class:`ui.autolock.IdleWatcher` sees the
key before any widget): the pages flush what was typed and drop their
dialogs, every other dialog and menu is cancelled, the window hides, and
the vault closes once the dialogs' own event loops have returned (code
waiting on a dialog gets "cancelled" while the vault is still open). After
the passphrase the window opens on the page (and the inspection or finding)
it showed.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLockFile, QObject, QThread, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from inspector.errors import ExitCode, InspectorError, VaultBusyError
from ui import i18n, prefs
from ui.context import AppContext
from ui.errors import show_error
from ui.main_window import MainWindow, page_classes

# Start-up: nothing imported before the frame's first paint may touch PySide6's ``Qt`` namespace (its
# first use builds ~100 Python enums, ~10 ms); ui.tasks, ui.vault.unlock and ui.autolock do, so they are
# imported where they are used, after the frame is painted.
if TYPE_CHECKING:
    from inspector.vault import Vault
    from ui.autolock import IdleWatcher
    from ui.vault.unlock import UnlockDialog

log = logging.getLogger(__name__)
DEMO_PASSPHRASE = "jincheng-demo-2026"  # public; equals inspector.services.demo.DEMO_PASSPHRASE (tested)


def build_demo(path: Path, progress):
    from inspector.services.demo import build_demo as build

    return build(path, progress=progress)


def _load_core(progress, cancel) -> None:
    """Import the database stack and the pages on the worker while the window is already on screen."""
    page_classes()

EXIT_AFTER_SHOWN_ENV = "INSPECTOR_EXIT_AFTER_SHOWN"  # benchmarks: print the start-up time and quit
T0_ENV = "INSPECTOR_T0"
PAINT_WAIT_MS = 250  # a frame never painted (hidden, minimised) must not keep the vault closed
LOCK_RETRY_MS = 20  # locking waits for the event loops of cancelled dialogs to return, checking this often
MAIN_LOOP_LEVEL = 1  # QThread.loopLevel() of the application's own loop: more means a dialog's exec()


def cancel_dialogs(keep: QWidget | None = None) -> int:
    """Close every popup (menus, combo lists, calendars) and cancel every visible dialog but ``keep``:
    a dialog that can let go of what it holds (``drop()`` or ``discard_and_close()``, which flush what
    can be saved) is asked to, any other is rejected, and one that refuses is closed regardless.
    Returns how many were still visible."""
    while (popup := QApplication.activePopupWidget()) is not None:
        if not popup.close():
            popup.hide()
            break
    visible = [w for w in QApplication.topLevelWidgets()
               if isinstance(w, QDialog) and w.isVisible() and w is not keep]
    for dialog in visible:
        let_go = getattr(dialog, "drop", None) or getattr(dialog, "discard_and_close", None)
        if callable(let_go):
            let_go()
        else:
            dialog.reject()
        if dialog.isVisible():
            QDialog.done(dialog, int(QDialog.DialogCode.Rejected))  # e.g. busy: the base class always closes
    return len(visible)


def show_open_elsewhere(err: VaultBusyError) -> None:
    """A second start on a vault already open: a calm note in the interface's language only (no English
    under the Chinese, as an error box has), the other window being where to go."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Information, QCoreApplication.translate("Shell", "保险库已打开"),
                      i18n.pick(err.zh, err.en), QMessageBox.StandardButton.Ok)
    box.button(QMessageBox.StandardButton.Ok).setText(QCoreApplication.translate("Shell", "知道了"))
    box.exec()


def location(window: MainWindow) -> tuple[str, str | None] | None:
    """The page in front, and the inspection or finding it shows (to return there after unlocking)."""
    page = window.current_page()
    key = getattr(page, "key", "")
    if not key:
        return None
    record = None
    if key == "inspections" and getattr(page, "runner", None) is not None and page.stack.currentWidget() is page.runner:
        record = page.runner.inspection_id
    elif key == "findings" and page.stack.currentWidget() is not page.list_panel:
        record = page.editor.finding_id
    return key, record


class Shell(QObject):
    window_shown = Signal(object)   # the MainWindow
    locked = Signal()

    def __init__(self, app: QApplication, path: Path, *, demo: bool = False, hub: str | None = None) -> None:
        super().__init__()
        self.app = app
        self.path = Path(path)
        self.demo = demo
        self.hub = hub
        """The office hub to connect to (a profile's name or a URL; "" for INSPECTOR_HUB) instead of the vault."""
        self.ctx = AppContext()
        self.window: MainWindow | None = None
        self.unlock_dialog: UnlockDialog | None = None
        # Made with the first open vault: its application-wide event filter runs Python for every event of
        # every object (PySide6 wrapping each widget as it is built), which slowed the frame's first paint.
        self.idle: IdleWatcher | None = None
        self._opening = False  # the vault's opening has started (see start)
        self._locking = False  # a lock waits for cancelled dialogs to return (see lock)
        self._lock_waits = 0
        self.return_to: tuple[str, str | None] | None = None  # where the window was when it locked
        self.evidence_notice: QWidget | None = None  # the hub's evidence is locked here: 证据已锁定 in the status bar
        self._evidence_offered = False  # the passphrase was asked for once already (a click asks again)
        self.ctx.lock_requested.connect(self.lock)
        self.ctx.language_changed.connect(self.switch_language)

    # ---- start -------------------------------------------------------------------------------

    def _claim(self) -> bool:
        """One Inspector window per vault: a second instance gets a plain message, not a race."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.instance_lock = QLockFile(str(self.path) + ".lock")
        self.instance_lock.setStaleLockTime(0)  # never stale by age; a crashed owner (dead PID) frees it
        if self.instance_lock.tryLock(0):
            return True
        err = VaultBusyError.open_elsewhere(self.path)
        show_open_elsewhere(err)
        self.abort(err)
        return False

    def start(self) -> None:
        if self.hub is not None:  # the office hub: no vault file to claim, a connection to make
            self._show_frame()
            self.window.first_paint.connect(lambda: QTimer.singleShot(0, self._connect_hub))
            QTimer.singleShot(PAINT_WAIT_MS, self._connect_hub)
            return
        if not self._claim():
            return
        if not self.demo and not self.path.exists():
            self._first_run()
            return
        self._show_frame()
        # The worker starts once the frame is painted: its imports would otherwise compete with the
        # first paint for the interpreter lock.
        self.window.first_paint.connect(lambda: QTimer.singleShot(0, self._open_vault))
        QTimer.singleShot(PAINT_WAIT_MS, self._open_vault)

    def _open_vault(self) -> None:
        """Start the worker: import the database stack and the pages, unlock (or build the demo vault)."""
        if self._opening or self.window is None:
            return
        self._opening = True
        from ui.tasks import run_in_background
        from ui.vault.unlock import unlock_vault

        run_in_background(None, _load_core, on_success=lambda _: None, on_failure=self._failed)
        if self.demo and not self.path.exists():
            self.window.set_waiting(QCoreApplication.translate("Shell", "正在生成演示保险库…"))
            run_in_background(None, lambda progress, cancel: build_demo(self.path, progress),
                              on_success=self.open_window, on_failure=self._failed)
        else:
            unlock_vault(self.window, self.path, self.open_window, self.abort,
                         passphrase=DEMO_PASSPHRASE if self.demo else None)

    def _connect_hub(self, address=None, *, after_lock: bool = False) -> None:
        """Ask for the hub's password (the profile filled in) and connect on the worker."""
        if (self._opening and not after_lock) or (self.window is None and not after_lock):
            return
        self._opening = True
        from inspector.hub import connection
        from ui.vault.hub_connect import HubConnectDialog

        if address is None:
            try:
                address = connection.resolve(self.hub or None) if (self.hub or os.environ.get(connection.HUB_ENV)) \
                    else None
            except InspectorError as err:
                show_error(self.window, err)
                address = None
        profile = self.hub if self.hub and "://" not in self.hub else ""
        dialog = HubConnectDialog(address, self.window, use_keyring=not after_lock, profile=profile)
        self._await_unlock(dialog, lambda: dialog.hub, locked=after_lock)

    def _show_frame(self) -> None:
        """The main window at once, before the vault (and the database stack) is ready."""
        self.window = MainWindow(self.ctx)
        if os.environ.get(EXIT_AFTER_SHOWN_ENV):
            self.window.first_paint.connect(lambda: self._report("INSPECTOR_SHOWN_MS"))
        self.window.show()

    def _first_run(self) -> None:
        from ui import input_guard
        from ui.vault.wizard import FirstRunWizard

        input_guard.install(self.app)
        wizard = FirstRunWizard(self.path)
        wizard.vault_created.connect(self.open_window)
        wizard.rejected.connect(lambda: self.abort(None))
        self._wizard = wizard
        wizard.show()

    def _failed(self, err: InspectorError) -> None:
        show_error(self.window, err)
        self.abort(err)

    def abort(self, err: InspectorError | None) -> None:
        self.app.exit(int(err.exit_code) if err is not None else int(ExitCode.OK))

    # ---- the main window ---------------------------------------------------------------------

    def open_window(self, vault: Vault) -> None:
        """The vault is open: fill the main window (made now if locking destroyed it) with the pages."""
        self.ctx.set_vault(vault)
        if getattr(vault, "path", None) is not None:  # a vault (the hub has no file)
            prefs.LAST_VAULT.set(str(vault.path))
        from ui import input_guard

        input_guard.install(self.app)  # after the first paint: an application-wide filter slows building widgets
        if self.idle is None:
            from ui.autolock import IdleWatcher

            self.idle = IdleWatcher(prefs.AUTO_LOCK_MINUTES.get() * 60_000, self)
            self.idle.idle.connect(self.lock)
            self.idle.lock_key.connect(self.lock)
        if self.window is None:
            self.window = MainWindow(self.ctx)
        else:
            self.window.install_pages()
        self.window.pages["settings"].auto_lock_changed.connect(lambda minutes: self.idle.set_interval(minutes * 60_000))
        self.window.show()
        self.app.setQuitOnLastWindowClosed(True)
        self.idle.set_interval(prefs.AUTO_LOCK_MINUTES.get() * 60_000)
        self.idle.start()
        self._watch_evidence(vault)
        self.window_shown.emit(self.window)
        if os.environ.get(EXIT_AFTER_SHOWN_ENV):
            self._report("INSPECTOR_READY_MS")
            self.app.exit(0)

    # ---- the office hub's evidence ---------------------------------------------------------------

    def _watch_evidence(self, vault) -> None:
        """A hub whose evidence is locked on this machine: 证据已锁定 in the status bar, and the first time the
        evidence passphrase is asked for (稍后 leaves the hub open, its evidence locked; the work goes on)."""
        self.evidence_notice = None
        if getattr(vault, "address", None) is None:
            return
        from ui.vault.hub_connect import EvidenceLockNotice, evidence_locked

        if not evidence_locked(vault):
            return
        notice = EvidenceLockNotice(vault, self.window)
        notice.unlocked.connect(self.evidence_unlocked)
        self.evidence_notice = notice
        if not self._evidence_offered and not os.environ.get(EXIT_AFTER_SHOWN_ENV):
            self._evidence_offered = True
            notice.ask()

    def evidence_unlocked(self) -> None:
        """The open hub's evidence was unlocked: the notice goes, and the pages that show evidence read it again
        (nothing reopened: the window, its dialogs and what was typed stay)."""
        from inspector.changes import Changes
        from inspector.model import Area

        notice, self.evidence_notice = self.evidence_notice, None
        if notice is not None:
            notice.deleteLater()
        self.ctx.written.emit(Changes(frozenset({Area.EVIDENCE})), None)

    @staticmethod
    def _report(name: str) -> None:
        """Benchmarks: milliseconds since ``INSPECTOR_T0`` (set by the parent just before starting us)."""
        t0 = float(os.environ.get(T0_ENV, "0") or 0)
        print(f"{name}={(time.time() - t0) * 1000:.1f}", flush=True)

    def close_vault(self) -> None:
        """Flush pending saves, destroy every view, close the vault."""
        from ui.tasks import wait_for_all

        if self.idle is not None:
            self.idle.stop()
        if self.window is not None:
            self.app.setQuitOnLastWindowClosed(False)  # hiding the window must not end the app
            self.window.clear_pages()
            wait_for_all()
            self.window.close()
            self.window.deleteLater()
            self.window = None
        wait_for_all()
        if self.ctx.vault is not None:
            self.ctx.vault.close()
            self.ctx.set_vault(None)

    # ---- locking -----------------------------------------------------------------------------

    def lock(self) -> None:
        """Ctrl+L or idle, whatever is open: save what can be saved, close every dialog, hide the window;
        the vault closes as soon as no dialog's event loop is running (:meth:`_finish_lock`)."""
        if self.ctx.vault is None or self._locking:
            return
        self._locking = True
        self._lock_waits = 0
        if self.idle is not None:
            self.idle.stop()
        if self.window is not None:
            self.return_to = location(self.window)
            self.window.clear_pages()  # drafts are flushed; each page drops its own dialogs
        cancel_dialogs()
        if self.window is not None:
            self.app.setQuitOnLastWindowClosed(False)
            self.window.hide()
        QTimer.singleShot(0, self._finish_lock)

    def _finish_lock(self) -> None:
        """Close the vault once the cancelled dialogs' ``exec()`` have returned (the code that waited on
        them has run, on the open vault); until then nothing of the vault is on screen. A lock given up
        meanwhile (:meth:`shutdown`) does nothing more: it must never cancel dialogs shown later."""
        if not self._locking:
            return
        nested = QThread.currentThread().loopLevel() > MAIN_LOOP_LEVEL
        if nested or cancel_dialogs():
            self._lock_waits += 1
            QTimer.singleShot(LOCK_RETRY_MS if self._lock_waits < 50 else 10 * LOCK_RETRY_MS, self._finish_lock)
            return
        self._locking = False
        if self.ctx.vault is None:
            return
        if self.hub is not None:  # the hub: its password again, never the keyring's
            address = self.ctx.vault.address
            self.close_vault()
            self.locked.emit()
            self._connect_hub(address, after_lock=True)
            return
        path = self.ctx.vault.path
        self.close_vault()
        self.locked.emit()
        from ui.vault.unlock import UnlockDialog

        dialog = UnlockDialog(path, use_keyring=False)
        self._await_unlock(dialog, lambda: dialog.vault, locked=True)

    def _await_unlock(self, dialog: QDialog, opened, *, locked: bool) -> None:
        """Show ``dialog`` (an unlock or a hub's connection); accepted, the window opens on ``opened()`` (and, after
        a lock, returns where it was); cancelled, the application ends."""
        if locked:
            dialog.setWindowTitle(QCoreApplication.translate("Shell", "Inspector 已锁定"))
        self.unlock_dialog = dialog

        def finished(result: int) -> None:
            self.unlock_dialog = None
            dialog.deleteLater()
            if result == int(QDialog.DialogCode.Accepted):
                self.open_window(opened())
                if locked:
                    self._return()
            else:
                self.abort(dialog.error)

        dialog.finished.connect(finished)
        dialog.open()

    def _return(self) -> None:
        """After unlocking: back to the page (and record) the window showed when it locked."""
        where, self.return_to = self.return_to, None
        if where is None or self.window is None or where[0] not in self.window.pages:
            return
        key, record = where
        self.window.navigate(key, record)

    # ---- language ----------------------------------------------------------------------------

    def switch_language(self, code: str) -> None:
        """Reinstall the translators and rebuild the window, on the same open vault."""
        prefs.LANGUAGE.set(code)
        i18n.install(self.app, code)
        if self.window is None or self.ctx.vault is None:
            return
        from ui.tasks import wait_for_all

        vault = self.ctx.vault
        self.window.clear_pages()
        wait_for_all()
        self.app.setQuitOnLastWindowClosed(False)
        self.window.close()
        self.window.deleteLater()
        self.window = None
        self.open_window(vault)
        self.window.navigate("settings")

    def shutdown(self) -> None:
        self._locking = False  # a pending lock step (_finish_lock) stops here
        dialog, self.unlock_dialog = self.unlock_dialog, None
        if dialog is not None:  # the application ends while locked: the dialog goes with it, quietly
            dialog.finished.disconnect()
            dialog.hide()
            dialog.deleteLater()
        self.close_vault()
        if self.idle is not None:
            self.idle.dispose()
        lock = getattr(self, "instance_lock", None)
        if lock is not None and lock.isLocked():
            lock.unlock()
