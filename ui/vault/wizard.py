"""First run: create the encrypted vault, say who uses it and for which organisation.

Nothing is written before 完成 (Finish). Then, on the worker thread, the vault
is created (``create_vault``: Argon2id, SQLCipher, the default checklist), and
in one session the inspector's identity, the organisation's name and the
document-number pattern are stored, and — unless the inspector unticked it on
the identity page — their signing identity is created
(:func:`inspector.signing.identity.create_identity`, as 设置 → 创建签名身份 does),
so records and notices can be signed from the first day. If any of it fails,
the vault files are removed (``create_vault`` cleans up its own failures) and
the wizard stays open with the message.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from inspector import ops
from inspector.crypto.keyfile import KdfParams
from inspector.errors import BadInputError, InspectorError
from inspector.services import settings
from inspector.services.setup import create_vault
from inspector.vault import Vault, VaultSession, remove_vault_files
from ui.tasks import run_in_background
from ui.vault.passphrase import PassphraseFields
from ui.widgets import palette
from ui.widgets.fields import MessageLabel


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class WelcomePage(QWizardPage):
    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("欢迎使用 Inspector"))
        self.setSubTitle(self.tr("政务数据安全监督检查"))
        layout = QVBoxLayout(self)
        layout.addWidget(_wrapped(self.tr(
            "Inspector 陪伴检查人员完成监督检查的全过程：安排部署、自查评估、实地检查、整改提高。")))
        layout.addWidget(_wrapped(self.tr(
            "它完全离线工作，不会连接任何网络。所有数据——包括草稿和证据——都保存在本机一个加密的保险库中。")))
        layout.addWidget(_wrapped(self.tr("接下来只需几步：设置恢复口令，填写您的身份和单位信息。")))
        layout.addSpacing(12)
        self.path_label = _wrapped(self.tr("保险库位置：{path}").format(path=path))
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.path_label.setStyleSheet(palette.text_style(palette.SECONDARY))
        layout.addWidget(self.path_label)
        layout.addStretch(1)


class PassphrasePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("恢复口令"))
        self.setSubTitle(self.tr("平时由系统密钥环自动解锁；换电脑或密钥环丢失时，需要用恢复口令打开保险库。"))
        self.fields = PassphraseFields()
        self.message = MessageLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.fields)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.fields.changed.connect(self.message.clear_message)

    def validatePage(self) -> bool:
        problem = self.fields.problem()
        if problem:
            self.message.show_error(problem)
            return False
        return True


class IdentityPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("检查人员身份"))
        self.setSubTitle(self.tr("您的姓名和执法证号会写入检查记录和审计日志。"))
        self.name_edit = QLineEdit()
        self.badge_edit = QLineEdit()
        self.badge_edit.setPlaceholderText(self.tr("例如：晋执 14050001"))
        self.organisation_edit = QLineEdit(settings.ORG_NAME.default)
        self.message = MessageLabel()
        # the signing identity, offered here (skippable): created with the vault, as Settings would create it
        self.signing_check = QCheckBox(self.tr("同时创建我的签名身份（推荐）"))
        self.signing_check.setChecked(True)
        self.signing_note = _wrapped("")
        self.signing_note.setStyleSheet(palette.text_style(palette.SECONDARY))
        form = QFormLayout(self)
        form.addRow(self.tr("姓名："), self.name_edit)
        form.addRow(self.tr("执法证号："), self.badge_edit)
        form.addRow(self.tr("所在单位："), self.organisation_edit)
        form.addRow("", self.message)
        form.addRow(self.tr("签名身份："), self.signing_check)
        form.addRow("", self.signing_note)
        self.name_edit.textChanged.connect(self.message.clear_message)
        for edit in (self.name_edit, self.organisation_edit):
            edit.textChanged.connect(self._update_signing_note)
        self.signing_check.toggled.connect(self._update_signing_note)
        self._update_signing_note()

    def _update_signing_note(self, *args: object) -> None:
        """What the identity is for and whose name its certificate carries; what skipping it means."""
        if not self.signing_check.isChecked():
            self.signing_note.setText(self.tr("暂不创建。以后可在“设置 → 签名身份与信任证书”中创建；"
                                              "在此之前无法对文书和交换文件签名。"))
            return
        name = self.name_edit.text().strip() or self.tr("您的姓名")
        org = self.organisation_edit.text().strip()
        holder = self.tr("{name}（{organisation}）").format(name=name, organisation=org) if org else name
        self.signing_note.setText(self.tr(
            "用于对现场检查记录、整改通知书和交换文件进行数字签名。密钥只保存在加密保险库中；"
            "证书上的名称为：{holder}。").format(holder=holder))

    def create_signing_identity(self) -> bool:
        return self.signing_check.isChecked()

    def validatePage(self) -> bool:
        if not self.name_edit.text().strip():
            self.message.show_error(self.tr("请填写检查人员姓名。"))
            self.name_edit.setFocus()
            return False
        return True


class OrganisationPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("单位设置"))
        self.setSubTitle(self.tr("印在整改通知书等文书上；以后可在“设置”中修改。"))
        self.org_edit = QLineEdit(settings.ORG_NAME.default)
        self.pattern_edit = QLineEdit(settings.DOC_NUMBER_PATTERN.default)
        self.example_label = QLabel()
        self.message = MessageLabel()
        help_label = _wrapped(self.tr("{year} 填入年份，{serial} 填入当年的序号（必填）。"))
        help_label.setStyleSheet(palette.text_style(palette.SECONDARY))
        form = QFormLayout(self)
        form.addRow(self.tr("单位名称："), self.org_edit)
        form.addRow(self.tr("文号格式："), self.pattern_edit)
        form.addRow("", help_label)
        form.addRow(self.tr("示例："), self.example_label)
        form.addRow("", self.message)
        self.pattern_edit.textChanged.connect(self.update_example)
        self.org_edit.textChanged.connect(self.message.clear_message)
        self.update_example()

    def update_example(self) -> bool:
        try:
            example = settings.check_number_pattern(self.pattern_edit.text())
        except BadInputError as err:
            self.example_label.setText("—")
            self.message.show_error(err)
            return False
        self.example_label.setText(example)
        self.message.clear_message()
        return True

    def validatePage(self) -> bool:
        if not self.update_example():
            return False
        if not self.org_edit.text().strip():
            self.message.show_error(self.tr("请填写单位名称。"))
            return False
        return True


def _create(path: Path, passphrase: str, identity: tuple[str, str, str], org: str, pattern: str,
            kdf: KdfParams | None, use_keyring: bool, signing: bool = False) -> Vault:
    """Runs on the worker: the vault, then identity, settings and (``signing``) the signing identity in one
    write; no half vault is left."""
    vault = create_vault(path, passphrase, kdf=kdf, use_keyring=use_keyring)

    def first_settings(s: VaultSession) -> None:
        settings.set_identity(s, *identity)
        settings.put(s, settings.ORG_NAME, org)
        settings.put(s, settings.DOC_NUMBER_PATTERN, pattern)
        if signing:  # the same core service as 设置 → 创建签名身份
            from inspector.signing.identity import create_identity

            create_identity(s, None)

    try:
        ops.write(vault, first_settings)
    except BaseException:
        vault.close()
        remove_vault_files(path)
        raise
    return vault


class FirstRunWizard(QWizard):
    """Creates the vault at ``path``; emits :attr:`vault_created` with the open :class:`Vault`, then accepts."""

    vault_created = Signal(object)

    def __init__(self, path: Path, parent: QWidget | None = None, *, kdf: KdfParams | None = None,
                 use_keyring: bool = True) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.kdf = kdf
        self.use_keyring = use_keyring
        self.vault: Vault | None = None
        self.error: InspectorError | None = None
        self._busy = False
        self.setWindowTitle(self.tr("Inspector — 首次使用"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        for button, text in ((QWizard.WizardButton.NextButton, self.tr("下一步")),
                             (QWizard.WizardButton.BackButton, self.tr("上一步")),
                             (QWizard.WizardButton.FinishButton, self.tr("创建保险库")),
                             (QWizard.WizardButton.CancelButton, self.tr("取消"))):
            self.setButtonText(button, text)
        self.welcome_page = WelcomePage(self.path)
        self.passphrase_page = PassphrasePage()
        self.identity_page = IdentityPage()
        self.organisation_page = OrganisationPage()
        self.status_label = MessageLabel()
        self.organisation_page.layout().addRow("", self.status_label)
        for page in (self.welcome_page, self.passphrase_page, self.identity_page, self.organisation_page):
            self.addPage(page)
        self.resize(640, 500)

    def accept(self) -> None:
        """Finish: create the vault in the background (the dialog closes once it exists)."""
        if self.vault is not None:
            super().accept()
            return
        if self._busy:
            return
        if not self.validateCurrentPage():  # the earlier pages checked themselves when left
            return
        identity = (self.identity_page.name_edit.text(), self.identity_page.badge_edit.text(),
                    self.identity_page.organisation_edit.text())
        args = (self.path, self.passphrase_page.fields.passphrase(), identity,
                self.organisation_page.org_edit.text().strip(), self.organisation_page.pattern_edit.text(),
                self.kdf, self.use_keyring, self.identity_page.create_signing_identity())
        self._set_busy(True)
        self.status_label.show_note(self.tr("正在创建加密保险库…"))
        run_in_background(self, lambda progress, cancel: _create(*args), self._created, self._failed)

    def reject(self) -> None:
        if not self._busy:
            super().reject()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for button in (QWizard.WizardButton.BackButton, QWizard.WizardButton.FinishButton,
                       QWizard.WizardButton.CancelButton):
            self.button(button).setEnabled(not busy)
        self.organisation_page.setEnabled(not busy)
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def _created(self, vault: Vault) -> None:
        self._set_busy(False)
        self.vault = vault
        self.vault_created.emit(vault)
        super().accept()

    def _failed(self, err: InspectorError) -> None:
        self._set_busy(False)
        self.error = err
        self.status_label.show_error(err)
