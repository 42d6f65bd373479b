"""导入交换文件 — choose a bundle, see what it would do, then apply it (all of it or nothing).

:class:`ImportFlow` runs the steps, each on the worker through ``ctx.read`` or ``ctx.write``:

1. **preview** (:func:`inspector.sync.importer.preview`): the signature is
   checked, the bundle decrypted and the merge counted; nothing changes.
   If the sender is not trusted yet, :class:`TrustSenderDialog` shows the
   signer's name and certificate fingerprint and asks for the first 16 hex
   digits as read out by the sender (by phone or in person); once they match,
   :func:`~inspector.sync.importer.trust_sender` adds the certificate (a write:
   the settings page's trust list hears of it) and the preview runs again.
2. :class:`PreviewDialog` shows sender, fingerprint, time, scope, the counts
   table by table and any warning; 导入 or 取消.
3. **import** (:func:`~inspector.sync.importer.import_bundle`, a write that
   reports the areas the bundle changed, so every page showing them reloads)
   with progress and cancel; a cancelled or failed import changes nothing.

Dialogs are opened with ``open()``, never ``exec()``, so tests can drive them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import Cancelled, InspectorError
from inspector.sync.acks import SCOPE as ACK_SCOPE
from ui import i18n
from ui.context import AppContext
from ui.sync.export import SUFFIX, SYNC, SYNC_FOLDER
from ui.sync.models import (
    CONFLICTS,
    K_TABLE,
    NEW,
    UNCHANGED,
    UPDATED,
    CountsModel,
    parse_utc,
    scope_label,
    size_text,
)
from ui.widgets import files, palette
from ui.widgets.fields import MessageLabel
from ui.widgets.labels import datetime_text, zone_text
from ui.widgets.tables import configure_table

AMBER_BOX = (f"background: {palette.AMBER_BACKGROUND}; color: {palette.AMBER_DARK}; "
             f"border: 1px solid {palette.AMBER_BORDER}; border-radius: 4px; padding: 8px;")
TRUSTED_STYLE = palette.text_style(palette.OK)
UNTRUSTED_STYLE = palette.text_style(palette.WARNING)
PREFIX_DIGITS = 16


def choose_bundle_file(parent: QWidget) -> Path | None:
    """Replaceable in tests."""
    title = QCoreApplication.translate("SyncImport", "选择交换文件")
    kinds = QCoreApplication.translate("SyncImport", "交换文件 (*{suffix});;所有文件 (*)").format(suffix=SUFFIX)
    return files.open_file(parent, SYNC, title, kinds)


def pretty(fingerprint: str) -> str:
    """The whole fingerprint as everywhere (:func:`inspector.signing.certs.pretty_fingerprint`,
    ``50EF B565 …``), in two lines of eight groups so it never overflows a dialog."""
    from inspector.signing.certs import pretty_fingerprint

    return pretty_fingerprint(fingerprint, per_line=8)


def hex_digits(text: str) -> str:
    """The hex digits of what was typed or pasted (spaces, colons and dashes ignored), lower-case; "" if other
    characters are there."""
    cleaned = "".join(ch for ch in text if ch not in " :-\t\n")
    return cleaned.lower() if all(ch in "0123456789abcdefABCDEF" for ch in cleaned) else ""


# ---- 1. an untrusted sender ---------------------------------------------------------------------


class TrustSenderDialog(QDialog):
    """Trust a bundle's signer only after checking the certificate fingerprint with them."""

    trust_requested = Signal(str)  # the fingerprint as typed; the flow checks it again in the core

    def __init__(self, name: str, fingerprint: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fingerprint = fingerprint
        self.setWindowTitle(self.tr("发送方尚未受信任"))
        self.setMinimumWidth(560)
        self.intro_label = intro = QLabel(self.tr(
            "交换文件由“{name}”签名，但其证书不在本机的信任列表中，所以尚未读取其内容。\n"
            "请通过电话或当面请发送方读出其证书指纹，与下面核对：").format(name=name))
        intro.setWordWrap(True)
        self.fingerprint_label = QLabel(pretty(fingerprint))
        self.fingerprint_label.setWordWrap(True)
        self.fingerprint_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint_label.setStyleSheet("font-family: monospace; font-size: 11pt; padding: 6px;"
                                             f"background: {palette.CODE_BACKGROUND}; border-radius: 4px;")
        ask = QLabel(self.tr("核对无误后，请输入发送方读出的指纹前 16 位（可含空格或冒号，不区分大小写）："))
        ask.setWordWrap(True)
        self.fingerprint_edit = QLineEdit()
        self.fingerprint_edit.setPlaceholderText(self.tr("发送方读出的指纹前 16 位"))
        self.fingerprint_edit.setStyleSheet("font-family: monospace;")
        self.fingerprint_edit.textChanged.connect(self._check)
        self.message = MessageLabel()
        note = QLabel(self.tr("加入信任列表后，本机也将信任该证书签名的文书。如指纹不符，请不要导入该文件。"))
        note.setWordWrap(True)
        note.setStyleSheet(palette.text_style(palette.SECONDARY))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("信任并继续"))
        self.ok_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self._request)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.fingerprint_label)
        layout.addWidget(ask)
        layout.addWidget(self.fingerprint_edit)
        layout.addWidget(self.message)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.fingerprint_edit.setFocus()

    def typed(self) -> str:
        return self.fingerprint_edit.text()

    def _check(self, text: str) -> None:
        digits = hex_digits(text)
        if text.strip() and not digits:
            self.message.show_error(self.tr("指纹只含数字 0–9 和字母 A–F。"))
        elif len(digits) >= PREFIX_DIGITS and not self.fingerprint.startswith(digits):
            self.message.show_error(self.tr("与本文件签名者的证书指纹不符。请再次与发送方核对；如确实不符，请不要导入。"))
        else:
            self.message.clear_message()
        self.ok_button.setEnabled(len(digits) >= PREFIX_DIGITS and self.fingerprint.startswith(digits))

    def _request(self) -> None:
        if self.ok_button.isEnabled():
            self.ok_button.setEnabled(False)
            self.trust_requested.emit(self.typed())

    def refused(self, err: InspectorError) -> None:
        self._check(self.typed())
        self.message.show_error(err)


