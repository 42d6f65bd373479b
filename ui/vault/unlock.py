"""Unlocking a vault: the system keyring first, the recovery passphrase only when that fails.

:func:`unlock_vault` tries ``Vault.open`` in the background (keyring, then
``INSPECTOR_PASSPHRASE`` or the passphrase given); only an
:class:`~inspector.errors.AuthError` brings up :class:`UnlockDialog`. A wrong
passphrase is refused by the core before anything is written, so the dialog
just says so and lets the user try again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from typing import TYPE_CHECKING

from inspector.errors import AuthError, InspectorError
from ui import i18n
from ui.errors import show_error
from ui.tasks import run_in_background
from ui.widgets import palette


if TYPE_CHECKING:
    from inspector.vault import Vault


def _open(path: Path, passphrase: str | None, use_keyring: bool = True) -> Callable[..., "Vault"]:
    def work(progress, cancel) -> "Vault":
        from inspector.vault import Vault  # imported here, on the worker: the window is already up

        return Vault.open(path, passphrase=passphrase, use_keyring=use_keyring)

    return work


class BusyDialog(QDialog):
    """A dialog whose work runs on the worker: while it runs the inputs (:meth:`busy_widgets`) are disabled, the
    cursor is busy, and closing waits — the vault or hub it opens must not be lost."""

    _busy = False

    def busy_widgets(self) -> tuple[QWidget, ...]:
        return ()

    def _update_ok(self) -> None:
        """Enable the dialog's OK as its inputs and :attr:`_busy` allow."""

    def reject(self) -> None:
        if not self._busy:
            super().reject()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for w in self.busy_widgets():
            w.setEnabled(not busy)
        self._update_ok()
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()


class UnlockDialog(BusyDialog):
    """Asks for the recovery passphrase; :attr:`vault` holds the open vault once accepted."""

    unlocked = Signal(object)  # the open Vault, just before the dialog is accepted

    def __init__(self, path: Path, parent: QWidget | None = None, *, use_keyring: bool = True) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.use_keyring = use_keyring
        self.vault: Vault | None = None
        self.error: InspectorError | None = None  # set when an error other than a wrong passphrase ended the dialog
        self._busy = False
        self.setWindowTitle(self.tr("解锁保险库"))
        self.setMinimumWidth(440)

        intro = QLabel((self.tr("系统密钥环中没有此保险库的密钥。请输入恢复口令：\n{path}") if use_keyring
                        else self.tr("保险库已锁定。请输入恢复口令解锁：\n{path}")).format(path=self.path))
        intro.setWordWrap(True)
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setPlaceholderText(self.tr("恢复口令"))
        self.error_label = QLabel()
        self.error_label.setStyleSheet(palette.text_style(palette.WARNING))
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("解锁"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.ok_button.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.passphrase_edit)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        self.passphrase_edit.textChanged.connect(lambda text: self.ok_button.setEnabled(bool(text)))
        self.buttons.accepted.connect(self.try_unlock)
        self.buttons.rejected.connect(self.reject)

    def try_unlock(self) -> None:
        passphrase = self.passphrase_edit.text()
        if not passphrase:
            return
        self._set_busy(True)
        self.error_label.hide()
        run_in_background(self, _open(self.path, passphrase, self.use_keyring), on_success=self._unlocked,
                          on_failure=self._failed)

    def busy_widgets(self) -> tuple[QWidget, ...]:
        return (self.passphrase_edit,)

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(not self._busy and bool(self.passphrase_edit.text()))

    def _unlocked(self, vault: Vault) -> None:
        self._busy = False
        self.vault = vault
        self.unlocked.emit(vault)
        self.accept()

    def _failed(self, err: InspectorError) -> None:
        self.passphrase_edit.clear()
        self._set_busy(False)
        if isinstance(err, AuthError):
            self.error_label.setText(i18n.pick(err.zh, err.en))
            self.error_label.show()
            self.passphrase_edit.setFocus()
            return
        show_error(self, err)
        self.error = err
        self.reject()


def unlock_vault(parent: QWidget | None, path: Path, on_open: Callable[[Vault], None],
                 on_abort: Callable[[InspectorError | None], None], *, passphrase: str | None = None) -> None:
    """Open the vault at ``path``, asking for the passphrase only if needed.

    ``on_open(vault)`` once it is open; ``on_abort(err)`` if it cannot be opened
    (the error was already shown) or ``on_abort(None)`` if the user cancelled.
    """

    def needs_passphrase(err: InspectorError) -> None:
        if not isinstance(err, AuthError):
            show_error(parent, err)
            on_abort(err)
            return
        dialog = UnlockDialog(path, parent)

        def finished(result: int) -> None:
            dialog.deleteLater()
            if result == int(QDialog.DialogCode.Accepted):
                on_open(dialog.vault)
            else:
                on_abort(dialog.error)

        dialog.finished.connect(finished)
        dialog.open()

    run_in_background(parent, _open(Path(path), passphrase), on_success=on_open, on_failure=needs_passphrase)
