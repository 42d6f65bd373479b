"""设置 — this machine's preferences, the vault's settings, the documents' 版记/附注 defaults and the office's
seal (:mod:`ui.settings.documents`), the inspector's identity, signing identities and trust
(:mod:`ui.settings.signing`), the destruction requests a second person decides (:mod:`ui.evidence.destruction`),
passphrase, backups.

Preferences of this machine (auto-lock delay, language) are kept with QSettings
(:mod:`ui.prefs`); the organisation, the document-number pattern and the
identity live in the vault (:mod:`inspector.services.settings`), so they travel
with it. Everything saves as it is edited, like the other forms; the form is
read when the page is first shown and never reloaded under the user's typing
(only this page writes these settings) — a change of the signing area elsewhere
(a sender trusted on the sync page) reloads the trust list alone. A backup is a
``ctx.write`` (it adds to the vault's audit trail); a restore is a ``ctx.read``
that leaves the open vault alone: it always makes a *new* vault file and never
overwrites anything. The file dialogs are module functions so tests can replace
them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import BadInputError, InspectorError
from inspector.model import Area
from inspector.services import maintenance, settings
from inspector.services.settings import IDENTITY_FIELDS
from inspector.timezones import china_today
from ui import prefs
from ui.context import AppContext
from ui.evidence.destruction import DestructionSettings
from ui.settings.documents import DocumentSettings
from ui.settings.signing import SigningSettings
from ui.vault.passphrase import ChangePassphraseDialog
from ui.widgets import files, palette
from ui.widgets.fields import MessageLabel
from ui.widgets.page import Page

if TYPE_CHECKING:
    from inspector.changes import Changes
    from inspector.vault import VaultSession

BACKUP_SUFFIX = ".inspector-backup"


# ---- replaceable in tests ------------------------------------------------------------------


def choose_backup_target(parent: QWidget, suggested: Path) -> Path | None:
    """Where to write a new backup (an existing file is refused by the core, never overwritten)."""
    return files.save_file(
        parent, "backup", QCoreApplication.translate("SettingsPage", "备份到"), suggested.name,
        QCoreApplication.translate("SettingsPage", "Inspector 备份 (*.inspector-backup);;所有文件 (*)"),
        confirm_overwrite=False)


def choose_backup_file(parent: QWidget) -> Path | None:
    return files.open_file(
        parent, "backup", QCoreApplication.translate("SettingsPage", "选择备份文件"),
        QCoreApplication.translate("SettingsPage", "Inspector 备份 (*.inspector-backup);;所有文件 (*)"))


def choose_restore_location(parent: QWidget, suggested: Path) -> Path | None:
    """Where the restored vault goes: a new file name."""
    return files.save_file(
        parent, "restore", QCoreApplication.translate("SettingsPage", "恢复为新的保险库"), suggested.name,
        QCoreApplication.translate("SettingsPage", "保险库 (*.vault)"), confirm_overwrite=False)


def ask_backup_passphrase(parent: QWidget) -> str | None:
    text, ok = QInputDialog.getText(
        parent, QCoreApplication.translate("SettingsPage", "恢复口令"),
        QCoreApplication.translate("SettingsPage", "请输入制作该备份时有效的恢复口令："), QLineEdit.EchoMode.Password)
    return text if ok and text else None


# ---- the page --------------------------------------------------------------------------------


def load_settings(s: VaultSession) -> settings.VaultSettings:
    """The vault's settings (on the worker)."""
    return settings.current(s)