# ---- 2. the preview --------------------------------------------------------------------------------


def summary_text(preview) -> str:
    """One plain sentence: what importing would do."""
    if preview.already_imported:
        return QCoreApplication.translate("SyncImport", "该交换文件已导入过，再次导入不会作任何更改。")
    text = QCoreApplication.translate("SyncImport", "导入后将新增 {new} 条、更新 {updated} 条记录，{unchanged} 条无变化。").format(
        new=preview.total(NEW), updated=preview.total(UPDATED), unchanged=preview.total(UNCHANGED))
    if preview.total(CONFLICTS):
        text += QCoreApplication.translate("SyncImport", "另有 {n} 条记录在两边都被修改过：本机版本保持不变，"
                                                         "两个版本会并排列出，由您决定。").format(n=preview.total(CONFLICTS))
    return text


class PreviewDialog(QDialog):
    """What a bundle holds and what importing it would do; nothing has changed yet."""

    def __init__(self, preview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(self.tr("导入交换文件 — 预览"))
        self.setMinimumSize(640, 560)
        lead = QLabel(self.tr("请核对以下内容。到目前为止，本机没有作任何更改。"))
        lead.setWordWrap(True)

        self.sender_label = QLabel(preview.sender)
        font = self.sender_label.font()
        font.setBold(True)
        self.sender_label.setFont(font)
        self.trust_label = QLabel()
        if preview.trusted:
            self.trust_label.setText(self.tr("✓ 签名有效，发送方在本机的信任列表中"))
            self.trust_label.setStyleSheet(TRUSTED_STYLE)
        else:
            self.trust_label.setText(self.tr("✗ 发送方不在本机的信任列表中"))
            self.trust_label.setStyleSheet(UNTRUSTED_STYLE)
        self.fingerprint_label = QLabel(pretty(preview.sender_fingerprint))
        self.fingerprint_label.setWordWrap(True)
        self.fingerprint_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint_label.setStyleSheet("font-family: monospace;")
        self.created_label = QLabel(self.tr("{time}（{zone}）").format(
            time=datetime_text(parse_utc(preview.created_at)), zone=zone_text()))
        scope = scope_label(preview.scope)
        if preview.since:
            scope = self.tr("{scope}，仅上次发送后的更改").format(scope=scope)
        self.scope_label = QLabel(scope)
        self.recipients_label = QLabel(self.tr("、").join(preview.recipients))
        self.recipients_label.setWordWrap(True)
        self.blobs_label = QLabel(self.tr("{n} 个（{size}）").format(n=preview.blobs, size=size_text(preview.blob_bytes))
                                  if preview.blobs else self.tr("无"))
        self.file_label = QLabel(Path(preview.path).name)
        self.file_label.setToolTip(preview.path)
        form = QFormLayout()
        form.addRow(self.tr("发送方："), self.sender_label)
        form.addRow(self.tr("签名："), self.trust_label)
        form.addRow(self.tr("证书指纹："), self.fingerprint_label)
        form.addRow(self.tr("生成时间："), self.created_label)
        form.addRow(self.tr("范围："), self.scope_label)
        form.addRow(self.tr("接收方："), self.recipients_label)
        form.addRow(self.tr("证据文件："), self.blobs_label)
        form.addRow(self.tr("文件："), self.file_label)

        self.summary_label = QLabel(summary_text(preview))
        self.summary_label.setWordWrap(True)
        self.summary_label.setFont(font)
        self.counts_model = CountsModel(self)
        self.counts_model.set_counts(preview.counts)
        self.counts_view = QTableView()
        self.counts_view.setModel(self.counts_model)
        configure_table(self.counts_view, K_TABLE)
        self.counts_view.setSelectionMode(QTableView.SelectionMode.NoSelection)
        self.counts_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.counts_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.counts_view.setVisible(bool(preview.counts))

        warnings = [i18n.pick(zh, en) for zh, en in preview.flags]
        if preview.already_imported:
            warnings.insert(0, summary_text(preview))
        self.flags_label = QLabel("\n".join(self.tr("注意：{text}").format(text=w) for w in warnings))
        self.flags_label.setWordWrap(True)
        self.flags_label.setStyleSheet(AMBER_BOX)
        self.flags_label.setVisible(bool(warnings))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText(self.tr("导入"))
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("取消"))
        if preview.already_imported:
            self.import_button.setEnabled(False)
            self.cancel_button.setText(self.tr("关闭"))
            self.cancel_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(lead)
        layout.addLayout(form)
        layout.addSpacing(6)
        layout.addWidget(self.flags_label)
        if not preview.already_imported:
            layout.addWidget(self.summary_label)
        layout.addWidget(self.counts_view, 1)
        if preview.already_imported or not preview.counts:
            layout.addStretch(1)
        layout.addWidget(self.buttons)



