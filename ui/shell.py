"""The application's life: first run or unlock, the main window, locking, switching language.

::

    start ─► no vault? ─► first-run wizard ─┐
          └► unlock (keyring, else passphrase) ─► main window ─► lock (Ctrl+L / idle)
                                                     ▲               │
                                                     └── passphrase ◄┘

Locking closes the vault, destroys the main window (so no view keeps any
data) and asks for the recovery passphrase — not the keyring: whoever finds
the laptop unlocked-then-locked must not get in by clicking.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QDialog

from inspector.errors import ExitCode, InspectorError
from inspector.services.demo import DEMO_PASSPHRASE, build_demo
from inspector.vault import Vault
from ui import i18n, prefs
from ui.autolock import IdleWatcher
from ui.context import AppContext
from ui.errors import show_error
from ui.main_window import MainWindow
from ui.tasks import run_in_background, wait_for_all
from ui.unlock import UnlockDialog, unlock_vault

log = logging.getLogger(__name__)

EXIT_AFTER_SHOWN_ENV = "INSPECTOR_EXIT_AFTER_SHOWN"  # benchmarks: print the start-up time and quit
T0_ENV = "INSPECTOR_T0"


class Shell(QObject):
    window_shown = Signal(object)   # the MainWindow
    locked = Signal()

    def __init__(self, app: QApplication, path: Path, *, demo: bool = False) -> None:
        super().__init__()
        self.app = app
        self.path = Path(path)
        self.demo = demo
        self.ctx = AppContext()
        self.window: MainWindow | None = None
        self.unlock_dialog: UnlockDialog | None = None
        self.idle = IdleWatcher(prefs.AUTO_LOCK_MINUTES.get() * 60_000, self)
        self.idle.idle.connect(self.lock)
        self.ctx.lock_requested.connect(self.lock)
        self.ctx.language_changed.connect(self.switch_language)

    # ---- start -------------------------------------------------------------------------------

    def start(self) -> None:
        if self.demo and not self.path.exists():
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            run_in_background(None, lambda progress, cancel: build_demo(self.path, progress=progress),
                              on_success=self._built, on_failure=self._failed)
        elif not self.demo and not self.path.exists():
            self._first_run()
        else:
            unlock_vault(None, self.path, self.open_window, self.abort,
                         passphrase=DEMO_PASSPHRASE if self.demo else None)

    def _first_run(self) -> None:
        from ui.wizard import FirstRunWizard

        wizard = FirstRunWizard(self.path)
        wizard.vault_created.connect(self.open_window)
        wizard.rejected.connect(lambda: self.abort(None))
        self._wizard = wizard
        wizard.show()

    def _built(self, vault: Vault) -> None:
        QApplication.restoreOverrideCursor()
        self.open_window(vault)

    def _failed(self, err: InspectorError) -> None:
        QApplication.restoreOverrideCursor()
        show_error(None, err)
        self.abort(err)

    def abort(self, err: InspectorError | None) -> None:
        self.app.exit(int(err.exit_code) if err is not None else int(ExitCode.OK))

    # ---- the main window ---------------------------------------------------------------------

    def open_window(self, vault: Vault) -> None:
        self.ctx.set_vault(vault)
        prefs.LAST_VAULT.set(str(vault.path))
        self.window = MainWindow(self.ctx)
        self.window.show()
        self.app.setQuitOnLastWindowClosed(True)
        self.idle.set_interval(prefs.AUTO_LOCK_MINUTES.get() * 60_000)
        self.idle.start()
        self.window_shown.emit(self.window)
        if os.environ.get(EXIT_AFTER_SHOWN_ENV):
            self._report_start_time()

    def _report_start_time(self) -> None:
        t0 = float(os.environ.get(T0_ENV, "0") or 0)
        print(f"INSPECTOR_SHOWN_MS={(time.time() - t0) * 1000:.1f}", flush=True)
        self.app.exit(0)

    def close_vault(self) -> None:
        """Flush pending saves, destroy every view, close the vault."""
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
        if self.ctx.vault is None:
            return
        path = self.ctx.vault.path
        self.close_vault()
        self.locked.emit()
        dialog = UnlockDialog(path, use_keyring=False)
        dialog.setWindowTitle(dialog.tr("Inspector 已锁定"))
        self.unlock_dialog = dialog

        def finished(result: int) -> None:
            self.unlock_dialog = None
            dialog.deleteLater()
            if result == int(QDialog.DialogCode.Accepted):
                self.open_window(dialog.vault)
            else:
                self.abort(dialog.error)

        dialog.finished.connect(finished)
        dialog.open()

    # ---- language ----------------------------------------------------------------------------

    def switch_language(self, code: str) -> None:
        """Reinstall the translators and rebuild the window, on the same open vault."""
        prefs.LANGUAGE.set(code)
        i18n.install(self.app, code)
        if self.window is None or self.ctx.vault is None:
            return
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
        self.close_vault()
        self.idle.dispose()
