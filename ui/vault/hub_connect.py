"""Connecting to the office hub (PostgreSQL, issue 20): the connection profile, the password, TLS verified.

The dialog is filled from a saved profile (``--hub NAME``) or a URL; the password is typed here, or comes from
the OS keyring (never from a file) — and after a lock it must be typed again. Connecting runs on the worker
(:meth:`inspector.hub.store.Hub.open`); a refused login or certificate is said in the dialog, which stays open.

The hub's evidence (:mod:`inspector.hub.evidence`) opens with a key this machine's keyring keeps, or that the hub's
**evidence passphrase** unseals. A machine that never unlocked it opens the hub with the evidence locked: the rest of
the work goes on, and :class:`EvidenceLockNotice` says so in the status bar of every page and offers (once, on
connecting; later by a click) :class:`EvidenceUnlockDialog`, which asks for the passphrase and unlocks the open
hub with it on the worker (:meth:`inspector.hub.store.Hub.unlock_evidence`): nothing is reopened, the window and
its dialogs stay as they are. A wrong passphrase is said in the dialog and changes nothing; unlocked, the shell
tells the pages that show evidence (:meth:`ui.shell.Shell.evidence_unlocked`). "在本机记住" keeps the key in the OS
keyring as ``inspector hub`` does; unticked, it stays in this process's memory only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import AuthError, InspectorError
from ui import i18n
from ui.errors import error_text, show_error
from ui.tasks import run_in_background
from ui.vault.unlock import BusyDialog
from ui.widgets import palette

if TYPE_CHECKING:
    from inspector.hub.connection import HubAddress
    from inspector.hub.store import Hub


def _connect(address: HubAddress, remember: bool, profile: str, use_keyring: bool):
    def work(progress, cancel) -> Hub:
        from inspector.hub import connection
        from inspector.hub.store import Hub

        full = address if address.password or not use_keyring else connection.with_password(address)
        hub = Hub.open(full)
        if remember:
            connection.remember_password(full)
        if profile:
            connection.save_profile(profile, full)
        return hub

    return work


class HubConnectDialog(BusyDialog):
    """Host, port, database, user, the CA certificate and the password; :attr:`hub` once accepted."""

    connected = Signal(object)  # the open Hub, just before the dialog is accepted

    def __init__(self, address: HubAddress | None = None, parent: QWidget | None = None, *,
                 use_keyring: bool = True, profile: str = "") -> None:
        super().__init__(parent)
        self.hub: Hub | None = None
        self.error: InspectorError | None = None
        self.use_keyring = use_keyring
        self._busy = False
        self.setWindowTitle(self.tr("连接办公室集中库"))
        self.setMinimumWidth(520)

        intro = QLabel(self.tr("办公室集中库是一个 PostgreSQL 数据库，多位工作人员可同时使用。连接全程加密（TLS），"
                               "并校验服务器证书。") if use_keyring else
                       self.tr("Inspector 已锁定。请重新输入集中库密码："))
        intro.setWordWrap(True)
        self.host_edit = QLineEdit(address.host if address else "")
        self.port_spin = QSpinBox()
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(address.port if address else 5432)
        self.database_edit = QLineEdit(address.database if address else "inspector")
        self.user_edit = QLineEdit(address.user if address else "")
        self.ca_edit = QLineEdit(address.ca_file if address else "")
        self.ca_edit.setPlaceholderText(self.tr("留空则使用系统信任的证书颁发机构"))
        browse = QPushButton(self.tr("浏览…"))
        browse.clicked.connect(self._browse)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_edit, 1)
        ca_row.addWidget(browse)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("留空则使用系统密钥环中保存的密码") if use_keyring
                                              else self.tr("密码"))
        self.remember_check = QCheckBox(self.tr("在系统密钥环中记住密码"))
        self.remember_check.setVisible(use_keyring)
        self.profile_edit = QLineEdit(profile)
        self.profile_edit.setPlaceholderText(self.tr("可选：保存为连接配置的名称（不含密码）"))
        self.profile_edit.setVisible(use_keyring)
        for edit in (self.host_edit, self.database_edit, self.user_edit, self.ca_edit):
            edit.setEnabled(use_keyring)
        self.port_spin.setEnabled(use_keyring)
        browse.setEnabled(use_keyring)

        form = QFormLayout()
        form.addRow(self.tr("服务器"), self.host_edit)
        form.addRow(self.tr("端口"), self.port_spin)
        form.addRow(self.tr("数据库"), self.database_edit)
        form.addRow(self.tr("用户名"), self.user_edit)
        form.addRow(self.tr("CA 证书"), ca_row)
        form.addRow(self.tr("密码"), self.password_edit)
        form.addRow("", self.remember_check)
        if use_keyring:
            form.addRow(self.tr("连接配置"), self.profile_edit)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(palette.text_style(palette.WARNING))
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("连接"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        for edit in (self.host_edit, self.database_edit, self.user_edit, self.password_edit):
            edit.textChanged.connect(self._update_ok)
        self.buttons.accepted.connect(self.try_connect)
        self.buttons.rejected.connect(self.reject)
        self._update_ok()
        (self.password_edit if address else self.host_edit).setFocus()

    def _browse(self) -> None:
        from ui.widgets import files

        path = files.open_file(self, "hub-ca", self.tr("选择 CA 证书"),
                               self.tr("证书 (*.pem *.crt *.cer);;所有文件 (*)"))
        if path is not None:
            self.ca_edit.setText(str(path))

    def _update_ok(self) -> None:
        filled = all(e.text().strip() for e in (self.host_edit, self.database_edit, self.user_edit))
        needs_password = not self.use_keyring
        self.ok_button.setEnabled(filled and not self._busy and (bool(self.password_edit.text()) or not needs_password))

    def address(self) -> HubAddress:
        from inspector.hub.connection import HubAddress

        return HubAddress(host=self.host_edit.text().strip(), database=self.database_edit.text().strip(),
                          user=self.user_edit.text().strip(), port=self.port_spin.value(),
                          ca_file=self.ca_edit.text().strip(), password=self.password_edit.text())

    def try_connect(self) -> None:
        if not self.ok_button.isEnabled():
            return
        self._set_busy(True)
        self.error_label.hide()
        run_in_background(self, _connect(self.address(), self.remember_check.isChecked(),
                                         self.profile_edit.text().strip(), self.use_keyring),
                          on_success=self._connected, on_failure=self._failed)

    def busy_widgets(self) -> tuple[QWidget, ...]:
        return (self.password_edit, self.remember_check)

    def _connected(self, hub: Hub) -> None:
        self._busy = False
        self.hub = hub
        self.connected.emit(hub)
        self.accept()

    def _failed(self, err: InspectorError) -> None:
        self.password_edit.clear()
        self._set_busy(False)
        if isinstance(err, AuthError) or type(err).__name__ == "HubUnreachable":
            self.error_label.setText(i18n.pick(err.zh, err.en))
            self.error_label.show()
            self.password_edit.setFocus()
            return
        show_error(self, err)
        self.error = err
        self.reject()



# ---- the hub's evidence, locked on this machine ---------------------------------------------------------


def evidence_locked(db) -> bool:
    """``db`` is a hub whose evidence this machine cannot read (no key in the keyring, no passphrase given)."""
    store = getattr(db, "evidence", None) if getattr(db, "address", None) is not None else None
    return store is not None and not getattr(store, "unlocked", True)


def _unlock_evidence(hub: Hub, passphrase: str, remember: bool):
    def work(progress, cancel) -> bool:
        """The open hub's evidence unlocked (a wrong passphrase: AuthError, nothing changed); False if it has no
        evidence key to unlock."""
        return hub.unlock_evidence(passphrase, remember=remember)

    return work


class EvidenceUnlockDialog(BusyDialog):
    """The hub's evidence passphrase, and whether this machine keeps the key: accepted, the open hub's evidence is
    unlocked (:meth:`inspector.hub.store.Hub.unlock_evidence`; nothing reopened, the window and its dialogs stay).
    Cancelled, nothing changes: the hub stays open, its evidence locked."""

    unlocked = Signal()  # the evidence unlocked, just before the dialog is accepted

    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self._busy = False
        self.setWindowTitle(self.tr("解锁集中库证据"))
        self.setMinimumWidth(480)
        intro = QLabel(self.tr("本机还没有解锁集中库的证据文件：证据暂时不能查看或添加，其他工作不受影响。"
                               "输入办公室管理员提供的集中库证据口令即可解锁；也可以稍后点击状态栏中的“证据已锁定”再解锁。"))
        intro.setWordWrap(True)
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setPlaceholderText(self.tr("集中库证据口令"))
        self.remember_check = QCheckBox(self.tr("在本机记住"))
        self.remember_check.setChecked(True)
        remember_hint = QLabel(self.tr("保存在系统密钥环中，下次连接无需再输入。"))
        remember_hint.setWordWrap(True)
        remember_hint.setStyleSheet(palette.text_style(palette.MUTED))
        self.error_label = QLabel()
        self.error_label.setStyleSheet(palette.text_style(palette.WARNING))
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("解锁"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("稍后"))
        form = QFormLayout()
        form.addRow(self.tr("证据口令"), self.passphrase_edit)
        form.addRow("", self.remember_check)
        form.addRow("", remember_hint)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # the wrapped texts keep their height
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.passphrase_edit.textChanged.connect(self._update_ok)
        self.buttons.accepted.connect(self.try_unlock)
        self.buttons.rejected.connect(self.reject)
        self._update_ok()
        self.passphrase_edit.setFocus()

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(bool(self.passphrase_edit.text()) and not self._busy)

    def try_unlock(self) -> None:
        if not self.ok_button.isEnabled():
            return
        self._set_busy(True)
        self.error_label.hide()
        run_in_background(self, _unlock_evidence(self.hub, self.passphrase_edit.text(),
                                                 self.remember_check.isChecked()),
                          on_success=self._unlocked, on_failure=self._failed, label=self.tr("正在解锁证据…"))

    def busy_widgets(self) -> tuple[QWidget, ...]:
        return (self.passphrase_edit, self.remember_check)

    def _unlocked(self, unlocked: bool) -> None:
        if not unlocked:
            self.passphrase_edit.clear()
            self._set_busy(False)
            self.error_label.setText(self.tr("该集中库没有可用证据口令解锁的证据密钥，请联系办公室管理员。"))
            self.error_label.show()
            return
        self._busy = False
        self.unlocked.emit()
        self.accept()

    def _failed(self, err: InspectorError) -> None:
        self.passphrase_edit.clear()
        self._set_busy(False)
        self.error_label.setText(error_text(err))  # Chinese, then English: nothing was changed
        self.error_label.show()
        self.passphrase_edit.setFocus()


class EvidenceLockNotice(QPushButton):
    """证据已锁定, at the right of the main window's status bar while the hub's evidence is locked here: what it
    means in the tooltip; a click asks for the evidence passphrase (:class:`EvidenceUnlockDialog`)."""

    unlocked = Signal()  # the hub's evidence unlocked

    def __init__(self, hub: Hub, window: QWidget) -> None:
        super().__init__(window)
        self.hub = hub
        self.dialog: EvidenceUnlockDialog | None = None
        self.setText(self.tr("证据已锁定"))
        self.setToolTip(self.tr("本机还没有解锁集中库的证据文件：证据不能查看或添加。点击输入集中库证据口令。"))
        self.setFlat(True)
        self.setStyleSheet(palette.text_style(palette.AMBER_TEXT))
        self.clicked.connect(self.ask)
        window.statusBar().addPermanentWidget(self)

    def ask(self) -> EvidenceUnlockDialog:
        """The passphrase dialog (window-modal; 稍后 leaves everything as it is)."""
        if self.dialog is not None and self.dialog.isVisible():
            return self.dialog
        dialog = EvidenceUnlockDialog(self.hub, self.window())
        dialog.unlocked.connect(self._unlocked)
        dialog.finished.connect(lambda _result: self._closed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _closed(self, dialog: EvidenceUnlockDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _unlocked(self) -> None:
        self.hide()
        self.unlocked.emit()