# ---- 3. the whole flow --------------------------------------------------------------------------


def imported_text(result) -> str:
    """The page's note after an import."""
    if result.already_imported:
        return QCoreApplication.translate("SyncImport", "该交换文件已导入过，未作任何更改。")
    if result.scope == ACK_SCOPE:  # the office hub says which of this vault's bundles it holds
        if result.acknowledged:
            return QCoreApplication.translate(
                "SyncImport", "已导入 {sender} 的收讫回执：办公室集中库确认已收到本机 {n} 份交换文件（此前未确认）。").format(
                sender=result.sender, n=result.acknowledged)
        return QCoreApplication.translate(
            "SyncImport", "已导入 {sender} 的收讫回执：没有新确认收到的交换文件。").format(sender=result.sender)
    text = QCoreApplication.translate(
        "SyncImport", "已导入 {sender} 的交换文件：新增 {new} 条、更新 {updated} 条记录，{unchanged} 条无变化。").format(
        sender=result.sender, new=result.total(NEW), updated=result.total(UPDATED),
        unchanged=result.total(UNCHANGED))
    if result.total(CONFLICTS):
        text += QCoreApplication.translate("SyncImport", "有 {n} 项冲突待您处理。").format(n=result.total(CONFLICTS))
    if getattr(result, "ack", ""):
        text += QCoreApplication.translate("SyncImport", "给该笔记本的收讫回执已写在同一文件夹：{name}").format(
            name=Path(result.ack).name)
    return text