class SettingsPage(Page):
    key = "settings"
    areas = frozenset({Area.SIGNING, Area.EVIDENCE})
    """The areas this page follows, for its trust list and its destruction requests alone (see :meth:`on_written`)."""
    auto_lock_changed = Signal(int)   # minutes, already saved in prefs.AUTO_LOCK_MINUTES
    backup_done = Signal(object)      # Path of the new backup
    restore_done = Signal(object)     # Path of the restored (new) vault

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._saved: dict[str, Any] = {}
        self.passphrase_dialog: ChangePassphraseDialog | None = None
        self._loaded = False

        # this machine
        self.auto_lock_spin = QSpinBox()
        self.auto_lock_spin.setRange(1, 120)
        self.auto_lock_spin.setSuffix(self.tr(" 分钟"))
        self.auto_lock_spin.setValue(max(1, min(120, prefs.AUTO_LOCK_MINUTES.get())))
        self.language_combo = QComboBox()
        for code, label in prefs.LANGUAGES.items():
            self.language_combo.addItem(label, code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(prefs.LANGUAGE.get())))
        machine = QGroupBox(self.tr("本机偏好"))
        form = QFormLayout(machine)
        form.addRow(self.tr("无操作自动锁定："), self.auto_lock_spin)
        form.addRow(self.tr("界面语言："), self.language_combo)

        # the vault's settings
        self.org_edit = QLineEdit()
        self.pattern_edit = QLineEdit()
        self.example_label = QLabel()
        self.org_message = MessageLabel()
        org = QGroupBox(self.tr("单位设置（随保险库保存）"))
        form = QFormLayout(org)
        form.addRow(self.tr("单位名称："), self.org_edit)
        form.addRow(self.tr("文号格式："), self.pattern_edit)
        form.addRow(self.tr("示例："), self.example_label)
        form.addRow("", self.org_message)

        # identity
        self.identity_edits = {f: QLineEdit() for f in IDENTITY_FIELDS}
        self.identity_message = MessageLabel()
        identity = QGroupBox(self.tr("检查人员身份"))
        form = QFormLayout(identity)
        for f, label in zip(IDENTITY_FIELDS, (self.tr("姓名："), self.tr("执法证号："), self.tr("所在单位："),
                                              self.tr("联系电话："))):
            form.addRow(label, self.identity_edits[f])
        form.addRow("", self.identity_message)

        # passphrase, backup, restore
        self.vault_label = QLabel()
        self.vault_label.setWordWrap(True)
        self.change_passphrase_button = QPushButton(self.tr("更改恢复口令…"))
        self.backup_button = QPushButton(self.tr("立即备份…"))
        self.restore_button = QPushButton(self.tr("从备份恢复…"))
        self.progress_label = QLabel()
        self.security_message = MessageLabel()
        security = QGroupBox(self.tr("恢复口令与备份"))
        box = QVBoxLayout(security)
        box.addWidget(self.vault_label)
        buttons = QHBoxLayout()
        for b in (self.change_passphrase_button, self.backup_button, self.restore_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        box.addLayout(buttons)
        note = QLabel(self.tr(
            "备份文件是加密的，恢复时需要制作备份时的恢复口令。恢复总是生成一个新的保险库文件，不会覆盖任何文件。"))
        note.setWordWrap(True)
        note.setStyleSheet(palette.text_style(palette.SECONDARY))
        box.addWidget(note)
        box.addWidget(self.progress_label)
        box.addWidget(self.security_message)
        self.security_box, self.security_note = security, note

        content = QWidget()
        column = QVBoxLayout(content)
        top = QHBoxLayout()
        top.addWidget(machine, 1)
        top.addWidget(org, 2)
        column.addLayout(top)
        self.documents = DocumentSettings(ctx)
        column.addWidget(self.documents)
        column.addWidget(identity)
        self.signing = SigningSettings(ctx)
        column.addWidget(self.signing)
        self.destructions = DestructionSettings(ctx)
        column.addWidget(self.destructions)
        column.addWidget(security)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self.auto_lock_spin.valueChanged.connect(self._auto_lock)
        self.language_combo.currentIndexChanged.connect(self._language)
        self.pattern_edit.textChanged.connect(self._pattern_example)
        self.org_edit.editingFinished.connect(self.save_org)
        self.pattern_edit.editingFinished.connect(self.save_org)
        for edit in self.identity_edits.values():
            edit.editingFinished.connect(self.save_identity)
        self.change_passphrase_button.clicked.connect(self.open_passphrase_dialog)
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self.restore)

    def title(self) -> str:
        return self.tr("设置")

    def subtitle(self) -> str:
        return self.tr("修改会自动保存。")

    def on_written(self, changes: Changes, initiator: QWidget | None) -> None:
        """Only the trust list follows changes made elsewhere (a sender trusted on the sync page).

        The form is never reloaded: only this page writes these settings, and reloading under the
        user's typing would hurt. The signing box reloads itself after its own writes.
        """
        if self.ctx.vault is None or self.stale:
            return
        if Area.SIGNING in changes and initiator is not self.signing:
            self.signing.reload()
        if Area.EVIDENCE in changes and initiator is not self.destructions:
            self.destructions.reload()

    def activate(self, argument: object = None) -> None:
        vault = self.ctx.vault
        if vault is None or not self.stale:
            return
        self.stale = False
        hub = getattr(vault, "address", None) is not None
        for b in (self.change_passphrase_button, self.backup_button, self.restore_button):
            b.setVisible(not hub)  # the hub is backed up by PostgreSQL (docs/hub.md); it has no recovery passphrase
        if hub:
            self.security_box.setTitle(self.tr("办公室集中库"))
            self.vault_label.setText(self.tr("集中库：{name}").format(name=vault.where))
            self.security_note.setText(self.tr("集中库是办公室的 PostgreSQL 数据库，由信息化部门按 docs/hub.md 备份"
                                               "（pg_dump、时间点恢复、热备）。证据文件在库中加密保存，其密钥由集中库证据口令保护。"))
        else:
            self.vault_label.setText(self.tr("保险库：{path}").format(path=vault.path))
        self.ctx.read(self, load_settings, self.show_settings, key="settings")
        self.signing.reload()
        self.destructions.reload()

    def show_settings(self, values: settings.VaultSettings) -> None:
        self._saved = {"org_name": values.org_name, "pattern": values.pattern, **values.identity}
        for widget, value in ((self.org_edit, values.org_name), (self.pattern_edit, values.pattern),
                              *((self.identity_edits[f], values.identity[f]) for f in IDENTITY_FIELDS)):
            widget.blockSignals(True)
            widget.setText(value)
            widget.blockSignals(False)
        self._pattern_example()
        self._loaded = True
        self.documents.show_values(values)

    # ---- this machine ------------------------------------------------------------------------

    def _auto_lock(self, minutes: int) -> None:
        prefs.AUTO_LOCK_MINUTES.set(minutes)
        self.auto_lock_changed.emit(minutes)

    def _language(self) -> None:
        code = self.language_combo.currentData()
        prefs.LANGUAGE.set(code)
        self.ctx.language_changed.emit(code)  # the shell rebuilds the window in that language

    # ---- vault settings and identity ---------------------------------------------------------

    def _pattern_example(self) -> bool:
        try:
            self.example_label.setText(settings.check_number_pattern(self.pattern_edit.text()))
        except BadInputError as err:
            self.example_label.setText("—")
            self.org_message.show_error(err)
            return False
        self.org_message.clear_message()
        return True

    def save_org(self) -> None:
        org, pattern = self.org_edit.text().strip(), self.pattern_edit.text()
        if not self._loaded or (org, pattern) == (self._saved["org_name"], self._saved["pattern"]):
            return
        if not org:
            self.org_message.show_error(self.tr("请填写单位名称。"))
            return
        if not self._pattern_example():
            return

        def work(s: VaultSession) -> dict[str, str]:
            settings.put(s, settings.ORG_NAME, org)
            settings.put(s, settings.DOC_NUMBER_PATTERN, pattern)
            return {"org_name": org, "pattern": pattern}

        self.ctx.write(self, work, lambda saved: self._stored(saved, self.org_message),
                       on_failure=self.org_message.show_error)


    def save_identity(self) -> None:
        values = {f: self.identity_edits[f].text().strip() for f in IDENTITY_FIELDS}
        if not self._loaded or all(self._saved[f] == v for f, v in values.items()):
            return

        def work(s: VaultSession) -> dict[str, str]:
            settings.set_identity(s, values["name"], values["badge_no"], values["organisation"], values["phone"])
            return values

        self.ctx.write(self, work, lambda saved: self._stored(saved, self.identity_message),
                       on_failure=self.identity_message.show_error)

    def _stored(self, saved: dict[str, str], message: MessageLabel) -> None:
        """Saved; the write told the other pages what changed (the settings, the inspector)."""
        self._saved.update(saved)
        message.show_note(self.tr("已保存。"))

    # ---- passphrase, backup, restore ---------------------------------------------------------

    def open_passphrase_dialog(self) -> None:
        dialog = ChangePassphraseDialog(self.ctx, self)
        self.passphrase_dialog = dialog
        dialog.passphrase_changed.connect(lambda: self.security_message.show_note(
            self.tr("恢复口令已更改。旧的备份仍需用旧口令恢复。")))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _progress(self, text: str):
        def show(done: int, total: int, _message: str = "") -> None:
            percent = int(done * 100 / total) if total else 0
            self.progress_label.setText(f"{text} {percent}%")
        return show

    def _busy(self, busy: bool) -> None:
        for b in (self.change_passphrase_button, self.backup_button, self.restore_button):
            b.setEnabled(not busy)
        if not busy:
            self.progress_label.setText("")

    def backup_now(self) -> None:
        vault = self.ctx.vault
        if vault is None:
            return
        suggested = vault.path.with_name(f"{vault.path.stem}-{china_today():%Y%m%d}{BACKUP_SUFFIX}")
        target = choose_backup_target(self, suggested)
        if target is None:
            return
        def work(s: VaultSession) -> Path:  # a snapshot of the vault; the backup is recorded in its audit trail
            maintenance.backup(s.vault, target, s.progress, s.cancel)
            return target

        task = self.ctx.write(self, work, self._backed_up, on_failure=self._security_failed,
                              label=self.tr("正在备份保险库…"))
        if task is None:
            return
        self.security_message.clear_message()
        self._busy(True)
        self.progress_label.setText(self.tr("正在备份…"))
        task.progressed.connect(self._progress(self.tr("正在备份…")))

    def _backed_up(self, target: Path) -> None:
        self._busy(False)
        self.security_message.show_note(self.tr("备份已完成：{path}").format(path=target))
        self.backup_done.emit(target)

    def restore(self) -> None:
        vault = self.ctx.vault
        source = choose_backup_file(self)
        if source is None:
            return
        suggested = (vault.path.parent if vault else source.parent) / f"{source.stem}-restored.vault"
        target = choose_restore_location(self, suggested)
        if target is None:
            return
        passphrase = ask_backup_passphrase(self)
        if passphrase is None:
            return

        def work(s: VaultSession) -> Path:
            # A read: the backup becomes a *new* vault file, opened and closed in here; the open vault is
            # neither read nor changed. (As a write, the new vault's own commits — its device id — would be
            # reported as changes of the open one.)
            maintenance.restore(source, target, passphrase, s.progress, s.cancel).close()
            return target

        task = self.ctx.read(self, work, self._restored, on_failure=self._security_failed,
                             label=self.tr("正在检查并恢复备份…"))
        if task is None:
            return
        self.security_message.clear_message()
        self._busy(True)
        self.progress_label.setText(self.tr("正在检查并恢复…"))
        task.progressed.connect(self._progress(self.tr("正在检查并恢复…")))

    def _restored(self, target: Path) -> None:
        self._busy(False)
        self.security_message.show_note(self.tr(
            "备份已检查并恢复为新的保险库：{path}\n当前保险库未作任何更改；要使用恢复的保险库，请用它启动 Inspector。"
        ).format(path=target))
        self.restore_done.emit(target)

    def _security_failed(self, err: InspectorError) -> None:
        self._busy(False)
        self.security_message.show_error(err)

    def clear(self) -> None:
        self.signing.clear()
        self.documents.clear()
        self._loaded = False
        self._saved = {}
        for edit in (self.org_edit, self.pattern_edit, *self.identity_edits.values()):
            edit.blockSignals(True)
            edit.clear()
            edit.blockSignals(False)
        self.example_label.clear()
        self.vault_label.clear()
        self.security_message.clear_message()
        self.stale = True