class ImportFlow(QObject):
    """One import, from the chosen file to the result; the page listens to its signals."""

    trust_asked = Signal(str)        # the signer's name; :attr:`trust_dialog` is open
    trusted = Signal(str)            # the signer's name, now in the trust store
    preview_ready = Signal(object)   # the Preview; :attr:`preview_dialog` is open
    imported = Signal(object)        # the Preview returned by import_bundle (applied, or already imported)
    failed = Signal(object)          # an InspectorError; nothing was changed
    cancelled = Signal()             # the user stopped at some step; nothing was changed
    finished = Signal()              # after any of the last four

    def __init__(self, ctx: AppContext, parent: QWidget, path: Path) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.parent_widget = parent
        self.path = Path(path)
        self.trust_dialog: TrustSenderDialog | None = None
        self.preview_dialog: PreviewDialog | None = None
        self.preview = None
        self.result = None
        self.task = None  # the BackgroundTask of the step under way (its cancel is the progress dialog's)
        self.busy = False
        self.finished.connect(self._done)

    def start(self) -> None:
        SYNC_FOLDER.set(str(self.path.parent))
        self.busy = True
        self._run_preview()

    def _done(self) -> None:
        self.busy = False

    def close(self) -> None:
        """The vault is locking: close what is open (no result will come)."""
        for dialog in (self.trust_dialog, self.preview_dialog):
            if dialog is not None:
                dialog.blockSignals(True)
                dialog.reject()

    def dispose(self) -> None:
        """A finished flow: delete its dialogs and itself."""
        for dialog in (self.trust_dialog, self.preview_dialog):
            if dialog is not None:
                dialog.deleteLater()
        self.deleteLater()

    # ---- preview, and trust when needed --------------------------------------------------------

    def _run_preview(self) -> None:
        path = self.path

        def work(s):
            from inspector.sync import importer

            return importer.preview(s.vault, path, s.cancel)

        self.task = self.ctx.read(self.parent_widget, work, self._previewed, on_failure=self._preview_failed,
                                  label=self.tr("正在检查交换文件…"))

    def _preview_failed(self, err: InspectorError) -> None:
        if getattr(err, "reason", None) == "untrusted":
            self._ask_trust()
        else:
            self._end_failed(err)

    def _ask_trust(self) -> None:
        path = self.path

        def work(s) -> tuple[str, str]:  # the bundle's own signature: nothing of the vault is read
            from inspector.sync import importer

            name, fingerprint, _ = importer.signer_certificate(path)
            return name, fingerprint

        self.ctx.read(self.parent_widget, work, self._show_trust, on_failure=self._end_failed)

    def _show_trust(self, signer: tuple[str, str]) -> None:
        name, fingerprint = signer
        dialog = TrustSenderDialog(name, fingerprint, self.parent_widget)
        dialog.trust_requested.connect(self._trust)
        dialog.rejected.connect(self._end_cancelled)
        self.trust_dialog = dialog
        dialog.open()
        self.trust_asked.emit(name)

    def _trust(self, typed: str) -> None:
        path, dialog = self.path, self.trust_dialog
        if dialog is None:
            return

        def work(s) -> str:
            from inspector.sync import importer

            return importer.trust_sender(s.vault, path, typed)

        def done(name: str) -> None:
            dialog.blockSignals(True)  # accepted: not a cancel
            dialog.accept()
            self.trusted.emit(name)
            self._run_preview()

        self.ctx.write(dialog, work, done, on_failure=dialog.refused)

    def _previewed(self, preview) -> None:
        self.preview = preview
        dialog = PreviewDialog(preview, self.parent_widget)
        dialog.accepted.connect(self._run_import)
        dialog.rejected.connect(self._end_cancelled)
        self.preview_dialog = dialog
        dialog.open()
        self.preview_ready.emit(preview)

    # ---- the import ------------------------------------------------------------------------------

    def _run_import(self) -> None:
        path = self.path

        def work(s):
            from inspector.sync import importer

            result = importer.import_bundle(s.vault, path, progress=s.progress, cancel=s.cancel)
            if getattr(s.vault, "address", None) is not None and (result.applied or result.already_imported):
                from inspector.hub.ingest import acknowledge  # the hub answers the laptop, beside its bundle

                result.ack = str(acknowledge(s.vault, result.sender_vault_id, result.sender_fingerprint, path.parent))
            return result

        self.task = self.ctx.write(self.parent_widget, work, self._imported, on_failure=self._end_failed,
                                   label=self.tr("正在导入交换文件…"))

    def _imported(self, result) -> None:
        self.result = result  # what the bundle changed reaches every page through the write's changes
        self.imported.emit(result)
        self.finished.emit()

    def _end_failed(self, err: InspectorError) -> None:
        if isinstance(err, Cancelled):
            self._end_cancelled()
            return
        self.failed.emit(err)
        self.finished.emit()

    def _end_cancelled(self) -> None:
        self.cancelled.emit()
        self.finished.emit()
